//! Generates `arb_<N>(rng, budget)` for every struct, table, union, enum and bits of the
//! conformance libraries, and the `ROUND_TRIPS` table the property test drives. `budget`
//! bounds recursion: optional members, vectors, tables and unions spend it.

use fidlwire_build::codegen::Naming;
use fidlwire_build::ir::{DeclId, DeclKind, Ir, Prim, Ty};
use std::fmt::Write;

const NO: u32 = u32::MAX;
/// Types whose arrays and vectors alone can hold more elements than this are left out of the
/// property (too slow to generate), though they are still generated as members.
const MAX_ELEMENTS: u64 = 4096;

pub struct Arb<'a> {
    ir: &'a Ir,
    naming: Naming<'a>,
    /// Least budget each declaration needs to be generated (`NO` = cannot be).
    need: Vec<u32>,
}

impl<'a> Arb<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        let mut a = Arb {
            ir,
            naming: Naming::new(ir),
            need: vec![NO; ir.decls.len()],
        };
        // Fixpoint: a struct needs what its members need; a union one more than its cheapest
        // variant; tables, enums and bits nothing.
        loop {
            let mut changed = false;
            for id in 0..ir.decls.len() {
                let n = match &ir.decls[id].kind {
                    DeclKind::Struct(s) => s
                        .members
                        .iter()
                        .map(|m| a.need_ty(&m.ty))
                        .max()
                        .unwrap_or(0),
                    DeclKind::Union(u) => u
                        .members
                        .iter()
                        .filter_map(|m| m.ty.as_ref())
                        .map(|t| a.need_ty(t))
                        .min()
                        .map_or(NO, |n| n.saturating_add(1)),
                    DeclKind::Table(_) | DeclKind::Enum(_) | DeclKind::Bits(_) => 0,
                    _ => NO,
                };
                if n < a.need[id] {
                    a.need[id] = n;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        a
    }

    fn need_ty(&self, t: &Ty) -> u32 {
        match t {
            Ty::Array { elem, .. } => self.need_ty(elem),
            Ty::Decl {
                id,
                optional: false,
            } => self.need[*id],
            _ => 0,
        }
    }

    fn elements(&self, t: &Ty, seen: &mut Vec<DeclId>) -> u64 {
        match t {
            Ty::Array { elem, len } => (*len as u64).saturating_mul(self.elements(elem, seen)),
            Ty::Vector { elem, .. } => 3u64.saturating_mul(self.elements(elem, seen)),
            Ty::Decl { id, .. } if !seen.contains(id) => {
                seen.push(*id);
                let n = match &self.ir.decls[*id].kind {
                    DeclKind::Struct(s) => s
                        .members
                        .iter()
                        .map(|m| self.elements(&m.ty, seen))
                        .fold(1u64, u64::saturating_add),
                    DeclKind::Table(t) => t
                        .members
                        .iter()
                        .filter_map(|m| m.ty.as_ref())
                        .map(|t| self.elements(t, seen))
                        .fold(1u64, u64::saturating_add),
                    DeclKind::Union(u) => u
                        .members
                        .iter()
                        .filter_map(|m| m.ty.as_ref())
                        .map(|t| self.elements(t, seen))
                        .max()
                        .unwrap_or(1),
                    _ => 1,
                };
                seen.pop();
                n
            }
            _ => 1,
        }
    }

    fn path(&self, id: DeclId) -> String {
        format!(
            "crate::fidl::{}::{}",
            self.naming.module(self.ir.decls[id].library),
            self.naming.type_name(id)
        )
    }

    pub fn generate(&self) -> String {
        let mut out = String::new();
        let mut table = String::new();
        for id in 0..self.ir.decls.len() {
            if self.ir.libraries[self.ir.decls[id].library].builtin {
                continue;
            }
            if !matches!(
                self.ir.decls[id].kind,
                DeclKind::Struct(_)
                    | DeclKind::Table(_)
                    | DeclKind::Union(_)
                    | DeclKind::Enum(_)
                    | DeclKind::Bits(_)
            ) {
                continue;
            }
            let body = self.decl(id);
            let _ = writeln!(
                out,
                "pub fn arb_{id}(r: &mut crate::harness::Rng, b: u32) -> {} {{\n    let _ = &b;\n    {body}\n}}\n",
                self.path(id)
            );
            let is_layout = matches!(
                self.ir.decls[id].kind,
                DeclKind::Struct(_) | DeclKind::Table(_) | DeclKind::Union(_)
            );
            if is_layout
                && self.need[id] <= 8
                && self.elements(
                    &Ty::Decl {
                        id,
                        optional: false,
                    },
                    &mut Vec::new(),
                ) <= MAX_ELEMENTS
            {
                let start = self.need[id].max(3);
                let _ = writeln!(
                    table,
                    "    ({:?}, |seed| crate::harness::round_trip({:?}, arb_{id}(&mut crate::harness::Rng::new(seed), {start}))),",
                    self.ir.decls[id].name,
                    self.ir.qualified(id),
                );
            }
        }
        let _ = writeln!(
            out,
            "/// `(type name, check)`: generate a value from a seed and round-trip it.\npub static ROUND_TRIPS: &[(&str, fn(u64) -> Result<(), String>)] = &[\n{table}];"
        );
        out
    }

    fn decl(&self, id: DeclId) -> String {
        let path = self.path(id);
        match &self.ir.decls[id].kind {
            DeclKind::Struct(s) => {
                let fields: Vec<String> = s
                    .members
                    .iter()
                    .map(|m| format!("{}: {}", self.naming.field(&m.name), self.ty(&m.ty, "b")))
                    .collect();
                format!("{path} {{ {} }}", fields.join(", "))
            }
            DeclKind::Table(t) => {
                let fields: Vec<String> = t
                    .members
                    .iter()
                    .filter_map(|m| Some((m, m.ty.as_ref()?)))
                    .map(|(m, ty)| {
                        let mut e = self.ty(ty, "b - 1");
                        if self.naming.boxed(ty, id) {
                            e = format!("Box::new({e})");
                        }
                        let need = self.need_ty(ty);
                        format!(
                            "{}: if b > {need} && r.one_in(2) {{ Some({e}) }} else {{ None }}",
                            self.naming.field(&m.name)
                        )
                    })
                    .collect();
                format!("{path} {{ {} }}", fields.join(", "))
            }
            DeclKind::Union(u) => {
                let arms: Vec<(u32, String)> = u
                    .members
                    .iter()
                    .filter_map(|m| Some((m, m.ty.as_ref()?)))
                    .map(|(m, ty)| {
                        let mut e = self.ty(ty, "b - 1");
                        if self.naming.boxed(ty, id) {
                            e = format!("Box::new({e})");
                        }
                        (
                            self.need_ty(ty),
                            format!("{path}::{}({e})", self.naming.variant(&m.name)),
                        )
                    })
                    .collect();
                if arms.is_empty() {
                    return "unreachable!(\"a union without variants cannot be generated\")".into();
                }
                // Pick among the variants the budget allows.
                let needs: Vec<String> = arms.iter().map(|(n, _)| n.to_string()).collect();
                let mut s = format!(
                    "let needs: [u32; {}] = [{}];\n    let feasible: Vec<usize> = (0..needs.len()).filter(|&i| b > needs[i]).collect();\n    match feasible[r.below(feasible.len() as u64) as usize] {{\n",
                    arms.len(),
                    needs.join(", ")
                );
                for (i, (_, e)) in arms.iter().enumerate() {
                    let _ = writeln!(s, "        {i} => {e},");
                }
                s.push_str("        _ => unreachable!(),\n    }");
                s
            }
            DeclKind::Enum(e) => {
                let known: Vec<String> = e
                    .members
                    .iter()
                    .map(|m| format!("{path}::{}", self.naming.variant(&m.name)))
                    .collect();
                let unknown = (!e.strict).then(|| {
                    let values: Vec<String> = e.members.iter().map(|m| m.value.to_string()).collect();
                    // An "unknown" value that happens to be declared is the declared member.
                    format!(
                        "{{ let v = r.u64() as {t}; {path}::from_known(v).unwrap_or({path}::{unk}(v)) }}",
                        t = e.subtype.rust(),
                        unk = self.naming.unknown_variant(id)
                    )
                    .replace("VALUES", &values.join(", "))
                });
                match (known.is_empty(), unknown) {
                    (true, Some(u)) => u,
                    (false, None) => {
                        format!("[{}][r.below({}) as usize]", known.join(", "), known.len())
                    }
                    (false, Some(u)) => format!(
                        "if r.one_in(4) {{ {u} }} else {{ [{}][r.below({}) as usize] }}",
                        known.join(", "),
                        known.len()
                    ),
                    (true, None) => "unreachable!(\"a strict enum without members\")".into(),
                }
            }
            DeclKind::Bits(bits) => {
                let t = bits.subtype.rust();
                if bits.strict {
                    format!(
                        "{path}::from_bits_retain(r.u64() as {t} & ({}u64 as {t}))",
                        bits.mask
                    )
                } else {
                    format!("{path}::from_bits_retain(r.u64() as {t})")
                }
            }
            _ => "unreachable!()".into(),
        }
    }

    /// An expression generating a value of `ty` with budget expression `b`.
    fn ty(&self, ty: &Ty, b: &str) -> String {
        let opt = |inner: String| {
            format!("if ({b}) > 0 && !r.one_in(3) {{ Some({inner}) }} else {{ None }}")
        };
        match ty {
            Ty::Prim(p) => match p {
                Prim::Bool => "r.one_in(2)".into(),
                Prim::Float32 => "f32::from_bits(r.u64() as u32)".into(),
                Prim::Float64 => "f64::from_bits(r.u64())".into(),
                p => format!("(r.u64() as {})", p.rust()),
            },
            Ty::String { max, optional } => {
                let e = format!("r.string({})", max.unwrap_or(u32::MAX));
                if *optional { opt(e) } else { e }
            }
            Ty::Vector {
                elem,
                max,
                optional,
            } => {
                // Elements get one less budget, so a vector is empty unless that still covers them.
                let e = format!(
                    "(0..r.len({}, ({b}).saturating_sub({}))).map(|_| {}).collect::<Vec<_>>()",
                    max.unwrap_or(u32::MAX),
                    self.need_ty(elem),
                    self.ty(elem, &format!("({b}).saturating_sub(1)"))
                );
                if *optional { opt(e) } else { e }
            }
            Ty::Array { elem, len } => format!(
                "std::array::from_fn::<_, {len}, _>(|_| {})",
                self.ty(elem, b)
            ),
            Ty::Handle {
                subtype,
                rights,
                optional,
                ..
            } => {
                let e = format!("r.handle({subtype}, {rights:#x})");
                if *optional { opt(e) } else { e }
            }
            Ty::Endpoint {
                server, optional, ..
            } => {
                let end = if *server { "ServerEnd" } else { "ClientEnd" };
                // Channels with the default channel rights, as endpoints declare.
                let e = format!(
                    "::fidlwire::{end}::new(r.handle(4, ::fidlwire::Rights::CHANNEL_DEFAULT.0))"
                );
                if *optional { opt(e) } else { e }
            }
            Ty::Decl { id, optional } => {
                if !*optional {
                    return format!("arb_{id}(r, {b})");
                }
                let boxed = !matches!(
                    self.ir.decls[*id].kind,
                    DeclKind::Enum(_) | DeclKind::Bits(_)
                );
                let inner = if boxed {
                    format!("Box::new(arb_{id}(r, ({b}).saturating_sub(1)))")
                } else {
                    format!("arb_{id}(r, {b})")
                };
                format!(
                    "if ({b}) > {} && !r.one_in(3) {{ Some({inner}) }} else {{ None }}",
                    self.need[*id]
                )
            }
        }
    }
}
