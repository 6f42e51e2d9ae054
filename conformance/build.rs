//! Turns GIDL files into Rust tests over types generated from their `.test.fidl` files.
//!
//! Inputs: this crate's `gidl/`, `../../shared/gidl` when present, and every directory listed
//! in `FIDLWIRE_GIDL_PATH` (colon-separated). All `.test.fidl` files found form the libraries.
//! Outputs in `OUT_DIR`: `fidl.rs` (generated types), `cases.rs` (one function per check and
//! the `CASES` table) and `tests.rs` (`#[test]` wrappers).

#[path = "build/arbitrary.rs"]
mod arbitrary;
#[path = "src/gidl/mod.rs"]
#[allow(dead_code)]
mod gidl;
#[path = "build/inputs.rs"]
mod inputs;
#[path = "build/values.rs"]
mod values;

use fidlwire_build::codegen::Naming;
use fidlwire_build::ir::Ty;
use gidl::{Section, SectionKind};
use std::fmt::Write;
use std::path::PathBuf;
use values::{Gen, R, subtype_code};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo::rerun-if-env-changed=FIDLWIRE_GIDL_PATH");
    let mut dirs = vec![manifest.join("gidl")];
    let shared = manifest.join("../../shared/gidl");
    println!("cargo::rerun-if-changed={}", shared.display());
    let have_shared = shared.is_dir();
    // Tests that count what the upstream files cover read this to know which floor applies.
    println!(
        "cargo::rustc-env=FIDLWIRE_SHARED_GIDL={}",
        if have_shared { "1" } else { "0" }
    );
    if have_shared {
        dirs.push(shared);
    } else {
        println!(
            "cargo::warning=../shared/gidl is absent: running only this crate's own GIDL cases"
        );
    }
    if let Ok(extra) = std::env::var("FIDLWIRE_GIDL_PATH") {
        dirs.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    let (ir, gidl_files) = inputs::compile(&dirs, &out, false);
    // The same sources, for the dynamic codec's schema at test time.
    let sources: Vec<String> = dirs
        .iter()
        .flat_map(|d| inputs::files_in(d, ".test.fidl"))
        .map(|p| {
            let p = p.canonicalize().unwrap();
            format!(
                "    ({:?}, include_str!({:?})),",
                p.display().to_string(),
                p.display().to_string()
            )
        })
        .collect();
    std::fs::write(
        out.join("sources.rs"),
        format!(
            "/// The conformance `.test.fidl` files: (path, text).\npub static FIDL_SOURCES: &[(&str, &str)] = &[\n{}\n];\n",
            sources.join("\n")
        ),
    )
    .unwrap();

    let g = Gen {
        ir: &ir,
        naming: Naming::new(&ir),
    };
    let mut cases = String::new();
    let mut table = String::new();
    let mut tests = String::new();
    let mut seen = std::collections::HashSet::new();
    for path in &gidl_files {
        let text = std::fs::read_to_string(path).unwrap();
        let file =
            gidl::parse(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
        let stem = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".gidl")
            .to_string();
        for s in &file.sections {
            let kind = s.kind.expect("parsed sections have a kind");
            let checks: &[&str] = match kind {
                SectionKind::Success => &["encode", "decode"],
                SectionKind::EncodeSuccess => &["encode"],
                SectionKind::DecodeSuccess => &["decode"],
                SectionKind::EncodeFailure => &["encode_failure"],
                SectionKind::DecodeFailure => &["decode_failure"],
                SectionKind::Benchmark => continue,
            };
            let skip = (!s.runs_for("rust")).then_some(
                "excluded for the rust binding by the file's bindings_allowlist/denylist",
            );
            for check in checks {
                let name = format!("{}__{}__{}", ident(&stem), ident(&s.name), check);
                if !seen.insert(name.clone()) {
                    panic!("duplicate GIDL case name {name} in {}", path.display());
                }
                let origin = format!(
                    "{}: {}(\"{}\")",
                    path.file_name().unwrap().to_string_lossy(),
                    kind.keyword(),
                    s.name
                );
                let body = if skip.is_some() {
                    "    unreachable!(\"skipped case\");\n".to_string()
                } else {
                    match g.check(s, check) {
                        Ok(b) => b,
                        // Still a test, and it fails: a case the generator cannot express is a defect.
                        Err(msg) => format!(
                            "    panic!({:?});\n",
                            format!(
                                "cannot express this case with the generated Rust types: {msg}"
                            )
                        ),
                    }
                };
                let _ = writeln!(cases, "pub fn {name}() {{\n{body}}}\n");
                let status = match skip {
                    Some(r) => format!("crate::harness::Status::Skipped({r:?})"),
                    None => "crate::harness::Status::Run".into(),
                };
                let _ = writeln!(
                    table,
                    "    crate::harness::Case {{ name: {name:?}, origin: {origin:?}, status: {status}, run: {name} }},"
                );
                let ignore = skip.map_or(String::new(), |r| format!("#[ignore = {r:?}]\n"));
                let _ = writeln!(
                    tests,
                    "#[test]\n{ignore}#[allow(non_snake_case)]\nfn {name}() {{\n    fidlwire_conformance::cases::{name}();\n}}\n"
                );
            }
        }
    }
    let _ = writeln!(
        cases,
        "/// Every generated check.\npub static CASES: &[crate::harness::Case] = &[\n{table}];"
    );
    std::fs::write(out.join("cases.rs"), cases).unwrap();
    std::fs::write(out.join("tests.rs"), tests).unwrap();
    std::fs::write(
        out.join("arbitrary.rs"),
        arbitrary::Arb::new(&ir).generate(),
    )
    .unwrap();
}

