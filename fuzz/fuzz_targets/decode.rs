#![no_main]
//! See `fidlwire_conformance::fuzz::decode`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fidlwire_conformance::fuzz::decode(data));
