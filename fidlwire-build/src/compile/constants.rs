//! Constants and literals (`fidl-checks.md` §3.6): a numeric literal has no type of its own
//! and is resolved against its target; a reference carries its constant's (or member's) type
//! and value; `|` ORs 64-bit values and narrows them to the target.

use super::lookup::Target;
use super::{Compiler, Kind, State};
use crate::diagnostic::Span;
use crate::ids;
use crate::ir::*;
use crate::syntax::ast::{Constant, Literal, TypeCtor};
use crate::syntax::parse_int;

impl Compiler<'_> {
    pub(super) fn resolve_const_decl(
        &mut self,
        lib: usize,
        id: DeclId,
        ty: &TypeCtor,
        value: &Constant,
    ) -> DeclKind {
        let Some(t) = self.resolve_ty(lib, ty) else {
            return DeclKind::Const(Const {
                ty: Ty::Prim(Prim::Uint8),
                value: Value::Int(0),
            });
        };
        if !self.can_be_constant(&t) {
            self.err(
                ids::INVALID_CONSTANT_TYPE,
                self.ir.decls[id].span,
                format!(
                    "a constant cannot be of type {}: use bool, a number, string, an enum or bits",
                    self.describe_ty(&t)
                ),
            );
            return DeclKind::Const(Const {
                ty: t,
                value: Value::Int(0),
            });
        }
        let cycles = self.cycles_reported;
        let before = self.diags.len();
        let v = self.eval_const(lib, value, &t);
        // A bare builtin that is not a value (`= MAX`) has no more specific error than this
        // one: report it once, at the name.
        let own = self.diags[before..]
            .iter()
            .position(|d| d.id == Some(ids::CANNOT_RESOLVE_CONSTANT_VALUE));
        if let Some(i) = own {
            self.diags[before + i].span = self.ir.decls[id].span;
        } else if v.is_none() && self.cycles_reported == cycles {
            // fidlc follows the specific error with this one, except inside an include cycle.
            self.err(
                ids::CANNOT_RESOLVE_CONSTANT_VALUE,
                self.ir.decls[id].span,
                format!(
                    "cannot resolve the value of constant `{}`",
                    self.ir.decls[id].name
                ),
            );
        }
        DeclKind::Const(Const {
            ty: t,
            value: v.unwrap_or(Value::Int(0)),
        })
    }

    /// Whether a constant (or a struct member default) can have type `t`: bool, a number, a
    /// non-optional string, an enum or bits.
    pub(super) fn can_be_constant(&self, t: &Ty) -> bool {
        match t {
            Ty::Prim(_)
            | Ty::String {
                optional: false, ..
            } => true,
            Ty::Decl {
                id,
                optional: false,
            } => matches!(self.kind(*id), Kind::Enum | Kind::Bits),
            _ => false,
        }
    }

    pub(super) fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// The primitive a target type stores (enum and bits by their underlying type).
    pub(super) fn underlying(&mut self, t: &Ty) -> Option<Prim> {
        match t {
            Ty::Prim(p) => Some(*p),
            Ty::Decl { id, .. } => {
                self.resolve(*id);
                match &self.ir.decls[*id].kind {
                    DeclKind::Enum(e) => Some(e.subtype),
                    DeclKind::Bits(b) => Some(b.subtype),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Evaluates `c` as a value of type `expected`.
    pub(super) fn eval_const(&mut self, lib: usize, c: &Constant, expected: &Ty) -> Option<Value> {
        match c {
            Constant::Literal(lit, span) => self.eval_literal(lit, *span, expected),
            Constant::Or(a, b, span) => {
                let prim = self.underlying(expected).filter(|p| p.is_integer());
                let Some(prim) = prim else {
                    self.err(
                        ids::OR_OPERATOR_ON_NON_PRIMITIVE_VALUE,
                        *span,
                        format!(
                            "`|` needs an integer or bits target, not {}",
                            self.describe_ty(expected)
                        ),
                    );
                    return None;
                };
                let x = self.eval_const(lib, a, expected);
                let y = self.eval_const(lib, b, expected);
                let (Some(Value::Int(x)), Some(Value::Int(y))) = (x, y) else {
                    return None;
                };
                // A 64-bit OR narrowed to the target (`fidl-checks.md` §3.6).
                let v = (x as u64 | y as u64) as i128;
                let (lo, hi) = prim.range();
                let v = if prim.is_unsigned() {
                    v & hi
                } else {
                    v.clamp(lo, hi)
                };
                Some(Value::Int(v))
            }
            Constant::Ident(name) => {
                let target = self.lookup(lib, name)?;
                match target {
                    Target::Decl(id) if self.kind(id) == Kind::Const => {
                        if self.state[id] == State::Active {
                            self.report_cycle(id, name.span);
                            return None;
                        }
                        self.resolve(id);
                        let DeclKind::Const(k) = &self.ir.decls[id].kind else {
                            return None;
                        };
                        let (kt, kv) = (k.ty.clone(), k.value.clone());
                        self.convert(&kt, &kv, expected, name.span)
                    }
                    Target::Member(id, member, span) => {
                        self.resolve(id);
                        let value = match &self.ir.decls[id].kind {
                            DeclKind::Enum(e) => {
                                e.members.iter().find(|m| m.name == member).map(|m| m.value)
                            }
                            DeclKind::Bits(b) => {
                                b.members.iter().find(|m| m.name == member).map(|m| m.value)
                            }
                            _ => None,
                        };
                        let Some(v) = value else {
                            // A member that failed to resolve was reported already.
                            if !self.member_failed(id, &member) {
                                self.err(
                                    ids::MEMBER_NOT_FOUND,
                                    span,
                                    format!(
                                        "`{}` has no member `{member}`",
                                        self.ir.decls[id].name
                                    ),
                                );
                            }
                            return None;
                        };
                        let from = Ty::Decl {
                            id,
                            optional: false,
                        };
                        self.convert(&from, &Value::Int(v), expected, span)
                    }
                    Target::Builtin(b @ ("MAX" | "optional" | "NEXT" | "HEAD")) => {
                        self.err(
                            ids::CANNOT_RESOLVE_CONSTANT_VALUE,
                            name.span,
                            format!("`{b}` is not a value here"),
                        );
                        None
                    }
                    Target::Builtin(_) | Target::Decl(_) => {
                        self.err(
                            ids::EXPECTED_VALUE_BUT_GOT_TYPE,
                            name.span,
                            format!("`{}` is a type, not a value", name.dotted()),
                        );
                        None
                    }
                }
            }
        }
    }

    fn member_failed(&self, id: DeclId, member: &str) -> bool {
        self.failed_members.contains(&(id, member.to_string()))
    }

    /// Converts a typed constant to `to` (`fi-0064`, `fi-0065`).
    fn convert(&mut self, from: &Ty, v: &Value, to: &Ty, span: Span) -> Option<Value> {
        let mismatch = |s: &mut Self| {
            let msg = format!(
                "{} of type {} cannot be converted to {}",
                show_value(v),
                s.describe_ty(from),
                s.describe_ty(to)
            );
            s.err(ids::TYPE_CANNOT_BE_CONVERTED_TO_TYPE, span, msg);
            None
        };
        // The value of a member of enum/bits `owner` may name its own members, not another's.
        if let (Some(owner), Ty::Decl { id, .. }) = (self.value_owner, from)
            && *id != owner
            && matches!(self.kind(*id), Kind::Enum | Kind::Bits)
        {
            let msg = format!(
                "a value of {} cannot be a member of {}",
                self.describe_ty(from),
                self.ir.decls[owner].name
            );
            self.err(ids::MISMATCHED_NAME_TYPE_ASSIGNMENT, span, msg);
            return None;
        }
        let from_named = matches!(from, Ty::Decl { id, .. } if matches!(self.kind(*id), Kind::Enum | Kind::Bits));
        let to_named =
            matches!(to, Ty::Decl { id, .. } if matches!(self.kind(*id), Kind::Enum | Kind::Bits));
        if from_named || to_named {
            return match (from, to) {
                (Ty::Decl { id: a, .. }, Ty::Decl { id: b, .. }) if a == b => Some(v.clone()),
                (Ty::Decl { .. }, Ty::Decl { .. }) => {
                    self.err(
                        ids::MISMATCHED_NAME_TYPE_ASSIGNMENT,
                        span,
                        format!(
                            "a value of {} cannot be assigned to {}",
                            self.describe_ty(from),
                            self.describe_ty(to)
                        ),
                    );
                    None
                }
                _ => mismatch(self),
            };
        }
        match (from, to, v) {
            (Ty::Prim(Prim::Bool), Ty::Prim(Prim::Bool), _) => Some(v.clone()),
            (Ty::Prim(Prim::Bool), _, _) | (_, Ty::Prim(Prim::Bool), _) => mismatch(self),
            (Ty::Prim(_), Ty::Prim(p), Value::Int(i)) => {
                if p.is_integer() {
                    let (lo, hi) = p.range();
                    if *i < lo || *i > hi {
                        return mismatch(self);
                    }
                    Some(Value::Int(*i))
                } else {
                    Some(Value::Float(*i as f64))
                }
            }
            (Ty::Prim(_), Ty::Prim(p), Value::Float(f)) => {
                if p.is_integer() {
                    let (lo, hi) = p.range();
                    if f.fract() != 0.0 || *f < lo as f64 || *f > hi as f64 {
                        return mismatch(self);
                    }
                    Some(Value::Int(*f as i128))
                } else if *p == Prim::Float32 && f.is_finite() && f.abs() > f32::MAX as f64 {
                    mismatch(self)
                } else {
                    Some(v.clone())
                }
            }
            (Ty::String { .. }, Ty::String { max, .. }, Value::Str(s)) => {
                if max.is_some_and(|m| s.len() as u64 > m as u64) {
                    return mismatch(self);
                }
                Some(v.clone())
            }
            _ => mismatch(self),
        }
    }

    fn eval_literal(&mut self, lit: &Literal, span: Span, expected: &Ty) -> Option<Value> {
        let target = self.describe_ty(expected);
        let wrong = |s: &mut Self, what: &str| {
            s.err(
                ids::TYPE_CANNOT_BE_CONVERTED_TO_TYPE,
                span,
                format!("{what} cannot be converted to {target}"),
            );
            None
        };
        match lit {
            Literal::Number(text) => {
                let is_bits =
                    matches!(expected, Ty::Decl { id, .. } if self.kind(*id) == Kind::Bits);
                let is_enum =
                    matches!(expected, Ty::Decl { id, .. } if self.kind(*id) == Kind::Enum);
                if is_enum {
                    return wrong(self, &format!("the number `{text}`"));
                }
                if is_bits {
                    return if parse_int(text) == Some(0) {
                        Some(Value::Int(0))
                    } else {
                        wrong(
                            self,
                            &format!("the number `{text}` (only 0 is a valid bits literal)"),
                        )
                    };
                }
                match expected {
                    Ty::Prim(p) if p.is_integer() => {
                        let (lo, hi) = p.range();
                        match parse_int(text) {
                            Some(v) if v >= lo && v <= hi => Some(Value::Int(v)),
                            _ => {
                                self.err(
                                    ids::CONSTANT_OVERFLOWS_TYPE,
                                    span,
                                    format!("`{text}` does not fit in {}", p.fidl()),
                                );
                                None
                            }
                        }
                    }
                    Ty::Prim(p @ (Prim::Float32 | Prim::Float64)) => {
                        let parsed = parse_int(text).map(|v| v as f64).or_else(|| {
                            text.replace('_', "")
                                .parse::<f64>()
                                .ok()
                                .filter(|f| f.is_finite())
                        });
                        match parsed {
                            Some(f) if *p == Prim::Float64 || f.abs() <= f32::MAX as f64 => {
                                Some(Value::Float(f))
                            }
                            _ => {
                                self.err(
                                    ids::CONSTANT_OVERFLOWS_TYPE,
                                    span,
                                    format!("`{text}` does not fit in {}", p.fidl()),
                                );
                                None
                            }
                        }
                    }
                    _ => wrong(self, &format!("the number `{text}`")),
                }
            }
            Literal::Str(s) => match expected {
                Ty::String { max, .. } => {
                    if max.is_some_and(|m| s.len() as u64 > m as u64) {
                        return wrong(self, &format!("a string of {} bytes", s.len()));
                    }
                    Some(Value::Str(s.clone()))
                }
                _ => wrong(self, "a string"),
            },
            Literal::Bool(b) => match expected {
                Ty::Prim(Prim::Bool) => Some(Value::Bool(*b)),
                _ => wrong(self, &format!("`{b}`")),
            },
        }
    }
}

fn show_value(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => format!("{s:?}"),
        Value::Bool(b) => b.to_string(),
    }
}
