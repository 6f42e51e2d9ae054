//! Decoding any message of a schema type into a [`Value`], with the runtime's rules
//! ([`fidlwire::rules`]): the same checks, in the same order, as the static codec.

use crate::error::{Error, Result, value_error};
use crate::read::{int, park, presence, prim, raw_envelope, required, show, unpark};
use crate::schema::{DeclKind, Schema, Ty};
use crate::value::{Field, FieldValue, Value};
use fidlwire::decode::{ReadOnly, Validator};
use fidlwire::{DecodeOptions, ErrorKind, HandleConstraint, HandleInfo, ObjectType, Rights, rules};

type V<'a, 'b> = Validator<'a, ReadOnly<'b>>;

/// The `what` of padding regions.
pub(crate) const PADDING: &str = "padding";

/// A decoded message: the value and the handles it carried, in message order (a
/// [`Value::Handle`] or an unknown envelope's handles take the next ones).
#[derive(Debug)]
pub struct Message {
    /// The value.
    pub value: Value,
    /// The handles, types and rights checked (and rights reduced) as the schema declares.
    pub handles: Vec<HandleInfo>,
}

/// A labelled byte range of a decoded message (see [`decode_annotated`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// First byte.
    pub start: usize,
    /// Length in bytes.
    pub len: usize,
    /// Member path, e.g. `items[0].name`.
    pub path: String,
    /// What the bytes are, e.g. `uint32 = 7`, `string count = 5`, `presence: present`.
    pub what: String,
}

/// Decodes `bytes` (and `handles`) as a value of type `ty` of `schema`.
///
/// ```
/// use fidlwire_dynamic::{Member, Schema, Decl, DeclKind, Prim, Ty, Value, decode};
/// let point = Decl {
///     name: "demo/Point".into(),
///     kind: DeclKind::Struct {
///         resource: false,
///         members: vec![
///             Member { name: "x".into(), ty: Ty::Prim(Prim::Uint8) },
///             Member { name: "y".into(), ty: Ty::Prim(Prim::Uint32) },
///         ],
///         layout: Default::default(),
///     },
/// };
/// let schema = Schema::new(vec![point], vec![]).unwrap();
/// let bytes = [7, 0, 0, 0, 9, 0, 0, 0];
/// let m = decode(&schema, &schema.ty("demo/Point").unwrap(), &bytes, vec![]).unwrap();
/// assert_eq!(m.value.get("y"), Some(&Value::Uint(9)));
/// // A padding byte that is not zero: the static codec's error, at the same byte.
/// let e = decode(&schema, &schema.ty("demo/Point").unwrap(), &[7, 1, 0, 0, 9, 0, 0, 0], vec![]).unwrap_err();
/// assert_eq!((e.code(), e.byte_offset()), ("INVALID_PADDING_BYTE", Some(1)));
/// ```
pub fn decode(schema: &Schema, ty: &Ty, bytes: &[u8], handles: Vec<HandleInfo>) -> Result<Message> {
    run(schema, ty, bytes, handles, None)
}

/// [`decode`], also returning a labelled range for every byte the value occupies (bytes in no
/// range are padding). On failure the ranges cover what was read before the failing rule.
pub fn decode_annotated(
    schema: &Schema,
    ty: &Ty,
    bytes: &[u8],
    handles: Vec<HandleInfo>,
) -> (Result<Message>, Vec<Region>) {
    let mut regions = Vec::new();
    let r = run(schema, ty, bytes, handles, Some(&mut regions));
    regions.sort_by_key(|r| (r.start, r.len));
    (r, regions)
}

fn run(
    schema: &Schema,
    ty: &Ty,
    bytes: &[u8],
    mut handles: Vec<HandleInfo>,
    regions: Option<&mut Vec<Region>>,
) -> Result<Message> {
    let mut d = Decoder {
        schema,
        rec: regions.map(|regions| Recorder {
            regions,
            path: Vec::new(),
        }),
    };
    let (size, _) = schema.inline(ty);
    d.pad_block(0, size);
    let mut path = Vec::new();
    let r = DecodeOptions::default().run_dynamic(bytes, &mut handles, size, |v| {
        d.value(v, ty, 0, 0).map_err(|e| {
            path = e.path;
            match e.kind {
                crate::error::ErrorKind::Codec(e) => e,
                // Decoding only fails on wire rules.
                crate::error::ErrorKind::Mismatch { .. } => {
                    fidlwire::Error::new(ErrorKind::InvalidPaddingByte, 0)
                }
            }
        })
    });
    match r {
        Ok(value) => Ok(Message { value, handles }),
        // `handles` drops here: every handle of a rejected message is closed.
        Err(e) => {
            let mut e = Error::from(e);
            e.path = path;
            Err(e)
        }
    }
}

