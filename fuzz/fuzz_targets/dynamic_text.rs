#![no_main]
//! See `fidlwire_conformance::fuzz::dynamic_text`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fidlwire_conformance::fuzz::dynamic_text(data));
