//! The parser, continued: attributes, modifiers, type constructors, layouts, members and
//! constants.

use super::ast::*;
use super::lexer::Tok;
use super::parser::{MODIFIERS, PResult, Parser, cannot_specify, parse_int};
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;

impl Parser {
    // ------------------------------------------------------------------ attributes

    /// Doc comments and `@attributes` before an element; consecutive `///` lines become one
    /// `doc` attribute.
    pub(super) fn attributes(&mut self) -> PResult<Attributes> {
        let mut out: Attributes = Vec::new();
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
                    if let Some((text, span)) = doc.take() {
                        out.push(doc_attribute(text, span));
                    }
                    out.push(self.attribute()?);
                }
                _ => break,
            }
        }
        if let Some((text, span)) = doc {
            out.push(doc_attribute(text, span));
        }
        Ok(out)
    }

    fn attribute(&mut self) -> PResult<Attribute> {
        let start = self.bump().span;
        let name = self.name()?;
        let args = if self.is_punct("(") {
            self.attribute_args()?
        } else {
            Vec::new()
        };
        Ok(Attribute {
            name,
            args,
            doc_comment: false,
            span: start.to(self.prev_span()),
        })
    }

    /// `( [name =] value, ... )`.
    fn attribute_args(&mut self) -> PResult<Vec<AttributeArg>> {
        let open = self.bump().span;
        if self.is_punct(")") {
            let close = self.bump().span;
            return Err(Diagnostic::error(
                ids::ATTRIBUTE_WITH_EMPTY_PARENS,
                open.to(close),
                "empty parentheses: omit them, or give arguments",
            ));
        }
        let mut args = Vec::new();
        loop {
            let start = self.span();
            let named = matches!(self.peek_at(1), Tok::Punct("="))
                || (matches!(self.peek_at(1), Tok::Punct("."))
                    && matches!(self.peek(), Tok::Ident(_)));
            let name = if named && matches!(self.peek_at(1), Tok::Punct("=")) {
                match self.peek().clone() {
                    Tok::Ident(_) => {
                        let n = self.name()?;
                        self.bump();
                        Some(n)
                    }
                    _ => {
                        return Err(Diagnostic::error(
                            ids::INVALID_IDENTIFIER,
                            self.span(),
                            "an attribute argument name must be a plain identifier",
                        ));
                    }
                }
            } else if named {
                // `a.b = ...`: a dotted argument name.
                let c = self.compound()?;
                if self.is_punct("=") {
                    return Err(Diagnostic::error(
                        ids::INVALID_IDENTIFIER,
                        c.span,
                        "an attribute argument name must be a plain identifier",
                    ));
                }
                args.push(AttributeArg {
                    name: None,
                    value: self.constant_rest(Constant::Ident(c))?,
                    span: start.to(self.prev_span()),
                });
                if !self.eat_punct(",") {
                    break;
                }
                continue;
            } else {
                None
            };
            if name.is_none()
                && matches!(self.peek(), Tok::Str(_))
                && matches!(self.peek_at(1), Tok::Punct("="))
            {
                return Err(Diagnostic::error(
                    ids::INVALID_IDENTIFIER,
                    self.span(),
                    "an attribute argument name must be a plain identifier",
                ));
            }
            let value = self.constant()?;
            args.push(AttributeArg {
                name,
                value,
                span: start.to(self.prev_span()),
            });
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")")?;
        if args.len() > 1 && args.iter().any(|a| a.name.is_none()) {
            return Err(Diagnostic::error(
                ids::ATTRIBUTE_ARGS_MUST_ALL_BE_NAMED,
                open.to(self.prev_span()),
                "with several arguments, every argument must be named",
            ));
        }
        Ok(args)
    }

    // ------------------------------------------------------------------ modifiers

    /// Modifier keywords (each with an optional availability) at the current position.
    pub(super) fn modifiers(&mut self) -> PResult<Vec<Modifier>> {
        let mut out = Vec::new();
        while let Tok::Ident(s) = self.peek() {
            if !MODIFIERS.contains(&s.as_str()) {
                break;
            }
            // A modifier is followed by another word, or by its availability in parentheses.
            if !matches!(self.peek_at(1), Tok::Ident(_)) && !self.modifier_parens_follow() {
                break;
            }
            out.push(self.modifier()?);
        }
        Ok(out)
    }

    pub(super) fn modifier(&mut self) -> PResult<Modifier> {
        let name = self.name()?;
        let availability = if self.is_punct("(") {
            let args = self.attribute_args()?;
            Some(Attribute {
                name: Name {
                    text: "available".into(),
                    span: name.span,
                },
                args,
                doc_comment: false,
                span: name.span.to(self.prev_span()),
            })
        } else {
            None
        };
        Ok(Modifier { name, availability })
    }

    // ------------------------------------------------------------------ types

    /// True when the tokens ahead start an inline layout: modifiers, then a layout keyword (or
    /// any other word, `fi-0012`) followed by `{` or `:`.
    fn starts_inline_layout(&self) -> bool {
        let mut n = 0;
        while let Tok::Ident(s) = self.peek_at(n) {
            if MODIFIERS.contains(&s.as_str()) && matches!(self.peek_at(n + 1), Tok::Ident(_)) {
                n += 1;
                continue;
            }
            if MODIFIERS.contains(&s.as_str()) && matches!(self.peek_at(n + 1), Tok::Punct("(")) {
                // `strict(added=2) union`: skip the parenthesized availability.
                let mut k = n + 2;
                while !matches!(self.peek_at(k), Tok::Punct(")") | Tok::Eof) {
                    k += 1;
                }
                n = k + 1;
                continue;
            }
            let next = self.peek_at(n + 1);
            // `struct {`, `record {` (fi-0012), or `enum : uint8 {` (an underlying type,
            // possibly misplaced on another kind, fi-0031).
            return matches!(next, Tok::Punct("{"))
                || (matches!(next, Tok::Punct(":")) && LayoutKind::from_keyword(s).is_some());
        }
        false
    }

    pub(super) fn type_ctor(&mut self) -> PResult<TypeCtor> {
        self.nest()?;
        let r = self.type_ctor_inner();
        self.unnest();
        r
    }

    fn type_ctor_inner(&mut self) -> PResult<TypeCtor> {
        let start = self.span();
        let attributes = self.attributes()?;
        let layout = if self.starts_inline_layout() {
            LayoutRef::Inline(Box::new(self.layout(attributes)?))
        } else {
            if let (Some(first), Some(last)) = (attributes.first(), attributes.last()) {
                return Err(Diagnostic::error(
                    ids::CANNOT_ATTACH_ATTRIBUTE_TO_IDENTIFIER,
                    first.span.to(last.span),
                    "attributes can only precede inline layouts here, not a named type",
                ));
            }
            for m in self.modifiers()? {
                self.diags.push(cannot_specify(&m.name, "a named type"));
            }
            match self.peek().clone() {
                Tok::Number(n) => {
                    self.bump();
                    LayoutRef::Literal(Literal::Number(n))
                }
                Tok::Str(s) => {
                    self.bump();
                    LayoutRef::Literal(Literal::Str(s))
                }
                Tok::Ident(_) => {
                    let c = self.compound()?;
                    if self.is_punct("{") {
                        return Err(Diagnostic::error(
                            ids::INVALID_LAYOUT_CLASS,
                            c.span,
                            format!(
                                "`{}` is not a layout: use `struct`, `table`, `union`, `enum` or `bits`",
                                c.dotted()
                            ),
                        ));
                    }
                    LayoutRef::Named(c)
                }
                _ => return self.expected("a type"),
            }
        };
        let mut params = Vec::new();
        let mut params_span = None;
        if self.is_punct("<") {
            let open = self.bump().span;
            loop {
                params.push(self.type_ctor()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(">")?;
            params_span = Some(open.to(self.prev_span()));
        }
        let mut constraints = Vec::new();
        if self.eat_punct(":") {
            self.constraint_group(&mut constraints)?;
            if self.is_punct(":") {
                return Err(Diagnostic::error(
                    ids::MULTIPLE_CONSTRAINT_DEFINITIONS,
                    self.span(),
                    "a type takes one constraint list: write `:<a, b>`",
                ));
            }
        }
        Ok(TypeCtor {
            layout,
            params,
            params_span,
            constraints,
            span: start.to(self.prev_span()),
        })
    }

    /// The type after `enum :`, `bits :` or `resource_definition NAME :`: a name, never an
    /// inline layout, since the `{` after it opens the declaration's body.
    pub(super) fn underlying_type(&mut self) -> PResult<TypeCtor> {
        let c = self.compound()?;
        Ok(TypeCtor {
            span: c.span,
            layout: LayoutRef::Named(c),
            params: Vec::new(),
            params_span: None,
            constraints: Vec::new(),
        })
    }

    fn constraint_group(&mut self, out: &mut Vec<Constant>) -> PResult<()> {
        if self.eat_punct("<") {
            loop {
                out.push(self.constant()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(">")?;
        } else {
            out.push(self.constant()?);
        }
        Ok(())
    }

    fn layout(&mut self, attributes: Attributes) -> PResult<Layout> {
        let start = self.span();
        let modifiers = self.modifiers()?;
        let kw = self.name()?;
        let kind = match LayoutKind::from_keyword(&kw.text) {
            Some(k) => k,
            None => {
                return Err(Diagnostic::error(
                    ids::INVALID_LAYOUT_CLASS,
                    kw.span,
                    format!(
                        "`{}` is not a layout: use `struct`, `table`, `union`, `enum` or `bits`",
                        kw.text
                    ),
                ));
            }
        };
        for m in &modifiers {
            let allowed = match kind {
                LayoutKind::Struct | LayoutKind::Table => m.name.text == "resource",
                LayoutKind::Union => {
                    matches!(m.name.text.as_str(), "strict" | "flexible" | "resource")
                }
                LayoutKind::Enum | LayoutKind::Bits | LayoutKind::Overlay => {
                    matches!(m.name.text.as_str(), "strict" | "flexible")
                        || (kind == LayoutKind::Overlay && m.name.text == "resource")
                }
            };
            if !allowed {
                self.diags
                    .push(cannot_specify(&m.name, &format!("a {}", kind.keyword())));
            }
        }
        let subtype = if self.is_punct(":") {
            let colon = self.bump().span;
            if let Tok::Number(_) = self.peek() {
                return Err(Diagnostic::error(
                    ids::INVALID_WRAPPED_TYPE,
                    self.span(),
                    "the underlying type must be a type name, not a number",
                ));
            }
            let t = self.underlying_type()?;
            if !matches!(kind, LayoutKind::Enum | LayoutKind::Bits) {
                self.diags.push(Diagnostic::error(
                    ids::CANNOT_SPECIFY_SUBTYPE,
                    colon.to(t.span),
                    format!("a {} cannot have an underlying type", kind.keyword()),
                ));
            }
            Some(Box::new(t))
        } else {
            None
        };
        self.expect_punct("{")?;
        let mut members = Vec::new();
        while !self.is_punct("}") && *self.peek() != Tok::Eof {
            let start = self.pos;
            match self.member(kind) {
                Ok(m) => members.push(m),
                Err(d) => self.recover(start, d),
            }
        }
        self.expect_punct("}")?;
        // fidlc refuses `N: reserved;` (fi-0209); the upstream files still use it, so it is
        // accepted with one warning per layout.
        let reserved: Vec<&Member> = members.iter().filter(|m| m.reserved).collect();
        if let Some(first) = reserved.first() {
            self.diags.push(Diagnostic::warning(
                ids::RESERVED_NOT_ALLOWED,
                first.span,
                format!(
                    "`reserved` members are deprecated ({} in this {}); remove members with `@available(removed=…)` instead",
                    reserved.len(),
                    kind.keyword()
                ),
            ));
        }
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
        let mut m = Member {
            attributes,
            ordinal: None,
            name: Name {
                text: String::new(),
                span: start,
            },
            ty: None,
            value: None,
            reserved: false,
            span: start,
        };
        match kind {
            LayoutKind::Struct => {
                m.name = self.name()?;
                m.ty = Some(self.type_ctor()?);
                if self.eat_punct("=") {
                    m.value = Some(self.constant()?);
                }
            }
            LayoutKind::Table | LayoutKind::Union | LayoutKind::Overlay => {
                let Tok::Number(n) = self.peek().clone() else {
                    return Err(Diagnostic::error(
                        ids::MISSING_ORDINAL_BEFORE_MEMBER,
                        self.span(),
                        format!(
                            "a {} member needs an ordinal: `1: name Type;`",
                            kind.keyword()
                        ),
                    ));
                };
                let ospan = self.bump().span;
                let ordinal = self.ordinal(&n, ospan);
                self.expect_punct(":")?;
                m.ordinal = Some((ordinal, ospan));
                m.name = self.name()?;
                if m.name.text == "reserved" && self.is_punct(";") {
                    // Warned about once per layout, by `layout`.
                    m.reserved = true;
                } else {
                    m.ty = Some(self.type_ctor()?);
                }
            }
            LayoutKind::Enum | LayoutKind::Bits => {
                m.name = self.name()?;
                self.expect_punct("=")?;
                m.value = Some(self.constant()?);
            }
        }
        self.expect_punct(";")?;
        m.span = start.to(self.prev_span());
        Ok(m)
    }

    /// An ordinal as fidlc reads it (C `strtoull`: a negative value wraps to a huge one);
    /// out-of-range and zero ordinals are reported and kept.
    fn ordinal(&mut self, text: &str, span: Span) -> u64 {
        let value = parse_int(text);
        let wrapped = match value {
            Some(v) if v < 0 => Some(u64::MAX as i128 + 1 + v),
            v => v,
        };
        match wrapped {
            Some(0) => {
                self.diags.push(Diagnostic::error(
                    ids::ORDINALS_MUST_START_AT_ONE,
                    span,
                    "ordinals start at 1",
                ));
                0
            }
            Some(v) if v <= u32::MAX as i128 => v as u64,
            _ => {
                self.diags.push(Diagnostic::error(
                    ids::ORDINAL_OUT_OF_BOUND,
                    span,
                    format!("ordinal `{text}` is out of range (at most 4294967295)"),
                ));
                u64::MAX
            }
        }
    }

    // ------------------------------------------------------------------ constants

    pub(super) fn constant(&mut self) -> PResult<Constant> {
        self.nest()?;
        let r = self.constant_atom().and_then(|c| self.constant_rest(c));
        self.unnest();
        r
    }

    /// `| b | c ...` after `left`.
    fn constant_rest(&mut self, mut left: Constant) -> PResult<Constant> {
        while self.eat_punct("|") {
            let right = self.constant_atom()?;
            let span = left.span().to(right.span());
            left = Constant::Or(Box::new(left), Box::new(right), span);
        }
        Ok(left)
    }

    fn constant_atom(&mut self) -> PResult<Constant> {
        match self.peek().clone() {
            Tok::Punct("(") => {
                self.bump();
                let c = self.constant()?;
                self.expect_punct(")")?;
                Ok(c)
            }
            Tok::Number(n) => {
                let span = self.bump().span;
                Ok(Constant::Literal(Literal::Number(n), span))
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
            _ => self.unexpected(),
        }
    }
}

fn doc_attribute(text: String, span: Span) -> Attribute {
    Attribute {
        name: Name {
            text: "doc".into(),
            span,
        },
        args: vec![AttributeArg {
            name: None,
            value: Constant::Literal(Literal::Str(text), span),
            span,
        }],
        doc_comment: true,
        span,
    }
}
