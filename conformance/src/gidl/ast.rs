//! The syntax tree of a `.gidl` file.

/// A parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Test sections in order.
    pub sections: Vec<Section>,
}

/// What a section asks of a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Encode and decode.
    Success,
    /// Encode only.
    EncodeSuccess,
    /// Decode only.
    DecodeSuccess,
    /// Encoding must fail.
    EncodeFailure,
    /// Decoding must fail.
    DecodeFailure,
    /// A benchmark workload.
    Benchmark,
}

impl SectionKind {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            SectionKind::Success => "success",
            SectionKind::EncodeSuccess => "encode_success",
            SectionKind::DecodeSuccess => "decode_success",
            SectionKind::EncodeFailure => "encode_failure",
            SectionKind::DecodeFailure => "decode_failure",
            SectionKind::Benchmark => "benchmark",
        }
    }
}

/// Handle object types GIDL knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subtype {
    /// `event`
    Event,
    /// `channel`
    Channel,
}

/// `#N = event(rights: ...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleDef {
    /// Object type.
    pub subtype: Subtype,
    /// Rights; `None` = the object's default rights.
    pub rights: Option<u32>,
}

/// `{ #N, type: event, rights: basic }` in `handle_dispositions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disposition {
    /// The handle.
    pub handle: u32,
    /// Expected object type (`None` = any).
    pub subtype: Option<Subtype>,
    /// Expected rights (`None` = same rights).
    pub rights: Option<u32>,
}

/// One test section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// The kind (`None` only while parsing).
    pub kind: Option<SectionKind>,
    /// The quoted name.
    pub name: String,
    /// `line:col` of the section keyword.
    pub pos: (usize, usize),
    /// `type = T`.
    pub ty: Option<String>,
    /// `value = ...`.
    pub value: Option<Value>,
    /// `bytes = { v2 = [...] }`.
    pub bytes: Option<Vec<u8>>,
    /// `handles = { v2 = [...] }`.
    pub handles: Option<Vec<u32>>,
    /// `handle_dispositions = { v2 = [...] }`.
    pub dispositions: Option<Vec<Disposition>>,
    /// `handle_defs = { ... }`, by handle number.
    pub handle_defs: Vec<HandleDef>,
    /// `err = CODE`.
    pub err: Option<String>,
    /// `bindings_allowlist`.
    pub allowlist: Option<Vec<String>>,
    /// `bindings_denylist`.
    pub denylist: Option<Vec<String>>,
    /// `bindings_skip`.
    pub skip: Option<Vec<String>>,
    /// `enable_send_event_benchmark`.
    pub send_event: bool,
    /// `enable_echo_call_benchmark`.
    pub echo_call: bool,
}

impl Section {
    /// Whether the case applies to binding `binding` (spec §6): denylist first, then the
    /// allowlist if there is one; `reference` is deny-by-default.
    pub fn runs_for(&self, binding: &str) -> bool {
        if self
            .denylist
            .as_ref()
            .is_some_and(|d| d.iter().any(|b| b == binding))
        {
            return false;
        }
        match &self.allowlist {
            Some(a) => a.iter().any(|b| b == binding),
            None => binding != "reference",
        }
    }
}

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer: magnitude and sign.
    Int {
        /// True for a leading `-`.
        negative: bool,
        /// Absolute value.
        magnitude: u64,
    },
    /// A decimal float.
    Float(f64),
    /// `raw_float(bits)`.
    RawFloat(u64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A string literal (bytes: `\x80` escapes may make it invalid UTF-8).
    Str(Vec<u8>),
    /// `#N`.
    Handle(u32),
    /// `restrict(#N, type: ..., rights: ...)`.
    Restrict {
        /// The handle.
        handle: u32,
        /// Its expected type.
        subtype: Option<Subtype>,
        /// Its expected rights.
        rights: Option<u32>,
    },
    /// `decode({ type = T, bytes = ..., handles = ... })`.
    Decode {
        /// The type.
        ty: String,
        /// Its bytes.
        bytes: Vec<u8>,
        /// Its handles.
        handles: Vec<u32>,
    },
    /// `Name{ field: value, ... }`.
    Record {
        /// The type name.
        name: String,
        /// The fields.
        fields: Vec<Field>,
    },
    /// `[ ... ]` (repeats expanded).
    List(Vec<Value>),
}

/// A record field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name or unknown ordinal.
    pub key: FieldKey,
    /// The value.
    pub value: FieldValue,
}

/// A field key.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKey {
    /// A named member.
    Name(String),
    /// An unknown member by ordinal.
    Ordinal(u64),
}

/// A field value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A value.
    Value(Value),
    /// Raw unknown data: `N: { bytes = [...], handles = [...] }`; `N: null` has neither.
    Unknown {
        /// Raw envelope payload.
        bytes: Option<Vec<u8>>,
        /// Its handles.
        handles: Vec<u32>,
    },
}
