//! Servers and clients of the API rubric's own libraries in `../shared/fidl-examples`, so that
//! every protocol there is served and called for real: the additerator store with its
//! `Iterator`, and both canvas `Instance`s. They reuse the store's map and the canvas geometry
//! of this crate's own examples.

use crate::canvas::grow;
use crate::fidl::fidlwire::examples::canvas as own_canvas;
use crate::kvstore::Items;
use crate::shared_fidl::examples::canvas::{
    addlinemetered as metered, clientrequesteddraw as draw,
};
use crate::shared_fidl::examples::keyvaluestore::additerator as kv;
use fidlwire_bindings::{
    Binding, BoxError, ControlHandle, HandlerResult, Listener, Responder, create_endpoints,
};

/// Serves the additerator `Store` over `Items`.
#[derive(Debug, Clone, Default)]
pub struct StoreImpl {
    /// The contents.
    pub items: Items,
}

impl kv::StoreServer for StoreImpl {
    async fn write_item(
        &mut self,
        request: kv::StoreWriteItemRequest,
        responder: Responder<kv::store::WriteItem>,
    ) -> HandlerResult {
        let item = crate::fidl::fidlwire::examples::kvstore::Item {
            key: request.attempt.key,
            value: request.attempt.value,
        };
        use crate::fidl::fidlwire::examples::kvstore::WriteError as Own;
        let result = self.items.write(item).map_err(|e| match e {
            Own::InvalidKey => kv::WriteError::InvalidKey,
            Own::InvalidValue => kv::WriteError::InvalidValue,
            Own::AlreadyExists => kv::WriteError::AlreadyExists,
            // The FIDL member `UNKNOWN` (not the catch-all `Unknown(u32)`).
            _ => kv::WriteError::Unknown_,
        });
        Ok(responder.send(result).await?)
    }

    async fn iterate(
        &mut self,
        request: kv::StoreIterateRequest,
        responder: Responder<kv::store::Iterate>,
    ) -> HandlerResult {
        let Some(keys) = self.items.keys_from(request.starting_at.as_deref()) else {
            return Ok(responder
                .send(Err(kv::IterateConnectionError::UnknownStartAt))
                .await?);
        };
        fidlwire_bindings::spawn(request.iterator, IteratorImpl { keys, next: 0 })?;
        Ok(responder.send(Ok(())).await?)
    }
}

/// Serves the additerator `Iterator`.
#[derive(Debug)]
pub struct IteratorImpl {
    keys: Vec<String>,
    next: usize,
}

impl kv::IteratorServer for IteratorImpl {
    async fn get(&mut self, responder: Responder<kv::iterator::Get>) -> HandlerResult {
        let end = (self.next + 10).min(self.keys.len());
        let entries = self.keys[self.next..end].to_vec();
        self.next = end;
        Ok(responder.send(kv::IteratorGetResponse { entries }).await?)
    }
}

fn own_line(points: [(i64, i64); 2]) -> own_canvas::Line {
    points.map(|(x, y)| own_canvas::Point { x, y })
}

macro_rules! bbox_into {
    ($lib:ident, $b:expr) => {{
        let b: own_canvas::BoundingBox = $b;
        $lib::BoundingBox {
            top_left: $lib::Point {
                x: b.top_left.x,
                y: b.top_left.y,
            },
            bottom_right: $lib::Point {
                x: b.bottom_right.x,
                y: b.bottom_right.y,
            },
        }
    }};
}

/// Serves the `addlinemetered` canvas: every `AddLine` is acknowledged and followed by a
/// drawing.
#[derive(Debug)]
pub struct MeteredCanvas {
    control: ControlHandle<metered::InstanceMarker>,
    bbox: Option<own_canvas::BoundingBox>,
}

impl metered::InstanceServer for MeteredCanvas {
    async fn add_line(
        &mut self,
        request: metered::InstanceAddLineRequest,
        responder: Responder<metered::instance::AddLine>,
    ) -> HandlerResult {
        let [a, b] = &request.line;
        self.bbox = Some(grow(self.bbox.take(), &own_line([(a.x, a.y), (b.x, b.y)])));
        responder.send(()).await?;
        let drawn = bbox_into!(metered, self.bbox.ok_or("no line")?);
        Ok(self
            .control
            .send_event::<metered::instance::OnDrawn>(&drawn)
            .await?)
    }
}

/// Serves the `clientrequesteddraw` canvas: batches without replies, and one drawing per
/// `Ready`.
#[derive(Debug)]
pub struct DrawCanvas {
    control: ControlHandle<draw::InstanceMarker>,
    bbox: Option<own_canvas::BoundingBox>,
}

impl draw::InstanceServer for DrawCanvas {
    async fn add_lines(&mut self, request: draw::InstanceAddLinesRequest) -> HandlerResult {
        for [a, b] in &request.lines {
            self.bbox = Some(grow(self.bbox.take(), &own_line([(a.x, a.y), (b.x, b.y)])));
        }
        Ok(())
    }

    async fn ready(&mut self, responder: Responder<draw::instance::Ready>) -> HandlerResult {
        responder.send(()).await?;
        let bbox = self.bbox.ok_or("Ready before any line")?;
        Ok(self
            .control
            .send_event::<draw::instance::OnDrawn>(&bbox_into!(draw, bbox))
            .await?)
    }
}

