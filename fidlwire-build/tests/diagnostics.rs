//! One malformed input per diagnostic the front end emits, asserting the exact
//! `file:line:col: error: message` headlines (all of them, in order).

use fidlwire_build::{Options, SourceMap, compile};

fn headlines(files: &[(&str, &str)]) -> Vec<String> {
    let mut sources = SourceMap::default();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    match compile(&sources, &Options::default()) {
        Ok(_) => Vec::new(),
        Err(e) => e.headlines,
    }
}

/// `diag!(test_name, "source", "line:col: message", ...)` for a single file `x.fidl`.
macro_rules! diag {
    ($name:ident, $src:expr, $($expected:expr),+ $(,)?) => {
        #[test]
        fn $name() {
            let got = headlines(&[("x.fidl", $src)]);
            let want: Vec<String> = vec![$(format!("x.fidl:{}", $expected)),+];
            assert_eq!(got, want);
        }
    };
}

const LIB: &str = "library test.diag;\n";

fn with_lib(body: &str) -> String {
    format!("{LIB}{body}")
}

// ---------------------------------------------------------------- lexer and parser

diag!(
    unexpected_character,
    "library a;\ntype S = struct { x uint8 $ };",
    "2:27: error: unexpected character `$`"
);
diag!(
    unterminated_string,
    "library a;\nconst S string = \"abc;\n",
    "2:18: error: unterminated string literal"
);
diag!(
    invalid_escape,
    "library a;\nconst S string = \"a\\q\";\n",
    "2:20: error: invalid escape sequence"
);
diag!(
    unterminated_block_comment,
    "library a;\n/* never closed",
    "2:1: error: unterminated block comment"
);
diag!(
    missing_library,
    "type S = struct {};",
    "1:1: error: expected `library`, found `type`"
);
diag!(
    missing_semicolon,
    "library a\ntype S = struct {};",
    "2:1: error: expected `;`, found `type`"
);
diag!(
    bad_identifier,
    "library a;\ntype S_ = struct {};",
    "2:6: error: invalid identifier `S_`: identifiers must start with a letter and not end with `_`"
);
diag!(
    unknown_declaration,
    "library a;\nstruct S {};",
    "2:1: error: expected a declaration (`const`, `alias`, `type`, `protocol`, `service` or `resource_definition`), found `struct`"
);
diag!(
    using_after_declaration,
    "library a;\ntype S = struct {};\nusing b;",
    "3:1: error: `using` must come before declarations"
);
diag!(
    dangling_attribute,
    "library a;\ntype S = struct {};\n@doc(\"x\")\n",
    "3:1: error: attribute is not attached to a declaration"
);
diag!(
    duplicate_attribute,
    "library a;\n@foo @foo\ntype S = struct {};",
    "2:7: error: duplicate attribute `@foo`"
);
diag!(
    duplicate_modifier,
    "library a;\ntype U = strict strict union { 1: a uint8; };",
    "2:17: error: duplicate modifier `strict`"
);
diag!(
    missing_ordinal,
    "library a;\ntype T = table { a uint8; };",
    "2:18: error: expected an ordinal (`1:`), found `a`"
);
diag!(
    invalid_ordinal,
    "library a;\ntype T = table { 0x1z: a uint8; };",
    "2:18: error: invalid ordinal `0x1z`"
);
diag!(
    minus_without_number,
    "library a;\nconst X int8 = -y;",
    "2:17: error: expected a number after `-`, found `y`"
);
diag!(
    missing_type,
    "library a;\ntype S = struct { x ; };",
    "2:21: error: expected a type, found `;`"
);
diag!(
    missing_constant,
    "library a;\nconst X uint8 = ;",
    "2:17: error: expected a constant, found `;`"
);
diag!(
    attribute_on_named_type,
    "library a;\ntype S = struct { x @foo uint8; };",
    "2:21: error: attributes are only allowed before inline layouts here"
);
diag!(
    nesting_too_deep,
    &format!(
        "library a;\nalias A = {}uint8{};",
        "vector<".repeat(70),
        ">".repeat(70)
    ),
    "2:459: error: nesting deeper than 64 levels"
);

// ---------------------------------------------------------------- libraries and names

#[test]
fn unknown_library() {
    assert_eq!(
        headlines(&[("a.fidl", "library a;\nusing b;\n")]),
        ["a.fidl:2:7: error: unknown library `b` (no file declares it)"]
    );
}

