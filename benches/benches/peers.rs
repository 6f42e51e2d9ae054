//! The peer message through fidlwire, prost, bincode (fixint), postcard, bitcode and rkyv,
//! beside memcpy and `clone()`.

use criterion::Criterion;
use fidlwire_bench::alloc::Counting;

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut allocs = Vec::new();
    fidlwire_bench::peers::bench(Some(&mut c), &mut allocs, false);
    c.final_summary();
    fidlwire_bench::suite::print_allocs(&allocs);
}
