//! `@available` (`fidl-checks.md` §3.14, §5): arguments, inheritance, modifiers, names over
//! versions, removal and replacement, references across versions.

use crate::support::{g, v};

// ---------------------------------------------------------------- the attribute (§5.2, §5.4)

check!(
    fi_0147_available_without_arguments,
    v("@available\ntype S = struct {};"),
    ["3:1 error[fi-0147]"]
);
check!(
    fi_0148_note_without_deprecation,
    v("@available(added=2, note=\"why\")\ntype S = struct {};"),
    ["3:1 error[fi-0148]"]
);
check!(
    fi_0149_platform_not_on_library,
    v("@available(platform=\"acme\", added=2)\ntype S = struct {};"),
    ["3:12 error[fi-0149]"]
);
check!(
    fi_0150_library_missing_added,
    "@available\nlibrary acme.garden;",
    ["1:1 error[fi-0150]"]
);
check!(
    fi_0150_library_with_only_platform,
    "@available(platform=\"acme\")\nlibrary acme.garden;",
    ["1:1 error[fi-0150]"]
);
check!(
    fi_0151_missing_library_availability,
    g("@available(added=2)\ntype S = struct {};"),
    ["2:1 error[fi-0151]"]
);
check!(
    fi_0151_versioned_modifier,
    g("type U = strict(added=2) union { 1: a uint8; };"),
    ["2:10 error[fi-0151]"]
);
check!(
    fi_0152_invalid_platform,
    "@available(platform=\"my_os\", added=1)\nlibrary acme.garden;",
    ["1:12 error[fi-0152]"]
);
check!(
    fi_0153_version_zero,
    v("@available(added=0)\ntype S = struct {};"),
    ["3:18 error[fi-0153]"]
);
check!(
    fi_0153_version_too_large,
    v("@available(added=2147483648)\ntype S = struct {};"),
    ["3:18 error[fi-0153]"]
);
check!(
    fi_0153_unknown_name,
    v("@available(removed=LATEST)\ntype S = struct {};"),
    ["3:20 error[fi-0153]"]
);
check!(
    fi_0153_legacy,
    v("@available(added=LEGACY)\ntype S = struct {};"),
    ["3:18 error[fi-0153]"]
);
check!(
    negative_version,
    v("@available(added=-1)\ntype S = struct {};"),
    ["3:18 error[fi-0066]", "3:18 error[fi-0104]"]
);
check!(
    string_version,
    v("@available(added=\"2\")\ntype S = struct {};"),
    ["3:18 error[fi-0065]", "3:18 error[fi-0104]"]
);
check!(
    fi_0133_available_needs_literals,
    v("const WHY string = \"x\";\n@available(deprecated=2, note=WHY)\ntype S = struct {};"),
    ["4:31 error[fi-0133]"]
);
check!(
    fi_0154_removed_not_after_added,
    v("@available(added=5, removed=5)\ntype S = struct {};"),
    ["3:1 error[fi-0154]"]
);
check!(
    fi_0154_deprecated_before_added,
    v("@available(added=3, deprecated=2)\ntype S = struct {};"),
    ["3:1 error[fi-0154]"]
);
check!(
    fi_0203_removed_and_replaced,
    v("@available(removed=3, replaced=3)\ntype S = struct {};"),
    ["3:1 error[fi-0203]"]
);
check!(
    fi_0204_library_replaced,
    "@available(added=1, replaced=3)\nlibrary acme.garden;",
    ["1:21 error[fi-0204]"]
);
check!(
    fi_0208_reserved_platform,
    "@available(platform=\"unversioned\", added=1)\nlibrary acme.garden;",
    ["1:12 error[fi-0208]"]
);
check!(
    fi_0208_by_default,
    "@available(added=1)\nlibrary unversioned.garden;",
    ["2:9 error[fi-0208]"]
);
check!(
    fi_0211_cannot_be_renamed,
    v("@available(removed=3, renamed=\"T\")\ntype S = struct {};"),
    ["3:23 error[fi-0211]"]
);
check!(
    fi_0212_renamed_without_removal,
    v("type S = struct {\n    @available(renamed=\"b\")\n    a uint8;\n};"),
    ["4:16 error[fi-0212]"]
);
check!(
    fi_0213_renamed_to_same_name,
    v("type S = table {\n    @available(replaced=3, renamed=\"a\")\n    1: a uint8;\n};"),
    ["4:28 error[fi-0213]"]
);
check!(
    fi_0218_modifier_argument,
    v("type U = flexible(deprecated=2) union { 1: a uint8; };"),
    ["3:19 error[fi-0218]"]
);
check!(
    fi_0014_modifier_empty_parens,
    v("type U = flexible() union { 1: a uint8; };"),
    ["3:18 error[fi-0014]"]
);