#[test]
fn import_cycle() {
    let got = headlines(&[
        (
            "a.fidl",
            "library a;\nusing b;\ntype A = struct { b b.B; };",
        ),
        (
            "b.fidl",
            "library b;\nusing a;\ntype B = struct { a a.A; };",
        ),
    ]);
    assert_eq!(
        got[0],
        "b.fidl:2:7: error: library import cycle through `a`"
    );
}

#[test]
fn self_import() {
    assert_eq!(
        headlines(&[("a.fidl", "library a;\nusing a;\n")]),
        ["a.fidl:2:7: error: a library cannot import itself"]
    );
}

#[test]
fn duplicate_import() {
    let got = headlines(&[
        (
            "a.fidl",
            "library a;\nusing b;\nusing b;\ntype A = struct { x b.B; };",
        ),
        ("b.fidl", "library b;\ntype B = struct {};"),
    ]);
    assert_eq!(got, ["a.fidl:3:7: error: library `b` imported twice"]);
}

#[test]
fn unused_import() {
    let got = headlines(&[
        ("a.fidl", "library a;\nusing b;\n"),
        ("b.fidl", "library b;\n"),
    ]);
    assert_eq!(
        got,
        ["a.fidl:2:7: error: library `b` is imported but not used"]
    );
}

#[test]
fn not_declared_in_library() {
    let got = headlines(&[
        (
            "a.fidl",
            "library a;\nusing b;\ntype A = struct { x b.Nope; };",
        ),
        ("b.fidl", "library b;\n"),
    ]);
    assert_eq!(
        got,
        ["a.fidl:3:21: error: `Nope` is not declared in library `b`"]
    );
}

#[test]
fn unresolvable_compound() {
    let got = headlines(&[
        ("a.fidl", "library a;\nusing b;\nconst X uint32 = b.E.A.B;"),
        ("b.fidl", "library b;\ntype E = enum { A = 1; };"),
    ]);
    assert_eq!(got, ["a.fidl:3:18: error: cannot resolve `b.E.A.B`"]);
}

diag!(
    undefined_name,
    &with_lib("type S = struct { x Missing; };"),
    "2:21: error: cannot find `Missing` in this scope"
);
diag!(
    duplicate_declaration,
    &with_lib("type S = struct {};\ntype S = table {};"),
    "3:6: error: `S` is declared twice"
);
diag!(
    canonical_collision,
    &with_lib("type FooBar = struct {};\ntype foo_bar = struct {};"),
    "3:6: error: `foo_bar` collides with `FooBar` (names are compared case-insensitively, ignoring underscores)"
);
diag!(
    duplicate_member,
    &with_lib("type S = struct { a uint8; A uint8; };"),
    "2:28: error: duplicate member `A` in struct"
);
diag!(
    duplicate_service_member,
    &with_lib("protocol P {};\nservice S { p client_end:P; p client_end:P; };"),
    "3:29: error: duplicate service member `p`"
);
diag!(
    service_member_not_client_end,
    &with_lib("protocol P {};\nservice S { p server_end:P; };"),
    "3:13: error: service members must be `client_end:Protocol`"
);

// ---------------------------------------------------------------- layouts

