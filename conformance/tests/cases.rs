//! Every GIDL check as its own test, named `<file>__<case>__<check>`. Cases the `rust` binding
//! does not run are `#[ignore]`d with the reason.
include!(concat!(env!("OUT_DIR"), "/tests.rs"));