/// Which of the shared protocols a listener serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `examples.keyvaluestore.additerator/Store` (and its `Iterator`).
    Store,
    /// `examples.canvas.addlinemetered/Instance`.
    Metered,
    /// `examples.canvas.clientrequesteddraw/Instance`.
    Draw,
}

impl Protocol {
    /// The protocol `example-server` calls `name` (`shared-store`, `shared-metered`,
    /// `shared-draw`).
    pub fn from_name(name: &str) -> Option<Protocol> {
        match name {
            "shared-store" => Some(Protocol::Store),
            "shared-metered" => Some(Protocol::Metered),
            "shared-draw" => Some(Protocol::Draw),
            _ => None,
        }
    }
}

/// Accepts connections on `listener` and serves `protocol` on each.
pub async fn serve(listener: &Listener, protocol: Protocol) {
    let items = Items::default();
    while let Ok(channel) = listener.accept().await {
        match protocol {
            Protocol::Store => {
                if let Ok(b) = Binding::<kv::StoreMarker>::new(channel.into()) {
                    tokio::spawn(b.serve(StoreImpl {
                        items: items.clone(),
                    }));
                }
            }
            Protocol::Metered => {
                if let Ok(b) = Binding::<metered::InstanceMarker>::new(channel.into()) {
                    let control = b.control_handle();
                    tokio::spawn(b.serve(MeteredCanvas {
                        control,
                        bbox: None,
                    }));
                }
            }
            Protocol::Draw => {
                if let Ok(b) = Binding::<draw::InstanceMarker>::new(channel.into()) {
                    let control = b.control_handle();
                    tokio::spawn(b.serve(DrawCanvas {
                        control,
                        bbox: None,
                    }));
                }
            }
        }
    }
}

/// Calls every method of the store and its iterator on `channel`; returns the keys iterated.
pub async fn call_store(channel: fidlwire_bindings::Channel) -> Result<Vec<String>, BoxError> {
    let store = kv::StoreProxy::new(channel.into())?;
    for key in ["alpha/one", "beta/two", "gamma/three"] {
        let item = kv::Item {
            key: key.into(),
            value: key.as_bytes().to_vec(),
        };
        store
            .write_item(item)
            .await?
            .map_err(|e| format!("{e:?}"))?;
    }
    let duplicate = kv::Item {
        key: "alpha/one".into(),
        value: b"x".to_vec(),
    };
    if store.write_item(duplicate).await? != Err(kv::WriteError::AlreadyExists) {
        return Err("a duplicate key was accepted".into());
    }
    let (client, server) = create_endpoints::<kv::IteratorMarker>()?;
    let iterator = kv::IteratorProxy::new(client)?;
    // The first page is requested before `Iterate` is sent (`join!` polls in order).
    let (first, iterate) = tokio::join!(iterator.get(), store.iterate(None, server));
    iterate?.map_err(|e| format!("{e:?}"))?;
    let mut keys = first?.entries;
    loop {
        let page = iterator.get().await?.entries;
        if page.is_empty() {
            return Ok(keys);
        }
        keys.extend(page);
    }
}

/// Draws three lines on the metered canvas; returns the last drawing's corners.
pub async fn call_metered(
    channel: fidlwire_bindings::Channel,
) -> Result<((i64, i64), (i64, i64)), BoxError> {
    let canvas = metered::InstanceProxy::new(channel.into())?;
    let mut events = canvas.take_event_stream().ok_or("events taken")?;
    let mut last = None;
    for (i, line) in [[(0, 0), (1, 1)], [(-5, 2), (3, 9)], [(4, -4), (0, 0)]]
        .into_iter()
        .enumerate()
    {
        canvas
            .add_line(line.map(|(x, y)| metered::Point { x, y }))
            .await?;
        match events.next().await {
            Some(Ok(metered::InstanceEvent::OnDrawn(b))) => last = Some(b),
            other => return Err(format!("line {i}: expected OnDrawn, got {other:?}").into()),
        }
    }
    let b = last.ok_or("no drawing")?;
    Ok((
        (b.top_left.x, b.top_left.y),
        (b.bottom_right.x, b.bottom_right.y),
    ))
}

/// Sends two batches to the client-requested-draw canvas, then `Ready`; returns the drawing.
pub async fn call_draw(
    channel: fidlwire_bindings::Channel,
) -> Result<((i64, i64), (i64, i64)), BoxError> {
    let canvas = draw::InstanceProxy::new(channel.into())?;
    let mut events = canvas.take_event_stream().ok_or("events taken")?;
    let p = |x, y| draw::Point { x, y };
    canvas.add_lines(vec![[p(1, 1), p(2, 2)]]).await?;
    canvas
        .add_lines(vec![[p(-1, 7), p(0, 0)], [p(9, -3), p(2, 2)]])
        .await?;
    canvas.ready().await?;
    match events.next().await {
        Some(Ok(draw::InstanceEvent::OnDrawn(b))) => Ok((
            (b.top_left.x, b.top_left.y),
            (b.bottom_right.x, b.bottom_right.y),
        )),
        other => Err(format!("expected OnDrawn, got {other:?}").into()),
    }
}
