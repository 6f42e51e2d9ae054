//! The four datasets of the public Rust serialization benchmark (log, mesh, minecraft, mk48)
//! through fidlwire, rkyv, bitcode and bincode, beside memcpy and `clone()`.

use criterion::Criterion;
use fidlwire_bench::alloc::Counting;

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut allocs = Vec::new();
    let filter = std::env::var("DATASET").unwrap_or_default();
    fidlwire_bench::datasets::bench(Some(&mut c), &filter, &mut allocs, false);
    c.final_summary();
    fidlwire_bench::suite::print_allocs(&allocs);
}
