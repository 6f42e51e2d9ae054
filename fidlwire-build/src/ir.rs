//! The checked intermediate representation: every declaration resolved, every type's shape
//! computed, every method's ordinal assigned.

use crate::diagnostic::{Diagnostic, SourceMap, Span};

/// An attribute as compiled: its name and its arguments' values (a single unnamed argument is
/// named `value`, as fidlc names it).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The name as written.
    pub name: String,
    /// `(argument name, value)` pairs.
    pub args: Vec<(String, Value)>,
    /// Where.
    pub span: Span,
}

/// The attributes of an element (doc comments included as `doc`).
pub type Attributes = Vec<Attribute>;

/// The attribute `name` of `attrs`.
pub fn attribute<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs.iter().find(|a| a.name == name)
}

/// The string value of the `value` argument of attribute `name`.
pub fn attribute_string(attrs: &[Attribute], name: &str) -> Option<String> {
    attribute(attrs, name)?
        .args
        .iter()
        .find(|(n, _)| n == "value")
        .and_then(|(_, v)| match v {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        })
}

/// Index of a declaration in [`Ir::decls`].
pub type DeclId = usize;

/// A compiled set of libraries.
#[derive(Debug, Clone)]
pub struct Ir {
    /// Libraries in dependency order (dependencies first).
    pub libraries: Vec<Library>,
    /// Every declaration, including hoisted anonymous layouts.
    pub decls: Vec<Decl>,
    /// The sources, for diagnostics.
    pub sources: SourceMap,
    /// Warnings of a successful compilation.
    pub warnings: Vec<Diagnostic>,
    /// The names a member's type was written with, by member span: the alias it names and
    /// the constant its size bound names (codegen keeps them instead of the resolved type).
    pub member_names: std::collections::BTreeMap<Span, TypeNames>,
}

/// How a member's type was spelled, beyond what it resolved to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeNames {
    /// The alias the type names (with no further constraints), e.g. `Key`.
    pub alias: Option<DeclId>,
    /// The constant of the string or vector bound, e.g. `MAX_KEY_LEN` (written here or in the
    /// alias named).
    pub bound: Option<DeclId>,
    /// The same for the element type of a vector or array (`vector<Key>`).
    pub elem: Option<Box<TypeNames>>,
}

/// One library.
#[derive(Debug, Clone)]
pub struct Library {
    /// Dotted name, e.g. `fuchsia.io`.
    pub name: String,
    /// Declarations in source order (anonymous layouts right after their parent).
    pub decls: Vec<DeclId>,
    /// Names of the libraries this one uses.
    pub dependencies: Vec<String>,
    /// True for the built-in `zx` library.
    pub builtin: bool,
}

/// A declaration.
#[derive(Debug, Clone)]
pub struct Decl {
    /// Name within its library.
    pub name: String,
    /// Index into [`Ir::libraries`].
    pub library: usize,
    /// Where it is declared.
    pub span: Span,
    /// Attributes (doc comments included as `@doc`).
    pub attributes: Attributes,
    /// True when the name was generated for an inline layout.
    pub anonymous: bool,
    /// What it is.
    pub kind: DeclKind,
}

/// Kinds of declarations.
#[derive(Debug, Clone)]
pub enum DeclKind {
    /// A struct.
    Struct(Struct),
    /// A table.
    Table(Table),
    /// A union.
    Union(Union),
    /// An enum.
    Enum(Enum),
    /// A bits type.
    Bits(Bits),
    /// A constant.
    Const(Const),
    /// An alias.
    Alias(Ty),
    /// A protocol.
    Protocol(Protocol),
    /// A service.
    Service(Service),
    /// A resource definition (e.g. `zx.Handle`).
    Resource(Resource),
    /// Placeholder while a declaration is being resolved.
    Unresolved,
}

/// Primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    /// `bool`
    Bool,
    /// `int8`
    Int8,
    /// `int16`
    Int16,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `uint8`
    Uint8,
    /// `uint16`
    Uint16,
    /// `uint32`
    Uint32,
    /// `uint64`
    Uint64,
    /// `float32`
    Float32,
    /// `float64`
    Float64,
}

impl Prim {
    /// Looks up a primitive by FIDL name (`byte` is `uint8`).
    pub fn from_name(name: &str) -> Option<Prim> {
        Some(match name {
            "bool" => Prim::Bool,
            "int8" => Prim::Int8,
            "int16" => Prim::Int16,
            "int32" => Prim::Int32,
            "int64" => Prim::Int64,
            "uint8" | "byte" => Prim::Uint8,
            "uint16" => Prim::Uint16,
            "uint32" => Prim::Uint32,
            "uint64" => Prim::Uint64,
            "float32" => Prim::Float32,
            "float64" => Prim::Float64,
            _ => return None,
        })
    }

