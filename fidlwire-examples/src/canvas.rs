//! The canvas of `fidl/canvas.fidl`: a server that acknowledges each batch of lines after
//! "drawing" it (a delay) and enforces the flow-control window, and a client that never has
//! more than `MAX_BATCHES_IN_FLIGHT` batches unacknowledged.

use crate::fidl::fidlwire::examples::canvas::*;
use fidlwire_bindings::{
    Binding, BoxError, ControlHandle, HandlerResult, Listener, Responder, Status,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The window both sides agree on.
pub const WINDOW: usize = MAX_BATCHES_IN_FLIGHT as usize;

/// Grows `bbox` to hold `line`.
pub fn grow(bbox: Option<BoundingBox>, line: &Line) -> BoundingBox {
    let mut b = bbox.unwrap_or(BoundingBox {
        top_left: line[0],
        bottom_right: line[0],
    });
    for p in line {
        b.top_left.x = b.top_left.x.min(p.x);
        b.top_left.y = b.top_left.y.min(p.y);
        b.bottom_right.x = b.bottom_right.x.max(p.x);
        b.bottom_right.y = b.bottom_right.y.max(p.y);
    }
    b
}

/// One canvas per connection.
#[derive(Debug)]
pub struct CanvasImpl {
    control: ControlHandle<InstanceMarker>,
    bbox: Option<BoundingBox>,
    /// Batches received and not yet acknowledged.
    unacknowledged: Arc<AtomicUsize>,
    ack_delay: Duration,
}

impl CanvasImpl {
    /// A canvas on the connection of `control`, acknowledging each batch after `ack_delay`.
    pub fn new(control: ControlHandle<InstanceMarker>, ack_delay: Duration) -> Self {
        CanvasImpl {
            control,
            bbox: None,
            unacknowledged: Arc::default(),
            ack_delay,
        }
    }
}

impl InstanceServer for CanvasImpl {
    async fn add_lines(
        &mut self,
        request: InstanceAddLinesRequest,
        responder: Responder<instance::AddLines>,
    ) -> HandlerResult {
        let in_flight = self.unacknowledged.fetch_add(1, Ordering::AcqRel) + 1;
        if in_flight > WINDOW {
            // The client broke the agreed flow control.
            // The first close wins: dropping the responder adds no INTERNAL epitaph.
            self.control.shutdown_with_epitaph(Status::NO_RESOURCES);
            drop(responder);
            return Ok(());
        }
        for line in &request.lines {
            self.bbox = Some(grow(self.bbox.take(), line));
        }
        // "Draw", then acknowledge; the connection keeps reading meanwhile.
        let unacknowledged = self.unacknowledged.clone();
        let delay = self.ack_delay;
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            // Count the batch as done before the client can see the acknowledgement.
            unacknowledged.fetch_sub(1, Ordering::AcqRel);
            let _ = responder.send(()).await;
        });
        Ok(())
    }

    async fn ready(&mut self, responder: Responder<instance::Ready>) -> HandlerResult {
        responder.send(()).await?;
        let drawn = self.bbox.unwrap_or(BoundingBox {
            top_left: Point { x: 0, y: 0 },
            bottom_right: Point { x: 0, y: 0 },
        });
        Ok(self.control.send_event::<instance::OnDrawn>(&drawn).await?)
    }
}

/// Accepts connections on `listener` and serves a new canvas on each; returns after
/// `max_connections` when given.
pub async fn serve(listener: &Listener, ack_delay: Duration, max_connections: Option<usize>) {
    let mut accepted = 0;
    while max_connections.is_none_or(|m| accepted < m) {
        let Ok(channel) = listener.accept().await else {
            return;
        };
        accepted += 1;
        if let Ok(binding) = Binding::<InstanceMarker>::new(channel.into()) {
            let canvas = CanvasImpl::new(binding.control_handle(), ack_delay);
            tokio::spawn(binding.serve(canvas));
        }
    }
}

/// The lines a client draws: a deterministic scribble.
pub fn lines(client: usize, batch: usize, count: usize) -> Vec<Line> {
    let mut seed = (client as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ batch as u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 2001) as i64 - 1000
    };
    (0..count)
        .map(|_| {
            [
                Point {
                    x: next(),
                    y: next(),
                },
                Point {
                    x: next(),
                    y: next(),
                },
            ]
        })
        .collect()
}

/// What a client run saw.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Most batches the client had unacknowledged at once.
    pub max_in_flight: usize,
    /// The drawing the server sent after `Ready`.
    pub drawn: BoundingBox,
    /// The box the client computed itself.
    pub expected: BoundingBox,
}

/// Sends `batches` batches of `per_batch` lines with at most [`WINDOW`] unacknowledged, then
/// asks for a drawing and waits for `OnDrawn`.
pub async fn run_client(
    proxy: &InstanceProxy,
    client: usize,
    batches: usize,
    per_batch: usize,
) -> Result<Outcome, BoxError> {
    let mut events = proxy.take_event_stream().ok_or("event stream taken")?;
    let window = Arc::new(Semaphore::new(WINDOW));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let mut max_in_flight = 0;
    let mut expected = None;
    let mut acks = tokio::task::JoinSet::new();
    for batch in 0..batches {
        let permit = window.clone().acquire_owned().await?;
        let lines = lines(client, batch, per_batch);
        for line in &lines {
            expected = Some(grow(expected, line));
        }
        max_in_flight = max_in_flight.max(in_flight.fetch_add(1, Ordering::AcqRel) + 1);
        let (proxy, in_flight) = (proxy.clone(), in_flight.clone());
        acks.spawn(async move {
            let r = proxy.add_lines(lines).await;
            in_flight.fetch_sub(1, Ordering::AcqRel);
            drop(permit);
            r
        });
        // Collect acknowledgements as they come, so failures surface early.
        while let Some(done) = acks.try_join_next() {
            done??;
        }
    }
    while let Some(done) = acks.join_next().await {
        done??;
    }
    proxy.ready().await?;
    let drawn = match events.next().await {
        Some(Ok(InstanceEvent::OnDrawn(b))) => b,
        other => return Err(format!("expected OnDrawn, got {other:?}").into()),
    };
    Ok(Outcome {
        max_in_flight,
        drawn,
        expected: expected.ok_or("no lines")?,
    })
}
