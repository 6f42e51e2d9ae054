//! Dynamic values: what a message of a schema type decodes to.

use crate::schema::Name;

/// A decoded value. Handles are not held here: a decoded message keeps them, in message order,
/// beside the value (see [`crate::Message`]); a [`Value::Handle`] records the type and rights
/// the slot declared.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An absent optional value (string, vector, box, union, handle).
    Null,
    /// `bool`.
    Bool(bool),
    /// A signed integer (`int8` … `int64`).
    Int(i64),
    /// An unsigned integer (`uint8` … `uint64`).
    Uint(u64),
    /// `float32`, bit-exact.
    Float32(f32),
    /// `float64`, bit-exact.
    Float64(f64),
    /// `string`.
    String(String),
    /// `vector` or `array` elements.
    List(Vec<Value>),
    /// A struct's members, in order.
    Struct(Vec<(Name, Value)>),
    /// A table's present fields, in ordinal order (unknown ones kept raw).
    Table {
        /// The present fields.
        fields: Vec<Field>,
        /// The envelope count on the wire (the highest ordinal, unless a decoded message
        /// ended in absent envelopes, which is accepted; re-encoding keeps them). Encoding
        /// writes at least the highest ordinal present, so 0 is fine for values made by hand.
        envelopes: u64,
    },
    /// A union variant.
    Union(Box<Field>),
    /// An enum value: the member's name, or `None` for an unknown value of a flexible enum.
    Enum {
        /// The member, if known.
        name: Option<Name>,
        /// The numeric value.
        value: i128,
    },
    /// A bits value (unknown bits of a flexible bits type included).
    Bits(u64),
    /// A present handle (the next one of the message's handles).
    Handle,
}

/// A table field or union variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The ordinal.
    pub ordinal: u64,
    /// The member's name; `None` for an ordinal the schema does not know.
    pub name: Option<Name>,
    /// The value.
    pub value: FieldValue,
}

/// A known member's value, or an unknown one's raw envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A member the schema knows.
    Known(Value),
    /// An unknown member: its bytes (the 4 inline bytes, or the out-of-line bytes) and the
    /// number of handles it carries (kept, in order, with the message's handles).
    Unknown(RawEnvelope),
}

/// The contents of an envelope of unknown type, enough to re-encode it byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEnvelope {
    /// True when the value was inline (then `bytes` has 4 bytes).
    pub inline: bool,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Handles carried.
    pub handles: u16,
}

impl Value {
    /// The member `name` of a struct, or the present field `name` of a table, or the variant
    /// `name` of a union.
    pub fn get(&self, name: &str) -> Option<&Value> {
        fn known<'v>(f: &'v Field, name: &str) -> Option<&'v Value> {
            match (&f.name, &f.value) {
                (Some(n), FieldValue::Known(v)) if &**n == name => Some(v),
                _ => None,
            }
        }
        match self {
            Value::Struct(members) => members.iter().find(|(n, _)| &**n == name).map(|(_, v)| v),
            Value::Table { fields, .. } => fields.iter().find_map(|f| known(f, name)),
            Value::Union(f) => known(f, name),
            _ => None,
        }
    }
}
