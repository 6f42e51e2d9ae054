#![no_main]
//! See `fidlwire_conformance::fuzz::fidl_compiler`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fidlwire_conformance::fuzz::fidl_compiler(data));
