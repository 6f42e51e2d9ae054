//! One realistic message through fidlwire and its peers.
//!
//! `PeerMessage` is a single Rust type carrying every codec's derive, so every codec encodes
//! the same value and every owned decode builds the same value that `clone()` copies (the
//! owned-decode floor). prost needs its own field annotations, hence [`ProstPeerMessage`].
//! Each peer is used in its fastest documented form: encoding into a reused, preallocated
//! buffer, and decoding from a byte slice with validation.

use crate::alloc;
use crate::suite::AllocCount;
use criterion::{BenchmarkGroup, Criterion, Throughput, measurement::WallTime};
use std::hint::black_box;

/// The message of issue 6: `{ id, name (32 B), payload (1 KiB), values (256 × u32),
/// tags (8 × 5 B) }`.
#[derive(
    Debug,
    Clone,
    PartialEq,
    fidlwire::Struct,
    serde::Serialize,
    serde::Deserialize,
    bincode::Encode,
    bincode::Decode,
    bitcode::Encode,
    bitcode::Decode,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct PeerMessage {
    /// An id.
    pub id: u64,
    /// A 32-byte name.
    pub name: String,
    /// 1 KiB of bytes.
    pub payload: Vec<u8>,
    /// 256 numbers.
    pub values: Vec<u32>,
    /// Eight 5-byte tags.
    pub tags: Vec<String>,
}

impl PeerMessage {
    /// The standard instance (the same value as the `fidlwire/PeerMessage` workload).
    pub fn sample() -> PeerMessage {
        PeerMessage {
            id: 0x0123_4567_89ab_cdef,
            name: "fidlwire-benchmark-message-name!".into(),
            payload: (0..1024).map(|i| i as u8).collect(),
            values: (0..256).map(|i| i * 7919).collect(),
            tags: (0..8).map(|i| format!("tag-{i}")).collect(),
        }
    }
}

/// [`PeerMessage`] for prost, which needs field annotations of its own.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ProstPeerMessage {
    /// An id.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// A 32-byte name.
    #[prost(string, tag = "2")]
    pub name: String,
    /// 1 KiB of bytes.
    #[prost(bytes = "vec", tag = "3")]
    pub payload: Vec<u8>,
    /// 256 numbers (packed).
    #[prost(uint32, repeated, tag = "4")]
    pub values: Vec<u32>,
    /// Eight 5-byte tags.
    #[prost(string, repeated, tag = "5")]
    pub tags: Vec<String>,
}

