//! Lexing and parsing (`fidl-checks.md` §3.1, §3.2).

use crate::support::{experimental, g};

// ---------------------------------------------------------------- §3.1 lexing

check!(
    fi_0001_invalid_character,
    g("const PRICE uint32 = #40;"),
    ["2:22 error[fi-0001]"]
);
check!(
    fi_0001_leading_underscore,
    g("type _Spare = struct {};"),
    ["2:6 error[fi-0001]"]
);
// One diagnostic per byte: `é` is two bytes.
check!(
    fi_0001_per_byte_of_a_non_ascii_letter,
    g("type Caf\u{e9} = struct {};"),
    ["2:9 error[fi-0001]", "2:10 error[fi-0001]"]
);
// Regression: a block comment is two invalid characters, not an "unterminated comment".
check!(
    fi_0001_block_comments_do_not_exist,
    g("/* x */"),
    [
        "2:1 error[fi-0001]",
        "2:2 error[fi-0001]",
        "2:4 error[fi-0006]",
        "2:6 error[fi-0001]",
        "2:7 error[fi-0001]"
    ]
);
check!(
    fi_0002_line_break_in_string,
    g("const S string = \"abc\ndef\";"),
    ["2:22 error[fi-0002]"]
);
check!(
    fi_0003_invalid_escape,
    g(r#"const S string = "can\'t";"#),
    ["2:22 error[fi-0003]"]
);
check!(
    fi_0003_octal_escape_is_gone,
    g(r#"const S string = "\0";"#),
    ["2:19 error[fi-0003]"]
);
check!(
    fi_0004_invalid_hex_digit,
    g(r#"const S string = "\u{1F3G}";"#),
    ["2:25 error[fi-0004]"]
);
check!(
    fi_0184_control_character_in_string,
    g("const S string = \"a\tb\";"),
    ["2:20 error[fi-0184]"]
);
check!(
    fi_0185_unicode_escape_without_braces,
    g(r#"const S string = "\u00e9";"#),
    ["2:19 error[fi-0185]"]
);
check!(
    fi_0186_unicode_escape_unterminated,
    g(r#"const S string = "\u{e9";"#),
    ["2:19 error[fi-0186]"]
);
check!(
    fi_0187_unicode_escape_empty,
    g(r#"const S string = "\u{}";"#),
    ["2:19 error[fi-0187]"]
);
check!(
    fi_0188_unicode_escape_too_long,
    g(r#"const S string = "\u{00000e9}";"#),
    ["2:19 error[fi-0188]"]
);
check!(
    fi_0189_unicode_escape_too_large,
    g(r#"const S string = "\u{110000}";"#),
    ["2:19 error[fi-0189]"]
);
// Six digits and surrogates are fine.
check!(
    unicode_escapes_accepted,
    g(r#"const S string = "\u{0000e9}\u{d800}\u{10FFFF}";"#),
    []
);

// ---------------------------------------------------------------- §3.2 parsing

check!(
    fi_0006_expected_declaration,
    g("struct Valve { open bool; };"),
    ["2:1 error[fi-0006]"]
);
check!(
    fi_0006_modifier_before_type_keyword,
    g("strict union Choice { 1: a uint8; };"),
    ["2:8 error[fi-0006]"]
);
check!(
    fi_0007_unexpected_token,
    g("const LIMIT uint32 = ;"),
    ["2:22 error[fi-0007]"]
);
check!(
    fi_0007_in_attribute,
    g("@tag(;)\ntype S = struct {};"),
    ["2:6 error[fi-0007]"]
);
check!(
    fi_0008_missing_equals,
    g("const DEPTH uint8 5;"),
    ["2:19 error[fi-0008]"]
);
check!(
    fi_0008_event_with_error,
    g("protocol P {\n    -> OnDone(struct {}) error uint32;\n};"),
    ["3:26 error[fi-0008]"]
);
check!(
    fi_0008_one_way_with_error,
    g("protocol P {\n    Stop() error uint32;\n};"),
    ["3:12 error[fi-0008]"]
);
check!(
    fi_0008_missing_semicolon,
    "library a\ntype S = struct {};",
    ["2:1 error[fi-0008]"]
);
// An unterminated string runs to the end of the file; the parser reports it.
check!(
    fi_0008_unterminated_string,
    g("const S string = \"abc;"),
    ["2:23 error[fi-0008]"]
);
check!(
    fi_0009_misspelled_library,
    "libary acme.garden;",
    ["1:1 error[fi-0009]"]
);
check!(
    fi_0009_properties_keyword,
    g("type O = enum { A = 1; };\nresource_definition R : uint32 { props { subtype O; }; };"),
    ["3:34 error[fi-0009]"]
);
check!(
    fi_0010_invalid_identifier,
    g("type Bed_ = struct {};"),
    ["2:6 error[fi-0010]"]
);
check!(
    fi_0010_attribute_argument_name,
    g("@tag(a.b=\"x\")\ntype S = struct {};"),
    ["2:6 error[fi-0010]"]
);
check!(
    doubled_underscores_are_legal,
    g("type a__b = struct {};"),
    []
);
check!(
    fi_0011_upper_case_component,
    "library Acme.garden;",
    ["1:9 error[fi-0011]"]
);
check!(
    fi_0011_underscore_component,
    "library acme.rose_bed;",
    ["1:14 error[fi-0011]"]
);
check!(
    fi_0012_invalid_layout_class,
    g("type Pot = record { size uint8; };"),
    ["2:12 error[fi-0012]"]
);
check!(
    fi_0012_overlay_needs_zx_c_types,
    g("type O = overlay { 1: a uint8; };"),
    ["2:10 error[fi-0012]"]
);
check!(
    overlay_with_zx_c_types,
    experimental(&["zx_c_types"]),
    g("type O = strict overlay { 1: a uint8; 2: b uint32; };"),
    []
);
check!(
    fi_0013_invalid_wrapped_type,
    g("type Level = enum : 8 { LOW = 1; };"),
    ["2:21 error[fi-0013]"]
);
check!(
    fi_0014_attribute_with_empty_parens,
    g("@tag()\ntype S = struct {};"),
    ["2:5 error[fi-0014]"]
);
check!(
    fi_0014_modifier_with_empty_parens,
    g("type U = strict() union { 1: a uint8; };"),
    ["2:16 error[fi-0014]"]
);
check!(
    fi_0015_attribute_args_must_all_be_named,
    g("@tag(\"x\", weight=\"2\")\ntype S = struct {};"),
    ["2:5 error[fi-0015]"]
);
check!(
    fi_0016_missing_ordinal,
    g("type Tray = table { label string; };"),
    ["2:21 error[fi-0016]"]
);
check!(
    fi_0017_ordinal_out_of_bound,
    g("type T = table { 4294967296: late bool; };"),
    ["2:18 error[fi-0017]"]
);
check!(
    fi_0018_ordinals_start_at_one,
    g("type Tray = table { 0: label string; };"),
    ["2:21 error[fi-0018]"]
);
check!(
    fi_0020_const_in_protocol,
    g("protocol Pump { const RATE uint32 = 3; };"),
    ["2:17 error[fi-0020]"]
);
check!(
    fi_0020_ordinal_in_protocol,
    g("protocol Pump { 1: Start(); };"),
    ["2:17 error[fi-0020]"]
);
// `compose(` starts a method named `compose`.
check!(method_named_compose, g("protocol Pump { compose(); };"), []);
check!(
    fi_0022_attribute_on_named_type,
    g("type Soil = struct {};\ntype Bed = struct { soil @tag Soil; };"),
    ["3:26 error[fi-0022]"]
);
check!(
    fi_0023_attribute_inside_type_declaration,
    g("type Bed = @tag struct {};"),
    ["2:1 error[fi-0023]"]
);
check!(
    fi_0024_doc_comment_on_parameters,
    g("protocol P {\n    Water(/// how much\n    struct { ml uint32; });\n};"),
    ["3:11 error[fi-0024]"]
);
check!(
    fi_0025_using_after_declaration,
    "library a;\ntype S = struct {};\nusing zx;",
    ["3:1 error[fi-0025]"]
);
check!(
    fi_0026_comment_within_doc_comment,
    g("/// one\n// aside\n/// two\ntype S = struct {};"),
    ["3:1 warning[fi-0026]"]
);
check!(
    fi_0027_blank_line_within_doc_comment,
    g("/// one\n\n/// two\ntype S = struct {};"),
    ["3:1 warning[fi-0027]"]
);
check!(
    fi_0028_doc_comment_at_end_of_file,
    g("type S = struct {};\n/// dangling\n"),
    ["3:1 warning[fi-0028]"]
);
check!(
    fi_0029_must_have_one_property,
    g("resource_definition Valve : uint32 { properties { }; };"),
    ["2:49 error[fi-0029]"]
);
check!(
    fi_0030_strict_struct,
    g("type A = strict struct {};"),
    ["2:10 error[fi-0030]"]
);
check!(
    fi_0030_flexible_table,
    g("type B = flexible table {};"),
    ["2:10 error[fi-0030]"]
);
check!(
    fi_0030_resource_enum,
    g("type C = resource enum { X = 1; };"),
    ["2:10 error[fi-0030]"]
);
check!(
    fi_0030_strict_protocol,
    g("closed strict protocol P {};"),
    ["2:8 error[fi-0030]"]
);
check!(
    fi_0030_modifier_on_named_type,
    g("type Seed = struct {};\ntype D = struct { s strict Seed; };"),
    ["3:21 error[fi-0030]"]
);
check!(
    fi_0031_subtype_on_struct,
    g("type Pot = struct : uint8 {};"),
    ["2:19 error[fi-0031]"]
);
check!(
    fi_0163_multiple_constraint_definitions,
    g("type S = struct { label string:40:optional; };"),
    ["2:34 error[fi-0163]"]
);
// The upstream files still use `N: reserved;`: accepted, with a warning.
check!(
    fi_0209_reserved_is_a_warning,
    g("type Tray = table { 1: reserved; 2: label string; };"),
    ["2:21 warning[fi-0209]"]
);

// ---------------------------------------------------------------- recovery

// One broken member gives one error; the parser goes on with the next member.
check!(
    one_error_per_broken_member,
    g("type S = struct {\n    a uint8 uint8;\n    b;\n    c uint8;\n};"),
    ["3:13 error[fi-0008]", "4:6 error[fi-0008]"]
);
// Regression: a stray closer at the top level used to loop forever, filling memory.
check!(
    stray_closer_at_top_level,
    g("protocol P { compose Base); };\ntype S = struct {};"),
    ["2:26 error[fi-0008]"]
);
// Regression: the underlying type of an enum is a name, never an inline layout.
check!(
    enum_underlying_type_before_body,
    g("type E = strict enum : uint16 { A = 1; };"),
    []
);
check!(
    nesting_is_bounded,
    format!(
        "library a;\nalias A = {}uint8{};",
        "vector<".repeat(70),
        ">".repeat(70)
    ),
    ["2:459 error"]
);

// ---------------------------------------------------------------- more malformed input

check!(
    attribute_before_end_of_file,
    "library a;\ntype S = struct {};\n@doc(\"x\")\n",
    ["4:1 error[fi-0008]"]
);
// Numeric text is validated when the constant is resolved.
check!(
    malformed_float,
    g("const X float32 = 1.2.3;"),
    ["2:7 error[fi-0060]", "2:19 error[fi-0066]"]
);
check!(
    letters_after_a_number,
    g("const X uint8 = 1ZZ;"),
    ["2:18 error[fi-0008]"]
);
// `-` starts a numeric literal (fidlc's lexer), so `-y` is a number followed by a name.
check!(
    minus_without_digits,
    g("const X int8 = -y;"),
    ["2:17 error[fi-0008]"]
);
check!(
    fi_0120_unknown_on_bits_member,
    g("type B = bits { @unknown A = 1; };"),
    ["2:17 error[fi-0120]"]
);
