//! Every peer codec in the comparison round-trips the sample exactly, so that each measures
//! real work on the same value.

use fidlwire_bench::peers::{BINCODE, CODECS, PeerMessage, ProstPeerMessage, encodings};

#[test]
fn every_codec_round_trips_the_sample() {
    let m = PeerMessage::sample();
    let enc = encodings(&m);
    let names: Vec<&str> = enc.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, CODECS);
    for (name, bytes) in &enc {
        let back: PeerMessage = match *name {
            "fidlwire" => fidlwire::decode(bytes).unwrap(),
            "prost" => {
                let p = <ProstPeerMessage as prost::Message>::decode(&bytes[..]).unwrap();
                PeerMessage {
                    id: p.id,
                    name: p.name,
                    payload: p.payload,
                    values: p.values,
                    tags: p.tags,
                }
            }
            "bincode-fixint" => bincode::decode_from_slice(bytes, BINCODE).unwrap().0,
            "postcard" => postcard::from_bytes(bytes).unwrap(),
            "bitcode" => bitcode::decode(bytes).unwrap(),
            "rkyv" => {
                let mut aligned = rkyv::util::AlignedVec::<16>::new();
                aligned.extend_from_slice(bytes);
                rkyv::from_bytes::<PeerMessage, rkyv::rancor::Error>(&aligned).unwrap()
            }
            other => panic!("no decoder for {other}"),
        };
        assert_eq!(back, m, "{name}");
    }
}

#[test]
fn fidlwire_wire_size_is_the_spec_layout() {
    // 64 inline (8 id + 16 name + 16 payload + 16 values + 16 tags = 72)... computed: header
    // fields 8 + 4 × 16 = 72; bodies 32 + 1024 + 1024 + 8 × 16 + 8 × 8 (each tag padded).
    let bytes = fidlwire::to_vec(&PeerMessage::sample()).unwrap();
    assert_eq!(bytes.len(), 72 + 32 + 1024 + 1024 + 128 + 64);
}
