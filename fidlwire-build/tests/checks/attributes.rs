//! Attributes (`fidl-checks.md` §3.5, §4).

use crate::support::{experimental, g};

check!(
    fi_0120_selector_on_type,
    g("@selector(\"Go\")\ntype Bed = struct {};"),
    ["2:1 error[fi-0120]"]
);
check!(
    fi_0120_generated_name_on_named_declaration,
    g("@generated_name(\"X\")\ntype Bed = struct {};"),
    ["2:1 error[fi-0120]"]
);
check!(
    fi_0120_available_on_inline_layout,
    crate::support::v("type Bed = struct { s @available(added=2) struct {}; };"),
    ["3:23 error[fi-0120]"]
);
// Placement is checked late: a misplaced attribute is not reported next to other errors.
check!(
    fi_0120_waits_for_other_errors,
    g("@selector(\"Go\")\ntype Bed = struct { s Missing; };"),
    ["3:23 error[fi-0052]"]
);
check!(
    fi_0121_transitional,
    g("protocol P { @transitional M(); };"),
    ["2:14 error[fi-0121]"]
);
check!(
    fi_0121_example_deprecated_attribute,
    g("@example_deprecated_attribute\ntype S = struct {};"),
    ["2:1 error[fi-0121]"]
);
check!(
    fi_0122_duplicate_attribute,
    g("@foo\n@foo\ntype S = struct {};"),
    ["3:1 error[fi-0122]"]
);
check!(
    fi_0122_doc_comment_and_doc_attribute,
    g("/// one\n@doc(\"two\")\ntype S = struct {};"),
    ["3:1 error[fi-0122]"]
);
check!(
    fi_0122_library_attributes_of_all_files,
    files: [("x.fidl", "@tag\nlibrary a;\n"), ("y.fidl", "@tag\nlibrary a;\n")],
    ["y.fidl:1:1 error[fi-0122]"]
);
check!(
    fi_0123_duplicate_attribute_canonical,
    g("@plant_kind(\"a\")\n@plantKind(\"b\")\ntype S = struct {};"),
    ["3:1 error[fi-0123]"]
);
check!(
    fi_0124_user_attribute_number,
    g("@weight(3)\ntype S = struct {};"),
    ["2:1 error[fi-0124]"]
);
check!(
    fi_0124_user_attribute_numeric_constant,
    g("const W uint8 = 3;\n@weight(W)\ntype S = struct {};"),
    ["3:1 error[fi-0124]"]
);
check!(
    user_attribute_string_and_bool_constants,
    g(
        "const W string = \"w\";\nconst B bool = true;\n@weight(W)\n@heavy(value=B, why=\"x\")\ntype S = struct {};"
    ),
    []
);
check!(
    fi_0125_argument_must_not_be_named,
    g("@transport(value=\"Channel\")\nprotocol P {};"),
    ["2:12 error[fi-0125]"]
);
check!(
    fi_0126_argument_not_named,
    g("@discoverable(\"acme.garden.Pump\")\nprotocol Pump {};"),
    ["2:1 error[fi-0126]"]
);
check!(
    fi_0128_missing_anonymous_argument,
    g("protocol P { @selector M(); };"),
    ["2:14 error[fi-0128]"]
);
check!(
    fi_0129_unknown_argument,
    crate::support::v("@available(added=1, since=2)\ntype S = struct {};"),
    ["3:21 error[fi-0129]"]
);
check!(
    fi_0129_named_argument_on_no_argument_attribute,
    g("type E = flexible enum { @unknown(why=\"x\") A = 1; };"),
    ["2:35 error[fi-0129]"]
);
check!(
    fi_0130_duplicate_argument,
    g("@tag(a=\"1\", a=\"2\")\ntype S = struct {};"),
    ["2:1 error[fi-0130]"]
);
check!(
    fi_0131_duplicate_argument_canonical,
    g("@tag(bed_size=\"a\", bedSize=\"b\")\ntype S = struct {};"),
    ["2:1 error[fi-0131]"]
);
check!(
    fi_0132_attribute_disallows_arguments,
    g("type E = flexible enum { @unknown(\"legacy\") A = 1; };"),
    ["2:26 error[fi-0132]"]
);
check!(
    fi_0133_compile_early_attribute_needs_a_literal,
    g(
        "const SEED_NAME string = \"Seed\";\ntype S = struct { seed @generated_name(SEED_NAME) struct {}; };"
    ),
    ["3:40 error[fi-0133]"]
);
check!(
    fi_0104_selector_of_wrong_type,
    g("protocol P { @selector(42) M(); };"),
    ["2:24 error[fi-0065]", "2:24 error[fi-0104]"]
);
check!(
    fi_0104_user_attribute_naming_a_type,
    g("type Bed = struct {};\n@tag(Bed)\ntype S = struct {};"),
    ["3:6 error[fi-0063]", "3:6 error[fi-0104]"]
);
check!(
    fi_0135_invalid_discoverable_name,
    g("@discoverable(name=\"acme.garden/Pump\")\nprotocol Pump {};"),
    ["2:15 error[fi-0135]"]
);
check!(
    fi_0135_name_without_library,
    g("@discoverable(name=\"Pump\")\nprotocol Pump {};"),
    ["2:15 error[fi-0135]"]
);
check!(
    discoverable_name_and_locations,
    g(
        "@discoverable(name=\"acme.other.Pump\", client=\"platform, external\", server=\"external\")\nprotocol Pump {};"
    ),
    []
);
check!(
    fi_0210_invalid_discoverable_location,
    g("@discoverable(client=\"cloud\")\nprotocol Pump {};"),
    ["2:15 error[fi-0210]"]
);
check!(
    fi_0210_empty_location,
    g("@discoverable(server=\"\")\nprotocol Pump {};"),
    ["2:15 error[fi-0210]"]
);
check!(
    fi_0142_invalid_transport,
    g("@transport(\"Pipe\")\nprotocol P {};"),
    ["2:1 error[fi-0142]"]
);
check!(
    fi_0145_attribute_typo,
    g("@transprt(\"Channel\")\nprotocol P {};"),
    ["2:1 warning[fi-0145]"]
);
check!(
    fi_0145_case_matters,
    g("@Doc(\"x\")\ntype S = struct {};"),
    ["2:1 warning[fi-0145]"]
);
// Emitted while consuming, so it shows next to later errors.
check!(
    fi_0145_shows_with_errors,
    g("@selecter(\"x\")\ntype S = struct { a Missing; };"),
    ["2:1 warning[fi-0145]", "3:21 error[fi-0052]"]
);
check!(
    fi_0146_invalid_generated_name,
    g("type S = struct { s @generated_name(\"2nd-bed\") struct {}; };"),
    ["2:37 error[fi-0146]"]
);
// The generated name is the one given, so it can collide.
check!(
    generated_name_renames_an_inline_layout,
    g("type S = struct { s @generated_name(\"Seed\") struct {}; };\ntype Seed = struct {};"),
    ["3:6 error[fi-0034]"]
);
check!(
    fi_0222_no_resource_needs_the_switch,
    g("@no_resource\nprotocol P {};"),
    ["2:1 error[fi-0222]"]
);
check!(
    no_resource_with_the_switch,
    experimental(&["no_resource_attribute"]),
    g("@no_resource\nprotocol P { M(struct { a uint8; }); };"),
    []
);
check!(
    fi_0223_no_resource_forbids_compose,
    experimental(&["no_resource_attribute"]),
    g("protocol Q {};\n@no_resource\nprotocol P { compose Q; };"),
    ["4:22 error[fi-0223]"]
);
check!(
    fi_0221_resource_forbidden_in_no_resource_protocol,
    experimental(&["no_resource_attribute"]),
    g("@no_resource\nprotocol P { M(resource struct { a uint8; }); };"),
    ["3:16 error[fi-0221]"]
);
check!(
    sensitive_attribute,
    g("@sensitive\ntype S = struct { @sensitive a uint8; };"),
    []
);
// Back-end attributes are not validated.
check!(
    backend_attributes,
    g("@bindings_denylist(\"rust\")\n@no_doc\ntype S = struct {};"),
    []
);
