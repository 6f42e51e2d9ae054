//! Generates the store's Rust types from `fidl/kvstore.fidl`, as any user's build.rs would.

fn main() {
    fidlwire_build::Config::new()
        .bindings(false)
        .type_attribute("fidlwire.examples.kvstore.Item", "#[derive(Eq, Hash)]")
        .compile(&["fidl/kvstore.fidl"], &["fidl/"])
        .unwrap_or_else(|e| panic!("{e}"));
}
