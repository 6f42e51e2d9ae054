//! The GIDL parser (grammar: `spec/gidl.md` §3–§5).

use super::ast::*;
use super::lexer::{Tok, Token, lex};
use std::fmt;

/// Largest list or byte sequence a file may expand to (bounds `repeat(...)`).
const MAX_ELEMENTS: usize = 1 << 22;
/// Deepest nesting of values.
const MAX_DEPTH: usize = 128;

/// A parse error with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file name given to [`parse`].
    pub file: String,
    /// Line.
    pub line: usize,
    /// Column (characters).
    pub col: usize,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for ParseError {}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    let before = &text[..o];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    )
}

/// Parses a `.gidl` file.
pub fn parse(file: &str, text: &str) -> Result<File, ParseError> {
    let err = |offset: usize, message: String| {
        let (line, col) = position(text, offset);
        ParseError {
            file: file.to_string(),
            line,
            col,
            message,
        }
    };
    let tokens = lex(text).map_err(|(o, m)| err(o, m))?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        elements: 0,
    };
    let mut sections = Vec::new();
    while p.peek() != &Tok::Eof {
        let mut s = p.section(text).map_err(|(o, m)| err(o, m))?;
        s.pos = position(text, s.pos.0);
        sections.push(s);
    }
    Ok(File { sections })
}

type R<T> = Result<T, (usize, String)>;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    elements: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Text(s) => format!("`{s}`"),
        Tok::Str(_) => "a string".into(),
        Tok::Punct(c) => format!("`{c}`"),
        Tok::Eof => "end of file".into(),
    }
}

/// Go's integer literal rules: `0x`, `0o`, `0b`, leading `0` = octal, `_` separators.
fn parse_uint(s: &str) -> Option<u64> {
    let s = s.replace('_', "");
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h.to_string(), 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b.to_string(), 2)
    } else if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        (o.to_string(), 8)
    } else if s.len() > 1 && s.starts_with('0') {
        (s[1..].to_string(), 8)
    } else {
        (s.clone(), 10)
    };
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(&digits, radix).ok()
}

