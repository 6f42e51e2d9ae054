//! Helpers of the binding tests: a bounded runtime, descriptor counting, and a raw peer that
//! reads and writes channel messages byte for byte.

#![allow(dead_code)] // each test file uses its own subset

use fidlwire::HandleInfo;
use fidlwire_bindings::{Channel, Error, Received};
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Tests of one file that count descriptors run one at a time.
pub static FD_LOCK: Mutex<()> = Mutex::new(());

/// Runs `test` on a two-thread runtime, failing it after 30 seconds instead of hanging.
pub fn run<F: Future<Output = ()> + Send + 'static>(test: F) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), tokio::spawn(test))
            .await
            .expect("test timed out")
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    });
    rt.shutdown_timeout(Duration::from_secs(5));
}

/// Descriptors open in this process.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Waits (up to 5 s) until at most `baseline` descriptors are open; returns the count seen.
pub async fn settle_fds(baseline: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let n = open_fds();
        if n <= baseline || Instant::now() > deadline {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// One end of a channel driven by hand, to see and forge the exact bytes.
pub struct RawPeer {
    pub channel: Channel,
    buf: Vec<u8>,
}

impl RawPeer {
    pub fn new(channel: Channel) -> Self {
        RawPeer {
            channel,
            buf: Vec::new(),
        }
    }

    /// The next message (bytes and handles), or `None` once the other end closed; fails the
    /// test after 10 seconds.
    pub async fn recv(&mut self) -> Option<(Vec<u8>, Vec<HandleInfo>)> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.channel.try_recv(&mut self.buf) {
                Ok(Received::Message(len, handles)) => {
                    return Some((self.buf[..len].to_vec(), handles));
                }
                Ok(Received::Closed) => return None,
                Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                    return None;
                }
                Err(e) => panic!("raw receive failed: {e}"),
            }
            assert!(Instant::now() < deadline, "raw peer waited too long");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// Sends raw bytes.
    pub fn send(&self, bytes: &[u8]) {
        self.channel.write(bytes, Vec::new()).unwrap();
    }
}

/// A 16-byte V2 header.
pub fn header(txid: u32, flexible: bool, ordinal: u64) -> Vec<u8> {
    fidlwire::TransactionHeader::new(txid, ordinal, flexible)
        .to_bytes()
        .to_vec()
}

/// `header` followed by `body`.
pub fn message(txid: u32, flexible: bool, ordinal: u64, body: &[u8]) -> Vec<u8> {
    let mut m = header(txid, flexible, ordinal);
    m.extend_from_slice(body);
    m
}
