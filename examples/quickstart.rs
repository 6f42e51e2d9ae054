//! Encodes a realistic message (a key-value store request with a table, unions, strings and
//! vectors), prints its hex dump, then decodes it both ways — as an owned value and as a
//! zero-copy view — and prints what it finds.
//!
//! Run with `cargo run --release --example quickstart`.

use fidlwire::header::{self, TransactionHeader};
use fidlwire::ordinal::method_ordinal;
use fidlwire::{Enum, Struct, Table, Union};

/// An item in the store.
#[derive(Struct, Debug, PartialEq, Clone)]
struct Item {
    #[fidl(max_len = 128)]
    key: String,
    #[fidl(max_len = 64000)]
    value: Vec<u8>,
}

/// How a write treats an existing key.
#[derive(Enum, Debug, PartialEq, Clone, Copy)]
#[repr(u32)]
enum Mode {
    Insert = 1,
    Overwrite = 2,
    #[fidl(unknown)]
    Unknown(u32),
}

/// Optional write settings: a table, so fields can be added later.
#[derive(Table, Debug, PartialEq, Clone, Default)]
struct WriteOptions {
    #[fidl(ordinal = 1)]
    mode: Option<Mode>,
    #[fidl(ordinal = 2)]
    ttl_seconds: Option<u64>,
    #[fidl(ordinal = 4, max_len = 8)]
    labels: Option<Vec<String>>,
}

/// What to write: one item or a batch.
#[derive(Union, Debug, PartialEq, Clone)]
enum Payload {
    #[fidl(ordinal = 1)]
    Single(Item),
    #[fidl(ordinal = 2)]
    Batch(Vec<Item>),
    #[fidl(unknown)]
    Unknown(u64),
}

/// The request body of `Store.Write`.
#[derive(Struct, Debug, PartialEq, Clone)]
struct WriteRequest {
    payload: Payload,
    options: WriteOptions,
    #[fidl(max_len = 64)]
    client: Option<String>,
}

fn main() -> Result<(), fidlwire::Error> {
    let request = WriteRequest {
        payload: Payload::Batch(vec![
            Item {
                key: "fruit/apple".into(),
                value: b"red".to_vec(),
            },
            Item {
                key: "fruit/kiwi".into(),
                value: b"green and fuzzy".to_vec(),
            },
        ]),
        options: WriteOptions {
            mode: Some(Mode::Overwrite),
            ttl_seconds: None,
            labels: Some(vec!["demo".into(), "v2".into()]),
        },
        client: Some("quickstart".into()),
    };

    // A transactional message: 16-byte header, then the body.
    let ordinal = method_ordinal("examples.keyvaluestore", "Store", "Write");
    let txid = 1;
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    header::encode_message(
        &TransactionHeader::new(txid, ordinal, true),
        Some(&request),
        &mut bytes,
        &mut handles,
    )?;

    println!(
        "Store.Write ordinal {ordinal:#018x}; message of {} bytes, {} handles:",
        bytes.len(),
        handles.len()
    );
    for (i, line) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = line.iter().map(|b| format!("{b:02x}")).collect();
        let text: String = line
            .iter()
            .map(|&b| if b.is_ascii_graphic() { b as char } else { '.' })
            .collect();
        println!("  {:04x}  {:<47}  {text}", i * 16, hex.join(" "));
    }

    // Owned decoding: header, then the body as a `WriteRequest`.
    let (h, owned): (TransactionHeader, WriteRequest) = header::decode_message(&bytes, Vec::new())?;
    assert_eq!(owned, request);
    println!(
        "\nowned decode (txid {}, flexible {}):\n  {owned:?}",
        h.txid,
        h.is_flexible()
    );

    // Zero-copy decoding: validate the body in place, then read fields borrowed from it.
    let body = &mut bytes[header::HEADER_SIZE..];
    let view = fidlwire::view::<WriteRequest>(body)?;
    println!("\nview decode:");
    println!("  client  = {:?}", view.client());
    println!("  mode    = {:?}", view.options().mode());
    println!(
        "  labels  = {:?}",
        view.options()
            .labels()
            .map(|l| l.iter().collect::<Vec<&str>>())
    );
    if let PayloadView::Batch(items) = view.payload() {
        for item in items {
            println!(
                "  item    {:<12} => {:?}",
                item.key(),
                String::from_utf8_lossy(item.value().as_bytes())
            );
        }
    }
    assert_eq!(view.to_owned(), request);

    // And a malformed message is a typed error, never a panic.
    let mut broken = fidlwire::to_vec(&request)?;
    broken[16 + 8] = 0x7f; // the presence marker of the `options` table
    let err = fidlwire::decode::<WriteRequest>(&broken).unwrap_err();
    println!("\ncorrupted message: {err} (code {})", err.code());
    Ok(())
}
