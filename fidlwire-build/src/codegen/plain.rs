//! Which structs are *plain*: their wire form is their `#[repr(C)]` memory form on
//! little-endian targets, so the runtime copies slices of them in bulk (`#[fidl(plain)]`).

use super::Gen;
use crate::ir::*;

impl Gen<'_> {
    /// The derives and attributes that make struct `id` plain, if it is.
    pub(super) fn plain_attributes(&self, out: &mut String, id: DeclId) {
        if let DeclKind::Struct(s) = &self.ir.decls[id].kind
            && self.plain_struct(s)
        {
            // The wire form is the memory form: one copy per slice each way (fidlwire's plain
            // tier), proven by zerocopy's derives instead of `unsafe`.
            out.push_str("#[derive(Copy");
            // What every member allows: `Default` (arrays implement it up to 32 elements),
            // `Eq` and `Hash` (not with floats).
            if s.members.iter().all(|m| defaultable(&m.ty, self)) {
                out.push_str(", Default");
            }
            if s.members.iter().all(|m| !has_float(&m.ty, self)) {
                out.push_str(", Eq, Hash");
            }
            out.push_str(
                ", ::fidlwire::zerocopy::IntoBytes, ::fidlwire::zerocopy::FromBytes, \
                 ::fidlwire::zerocopy::Immutable, ::fidlwire::zerocopy::KnownLayout)]\n\
                 #[zerocopy(crate = \"::fidlwire::zerocopy\")]\n#[repr(C)]\n#[fidl(plain)]\n",
            );
        }
    }

    /// A struct whose wire form is its `#[repr(C)]` memory form on little-endian targets:
    /// no padding anywhere and only integers, floats, arrays of them and such structs (not
    /// `bool` or enums, whose bytes need validation).
    fn plain_struct(&self, s: &Struct) -> bool {
        !s.resource
            && !s.shape.has_padding
            && !s.members.is_empty()
            && s.members.iter().all(|m| self.plain_ty(&m.ty))
    }

    fn plain_ty(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Prim(p) => *p != Prim::Bool,
            Ty::Array { elem, .. } => self.plain_ty(elem),
            Ty::Decl {
                id,
                optional: false,
            } => matches!(&self.ir.decls[*id].kind, DeclKind::Struct(s) if self.plain_struct(s)),
            _ => false,
        }
    }
}

/// Whether a plain member type implements `Default` in Rust.
fn defaultable(ty: &Ty, g: &Gen<'_>) -> bool {
    match ty {
        Ty::Array { elem, len } => *len <= 32 && defaultable(elem, g),
        Ty::Decl { id, .. } => match &g.ir.decls[*id].kind {
            DeclKind::Struct(s) => s.members.iter().all(|m| defaultable(&m.ty, g)),
            _ => false,
        },
        _ => true,
    }
}

/// Whether a plain member type holds a float (no `Eq`/`Hash`).
fn has_float(ty: &Ty, g: &Gen<'_>) -> bool {
    match ty {
        Ty::Prim(p) => matches!(p, Prim::Float32 | Prim::Float64),
        Ty::Array { elem, .. } => has_float(elem, g),
        Ty::Decl { id, .. } => match &g.ir.decls[*id].kind {
            DeclKind::Struct(s) => s.members.iter().any(|m| has_float(&m.ty, g)),
            _ => true,
        },
        _ => true,
    }
}