impl From<PeerMessage> for ProstPeerMessage {
    fn from(m: PeerMessage) -> Self {
        ProstPeerMessage {
            id: m.id,
            name: m.name,
            payload: m.payload,
            values: m.values,
            tags: m.tags,
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// bincode's legacy configuration: fixed-width little-endian integers (bincode 1.x format).
pub const BINCODE: bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Fixint,
> = bincode::config::legacy();

/// The name of every codec in [`bench()`] (also the prefix of its benchmark ids).
pub const CODECS: &[&str] = &[
    "fidlwire",
    "prost",
    "bincode-fixint",
    "postcard",
    "bitcode",
    "rkyv",
];

/// Encodes the sample with each codec, returning `(codec, bytes)`.
pub fn encodings(m: &PeerMessage) -> Vec<(&'static str, Vec<u8>)> {
    let mut bincode_buf = vec![0u8; 4096];
    let n = bincode::encode_into_slice(m, &mut bincode_buf, BINCODE).unwrap();
    bincode_buf.truncate(n);
    vec![
        ("fidlwire", fidlwire::to_vec(m).unwrap()),
        (
            "prost",
            prost::Message::encode_to_vec(&ProstPeerMessage::from(m.clone())),
        ),
        ("bincode-fixint", bincode_buf),
        ("postcard", postcard::to_allocvec(m).unwrap()),
        ("bitcode", bitcode::encode(m)),
        (
            "rkyv",
            rkyv::to_bytes::<rkyv::rancor::Error>(m).unwrap().to_vec(),
        ),
    ]
}

/// One criterion group of operations, each also counted for allocations.
pub struct Ops<'c, 'a> {
    g: Option<BenchmarkGroup<'c, WallTime>>,
    group: String,
    allocs: &'a mut Vec<AllocCount>,
    paired: Option<&'a mut Vec<Paired>>,
}

/// A ratio measured by [`Ops::interleave`].
#[derive(Debug, Clone)]
pub struct Paired {
    /// The group (dataset).
    pub group: String,
    /// What is divided by what.
    pub label: &'static str,
    /// Median over rounds of (time of ours ÷ time of theirs).
    pub ratio: f64,
    /// Median ns of ours.
    pub ours_ns: f64,
    /// Median ns of theirs.
    pub theirs_ns: f64,
}

/// A named operation of [`Ops::interleave`].
pub type NamedOp<'f> = (&'static str, Box<dyn FnMut() + 'f>);

/// Rounds of an interleaved pair.
const ROUNDS: usize = 15;
/// Target duration of one sample of one side.
const SAMPLE: std::time::Duration = std::time::Duration::from_millis(15);

impl<'c, 'a> Ops<'c, 'a> {
    /// Group `group` in `c`; with `c = None`, operations are only counted.
    pub fn new(
        c: Option<&'c mut Criterion>,
        group: &str,
        allocs: &'a mut Vec<AllocCount>,
    ) -> Ops<'c, 'a> {
        Ops {
            g: c.map(|c| c.benchmark_group(group)),
            group: group.into(),
            allocs,
            paired: None,
        }
    }

    /// Also measures interleaved pairs into `out` (see [`Ops::interleave`]).
    pub fn with_pairs(mut self, out: &'a mut Vec<Paired>) -> Self {
        self.paired = Some(out);
        self
    }

    /// Measures each `(label, ours, theirs)` of `pairs` over operations of `list` by
    /// alternating the two, sample by sample, and keeps the median of the per-round ratios:
    /// load from other tenants of a shared machine then hits both sides of a round alike,
    /// where two criterion runs minutes apart can differ by 2×. Does nothing unless
    /// [`Ops::with_pairs`] was called.
    pub fn interleave(
        &mut self,
        list: &mut [NamedOp<'_>],
        pairs: &[(&'static str, &'static str, &'static str)],
    ) {
        let Some(out) = self.paired.as_deref_mut() else {
            return;
        };
        let find = |list: &[NamedOp<'_>], id: &str| list.iter().position(|(name, _)| *name == id);
        for &(label, ours, theirs) in pairs {
            let (Some(a), Some(b)) = (find(list, ours), find(list, theirs)) else {
                continue;
            };
            let mut time = |i: usize, n: u64| {
                let t = std::time::Instant::now();
                for _ in 0..n {
                    (list[i].1)();
                }
                t.elapsed().as_secs_f64() * 1e9 / n as f64
            };
            let per_sample = |ns: f64| ((SAMPLE.as_nanos() as f64 / ns.max(1.0)) as u64).max(1);
            let (na, nb) = (per_sample(time(a, 1)), per_sample(time(b, 1)));
            let (mut ratios, mut ta, mut tb) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..ROUNDS {
                let (x, y) = (time(a, na), time(b, nb));
                ratios.push(x / y);
                ta.push(x);
                tb.push(y);
            }
            out.push(Paired {
                group: self.group.clone(),
                label,
                ratio: median(&mut ratios),
                ours_ns: median(&mut ta),
                theirs_ns: median(&mut tb),
            });
        }
    }

    /// Sets the group's throughput (bytes per operation).
    pub fn throughput(&mut self, bytes: usize) {
        if let Some(g) = &mut self.g {
            g.throughput(Throughput::Bytes(bytes as u64));
        }
    }

    /// Ends the group.
    pub fn finish(self) {
        if let Some(g) = self.g {
            g.finish();
        }
    }

    /// Counts the allocations of one warmed-up run of `f`'s routine (reused buffers and side
    /// tables have grown), then times it.
    pub fn op<O>(&mut self, id: &str, mut f: impl FnMut() -> O) {
        drop(f());
        let allocs = alloc::count(&mut f);
        self.record(id, allocs);
        if let Some(g) = &mut self.g {
            g.bench_function(id, |b| b.iter(&mut f));
        }
    }

    /// Like [`Ops::op`] with an untimed per-iteration set-up.
    fn batched<S, O>(
        &mut self,
        id: &str,
        mut setup: impl FnMut() -> S,
        mut f: impl FnMut(&mut S) -> O,
    ) {
        let mut s = setup();
        let allocs = alloc::count(|| f(&mut s));
        self.record(id, allocs);
        if let Some(g) = &mut self.g {
            g.bench_function(id, |b| {
                b.iter_batched_ref(&mut setup, &mut f, crate::suite::BATCH)
            });
        }
    }

    fn record(&mut self, id: &str, allocs: Option<u64>) {
        self.allocs.push(AllocCount {
            group: self.group.clone(),
            op: id.into(),
            allocs,
        });
    }
}

/// Benchmarks the peer message through every codec (group `PeerMessage`; throughput is
/// fidlwire's wire size for every codec, so that times compare directly). With `c = None`,
/// only counts allocations.
///
/// With `pairs`, also returns the ratios of [`PEER_PAIRS`] measured interleaved.
pub fn bench(c: Option<&mut Criterion>, allocs: &mut Vec<AllocCount>, pairs: bool) -> Vec<Paired> {
    let msg = PeerMessage::sample();
    let enc = encodings(&msg);
    let wire = enc[0].1.clone();
    let mut paired = Vec::new();
    let mut ops = Ops::new(c, "PeerMessage", allocs);
    if pairs {
        ops = ops.with_pairs(&mut paired);
    }
    ops.throughput(wire.len());

    // fidlwire
    let (mut bytes, mut handles) = (Vec::with_capacity(wire.len()), Vec::new());
    ops.op("fidlwire/encode", || {
        fidlwire::encode_into(black_box(&msg), &mut bytes, &mut handles).unwrap()
    });
    ops.op("fidlwire/validate", || {
        fidlwire::validate::<PeerMessage>(black_box(&wire)).unwrap()
    });
    ops.batched(
        "fidlwire/view",
        || wire.clone(),
        |buf| fidlwire::view::<PeerMessage>(buf).map(|v| v.id()).unwrap(),
    );
    let mut buf = wire.clone();
    ops.op("fidlwire/view+copy", || {
        buf.copy_from_slice(black_box(&wire));
        fidlwire::view::<PeerMessage>(&mut buf)
            .map(|v| v.id())
            .unwrap()
    });
    ops.op("fidlwire/decode_owned", || {
        fidlwire::decode::<PeerMessage>(black_box(&wire)).unwrap()
    });
    let mut views = fidlwire::ViewBuffer::new();
    ops.op("fidlwire/access", || {
        views
            .view::<PeerMessage>(black_box(&wire))
            .map(|v| v.id())
            .unwrap()
    });

    // prost
    let prost_msg = ProstPeerMessage::from(msg.clone());
    let prost_wire = enc[1].1.clone();
    let mut out = Vec::with_capacity(4096);
    ops.op("prost/encode", || {
        out.clear();
        prost::Message::encode(black_box(&prost_msg), &mut out).unwrap()
    });
    ops.op("prost/decode", || {
        <ProstPeerMessage as prost::Message>::decode(black_box(&prost_wire[..])).unwrap()
    });

    // bincode, legacy (fixint) configuration
    let bincode_wire = enc[2].1.clone();
    let mut slice = vec![0u8; 4096];
    ops.op("bincode-fixint/encode", || {
        bincode::encode_into_slice(black_box(&msg), &mut slice, BINCODE).unwrap()
    });
    ops.op("bincode-fixint/decode", || {
        bincode::decode_from_slice::<PeerMessage, _>(black_box(&bincode_wire), BINCODE).unwrap()
    });

    // postcard
    let postcard_wire = enc[3].1.clone();
    ops.op("postcard/encode", || {
        postcard::to_slice(black_box(&msg), &mut slice)
            .map(|s| s.len())
            .unwrap()
    });
    ops.op("postcard/decode", || {
        postcard::from_bytes::<PeerMessage>(black_box(&postcard_wire)).unwrap()
    });

    // bitcode
    let bitcode_wire = enc[4].1.clone();
    let mut bitcode_buf = bitcode::Buffer::new();
    ops.op("bitcode/encode", || {
        bitcode_buf.encode(black_box(&msg)).len()
    });
    let mut bitcode_buf = bitcode::Buffer::new();
    ops.op("bitcode/decode", || {
        bitcode_buf
            .decode::<PeerMessage>(black_box(&bitcode_wire))
            .unwrap()
    });

    // rkyv
    let mut aligned = rkyv::util::AlignedVec::<16>::with_capacity(4096);
    ops.op("rkyv/serialize", || {
        let mut v = std::mem::take(&mut aligned);
        v.clear();
        aligned =
            rkyv::api::high::to_bytes_in::<_, rkyv::rancor::Error>(black_box(&msg), v).unwrap();
        aligned.len()
    });
    let rkyv_wire = rkyv::to_bytes::<rkyv::rancor::Error>(&msg).unwrap();
    ops.op("rkyv/access", || {
        rkyv::access::<ArchivedPeerMessage, rkyv::rancor::Error>(black_box(&rkyv_wire))
            .map(|a| a.id)
            .unwrap()
    });
    ops.op("rkyv/deserialize", || {
        rkyv::from_bytes::<PeerMessage, rkyv::rancor::Error>(black_box(&rkyv_wire)).unwrap()
    });

    // floors
    let mut dst = vec![0u8; wire.len()];
    ops.op("floor/memcpy", || dst.copy_from_slice(black_box(&wire)));
    ops.op("floor/clone", || black_box(&msg).clone());

    // The targets' pairs, interleaved.
    let (mut bytes, mut handles) = (Vec::with_capacity(wire.len()), Vec::new());
    let mut slice = vec![0u8; 4096];
    let mut views = fidlwire::ViewBuffer::new();
    let mut list: Vec<NamedOp<'_>> = vec![
        (
            "fidlwire/encode",
            Box::new(|| {
                fidlwire::encode_into(black_box(&msg), &mut bytes, &mut handles).unwrap();
            }),
        ),
        (
            "bincode-fixint/encode",
            Box::new(|| {
                black_box(
                    bincode::encode_into_slice(black_box(&msg), &mut slice, BINCODE).unwrap(),
                );
            }),
        ),
        (
            "fidlwire/access",
            Box::new(|| {
                black_box(
                    views
                        .view::<PeerMessage>(black_box(&wire))
                        .map(|v| v.id())
                        .unwrap(),
                );
            }),
        ),
        (
            "rkyv/access",
            Box::new(|| {
                black_box(
                    rkyv::access::<ArchivedPeerMessage, rkyv::rancor::Error>(black_box(&rkyv_wire))
                        .map(|a| a.id)
                        .unwrap(),
                );
            }),
        ),
        (
            "fidlwire/decode_owned",
            Box::new(|| {
                black_box(fidlwire::decode::<PeerMessage>(black_box(&wire)).unwrap());
            }),
        ),
        (
            "floor/clone",
            Box::new(|| {
                black_box(black_box(&msg).clone());
            }),
        ),
    ];
    ops.interleave(&mut list, PEER_PAIRS);
    drop(list);
    ops.finish();
    paired
}

/// The peer-message targets, measured interleaved: (label, fidlwire op, peer op).
pub const PEER_PAIRS: &[(&str, &str, &str)] = &[
    (
        "encode ÷ bincode-fixint encode",
        "fidlwire/encode",
        "bincode-fixint/encode",
    ),
    (
        "view over `&[u8]` (validated) ÷ rkyv validated access",
        "fidlwire/access",
        "rkyv/access",
    ),
    (
        "owned decode ÷ clone()",
        "fidlwire/decode_owned",
        "floor/clone",
    ),
];
