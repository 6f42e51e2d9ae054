//! Recursive-descent parser for one `.fidl` file. Stops at the first syntax error (with a
//! located diagnostic); nesting is bounded so hostile input cannot exhaust the stack.

use crate::ast::*;
use crate::diagnostic::{Diagnostic, Span};
use crate::lexer::{Tok, Token, lex};

/// Deepest nesting of type constructors and layouts the parser accepts.
pub const MAX_NESTING: usize = 64;

/// Parses file `file` with contents `text`.
pub fn parse(file: usize, text: &str) -> Result<File, Diagnostic> {
    let tokens = lex(file, text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    p.file()
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

type PResult<T> = Result<T, Diagnostic>;

const LAYOUT_KEYWORDS: &[&str] = &["struct", "table", "union", "enum", "bits", "overlay"];
const LAYOUT_MODIFIERS: &[&str] = &["strict", "flexible", "resource"];

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        &self.tokens[(self.pos + n).min(self.tokens.len() - 1)].tok
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn is_ident(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Ident(i) if i == s)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn describe(tok: &Tok) -> String {
        match tok {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Number(n) => format!("number `{n}`"),
            Tok::Str(_) => "a string literal".into(),
            Tok::Doc(_) => "a doc comment".into(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Eof => "end of file".into(),
        }
    }

    fn error<T>(&self, what: &str) -> PResult<T> {
        Err(Diagnostic::new(
            self.span(),
            format!("expected {what}, found {}", Self::describe(self.peek())),
        ))
    }

    fn expect_punct(&mut self, p: &str) -> PResult<Span> {
        if self.is_punct(p) {
            Ok(self.bump().span)
        } else {
            self.error(&format!("`{p}`"))
        }
    }

    fn expect_keyword(&mut self, k: &str) -> PResult<Span> {
        if self.is_ident(k) {
            Ok(self.bump().span)
        } else {
            self.error(&format!("`{k}`"))
        }
    }

    fn name(&mut self) -> PResult<Name> {
        match self.peek().clone() {
            Tok::Ident(text) => {
                let span = self.bump().span;
                if text.ends_with('_') || text.starts_with('_') {
                    return Err(Diagnostic::new(
                        span,
                        format!(
                            "invalid identifier `{text}`: identifiers must start with a letter and not end with `_`"
                        ),
                    ));
                }
                Ok(Name { text, span })
            }
            _ => self.error("an identifier"),
        }
    }

    fn compound(&mut self) -> PResult<Compound> {
        let first = self.name()?;
        let mut span = first.span;
        let mut parts = vec![first];
        while self.is_punct(".") {
            self.bump();
            let n = self.name()?;
            span = span.to(n.span);
            parts.push(n);
        }
        Ok(Compound { parts, span })
    }

    fn nest(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Diagnostic::new(
                self.span(),
                format!("nesting deeper than {MAX_NESTING} levels"),
            ));
        }
        Ok(())
    }

    fn unnest(&mut self) {
        self.depth -= 1;
    }

    // ------------------------------------------------------------------ file

    fn file(&mut self) -> PResult<File> {
        let attributes = self.attributes()?;
        self.expect_keyword("library")?;
        let library = self.compound()?;
        self.expect_punct(";")?;
        let mut usings = Vec::new();
        let mut decls = Vec::new();
        loop {
            let attrs = self.attributes()?;
            if *self.peek() == Tok::Eof {
                if let Some(a) = attrs.first() {
                    return Err(Diagnostic::new(
                        a.span,
                        "attribute is not attached to a declaration",
                    ));
                }
                break;
            }
            if self.is_ident("using") {
                if !decls.is_empty() {
                    return Err(Diagnostic::new(
                        self.span(),
                        "`using` must come before declarations",
                    ));
                }
                self.bump();
                let lib = self.compound()?;
                let alias = if self.is_ident("as") {
                    self.bump();
                    Some(self.name()?)
                } else {
                    None
                };
                self.expect_punct(";")?;
                usings.push(Using {
                    attributes: attrs,
                    library: lib,
                    alias,
                });
                continue;
            }
            decls.push(self.decl(attrs)?);
        }
        Ok(File {
            attributes,
            library,
            usings,
            decls,
        })
    }

    fn attributes(&mut self) -> PResult<Attributes> {
        let mut out = Vec::new();
        let mut doc: Option<(String, Span)> = None;
        loop {
            match self.peek().clone() {
                Tok::Doc(line) => {
                    let span = self.bump().span;
                    doc = Some(match doc {
                        None => (line, span),
                        Some((d, s)) => (format!("{d}\n{line}"), s.to(span)),
                    });
                }
                Tok::Punct("@") => {
                    let start = self.bump().span;
                    let name = self.name()?;
                    let mut args = Vec::new();
                    if self.eat_punct("(") {
                        loop {
                            if self.is_punct(")") {
                                break;
                            }
                            let arg_name = if matches!(self.peek(), Tok::Ident(_))
                                && matches!(self.peek_at(1), Tok::Punct("="))
                            {
                                let n = self.name()?;
                                self.bump();
                                Some(n)
                            } else {
                                None
                            };
                            let value = self.constant()?;
                            args.push(AttributeArg {
                                name: arg_name,
                                value,
                            });
                            if !self.eat_punct(",") {
                                break;
                            }
                        }
                        self.expect_punct(")")?;
                    }
                    if out.iter().any(|a: &Attribute| a.name.text == name.text) {
                        return Err(Diagnostic::new(
                            name.span,
                            format!("duplicate attribute `@{}`", name.text),
                        ));
                    }
                    out.push(Attribute {
                        name,
                        args,
                        span: start.to(self.prev_span()),
                    });
                }
                _ => break,
            }
        }
        if let Some((text, span)) = doc {
            out.insert(
                0,
                Attribute {
                    name: Name {
                        text: "doc".into(),
                        span,
                    },
                    args: vec![AttributeArg {
                        name: None,
                        value: Constant::Literal(Literal::Str(text), span),
                    }],
                    span,
                },
            );
        }
        Ok(out)
    }

    // ------------------------------------------------------------------ declarations

    fn decl(&mut self, attributes: Attributes) -> PResult<Decl> {
        let Tok::Ident(kw) = self.peek().clone() else {
            return self.error("a declaration");
        };
        let decl = match kw.as_str() {
            "const" => {
                self.bump();
                let name = self.name()?;
                let ty = self.type_ctor()?;
                self.expect_punct("=")?;
                let value = self.constant()?;
                Decl::Const {
                    attributes,
                    name,
                    ty,
                    value,
                }
            }
            "alias" => {
                self.bump();
                let name = self.name()?;
                self.expect_punct("=")?;
                let ty = self.type_ctor()?;
                Decl::Alias {
                    attributes,
                    name,
                    ty,
                }
            }
            "type" => {
                self.bump();
                let name = self.name()?;
                self.expect_punct("=")?;
                let ty = self.type_ctor()?;
                Decl::Type {
                    attributes,
                    name,
                    ty,
                }
            }
            "service" => {
                self.bump();
                let name = self.name()?;
                let members = self.named_members()?;
                Decl::Service {
                    attributes,
                    name,
                    members,
                }
            }
            "resource_definition" => {
                self.bump();
                let name = self.name()?;
                self.expect_punct(":")?;
                let subtype = self.type_ctor()?;
                self.expect_punct("{")?;
                self.expect_keyword("properties")?;
                let properties = self.named_members()?;
                self.expect_punct(";")?;
                self.expect_punct("}")?;
                Decl::Resource {
                    attributes,
                    name,
                    subtype,
                    properties,
                }
            }
            _ => {
                let mut modifiers = Vec::new();
                while self.is_ident("open") || self.is_ident("ajar") || self.is_ident("closed") {
                    modifiers.push(self.name()?);
                }
                if self.is_ident("protocol") {
                    self.bump();
                    self.protocol(attributes, modifiers)?
                } else {
                    return self.error("a declaration (`const`, `alias`, `type`, `protocol`, `service` or `resource_definition`)");
                }
            }
        };
        self.expect_punct(";")?;
        Ok(decl)
    }

    /// `{ [attrs] name Type; ... }`: service members and resource properties.
    fn named_members(&mut self) -> PResult<Vec<Member>> {
        self.expect_punct("{")?;
        let mut members = Vec::new();
        while !self.is_punct("}") {
            let attributes = self.attributes()?;
            let name = self.name()?;
            let ty = self.type_ctor()?;
            self.expect_punct(";")?;
            let span = name.span.to(ty.span);
            members.push(Member {
                attributes,
                ordinal: None,
                name,
                ty: Some(ty),
                value: None,
                reserved: false,
                span,
            });
        }
        self.bump();
        Ok(members)
    }

    fn protocol(&mut self, attributes: Attributes, modifiers: Vec<Name>) -> PResult<Decl> {
        let name = self.name()?;
        self.expect_punct("{")?;
        let mut composes = Vec::new();
        let mut methods = Vec::new();
        while !self.is_punct("}") {
            let attrs = self.attributes()?;
            if self.is_ident("compose") && matches!(self.peek_at(1), Tok::Ident(_)) {
                self.bump();
                let protocol = self.compound()?;
                self.expect_punct(";")?;
                composes.push(Compose {
                    attributes: attrs,
                    protocol,
                });
                continue;
            }
            let start = self.span();
            let strictness = if (self.is_ident("strict") || self.is_ident("flexible"))
                && matches!(self.peek_at(1), Tok::Ident(_) | Tok::Punct("->"))
            {
                Some(self.name()?)
            } else {
                None
            };
            let is_event = self.eat_punct("->");
            let mname = self.name()?;
            let request = self.payload()?;
            let (response, error) = if !is_event && self.eat_punct("->") {
                let resp = self.payload()?;
                let err = if self.is_ident("error") {
                    self.bump();
                    Some(self.type_ctor()?)
                } else {
                    None
                };
                (Some(resp), err)
            } else {
                (None, None)
            };
            self.expect_punct(";")?;
            methods.push(Method {
                attributes: attrs,
                strictness,
                name: mname,
                is_event,
                request,
                response,
                error,
                span: start.to(self.prev_span()),
            });
        }
        self.bump();
        Ok(Decl::Protocol {
            attributes,
            modifiers,
            name,
            composes,
            methods,
        })
    }

    fn payload(&mut self) -> PResult<Option<TypeCtor>> {
        self.expect_punct("(")?;
        if self.eat_punct(")") {
            return Ok(None);
        }
        let t = self.type_ctor()?;
        self.expect_punct(")")?;
        Ok(Some(t))
    }

    // ------------------------------------------------------------------ types

    fn starts_inline_layout(&self) -> bool {
        let mut n = 0;
        while let Tok::Ident(s) = self.peek_at(n) {
            if LAYOUT_KEYWORDS.contains(&s.as_str()) {
                let next = self.peek_at(n + 1);
                // `struct {`, or `enum : uint8 {` (an underlying type, possibly misplaced).
                return matches!(next, Tok::Punct("{"))
                    || (matches!(next, Tok::Punct(":"))
                        && (s == "enum"
                            || s == "bits"
                            || matches!(self.peek_at(n + 3), Tok::Punct("{"))));
            }
            if !LAYOUT_MODIFIERS.contains(&s.as_str()) {
                return false;
            }
            n += 1;
        }
        false
    }

    fn type_ctor(&mut self) -> PResult<TypeCtor> {
        self.nest()?;
        let r = self.type_ctor_inner();
        self.unnest();
        r
    }

    fn type_ctor_inner(&mut self) -> PResult<TypeCtor> {
        let start = self.span();
        let attributes = if self.is_punct("@") || matches!(self.peek(), Tok::Doc(_)) {
            self.attributes()?
        } else {
            Vec::new()
        };
        let layout = if self.starts_inline_layout() {
            LayoutRef::Inline(Box::new(self.layout(attributes)?))
        } else if !attributes.is_empty() {
            return Err(Diagnostic::new(
                start,
                "attributes are only allowed before inline layouts here",
            ));
        } else {
            match self.peek().clone() {
                Tok::Number(n) => {
                    self.bump();
                    LayoutRef::Literal(if n.contains('.') {
                        Literal::Float(n)
                    } else {
                        Literal::Int(n)
                    })
                }
                Tok::Ident(_) => LayoutRef::Named(self.compound()?),
                _ => return self.error("a type"),
            }
        };
        let mut params = Vec::new();
        if self.eat_punct("<") {
            loop {
                params.push(self.type_ctor()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(">")?;
        }
        let mut constraints = Vec::new();
        if self.eat_punct(":") {
            if self.eat_punct("<") {
                loop {
                    constraints.push(self.constant()?);
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                self.expect_punct(">")?;
            } else {
                constraints.push(self.constant()?);
            }
        }
        Ok(TypeCtor {
            layout,
            params,
            constraints,
            span: start.to(self.prev_span()),
        })
    }

    fn layout(&mut self, attributes: Attributes) -> PResult<Layout> {
        let start = self.span();
        let mut modifiers = Vec::new();
        let kind = loop {
            let n = self.name()?;
            match n.text.as_str() {
                "struct" => break LayoutKind::Struct,
                "table" => break LayoutKind::Table,
                "union" => break LayoutKind::Union,
                "enum" => break LayoutKind::Enum,
                "bits" => break LayoutKind::Bits,
                "overlay" => break LayoutKind::Overlay,
                _ => {
                    if modifiers.iter().any(|m: &Name| m.text == n.text) {
                        return Err(Diagnostic::new(
                            n.span,
                            format!("duplicate modifier `{}`", n.text),
                        ));
                    }
                    modifiers.push(n)
                }
            }
        };
        let subtype = if self.eat_punct(":") {
            Some(Box::new(self.type_ctor()?))
        } else {
            None
        };
        self.expect_punct("{")?;
        let mut members = Vec::new();
        while !self.is_punct("}") {
            members.push(self.member(kind)?);
        }
        self.bump();
        Ok(Layout {
            attributes,
            modifiers,
            kind,
            subtype,
            members,
            span: start.to(self.prev_span()),
        })
    }

    fn member(&mut self, kind: LayoutKind) -> PResult<Member> {
        let attributes = self.attributes()?;
        let start = self.span();
        let m = match kind {
            LayoutKind::Struct => {
                let name = self.name()?;
                let ty = self.type_ctor()?;
                let value = if self.eat_punct("=") {
                    Some(self.constant()?)
                } else {
                    None
                };
                Member {
                    attributes,
                    ordinal: None,
                    name,
                    ty: Some(ty),
                    value,
                    reserved: false,
                    span: start,
                }
            }
            LayoutKind::Table | LayoutKind::Union | LayoutKind::Overlay => {
                let Tok::Number(n) = self.peek().clone() else {
                    return self.error("an ordinal (`1:`)");
                };
                let ospan = self.bump().span;
                let ordinal = parse_int(&n)
                    .and_then(|v| u64::try_from(v).ok())
                    .ok_or_else(|| Diagnostic::new(ospan, format!("invalid ordinal `{n}`")))?;
                self.expect_punct(":")?;
                let name = self.name()?;
                if name.text == "reserved" && self.is_punct(";") {
                    Member {
                        attributes,
                        ordinal: Some((ordinal, ospan)),
                        name,
                        ty: None,
                        value: None,
                        reserved: true,
                        span: start,
                    }
                } else {
                    let ty = self.type_ctor()?;
                    Member {
                        attributes,
                        ordinal: Some((ordinal, ospan)),
                        name,
                        ty: Some(ty),
                        value: None,
                        reserved: false,
                        span: start,
                    }
                }
            }
            LayoutKind::Enum | LayoutKind::Bits => {
                let name = self.name()?;
                self.expect_punct("=")?;
                let value = self.constant()?;
                Member {
                    attributes,
                    ordinal: None,
                    name,
                    ty: None,
                    value: Some(value),
                    reserved: false,
                    span: start,
                }
            }
        };
        self.expect_punct(";")?;
        Ok(Member {
            span: start.to(self.prev_span()),
            ..m
        })
    }

    // ------------------------------------------------------------------ constants

    fn constant(&mut self) -> PResult<Constant> {
        self.nest()?;
        let r = self.constant_inner();
        self.unnest();
        r
    }

    fn constant_inner(&mut self) -> PResult<Constant> {
        let mut left = self.constant_atom()?;
        while self.eat_punct("|") {
            let right = self.constant_atom()?;
            let span = left.span().to(right.span());
            left = Constant::Or(Box::new(left), Box::new(right), span);
        }
        Ok(left)
    }

    fn constant_atom(&mut self) -> PResult<Constant> {
        let start = self.span();
        match self.peek().clone() {
            Tok::Punct("(") => {
                self.bump();
                let c = self.constant()?;
                self.expect_punct(")")?;
                Ok(c)
            }
            Tok::Punct("-") => {
                self.bump();
                let Tok::Number(n) = self.peek().clone() else {
                    return self.error("a number after `-`");
                };
                let span = start.to(self.bump().span);
                Ok(Constant::Literal(
                    if n.contains('.') {
                        Literal::Float(format!("-{n}"))
                    } else {
                        Literal::Int(format!("-{n}"))
                    },
                    span,
                ))
            }
            Tok::Number(n) => {
                let span = self.bump().span;
                Ok(Constant::Literal(
                    if n.contains('.') {
                        Literal::Float(n)
                    } else {
                        Literal::Int(n)
                    },
                    span,
                ))
            }
            Tok::Str(s) => {
                let span = self.bump().span;
                Ok(Constant::Literal(Literal::Str(s), span))
            }
            Tok::Ident(i) if i == "true" || i == "false" => {
                let span = self.bump().span;
                Ok(Constant::Literal(Literal::Bool(i == "true"), span))
            }
            Tok::Ident(_) => Ok(Constant::Ident(self.compound()?)),
            _ => self.error("a constant"),
        }
    }
}

/// Parses an integer literal (decimal, `0x`, `0b`, optional leading `-`) into an i128.
pub fn parse_int(text: &str) -> Option<i128> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let body = body.replace('_', "");
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        i128::from_str_radix(b, 2).ok()?
    } else {
        if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        body.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}
