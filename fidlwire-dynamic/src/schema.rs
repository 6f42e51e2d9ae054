//! The schema: the declarations a dynamic value is decoded and encoded against.
//!
//! A schema is built from compiled FIDL (`fidlwire_build::schema` turns a compiled library set
//! into one), the way prost-reflect builds its pool from descriptors. Struct layouts are
//! computed here with the runtime's [`Layout`], the same computation as derived code.

use fidlwire::layout::Layout;
use std::collections::HashMap;

/// A member name, shared between the schema and every value decoded with it (cloning one does
/// not allocate).
pub type Name = std::sync::Arc<str>;

/// Index of a declaration in a [`Schema`].
pub type DeclId = usize;

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
    /// Size (= alignment) in bytes.
    pub fn size(self) -> usize {
        match self {
            Prim::Bool | Prim::Int8 | Prim::Uint8 => 1,
            Prim::Int16 | Prim::Uint16 => 2,
            Prim::Int32 | Prim::Uint32 | Prim::Float32 => 4,
            Prim::Int64 | Prim::Uint64 | Prim::Float64 => 8,
        }
    }

    /// True for signed integers.
    pub fn is_signed(self) -> bool {
        matches!(self, Prim::Int8 | Prim::Int16 | Prim::Int32 | Prim::Int64)
    }

    /// The FIDL name.
    pub fn name(self) -> &'static str {
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
}

/// A type, with its constraints.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A primitive.
    Prim(Prim),
    /// `string:<max, optional>` (`max` = `u32::MAX` when unbounded).
    String {
        /// Bound in bytes.
        max: u32,
        /// Optional.
        optional: bool,
    },
    /// `vector<elem>:<max, optional>`.
    Vector {
        /// Element type.
        elem: Box<Ty>,
        /// Bound in elements.
        max: u32,
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
    /// A handle with its object type (0 = any) and rights (`0x8000_0000` = same rights).
    Handle {
        /// Object type.
        object_type: u32,
        /// Rights.
        rights: u32,
        /// Optional.
        optional: bool,
    },
    /// `client_end:P` / `server_end:P`: a channel handle.
    Endpoint {
        /// True for `server_end`.
        server: bool,
        /// The protocol's name, `library/Protocol`.
        protocol: String,
        /// Optional.
        optional: bool,
    },
    /// A declaration; for a struct `optional` means `box`.
    Decl {
        /// The declaration.
        id: DeclId,
        /// Optional.
        optional: bool,
    },
}

/// A struct member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// FIDL name.
    pub name: Name,
    /// Type.
    pub ty: Ty,
}

/// A table field or union variant (reserved ordinals are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct OrdinalMember {
    /// Ordinal.
    pub ordinal: u64,
    /// FIDL name.
    pub name: Name,
    /// Type.
    pub ty: Ty,
}

/// An enum or bits member.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMember {
    /// FIDL name.
    pub name: Name,
    /// Value (bits: the member's bit pattern).
    pub value: i128,
}

/// What a declaration is.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclKind {
    /// A struct; `layout` is filled in by [`Schema::new`].
    Struct {
        /// Declared `resource`.
        resource: bool,
        /// Members in order.
        members: Vec<Member>,
        /// Offsets, size, alignment and padding.
        layout: Layout,
    },
    /// A table.
    Table {
        /// Declared `resource`.
        resource: bool,
        /// Fields by ordinal.
        members: Vec<OrdinalMember>,
    },
    /// A union.
    Union {
        /// Declared `strict`.
        strict: bool,
        /// Declared `resource`.
        resource: bool,
        /// Variants by ordinal.
        members: Vec<OrdinalMember>,
    },
    /// An enum.
    Enum {
        /// Declared `strict`.
        strict: bool,
        /// Underlying type.
        prim: Prim,
        /// Members.
        members: Vec<ValueMember>,
    },
    /// A bits type.
    Bits {
        /// Declared `strict`.
        strict: bool,
        /// Underlying type.
        prim: Prim,
        /// Members.
        members: Vec<ValueMember>,
        /// OR of all members.
        mask: u64,
    },
}

