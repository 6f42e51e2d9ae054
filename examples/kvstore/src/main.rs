//! A key-value store served in-process: the client encodes transactional messages with the
//! generated types, the server dispatches on the generated ordinals, decodes requests as
//! zero-copy views, and replies; unknown flexible methods get the framework error.
//!
//! Run with `cargo run --release -p fidlwire-example-kvstore`.

use fidlwire::header::{self, TransactionHeader};
use std::collections::BTreeMap;

mod fidl {
    include!(concat!(env!("OUT_DIR"), "/fidl.rs"));
}

use fidl::fidlwire::examples::kvstore::*;

/// The server: a map, and the events it has to send.
#[derive(Default)]
struct Server {
    items: BTreeMap<String, Vec<u8>>,
    events: Vec<Vec<u8>>,
}

impl Server {
    /// Handles one message; returns the reply bytes for two-way methods.
    fn handle(&mut self, message: &[u8]) -> Result<Option<Vec<u8>>, fidlwire::Error> {
        let (h, body) = TransactionHeader::parse(message)?;
        let mut body = body.to_vec();
        let reply_header = TransactionHeader::new(h.txid, h.ordinal, h.is_flexible());
        let (mut out, mut handles) = (Vec::new(), Vec::new());
        match h.ordinal {
            store::WRITE_ORDINAL => {
                let req = fidlwire::view::<StoreWriteRequest>(&mut body)?;
                let item = req.item();
                let result = if item.key().is_empty() {
                    StoreWriteResult::Err(StoreError::InvalidKey)
                } else if self.items.contains_key(item.key())
                    && req.options().overwrite() != Some(true)
                {
                    StoreWriteResult::Err(StoreError::AlreadyExists)
                } else {
                    self.items
                        .insert(item.key().to_owned(), item.value().as_bytes().to_vec());
                    self.notify(item.key())?;
                    StoreWriteResult::Response(StoreWriteResponse {})
                };
                header::encode_message(&reply_header, Some(&result), &mut out, &mut handles)?;
            }
            store::READ_ORDINAL => {
                let req = fidlwire::view::<StoreReadRequest>(&mut body)?;
                let matching: Vec<Item> = self
                    .items
                    .iter()
                    .filter(|(k, _)| match req.selection() {
                        SelectionView::One(key) => k.as_str() == key,
                        SelectionView::Prefix(p) => k.starts_with(p),
                        SelectionView::All(_) => true,
                        SelectionView::Unknown(_) => false,
                    })
                    .map(|(k, v)| Item {
                        key: k.clone(),
                        value: v.clone(),
                    })
                    .collect();
                let more = matching.len() > PAGE_SIZE as usize;
                let items = matching
                    .into_iter()
                    .take(PAGE_SIZE as usize)
                    .collect::<Vec<_>>();
                let result = if items.is_empty() {
                    StoreReadResult::Err(StoreError::NotFound)
                } else {
                    StoreReadResult::Response(StoreReadResponse { items, more })
                };
                header::encode_message(&reply_header, Some(&result), &mut out, &mut handles)?;
            }
            store::DELETE_ORDINAL => {
                let req = fidlwire::view::<StoreDeleteRequest>(&mut body)?;
                if self.items.remove(req.key()).is_some() {
                    self.notify(req.key())?;
                }
                return Ok(None);
            }
            // An unknown flexible two-way method of an open protocol: framework error reply.
            _ if h.is_flexible() && h.txid != 0 => {
                return Ok(Some(header::unknown_method_reply(&h).to_vec()));
            }
            _ => return Ok(None),
        }
        Ok(Some(out))
    }

    fn notify(&mut self, key: &str) -> Result<(), fidlwire::Error> {
        let (mut out, mut handles) = (Vec::new(), Vec::new());
        let event = StoreOnChangeRequest {
            key: key.to_owned(),
        };
        header::encode_message(
            &TransactionHeader::new(0, store::ON_CHANGE_ORDINAL, true),
            Some(&event),
            &mut out,
            &mut handles,
        )?;
        self.events.push(out);
        Ok(())
    }
}

fn call<Req: fidlwire::Encode, Resp: fidlwire::Decode>(
    server: &mut Server,
    txid: u32,
    ordinal: u64,
    request: &Req,
) -> Result<Resp, fidlwire::Error> {
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    header::encode_message(
        &TransactionHeader::new(txid, ordinal, true),
        Some(request),
        &mut bytes,
        &mut handles,
    )?;
    let reply = server.handle(&bytes)?.expect("two-way methods reply");
    let (h, body): (TransactionHeader, Resp) = header::decode_message(&reply, Vec::new())?;
    assert_eq!(
        (h.txid, h.ordinal),
        (txid, ordinal),
        "reply matches the request"
    );
    Ok(body)
}

fn main() -> Result<(), fidlwire::Error> {
    let mut server = Server::default();
    println!(
        "protocol {}",
        <StoreMarker as fidlwire::ProtocolMarker>::NAME
    );

    for (i, (key, value, overwrite)) in [
        ("fruit/apple", "red", false),
        ("fruit/kiwi", "green", false),
        ("fruit/apple", "green", false),
        ("veg/leek", "white", false),
    ]
    .into_iter()
    .enumerate()
    {
        let req = StoreWriteRequest {
            item: Item {
                key: key.into(),
                value: value.as_bytes().to_vec(),
            },
            options: WriteOptions {
                overwrite: Some(overwrite),
                ttl_seconds: None,
            },
        };
        let result: StoreWriteResult = call(&mut server, i as u32 + 1, store::WRITE_ORDINAL, &req)?;
        println!("write {key:<12} => {result:?}");
    }

    let read =
        |server: &mut Server, selection: Selection| -> Result<StoreReadResult, fidlwire::Error> {
            call(
                server,
                10,
                store::READ_ORDINAL,
                &StoreReadRequest { selection },
            )
        };
    println!(
        "read prefix fruit/ => {:?}",
        read(&mut server, Selection::Prefix("fruit/".into()))?
    );
    println!(
        "read one veg/leek  => {:?}",
        read(&mut server, Selection::One("veg/leek".into()))?
    );

    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    header::encode_message(
        &TransactionHeader::new(0, store::DELETE_ORDINAL, false),
        Some(&StoreDeleteRequest {
            key: "veg/leek".into(),
        }),
        &mut bytes,
        &mut handles,
    )?;
    assert_eq!(server.handle(&bytes)?, None, "one-way: no reply");
    println!(
        "read one veg/leek  => {:?}",
        read(&mut server, Selection::One("veg/leek".into()))?
    );

    // A method this server does not know: the framework error, as the spec requires.
    let unknown: StoreReadResult = call(
        &mut server,
        99,
        0x1234_5678,
        &StoreReadRequest {
            selection: Selection::All(All {}),
        },
    )?;
    println!("unknown method     => {unknown:?}");

    println!("{} change events queued:", server.events.len());
    for e in &server.events {
        let (h, ev): (TransactionHeader, StoreOnChangeRequest) =
            header::decode_message(e, Vec::new())?;
        println!("  OnChange {:<12} (ordinal {:#018x})", ev.key, h.ordinal);
    }
    Ok(())
}

#[test]
fn the_example_runs() {
    main().unwrap();
}
