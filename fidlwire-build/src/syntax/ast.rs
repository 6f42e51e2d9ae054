//! The syntax tree of one `.fidl` file, as written: nothing is resolved or checked beyond the
//! grammar.

use crate::diagnostic::Span;

/// An identifier with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The text.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// A dotted name such as `fuchsia.io` or `zx.Rights.READ`.
#[derive(Debug, Clone, PartialEq)]
pub struct Compound {
    /// The components.
    pub parts: Vec<Name>,
    /// The whole span.
    pub span: Span,
}

impl Compound {
    /// The components joined with dots.
    pub fn dotted(&self) -> String {
        self.parts
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// `@name` or `@name(args)`; a `///` doc comment block is the attribute `doc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The attribute name.
    pub name: Name,
    /// Arguments: `(value)` is one unnamed argument.
    pub args: Vec<AttributeArg>,
    /// True when written as `///` lines.
    pub doc_comment: bool,
    /// Where.
    pub span: Span,
}

/// One attribute argument.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeArg {
    /// `name = ` if given.
    pub name: Option<Name>,
    /// The value.
    pub value: Constant,
    /// Where (name included).
    pub span: Span,
}

/// Attributes on an element.
pub type Attributes = Vec<Attribute>;

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number as written (digits, letters, `.`, `_`), with a leading `-` if negative.
    Number(String),
    /// A string, escapes decoded.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
}

/// A constant expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// A literal.
    Literal(Literal, Span),
    /// A reference to a constant, an enum/bits member, or (in constraints) a name.
    Ident(Compound),
    /// `a | b`.
    Or(Box<Constant>, Box<Constant>, Span),
}

impl Constant {
    /// The span.
    pub fn span(&self) -> Span {
        match self {
            Constant::Literal(_, s) | Constant::Or(_, _, s) => *s,
            Constant::Ident(c) => c.span,
        }
    }
}

/// A modifier (`strict`, `flexible`, `resource`, `open`, `ajar`, `closed`), optionally with an
/// availability: `strict(removed=2)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Modifier {
    /// The keyword.
    pub name: Name,
    /// `(added=…, removed=…)`, as an `@available` attribute.
    pub availability: Option<Attribute>,
}

/// A type constructor: a named or inline layout, parameters and constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeCtor {
    /// The layout.
    pub layout: LayoutRef,
    /// `<...>` parameters.
    pub params: Vec<TypeCtor>,
    /// Span of `<...>`, when written.
    pub params_span: Option<Span>,
    /// `:...` constraints.
    pub constraints: Vec<Constant>,
    /// Where.
    pub span: Span,
}

/// What a type constructor names.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutRef {
    /// A name (built-in or declared).
    Named(Compound),
    /// An inline (anonymous) layout.
    Inline(Box<Layout>),
    /// A literal in parameter position (`array<T, 3>`, or a mistake like `vector<5>`).
    Literal(Literal),
}

/// Layout kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    /// `struct`
    Struct,
    /// `table`
    Table,
    /// `union`
    Union,
    /// `enum`
    Enum,
    /// `bits`
    Bits,
    /// `overlay` (experimental)
    Overlay,
}

impl LayoutKind {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            LayoutKind::Struct => "struct",
            LayoutKind::Table => "table",
            LayoutKind::Union => "union",
            LayoutKind::Enum => "enum",
            LayoutKind::Bits => "bits",
            LayoutKind::Overlay => "overlay",
        }
    }

    /// The kind a keyword introduces.
    pub fn from_keyword(k: &str) -> Option<LayoutKind> {
        Some(match k {
            "struct" => LayoutKind::Struct,
            "table" => LayoutKind::Table,
            "union" => LayoutKind::Union,
            "enum" => LayoutKind::Enum,
            "bits" => LayoutKind::Bits,
            "overlay" => LayoutKind::Overlay,
            _ => return None,
        })
    }
}

/// A struct/table/union/enum/bits/overlay body.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Attributes written before the layout (inline layouts).
    pub attributes: Attributes,
    /// `strict`, `flexible`, `resource` as written.
    pub modifiers: Vec<Modifier>,
    /// The kind.
    pub kind: LayoutKind,
    /// `enum : uint8` / `bits : uint16` (or a misplaced `: T` on other kinds).
    pub subtype: Option<Box<TypeCtor>>,
    /// The members.
    pub members: Vec<Member>,
    /// Where (from the first modifier to the closing brace).
    pub span: Span,
}

