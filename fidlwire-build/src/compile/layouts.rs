//! Layouts (`fidl-checks.md` §3.8): structs, tables, unions, overlays, enums and bits, and the
//! result unions of methods.

use super::attributes::Place;
use super::declare::Generated;
use super::{Compiler, Kind};
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::ir::*;
use crate::syntax::ast::{self, LayoutKind};
use std::collections::HashMap;

fn is_optional(t: &Ty) -> bool {
    matches!(
        t,
        Ty::Decl { optional: true, .. }
            | Ty::String { optional: true, .. }
            | Ty::Vector { optional: true, .. }
            | Ty::Handle { optional: true, .. }
            | Ty::Endpoint { optional: true, .. }
    )
}

impl Compiler<'_> {
    /// `strict` (true), `flexible` (false) or unwritten (`None`): the last of the modifiers in
    /// force at this snapshot.
    fn strictness(modifiers: &[ast::Modifier]) -> Option<bool> {
        modifiers
            .iter()
            .rev()
            .find(|m| matches!(m.name.text.as_str(), "strict" | "flexible"))
            .map(|m| m.name.text == "strict")
    }

    pub(super) fn resolve_layout(
        &mut self,
        lib: usize,
        id: DeclId,
        layout: &ast::Layout,
    ) -> DeclKind {
        let strict = Self::strictness(&layout.modifiers);
        let resource = layout.modifiers.iter().any(|m| m.name.text == "resource");
        let name_span = self.ir.decls[id].span;
        match layout.kind {
            LayoutKind::Struct => self.resolve_struct(lib, id, layout, resource),
            LayoutKind::Table => DeclKind::Table(Table {
                resource,
                members: self.ordinal_members(lib, layout, LayoutKind::Table),
                shape: Shape::default(),
            }),
            LayoutKind::Union | LayoutKind::Overlay => {
                let overlay = layout.kind == LayoutKind::Overlay;
                if overlay {
                    if !self.options.experimental("zx_c_types") {
                        self.err(
                            ids::INVALID_LAYOUT_CLASS,
                            layout.span,
                            "`overlay` needs `--experimental zx_c_types`",
                        );
                    } else if strict != Some(true) {
                        self.err(
                            ids::OVERLAY_MUST_BE_STRICT,
                            name_span,
                            "an overlay must be declared `strict`",
                        );
                    }
                    if resource {
                        self.err(
                            ids::OVERLAY_MUST_BE_VALUE,
                            name_span,
                            "an overlay cannot be a `resource`",
                        );
                    }
                }
                let members = self.ordinal_members(lib, layout, layout.kind);
                let strict = strict.unwrap_or(false);
                if strict && !overlay && members.iter().all(|m| m.ty.is_none()) {
                    self.err(
                        ids::MUST_HAVE_ONE_MEMBER,
                        name_span,
                        format!(
                            "strict union `{}` must have at least one member",
                            self.ir.decls[id].name
                        ),
                    );
                }
                DeclKind::Union(Union {
                    strict: strict || overlay,
                    resource,
                    members,
                    shape: Shape::default(),
                    is_result: false,
                })
            }
            LayoutKind::Enum | LayoutKind::Bits => {
                self.resolve_enum_or_bits(lib, id, layout, strict.unwrap_or(false))
            }
        }
    }

    /// Records how the type of the member at `member` was written (its type constructor is at
    /// `ctor`): the alias it names, the constant of its size bound.
    fn note_member_names(&mut self, member: Span, ctor: &ast::TypeCtor) {
        if let Some(names) = self.type_names(ctor) {
            self.ir.member_names.insert(member, names);
        }
    }

    /// The names `ctor` (and its element type, for vectors and arrays) was written with.
    fn type_names(&self, ctor: &ast::TypeCtor) -> Option<TypeNames> {
        let alias = self.alias_uses.get(&ctor.span).copied();
        let bound = self
            .bound_uses
            .get(&ctor.span)
            .or_else(|| alias.and_then(|a| self.alias_bounds.get(&a)))
            .copied();
        let elem = ctor
            .params
            .first()
            .and_then(|p| self.type_names(p))
            .map(Box::new);
        (alias.is_some() || bound.is_some() || elem.is_some()).then_some(TypeNames {
            alias,
            bound,
            elem,
        })
    }

    fn resolve_struct(
        &mut self,
        lib: usize,
        id: DeclId,
        layout: &ast::Layout,
        resource: bool,
    ) -> DeclKind {
        let mut out = Vec::new();
        for m in &layout.members {
            let attributes =
                self.compile_attributes_at(lib, &m.attributes, Place::Member(LayoutKind::Struct));
            let Some(ty) = m.ty.as_ref().and_then(|t| self.resolve_ty(lib, t)) else {
                continue;
            };
            if let Some(v) = &m.value {
                self.struct_default(lib, id, m, &ty, v);
            }
            if let Some(t) = &m.ty {
                self.note_member_names(m.span, t);
            }
            out.push(StructMember {
                name: m.name.text.clone(),
                ty,
                offset: 0,
                attributes,
                span: m.span,
            });
        }
        if layout.members.iter().any(|m| m.value.is_some()) {
            self.has_defaults.insert(id);
        }
        if out.len() != layout.members.len() {
            // Members failed (and were reported); the struct is not empty, only incomplete.
            self.incomplete.insert(id);
        }
        DeclKind::Struct(Struct {
            resource,
            members: out,
            shape: Shape::default(),
        })
    }

    /// A deprecated struct default (allowed through `@allow_deprecated_struct_defaults`).
    fn struct_default(
        &mut self,
        lib: usize,
        id: DeclId,
        m: &ast::Member,
        ty: &Ty,
        v: &ast::Constant,
    ) {
        if !self.can_be_constant(ty) {
            self.err(
                ids::INVALID_STRUCT_MEMBER_TYPE,
                self.ir.decls[id].span,
                format!(
                    "member `{}` cannot have a default: its type cannot be a constant",
                    m.name.text
                ),
            );
            return;
        }
        if self.eval_const(lib, v, ty).is_none() {
            self.err(
                ids::COULD_NOT_RESOLVE_MEMBER_DEFAULT,
                m.name.span,
                format!("could not resolve the default of `{}`", m.name.text),
            );
        }
    }

    fn ordinal_members(
        &mut self,
        lib: usize,
        layout: &ast::Layout,
        kind: LayoutKind,
    ) -> Vec<OrdinalMember> {
        let is_table = kind == LayoutKind::Table;
        let mut out: Vec<OrdinalMember> = Vec::new();
        let mut seen: HashMap<u64, Span> = HashMap::new();
        for (index, m) in layout.members.iter().enumerate() {
            let attributes = self.compile_attributes_at(lib, &m.attributes, Place::Member(kind));
            let Some((ord, ospan)) = m.ordinal else {
                continue;
            };
            if ord == 0 || ord == u64::MAX {
                continue; // reported by the parser
            }
            if let Some(first) = seen.insert(ord, ospan) {
                let id = if is_table {
                    ids::DUPLICATE_TABLE_FIELD_ORDINAL
                } else {
                    ids::DUPLICATE_UNION_MEMBER_ORDINAL
                };
                self.report(
                    Diagnostic::error(id, ospan, format!("ordinal {ord} is used twice"))
                        .with_note(first, "first used here"),
                );
                continue;
            }
            if is_table && ord > 64 {
                self.err(
                    ids::TABLE_ORDINAL_TOO_LARGE,
                    ospan,
                    format!("table ordinal {ord} is above 64"),
                );
            }
            let ty = if m.reserved {
                None
            } else {
                let Some(t) = m.ty.as_ref().and_then(|t| self.resolve_ty(lib, t)) else {
                    continue;
                };
                if is_optional(&t) {
                    let (id, what) = if is_table {
                        (ids::OPTIONAL_TABLE_MEMBER, "table")
                    } else {
                        (ids::OPTIONAL_UNION_MEMBER, "union")
                    };
                    self.err(
                        id,
                        m.name.span,
                        format!("{what} members cannot be optional: `{}`", m.name.text),
                    );
                }
                if is_table
                    && index == 63
                    && !matches!(&t, Ty::Decl { id, .. } if self.kind(*id) == Kind::Table)
                {
                    self.err(
                        ids::MAX_ORDINAL_NOT_TABLE,
                        m.name.span,
                        "the 64th member of a table must be a table, so that the table can keep growing",
                    );
                }
                if kind == LayoutKind::Overlay && self.ty_is_resource(&t) {
                    self.err(
                        ids::OVERLAY_MEMBER_MUST_BE_VALUE,
                        m.name.span,
                        "overlay members cannot be resources",
                    );
                }
                Some(t)
            };
            if let (Some(_), Some(t)) = (&ty, &m.ty) {
                self.note_member_names(m.span, t);
            }
            out.push(OrdinalMember {
                ordinal: ord,
                name: m.name.text.clone(),
                ty,
                attributes,
                span: m.span,
            });
        }
        out.sort_by_key(|m| m.ordinal);
        out
    }

    fn resolve_enum_or_bits(
        &mut self,
        lib: usize,
        id: DeclId,
        layout: &ast::Layout,
        strict: bool,
    ) -> DeclKind {
        let is_bits = layout.kind == LayoutKind::Bits;
        let name_span = self.ir.decls[id].span;
        let name = self.ir.decls[id].name.clone();
        let subtype = match &layout.subtype {
            None => Prim::Uint32,
            Some(t) => {
                let resolved = self.resolve_ty(lib, t);
                match resolved {
                    Some(Ty::Prim(p)) if p.is_integer() && (!is_bits || p.is_unsigned()) => p,
                    Some(_) => {
                        let (code, rule) = if is_bits {
                            (
                                ids::BITS_TYPE_MUST_BE_UNSIGNED_INTEGRAL_PRIMITIVE,
                                "uint8, uint16, uint32 or uint64",
                            )
                        } else {
                            (ids::ENUM_TYPE_MUST_BE_INTEGRAL_PRIMITIVE, "an integer type")
                        };
                        self.err(
                            code,
                            name_span,
                            format!("the underlying type of `{name}` must be {rule}"),
                        );
                        Prim::Uint32
                    }
                    None => Prim::Uint32,
                }
            }
        };
        let member_kind = layout.kind;
        let mut values: Vec<ValueMember> = Vec::new();
        let mut first_of: HashMap<i128, (String, Span)> = HashMap::new();
        let mut unknown: Option<Span> = None;
        for m in &layout.members {
            let attributes =
                self.compile_attributes_at(lib, &m.attributes, Place::Member(member_kind));
            let Some(vc) = &m.value else { continue };
            let owner = self.value_owner.replace(id);
            let value = self.eval_const(lib, vc, &Ty::Prim(subtype));
            self.value_owner = owner;
            let Some(Value::Int(v)) = value else {
                self.failed_members.insert((id, m.name.text.clone()));
                self.err(
                    ids::COULD_NOT_RESOLVE_MEMBER,
                    m.name.span,
                    format!("could not resolve the value of member `{}`", m.name.text),
                );
                continue;
            };
            if let Some((other, span)) = first_of.get(&v) {
                self.report(
                    Diagnostic::error(
                        ids::DUPLICATE_MEMBER_VALUE,
                        m.name.span,
                        format!("`{}` has the same value ({v}) as `{other}`", m.name.text),
                    )
                    .with_note(*span, "that member"),
                );
            } else {
                first_of.insert(v, (m.name.text.clone(), m.name.span));
            }
            if is_bits && (v <= 0 || v & (v - 1) != 0) {
                self.err(
                    ids::BITS_MEMBER_MUST_BE_POWER_OF_TWO,
                    m.name.span,
                    format!(
                        "bits member `{}` must be a power of two, not {v}",
                        m.name.text
                    ),
                );
            }
            if !is_bits && ast::find_attribute(&m.attributes, "unknown").is_some() {
                if strict {
                    self.err(
                        ids::UNKNOWN_ATTRIBUTE_ON_STRICT_ENUM_MEMBER,
                        m.name.span,
                        "@unknown is only allowed in flexible enums",
                    );
                } else if unknown.is_some() {
                    self.err(
                        ids::UNKNOWN_ATTRIBUTE_ON_MULTIPLE_ENUM_MEMBERS,
                        m.name.span,
                        "@unknown may mark only one member",
                    );
                } else {
                    unknown = Some(m.name.span);
                }
            }
            values.push(ValueMember {
                name: m.name.text.clone(),
                value: v,
                attributes,
            });
        }
        if !is_bits && !strict && unknown.is_none() {
            let max = subtype.range().1;
            for m in layout.members.iter().filter(|m| {
                values
                    .iter()
                    .any(|v| v.name == m.name.text && v.value == max)
            }) {
                self.err(
                    ids::FLEXIBLE_ENUM_MEMBER_WITH_MAX_VALUE,
                    m.name.span,
                    format!(
                        "member `{}` has the largest {} value, which a flexible enum keeps for unknown values; mark a member @unknown or change the value",
                        m.name.text,
                        subtype.fidl()
                    ),
                );
            }
        }
        if strict && layout.members.is_empty() {
            self.err(
                ids::MUST_HAVE_ONE_MEMBER,
                name_span,
                format!(
                    "strict {} `{name}` must have at least one member",
                    layout.kind.keyword()
                ),
            );
        }
        if is_bits {
            let mask = values.iter().fold(0u64, |m, v| m | v.value as u64);
            DeclKind::Bits(Bits {
                strict,
                subtype,
                members: values,
                mask,
            })
        } else {
            DeclKind::Enum(Enum {
                strict,
                subtype,
                members: values,
            })
        }
    }

    /// The result union of a method (`{1: response, 2: err, 3: framework_err}`).
    pub(super) fn resolve_result(
        &mut self,
        lib: usize,
        id: DeclId,
        method: Span,
        success: Option<&ast::TypeCtor>,
        error: Option<&ast::TypeCtor>,
        flexible: bool,
    ) -> DeclKind {
        let span = self.ir.decls[id].span;
        let mut members = Vec::new();
        let success_ty = match success {
            Some(t) => self.resolve_ty(lib, t),
            None => self
                .generated
                .get(&(method, Generated::EmptySuccess))
                .map(|&sid| Ty::Decl {
                    id: sid,
                    optional: false,
                }),
        };
        if let Some(t) = success_ty {
            members.push(OrdinalMember {
                ordinal: 1,
                name: "response".into(),
                ty: Some(t),
                attributes: Vec::new(),
                span,
            });
        }
        let err_ty = error.and_then(|e| {
            let t = self.resolve_ty(lib, e)?;
            let ok = match &t {
                Ty::Prim(Prim::Int32 | Prim::Uint32) => true,
                Ty::Decl {
                    id,
                    optional: false,
                } if self.kind(*id) == Kind::Enum => {
                    matches!(self.underlying(&t), Some(Prim::Int32 | Prim::Uint32))
                        && matches!(self.ir.decls[*id].kind, DeclKind::Enum(_))
                }
                _ => false,
            };
            if !ok && !self.options.experimental("allow_arbitrary_error_types") {
                self.err(
                    ids::INVALID_ERROR_TYPE,
                    e.span,
                    "the error type must be int32, uint32, or an enum of one of those",
                );
            }
            Some(t)
        });
        members.push(OrdinalMember {
            ordinal: 2,
            name: "err".into(),
            ty: err_ty,
            attributes: Vec::new(),
            span,
        });
        if flexible {
            let fidl = self.ir.libraries.iter().position(|l| l.name == "fidl");
            if let Some(fe) = fidl.and_then(|l| self.scopes[l].names.get("FrameworkErr").copied()) {
                members.push(OrdinalMember {
                    ordinal: 3,
                    name: "framework_err".into(),
                    ty: Some(Ty::Decl {
                        id: fe,
                        optional: false,
                    }),
                    attributes: Vec::new(),
                    span,
                });
            }
        }
        let resource = members
            .iter()
            .filter_map(|m| m.ty.as_ref())
            .any(|t| self.ty_is_resource(t));
        DeclKind::Union(Union {
            strict: true,
            resource,
            members,
            shape: Shape::default(),
            is_result: true,
        })
    }

    /// Whether a type can carry handles (`fi-0110`).
    pub(super) fn ty_is_resource(&mut self, t: &Ty) -> bool {
        match t {
            Ty::Handle { .. } | Ty::Endpoint { .. } => true,
            Ty::Vector { elem, .. } | Ty::Array { elem, .. } => self.ty_is_resource(elem),
            Ty::Decl { id, .. } => match self.kind(*id) {
                Kind::Struct | Kind::Table | Kind::Union | Kind::Overlay => {
                    self.layout_resource.get(id).copied().unwrap_or_else(|| {
                        matches!(
                            &self.ir.decls[*id].kind,
                            DeclKind::Struct(Struct { resource: true, .. })
                                | DeclKind::Table(Table { resource: true, .. })
                                | DeclKind::Union(Union { resource: true, .. })
                        )
                    })
                }
                _ => false,
            },
            _ => false,
        }
    }
}