    /// Size in bytes.
    pub fn size(self) -> u32 {
        match self {
            Prim::Bool | Prim::Int8 | Prim::Uint8 => 1,
            Prim::Int16 | Prim::Uint16 => 2,
            Prim::Int32 | Prim::Uint32 | Prim::Float32 => 4,
            Prim::Int64 | Prim::Uint64 | Prim::Float64 => 8,
        }
    }

    /// The Rust type.
    pub fn rust(self) -> &'static str {
        match self {
            Prim::Bool => "bool",
            Prim::Int8 => "i8",
            Prim::Int16 => "i16",
            Prim::Int32 => "i32",
            Prim::Int64 => "i64",
            Prim::Uint8 => "u8",
            Prim::Uint16 => "u16",
            Prim::Uint32 => "u32",
            Prim::Uint64 => "u64",
            Prim::Float32 => "f32",
            Prim::Float64 => "f64",
        }
    }

    /// The FIDL name.
    pub fn fidl(self) -> &'static str {
        match self {
            Prim::Bool => "bool",
            Prim::Int8 => "int8",
            Prim::Int16 => "int16",
            Prim::Int32 => "int32",
            Prim::Int64 => "int64",
            Prim::Uint8 => "uint8",
            Prim::Uint16 => "uint16",
            Prim::Uint32 => "uint32",
            Prim::Uint64 => "uint64",
            Prim::Float32 => "float32",
            Prim::Float64 => "float64",
        }
    }

    /// True for integer types.
    pub fn is_integer(self) -> bool {
        !matches!(self, Prim::Bool | Prim::Float32 | Prim::Float64)
    }

    /// True for unsigned integer types.
    pub fn is_unsigned(self) -> bool {
        matches!(
            self,
            Prim::Uint8 | Prim::Uint16 | Prim::Uint32 | Prim::Uint64
        )
    }

    /// The inclusive value range of an integer type.
    pub fn range(self) -> (i128, i128) {
        match self {
            Prim::Int8 => (i8::MIN as i128, i8::MAX as i128),
            Prim::Int16 => (i16::MIN as i128, i16::MAX as i128),
            Prim::Int32 => (i32::MIN as i128, i32::MAX as i128),
            Prim::Int64 => (i64::MIN as i128, i64::MAX as i128),
            Prim::Uint8 => (0, u8::MAX as i128),
            Prim::Uint16 => (0, u16::MAX as i128),
            Prim::Uint32 => (0, u32::MAX as i128),
            Prim::Uint64 => (0, u64::MAX as i128),
            Prim::Bool | Prim::Float32 | Prim::Float64 => (0, 0),
        }
    }
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A primitive.
    Prim(Prim),
    /// `string:<max, optional>`; `max` `None` = unbounded.
    String {
        /// Bound in bytes.
        max: Option<u32>,
        /// Optional.
        optional: bool,
    },
    /// `vector<elem>:<max, optional>`.
    Vector {
        /// Element type.
        elem: Box<Ty>,
        /// Bound in elements.
        max: Option<u32>,
        /// Optional.
        optional: bool,
    },
    /// `array<elem, len>`.
    Array {
        /// Element type.
        elem: Box<Ty>,
        /// Length.
        len: u32,
    },
    /// A handle of a resource definition, with subtype and rights constraints.
    Handle {
        /// The resource definition.
        resource: DeclId,
        /// Object type (0 = any).
        subtype: u32,
        /// Rights (`0x8000_0000` = same rights).
        rights: u32,
        /// Optional.
        optional: bool,
    },
    /// `client_end:P` / `server_end:P`.
    Endpoint {
        /// True for `server_end`.
        server: bool,
        /// The protocol.
        protocol: DeclId,
        /// Optional.
        optional: bool,
    },
    /// A struct, table, union, enum or bits declaration; for a struct `optional` means `box`.
    Decl {
        /// The declaration.
        id: DeclId,
        /// Optional (box for structs).
        optional: bool,
    },
}

/// A constant value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Integers (also enum and bits values).
    Int(i128),
    /// Floats.
    Float(f64),
    /// Strings.
    Str(String),
    /// Booleans.
    Bool(bool),
}

/// Wire shape of a type (spec §1.3 plus the aggregates fidlc computes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Inline size in bytes.
    pub inline_size: u32,
    /// Inline alignment.
    pub alignment: u32,
    /// Maximum out-of-line depth (`u32::MAX` = unbounded).
    pub depth: u32,
    /// Maximum number of handles (`u32::MAX` = unbounded).
    pub max_handles: u32,
    /// Maximum out-of-line bytes (`u32::MAX` = unbounded).
    pub max_out_of_line: u32,
    /// True if any padding can occur, inline or out of line.
    pub has_padding: bool,
    /// True if the type contains an envelope (table or union).
    pub has_envelope: bool,
}

