//! Attributes (`fidl-checks.md` §3.5, §4): duplicates, the argument rules of official
//! attributes and of user-defined ones, resolving argument values (constants allowed, except
//! in compile-early attributes and on the library), and placement — collected here, reported
//! by [`super::verify`] only when everything else compiled.

use super::Compiler;
use super::lookup::Target;
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::ir::{self, Prim, Ty, Value};
use crate::names::canonical;
use crate::syntax::ast::{self, Constant, Literal};

/// Where an attribute is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Library,
    Const,
    Alias,
    NewType,
    Layout(ast::LayoutKind),
    /// An inline (anonymous) layout.
    InlineLayout(ast::LayoutKind),
    Protocol,
    Service,
    Resource,
    Member(ast::LayoutKind),
    Method,
    Compose,
    ServiceMember,
    ResourceProperty,
}

/// The argument shape of an official attribute.
#[derive(Clone, Copy)]
enum Args {
    /// No arguments.
    None,
    /// One unnamed string, required.
    OneString,
    /// Named, optional strings.
    Named(&'static [&'static str]),
    /// `@available`: checked by the availability phase.
    Available,
}

struct Schema {
    name: &'static str,
    args: Args,
    /// Constants may not be referenced (the attribute is compiled before constants).
    early: bool,
    placed: fn(Place) -> bool,
}

use ast::LayoutKind as L;

const SCHEMAS: &[Schema] = &[
    Schema {
        name: "available",
        args: Args::Available,
        early: true,
        placed: |p| !matches!(p, Place::InlineLayout(_)),
    },
    Schema {
        name: "discoverable",
        args: Args::Named(&["name", "client", "server"]),
        early: false,
        placed: |p| p == Place::Protocol,
    },
    Schema {
        name: "doc",
        args: Args::OneString,
        early: false,
        placed: |_| true,
    },
    Schema {
        name: "generated_name",
        args: Args::OneString,
        early: true,
        placed: |p| matches!(p, Place::InlineLayout(_)),
    },
    Schema {
        name: "selector",
        args: Args::OneString,
        early: false,
        placed: |p| p == Place::Method,
    },
    Schema {
        name: "serializable",
        args: Args::Named(&["read", "write"]),
        early: false,
        placed: |p| {
            matches!(
                p,
                Place::Layout(L::Struct | L::Table | L::Union)
                    | Place::InlineLayout(L::Struct | L::Table | L::Union)
            )
        },
    },
    Schema {
        name: "transport",
        args: Args::OneString,
        early: false,
        placed: |p| p == Place::Protocol,
    },
    Schema {
        name: "unknown",
        args: Args::None,
        early: false,
        placed: |p| p == Place::Member(L::Enum),
    },
    Schema {
        name: "no_resource",
        args: Args::None,
        early: false,
        placed: |p| p == Place::Protocol,
    },
    Schema {
        name: "sensitive",
        args: Args::None,
        early: false,
        placed: |p| {
            matches!(
                p,
                Place::Layout(L::Struct | L::Table | L::Union | L::Overlay)
                    | Place::InlineLayout(L::Struct | L::Table | L::Union | L::Overlay)
                    | Place::Member(L::Struct | L::Table | L::Union | L::Overlay)
                    | Place::NewType
            )
        },
    },
];

/// Deprecated attributes: any use is `fi-0121`.
const DEPRECATED: &[&str] = &["transitional", "example_deprecated_attribute"];

fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMAS.iter().find(|s| s.name == name)
}

/// True when `name` is among the attributes, compiled or not yet.
pub(super) fn has_attribute(
    source: &ast::Attributes,
    compiled: &ir::Attributes,
    name: &str,
) -> bool {
    source.iter().any(|a| a.name.text == name) || compiled.iter().any(|a| a.name == name)
}

