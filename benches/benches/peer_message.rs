//! The peer message through fidlwire, beside its physical floors: a memcpy of the same byte
//! count, and `clone()` of the Rust value (the floor of owned decoding).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fidlwire_bench::PeerMessage;
use std::hint::black_box;

fn peer_message(c: &mut Criterion) {
    let msg = PeerMessage::sample();
    let wire = fidlwire::to_vec(&msg).unwrap();
    let mut g = c.benchmark_group("PeerMessage");
    g.throughput(Throughput::Bytes(wire.len() as u64));

    let (mut bytes, mut handles) = (Vec::with_capacity(wire.len()), Vec::new());
    g.bench_function(BenchmarkId::new("fidlwire", "encode"), |b| {
        b.iter(|| fidlwire::encode_into(black_box(&msg), &mut bytes, &mut handles).unwrap())
    });
    g.bench_function(BenchmarkId::new("fidlwire", "validate"), |b| {
        b.iter(|| fidlwire::validate::<PeerMessage>(black_box(&wire)).unwrap())
    });
    let mut buf = wire.clone();
    g.bench_function(
        BenchmarkId::new("fidlwire", "view (copy + validate in place)"),
        |b| {
            b.iter(|| {
                buf.copy_from_slice(black_box(&wire));
                fidlwire::view::<PeerMessage>(&mut buf)
                    .map(|v| v.id())
                    .unwrap()
            })
        },
    );
    g.bench_function(BenchmarkId::new("fidlwire", "owned decode"), |b| {
        b.iter(|| fidlwire::decode::<PeerMessage>(black_box(&wire)).unwrap())
    });

    let mut dst = vec![0u8; wire.len()];
    g.bench_function(BenchmarkId::new("floor", "memcpy"), |b| {
        b.iter(|| dst.copy_from_slice(black_box(&wire)))
    });
    g.bench_function(BenchmarkId::new("floor", "clone"), |b| {
        b.iter(|| black_box(&msg).clone())
    });
    g.finish();
}

criterion_group!(benches, peer_message);
criterion_main!(benches);