#[test]
fn fi_0201_platform_version_not_selected_when_required() {
    let options = fidlwire_build::Options {
        require_available: true,
        ..Default::default()
    };
    let files = [("x.fidl", "@available(added=1)\nlibrary acme.garden;\n")];
    assert_eq!(
        crate::support::describe(&files, &options),
        ["2:9 error[fi-0201]"]
    );
    // By default an unselected platform is compiled at HEAD.
    assert!(crate::support::describe(&files, &Default::default()).is_empty());
}

// ---------------------------------------------------------------- inheritance (§5.5)

check!(
    fi_0155_added_before_parent,
    "@available(added=2)\nlibrary acme.garden;\n@available(added=1)\ntype S = struct {};",
    ["3:12 error[fi-0155]"]
);
check!(
    fi_0155_added_after_parent_removed,
    v("@available(removed=3)\ntype S = struct {\n    @available(added=3)\n    a uint8;\n};"),
    ["5:16 error[fi-0155]"]
);
check!(
    fi_0155_removed_after_parent,
    v("@available(removed=3)\ntype S = struct {\n    @available(removed=4)\n    a uint8;\n};"),
    ["5:16 error[fi-0155]"]
);
check!(
    fi_0155_replaced_when_parent_ends,
    v("@available(removed=3)\ntype S = table {\n    @available(replaced=3)\n    1: a uint8;\n};"),
    ["5:16 error[fi-0155]"]
);
check!(
    fi_0155_deprecated_after_parent,
    v(
        "@available(deprecated=2)\ntype S = struct {\n    @available(deprecated=3)\n    a uint8;\n};"
    ),
    ["5:16 error[fi-0155]"]
);
check!(
    fi_0155_modifier,
    v("@available(added=6)\ntype U = flexible(added=4) union { 1: a uint8; };"),
    ["4:19 error[fi-0155]"]
);

// ---------------------------------------------------------------- modifiers (§5.6)

check!(
    modifier_changes_over_versions,
    v("type Tint = strict(removed=4) flexible(added=4) enum { A = 1; };"),
    []
);
check!(
    fi_0032_duplicate_modifier,
    g("type C = strict strict union { 1: a uint8; };"),
    ["2:17 error[fi-0032]"]
);
check!(
    fi_0033_conflicting_modifier,
    g("type E = strict flexible enum { A = 1; };"),
    ["2:17 error[fi-0033]"]
);
check!(
    fi_0033_overlapping_versions,
    v("type E = strict(removed=4) flexible(added=3) enum { A = 1; };"),
    ["3:28 error[fi-0033]"]
);
check!(
    fi_0033_openness,
    g("open closed protocol P {};"),
    ["2:6 error[fi-0033]"]
);

// ---------------------------------------------------------------- names over versions (§5.7)

check!(
    redefinition_at_a_later_version,
    v("@available(replaced=3)\ntype Hose = struct {};\n@available(added=3)\ntype Hose = table {};"),
    []
);
check!(
    fi_0036_name_overlap,
    v("type Hose = struct {};\n@available(added=3)\ntype Hose = table {};"),
    ["5:6 error[fi-0036]"]
);
check!(
    fi_0037_name_overlap_canonical,
    v("type Hose = struct {};\n@available(added=3)\ntype HOSE = table {};"),
    ["5:6 error[fi-0037]"]
);
check!(
    fi_0034_same_availability,
    v("@available(added=2)\ntype Hose = struct {};\n@available(added=2)\ntype Hose = table {};"),
    ["6:6 error[fi-0034]"]
);

// ---------------------------------------------------------------- removal and replacement (§5.8)

check!(
    fi_0205_removed_but_redefined,
    v("@available(removed=3)\ntype Hose = struct {};\n@available(added=3)\ntype Hose = table {};"),
    ["3:1 error[fi-0205]"]
);
check!(
    fi_0206_replaced_without_successor,
    v("@available(replaced=3)\ntype Hose = struct {};"),
    ["3:1 error[fi-0206]"]
);
check!(
    member_replaced_and_renamed,
    v(
        "type Nozzle = table {\n    @available(replaced=4, renamed=\"spray_angle\")\n    1: angle uint8;\n    @available(added=4)\n    1: spray_angle uint16;\n};"
    ),
    []
);
check!(
    fi_0216_removed_abi_reused,
    v(
        "type Nozzle = table {\n    @available(removed=4)\n    2: pressure uint8;\n    @available(added=4)\n    2: flow uint32;\n};"
    ),
    ["4:5 error[fi-0216]"]
);
check!(
    fi_0205_member_removed_but_redefined,
    v(
        "type E = enum {\n    @available(removed=4)\n    A = 1;\n    @available(added=4)\n    A = 2;\n};"
    ),
    ["4:5 error[fi-0205]"]
);
check!(
    fi_0214_removed_and_renamed_but_name_exists,
    v(
        "type T = table {\n    @available(removed=4, renamed=\"b\")\n    1: a uint8;\n    @available(added=4)\n    2: b uint8;\n};"
    ),
    ["4:5 error[fi-0214]"]
);
check!(
    fi_0215_replaced_and_renamed_without_successor,
    v("type T = table {\n    @available(replaced=4, renamed=\"b\")\n    1: a uint8;\n};"),
    ["4:5 error[fi-0215]"]
);
check!(
    fi_0206_member_replaced_without_successor,
    v("type T = table {\n    @available(replaced=4)\n    1: a uint8;\n};"),
    ["4:5 error[fi-0206]"]
);
check!(
    fi_0217_replaced_with_different_abi,
    v(
        "type T = table {\n    @available(replaced=4)\n    1: a uint8;\n    @available(added=4)\n    2: a uint8;\n};"
    ),
    ["4:5 error[fi-0217]"]
);

