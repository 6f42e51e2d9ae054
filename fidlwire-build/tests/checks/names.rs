//! Names, scopes and lookup (`fidl-checks.md` §2, §3.4).

use crate::support::{g, messages};
use fidlwire_build::Options;

check!(
    fi_0034_name_collision,
    g("const DEPTH uint8 = 3;\nconst DEPTH uint8 = 4;"),
    ["3:7 error[fi-0034]"]
);
check!(
    fi_0034_struct_members,
    g("type Bed = struct { depth uint8; depth uint16; };"),
    ["2:34 error[fi-0034]"]
);
// Two inline layouts named after their member both generate `Settings`.
check!(
    fi_0034_generated_names,
    g("type A = struct { settings struct {}; };\ntype B = struct { settings struct {}; };"),
    ["3:28 error[fi-0034]"]
);
check!(
    fi_0034_composed_methods,
    g("protocol A { Reset(); };\nprotocol B { Reset(); };\nprotocol C { compose A; compose B; };"),
    ["4:10 error[fi-0034]"]
);
check!(
    fi_0034_service_members,
    g("protocol P {};\nservice S { p client_end:P; p client_end:P; };"),
    ["3:29 error[fi-0034]"]
);
check!(
    fi_0035_name_collision_canonical,
    g("type SoilPh = struct {};\ntype soil_ph = table {};"),
    ["3:6 error[fi-0035]"]
);
check!(
    fi_0035_members,
    g("type S = struct { water_ml uint8; waterMl uint8; };"),
    ["2:35 error[fi-0035]"]
);
// fidlc's canonical form: an underscore is significant, only case changes introduce one.
check!(
    underscore_is_significant,
    g("type foo_bar = struct {};\ntype foobar = struct {};"),
    []
);
check!(
    acronyms_fold,
    g("type HTTPServer = struct {};\ntype HttpServer = struct {};"),
    ["3:6 error[fi-0035]"]
);
check!(
    ipv4_does_not_fold_to_ipv4,
    g("type IPv4Addr = struct {};\ntype Ipv4Addr = struct {};"),
    []
);
// Never compared: a member with a declaration, members of different declarations.
check!(
    members_and_declarations_do_not_collide,
    g("type Hose = struct {};\ntype S = struct { Hose Hose; };\ntype T = struct { Hose uint8; };"),
    []
);
// Local names are looked up before builtins.
check!(
    declaration_named_like_a_builtin,
    g("type string = struct {};\ntype S = struct { s string; };"),
    []
);

#[test]
fn collision_message_points_at_the_earlier_declaration() {
    let (diags, sources) = crate::support::diagnostics(
        &[("x.fidl", &g("type A = struct {};\ntype A = struct {};"))],
        &Options::default(),
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].related.len(), 1);
    assert_eq!(sources.line_col(diags[0].related[0].0), (2, 6));
}

check!(
    fi_0052_name_not_found,
    g("type Bed = struct { soil Soil; };"),
    ["2:26 error[fi-0052]"]
);
check!(
    fi_0052_unknown_first_component,
    g("type Bed = struct { n pump.Nozzle; };"),
    ["2:23 error[fi-0052]"]
);
check!(
    fi_0052_not_in_imported_library,
    files: [
        ("x.fidl", "library a;\nusing acme.pump;\ntype A = struct { x acme.pump.Hose; };"),
        ("p.fidl", "library acme.pump;\ntype Nozzle = struct {};"),
    ],
    ["3:21 error[fi-0052]"]
);
check!(
    fi_0052_unknown_handle_subtype,
    g("using zx;\ntype R = resource struct { h zx.Handle:VMOO; };"),
    ["3:40 error[fi-0052]"]
);

#[test]
fn fi_0052_suggests_a_close_name() {
    let m = messages(
        &[(
            "x.fidl",
            &g("type Soil = struct {};\ntype Bed = struct { s Soul; };"),
        )],
        &Options::default(),
    );
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("did you mean `Soil`?"), "{m:?}");
}

check!(
    fi_0053_cannot_refer_to_member,
    g("type Bed = struct { depth uint8; };\nconst N uint8 = Bed.depth;"),
    ["3:7 error[fi-0060]", "3:17 error[fi-0053]"]
);
check!(
    fi_0054_member_not_found,
    g("type Color = enum { RED = 1; };\nconst C Color = Color.PURPLE;"),
    ["3:7 error[fi-0060]", "3:17 error[fi-0054]"]
);
check!(
    fi_0058_anonymous_name_reference,
    g(
        "protocol Pump { Start(struct { rate uint32; }); };\ntype S = struct { s PumpStartRequest; };"
    ),
    ["3:21 error[fi-0058]"]
);
check!(
    fi_0058_result_union_name,
    g("protocol P { M() -> () error uint32; };\ntype S = struct { r P_M_Result; };"),
    ["3:21 error[fi-0058]"]
);
check!(
    fi_0181_reference_in_library_attribute,
    "@tag(GARDEN_NAME)\nlibrary acme.garden;\nconst GARDEN_NAME string = \"g\";",
    ["1:6 error[fi-0181]"]
);
// `fidl.uint8` names the builtin.
check!(
    fully_qualified_builtin,
    g("type S = struct { a fidl.uint8; b vector<fidl.string>; };"),
    []
);
// Enum members through an imported library: `lib.Enum.MEMBER`.
check!(
    member_of_imported_declaration,
    files: [
        ("x.fidl", "library a;\nusing acme.pump;\nconst C acme.pump.Mode = acme.pump.Mode.FAST;"),
        ("p.fidl", "library acme.pump;\ntype Mode = enum { FAST = 1; };"),
    ],
    []
);
