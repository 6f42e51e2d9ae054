//! Types, layout parameters and constraints (`fidl-checks.md` §3.7, §3.12, §3.13).

use crate::support::{experimental, g};

check!(
    fi_0156_optional_primitive,
    g("type S = struct { count uint8:optional; };"),
    ["2:31 error[fi-0156]"]
);
check!(
    fi_0156_optional_table,
    g("type Tray = table {};\ntype S = struct { t Tray:optional; };"),
    ["3:26 error[fi-0156]"]
);
check!(
    fi_0156_optional_array,
    g("type S = struct { a array<uint8, 4>:optional; };"),
    ["2:37 error[fi-0156]"]
);
check!(
    fi_0157_client_end_of_struct,
    g("type Bed = struct {};\nprotocol P { M(resource struct { c client_end:Bed; }); };"),
    ["3:47 error[fi-0157]"]
);
check!(
    fi_0157_client_end_of_number,
    g("protocol P { M(resource struct { c client_end:4; }); };"),
    ["2:47 error[fi-0157]"]
);
check!(
    fi_0158_cannot_bound_twice,
    g("alias Label = string:32;\ntype S = struct { l Label:16; };"),
    ["3:27 error[fi-0158]"]
);
check!(
    bound_at_use_site,
    g("alias Label = string;\ntype S = struct { l Label:16; };"),
    []
);
check!(
    fi_0159_struct_cannot_be_optional,
    g("type Bed = struct {};\ntype S = struct { b Bed:optional; };"),
    ["3:25 error[fi-0159]"]
);
check!(
    fi_0160_cannot_indicate_optional_twice,
    g("alias MaybeLabel = string:optional;\ntype S = struct { l MaybeLabel:optional; };"),
    ["3:32 error[fi-0160]"]
);
check!(
    fi_0161_zero_size_array,
    g("type S = struct { a array<uint8, 0>; };"),
    ["2:34 error[fi-0161]"]
);
check!(
    fi_0162_too_many_parameters,
    g("type S = struct { v vector<uint8, 4>; };"),
    ["2:27 error[fi-0162]"]
);
check!(
    fi_0162_missing_parameter,
    g("type S = struct { v vector; };"),
    ["2:21 error[fi-0162]"]
);
check!(
    fi_0162_array_needs_two,
    g("type S = struct { a array<uint8>; };"),
    ["2:26 error[fi-0162]"]
);
check!(
    fi_0162_parameters_on_a_declaration,
    g("type Bed = struct {};\ntype S = struct { b Bed<uint8>; };"),
    ["3:24 error[fi-0162]"]
);
check!(
    fi_0164_too_many_constraints,
    g("type S = struct { v vector<uint8>:<4, optional, 8>; };"),
    ["2:49 error[fi-0164]"]
);
check!(
    fi_0164_constraint_on_primitive,
    g("type S = struct { n uint32:5; };"),
    ["2:28 error[fi-0164]"]
);
check!(
    fi_0164_constraints_on_a_layout_declaration,
    g("type S = struct {}:optional;"),
    ["2:20 error[fi-0164]"]
);
check!(
    fi_0165_literal_as_type,
    g("type S = struct { v vector<5>; };"),
    ["2:28 error[fi-0165]"]
);
check!(
    fi_0165_protocol_as_type,
    g("protocol Pump {};\ntype S = struct { p Pump; };"),
    ["3:21 error[fi-0165]"]
);
check!(
    fi_0165_max_as_type,
    g("type S = struct { v vector<MAX>; };"),
    ["2:28 error[fi-0165]"]
);
check!(
    fi_0166_unexpected_constraint,
    g("type S = struct { s string:<optional, 10>; };"),
    ["2:39 error[fi-0166]"]
);
check!(
    fi_0167_cannot_constrain_twice,
    g("using zx;\nalias Vmo = zx.Handle:VMO;\ntype S = resource struct { h Vmo:EVENT; };"),
    ["4:34 error[fi-0167]"]
);
check!(
    fi_0168_protocol_constraint_required,
    g("type S = resource struct { c client_end; };"),
    ["2:30 error[fi-0168]"]
);
check!(
    fi_0168_optional_without_protocol,
    g("type S = resource struct { c client_end:optional; };"),
    ["2:30 error[fi-0168]"]
);
check!(
    fi_0169_box_cannot_be_optional,
    g("type Bed = struct {};\ntype S = struct { b box<Bed>:optional; };"),
    ["3:30 error[fi-0169]"]
);
check!(
    fi_0171_box_of_union,
    g("type Choice = union { 1: a uint8; };\ntype S = struct { c box<Choice>; };"),
    ["3:25 error[fi-0171]"]
);
check!(
    fi_0171_box_of_string,
    g("type S = struct { c box<string>; };"),
    ["2:25 error[fi-0171]"]
);
check!(
    fi_0193_box_of_primitive,
    g("type S = struct { c box<uint8>; };"),
    ["2:25 error[fi-0193]"]
);
check!(
    fi_0193_box_of_table,
    g("type Tray = table {};\ntype S = struct { c box<Tray>; };"),
    ["3:25 error[fi-0193]"]
);
check!(
    fi_0179_new_type_cannot_have_constraint,
    experimental(&["allow_new_types"]),
    g("type Name = string:8;"),
    ["2:13 error[fi-0179]"]
);
check!(
    fi_0180_zx_c_types_disallowed,
    g("type S = struct { n usize64; };"),
    ["2:21 error[fi-0180]"]
);
check!(
    zx_c_types_with_the_switch,
    experimental(&["zx_c_types"]),
    g("type S = struct { n usize64; s string_array<4>; };"),
    []
);
check!(
    handle_constraints,
    g(
        "using zx;\ntype S = resource struct {\n    a zx.Handle;\n    b zx.Handle:VMO;\n    c zx.Handle:<VMO, zx.Rights.READ | zx.Rights.WRITE, optional>;\n    d zx.Handle:optional;\n};"
    ),
    []
);
check!(
    fi_0101_size_not_a_constant,
    g("type S = struct { label string:\"long\"; };"),
    ["2:32 error[fi-0101]"]
);
check!(
    fi_0101_array_size_from_a_type,
    g("type Bed = struct {};\ntype S = struct { a array<uint8, Bed>; };"),
    ["3:34 error[fi-0063]", "3:34 error[fi-0101]"]
);
check!(legacy_bytes, g("type S = struct { b bytes:16; };"), []);

