//! `log`: 10,000 HTTP access-log records; string-heavy.

use super::{ALNUM, Rng};

super::plain_with_peers! {
/// An IPv4 address.
pub struct Address {
    /// Octet 0.
    pub x0: u8,
    /// Octet 1.
    pub x1: u8,
    /// Octet 2.
    pub x2: u8,
    /// Octet 3.
    pub x3: u8,
}
}

super::with_peers! {
/// One access-log record.
#[derive(fidlwire::Struct)]
pub struct Log {
    /// Client address.
    pub address: Address,
    /// RFC 1413 identity.
    pub identity: String,
    /// User id.
    pub userid: String,
    /// `10/Oct/2000:13:55:36 -0700`.
    pub date: String,
    /// `GET /apache_pb.gif HTTP/1.0`.
    pub request: String,
    /// Status code.
    pub code: u16,
    /// Response size.
    pub size: u64,
}
}

super::with_peers! {
/// The dataset.
#[derive(fidlwire::Struct)]
pub struct Logs {
    /// The records.
    pub logs: Vec<Log>,
}
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];
const CODES: [u16; 6] = [200, 201, 301, 304, 404, 500];

/// 10,000 records from `seed`.
pub fn generate(seed: u64) -> Logs {
    let mut r = Rng::new(seed);
    let logs = (0..10_000)
        .map(|_| {
            let identity = r.string(ALNUM, 1, 16);
            let userid = r.string(ALNUM, 1, 16);
            let date = format!(
                "{:02}/{}/{}:{:02}:{:02}:{:02} {}{:04}",
                r.range(1, 29),
                MONTHS[r.range(0, 12) as usize],
                r.range(1970, 2030),
                r.range(0, 24),
                r.range(0, 60),
                r.range(0, 60),
                if r.chance(1, 2) { '-' } else { '+' },
                r.range(0, 13) * 100,
            );
            let path = (0..r.range(1, 5))
                .map(|_| r.string(ALNUM, 2, 12))
                .collect::<Vec<_>>()
                .join("/");
            let request = format!(
                "{} /{path}.html HTTP/1.{}",
                METHODS[r.range(0, 4) as usize],
                r.range(0, 2)
            );
            Log {
                address: Address {
                    x0: r.next_u64() as u8,
                    x1: r.next_u64() as u8,
                    x2: r.next_u64() as u8,
                    x3: r.next_u64() as u8,
                },
                identity,
                userid,
                date,
                request,
                code: CODES[r.range(0, 6) as usize],
                size: r.range(0, 100_000_000),
            }
        })
        .collect();
    Logs { logs }
}

/// Reads every field through fidlwire's view.
pub fn read_fidl(v: LogsView<'_>) -> u64 {
    let mut sum = 0u64;
    for l in v.logs() {
        let a = l.address();
        sum = sum.wrapping_add((a.x0() ^ a.x1() ^ a.x2() ^ a.x3()) as u64);
        sum = sum.wrapping_add(
            (l.identity().len() + l.userid().len() + l.date().len() + l.request().len()) as u64,
        );
        sum = sum.wrapping_add(l.code() as u64 + l.size());
    }
    sum
}

/// Reads every field through rkyv's archive.
pub fn read_rkyv(v: &ArchivedLogs) -> u64 {
    let mut sum = 0u64;
    for l in v.logs.iter() {
        let a = &l.address;
        sum = sum.wrapping_add((a.x0 ^ a.x1 ^ a.x2 ^ a.x3) as u64);
        sum = sum.wrapping_add(
            (l.identity.len() + l.userid.len() + l.date.len() + l.request.len()) as u64,
        );
        sum = sum.wrapping_add(l.code.to_native() as u64 + l.size.to_native());
    }
    sum
}

super::dataset_bench!(
    Logs,
    ArchivedLogs,
    "fidlwire.bench.datasets/Logs",
    generate(1),
    read_fidl,
    read_rkyv
);
