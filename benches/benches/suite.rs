//! The benchmark suite: every workload × {encode, validate, decode_view, decode_owned, memcpy}.
//! `cargo bench -p fidlwire-bench --bench suite -- 'Table/AllSet'` filters as usual.

use criterion::Criterion;
use fidlwire_bench::alloc::Counting;

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut allocs = Vec::new();
    fidlwire_bench::suite::bench(&mut c, "", &mut allocs);
    c.final_summary();
    fidlwire_bench::suite::print_allocs(&allocs);
}