diag!(
    modifier_not_allowed,
    &with_lib("type S = strict struct {};"),
    "2:10: error: `strict` is not allowed on struct"
);
diag!(
    conflicting_strictness,
    &with_lib("type U = strict flexible union { 1: a uint8; };"),
    "2:17: error: conflicting strictness modifiers"
);
diag!(
    subtype_on_struct,
    &with_lib("type S = struct : uint8 {};"),
    "2:10: error: struct does not take an underlying type"
);
diag!(
    empty_strict_union,
    &with_lib("type U = strict union {};"),
    "2:10: error: a strict union must have at least one member"
);
diag!(
    enum_subtype_not_integer,
    &with_lib("type E = enum : float32 { A = 1; };"),
    "2:17: error: enum underlying type must be an integer type"
);
diag!(
    signed_bits,
    &with_lib("type B = bits : int8 { A = 1; };"),
    "2:17: error: bits must have an unsigned integer underlying type, not `int8`"
);
diag!(
    duplicate_enum_value,
    &with_lib("type E = enum { A = 1; B = 1; };"),
    "2:28: error: value 1 of `B` duplicates member `A`"
);
diag!(
    bits_not_power_of_two,
    &with_lib("type B = bits { A = 3; };"),
    "2:21: error: bits member `A` must be a power of two, not 3"
);
diag!(
    unknown_on_bits,
    &with_lib("type B = bits { @unknown A = 1; };"),
    "2:26: error: @unknown is only allowed on enum members"
);
diag!(
    unknown_on_strict_enum,
    &with_lib("type E = strict enum { @unknown A = 1; };"),
    "2:33: error: @unknown is only allowed on flexible enums"
);
diag!(
    two_unknowns,
    &with_lib("type E = enum { @unknown A = 1; @unknown B = 2; };"),
    "2:10: error: only one member may be marked @unknown"
);
diag!(
    empty_strict_enum,
    &with_lib("type E = strict enum {};"),
    "2:10: error: a strict enum must have at least one member"
);
diag!(
    ordinal_zero,
    &with_lib("type T = table { 0: a uint8; };"),
    "2:18: error: ordinals start at 1"
);
diag!(
    duplicate_ordinal,
    &with_lib("type T = table { 1: a uint8; 1: b uint8; };"),
    "2:30: error: duplicate ordinal 1"
);
diag!(
    table_ordinal_too_big,
    &with_lib("type T = table { 65: a uint8; };"),
    "2:18: error: table ordinal 65 exceeds the maximum of 64"
);
diag!(
    table_ordinal_64_not_table,
    &with_lib("type T = table { 64: a uint8; };"),
    "2:18: error: table ordinal 64 is reserved for a table extension: its member must be a table"
);
diag!(
    optional_table_member,
    &with_lib("type T = table { 1: a string:optional; };"),
    "2:18: error: table members cannot be optional"
);
diag!(
    optional_union_member,
    &with_lib("type U = union { 1: a string:optional; };"),
    "2:18: error: union members cannot be optional"
);
diag!(
    constraints_on_layout_decl,
    &with_lib("type S = struct {}:optional;"),
    "2:10: error: a layout declaration takes no constraints"
);
diag!(
    recursive_without_indirection,
    &with_lib("type A = struct { b B; };\ntype B = struct { a A; };"),
    "3:19: error: `B` contains itself without indirection (use `box`, a vector, or an optional union)"
);
diag!(
    handle_in_value_type,
    "library a;\nusing zx;\ntype S = struct { h zx.Handle; };",
    "3:19: error: member `h` holds a handle, so `S` must be declared `resource`"
);

// ---------------------------------------------------------------- types and constraints

