//! The workload runner: one criterion group per workload, five operations each.
//!
//! | id | what is timed |
//! |---|---|
//! | `encode` | [`fidlwire::encode_into`] into buffers reused across iterations |
//! | `validate` | [`fidlwire::validate`] (read-only, every wire rule) |
//! | `decode_view` | [`fidlwire::view()`]: validation in place + the zero-copy view (the buffer copy is set-up, untimed) |
//! | `decode_owned` | [`fidlwire::decode()`] from `&[u8]`: validation + owned value, copy included |
//! | `memcpy` | copying the same number of bytes: the physical floor |
//!
//! Workloads with handles use [`Handles`]: no-op handles, so that the figures show codec
//! work, not a handle table's. Each iteration then gets fresh handles in untimed set-up.

use crate::alloc;
use criterion::{BatchSize, BenchmarkGroup, Criterion, Throughput, measurement::WallTime};
use fidlwire::handle::{HandleOpError, HandleOps};
use fidlwire::{Decode, Encode, Handle, HandleDisposition, HandleInfo, ObjectType, Rights};
use std::hint::black_box;

/// Batches of set-up inputs (fresh buffers or handles). Small, so that the buffers a batch
/// works on stay in L1/L2 as a receive buffer would: criterion's `SmallInput` batches ran views
/// over megabytes of cold copies (page faults and cache misses showed up in the profile).
/// Timer overhead is amortised over the 16 routines of a batch.
pub const BATCH: BatchSize = BatchSize::NumIterations(16);

/// One benchmark workload (a GIDL `benchmark` section).
pub struct Workload {
    /// The upstream name, e.g. `ByteVector/65280`; also the criterion group.
    pub name: &'static str,
    /// The GIDL file it came from.
    pub origin: &'static str,
    /// `handle_defs`: (object type, rights or `None` for the defaults).
    pub handles: &'static [(u32, Option<u32>)],
    /// Builds the value and hands it to [`Runner::run`].
    pub run: fn(&mut Runner<'_>),
}

/// Handles for workload values: handle `#i` is raw `i + 1` of a backend whose close is a
/// no-op, so any number can be made and dropped at no cost.
pub struct Handles {
    defs: &'static [(u32, Option<u32>)],
}

struct NoopHandles;

impl HandleOps for NoopHandles {
    fn close(&self, _raw: u32) {}
    fn replace(&self, raw: u32, _rights: Rights) -> Result<u32, HandleOpError> {
        Ok(raw)
    }
    fn name(&self) -> &'static str {
        "bench"
    }
}

static NOOP: NoopHandles = NoopHandles;

impl Handles {
    /// A fresh handle `#i`.
    pub fn take(&mut self, i: usize) -> Handle {
        Handle::from_raw(i as u32 + 1, &NOOP)
    }

    /// What a receiver would get for `sent`: the object type and rights of each handle's def.
    fn infos(&self, sent: &[HandleDisposition]) -> Vec<HandleInfo> {
        sent.iter()
            .map(|d| {
                let (ty, rights) = self.defs[d.handle.raw() as usize - 1];
                let object_type = ObjectType(ty);
                HandleInfo {
                    handle: Handle::from_raw(d.handle.raw(), &NOOP),
                    object_type,
                    rights: Rights(rights.unwrap_or(match object_type {
                        ObjectType::CHANNEL => Rights::CHANNEL_DEFAULT.0,
                        _ => Rights::EVENT_DEFAULT.0,
                    })),
                }
            })
            .collect()
    }
}

/// Allocations of one operation of one workload, counted on a single run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocCount {
    /// The criterion group (workload name).
    pub group: String,
    /// The operation id.
    pub op: String,
    /// Allocations, `None` without the counting allocator.
    pub allocs: Option<u64>,
}

enum Mode<'a> {
    Bench(&'a mut Criterion),
    /// Check that each workload really round-trips instead of timing it.
    Check,
}

