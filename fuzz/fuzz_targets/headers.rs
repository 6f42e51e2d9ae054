#![no_main]
//! See `fidlwire_conformance::fuzz::headers`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fidlwire_conformance::fuzz::headers(data));
