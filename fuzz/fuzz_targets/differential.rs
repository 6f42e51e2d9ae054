#![no_main]
//! See `fidlwire_conformance::fuzz::differential`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fidlwire_conformance::fuzz::differential(data));
