//! Structs, tables, unions, enums, bits, overlays and resourceness (`fidl-checks.md` §3.8).

use crate::support::{experimental, g};

// ---------------------------------------------------------------- struct

check!(
    fi_0050_struct_default,
    g("type Bed = struct { depth uint8 = 3; };"),
    ["2:21 error[fi-0050]"]
);
check!(
    struct_default_with_opt_in,
    g("type Bed = struct {\n    @allow_deprecated_struct_defaults\n    depth uint8 = 3;\n};"),
    []
);
check!(
    fi_0091_default_on_non_constant_type,
    g(
        "type Bed = struct {\n    @allow_deprecated_struct_defaults\n    seeds vector<uint8> = 3;\n};"
    ),
    ["2:6 error[fi-0091]"]
);
check!(
    fi_0103_default_does_not_resolve,
    g("type Bed = struct {\n    @allow_deprecated_struct_defaults\n    n uint8 = 999;\n};"),
    ["4:5 error[fi-0103]", "4:15 error[fi-0066]"]
);
check!(empty_struct_is_legal, g("type Empty = struct {};"), []);

// ---------------------------------------------------------------- table

check!(
    fi_0048_optional_table_member,
    g("type Tray = table { 1: note string:optional; };"),
    ["2:24 error[fi-0048]"]
);
check!(
    fi_0048_optional_through_alias,
    g("alias Note = string:optional;\ntype Tray = table { 1: note Note; };"),
    ["3:24 error[fi-0048]"]
);
check!(
    fi_0092_table_ordinal_too_large,
    g("type T = table { 65: extra uint8; };"),
    ["2:18 error[fi-0092]"]
);

fn table_of_64(last: &str) -> String {
    let mut body = String::from("type T = table {\n");
    for i in 1..64 {
        body += &format!("    {i}: m{i} uint8;\n");
    }
    body += &format!("    64: {last};\n}};");
    g(&body)
}

check!(
    fi_0093_max_ordinal_not_table,
    table_of_64("more uint8"),
    ["66:9 error[fi-0093]"]
);
check!(max_ordinal_is_a_table, table_of_64("more table {}"), []);
// Only the 64th member counts: a lone member with ordinal 64 is fine.
check!(ordinal_64_alone, g("type T = table { 64: a uint8; };"), []);
check!(
    fi_0094_duplicate_table_ordinal,
    g("type T = table { 1: a uint8; 1: b uint16; };"),
    ["2:30 error[fi-0094]"]
);
check!(
    tables_may_have_gaps,
    g("type T = table { 3: a uint8; 9: b uint8; };\ntype E = table {};"),
    []
);

// ---------------------------------------------------------------- union

check!(
    fi_0049_optional_union_member,
    g("type Choice = union { 1: note string:optional; };"),
    ["2:26 error[fi-0049]"]
);
check!(
    fi_0097_duplicate_union_ordinal,
    g("type U = union { 1: a uint8; 1: b uint16; };"),
    ["2:30 error[fi-0097]"]
);
check!(
    fi_0019_empty_strict_union,
    g("type Choice = strict union {};"),
    ["2:6 error[fi-0019]"]
);
check!(
    empty_flexible_union,
    g("type Choice = flexible union {};"),
    []
);
check!(
    union_ordinals_beyond_64,
    g("type U = union { 4294967295: a uint8; };"),
    []
);

// ---------------------------------------------------------------- enum