// ---------------------------------------------------------------- references (§5.9)

check!(
    fi_0220_name_not_found_in_version_range,
    v("type Bed = struct { soil Soil; };\n@available(added=2)\ntype Soil = struct {};"),
    ["3:26 error[fi-0220]"]
);
check!(
    reference_within_range,
    v(
        "@available(added=2)\ntype Bed = struct { soil Soil; };\n@available(added=2)\ntype Soil = struct {};"
    ),
    []
);
check!(
    fi_0055_reference_to_deprecated,
    v("type Bed = struct { soil Soil; };\n@available(deprecated=2)\ntype Soil = struct {};"),
    ["3:26 error[fi-0055]"]
);
check!(
    deprecated_may_use_deprecated,
    v(
        "@available(deprecated=2)\ntype Bed = struct { soil Soil; };\n@available(deprecated=2)\ntype Soil = struct {};"
    ),
    []
);
check!(
    fi_0055_user_deprecated_attribute,
    g("type Bed = struct { soil Soil; };\n@deprecated\ntype Soil = struct {};"),
    ["2:26 error[fi-0055]"]
);
check!(
    fi_0056_reference_to_deprecated_other_platform,
    files: [
        ("x.fidl", "@available(added=1)\nlibrary acme.garden;\nusing other.soil;\ntype Bed = struct { soil other.soil.Soil; };"),
        ("y.fidl", "@available(added=1)\nlibrary other.soil;\n@available(deprecated=1)\ntype Soil = struct {};"),
    ],
    ["4:26 error[fi-0056]"]
);

// ---------------------------------------------------------------- selecting a version (§5.10)

fn at(version: Option<u64>) -> fidlwire_build::Ir {
    let mut sources = fidlwire_build::SourceMap::default();
    sources.add(
        "x.fidl",
        v("type T = table {\n    1: a uint8;\n    @available(added=2)\n    2: b uint8;\n    @available(removed=3)\n    3: c uint8;\n};"),
    );
    let options = fidlwire_build::Options {
        version,
        ..Default::default()
    };
    fidlwire_build::compile(&sources, &options).unwrap()
}

fn members(ir: &fidlwire_build::Ir) -> Vec<String> {
    let id = ir.find("acme.garden", "T").unwrap();
    let fidlwire_build::ir::DeclKind::Table(t) = &ir.decls[id].kind else {
        panic!()
    };
    t.members.iter().map(|m| m.name.clone()).collect()
}

#[test]
fn compiling_at_a_version_selects_its_elements() {
    assert_eq!(members(&at(Some(1))), ["a", "c"]);
    assert_eq!(members(&at(Some(2))), ["a", "b", "c"]);
    assert_eq!(members(&at(Some(3))), ["a", "b"]);
    // HEAD by default.
    assert_eq!(members(&at(None)), ["a", "b"]);
}

#[test]
fn per_platform_selection() {
    let mut sources = fidlwire_build::SourceMap::default();
    sources.add(
        "x.fidl",
        "@available(added=1)\nlibrary acme.garden;\n@available(added=2)\ntype New = struct {};\n",
    );
    let mut options = fidlwire_build::Options::default();
    options.available.insert("acme".into(), 1);
    let ir = fidlwire_build::compile(&sources, &options).unwrap();
    assert!(ir.find("acme.garden", "New").is_none());
    options.available.insert("acme".into(), 2);
    let ir = fidlwire_build::compile(&sources, &options).unwrap();
    assert!(ir.find("acme.garden", "New").is_some());
}

// A mistake at a version other than the selected one is still reported.
check!(
    errors_at_other_versions_are_reported,
    v("@available(removed=2)\ntype S = struct { a Missing; };"),
    ["4:21 error[fi-0052]"]
);

// Regression: a reference missing at several versions was reported once per version.
check!(
    fi_0220_once_for_all_versions,
    v("type Bed = struct { soil Soil; };\n@available(added=2, removed=3)\ntype Soil = struct {};"),
    ["3:26 error[fi-0220]"]
);

#[test]
fn fi_0220_message_gives_both_ranges() {
    let m = crate::support::messages(
        &[(
            "x.fidl",
            &v(
                "@available(added=2)\ntype Bed = struct { soil Soil; };\n@available(added=2, removed=5)\ntype Soil = struct {};",
            ),
        )],
        &Default::default(),
    );
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("`Bed` (available from 2 on)"), "{m:?}");
    assert!(m[0].contains("available from 2 until 5"), "{m:?}");
}