struct Recorder<'r> {
    regions: &'r mut Vec<Region>,
    path: Vec<String>,
}

struct Decoder<'s, 'r> {
    schema: &'s Schema,
    rec: Option<Recorder<'r>>,
}

impl Decoder<'_, '_> {
    fn note(&mut self, start: usize, len: usize, what: impl FnOnce() -> String) {
        if let Some(r) = &mut self.rec {
            let mut path = String::new();
            for seg in &r.path {
                if !seg.starts_with('[') && !path.is_empty() {
                    path.push('.');
                }
                path.push_str(seg);
            }
            r.regions.push(Region {
                start,
                len,
                path,
                what: what(),
            });
        }
    }

    /// Notes `len` padding bytes at `start` (shown as padding by [`crate::annotate`]).
    fn pad(&mut self, start: usize, len: usize) {
        if len > 0 {
            self.note(start, len, || PADDING.into());
        }
    }

    /// Notes the padding that ends an out-of-line block of `len` bytes at `start`.
    fn pad_block(&mut self, start: usize, len: usize) {
        self.pad(start + len, len.next_multiple_of(8) - len);
    }

    /// Runs `f` one path segment deeper: in the recorder while annotating, and on the error.
    fn within<T>(
        &mut self,
        segment: impl Fn() -> String,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        if let Some(r) = &mut self.rec {
            r.path.push(segment());
        }
        let out = f(self);
        if let Some(r) = &mut self.rec {
            r.path.pop();
        }
        out.map_err(|e| e.within(segment))
    }

    fn value(&mut self, v: &mut V<'_, '_>, ty: &Ty, offset: usize, depth: u32) -> Result<Value> {
        let schema = self.schema;
        match ty {
            Ty::Prim(p) => {
                let value = prim(v, *p, offset)?;
                self.note(offset, p.size(), || {
                    format!("{} = {}", p.name(), show(&value))
                });
                Ok(value)
            }
            Ty::String { max, optional } => {
                self.header(v, offset, "string");
                if self.rec.is_some() && v.u64_at(offset + 8) == fidlwire::ALLOC_PRESENT_U64 {
                    // Noted before the checks, so that a failing string still shows its bytes.
                    let start = v.cursor();
                    let len = (v.u64_at(offset) as usize).min(v.bytes_left());
                    let text = String::from_utf8_lossy(&v.bytes()[start..start + len]);
                    let text = format!("string bytes {text:?}");
                    self.note(start, len, || text);
                    self.pad_block(start, len);
                }
                let text = rules::string(v, offset, depth, *max)?.map(str::to_owned);
                match text {
                    None => required(*optional, offset),
                    Some(text) => Ok(Value::String(text)),
                }
            }
            Ty::Vector {
                elem,
                max,
                optional,
            } => {
                let (stride, _) = schema.inline(elem);
                self.header(v, offset, "vector");
                let header = rules::vector(v, offset, depth, stride, *max)?;
                match header {
                    None => required(*optional, offset),
                    Some((count, body)) => {
                        self.pad_block(body, count * stride);
                        self.elements(v, elem, body, count, stride, depth + 1)
                    }
                }
            }
            Ty::Array { elem, len } => {
                let (stride, _) = schema.inline(elem);
                self.elements(v, elem, offset, *len as usize, stride, depth)
            }
            Ty::Handle {
                object_type,
                rights,
                optional,
            } => {
                let c = HandleConstraint::new(ObjectType(*object_type), Rights(*rights));
                self.handle(v, offset, c, *optional)
            }
            Ty::Endpoint { optional, .. } => self.handle(v, offset, rules::ENDPOINT, *optional),
            Ty::Decl { id, optional } => self.decl(v, *id, *optional, offset, depth),
        }
    }