// ---------------------------------------------------------------- include cycles (§3.12)

check!(
    fi_0057_struct_contains_itself,
    g("type Node = struct { next Node; };"),
    ["2:6 error[fi-0057]"]
);
check!(
    boxed_recursion,
    g("type Node = struct { next box<Node>; };"),
    []
);
check!(
    fi_0057_union_contains_itself,
    g("type Choice = union { 1: again Choice; };"),
    ["2:6 error[fi-0057]"]
);
check!(
    optional_union_breaks_the_cycle,
    g(
        "type Pick = union { 1: leaf uint8; 2: wrap Wrapper; };\ntype Wrapper = struct { inner Pick:optional; };"
    ),
    []
);
check!(
    optional_vector_breaks_the_cycle,
    g("type Tree = table { 1: kids vector<Tree>:optional; };"),
    ["2:24 error[fi-0048]"]
);
check!(
    optional_vector_in_struct,
    g("type Tree = struct { kids vector<Tree>:optional; };"),
    []
);
check!(
    fi_0057_required_vector,
    g("type Tree = table { 1: kids vector<Tree>; };"),
    ["2:6 error[fi-0057]"]
);
check!(
    fi_0057_alias_cycle,
    g("alias A = B;\nalias B = A;"),
    ["2:7 error[fi-0057]"]
);
check!(
    fi_0057_protocol_cycle,
    g("protocol P { compose Q; };\nprotocol Q { compose P; };"),
    ["2:10 error[fi-0057]"]
);
check!(
    fi_0057_two_structs,
    g("type A = struct { b B; };\ntype B = struct { a A; };"),
    ["2:6 error[fi-0057]"]
);
check!(
    client_end_breaks_the_cycle,
    g("protocol P { M(resource struct { p client_end:P; }); };"),
    []
);

// ---------------------------------------------------------------- type-shape limits (§3.13)

check!(
    fi_0111_inline_size_exceeds_limit,
    g("type Big = struct { a array<uint8, 70000>; };"),
    ["2:6 error[fi-0111]"]
);
check!(
    fi_0207_type_shape_overflow,
    g("type S = struct { a array<array<uint64, 65536>, 65536>; };"),
    ["2:6 error[fi-0207]"]
);

// ---------------------------------------------------------------- more type positions

check!(
    fi_0165_constant_as_type,
    g("const C uint8 = 1;\ntype S = struct { x C; };"),
    ["3:21 error[fi-0165]"]
);
check!(
    fi_0165_member_as_type,
    g("type E = enum { A = 1; };\ntype S = struct { x E.A; };"),
    ["3:21 error[fi-0165]"]
);
check!(
    fi_0164_constraint_through_alias_of_struct,
    g("type P = struct {};\nalias A = P;\ntype S = struct { x A:5; };"),
    ["4:23 error[fi-0164]"]
);
check!(
    zero_bound_is_allowed,
    g("type S = struct { x vector<uint8>:0; };"),
    []
);
