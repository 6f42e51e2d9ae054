//! Echo round trips over a channel: the generated client and server beside a raw
//! `sendmsg`/`recvmsg` round trip of the same bytes.

use criterion::Criterion;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    fidlwire_bench::rpc::bench(&mut c);
    c.final_summary();
}