/// A declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    /// `library/Name`.
    pub name: String,
    /// What it is.
    pub kind: DeclKind,
}

/// A method or event of a protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// FIDL name.
    pub name: String,
    /// Ordinal.
    pub ordinal: u64,
    /// True for events.
    pub is_event: bool,
    /// True for two-way methods.
    pub two_way: bool,
    /// Declared `strict`.
    pub strict: bool,
    /// Request (or event) body type; `None` for an empty payload.
    pub request: Option<Ty>,
    /// Response body type (the result union when there is one).
    pub response: Option<Ty>,
}

/// A protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct Protocol {
    /// `library/Protocol`.
    pub name: String,
    /// Methods and events, composed ones included.
    pub methods: Vec<Method>,
}

/// Errors building a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid schema: {}", self.0)
    }
}

impl std::error::Error for SchemaError {}

/// Declarations and protocols, looked up by name.
#[derive(Debug, Clone)]
pub struct Schema {
    decls: Vec<Decl>,
    protocols: Vec<Protocol>,
    by_name: HashMap<String, DeclId>,
}

impl Schema {
    /// A schema of `decls` (types refer to each other by index) and `protocols`. Struct
    /// layouts are computed here; an out-of-range index or a struct that contains itself
    /// inline is an error.
    pub fn new(mut decls: Vec<Decl>, protocols: Vec<Protocol>) -> Result<Schema, SchemaError> {
        let mut state = vec![0u8; decls.len()];
        for id in 0..decls.len() {
            layout_struct(&mut decls, &mut state, id)?;
        }
        let by_name = decls
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.clone(), i))
            .collect();
        Ok(Schema {
            decls,
            protocols,
            by_name,
        })
    }

    /// Every declaration.
    pub fn decls(&self) -> &[Decl] {
        &self.decls
    }

    /// Every protocol.
    pub fn protocols(&self) -> &[Protocol] {
        &self.protocols
    }

    /// The declaration `id`.
    pub fn decl(&self, id: DeclId) -> &Decl {
        &self.decls[id]
    }

    /// The declaration named `library/Name` (or `library.Name`).
    pub fn find(&self, name: &str) -> Option<DeclId> {
        self.by_name
            .get(name)
            .or_else(|| {
                let (lib, decl) = name.rsplit_once('.')?;
                self.by_name.get(&format!("{lib}/{decl}"))
            })
            .copied()
    }

    /// The protocol named `library/Protocol` (or `library.Protocol`).
    pub fn protocol(&self, name: &str) -> Option<&Protocol> {
        let slash = match name.rsplit_once('.') {
            Some((lib, p)) if !name.contains('/') => format!("{lib}/{p}"),
            _ => name.to_string(),
        };
        self.protocols.iter().find(|p| p.name == slash)
    }

    /// The type naming declaration `name`, as a required value.
    pub fn ty(&self, name: &str) -> Option<Ty> {
        self.find(name).map(|id| Ty::Decl {
            id,
            optional: false,
        })
    }

    /// Inline size and alignment of `ty`.
    pub fn inline(&self, ty: &Ty) -> (usize, usize) {
        inline_of(&self.decls, ty)
    }

    /// True when values of `ty` can hold handles.
    pub fn is_resource(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Handle { .. } | Ty::Endpoint { .. } => true,
            Ty::Vector { elem, .. } | Ty::Array { elem, .. } => self.is_resource(elem),
            Ty::Decl { id, .. } => match &self.decls[*id].kind {
                DeclKind::Struct { resource, .. }
                | DeclKind::Table { resource, .. }
                | DeclKind::Union { resource, .. } => *resource,
                _ => false,
            },
            Ty::Prim(_) | Ty::String { .. } => false,
        }
    }

    /// A readable name of `ty`, e.g. `vector<uint8>:16` or `example/Point`.
    pub fn type_name(&self, ty: &Ty) -> String {
        let opt = |o: bool| if o { ":optional" } else { "" };
        match ty {
            Ty::Prim(p) => p.name().to_string(),
            Ty::String { max, optional } => match *max {
                u32::MAX => format!("string{}", opt(*optional)),
                m => format!("string:{m}{}", opt(*optional)),
            },
            Ty::Vector {
                elem,
                max,
                optional,
            } => match *max {
                u32::MAX => format!("vector<{}>{}", self.type_name(elem), opt(*optional)),
                m => format!("vector<{}>:{m}{}", self.type_name(elem), opt(*optional)),
            },
            Ty::Array { elem, len } => format!("array<{}, {len}>", self.type_name(elem)),
            Ty::Handle { optional, .. } => format!("handle{}", opt(*optional)),
            Ty::Endpoint {
                server,
                protocol,
                optional,
            } => {
                let end = if *server { "server_end" } else { "client_end" };
                format!("{end}:{protocol}{}", opt(*optional))
            }
            Ty::Decl { id, optional } => match (&self.decls[*id].kind, optional) {
                (DeclKind::Struct { .. }, true) => format!("box<{}>", self.decls[*id].name),
                _ => format!("{}{}", self.decls[*id].name, opt(*optional)),
            },
        }
    }
}