    /// `count` elements of type `elem` from `start`, `stride` bytes apart. Numbers are
    /// annotated as one region (`[1, 2, 3]`) rather than one per element.
    fn elements(
        &mut self,
        v: &mut V<'_, '_>,
        elem: &Ty,
        start: usize,
        count: usize,
        stride: usize,
        depth: u32,
    ) -> Result<Value> {
        let numbers = matches!(elem, Ty::Prim(_))
            .then(|| self.rec.take())
            .flatten();
        let mut items = Vec::with_capacity(count.min(v.bytes().len()));
        let mut result = Ok(());
        for i in 0..count {
            let at = start + i * stride;
            match self.within(|| format!("[{i}]"), |d| d.value(v, elem, at, depth)) {
                Ok(item) => items.push(item),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if let Some(rec) = numbers {
            self.rec = Some(rec);
            let shown: Vec<String> = items.iter().take(16).map(show).collect();
            let more = if items.len() > 16 { ", …" } else { "" };
            let name = self.schema.type_name(elem);
            self.note(start, items.len() * stride, || {
                format!("{count} × {name}: [{}{more}]", shown.join(", "))
            });
        }
        result.map(|()| Value::List(items))
    }

    fn header(&mut self, v: &V<'_, '_>, offset: usize, what: &str) {
        if self.rec.is_some() {
            let count = v.u64_at(offset);
            let present = v.u64_at(offset + 8) != 0;
            self.note(offset, 8, || format!("{what} count = {count}"));
            self.note(offset + 8, 8, || presence(present));
        }
    }

    fn handle(
        &mut self,
        v: &mut V<'_, '_>,
        offset: usize,
        c: HandleConstraint,
        optional: bool,
    ) -> Result<Value> {
        let index = rules::handle(v, offset, c)?;
        self.note(offset, 4, || match index {
            Some(i) => format!("handle present (#{i})"),
            None => "handle absent".into(),
        });
        match index {
            Some(_) => Ok(Value::Handle),
            None => required(optional, offset),
        }
    }

    fn decl(
        &mut self,
        v: &mut V<'_, '_>,
        id: usize,
        optional: bool,
        offset: usize,
        depth: u32,
    ) -> Result<Value> {
        let schema = self.schema;
        match &schema.decl(id).kind {
            DeclKind::Struct { layout, .. } if optional => {
                let present = v.u64_at(offset);
                self.note(offset, 8, || presence(present != 0));
                let mut inner = None;
                let r = rules::boxed(v, offset, depth, layout.size, |v, body| {
                    self.pad_block(body, layout.size);
                    self.structure(v, id, body, depth + 1)
                        .map_err(|e| park(e, &mut inner))
                });
                Ok(unpark(r, inner)?.unwrap_or(Value::Null))
            }
            DeclKind::Struct { .. } => self.structure(v, id, offset, depth),
            DeclKind::Table {
                resource, members, ..
            } => {
                let mut fields = Vec::new();
                let mut inner: Option<Error> = None;
                let count = v.u64_at(offset);
                self.note(offset, 8, || format!("table max ordinal = {count}"));
                let present = v.u64_at(offset + 8) != 0;
                self.note(offset + 8, 8, || presence(present));
                let r = fidlwire::table::validate(
                    v,
                    offset,
                    depth,
                    u32::MAX.into(),
                    |v, array, count, depth| {
                        for ordinal in 1..=count {
                            let field = match members.iter().find(|m| m.ordinal == ordinal) {
                                Some(m) => self.known_field(v, array, ordinal, depth, *resource, m),
                                None => self.unknown_field(v, array, ordinal, depth),
                            };
                            match field {
                                Ok(Some(f)) => fields.push(f),
                                Ok(None) => {}
                                Err(e) => return Err(park(e, &mut inner)),
                            }
                        }
                        Ok(())
                    },
                );
                unpark(r, inner)?;
                Ok(Value::Table {
                    fields,
                    envelopes: count,
                })
            }
            DeclKind::Union {
                strict,
                resource,
                members,
            } => {
                let mut out = None;
                let mut inner: Option<Error> = None;
                let ordinal = v.u64_at(offset);
                self.note(offset, 8, || format!("union ordinal = {ordinal}"));
                let r = fidlwire::union::validate(
                    v,
                    offset,
                    depth,
                    *strict,
                    optional,
                    |v, ordinal, env, depth, header| {
                        let field = match members.iter().find(|m| m.ordinal == ordinal) {
                            Some(m) => {
                                let (size, _) = schema.inline(&m.ty);
                                self.note_envelope(env, header);
                                let value = rules::envelope(
                                    v,
                                    env,
                                    header,
                                    *resource,
                                    depth,
                                    size,
                                    |v, at, depth| {
                                        self.pad_envelope_value(env, at, size);
                                        self.within(
                                            || m.name.to_string(),
                                            |d| d.value(v, &m.ty, at, depth),
                                        )
                                        .map_err(|e| park(e, &mut inner))
                                    },
                                )?
                                .unwrap_or(Value::Null);
                                Field {
                                    ordinal,
                                    name: Some(m.name.clone()),
                                    value: FieldValue::Known(value),
                                }
                            }
                            None if *strict => return Ok(false),
                            None => {
                                self.note_envelope(env, header);
                                let raw = raw_envelope(v, env, depth, header)?;
                                Field {
                                    ordinal,
                                    name: None,
                                    value: FieldValue::Unknown(raw),
                                }
                            }
                        };
                        out = Some(field);
                        Ok(true)
                    },
                );
                let present = unpark(r, inner)?;
                match (present, out) {
                    (true, Some(field)) => Ok(Value::Union(Box::new(field))),
                    _ => Ok(Value::Null),
                }
            }
            DeclKind::Enum {
                strict,
                prim,
                members,
            } => {
                let raw = int(v, *prim, offset);
                let name = members
                    .iter()
                    .find(|m| m.value == raw)
                    .map(|m| m.name.clone());
                self.note(offset, prim.size(), || {
                    format!(
                        "{} = {raw}{}",
                        schema.decl(id).name,
                        name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                    )
                });
                if *strict && name.is_none() {
                    return Err(value_error(
                        ErrorKind::StrictEnumUnknownValue,
                        offset,
                        raw as u64,
                    ));
                }
                Ok(Value::Enum { name, value: raw })
            }
            DeclKind::Bits {
                strict, prim, mask, ..
            } => {
                let raw = int(v, *prim, offset) as u64;
                self.note(offset, prim.size(), || {
                    format!("{} = {raw:#x}", schema.decl(id).name)
                });
                if *strict && raw & !mask != 0 {
                    return Err(value_error(
                        ErrorKind::StrictBitsUnknownBit,
                        offset,
                        raw & !mask,
                    ));
                }
                Ok(Value::Bits(raw))
            }
        }
    }

    fn structure(
        &mut self,
        v: &mut V<'_, '_>,
        id: usize,
        offset: usize,
        depth: u32,
    ) -> Result<Value> {
        let DeclKind::Struct {
            members, layout, ..
        } = &self.schema.decl(id).kind
        else {
            unreachable!("structure() is called for structs");
        };
        if self.rec.is_some() {
            if members.is_empty() {
                self.note(offset, 1, || "empty struct (zero)".into());
            }
            for p in &layout.padding {
                for i in 0..p.width {
                    if (p.mask >> (8 * i)) & 0xff != 0 {
                        self.pad(offset + p.offset + i, 1);
                    }
                }
            }
        }
        layout.check_padding(v, offset)?;
        let mut out = Vec::with_capacity(members.len());
        for (m, at) in members.iter().zip(&layout.offsets) {
            let value = self.within(
                || m.name.to_string(),
                |d| d.value(v, &m.ty, offset + at, depth),
            )?;
            out.push((m.name.clone(), value));
        }
        Ok(Value::Struct(out))
    }

    fn known_field(
        &mut self,
        v: &mut V<'_, '_>,
        array: usize,
        ordinal: u64,
        depth: u32,
        resource: bool,
        m: &crate::schema::OrdinalMember,
    ) -> Result<Option<Field>> {
        let (size, _) = self.schema.inline(&m.ty);
        let value_resource = self.schema.is_resource(&m.ty);
        let env = rules::envelope_offset(array, ordinal);
        if self.rec.is_some() {
            let header = rules::read_header(v, env)?;
            self.note_envelope(env, header);
        }
        let mut inner = None;
        let value = rules::table_field(
            v,
            array,
            ordinal,
            depth,
            resource,
            size,
            value_resource,
            |v, at, depth| {
                self.pad_envelope_value(env, at, size);
                self.within(|| m.name.to_string(), |d| d.value(v, &m.ty, at, depth))
                    .map_err(|e| park(e, &mut inner))
            },
        );
        Ok(unpark(value, inner)?.map(|value| Field {
            ordinal,
            name: Some(m.name.clone()),
            value: FieldValue::Known(value),
        }))
    }

    fn unknown_field(
        &mut self,
        v: &mut V<'_, '_>,
        array: usize,
        ordinal: u64,
        depth: u32,
    ) -> Result<Option<Field>> {
        let env = rules::envelope_offset(array, ordinal);
        let header = rules::read_header(v, env)?;
        self.note_envelope(env, header);
        if header.is_absent() {
            return Ok(None);
        }
        let raw = raw_envelope(v, env, depth, header)?;
        Ok(Some(Field {
            ordinal,
            name: None,
            value: FieldValue::Unknown(raw),
        }))
    }

    /// The padding around an envelope's value of `size` bytes at `at`: up to byte 4 when
    /// inline (`at == env`), else to the end of its out-of-line block.
    fn pad_envelope_value(&mut self, env: usize, at: usize, size: usize) {
        match at == env {
            true => self.pad(at + size, 4usize.saturating_sub(size)),
            false => self.pad_block(at, size),
        }
    }

    fn note_envelope(&mut self, env: usize, header: fidlwire::envelope::EnvelopeHeader) {
        self.note(env, 8, || {
            if header.is_absent() {
                "envelope: absent".into()
            } else if header.is_inline() {
                format!("envelope: inline, {} handles", header.num_handles())
            } else {
                format!(
                    "envelope: {} bytes out of line, {} handles",
                    header.num_bytes(),
                    header.num_handles()
                )
            }
        });
    }
}
