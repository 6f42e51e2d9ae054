//! Workloads shared by the benchmarks.

use fidlwire::Struct;

/// The peer-comparison message of issue 6: `{ id, name (32 B), payload (1 KiB),
/// values (256 × u32), tags (8 × 5 B) }`.
#[derive(Struct, Debug, Clone, PartialEq)]
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
    /// The standard instance.
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
