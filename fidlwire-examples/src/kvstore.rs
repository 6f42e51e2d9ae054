//! The key-value store of `fidl/kvstore.fidl`: a server (one handler per connection over one
//! shared map) and a client routine that writes items and reads them back through a pipelined
//! paging iterator.

use crate::fidl::fidlwire::examples::kvstore::*;
use fidlwire_bindings::{
    Accept, BoxError, Connection, HandlerResult, Responder, Server, create_endpoints,
};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// The store's contents, shared by every connection.
#[derive(Debug, Clone, Default)]
pub struct Items(Arc<Mutex<BTreeMap<String, Vec<u8>>>>);

impl Items {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Inserts `item` unless its key is invalid or taken.
    pub fn write(&self, item: Item) -> Result<(), WriteError> {
        if !valid_key(&item.key) {
            return Err(WriteError::InvalidKey);
        }
        if item.value.is_empty() {
            return Err(WriteError::InvalidValue);
        }
        let mut items = self.lock();
        if items.contains_key(&item.key) {
            return Err(WriteError::AlreadyExists);
        }
        items.insert(item.key, item.value);
        Ok(())
    }

    /// The item stored under `key`.
    pub fn read(&self, key: &str) -> Option<Item> {
        self.lock().get(key).map(|value| Item {
            key: key.to_string(),
            value: value.clone(),
        })
    }

    /// The keys from `start` on (all keys without one); `None` if `start` is not a key.
    pub fn keys_from(&self, start: Option<&str>) -> Option<Vec<String>> {
        let items = self.lock();
        if start.is_some_and(|s| !items.contains_key(s)) {
            return None;
        }
        let from = start.unwrap_or("");
        Some(
            items
                .range(from.to_string()..)
                .map(|(k, _)| k.clone())
                .collect(),
        )
    }

    /// How many items are stored.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `^[A-Za-z][A-Za-z0-9_./]{2,62}[A-Za-z0-9]$`, as the rubric's store requires.
pub fn valid_key(key: &str) -> bool {
    let b = key.as_bytes();
    (4..=64).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b[1..b.len() - 1]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || b"_./".contains(c))
}

/// Serves one `Store` connection.
#[derive(Debug, Clone)]
pub struct StoreImpl {
    /// The shared contents.
    pub items: Items,
    /// The server iterators are added to; without one they run on tasks of their own.
    pub server: Option<Server>,
}

impl StoreServer for StoreImpl {
    async fn write_item(
        &mut self,
        request: StoreWriteItemRequest,
        responder: Responder<store::WriteItem>,
    ) -> HandlerResult {
        Ok(responder.send(self.items.write(request.attempt)).await?)
    }

    async fn read_item(
        &mut self,
        request: StoreReadItemRequest,
        responder: Responder<store::ReadItem>,
    ) -> HandlerResult {
        let item = self.items.read(&request.key).ok_or(ReadError::NotFound);
        Ok(responder.send(item).await?)
    }

    /// Serves the iterator on its own task: the client may already be calling it.
    async fn iterate(
        &mut self,
        request: StoreIterateRequest,
        responder: Responder<store::Iterate>,
    ) -> HandlerResult {
        let Some(keys) = self.items.keys_from(request.starting_at.as_deref()) else {
            // Dropping `request.iterator` closes it: pending `Get`s fail with PEER_CLOSED.
            return Ok(responder
                .send(Err(IterateConnectionError::UnknownStartAt))
                .await?);
        };
        let iterator = IteratorImpl { keys, next: 0 };
        match &self.server {
            Some(server) => {
                server.add(request.iterator, iterator)?;
            }
            None => {
                fidlwire_bindings::spawn(request.iterator, iterator)?;
            }
        }
        Ok(responder.send(Ok(())).await?)
    }
}

/// Serves one `Iterator` connection over a snapshot of keys.
#[derive(Debug)]
pub struct IteratorImpl {
    keys: Vec<String>,
    next: usize,
}

impl IteratorServer for IteratorImpl {
    async fn get(&mut self, responder: Responder<iterator::Get>) -> HandlerResult {
        let end = (self.next + PAGE_SIZE as usize).min(self.keys.len());
        let entries = self.keys[self.next..end].to_vec();
        self.next = end;
        Ok(responder.send(IteratorGetResponse { entries }).await?)
    }
}

/// Serves `Store` on every connection `listener` accepts (a Unix channel listener, or TCP for
/// the methods without handles), sharing `items`, until `server` shuts down. Iterators join
/// the same server, so that its limits and shutdown cover them too.
pub async fn serve(server: &Server, listener: impl Accept, items: Items) {
    server
        .serve(listener, |c: Connection<StoreMarker>| StoreImpl {
            items: items.clone(),
            server: Some(c.server),
        })
        .await
}

/// What one client did, line by line.
pub type Transcript = Vec<String>;

/// A client's work: write `count` items named after `client` (plus one invalid key and one
/// duplicate, to show the errors), read one back, then iterate over everything with the first
/// `Get` sent before `Iterate` has returned.
pub async fn run_client(
    proxy: &StoreProxy,
    client: usize,
    count: usize,
) -> Result<Transcript, BoxError> {
    let mut t = Transcript::new();
    let mut written = 0;
    for i in 0..count {
        let item = Item {
            key: format!("client{client}/item{i:02}"),
            value: format!("value {i} of client {client}").into_bytes(),
        };
        if proxy.write_item(item).await?.is_ok() {
            written += 1;
        }
    }
    t.push(format!("client {client}: wrote {written} items"));
    let duplicate = Item {
        key: format!("client{client}/item00"),
        value: b"again".to_vec(),
    };
    let bad = Item {
        key: "9starts-with-a-digit".into(),
        value: b"x".to_vec(),
    };
    t.push(format!(
        "client {client}: duplicate key -> {:?}, invalid key -> {:?}",
        proxy.write_item(duplicate).await?.unwrap_err(),
        proxy.write_item(bad).await?.unwrap_err()
    ));
    let key = format!("client{client}/item01");
    if let Ok(item) = proxy.read_item(key.clone()).await? {
        t.push(format!(
            "client {client}: read {key} = {:?}",
            String::from_utf8_lossy(&item.value)
        ));
    }

    // Pipelining: the first `Get` is written on the iterator's channel before `Iterate`, which
    // carries that channel's server end, is even sent (`join!` polls in order).
    let (iterator, server_end) = create_endpoints::<IteratorMarker>()?;
    let iterator = IteratorProxy::new(iterator)?;
    let start = format!("client{client}/item00");
    let (first_page, iterate) = tokio::join!(
        iterator.get(),
        proxy.iterate(Some(start.clone()), server_end)
    );
    let iterate = match iterate {
        // Over TCP: the request carries a handle (the iterator's server end), which a byte
        // stream cannot; it is refused before anything is sent.
        Err(e @ fidlwire_bindings::Error::HandlesOverStream { .. }) => {
            t.push(format!("client {client}: Iterate refused: {e}"));
            return Ok(t);
        }
        other => other?,
    };
    iterate.map_err(|e| format!("iterate failed: {e:?}"))?;
    let mut pages = 0;
    let mut keys = 0;
    let mut page = first_page?;
    let first_key = page.entries.first().cloned().unwrap_or_default();
    while !page.entries.is_empty() {
        pages += 1;
        keys += page.entries.len();
        page = iterator.get().await?;
    }
    t.push(format!(
        "client {client}: iterated from {start}: {keys} keys in {pages} pages (first {first_key}); the first Get went out before Iterate"
    ));
    Ok(t)
}