diag!(
    literal_as_type,
    &with_lib("type S = struct { x 5; };"),
    "2:21: error: expected a type, found a literal"
);
diag!(
    inline_layout_in_alias,
    &with_lib("alias A = struct {};"),
    "2:11: error: inline layouts are only allowed in member and payload positions"
);
diag!(
    member_as_type,
    &with_lib("type E = enum { A = 1; };\ntype S = struct { x E.A; };"),
    "3:21: error: expected a type, found a member"
);
diag!(
    params_on_decl,
    &with_lib("type P = struct {};\ntype S = struct { x P<uint8>; };"),
    "3:21: error: `P` takes no parameters"
);
diag!(
    alias_cycle,
    &with_lib("alias A = B;\nalias B = A;"),
    "3:11: error: alias `A` refers to itself"
);
diag!(
    optional_struct,
    &with_lib("type P = struct {};\ntype S = struct { x P:optional; };"),
    "3:23: error: structs cannot be optional; use `box<P>`"
);
diag!(
    optional_table,
    &with_lib("type T = table {};\ntype S = struct { x T:optional; };"),
    "3:23: error: `T` cannot be optional"
);
diag!(
    protocol_as_type,
    &with_lib("protocol P {};\ntype S = struct { x P; };"),
    "3:21: error: protocol `P` is not a type; use `client_end:P` or `server_end:P`"
);
diag!(
    const_as_type,
    &with_lib("const C uint8 = 1;\ntype S = struct { x C; };"),
    "3:21: error: `C` is not a type"
);
diag!(
    too_many_constraints,
    &with_lib("type S = struct { x string:<5, 6>; };"),
    "2:32: error: too many constraints for this type"
);
diag!(
    constraint_on_alias_of_struct,
    &with_lib("type P = struct {};\nalias A = P;\ntype S = struct { x A:5; };"),
    "4:23: error: this type takes no constraints"
);
diag!(
    zero_bound,
    &with_lib("type S = struct { x vector<uint8>:0; };"),
    "2:35: error: a bound must be at least 1"
);
diag!(
    wrong_param_count,
    &with_lib("type S = struct { x vector<uint8, uint8>; };"),
    "2:21: error: `vector` takes 1 parameter"
);
diag!(
    array_size_not_constant,
    &with_lib("type S = struct { x array<uint8, struct {}>; };"),
    "2:34: error: expected an array size"
);
diag!(
    zero_array,
    &with_lib("type S = struct { x array<uint8, 0>; };"),
    "2:34: error: array size must be at least 1"
);
diag!(
    optional_array,
    &with_lib("type S = struct { x array<uint8, 2>:optional; };"),
    "2:37: error: arrays cannot be optional"
);
diag!(
    box_of_table,
    &with_lib("type T = table {};\ntype S = struct { x box<T>; };"),
    "3:25: error: `box` only takes a struct"
);
diag!(
    client_end_without_protocol,
    &with_lib("type S = resource struct { x client_end; };"),
    "2:30: error: `client_end` needs a protocol: `client_end:Protocol`"
);
diag!(
    client_end_literal,
    &with_lib("type S = resource struct { x client_end:5; };"),
    "2:41: error: expected a protocol name"
);
diag!(
    client_end_of_struct,
    &with_lib("type P = struct {};\ntype S = resource struct { x client_end:P; };"),
    "3:41: error: `P` is not a protocol"
);
diag!(
    optional_primitive,
    &with_lib("type S = struct { x uint8:optional; };"),
    "2:27: error: `uint8` cannot be optional"
);
diag!(
    bad_handle_subtype,
    "library a;\nusing zx;\ntype S = resource struct { h zx.Handle:BOGUS; };",
    "3:40: error: `BOGUS` is not a member of `ObjType`"
);

// ---------------------------------------------------------------- resource definitions

diag!(
    resource_not_uint32,
    &with_lib(
        "type O = enum { X = 1; };\nresource_definition R : uint8 { properties { subtype O; }; };"
    ),
    "3:25: error: a resource_definition's underlying type must be uint32"
);
diag!(
    resource_property_type,
    &with_lib(
        "type O = enum { X = 1; };\nresource_definition R : uint32 { properties { subtype O; rights string; }; };"
    ),
    "3:58: error: resource property `rights` has the wrong type"
);
diag!(
    resource_unknown_property,
    &with_lib(
        "type O = enum { X = 1; };\nresource_definition R : uint32 { properties { subtype O; colour O; }; };"
    ),
    "3:58: error: unknown resource property `colour`"
);
diag!(
    resource_without_subtype,
    &with_lib(
        "resource_definition R : uint32 { properties {}; };\ntype S = resource struct { r R:X; };"
    ),
    "2:25: error: a resource_definition needs a `subtype` property of an enum type",
    "3:32: error: this resource has no subtype property"
);

// ---------------------------------------------------------------- constants