/// A layout member (also a service member or resource property).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Attributes.
    pub attributes: Attributes,
    /// `N:` for table, union and overlay members.
    pub ordinal: Option<(u64, Span)>,
    /// The name (`reserved` for reserved members).
    pub name: Name,
    /// The type (struct/table/union members, service members, properties).
    pub ty: Option<TypeCtor>,
    /// The value (enum/bits members) or default (struct members).
    pub value: Option<Constant>,
    /// `N: reserved;`
    pub reserved: bool,
    /// Where.
    pub span: Span,
}

/// A method or event.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Attributes.
    pub attributes: Attributes,
    /// `strict` / `flexible` as written (several, with availabilities, in versioned
    /// libraries).
    pub modifiers: Vec<Modifier>,
    /// The name.
    pub name: Name,
    /// True for `-> Event(...)`.
    pub is_event: bool,
    /// The request (or event) payload; `None` for `()`.
    pub request: Option<TypeCtor>,
    /// `Some(payload)` for two-way methods (`None` inside for `-> ()`).
    pub response: Option<Option<TypeCtor>>,
    /// The `error` type.
    pub error: Option<TypeCtor>,
    /// Where.
    pub span: Span,
}

/// A `compose` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Compose {
    /// Attributes.
    pub attributes: Attributes,
    /// The composed protocol.
    pub protocol: Compound,
    /// Where.
    pub span: Span,
}

/// A top-level declaration. Fields hold the parts of the syntax they are named after.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum Decl {
    /// `const NAME TYPE = VALUE;`
    Const {
        attributes: Attributes,
        name: Name,
        ty: TypeCtor,
        value: Constant,
    },
    /// `alias NAME = TYPE;`
    Alias {
        attributes: Attributes,
        name: Name,
        ty: TypeCtor,
    },
    /// `type NAME = LAYOUT;` (or a new type: `type NAME = TYPE;`)
    Type {
        attributes: Attributes,
        name: Name,
        ty: TypeCtor,
    },
    /// `[open|ajar|closed] protocol NAME { ... }`
    Protocol {
        attributes: Attributes,
        modifiers: Vec<Modifier>,
        name: Name,
        composes: Vec<Compose>,
        methods: Vec<Method>,
    },
    /// `service NAME { ... }`
    Service {
        attributes: Attributes,
        name: Name,
        members: Vec<Member>,
    },
    /// `resource_definition NAME [: TYPE] { properties { ... }; };`
    Resource {
        attributes: Attributes,
        name: Name,
        subtype: Option<TypeCtor>,
        properties: Vec<Member>,
    },
}

impl Decl {
    /// The declared name.
    pub fn name(&self) -> &Name {
        match self {
            Decl::Const { name, .. }
            | Decl::Alias { name, .. }
            | Decl::Type { name, .. }
            | Decl::Protocol { name, .. }
            | Decl::Service { name, .. }
            | Decl::Resource { name, .. } => name,
        }
    }

    /// The attributes.
    pub fn attributes(&self) -> &Attributes {
        match self {
            Decl::Const { attributes, .. }
            | Decl::Alias { attributes, .. }
            | Decl::Type { attributes, .. }
            | Decl::Protocol { attributes, .. }
            | Decl::Service { attributes, .. }
            | Decl::Resource { attributes, .. } => attributes,
        }
    }
}

/// `using a.b [as c];`
#[derive(Debug, Clone, PartialEq)]
pub struct Using {
    /// Attributes (always an error, `fi-0045`).
    pub attributes: Attributes,
    /// The library.
    pub library: Compound,
    /// `as NAME`.
    pub alias: Option<Name>,
    /// Where.
    pub span: Span,
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Attributes on the `library` line.
    pub attributes: Attributes,
    /// The library name.
    pub library: Compound,
    /// Imports.
    pub usings: Vec<Using>,
    /// Declarations.
    pub decls: Vec<Decl>,
}

/// Looks up an attribute by name (exact: `@Doc` is not `@doc`).
pub fn find_attribute<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs.iter().find(|a| a.name.text == name)
}

/// The string literal of the single unnamed argument of attribute `name`, if written so.
pub fn attribute_string(attrs: &[Attribute], name: &str) -> Option<String> {
    let a = find_attribute(attrs, name)?;
    match a.args.as_slice() {
        [arg] if arg.name.is_none() => match &arg.value {
            Constant::Literal(Literal::Str(s), _) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}