impl Compiler<'_> {
    /// Compiles the attributes of an element of library `lib` placed at `place`.
    pub(super) fn compile_attributes_at(
        &mut self,
        lib: usize,
        attrs: &ast::Attributes,
        place: Place,
    ) -> ir::Attributes {
        self.duplicate_attributes(attrs);
        let mut out = Vec::new();
        for a in attrs {
            let name = a.name.text.as_str();
            if DEPRECATED.contains(&name) {
                self.deferred.push(Diagnostic::error(
                    ids::DEPRECATED_ATTRIBUTE,
                    a.span,
                    format!("@{name} is deprecated"),
                ));
                continue;
            }
            let args = match schema(name) {
                Some(s) => {
                    if !(s.placed)(place) {
                        self.deferred.push(Diagnostic::error(
                            ids::INVALID_ATTRIBUTE_PLACEMENT,
                            a.span,
                            format!("@{name} is not allowed here"),
                        ));
                    }
                    self.official_args(lib, a, s, place)
                }
                None => self.user_args(lib, a, place),
            };
            out.push(ir::Attribute {
                name: name.to_string(),
                args,
                span: a.span,
            });
        }
        out
    }

    /// Compiles declaration attributes; the place follows from what the declaration is.
    pub(super) fn compile_attributes(
        &mut self,
        lib: usize,
        attrs: &ast::Attributes,
    ) -> ir::Attributes {
        let place = self.current_place.unwrap_or(Place::Const);
        self.compile_attributes_at(lib, attrs, place)
    }

    /// fi-0122/fi-0123 among one element's attributes (`///` counts as `doc`).
    fn duplicate_attributes(&mut self, attrs: &ast::Attributes) {
        for (i, b) in attrs.iter().enumerate() {
            for a in &attrs[..i] {
                let id = if a.name.text == b.name.text {
                    ids::DUPLICATE_ATTRIBUTE
                } else if canonical(&a.name.text) == canonical(&b.name.text) {
                    ids::DUPLICATE_ATTRIBUTE_CANONICAL
                } else {
                    continue;
                };
                self.report(
                    Diagnostic::error(
                        id,
                        b.span,
                        format!("duplicate attribute `@{}`", b.name.text),
                    )
                    .with_note(a.span, "first given here"),
                );
                break;
            }
        }
    }

    /// Duplicate argument names of one attribute (fi-0130/fi-0131).
    fn duplicate_args(&mut self, a: &ast::Attribute) -> bool {
        for (i, b) in a.args.iter().enumerate() {
            let Some(bn) = &b.name else { continue };
            for x in &a.args[..i] {
                let Some(xn) = &x.name else { continue };
                let id = if xn.text == bn.text {
                    ids::DUPLICATE_ATTRIBUTE_ARG
                } else if canonical(&xn.text) == canonical(&bn.text) {
                    ids::DUPLICATE_ATTRIBUTE_ARG_CANONICAL
                } else {
                    continue;
                };
                self.err(
                    id,
                    a.span,
                    format!("argument `{}` of @{} given twice", bn.text, a.name.text),
                );
                return true;
            }
        }
        false
    }

    fn official_args(
        &mut self,
        lib: usize,
        a: &ast::Attribute,
        s: &Schema,
        place: Place,
    ) -> Vec<(String, Value)> {
        let name = &a.name.text;
        match s.args {
            Args::Available => Vec::new(),
            Args::None => {
                match a.args.first() {
                    Some(arg) if arg.name.is_none() => self.err(
                        ids::ATTRIBUTE_DISALLOWS_ARGS,
                        a.span,
                        format!("@{name} takes no arguments"),
                    ),
                    Some(arg) => self.err(
                        ids::UNKNOWN_ATTRIBUTE_ARG,
                        arg.span,
                        format!("@{name} takes no arguments"),
                    ),
                    None => {}
                }
                Vec::new()
            }
            Args::OneString => {
                let Some(arg) = a.args.first() else {
                    self.err(
                        ids::MISSING_REQUIRED_ANONYMOUS_ATTRIBUTE_ARG,
                        a.span,
                        format!("@{name} needs its argument: @{name}(\"…\")"),
                    );
                    return Vec::new();
                };
                if let Some(n) = &arg.name {
                    self.err(
                        ids::ATTRIBUTE_ARG_MUST_NOT_BE_NAMED,
                        arg.span,
                        format!("the argument of @{name} is written without a name"),
                    );
                    if n.text != "value" {
                        self.err(
                            ids::UNKNOWN_ATTRIBUTE_ARG,
                            n.span,
                            format!("@{name} has no argument `{}`", n.text),
                        );
                        self.err(
                            ids::MISSING_REQUIRED_ANONYMOUS_ATTRIBUTE_ARG,
                            a.span,
                            format!("@{name} needs its argument"),
                        );
                        return Vec::new();
                    }
                }
                match self.attribute_string_arg(lib, a, &arg.value, s.early, place) {
                    Some(v) => vec![("value".into(), Value::Str(v))],
                    None => Vec::new(),
                }
            }
            Args::Named(known) => {
                if a.args.iter().any(|x| x.name.is_none()) {
                    self.err(
                        ids::ATTRIBUTE_ARG_NOT_NAMED,
                        a.span,
                        format!("the arguments of @{name} are named: {}", known.join(", ")),
                    );
                    return Vec::new();
                }
                if self.duplicate_args(a) {
                    return Vec::new();
                }
                let mut out = Vec::new();
                for arg in &a.args {
                    let Some(n) = &arg.name else { continue };
                    if !known.contains(&n.text.as_str()) {
                        self.err(
                            ids::UNKNOWN_ATTRIBUTE_ARG,
                            n.span,
                            format!(
                                "@{name} has no argument `{}` ({})",
                                n.text,
                                known.join(", ")
                            ),
                        );
                        continue;
                    }
                    if let Some(v) = self.attribute_string_arg(lib, a, &arg.value, s.early, place) {
                        out.push((n.text.clone(), Value::Str(v)));
                    }
                }
                out
            }
        }
    }

    /// Reports fi-0181 when a constant is referenced from an attribute on the `library`
    /// declaration (compiled before any declaration exists); true when reported.
    fn library_reference(&mut self, place: Place, span: Span) -> bool {
        if place != Place::Library {
            return false;
        }
        self.err(
            ids::REFERENCE_IN_LIBRARY_ATTRIBUTE,
            span,
            "attributes on the library cannot refer to constants",
        );
        true
    }

    /// A string argument: a literal, or (unless compiled early) a string constant.
    fn attribute_string_arg(
        &mut self,
        lib: usize,
        a: &ast::Attribute,
        value: &Constant,
        early: bool,
        place: Place,
    ) -> Option<String> {
        if let Constant::Ident(c) = value {
            if early {
                self.err(
                    ids::ATTRIBUTE_ARG_REQUIRES_LITERAL,
                    c.span,
                    format!("@{} takes literals only, not constants", a.name.text),
                );
                return None;
            }
            if self.library_reference(place, c.span) {
                return None;
            }
        }
        let string = Ty::String {
            max: None,
            optional: false,
        };
        match self.eval_const(lib, value, &string) {
            Some(Value::Str(s)) => Some(s),
            _ => {
                self.err(
                    ids::COULD_NOT_RESOLVE_ATTRIBUTE_ARG,
                    value.span(),
                    format!("could not resolve the argument of @{}", a.name.text),
                );
                None
            }
        }
    }

    /// User-defined attributes: strings and bools only (`fi-0124`).
    fn user_args(&mut self, lib: usize, a: &ast::Attribute, place: Place) -> Vec<(String, Value)> {
        if self.duplicate_args(a) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for arg in &a.args {
            let name = arg
                .name
                .as_ref()
                .map_or("value".to_string(), |n| n.text.clone());
            if let Some(v) = self.user_value(lib, a, &arg.value, place) {
                out.push((name, v));
            }
        }
        out
    }

    fn user_value(
        &mut self,
        lib: usize,
        a: &ast::Attribute,
        value: &Constant,
        place: Place,
    ) -> Option<Value> {
        match value {
            Constant::Literal(Literal::Str(s), _) => Some(Value::Str(s.clone())),
            Constant::Literal(Literal::Bool(b), _) => Some(Value::Bool(*b)),
            Constant::Literal(Literal::Number(_), _) | Constant::Or(..) => {
                self.not_string_or_bool(a);
                None
            }
            Constant::Ident(c) => {
                if self.library_reference(place, c.span) {
                    return None;
                }
                let target = self.lookup(lib, c);
                let ty = match &target {
                    Some(Target::Decl(id)) if self.kind(*id) == super::Kind::Const => {
                        self.resolve(*id);
                        match &self.ir.decls[*id].kind {
                            ir::DeclKind::Const(k) => Some(k.ty.clone()),
                            _ => None,
                        }
                    }
                    Some(Target::Member(..)) => None,
                    Some(Target::Builtin(b)) if *b == "MAX" => Some(Ty::Prim(Prim::Uint32)),
                    Some(_) => {
                        self.err(
                            ids::EXPECTED_VALUE_BUT_GOT_TYPE,
                            c.span,
                            format!("`{}` is a type, not a value", c.dotted()),
                        );
                        self.err(
                            ids::COULD_NOT_RESOLVE_ATTRIBUTE_ARG,
                            c.span,
                            format!("could not resolve the argument of @{}", a.name.text),
                        );
                        return None;
                    }
                    None => return None,
                };
                match ty {
                    Some(t @ (Ty::String { .. } | Ty::Prim(Prim::Bool))) => {
                        self.eval_const(lib, value, &t)
                    }
                    _ => {
                        self.not_string_or_bool(a);
                        None
                    }
                }
            }
        }
    }

    fn not_string_or_bool(&mut self, a: &ast::Attribute) {
        self.err(
            ids::CAN_ONLY_USE_STRING_OR_BOOL,
            a.span,
            format!(
                "arguments of user-defined attribute @{} must be strings or bools",
                a.name.text
            ),
        );
    }

    /// Value checks of `@discoverable` and `@transport` (fi-0135, fi-0210, fi-0142).
    pub(super) fn protocol_attribute_values(
        &mut self,
        attrs: &ir::Attributes,
        source: &[ast::Attribute],
    ) {
        // Reported at the argument: the compiled attribute has no spans of its own.
        let arg_span = |attr: &str, arg: &str| {
            ast::find_attribute(source, attr).and_then(|a| {
                a.args
                    .iter()
                    .find(|x| x.name.as_ref().map_or("value", |n| n.text.as_str()) == arg)
                    .map(|x| x.span)
            })
        };
        if let Some(a) = ir::attribute(attrs, "discoverable") {
            for (n, v) in &a.args {
                let Value::Str(s) = v else { continue };
                let ok = match n.as_str() {
                    "name" => valid_discoverable_name(s),
                    _ => s
                        .split(',')
                        .all(|x| matches!(x.trim(), "platform" | "external")),
                };
                if !ok {
                    let (id, rule) = if n == "name" {
                        (
                            ids::INVALID_DISCOVERABLE_NAME,
                            "a library name, a dot and an identifier",
                        )
                    } else {
                        (
                            ids::INVALID_DISCOVERABLE_LOCATION,
                            "a comma-separated list of `platform` and `external`",
                        )
                    };
                    self.deferred.push(Diagnostic::error(
                        id,
                        arg_span("discoverable", n).unwrap_or(a.span),
                        format!("invalid @discoverable {n}=\"{s}\": must be {rule}"),
                    ));
                }
            }
        }
        if let Some(a) = ir::attribute(attrs, "transport")
            && let Some((_, Value::Str(s))) = a.args.first()
            && !TRANSPORTS.contains(&s.as_str())
        {
            self.deferred.push(Diagnostic::error(
                ids::INVALID_TRANSPORT_TYPE,
                a.span,
                format!(
                    "invalid transport `{s}`; valid transports are {}",
                    TRANSPORTS.join(", ")
                ),
            ));
        }
        if ir::attribute(attrs, "no_resource").is_some()
            && !self.options.experimental("no_resource_attribute")
        {
            let span = ir::attribute(attrs, "no_resource").map_or(Span::default(), |a| a.span);
            self.deferred.push(Diagnostic::error(
                ids::EXPERIMENTAL_NO_RESOURCE,
                span,
                "@no_resource needs `--experimental no_resource_attribute`",
            ));
        }
    }
}

/// The values `@transport` accepts.
pub(super) const TRANSPORTS: &[&str] = &["Banjo", "Channel", "Driver", "Syscall"];

fn valid_discoverable_name(s: &str) -> bool {
    let Some((lib, name)) = s.rsplit_once('.') else {
        return false;
    };
    lib.split('.').all(crate::names::is_valid_library_component)
        && crate::names::is_valid_identifier(name)
}
