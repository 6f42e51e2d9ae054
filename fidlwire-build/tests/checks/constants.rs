//! Constants and literals (`fidl-checks.md` §3.6).

use crate::support::{experimental, g};

check!(
    fi_0059_invalid_constant_type,
    g("const EMPTY vector<uint8> = 0;"),
    ["2:7 error[fi-0059]"]
);
check!(
    fi_0059_optional_string,
    g("const NAME string:optional = \"x\";"),
    ["2:7 error[fi-0059]"]
);
check!(
    fi_0060_builtin_is_not_a_value,
    g("const LIMIT uint32 = MAX;"),
    ["2:7 error[fi-0060]"]
);
check!(
    fi_0061_or_on_non_primitive,
    g("const BOTH string = \"a\" | \"b\";"),
    ["2:7 error[fi-0060]", "2:21 error[fi-0061]"]
);
check!(or_on_signed_integers, g("const X int32 = 1 | 2;"), []);
check!(
    or_on_bits,
    g("type F = bits { A = 1; B = 2; };\nconst AB F = F.A | F.B;"),
    []
);
check!(
    fi_0062_new_types_not_allowed,
    g("type Depth = uint32;"),
    ["2:6 error[fi-0062]"]
);
check!(
    fi_0062_vector,
    g("type Names = vector<string>;"),
    ["2:6 error[fi-0062]"]
);
check!(
    new_type_with_the_switch,
    experimental(&["allow_new_types"]),
    g("type Depth = uint32;"),
    []
);
check!(
    fi_0063_expected_value_but_got_type,
    g("type Bed = struct {};\nconst C uint32 = Bed;"),
    ["3:7 error[fi-0060]", "3:18 error[fi-0063]"]
);
check!(
    fi_0063_in_a_size,
    g("type Bed = struct {};\ntype S = struct { label string:Bed; };"),
    ["3:32 error[fi-0063]", "3:32 error[fi-0101]"]
);
check!(
    fi_0064_mismatched_name_type_assignment,
    g(
        "type Color = enum { RED = 1; };\ntype Shade = enum { DARK = 1; };\nconst C Color = Shade.DARK;"
    ),
    ["4:7 error[fi-0060]", "4:17 error[fi-0064]"]
);
check!(
    fi_0065_string_to_number,
    g("const N uint8 = \"five\";"),
    ["2:7 error[fi-0060]", "2:17 error[fi-0065]"]
);
check!(
    fi_0065_number_to_bool,
    g("const F bool = 1;"),
    ["2:7 error[fi-0060]", "2:16 error[fi-0065]"]
);
check!(
    fi_0065_string_too_long,
    g("const S string:3 = \"tulip\";"),
    ["2:7 error[fi-0060]", "2:20 error[fi-0065]"]
);
check!(
    fi_0065_number_to_bits,
    g("type Flags = bits { A = 1; };\nconst B Flags = 4;"),
    ["3:7 error[fi-0060]", "3:17 error[fi-0065]"]
);
check!(
    zero_converts_to_bits,
    g("type Flags = bits { A = 1; };\nconst B Flags = 0;"),
    []
);
check!(
    fi_0065_constant_does_not_fit,
    g("const BIG uint16 = 300;\nconst SMALL uint8 = BIG;"),
    ["3:7 error[fi-0060]", "3:21 error[fi-0065]"]
);
check!(
    constant_that_fits_converts,
    g("const BIG uint16 = 200;\nconst SMALL uint8 = BIG;\nconst F float64 = BIG;"),
    []
);
check!(
    fi_0066_literal_overflows,
    g("const N uint8 = 256;"),
    ["2:7 error[fi-0060]", "2:17 error[fi-0066]"]
);
check!(
    fi_0066_negative_unsigned,
    g("const M uint32 = -1;"),
    ["2:7 error[fi-0060]", "2:18 error[fi-0066]"]
);
check!(
    fi_0066_fraction_for_integer,
    g("const I int32 = 2.5;"),
    ["2:7 error[fi-0060]", "2:17 error[fi-0066]"]
);
check!(
    fi_0066_float_range,
    g("const F float32 = 1e39;"),
    ["2:7 error[fi-0060]", "2:19 error[fi-0066]"]
);
check!(
    number_forms,
    g(
        "const A uint8 = 0xff;\nconst B uint8 = 0b101;\nconst C int8 = -128;\nconst D float64 = 1.5e-3;\nconst E float32 = 3;"
    ),
    []
);
check!(
    constants_in_any_order_and_library,
    files: [
        ("x.fidl", "library a;\nusing b;\nconst X uint8 = Y;\nconst Y uint8 = b.Z;"),
        ("b.fidl", "library b;\nconst Z uint8 = 7;"),
    ],
    []
);
check!(
    fi_0057_constant_cycle,
    g("const X uint8 = Y;\nconst Y uint8 = X;"),
    ["2:7 error[fi-0057]"]
);
check!(
    fi_0057_constant_named_in_its_own_attribute,
    g("@foo(NAME)\nconst NAME string = \"x\";"),
    ["3:7 error[fi-0057]"]
);
check!(
    fi_0057_constants_naming_each_other_in_attributes,
    g("@foo(B)\nconst A string = \"x\";\n@foo(A)\nconst B string = \"y\";"),
    ["3:7 error[fi-0057]"]
);
check!(
    string_length_counts_utf8_bytes,
    g("const S string:2 = \"\\u{e9}\";\nconst T string:1 = \"\\u{e9}\";"),
    ["3:7 error[fi-0060]", "3:20 error[fi-0065]"]
);