/// A struct member.
#[derive(Debug, Clone)]
pub struct StructMember {
    /// FIDL name.
    pub name: String,
    /// Type.
    pub ty: Ty,
    /// Byte offset in the struct.
    pub offset: u32,
    /// Attributes.
    pub attributes: Attributes,
    /// Where.
    pub span: Span,
}

/// A struct.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Declared `resource`.
    pub resource: bool,
    /// Members in order.
    pub members: Vec<StructMember>,
    /// Shape.
    pub shape: Shape,
}

/// A table or union member; `ty` is `None` for reserved ordinals.
#[derive(Debug, Clone)]
pub struct OrdinalMember {
    /// The ordinal.
    pub ordinal: u64,
    /// FIDL name.
    pub name: String,
    /// Type, unless reserved.
    pub ty: Option<Ty>,
    /// Attributes.
    pub attributes: Attributes,
    /// Where.
    pub span: Span,
}

/// A table.
#[derive(Debug, Clone)]
pub struct Table {
    /// Declared `resource`.
    pub resource: bool,
    /// Members by ordinal.
    pub members: Vec<OrdinalMember>,
    /// Shape.
    pub shape: Shape,
}

/// A union.
#[derive(Debug, Clone)]
pub struct Union {
    /// Declared `strict`.
    pub strict: bool,
    /// Declared `resource`.
    pub resource: bool,
    /// Members by ordinal.
    pub members: Vec<OrdinalMember>,
    /// Shape.
    pub shape: Shape,
    /// True for compiler-made result unions of methods.
    pub is_result: bool,
}

/// An enum or bits member.
#[derive(Debug, Clone)]
pub struct ValueMember {
    /// FIDL name.
    pub name: String,
    /// Value.
    pub value: i128,
    /// Attributes.
    pub attributes: Attributes,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Declared `strict`.
    pub strict: bool,
    /// Underlying type.
    pub subtype: Prim,
    /// Members.
    pub members: Vec<ValueMember>,
}

/// A bits type.
#[derive(Debug, Clone)]
pub struct Bits {
    /// Declared `strict`.
    pub strict: bool,
    /// Underlying type.
    pub subtype: Prim,
    /// Members.
    pub members: Vec<ValueMember>,
    /// OR of all members.
    pub mask: u64,
}

/// A constant.
#[derive(Debug, Clone)]
pub struct Const {
    /// Type.
    pub ty: Ty,
    /// Value.
    pub value: Value,
}

/// Protocol openness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openness {
    /// `open` (the default).
    Open,
    /// `ajar`.
    Ajar,
    /// `closed`.
    Closed,
}

/// A method or event (composed ones included, with the declaring protocol).
#[derive(Debug, Clone)]
pub struct Method {
    /// FIDL name.
    pub name: String,
    /// The hashed ordinal.
    pub ordinal: u64,
    /// The selector string that was hashed.
    pub selector: String,
    /// `strict` (default flexible).
    pub strict: bool,
    /// True for events.
    pub is_event: bool,
    /// True for two-way methods.
    pub two_way: bool,
    /// Request (or event) payload type.
    pub request: Option<Ty>,
    /// Response payload as written (success type when there is an error clause).
    pub response: Option<Ty>,
    /// The body actually sent in the response: the result union when there is one.
    pub response_body: Option<Ty>,
    /// The error type, if any.
    pub error: Option<Ty>,
    /// The protocol that declares the method.
    pub declared_in: DeclId,
    /// Attributes.
    pub attributes: Attributes,
    /// Where.
    pub span: Span,
}

/// A protocol.
#[derive(Debug, Clone)]
pub struct Protocol {
    /// Openness.
    pub openness: Openness,
    /// All methods, composed ones included.
    pub methods: Vec<Method>,
    /// Directly composed protocols.
    pub composed: Vec<DeclId>,
    /// `@discoverable` name, if any.
    pub discoverable: Option<String>,
}

/// A service.
#[derive(Debug, Clone)]
pub struct Service {
    /// Members: name and protocol.
    pub members: Vec<(String, DeclId)>,
}

/// A resource definition.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The underlying type (always `uint32`).
    pub subtype: Prim,
    /// The enum of subtypes (object types), if declared.
    pub subtype_enum: Option<DeclId>,
    /// The bits of rights, if declared.
    pub rights_bits: Option<DeclId>,
}

impl Ir {
    /// The fully qualified name `library/Name`.
    pub fn qualified(&self, id: DeclId) -> String {
        let d = &self.decls[id];
        format!("{}/{}", self.libraries[d.library].name, d.name)
    }

    /// Finds a declaration by library and name.
    pub fn find(&self, library: &str, name: &str) -> Option<DeclId> {
        let lib = self.libraries.iter().find(|l| l.name == library)?;
        lib.decls
            .iter()
            .copied()
            .find(|&id| self.decls[id].name == name)
    }

    /// The shape of a type.
    pub fn shape(&self, ty: &Ty) -> Shape {
        crate::shape::of_ty(self, ty)
    }
}
