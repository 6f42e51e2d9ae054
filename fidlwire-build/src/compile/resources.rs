//! `resource_definition` (`fidl-checks.md` §3.11): how `zx` defines its handle type.

use super::attributes::Place;
use super::{Compiler, Kind};
use crate::ids;
use crate::ir::*;
use crate::syntax::ast;

impl Compiler<'_> {
    pub(super) fn resolve_resource(
        &mut self,
        lib: usize,
        id: DeclId,
        subtype: Option<&ast::TypeCtor>,
        props: &[ast::Member],
    ) -> DeclKind {
        if let Some(t) = subtype {
            match self.resolve_ty(lib, t) {
                Some(Ty::Prim(Prim::Uint32)) | None => {}
                Some(_) => self.err(
                    ids::RESOURCE_MUST_BE_UINT32_DERIVED,
                    t.span,
                    "a resource_definition's underlying type must be uint32",
                ),
            }
        }
        let mut subtype_enum = None;
        let mut rights_bits = None;
        for p in props {
            self.compile_attributes_at(lib, &p.attributes, Place::ResourceProperty);
            let ty = p.ty.as_ref().and_then(|t| self.resolve_ty(lib, t));
            match (p.name.text.as_str(), ty) {
                ("subtype", Some(Ty::Decl { id, .. })) if self.kind(id) == Kind::Enum => {
                    subtype_enum = Some(id)
                }
                ("subtype", Some(_)) => self.err(
                    ids::RESOURCE_SUBTYPE_PROPERTY_MUST_REFER_TO_ENUM,
                    p.name.span,
                    "the `subtype` property must be of an enum type",
                ),
                ("rights", Some(t)) => {
                    let ok = match &t {
                        Ty::Prim(Prim::Uint32) => true,
                        Ty::Decl { id, .. } if self.kind(*id) == Kind::Bits => {
                            self.underlying(&t) == Some(Prim::Uint32)
                        }
                        _ => false,
                    };
                    if !ok {
                        self.err(
                            ids::RESOURCE_RIGHTS_PROPERTY_MUST_REFER_TO_BITS,
                            p.name.span,
                            "the `rights` property must be uint32 or bits over uint32",
                        );
                    } else if let Ty::Decl { id, .. } = t {
                        rights_bits = Some(id);
                    }
                }
                _ => {}
            }
        }
        if !props.iter().any(|p| p.name.text == "subtype") {
            self.err(
                ids::RESOURCE_MISSING_SUBTYPE_PROPERTY,
                self.ir.decls[id].span,
                "a resource_definition needs a `subtype` property",
            );
        }
        DeclKind::Resource(Resource {
            subtype: Prim::Uint32,
            subtype_enum,
            rights_bits,
        })
    }
}
