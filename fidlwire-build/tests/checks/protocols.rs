//! Protocols, methods, payloads, transports and services (`fidl-checks.md` §3.9, §3.10).

use crate::support::{experimental, g};

check!(
    fi_0073_composing_non_protocol,
    g("type Bed = struct {};\nprotocol P { compose Bed; };"),
    ["3:22 error[fi-0073]"]
);
check!(
    fi_0114_composed_protocol_too_open,
    g("closed protocol Valve { compose Tap; };\nprotocol Tap {};"),
    ["2:33 error[fi-0114]"]
);
check!(
    ajar_composes_closed,
    g("ajar protocol Valve { compose Tap; };\nclosed protocol Tap {};"),
    []
);
// Diamond composition is valid: `Base` is reached twice, its methods count once.
check!(
    diamond_composition,
    g(
        "protocol Base { Ping(); };\nprotocol L { compose Base; };\nprotocol R { compose Base; };\nprotocol Top { compose L; compose R; };"
    ),
    []
);
check!(
    fi_0115_flexible_two_way_in_ajar,
    g("ajar protocol Tap { Flow() -> (); };"),
    ["2:21 error[fi-0115]"]
);
check!(
    fi_0115_flexible_two_way_in_closed,
    g("closed protocol Tap { flexible Flow() -> (); };"),
    ["2:32 error[fi-0115]"]
);
check!(
    fi_0116_flexible_one_way_in_closed,
    g("closed protocol Tap { Drip(); };"),
    ["2:23 error[fi-0116]"]
);
check!(
    fi_0116_flexible_event_in_closed,
    g("closed protocol Tap { -> Dripped(); };"),
    ["2:26 error[fi-0116]"]
);
check!(
    ajar_allows_flexible_one_way,
    g("ajar protocol Tap { Drip(); -> Dripped(); strict Flow() -> (); };"),
    []
);
check!(
    fi_0074_enum_payload,
    g("type Color = enum { RED = 1; };\nprotocol P { Set(Color); };"),
    ["3:18 error[fi-0074]"]
);
check!(
    fi_0075_primitive_payload,
    g("protocol P { Set(uint32); };"),
    ["2:18 error[fi-0075]"]
);
check!(
    fi_0075_vector_payload,
    g("protocol P { Set(vector<uint8>); };"),
    ["2:18 error[fi-0075]"]
);
check!(
    fi_0075_box_payload,
    g("type Bed = struct { a uint8; };\nprotocol P { Set(box<Bed>); };"),
    ["3:18 error[fi-0075]"]
);
check!(
    fi_0077_empty_inline_payload,
    g("protocol P { Ping(struct {}); };"),
    ["2:19 error[fi-0077]"]
);
check!(
    fi_0077_empty_named_payload,
    g("type Nothing = struct {};\nprotocol P { Ping(Nothing); };"),
    ["3:19 error[fi-0077]"]
);
check!(
    fi_0077_empty_success_payload,
    g("protocol P { Get() -> (struct {}) error uint32; };"),
    ["2:24 error[fi-0077]"]
);
// The empty success struct fidlc generates for `-> () error E` is exempt.
check!(
    generated_empty_success,
    g("protocol P { Get() -> () error uint32; };"),
    []
);
check!(
    fi_0084_payload_with_defaults,
    g(
        "type Req = struct {\n    @allow_deprecated_struct_defaults\n    a uint8 = 1;\n};\nprotocol P { M(Req); };"
    ),
    ["6:16 error[fi-0084]"]
);
check!(
    fi_0141_invalid_error_type,
    g("protocol P { Read() -> (struct { v uint8; }) error string; };"),
    ["2:52 error[fi-0141]"]
);
check!(
    error_types,
    g(
        "type E = enum : int32 { A = 1; };\nprotocol P { A() -> () error uint32; B() -> () error int32; C() -> () error E; };"
    ),
    []
);
check!(
    arbitrary_error_types_with_the_switch,
    experimental(&["allow_arbitrary_error_types"]),
    g("protocol P { Read() -> () error string; };"),
    []
);
check!(
    fi_0081_duplicate_method_ordinal,
    g("protocol P { Fill(); @selector(\"Fill\") Refill(); };"),
    ["2:40 error[fi-0081]"]
);
check!(
    fi_0081_across_composition,
    g(
        "protocol Q { @selector(\"acme.garden/P.Fill\") Other(); };\nprotocol P { compose Q; Fill(); };"
    ),
    ["3:25 error[fi-0081]"]
);
check!(
    fi_0082_invalid_selector,
    g("protocol P { @selector(\"fill up\") M(); };"),
    ["2:24 error[fi-0082]"]
);
check!(
    selectors,
    g("protocol P { @selector(\"Other\") M(); @selector(\"acme.garden/Q.N\") N(); };"),
    []
);
check!(
    fi_0083_fuchsia_io_explicit_ordinals,
    "library fuchsia.io;\nprotocol Node { Close(); };",
    ["2:17 error[fi-0083]"]
);
check!(
    fuchsia_io_with_selectors,
    "library fuchsia.io;\nprotocol Node { @selector(\"fuchsia.io/Node.Close\") Close(); };",
    []
);
check!(
    fi_0219_cannot_change_method_strictness,
    crate::support::v(
        "protocol P {\n    strict(removed=3) flexible(added=3) Measure() -> (struct { v uint8; });\n};"
    ),
    ["4:5 error[fi-0219]"]
);
check!(
    method_strictness_may_change_with_error,
    crate::support::v(
        "protocol P {\n    strict(removed=3) flexible(added=3) Measure() -> (struct { v uint8; }) error uint32;\n};"
    ),
    []
);
check!(
    fi_0117_handle_in_incompatible_transport,
    g("using zx;\n@transport(\"Syscall\")\nprotocol P { M(resource struct { h zx.Handle; }); };"),
    []
);
check!(
    fi_0118_end_in_incompatible_transport,
    g(
        "@transport(\"Syscall\")\nprotocol S {};\nprotocol P { M(resource struct { s client_end:S; }); };"
    ),
    ["4:14 error[fi-0118]"]
);
check!(
    driver_ends_in_a_channel_protocol,
    g(
        "@transport(\"Driver\")\nprotocol D {};\nprotocol P { M(resource struct { d client_end:D; }); };"
    ),
    ["4:14 error[fi-0118]"]
);
// A driver transport carries zircon handles, and so the ends of channel protocols.
check!(
    driver_carries_channel_ends,
    g(
        "protocol C {};\n@transport(\"Driver\")\nprotocol P { M(resource struct { c client_end:C; }); };"
    ),
    []
);
check!(
    fi_0117_driver_handle_in_channel_protocol,
    files: [
        ("x.fidl", "library a;\nusing fdf;\nprotocol P { M(resource struct { h fdf.handle; }); };"),
        (
            "fdf.fidl",
            "library fdf;\ntype ObjType = strict enum : uint32 { CHANNEL = 4; };\nresource_definition handle : uint32 { properties { subtype ObjType; }; };"
        ),
    ],
    ["3:14 error[fi-0117]"]
);
check!(
    fi_0080_zero_ordinal_is_checked,
    g("protocol P { M(); };"),
    []
);

// ---------------------------------------------------------------- services (§3.10)

check!(
    fi_0112_only_client_ends_in_services,
    g("protocol Pump {};\nservice Garden { pump server_end:Pump; };"),
    ["3:18 error[fi-0112]"]
);
check!(
    fi_0112_number_in_service,
    g("service Garden { count uint32; };"),
    ["2:18 error[fi-0112]"]
);
check!(
    fi_0088_optional_service_member,
    g("protocol Pump {};\nservice Garden { pump client_end:<Pump, optional>; };"),
    ["3:18 error[fi-0088]"]
);
check!(
    fi_0113_mismatched_transport_in_services,
    g(
        "protocol C {};\n@transport(\"Driver\")\nprotocol D {};\nservice S { c client_end:C; d client_end:D; };"
    ),
    ["5:29 error[fi-0113]"]
);
check!(empty_service, g("service Garden {};"), []);