fn parse_rights(names: &[(bool, String)]) -> Option<u32> {
    let mut r = 0u32;
    for (minus, n) in names {
        let v = match n.as_str() {
            "none" => 0,
            "same_rights" => 1 << 31,
            "duplicate" => 1,
            "transfer" => 1 << 1,
            "read" => 1 << 2,
            "write" => 1 << 3,
            "execute" => 1 << 4,
            "map" => 1 << 5,
            "get_property" => 1 << 6,
            "set_property" => 1 << 7,
            "enumerate" => 1 << 8,
            "destroy" => 1 << 9,
            "set_policy" => 1 << 10,
            "get_policy" => 1 << 11,
            "signal" => 1 << 12,
            "signal_peer" => 1 << 13,
            "wait" => 1 << 14,
            "inspect" => 1 << 15,
            "manage_job" => 1 << 16,
            "manage_process" => 1 << 17,
            "manage_thread" => 1 << 18,
            "apply_profile" => 1 << 19,
            "basic" => (1 << 1) | 1 | (1 << 14) | (1 << 15),
            "io" => (1 << 2) | (1 << 3),
            "channel_default" => {
                (1 << 1) | (1 << 14) | (1 << 15) | (1 << 2) | (1 << 3) | (1 << 12) | (1 << 13)
            }
            "event_default" => (1 << 1) | 1 | (1 << 14) | (1 << 15) | (1 << 12),
            _ => return None,
        };
        if *minus { r &= !v } else { r |= v }
    }
    Some(r)
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn offset(&self) -> usize {
        self.tokens[self.pos].offset
    }

    fn bump(&mut self) -> Tok {
        let t = self.tokens[self.pos].tok.clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn fail<T>(&self, what: &str) -> R<T> {
        Err((
            self.offset(),
            format!("expected {what}, found {}", describe(self.peek())),
        ))
    }

    fn punct(&mut self, c: char) -> R<()> {
        if self.peek() == &Tok::Punct(c) {
            self.bump();
            Ok(())
        } else {
            self.fail(&format!("`{c}`"))
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == &Tok::Punct(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn text(&mut self) -> R<String> {
        match self.peek().clone() {
            Tok::Text(t) => {
                self.bump();
                Ok(t)
            }
            _ => self.fail("a name or number"),
        }
    }

    fn keyword(&mut self, k: &str) -> R<()> {
        match self.peek() {
            Tok::Text(t) if t == k => {
                self.bump();
                Ok(())
            }
            _ => self.fail(&format!("`{k}`")),
        }
    }

    fn uint(&mut self) -> R<u64> {
        let at = self.offset();
        let t = self.text()?;
        parse_uint(&t).ok_or((at, format!("invalid number `{t}`")))
    }

    fn count(&mut self, n: usize) -> R<()> {
        self.elements = self.elements.saturating_add(n);
        if self.elements > MAX_ELEMENTS {
            return Err((
                self.offset(),
                format!("file expands to more than {MAX_ELEMENTS} elements"),
            ));
        }
        Ok(())
    }

    /// `[ item, ... ]` with trailing commas allowed.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        self.punct('[')?;
        let mut out = Vec::new();
        while !self.eat(']') {
            out.push(item(self)?);
            if !self.eat(',') {
                self.punct(']')?;
                break;
            }
        }
        Ok(out)
    }

    /// `{ v2 = X }`: only the `v2` wire format exists.
    fn wire_map<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<T> {
        self.punct('{')?;
        let mut found = None;
        while !self.eat('}') {
            let at = self.offset();
            let name = self.text()?;
            if name != "v2" {
                return Err((
                    at,
                    format!("unsupported wire format `{name}` (only v2 exists)"),
                ));
            }
            if found.is_some() {
                return Err((at, "wire format v2 given twice".into()));
            }
            self.punct('=')?;
            found = Some(item(self)?);
            if !self.eat(',') {
                self.punct('}')?;
                break;
            }
        }
        found.ok_or((self.offset(), "missing `v2 = ...`".into()))
    }

    fn section(&mut self, _text: &str) -> R<Section> {
        let at = self.offset();
        let kw = self.text()?;
        let kind = match kw.as_str() {
            "success" => SectionKind::Success,
            "encode_success" => SectionKind::EncodeSuccess,
            "decode_success" => SectionKind::DecodeSuccess,
            "encode_failure" => SectionKind::EncodeFailure,
            "decode_failure" => SectionKind::DecodeFailure,
            "benchmark" => SectionKind::Benchmark,
            _ => return Err((at, format!("unknown section kind `{kw}`"))),
        };
        self.punct('(')?;
        let name = match self.bump() {
            Tok::Str(s) => String::from_utf8_lossy(&s).into_owned(),
            _ => return Err((at, "expected the section name as a string".into())),
        };
        self.punct(')')?;
        self.punct('{')?;
        let mut s = Section {
            kind: Some(kind),
            name,
            pos: (0, 0),
            ..Section::default()
        };
        s.pos = (at, 0);
        let mut seen: Vec<String> = Vec::new();
        while !self.eat('}') {
            let key_at = self.offset();
            let key = self.text()?;
            if seen.contains(&key) {
                return Err((key_at, format!("`{key}` given twice")));
            }
            seen.push(key.clone());
            self.punct('=')?;
            match key.as_str() {
                "type" => s.ty = Some(self.text()?),
                "value" => s.value = Some(self.value()?),
                "bytes" => s.bytes = Some(self.wire_map(Self::byte_list)?),
                "handles" => s.handles = Some(self.wire_map(|p| p.list(Self::handle))?),
                "handle_dispositions" => {
                    s.dispositions = Some(self.wire_map(|p| p.list(Self::disposition))?)
                }
                "handle_defs" => s.handle_defs = self.handle_defs()?,
                "err" => s.err = Some(self.text()?),
                "bindings_allowlist" => s.allowlist = Some(self.list(Self::text)?),
                "bindings_denylist" => s.denylist = Some(self.list(Self::text)?),
                "bindings_skip" => s.skip = Some(self.list(Self::text)?),
                "enable_send_event_benchmark" => s.send_event = self.text()? == "true",
                "enable_echo_call_benchmark" => s.echo_call = self.text()? == "true",
                _ => return Err((key_at, format!("unknown key `{key}`"))),
            }
            if !self.eat(',') {
                self.punct('}')?;
                break;
            }
        }
        self.check_required(&s, at)?;
        Ok(s)
    }

    fn check_required(&self, s: &Section, at: usize) -> R<()> {
        let kind = s.kind.expect("set");
        let need = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err((at, format!("{} section needs `{what}`", kind.keyword())))
            }
        };
        match kind {
            SectionKind::Success | SectionKind::EncodeSuccess | SectionKind::DecodeSuccess => {
                need(s.value.is_some(), "value")?;
                need(s.bytes.is_some(), "bytes")
            }
            SectionKind::EncodeFailure => {
                need(s.value.is_some(), "value")?;
                need(s.err.is_some(), "err")
            }
            SectionKind::DecodeFailure => {
                need(s.ty.is_some(), "type")?;
                need(s.bytes.is_some(), "bytes")?;
                need(s.err.is_some(), "err")
            }
            SectionKind::Benchmark => need(s.value.is_some(), "value"),
        }
    }

    fn handle(&mut self) -> R<u32> {
        self.punct('#')?;
        let at = self.offset();
        let n = self.uint()?;
        u32::try_from(n).map_err(|_| (at, "handle number too large".into()))
    }

    fn subtype(&mut self) -> R<Subtype> {
        let at = self.offset();
        match self.text()?.as_str() {
            "event" => Ok(Subtype::Event),
            "channel" => Ok(Subtype::Channel),
            other => Err((at, format!("unknown handle subtype `{other}`"))),
        }
    }

    fn rights(&mut self) -> R<u32> {
        let at = self.offset();
        let mut names = vec![(false, self.text()?)];
        loop {
            if self.eat('+') {
                names.push((false, self.text()?));
            } else if self.eat('-') {
                names.push((true, self.text()?));
            } else {
                break;
            }
        }
        parse_rights(&names).ok_or((at, "unknown right".into()))
    }

    fn handle_defs(&mut self) -> R<Vec<HandleDef>> {
        self.punct('{')?;
        let mut defs = Vec::new();
        while !self.eat('}') {
            let at = self.offset();
            let n = self.handle()?;
            if n as usize != defs.len() {
                return Err((
                    at,
                    format!(
                        "handle_defs must number handles #0, #1, ... in order; expected #{}",
                        defs.len()
                    ),
                ));
            }
            self.punct('=')?;
            let subtype = self.subtype()?;
            self.punct('(')?;
            let mut rights = None;
            if !self.eat(')') {
                self.keyword("rights")?;
                self.punct(':')?;
                rights = Some(self.rights()?);
                self.punct(')')?;
            }
            defs.push(HandleDef { subtype, rights });
            if !self.eat(',') {
                self.punct('}')?;
                break;
            }
        }
        Ok(defs)
    }

    fn disposition(&mut self) -> R<Disposition> {
        self.punct('{')?;
        let handle = self.handle()?;
        let mut d = Disposition {
            handle,
            subtype: None,
            rights: None,
        };
        while self.eat(',') {
            if self.peek() == &Tok::Punct('}') {
                break;
            }
            let at = self.offset();
            match self.text()?.as_str() {
                "type" => {
                    self.punct(':')?;
                    d.subtype = Some(self.subtype()?);
                }
                "rights" => {
                    self.punct(':')?;
                    d.rights = Some(self.rights()?);
                }
                other => return Err((at, format!("unknown disposition key `{other}`"))),
            }
        }
        self.punct('}')?;
        Ok(d)
    }

    fn byte_list(&mut self) -> R<Vec<u8>> {
        self.punct('[')?;
        let mut out = Vec::new();
        while !self.eat(']') {
            self.byte_item(&mut out)?;
            if !self.eat(',') {
                self.punct(']')?;
                break;
            }
        }
        Ok(out)
    }

    fn byte_item(&mut self, out: &mut Vec<u8>) -> R<()> {
        let at = self.offset();
        let t = self.text()?;
        match t.as_str() {
            "num" => {
                self.punct('(')?;
                let neg = self.eat('-');
                let v = self.uint()?;
                self.punct(')')?;
                self.punct(':')?;
                let size = self.size()?;
                if size > 8 {
                    return Err((at, "num(...) size is at most 8".into()));
                }
                let fits = if neg {
                    v <= 1u64 << (size * 8 - 1)
                } else {
                    size == 8 || v < 1u64 << (size * 8)
                };
                if !fits {
                    return Err((
                        at,
                        format!(
                            "{}{v} does not fit in {size} bytes",
                            if neg { "-" } else { "" }
                        ),
                    ));
                }
                let value = if neg { v.wrapping_neg() } else { v };
                self.count(size)?;
                out.extend_from_slice(&value.to_le_bytes()[..size]);
            }
            "repeat" => {
                self.punct('(')?;
                let b = self.byte()?;
                self.punct(')')?;
                self.punct(':')?;
                let n = self.size()?;
                self.count(n)?;
                out.resize(out.len() + n, b);
            }
            "padding" => {
                self.punct(':')?;
                let n = self.size()?;
                self.count(n)?;
                out.resize(out.len() + n, 0);
            }
            "raw" => {
                self.punct('(')?;
                while !self.eat(')') {
                    let b = self.byte()?;
                    self.count(1)?;
                    out.push(b);
                    if !self.eat(',') {
                        self.punct(')')?;
                        break;
                    }
                }
            }
            _ => {
                self.pos -= 1;
                let b = self.byte()?;
                self.count(1)?;
                out.push(b);
            }
        }
        Ok(())
    }

    fn size(&mut self) -> R<usize> {
        let at = self.offset();
        match self.uint()? {
            0 => Err((at, "size must be at least 1".into())),
            n if n as usize > MAX_ELEMENTS => Err((at, "size too large".into())),
            n => Ok(n as usize),
        }
    }

    fn byte(&mut self) -> R<u8> {
        let at = self.offset();
        let t = self.text()?;
        if let Some(inner) = t.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            let ch = match inner {
                "\\n" => '\n',
                "\\t" => '\t',
                "\\\\" => '\\',
                "\\'" => '\'',
                s if s.chars().count() == 1 => s.chars().next().expect("one char"),
                _ => return Err((at, format!("invalid char literal {t}"))),
            };
            return u8::try_from(ch as u32).map_err(|_| (at, "char literal is not a byte".into()));
        }
        let v = parse_uint(&t).ok_or((at, format!("invalid byte `{t}`")))?;
        u8::try_from(v).map_err(|_| (at, format!("{v} is not a byte")))
    }

    fn value(&mut self) -> R<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((
                self.offset(),
                format!("values nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        let r = self.value_inner();
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self) -> R<Value> {
        let at = self.offset();
        match self.peek().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(Value::Str(s))
            }
            Tok::Punct('#') => Ok(Value::Handle(self.handle()?)),
            Tok::Punct('-') => {
                self.bump();
                let t = self.text()?;
                if t.contains('.') {
                    let f: f64 = t
                        .parse()
                        .map_err(|_| (at, format!("invalid float `-{t}`")))?;
                    Ok(Value::Float(-f))
                } else {
                    let magnitude = parse_uint(&t).ok_or((at, format!("invalid number `-{t}`")))?;
                    Ok(Value::Int {
                        negative: true,
                        magnitude,
                    })
                }
            }
            Tok::Punct('[') => {
                self.bump();
                let mut items = Vec::new();
                while !self.eat(']') {
                    if matches!(self.peek(), Tok::Text(t) if t == "repeat") {
                        self.bump();
                        self.punct('(')?;
                        let v = self.value()?;
                        self.punct(')')?;
                        self.punct(':')?;
                        let n = self.size()?;
                        self.count(n)?;
                        items.extend(std::iter::repeat_n(v, n));
                    } else {
                        self.count(1)?;
                        items.push(self.value()?);
                    }
                    if !self.eat(',') {
                        self.punct(']')?;
                        break;
                    }
                }
                Ok(Value::List(items))
            }
            Tok::Text(t) => {
                self.bump();
                match t.as_str() {
                    "true" => Ok(Value::Bool(true)),
                    "false" => Ok(Value::Bool(false)),
                    "null" => Ok(Value::Null),
                    "raw_float" => {
                        self.punct('(')?;
                        let v = self.uint()?;
                        self.punct(')')?;
                        Ok(Value::RawFloat(v))
                    }
                    "restrict" => {
                        self.punct('(')?;
                        let handle = self.handle()?;
                        let (mut subtype, mut rights) = (None, None);
                        while self.eat(',') {
                            let kat = self.offset();
                            match self.text()?.as_str() {
                                "type" => {
                                    self.punct(':')?;
                                    subtype = Some(self.subtype()?);
                                }
                                "rights" => {
                                    self.punct(':')?;
                                    rights = Some(self.rights()?);
                                }
                                other => {
                                    return Err((kat, format!("unknown restrict key `{other}`")));
                                }
                            }
                        }
                        self.punct(')')?;
                        Ok(Value::Restrict {
                            handle,
                            subtype,
                            rights,
                        })
                    }
                    "decode" => {
                        self.punct('(')?;
                        self.punct('{')?;
                        let (mut ty, mut bytes, mut handles) = (None, None, Vec::new());
                        while !self.eat('}') {
                            let kat = self.offset();
                            let key = self.text()?;
                            self.punct('=')?;
                            match key.as_str() {
                                "type" => ty = Some(self.text()?),
                                "bytes" => bytes = Some(self.wire_map(Self::byte_list)?),
                                "handles" => handles = self.wire_map(|p| p.list(Self::handle))?,
                                other => {
                                    return Err((kat, format!("unknown decode key `{other}`")));
                                }
                            }
                            if !self.eat(',') {
                                self.punct('}')?;
                                break;
                            }
                        }
                        self.punct(')')?;
                        Ok(Value::Decode {
                            ty: ty.ok_or((at, "decode(...) needs a type".to_string()))?,
                            bytes: bytes.ok_or((at, "decode(...) needs bytes".to_string()))?,
                            handles,
                        })
                    }
                    _ if t.starts_with(|c: char| c.is_ascii_digit()) => {
                        if t.contains('.') {
                            Ok(Value::Float(
                                t.parse()
                                    .map_err(|_| (at, format!("invalid float `{t}`")))?,
                            ))
                        } else {
                            let magnitude =
                                parse_uint(&t).ok_or((at, format!("invalid number `{t}`")))?;
                            Ok(Value::Int {
                                negative: false,
                                magnitude,
                            })
                        }
                    }
                    _ if self.peek() == &Tok::Punct('{') => self.record(t),
                    _ => Err((at, format!("unexpected `{t}` in a value"))),
                }
            }
            other => Err((at, format!("expected a value, found {}", describe(&other)))),
        }
    }

    fn record(&mut self, name: String) -> R<Value> {
        self.punct('{')?;
        let mut fields = Vec::new();
        while !self.eat('}') {
            let at = self.offset();
            let key_text = self.text()?;
            self.punct(':')?;
            let key = if key_text.starts_with(|c: char| c.is_ascii_digit()) {
                FieldKey::Ordinal(
                    parse_uint(&key_text).ok_or((at, format!("invalid ordinal `{key_text}`")))?,
                )
            } else {
                FieldKey::Name(key_text)
            };
            let value = match key {
                FieldKey::Ordinal(_) => self.unknown_data()?,
                FieldKey::Name(_) => FieldValue::Value(self.value()?),
            };
            if fields.iter().any(|f: &Field| f.key == key) {
                return Err((at, "field given twice".into()));
            }
            fields.push(Field { key, value });
            if !self.eat(',') {
                self.punct('}')?;
                break;
            }
        }
        Ok(Value::Record { name, fields })
    }

    fn unknown_data(&mut self) -> R<FieldValue> {
        if matches!(self.peek(), Tok::Text(t) if t == "null") {
            self.bump();
            return Ok(FieldValue::Unknown {
                bytes: None,
                handles: Vec::new(),
            });
        }
        self.punct('{')?;
        let (mut bytes, mut handles) = (None, Vec::new());
        while !self.eat('}') {
            let at = self.offset();
            let key = self.text()?;
            self.punct('=')?;
            match key.as_str() {
                "bytes" => bytes = Some(self.byte_list()?),
                "handles" => handles = self.list(Self::handle)?,
                other => return Err((at, format!("unknown key `{other}` in unknown data"))),
            }
            if !self.eat(',') {
                self.punct('}')?;
                break;
            }
        }
        Ok(FieldValue::Unknown {
            bytes: Some(bytes.unwrap_or_default()),
            handles,
        })
    }
}
