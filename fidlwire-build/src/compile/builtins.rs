//! Built-ins: the `zx` and `fidl` libraries fidlc ships, and the names of the root scope.

use crate::diagnostic::SourceMap;
use crate::syntax::{self, ast};

/// The built-in `zx` library (Zircon object types, rights, the handle resource, the time and
/// address aliases, common constants). A user file declaring `library zx;` replaces it.
pub const ZX_SOURCE: &str = include_str!("../zx.fidl");

/// The built-in `fidl` library (the framework error of flexible methods).
pub const FIDL_SOURCE: &str = "library fidl;\n\n/// The framework error of flexible two-way methods.\ntype FrameworkErr = strict enum : int32 {\n    UNKNOWN_METHOD = -2;\n};\n";

/// Names of the root scope, consulted after a library's own names (`fidl-checks.md` §2.4).
pub const ROOT: &[&str] = &[
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "byte",
    "string",
    "vector",
    "array",
    "box",
    "client_end",
    "server_end",
    "MAX",
    "optional",
    "NEXT",
    "HEAD",
    // The legacy spelling of `vector<uint8>`, gone from current fidlc (`fidl-checks.md` §2.4)
    // but still used by the upstream benchmark files, which win over the spec here.
    "bytes",
];

/// Root names that exist only with `--experimental zx_c_types`.
pub const ZX_C_TYPES: &[&str] = &[
    "usize64",
    "uintptr64",
    "uchar",
    "experimental_pointer",
    "string_array",
];

/// True for libraries the compiler supplies.
pub fn is_builtin(library: &str) -> bool {
    library == "zx" || library == "fidl"
}

/// Appends the built-in libraries that `files` use (and `fidl`, which flexible methods need)
/// unless a file defines them.
pub fn add_used(sources: &mut SourceMap, files: &mut Vec<(usize, ast::File)>) {
    for (lib, text, file_name) in [
        ("zx", ZX_SOURCE, "<builtin>/zx.fidl"),
        ("fidl", FIDL_SOURCE, "<builtin>/fidl.fidl"),
    ] {
        let defined = files.iter().any(|(_, f)| f.library.dotted() == lib);
        let needed = lib == "fidl"
            || files
                .iter()
                .any(|(_, f)| f.usings.iter().any(|u| u.library.dotted() == lib));
        if needed && !defined {
            let id = sources.add(file_name, text);
            if let (Some(f), _) = syntax::parse(id, text) {
                files.push((id, f));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a parse error in a built-in library used to vanish, leaving `zx.Handle`
    /// undeclared (the parser read `uint32 {` as an inline layout).
    #[test]
    fn builtin_libraries_parse_without_diagnostics() {
        for text in [ZX_SOURCE, FIDL_SOURCE] {
            let (file, diags) = syntax::parse(0, text);
            assert!(file.is_some());
            assert!(diags.is_empty(), "{diags:?}");
        }
    }
}