fn inline_of(decls: &[Decl], ty: &Ty) -> (usize, usize) {
    match ty {
        Ty::Prim(p) => (p.size(), p.size()),
        Ty::String { .. } | Ty::Vector { .. } => (16, 8),
        Ty::Array { elem, len } => {
            let (size, align) = inline_of(decls, elem);
            (size * *len as usize, align)
        }
        Ty::Handle { .. } | Ty::Endpoint { .. } => (4, 4),
        Ty::Decl { id, optional } => match &decls[*id].kind {
            DeclKind::Struct { .. } if *optional => (8, 8),
            DeclKind::Struct { layout, .. } => (layout.size, layout.align),
            DeclKind::Table { .. } | DeclKind::Union { .. } => (16, 8),
            DeclKind::Enum { prim, .. } | DeclKind::Bits { prim, .. } => (prim.size(), prim.size()),
        },
    }
}

/// Computes the layout of struct `id` after those of the structs it holds inline.
/// `state`: 0 = not done, 1 = in progress, 2 = done.
fn layout_struct(decls: &mut [Decl], state: &mut [u8], id: DeclId) -> Result<(), SchemaError> {
    match state[id] {
        2 => return Ok(()),
        1 => {
            return Err(SchemaError(format!(
                "struct {} contains itself inline",
                decls[id].name
            )));
        }
        _ => {}
    }
    state[id] = 1;
    let mut inner = Vec::new();
    match &decls[id].kind {
        DeclKind::Struct { members, .. } => {
            for m in members {
                inline_structs(&m.ty, &mut inner);
            }
        }
        DeclKind::Table { members, .. } | DeclKind::Union { members, .. } => {
            for m in members {
                check_ids(decls.len(), &m.ty)?;
            }
        }
        _ => {}
    }
    for &i in &inner {
        if i >= decls.len() {
            return Err(SchemaError(format!("type index {i} out of range")));
        }
        layout_struct(decls, state, i)?;
    }
    if let DeclKind::Struct { members, .. } = &decls[id].kind {
        for m in members {
            check_ids(decls.len(), &m.ty)?;
        }
        let fields: Vec<_> = members.iter().map(|m| inline_of(decls, &m.ty)).collect();
        let new = Layout::new(&fields);
        if let DeclKind::Struct { layout, .. } = &mut decls[id].kind {
            *layout = new;
        }
    }
    state[id] = 2;
    Ok(())
}

/// The structs `ty` holds inline (directly or in arrays).
fn inline_structs(ty: &Ty, out: &mut Vec<DeclId>) {
    match ty {
        Ty::Array { elem, .. } => inline_structs(elem, out),
        Ty::Decl {
            id,
            optional: false,
        } => out.push(*id),
        _ => {}
    }
}

fn check_ids(n: usize, ty: &Ty) -> Result<(), SchemaError> {
    match ty {
        Ty::Vector { elem, .. } | Ty::Array { elem, .. } => check_ids(n, elem),
        Ty::Decl { id, .. } if *id >= n => {
            Err(SchemaError(format!("type index {id} out of range")))
        }
        _ => Ok(()),
    }
}