check!(
    fi_0070_enum_type_must_be_integral,
    g("type E = enum : float32 { A = 1; };"),
    ["2:6 error[fi-0070]"]
);
check!(
    fi_0070_through_alias,
    g("alias F = bool;\ntype E = enum : F { A = 1; };"),
    ["3:6 error[fi-0070]"]
);
check!(
    fi_0107_duplicate_member_value,
    g("type Color = enum { RED = 1; ROSE = 1; };"),
    ["2:30 error[fi-0107]"]
);
check!(
    fi_0068_flexible_enum_member_with_max_value,
    g("type Level = enum : uint8 { TOP = 255; };"),
    ["2:29 error[fi-0068]"]
);
check!(
    fi_0068_strict_is_fine,
    g("type Level = strict enum : uint8 { TOP = 255; };"),
    []
);
check!(
    fi_0068_unknown_member_takes_the_max,
    g("type Level = enum : int8 { @unknown TOP = 127; };"),
    []
);
check!(
    fi_0071_unknown_in_strict_enum,
    g("type E = strict enum { @unknown A = 1; };"),
    ["2:33 error[fi-0071]"]
);
check!(
    fi_0072_unknown_on_two_members,
    g("type E = enum { @unknown A = 1; @unknown B = 2; };"),
    ["2:42 error[fi-0072]"]
);
check!(
    fi_0019_empty_strict_enum,
    g("type E = strict enum {};"),
    ["2:6 error[fi-0019]"]
);
check!(
    fi_0102_member_value_does_not_resolve,
    g("type Level = enum : uint8 { HIGH = 300; };"),
    ["2:29 error[fi-0102]", "2:36 error[fi-0066]"]
);
check!(
    fi_0064_member_from_another_enum,
    g("type Shade = enum { DARK = 1; };\ntype Color = enum { RED = Shade.DARK; };"),
    ["3:21 error[fi-0102]", "3:27 error[fi-0064]"]
);
check!(
    enum_members_from_constants,
    g("const ONE uint32 = 1;\ntype E = enum { A = ONE; B = 2; };"),
    []
);

// ---------------------------------------------------------------- bits

check!(
    fi_0069_bits_type_must_be_unsigned,
    g("type B = bits : int32 { A = 1; };"),
    ["2:6 error[fi-0069]"]
);
check!(
    fi_0067_bits_member_power_of_two,
    g("type Flags = bits { BOTH = 3; };"),
    ["2:21 error[fi-0067]"]
);
check!(
    fi_0067_zero_is_not_a_bit,
    g("type Flags = bits { NONE = 0; };"),
    ["2:21 error[fi-0067]"]
);
check!(
    fi_0107_duplicate_bits_value,
    g("type F = bits { A = 1; B = 1; };"),
    ["2:24 error[fi-0107]"]
);
check!(
    fi_0019_empty_strict_bits,
    g("type F = strict bits {};"),
    ["2:6 error[fi-0019]"]
);

// ---------------------------------------------------------------- overlay

check!(
    fi_0197_overlay_must_be_strict,
    experimental(&["zx_c_types"]),
    g("type O = overlay { 1: a uint8; };"),
    ["2:6 error[fi-0197]"]
);
check!(
    fi_0198_overlay_must_be_value,
    experimental(&["zx_c_types"]),
    g("type O = strict resource overlay { 1: a uint8; };"),
    ["2:6 error[fi-0198]"]
);
check!(
    fi_0199_overlay_member_must_be_value,
    experimental(&["zx_c_types"]),
    g("using zx;\ntype O = strict overlay { 1: h zx.Handle; };"),
    ["3:30 error[fi-0199]"]
);
check!(
    fi_0097_duplicate_overlay_ordinal,
    experimental(&["zx_c_types"]),
    g("type O = strict overlay { 1: a uint8; 1: b uint16; };"),
    ["2:39 error[fi-0097]"]
);

// ---------------------------------------------------------------- resourceness

check!(
    fi_0110_type_must_be_resource,
    g("using zx;\ntype S = struct { h zx.Handle:VMO; };"),
    ["3:6 error[fi-0110]"]
);
check!(
    fi_0110_once_per_member,
    g("protocol P {};\ntype S = table { 1: a client_end:P; 2: b vector<server_end:P>; };"),
    ["3:6 error[fi-0110]", "3:6 error[fi-0110]"]
);
check!(
    fi_0110_through_a_resource_layout,
    g("type R = resource struct {};\ntype S = union { 1: r vector<R>; };"),
    ["3:6 error[fi-0110]"]
);
check!(
    fi_0110_inline_payload,
    g("using zx;\nprotocol P { Give(struct { v zx.Handle:VMO; }); };"),
    ["3:19 error[fi-0110]"]
);
check!(
    resource_without_handles,
    g("type R = resource struct { a uint8; };"),
    []
);
// Generated result unions become resource by themselves.
check!(
    result_union_is_resource_automatically,
    g("using zx;\nprotocol P { M() -> (resource struct { h zx.Handle; }) error uint32; };"),
    []
);
