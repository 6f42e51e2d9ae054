//! Type shapes: inline size and alignment, maximum depth, handles and out-of-line bytes, and
//! whether padding or envelopes occur. Recursive types have unbounded aggregates (`u32::MAX`).

use crate::diagnostic::Diagnostic;
use crate::ids;
use crate::ir::*;
use std::collections::HashMap;

/// Largest inline size of a struct (`fi-0111`).
pub const MAX_INLINE_SIZE: u32 = 65535;

/// Computes every struct's member offsets and inline size (`fi-0111` above 65535 bytes,
/// `fi-0207` when the arithmetic leaves 32 bits), then every layout's aggregate shape. The
/// declarations hold no by-value cycles (checked before).
pub fn compute(ir: &mut Ir, diags: &mut Vec<Diagnostic>) {
    let mut memo: HashMap<DeclId, Option<(u32, u32)>> = HashMap::new();
    for id in 0..ir.decls.len() {
        if matches!(ir.decls[id].kind, DeclKind::Struct(_)) {
            struct_layout(ir, id, &mut memo, diags, 0);
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return;
    }
    let mut cache = Cache::default();
    for id in 0..ir.decls.len() {
        let shape = of_decl(ir, id, &mut cache);
        match &mut ir.decls[id].kind {
            DeclKind::Struct(s) => s.shape = shape,
            DeclKind::Table(t) => t.shape = shape,
            DeclKind::Union(u) => u.shape = shape,
            _ => {}
        }
    }
}

/// Inline size and alignment of struct `id`, setting its member offsets; `None` after an
/// overflow (reported once, at the struct).
fn struct_layout(
    ir: &mut Ir,
    id: DeclId,
    memo: &mut HashMap<DeclId, Option<(u32, u32)>>,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) -> Option<(u32, u32)> {
    if let Some(r) = memo.get(&id) {
        return *r;
    }
    if depth > crate::compile::MAX_DECL_DEPTH {
        return None;
    }
    let DeclKind::Struct(s) = &ir.decls[id].kind else {
        return None;
    };
    let members: Vec<Ty> = s.members.iter().map(|m| m.ty.clone()).collect();
    let mut offsets = Vec::new();
    let mut end: u32 = 0;
    let mut align: u32 = 1;
    let overflow = |ir: &Ir, diags: &mut Vec<Diagnostic>, what: String| {
        diags.push(Diagnostic::error(
            ids::TYPE_SHAPE_INTEGER_OVERFLOW,
            ir.decls[id].span,
            format!(
                "the inline size of `{}` overflows 32 bits: {what}",
                ir.decls[id].name
            ),
        ));
        None
    };
    for t in &members {
        let (size, a) = match inline_of(ir, t, memo, diags, depth) {
            Ok(x) => x?,
            Err(what) => {
                memo.insert(id, None);
                return overflow(ir, diags, what);
            }
        };
        let off = match end.checked_add(a - 1) {
            Some(x) => x / a * a,
            None => return overflow(ir, diags, format!("{end} + {}", a - 1)),
        };
        offsets.push(off);
        end = match off.checked_add(size) {
            Some(e) => e,
            None => return overflow(ir, diags, format!("{off} + {size}")),
        };
        align = align.max(a);
    }
    let size = if members.is_empty() {
        1
    } else {
        match end.checked_add(align - 1) {
            Some(x) => x / align * align,
            None => return overflow(ir, diags, format!("{end} + {}", align - 1)),
        }
    };
    if size > MAX_INLINE_SIZE {
        diags.push(Diagnostic::error(
            ids::INLINE_SIZE_EXCEEDS_LIMIT,
            ir.decls[id].span,
            format!(
                "`{}` is {size} bytes inline, above the limit of {MAX_INLINE_SIZE}",
                ir.decls[id].name
            ),
        ));
    }
    if let DeclKind::Struct(s) = &mut ir.decls[id].kind {
        for (m, off) in s.members.iter_mut().zip(offsets) {
            m.offset = off;
        }
        s.shape.inline_size = size;
        s.shape.alignment = align;
    }
    memo.insert(id, Some((size, align)));
    Some((size, align))
}

/// Inline size and alignment of a type; `Err` with the failing operation on overflow.
fn inline_of(
    ir: &mut Ir,
    t: &Ty,
    memo: &mut HashMap<DeclId, Option<(u32, u32)>>,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) -> Result<Option<(u32, u32)>, String> {
    Ok(Some(match t {
        Ty::Prim(p) => (p.size(), p.size()),
        Ty::String { .. } | Ty::Vector { .. } => (16, 8),
        Ty::Handle { .. } | Ty::Endpoint { .. } => (4, 4),
        Ty::Array { elem, len } => {
            let Some((s, a)) = inline_of(ir, elem, memo, diags, depth)? else {
                return Ok(None);
            };
            let total = s.checked_mul(*len).ok_or_else(|| format!("{s} * {len}"))?;
            (total, a)
        }
        Ty::Decl { id, optional } => match &ir.decls[*id].kind {
            DeclKind::Struct(_) if *optional => (8, 8),
            DeclKind::Struct(_) => match struct_layout(ir, *id, memo, diags, depth + 1) {
                Some(x) => x,
                None => return Ok(None),
            },
            DeclKind::Table(_) | DeclKind::Union(_) => (16, 8),
            DeclKind::Enum(e) => (e.subtype.size(), e.subtype.size()),
            DeclKind::Bits(b) => (b.subtype.size(), b.subtype.size()),
            _ => return Ok(None),
        },
    }))
}

/// Memoized declaration shapes. A declaration meets itself on the walk only when it lies on a
/// cycle, so a shape computed once holds for every later walk.
#[derive(Debug, Default)]
pub struct Cache {
    memo: HashMap<DeclId, Shape>,
}

const UNBOUNDED: u32 = u32::MAX;

fn align8(n: u32) -> u32 {
    if n == UNBOUNDED {
        UNBOUNDED
    } else {
        n.saturating_add(7) & !7
    }
}

fn add(a: u32, b: u32) -> u32 {
    a.saturating_add(b)
}

fn mul(a: u32, b: u32) -> u32 {
    if a == 0 || b == 0 {
        0
    } else {
        a.saturating_mul(b)
    }
}

/// The shape of a type.
pub fn of_ty(ir: &Ir, ty: &Ty) -> Shape {
    ty_shape(ir, ty, &mut Vec::new(), &mut Cache::default())
}

/// The shape of a struct, table, union, enum or bits declaration, reusing `cache`.
pub fn of_decl(ir: &Ir, id: DeclId, cache: &mut Cache) -> Shape {
    decl_shape(ir, id, &mut Vec::new(), cache)
}

fn prim(size: u32) -> Shape {
    Shape {
        inline_size: size,
        alignment: size,
        ..Shape::default()
    }
}

fn ty_shape(ir: &Ir, ty: &Ty, visiting: &mut Vec<DeclId>, cache: &mut Cache) -> Shape {
    match ty {
        Ty::Prim(p) => prim(p.size()),
        Ty::Handle { .. } | Ty::Endpoint { .. } => Shape {
            max_handles: 1,
            ..prim(4)
        },
        Ty::String { max, .. } => Shape {
            inline_size: 16,
            alignment: 8,
            depth: 1,
            max_handles: 0,
            max_out_of_line: max.map_or(UNBOUNDED, align8),
            has_padding: max.is_none_or(|m| m % 8 != 0),
            has_envelope: false,
        },
        Ty::Vector { elem, max, .. } => {
            let e = ty_shape(ir, elem, visiting, cache);
            let count = max.unwrap_or(UNBOUNDED);
            Shape {
                inline_size: 16,
                alignment: 8,
                depth: add(e.depth, 1),
                max_handles: mul(count, e.max_handles),
                max_out_of_line: add(
                    align8(mul(count, e.inline_size)),
                    mul(count, e.max_out_of_line),
                ),
                has_padding: e.has_padding
                    || max.is_none_or(|m| !mul(m, e.inline_size).is_multiple_of(8)),
                has_envelope: e.has_envelope,
            }
        }
        Ty::Array { elem, len } => {
            let e = ty_shape(ir, elem, visiting, cache);
            Shape {
                inline_size: mul(*len, e.inline_size),
                alignment: e.alignment,
                depth: e.depth,
                max_handles: mul(*len, e.max_handles),
                max_out_of_line: mul(*len, e.max_out_of_line),
                has_padding: e.has_padding,
                has_envelope: e.has_envelope,
            }
        }
        Ty::Decl { id, optional } => {
            let s = decl_shape(ir, *id, visiting, cache);
            match &ir.decls[*id].kind {
                DeclKind::Struct(_) if *optional => Shape {
                    inline_size: 8,
                    alignment: 8,
                    depth: add(s.depth, 1),
                    max_out_of_line: add(align8(s.inline_size), s.max_out_of_line),
                    has_padding: s.has_padding || !s.inline_size.is_multiple_of(8),
                    ..s
                },
                _ => s,
            }
        }
    }
}

/// Shape of a value held in an envelope: inline values add nothing, others add a level and
/// their 8-aligned block.
fn enveloped(s: Shape) -> (u32, u32) {
    if s.inline_size <= 4 {
        (s.depth, s.max_out_of_line)
    } else {
        (
            add(s.depth, 1),
            add(align8(s.inline_size), s.max_out_of_line),
        )
    }
}

fn decl_shape(ir: &Ir, id: DeclId, visiting: &mut Vec<DeclId>, cache: &mut Cache) -> Shape {
    if let Some(s) = cache.memo.get(&id) {
        return *s;
    }
    let s = decl_shape_uncached(ir, id, visiting, cache);
    cache.memo.insert(id, s);
    s
}

fn decl_shape_uncached(
    ir: &Ir,
    id: DeclId,
    visiting: &mut Vec<DeclId>,
    cache: &mut Cache,
) -> Shape {
    // Chains deeper than the compiler accepts never get here; the bound keeps this total.
    let recursive = visiting.contains(&id) || visiting.len() > crate::compile::MAX_DECL_DEPTH;
    let unbounded = |inline_size, alignment, has_envelope| Shape {
        inline_size,
        alignment,
        depth: UNBOUNDED,
        max_handles: UNBOUNDED,
        max_out_of_line: UNBOUNDED,
        has_padding: true,
        has_envelope,
    };
    match &ir.decls[id].kind {
        DeclKind::Enum(e) => prim(e.subtype.size()),
        DeclKind::Bits(b) => prim(b.subtype.size()),
        DeclKind::Struct(s) => {
            if recursive {
                return unbounded(s.shape.inline_size, s.shape.alignment, false);
            }
            visiting.push(id);
            let mut out = Shape {
                inline_size: s.shape.inline_size,
                alignment: s.shape.alignment,
                ..Shape::default()
            };
            let mut end = 0;
            for m in &s.members {
                let ms = ty_shape(ir, &m.ty, visiting, cache);
                out.has_padding |= ms.has_padding || m.offset != end;
                end = m.offset + ms.inline_size;
                out.depth = out.depth.max(ms.depth);
                out.max_handles = add(out.max_handles, ms.max_handles);
                out.max_out_of_line = add(out.max_out_of_line, ms.max_out_of_line);
                out.has_envelope |= ms.has_envelope;
            }
            out.has_padding |= !s.members.is_empty() && end != out.inline_size;
            visiting.pop();
            out
        }
        DeclKind::Table(t) => {
            if recursive {
                return unbounded(16, 8, true);
            }
            visiting.push(id);
            let max_ordinal = t
                .members
                .iter()
                .filter(|m| m.ty.is_some())
                .map(|m| m.ordinal as u32)
                .max()
                .unwrap_or(0);
            let mut out = Shape {
                inline_size: 16,
                alignment: 8,
                depth: 0,
                max_handles: 0,
                max_out_of_line: mul(max_ordinal, 8),
                has_padding: false,
                has_envelope: true,
            };
            for m in &t.members {
                let Some(ty) = &m.ty else { continue };
                let ms = ty_shape(ir, ty, visiting, cache);
                let (depth, ool) = enveloped(ms);
                out.depth = out.depth.max(depth);
                out.max_handles = add(out.max_handles, ms.max_handles);
                out.max_out_of_line = add(out.max_out_of_line, ool);
                out.has_padding |= ms.has_padding || !ms.inline_size.is_multiple_of(8);
            }
            if max_ordinal > 0 {
                out.depth = add(out.depth, 1);
            }
            visiting.pop();
            out
        }
        DeclKind::Union(u) => {
            if recursive {
                return unbounded(16, 8, true);
            }
            visiting.push(id);
            let mut out = Shape {
                inline_size: 16,
                alignment: 8,
                has_envelope: true,
                ..Shape::default()
            };
            for m in &u.members {
                let Some(ty) = &m.ty else { continue };
                let ms = ty_shape(ir, ty, visiting, cache);
                let (depth, ool) = enveloped(ms);
                out.depth = out.depth.max(depth);
                out.max_handles = out.max_handles.max(ms.max_handles);
                out.max_out_of_line = out.max_out_of_line.max(ool);
                out.has_padding |= ms.has_padding || !ms.inline_size.is_multiple_of(8);
            }
            visiting.pop();
            out
        }
        _ => Shape::default(),
    }
}