diag!(
    const_of_struct_type,
    &with_lib("type P = struct {};\nconst C P = 1;"),
    "3:9: error: constants must be of a primitive, string, enum or bits type"
);
diag!(
    or_on_signed,
    &with_lib("const X int32 = 1 | 2;"),
    "2:17: error: `|` is only allowed on bits and unsigned integer constants"
);
diag!(
    const_cycle,
    &with_lib("const A uint8 = A;"),
    "2:17: error: constant `A` refers to itself"
);
diag!(
    no_such_member,
    &with_lib("type E = enum { A = 1; };\nconst C E = E.B;"),
    "3:13: error: `E` has no member `B`"
);
diag!(
    not_a_constant,
    &with_lib("type P = struct {};\nconst C uint8 = P;"),
    "3:17: error: `P` is not a constant"
);
diag!(
    const_type_mismatch,
    &with_lib("const S string = \"a\";\nconst N uint8 = S;"),
    "3:17: error: constant of type string cannot be used as uint8"
);
diag!(
    invalid_integer,
    &with_lib("const X uint8 = 0xZZ;"),
    "2:17: error: invalid integer literal `0xZZ`"
);
diag!(
    invalid_float,
    &with_lib("const X float32 = 1.2.3;"),
    "2:19: error: invalid float literal `1.2.3`"
);
diag!(
    string_over_bound,
    &with_lib("const S string:2 = \"abc\";"),
    "2:20: error: string constant of 3 bytes exceeds the bound 2"
);
diag!(
    literal_wrong_type,
    &with_lib("const X uint8 = \"a\";"),
    "2:17: error: literal cannot be used as uint8"
);
diag!(
    integer_as_bool,
    &with_lib("const B bool = 1;"),
    "2:16: error: an integer cannot be used as bool"
);
diag!(
    integer_as_string,
    &with_lib("const S string = 1;"),
    "2:18: error: an integer cannot be used as string"
);
diag!(
    does_not_fit,
    &with_lib("const X uint8 = 256;"),
    "2:17: error: 256 does not fit in uint8"
);
diag!(
    negative_unsigned,
    &with_lib("type E = enum : uint8 { A = -1; };"),
    "2:29: error: -1 does not fit in uint8"
);

// ---------------------------------------------------------------- @available

diag!(
    available_unnamed,
    &with_lib("@available(1)\ntype S = struct {};"),
    "2:1: error: @available takes named arguments (added, removed, deprecated, replaced, platform, note)"
);
diag!(
    available_unknown_arg,
    &with_lib("@available(colour=1)\ntype S = struct {};"),
    "2:12: error: unknown @available argument `colour`"
);
diag!(
    available_not_a_version,
    &with_lib("@available(added=\"x\")\ntype S = struct {};"),
    "2:18: error: @available(added=...) needs a version number, HEAD or NEXT"
);
diag!(
    available_bad_range,
    &with_lib("@available(added=3, removed=2)\ntype S = struct {};"),
    "2:1: error: invalid @available range: added=3 is not before removed=2"
);

// ---------------------------------------------------------------- protocols

diag!(
    two_openness,
    &with_lib("open closed protocol P {};"),
    "2:6: error: a protocol takes at most one of `open`, `ajar`, `closed`"
);
diag!(
    compose_non_protocol,
    &with_lib("type S = struct {};\nprotocol P { compose S; };"),
    "3:22: error: `S` is not a protocol"
);
diag!(
    compose_self,
    &with_lib("protocol P { compose P; };"),
    "2:22: error: protocol `P` composes itself"
);
diag!(
    compose_more_open,
    &with_lib("open protocol O {};\nclosed protocol C { compose O; };"),
    "3:29: error: `C` cannot compose `O`, which is more open"
);
diag!(
    flexible_in_closed,
    &with_lib("closed protocol P { flexible M(); };"),
    "2:30: error: flexible one-way method `M` is not allowed in a closed protocol"
);
diag!(
    flexible_two_way_in_ajar,
    &with_lib("ajar protocol P { M() -> (); };"),
    "2:19: error: flexible two-way method `M` is not allowed in a ajar protocol"
);
diag!(
    flexible_event_in_closed,
    &with_lib("closed protocol P { -> E(); };"),
    "2:24: error: flexible event `E` is not allowed in a closed protocol"
);
diag!(
    empty_selector,
    &with_lib("protocol P { @selector(\"\") M(); };"),
    "2:14: error: @selector needs a non-empty string argument"
);
diag!(
    payload_not_a_layout,
    &with_lib("protocol P { M(uint8); };"),
    "2:16: error: a method payload must be a struct, table or union"
);
diag!(
    empty_struct_payload,
    &with_lib("protocol P { M(struct {}); };"),
    "2:16: error: an empty struct is not a valid payload; write `()`"
);
diag!(
    wrong_error_type,
    &with_lib("protocol P { strict M() -> () error string; };"),
    "2:37: error: the error type must be int32, uint32, or an enum of one of those"
);
diag!(
    method_name_conflict,
    &with_lib("protocol P { M(); m(); };"),
    "2:19: error: method `m` conflicts with `M` in protocol `P`"
);
diag!(
    ordinal_conflict,
    &with_lib("protocol P { @selector(\"x/Y.Z\") A(); @selector(\"x/Y.Z\") B(); };"),
    "2:57: error: method `B` has the same ordinal as `A`; use @selector to change one"
);
