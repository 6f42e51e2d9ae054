#![no_main]
//! See `fidlwire_conformance::fuzz::round_trip`: `arbitrary` picks the type and the seed of the
//! value generated for it.

libfuzzer_sys::fuzz_target!(|input: (u16, u64)| fidlwire_conformance::fuzz::round_trip(input.0, input.1));
