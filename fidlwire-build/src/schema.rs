//! The compiled IR as a schema for the dynamic codec (`fidlwire-dynamic`): what
//! `fidlwire decode` and `fidlwire encode` read messages with.

use crate::ir::{self, DeclKind, Ir};
use fidlwire_dynamic as dy;
use std::collections::HashMap;

/// Every struct, table, union, enum, bits and protocol of `ir` (dependencies included), named
/// `library/Name`.
///
/// ```
/// let source = "library demo; type Point = struct { x uint8; y uint32; };";
/// let mut sources = fidlwire_build::SourceMap::default();
/// sources.add("demo.fidl", source);
/// let ir = fidlwire_build::compile(&sources, &Default::default()).unwrap();
/// let schema = fidlwire_build::schema(&ir).unwrap();
/// let ty = schema.ty("demo/Point").unwrap();
/// let m = fidlwire_dynamic::decode(&schema, &ty, &[1, 0, 0, 0, 2, 0, 0, 0], vec![]).unwrap();
/// assert_eq!(m.value.get("y"), Some(&fidlwire_dynamic::Value::Uint(2)));
/// ```
pub fn schema(ir: &Ir) -> Result<dy::Schema, dy::SchemaError> {
    let mut ids = HashMap::new();
    for (id, d) in ir.decls.iter().enumerate() {
        if matches!(
            d.kind,
            DeclKind::Struct(_)
                | DeclKind::Table(_)
                | DeclKind::Union(_)
                | DeclKind::Enum(_)
                | DeclKind::Bits(_)
        ) {
            let next = ids.len();
            ids.insert(id, next);
        }
    }
    let mut order: Vec<_> = ids.iter().map(|(&ir_id, &id)| (id, ir_id)).collect();
    order.sort();
    let ty = |t: &ir::Ty| convert(ir, &ids, t);
    let ordinal_members = |members: &[ir::OrdinalMember]| -> Vec<dy::OrdinalMember> {
        members
            .iter()
            .filter_map(|m| {
                Some(dy::OrdinalMember {
                    ordinal: m.ordinal,
                    name: m.name.as_str().into(),
                    ty: ty(m.ty.as_ref()?),
                })
            })
            .collect()
    };
    let value_members = |members: &[ir::ValueMember]| -> Vec<dy::ValueMember> {
        members
            .iter()
            .map(|m| dy::ValueMember {
                name: m.name.as_str().into(),
                value: m.value,
            })
            .collect()
    };
    let decls = order
        .iter()
        .map(|&(_, ir_id)| {
            let kind = match &ir.decls[ir_id].kind {
                DeclKind::Struct(s) => dy::DeclKind::Struct {
                    resource: s.resource,
                    members: s
                        .members
                        .iter()
                        .map(|m| dy::Member {
                            name: m.name.as_str().into(),
                            ty: ty(&m.ty),
                        })
                        .collect(),
                    layout: Default::default(),
                },
                DeclKind::Table(t) => dy::DeclKind::Table {
                    resource: t.resource,
                    members: ordinal_members(&t.members),
                },
                DeclKind::Union(u) => dy::DeclKind::Union {
                    strict: u.strict,
                    resource: u.resource,
                    members: ordinal_members(&u.members),
                },
                DeclKind::Enum(e) => dy::DeclKind::Enum {
                    strict: e.strict,
                    prim: prim(e.subtype),
                    members: value_members(&e.members),
                },
                DeclKind::Bits(b) => dy::DeclKind::Bits {
                    strict: b.strict,
                    prim: prim(b.subtype),
                    members: value_members(&b.members),
                    mask: b.mask,
                },
                _ => unreachable!("only type declarations are numbered"),
            };
            dy::Decl {
                name: ir.qualified(ir_id),
                kind,
            }
        })
        .collect();
    let protocols = ir
        .decls
        .iter()
        .enumerate()
        .filter_map(|(id, d)| match &d.kind {
            DeclKind::Protocol(p) => Some(dy::Protocol {
                name: ir.qualified(id),
                methods: p
                    .methods
                    .iter()
                    .map(|m| dy::Method {
                        name: m.name.as_str().into(),
                        ordinal: m.ordinal,
                        is_event: m.is_event,
                        two_way: m.two_way,
                        strict: m.strict,
                        request: m.request.as_ref().map(ty),
                        response: m.response_body.as_ref().map(ty),
                    })
                    .collect(),
            }),
            _ => None,
        })
        .collect();
    dy::Schema::new(decls, protocols)
}

fn convert(ir: &Ir, ids: &HashMap<usize, usize>, t: &ir::Ty) -> dy::Ty {
    let max = |m: &Option<u32>| m.unwrap_or(u32::MAX);
    match t {
        ir::Ty::Prim(p) => dy::Ty::Prim(prim(*p)),
        ir::Ty::String { max: m, optional } => dy::Ty::String {
            max: max(m),
            optional: *optional,
        },
        ir::Ty::Vector {
            elem,
            max: m,
            optional,
        } => dy::Ty::Vector {
            elem: Box::new(convert(ir, ids, elem)),
            max: max(m),
            optional: *optional,
        },
        ir::Ty::Array { elem, len } => dy::Ty::Array {
            elem: Box::new(convert(ir, ids, elem)),
            len: *len,
        },
        ir::Ty::Handle {
            subtype,
            rights,
            optional,
            ..
        } => dy::Ty::Handle {
            object_type: *subtype,
            rights: *rights,
            optional: *optional,
        },
        ir::Ty::Endpoint {
            server,
            protocol,
            optional,
        } => dy::Ty::Endpoint {
            server: *server,
            protocol: ir.qualified(*protocol),
            optional: *optional,
        },
        ir::Ty::Decl { id, optional } => dy::Ty::Decl {
            id: ids[id],
            optional: *optional,
        },
    }
}

fn prim(p: ir::Prim) -> dy::Prim {
    match p {
        ir::Prim::Bool => dy::Prim::Bool,
        ir::Prim::Int8 => dy::Prim::Int8,
        ir::Prim::Int16 => dy::Prim::Int16,
        ir::Prim::Int32 => dy::Prim::Int32,
        ir::Prim::Int64 => dy::Prim::Int64,
        ir::Prim::Uint8 => dy::Prim::Uint8,
        ir::Prim::Uint16 => dy::Prim::Uint16,
        ir::Prim::Uint32 => dy::Prim::Uint32,
        ir::Prim::Uint64 => dy::Prim::Uint64,
        ir::Prim::Float32 => dy::Prim::Float32,
        ir::Prim::Float64 => dy::Prim::Float64,
    }
}
