#![no_main]
//! See `fidlwire_conformance::fuzz::gidl_parser`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fidlwire_conformance::fuzz::gidl_parser(data));