/// Runs the operations of one workload; built by [`bench()`] and [`check`].
pub struct Runner<'a> {
    mode: Mode<'a>,
    workload: &'static Workload,
    allocs: &'a mut Vec<AllocCount>,
}

/// Benchmarks every workload whose name contains `filter`, appending allocation counts.
pub fn bench(c: &mut Criterion, filter: &str, allocs: &mut Vec<AllocCount>) {
    for w in crate::workloads::WORKLOADS {
        if w.name.contains(filter) {
            (w.run)(&mut Runner {
                mode: Mode::Bench(c),
                workload: w,
                allocs,
            });
        }
    }
}

/// Runs every workload once through every operation and checks the results: owned and view
/// decoding succeed, and re-encoding the owned value gives the same bytes and handle count.
/// Panics on the first failure.
pub fn check(w: &'static Workload) -> Vec<AllocCount> {
    let mut allocs = Vec::new();
    (w.run)(&mut Runner {
        mode: Mode::Check,
        workload: w,
        allocs: &mut allocs,
    });
    allocs
}

impl Runner<'_> {
    /// Benchmarks (or checks) the value `make` builds.
    pub fn run<T: Encode + Decode>(&mut self, make: impl Fn(&mut Handles) -> T) {
        let mut h = Handles {
            defs: self.workload.handles,
        };
        let name = self.workload.name;
        let value = make(&mut h);
        let (mut bytes, mut sent) = (Vec::new(), Vec::new());
        fidlwire::encode_into(&value, &mut bytes, &mut sent)
            .unwrap_or_else(|e| panic!("{name}: encode: {e}"));
        let wire = bytes.clone();
        if !sent.is_empty() {
            return self.run_with_handles(make, h, wire, sent);
        }
        // Every operation once, counted, before (or instead of) timing.
        self.count("encode", || {
            fidlwire::encode_into(&value, &mut bytes, &mut sent).unwrap()
        });
        assert_eq!(bytes, wire, "{name}: encoding is not deterministic");
        self.count("validate", || fidlwire::validate::<T>(&wire).unwrap());
        let mut buf = wire.clone();
        self.count("decode_view", || {
            fidlwire::view::<T>(&mut buf).map(|_| ()).unwrap()
        });
        let owned = fidlwire::decode::<T>(&wire).unwrap_or_else(|e| panic!("{name}: {e}"));
        self.count("decode_owned", || fidlwire::decode::<T>(&wire).unwrap());
        fidlwire::encode_into(&owned, &mut bytes, &mut sent).unwrap();
        assert_eq!(
            bytes, wire,
            "{name}: owned decode does not re-encode to the same bytes"
        );

        let Some(mut g) = self.group(wire.len()) else {
            return;
        };
        g.bench_function("encode", |b| {
            b.iter(|| fidlwire::encode_into(black_box(&value), &mut bytes, &mut sent).unwrap())
        });
        g.bench_function("validate", |b| {
            b.iter(|| fidlwire::validate::<T>(black_box(&wire)).unwrap())
        });
        g.bench_function("decode_view", |b| {
            b.iter_batched_ref(
                || wire.clone(),
                |buf| {
                    fidlwire::view::<T>(buf)
                        .map(|v| {
                            black_box(v);
                        })
                        .unwrap()
                },
                crate::suite::BATCH,
            )
        });
        g.bench_function("decode_owned", |b| {
            b.iter(|| fidlwire::decode::<T>(black_box(&wire)).unwrap())
        });
        memcpy(&mut g, &wire);
        g.finish();
    }

    fn run_with_handles<T: Encode + Decode>(
        &mut self,
        make: impl Fn(&mut Handles) -> T,
        mut h: Handles,
        wire: Vec<u8>,
        sent: Vec<HandleDisposition>,
    ) {
        let name = self.workload.name;
        let n = sent.len();
        let (mut bytes, mut out) = (Vec::with_capacity(wire.len()), Vec::with_capacity(n));
        let value = make(&mut h);
        self.count("encode", || {
            fidlwire::encode_into(&value, &mut bytes, &mut out).unwrap()
        });
        assert_eq!((&bytes, out.len()), (&wire, n), "{name}: encode differs");
        let mut infos = h.infos(&sent);
        self.count("validate", || {
            fidlwire::DecodeOptions::default()
                .validate_with_handles::<T>(&wire, &mut infos)
                .unwrap()
        });
        let (mut buf, mut infos) = (wire.clone(), h.infos(&sent));
        self.count("decode_view", || {
            fidlwire::view_with_handles::<T>(&mut buf, &mut infos)
                .map(|_| ())
                .unwrap()
        });
        let infos = h.infos(&sent);
        let owned = self
            .count("decode_owned", || {
                fidlwire::decode_with_handles::<T>(&wire, infos)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
            })
            .expect("decoded");
        fidlwire::encode_into(&owned, &mut bytes, &mut out).unwrap();
        assert_eq!((&bytes, out.len()), (&wire, n), "{name}: re-encode differs");

        let Some(mut g) = self.group(wire.len()) else {
            return;
        };
        g.bench_function("encode", |b| {
            b.iter_batched(
                || make(&mut Handles { defs: h.defs }),
                |v| {
                    fidlwire::encode_into(&v, &mut bytes, &mut out).unwrap();
                    v
                },
                crate::suite::BATCH,
            )
        });
        g.bench_function("validate", |b| {
            b.iter_batched_ref(
                || h.infos(&sent),
                |infos| {
                    fidlwire::DecodeOptions::default()
                        .validate_with_handles::<T>(black_box(&wire), infos)
                        .unwrap()
                },
                crate::suite::BATCH,
            )
        });
        g.bench_function("decode_view", |b| {
            b.iter_batched_ref(
                || (wire.clone(), h.infos(&sent)),
                |(buf, infos)| {
                    fidlwire::view_with_handles::<T>(buf, infos)
                        .map(|v| {
                            black_box(v);
                        })
                        .unwrap()
                },
                crate::suite::BATCH,
            )
        });
        g.bench_function("decode_owned", |b| {
            b.iter_batched(
                || h.infos(&sent),
                |infos| fidlwire::decode_with_handles::<T>(black_box(&wire), infos).unwrap(),
                crate::suite::BATCH,
            )
        });
        memcpy(&mut g, &wire);
        g.finish();
    }

    /// Runs `f` once, recording its allocation count under this workload.
    fn count<O>(&mut self, op: &str, f: impl FnOnce() -> O) -> Option<O> {
        let mut out = None;
        let allocs = alloc::count(|| out = Some(f()));
        self.allocs.push(AllocCount {
            group: self.workload.name.to_string(),
            op: op.to_string(),
            allocs,
        });
        out
    }

    fn group(&mut self, len: usize) -> Option<BenchmarkGroup<'_, WallTime>> {
        match &mut self.mode {
            Mode::Bench(c) => {
                let mut g = c.benchmark_group(self.workload.name);
                g.throughput(Throughput::Bytes(len as u64));
                Some(g)
            }
            Mode::Check => None,
        }
    }
}

/// The floor: copying `wire.len()` bytes.
pub fn memcpy(g: &mut BenchmarkGroup<'_, WallTime>, wire: &[u8]) {
    let mut dst = vec![0u8; wire.len()];
    g.bench_function("memcpy", |b| {
        b.iter(|| dst.copy_from_slice(black_box(wire)))
    });
}

/// Prints allocation counts, one line per operation.
pub fn print_allocs(allocs: &[AllocCount]) {
    println!("allocations per operation:");
    for a in allocs {
        let n = a.allocs.map_or("?".into(), |n| n.to_string());
        println!("  {}/{}: {n}", a.group, a.op);
    }
}