fn ident(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

impl Gen<'_> {
    fn check(&self, s: &Section, check: &str) -> R<String> {
        let mut b = String::new();
        let defs: Vec<String> = s
            .handle_defs
            .iter()
            .map(|d| format!("({}, {:?})", subtype_code(d.subtype), d.rights))
            .collect();
        let _ = writeln!(
            b,
            "    let mut h = crate::harness::Handles::new(&[{}]);",
            defs.join(", ")
        );
        let bytes = |v: &[u8]| {
            format!(
                "&[{}]",
                v.iter()
                    .map(|x| format!("{x:#04x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let order = |v: &[u32]| {
            format!(
                "&[{}]",
                v.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        match check {
            "encode" => {
                self.let_value(&mut b, s)?;
                let expected: Vec<String> = match &s.dispositions {
                    Some(ds) => ds
                        .iter()
                        .map(|d| {
                            format!(
                                "({}, Some(({}, {:#x})))",
                                d.handle,
                                d.subtype.map_or(0, subtype_code),
                                d.rights.unwrap_or(0x8000_0000)
                            )
                        })
                        .collect(),
                    None => s
                        .handles
                        .iter()
                        .flatten()
                        .map(|i| format!("({i}, None)"))
                        .collect(),
                };
                let _ = writeln!(
                    b,
                    "    crate::harness::check_encode(value, {}, &h, &[{}]);",
                    bytes(s.bytes.as_deref().unwrap_or(&[])),
                    expected.join(", ")
                );
                let _ = writeln!(b, "    h.assert_all_closed(\"after encoding\");");
            }
            "decode" => {
                let value = s.value.as_ref().ok_or("no value")?;
                let id = self.top_type(value)?;
                let expected = self.value(
                    value,
                    &Ty::Decl {
                        id,
                        optional: false,
                    },
                    true,
                )?;
                let _ = writeln!(
                    b,
                    "    crate::harness::check_decode::<{}>({:?}, {}, &mut h, {}, |h| {expected});",
                    self.path(id),
                    self.ir.qualified(id),
                    bytes(s.bytes.as_deref().unwrap_or(&[])),
                    order(s.handles.as_deref().unwrap_or(&[]))
                );
                let _ = writeln!(b, "    h.assert_all_closed(\"after decoding\");");
            }
            "encode_failure" => {
                self.let_value(&mut b, s)?;
                let _ = writeln!(
                    b,
                    "    crate::harness::check_encode_failure(value, {:?}, &h);",
                    s.err.as_deref().unwrap_or("")
                );
            }
            _ => {
                let id = self.find(s.ty.as_deref().ok_or("no type")?)?;
                let _ = writeln!(
                    b,
                    "    crate::harness::check_decode_failure::<{}>({:?}, {}, &mut h, {}, {:?});",
                    self.path(id),
                    self.ir.qualified(id),
                    bytes(s.bytes.as_deref().unwrap_or(&[])),
                    order(s.handles.as_deref().unwrap_or(&[])),
                    s.err.as_deref().unwrap_or("")
                );
            }
        }
        if fidlwire_error_code_unknown(s.err.as_deref()) {
            return Err(format!("unknown error code {:?}", s.err));
        }
        Ok(b)
    }

    /// Writes `let value: T = <the section's value, built for encoding>;`.
    fn let_value(&self, b: &mut String, s: &Section) -> R<()> {
        let value = s.value.as_ref().ok_or("no value")?;
        let id = self.top_type(value)?;
        let expr = self.value(
            value,
            &Ty::Decl {
                id,
                optional: false,
            },
            false,
        )?;
        let _ = writeln!(b, "    let value: {} = {expr};", self.path(id));
        Ok(())
    }
}

fn fidlwire_error_code_unknown(code: Option<&str>) -> bool {
    const CODES: &[&str] = &[
        "COUNT_EXCEEDS_LIMIT",
        "ENVELOPE_BYTES_EXCEED_MESSAGE_LENGTH",
        "ENVELOPE_HANDLES_EXCEED_MESSAGE_LENGTH",
        "EXCEEDED_MAX_OUT_OF_LINE_DEPTH",
        "FLEXIBLE_UNION_UNKNOWN_FIELD",
        "INCORRECT_HANDLE_TYPE",
        "INVALID_BOOLEAN",
        "INVALID_EMPTY_STRUCT",
        "INVALID_HANDLE_PRESENCE_INDICATOR",
        "INVALID_INLINE_BIT_IN_ENVELOPE",
        "INVALID_INLINE_MARKER_IN_ENVELOPE",
        "INVALID_NUM_BYTES_IN_ENVELOPE",
        "INVALID_NUM_HANDLES_IN_ENVELOPE",
        "INVALID_PADDING_BYTE",
        "INVALID_PRESENCE_INDICATOR",
        "MISSING_REQUIRED_HANDLE_RIGHTS",
        "NON_EMPTY_STRING_WITH_NULL_BODY",
        "NON_EMPTY_VECTOR_WITH_NULL_BODY",
        "NON_NULLABLE_TYPE_WITH_NULL_VALUE",
        "NON_RESOURCE_UNKNOWN_HANDLES",
        "STRICT_BITS_UNKNOWN_BIT",
        "STRICT_ENUM_UNKNOWN_VALUE",
        "STRICT_UNION_UNKNOWN_FIELD",
        "STRING_COUNT_EXCEEDS_32_BIT_LIMIT",
        "STRING_NOT_UTF8",
        "STRING_TOO_LONG",
        "TABLE_COUNT_EXCEEDS_32_BIT_LIMIT",
        "TOO_FEW_BYTES",
        "TOO_FEW_BYTES_IN_PRIMARY_OBJECT",
        "TOO_FEW_HANDLES",
        "TOO_MANY_BYTES_IN_MESSAGE",
        "TOO_MANY_HANDLES_IN_MESSAGE",
        "UNEXPECTED_ORDINAL",
        "UNION_FIELD_NOT_SET",
        "VECTOR_COUNT_EXCEEDS_32_BIT_LIMIT",
    ];
    code.is_some_and(|c| !CODES.contains(&c))
}
