//! Libraries and imports (`fidl-checks.md` §2.5, §3.3).

use crate::support::g;

const PUMP: (&str, &str) = (
    "pump.fidl",
    "library acme.pump;\ntype Nozzle = struct {};\n",
);
const SHED: (&str, &str) = ("shed.fidl", "library acme.shed;\ntype Rake = struct {};\n");

check!(
    fi_0042_duplicate_import,
    files: [
        ("x.fidl", "library a;\nusing acme.pump;\nusing acme.pump as p;\ntype A = struct { x p.Nozzle; };"),
        PUMP,
    ],
    ["3:1 error[fi-0042]"]
);
check!(
    fi_0043_conflicting_import,
    files: [
        ("x.fidl", "library a;\nusing acme.shed as pump;\nusing pump;\ntype A = struct { x pump.Rake; };"),
        ("p.fidl", "library pump;\n"),
        SHED,
    ],
    ["3:1 error[fi-0043]"]
);
check!(
    fi_0044_conflicting_import_alias,
    files: [
        ("x.fidl", "library a;\nusing acme.pump as kit;\nusing acme.shed as kit;\ntype A = struct { x kit.Nozzle; };"),
        PUMP,
        SHED,
    ],
    ["3:1 error[fi-0044]"]
);
check!(
    fi_0045_attribute_on_import,
    files: [("x.fidl", "library a;\n@tag\nusing acme.pump;\ntype A = struct { x acme.pump.Nozzle; };"), PUMP],
    ["2:1 error[fi-0045]"]
);
check!(
    fi_0045_doc_comment_on_import,
    files: [("x.fidl", "library a;\n/// why\nusing acme.pump;\ntype A = struct { x acme.pump.Nozzle; };"), PUMP],
    ["2:1 error[fi-0045]"]
);
check!(
    fi_0046_unknown_library,
    g("using acme.weather;"),
    ["2:7 error[fi-0046]"]
);
check!(
    fi_0046_self_import,
    "library a;\nusing a;\n",
    ["2:7 error[fi-0046]"]
);
// Imports cannot form a cycle: one of the two libraries cannot have been compiled first.
check!(
    fi_0046_import_cycle,
    files: [
        ("a.fidl", "library a;\nusing b;\ntype A = struct { b box<b.B>; };"),
        ("b.fidl", "library b;\nusing a;\ntype B = struct { a box<a.A>; };"),
    ],
    ["b.fidl:2:7 error[fi-0046]"]
);
check!(
    fi_0038_decl_conflicts_with_import,
    files: [("x.fidl", "library a;\nusing acme.pump as pump;\nconst pump uint8 = 1;\nalias N = pump.Nozzle;"), PUMP],
    ["3:7 error[fi-0038]"]
);
check!(
    fi_0039_decl_conflicts_with_import_canonical,
    g("using zx;\nalias Zx = uint32;\nalias H = zx.Handle;"),
    ["3:7 error[fi-0039]"]
);
check!(
    fi_0051_unknown_dependent_library,
    g("type Plan = struct { f acme.weather.Forecast; };"),
    ["2:24 error[fi-0051]"]
);
check!(
    fi_0178_unused_import,
    files: [("x.fidl", "library a;\nusing acme.pump;\n"), PUMP],
    ["2:7 error[fi-0178]"]
);
// Reported only when everything else compiled.
check!(
    fi_0178_waits_for_other_errors,
    files: [("x.fidl", "library a;\nusing acme.pump;\ntype S = struct { x Missing; };"), PUMP],
    ["3:21 error[fi-0052]"]
);
// A reference inside an attribute argument uses the import.
check!(
    import_used_by_attribute_argument,
    files: [
        ("x.fidl", "library a;\nusing acme.names;\n@tag(acme.names.NAME)\ntype S = struct {};"),
        ("n.fidl", "library acme.names;\nconst NAME string = \"n\";\n"),
    ],
    []
);
// Import scope is per file: the other file of the library must import for itself.
check!(
    imports_are_per_file,
    files: [
        ("x.fidl", "library a;\nusing acme.pump;\ntype A = struct { x acme.pump.Nozzle; };"),
        ("y.fidl", "library a;\ntype B = struct { x acme.pump.Nozzle; };"),
        PUMP,
    ],
    ["y.fidl:2:21 error[fi-0051]"]
);
// `as` registers the library only under the alias.
check!(
    alias_replaces_the_full_name,
    files: [("x.fidl", "library a;\nusing acme.pump as p;\ntype A = struct { x acme.pump.Nozzle; y p.Nozzle; };"), PUMP],
    ["3:21 error[fi-0051]"]
);
/// Diagnostics of files compiled in explicit groups (fidlc's `--files`).
fn grouped(groups: &[&[(&str, &str)]]) -> Vec<String> {
    let mut sources = fidlwire_build::SourceMap::default();
    for (g, files) in groups.iter().enumerate() {
        for (name, text) in *files {
            sources.add_to_group(g, *name, *text);
        }
    }
    match fidlwire_build::compile(&sources, &Default::default()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| {
                let (l, c) = sources.line_col(d.span);
                format!(
                    "{}:{l}:{c} {}",
                    sources.files[d.span.file].name,
                    d.id.unwrap_or("-")
                )
            })
            .collect(),
    }
}

#[test]
fn fi_0040_files_disagree_on_library_name() {
    assert_eq!(
        grouped(&[&[
            (
                "x.fidl",
                "library a;
"
            ),
            (
                "y.fidl",
                "library acme;
"
            )
        ]]),
        ["y.fidl:1:9 fi-0040"]
    );
}

#[test]
fn fi_0041_multiple_libraries_with_same_name() {
    assert_eq!(
        grouped(&[
            &[(
                "x.fidl",
                "library a;
"
            )],
            &[(
                "y.fidl",
                "library a;
"
            )]
        ]),
        ["y.fidl:1:9 fi-0041"]
    );
}

// Without groups, files join the library they name.
check!(
    files_join_the_library_they_name,
    files: [("x.fidl", "library a;
type A = struct {};"), ("y.fidl", "library b;
type B = struct {};")],
    []
);
