//! `resource_definition` (`fidl-checks.md` §3.11).

use crate::support::g;

const OBJ: &str = "type Obj = strict enum : uint32 { NONE = 0; VMO = 3; };\n";

check!(
    fi_0172_resource_must_be_uint32,
    g(&format!(
        "{OBJ}resource_definition Token : uint64 {{ properties {{ subtype Obj; }}; }};"
    )),
    ["3:29 error[fi-0172]"]
);
check!(
    fi_0173_missing_subtype_property,
    g(&format!(
        "{OBJ}resource_definition Token : uint32 {{ properties {{ kind Obj; }}; }};"
    )),
    ["3:21 error[fi-0173]"]
);
check!(
    fi_0175_subtype_must_be_an_enum,
    g("resource_definition Token : uint32 { properties { subtype uint32; }; };"),
    ["2:51 error[fi-0175]"]
);
check!(
    fi_0177_rights_must_be_bits,
    g(&format!(
        "{OBJ}resource_definition Token : uint32 {{ properties {{ subtype Obj; rights string; }}; }};"
    )),
    ["3:64 error[fi-0177]"]
);
check!(
    rights_may_be_uint32,
    g(&format!(
        "{OBJ}resource_definition Token : uint32 {{ properties {{ subtype Obj; rights uint32; }}; }};\ntype S = resource struct {{ t Token:<VMO, 1>; }};"
    )),
    []
);
check!(
    default_underlying_type,
    g(&format!(
        "{OBJ}resource_definition Token {{ properties {{ subtype Obj; }}; }};\ntype S = resource struct {{ t Token:VMO; }};"
    )),
    []
);
check!(
    fi_0034_property_names,
    g(&format!(
        "{OBJ}resource_definition Token : uint32 {{ properties {{ subtype Obj; subtype Obj; }}; }};"
    )),
    ["3:64 error[fi-0034]"]
);
