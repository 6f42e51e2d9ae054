//! Recursive-descent parser for one `.fidl` file: the file and its declarations
//! (`fidl-checks.md` §3.2). Types, layouts, constants and attributes are in
//! `parse_types`, protocol bodies in `parse_protocols`.
//!
//! After an error the parser skips to the end of the member or declaration it was in and goes
//! on, so one mistake gives one diagnostic, not a cascade; nesting is bounded so hostile input
//! cannot exhaust the stack.

use super::ast::*;
use super::lexer::{Tok, Token, lex};
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;

/// Deepest nesting of type constructors, layouts and constants the parser accepts.
pub const MAX_NESTING: usize = 64;

/// Parses file `file` with contents `text`. Returns the file when its structure could be
/// read, and every diagnostic (lexing and parsing errors, doc-comment warnings).
pub fn parse(file: usize, text: &str) -> (Option<File>, Vec<Diagnostic>) {
    let (tokens, diags) = lex(file, text);
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        diags,
    };
    let f = p.file();
    let mut diags = p.diags;
    let f = match f {
        Ok(f) => Some(f),
        Err(d) => {
            if diags
                .last()
                .is_none_or(|last| last.span.start != d.span.start)
            {
                diags.push(d);
            }
            None
        }
    };
    (f, diags)
}

pub(super) struct Parser {
    tokens: Vec<Token>,
    pub(super) pos: usize,
    depth: usize,
    /// Errors that do not stop the parse (bad names, bad ordinals, …) and warnings.
    pub(super) diags: Vec<Diagnostic>,
}

pub(super) type PResult<T> = Result<T, Diagnostic>;

/// Modifier keywords; which ones a construct accepts is checked where it is parsed.
pub(super) const MODIFIERS: &[&str] = &["strict", "flexible", "resource", "open", "ajar", "closed"];

impl Parser {
    pub(super) fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    pub(super) fn peek_at(&self, n: usize) -> &Tok {
        &self.tokens[(self.pos + n).min(self.tokens.len() - 1)].tok
    }

    pub(super) fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    pub(super) fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    pub(super) fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    pub(super) fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    pub(super) fn is_ident(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Ident(i) if i == s)
    }

    pub(super) fn eat_punct(&mut self, p: &str) -> bool {
        let found = self.is_punct(p);
        if found {
            self.bump();
        }
        found
    }

    pub(super) fn describe(tok: &Tok) -> String {
        match tok {
            Tok::Ident(s) => format!("identifier `{s}`"),
            Tok::Number(n) => format!("number `{n}`"),
            Tok::Str(_) => "string literal".into(),
            Tok::Doc(_) => "doc comment".into(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Eof => "end of file".into(),
        }
    }

    /// `fi-0008`: a specific token kind was required.
    pub(super) fn expected<T>(&self, what: &str) -> PResult<T> {
        Err(Diagnostic::error(
            ids::UNEXPECTED_TOKEN_OF_KIND,
            self.span(),
            format!(
                "unexpected {}, expected {what}",
                Self::describe(self.peek())
            ),
        ))
    }

    /// `fi-0007`: no single token kind was expected.
    pub(super) fn unexpected<T>(&self) -> PResult<T> {
        Err(Diagnostic::error(
            ids::UNEXPECTED_TOKEN,
            self.span(),
            format!("unexpected {}", Self::describe(self.peek())),
        ))
    }

    pub(super) fn expect_punct(&mut self, p: &str) -> PResult<Span> {
        if self.is_punct(p) {
            Ok(self.bump().span)
        } else {
            self.expected(&format!("`{p}`"))
        }
    }

    /// A required keyword: `fi-0009` when another identifier stands there.
    pub(super) fn expect_keyword(&mut self, k: &str) -> PResult<Span> {
        match self.peek() {
            Tok::Ident(i) if i == k => Ok(self.bump().span),
            Tok::Ident(i) => Err(Diagnostic::error(
                ids::UNEXPECTED_IDENTIFIER,
                self.span(),
                format!("unexpected identifier `{i}`, expected `{k}`"),
            )),
            _ => self.expected(&format!("`{k}`")),
        }
    }

    /// An identifier; names that break the identifier rule are reported (`fi-0010`) and kept.
    pub(super) fn name(&mut self) -> PResult<Name> {
        match self.peek().clone() {
            Tok::Ident(text) => {
                let span = self.bump().span;
                if !crate::names::is_valid_identifier(&text) {
                    self.diags.push(Diagnostic::error(
                        ids::INVALID_IDENTIFIER,
                        span,
                        format!(
                            "invalid identifier `{text}`: identifiers start with a letter, hold letters, digits and `_`, and do not end with `_`"
                        ),
                    ));
                }
                Ok(Name { text, span })
            }
            _ => self.expected("an identifier"),
        }
    }

    pub(super) fn compound(&mut self) -> PResult<Compound> {
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

    pub(super) fn nest(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Diagnostic::new(
                self.span(),
                format!("nesting deeper than {MAX_NESTING} levels"),
            ));
        }
        Ok(())
    }

    pub(super) fn unnest(&mut self) {
        self.depth -= 1;
    }

    /// Records `d` and skips to the end of the current element: past the next `;` at this
    /// nesting level, or up to (not past) the `}` that closes the enclosing body.
    /// `start` is where the failed element began: a closer met before anything of the element
    /// was consumed is stray and is skipped, or the caller would fail at it forever.
    pub(super) fn recover(&mut self, start: usize, d: Diagnostic) {
        // One mistake, one error: an error where the previous one was (typically the end of
        // the file, closing several constructs at once) adds nothing.
        if self
            .diags
            .last()
            .is_none_or(|last| last.span.start != d.span.start)
        {
            self.diags.push(d);
        }
        // The nesting at the error, counted from the element's start, so that skipping ends
        // at the element's own `;`, not at one inside a body it opened.
        let mut depth = 0usize;
        for t in &self.tokens[start..self.pos] {
            match t.tok {
                Tok::Punct("{" | "(") => depth += 1,
                Tok::Punct("}" | ")") => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        loop {
            match self.peek() {
                Tok::Eof => return,
                Tok::Punct("{" | "(") => depth += 1,
                // A closer that ends the enclosing construct is left to it, unless nothing was
                // consumed: then it is stray, and leaving it would fail at it forever.
                Tok::Punct("}" | ")") if depth == 0 && self.pos != start => return,
                Tok::Punct("}" | ")") if depth == 0 => {} // stray: skip it
                Tok::Punct("}" | ")") => depth -= 1,
                Tok::Punct(";") if depth == 0 => {
                    self.bump();
                    return;
                }
                _ => {}
            }
            self.bump();
        }
    }

    // ------------------------------------------------------------------ file

    fn file(&mut self) -> PResult<File> {
        let attributes = self.attributes()?;
        self.expect_keyword("library")?;
        let library = self.compound()?;
        for part in &library.parts {
            if !crate::names::is_valid_library_component(&part.text) {
                self.diags.push(Diagnostic::error(
                    ids::INVALID_LIBRARY_NAME_COMPONENT,
                    part.span,
                    format!(
                        "invalid library name component `{}`: use lower-case letters and digits, starting with a letter",
                        part.text
                    ),
                ));
            }
        }
        self.expect_punct(";")?;
        let mut usings = Vec::new();
        let mut decls = Vec::new();
        loop {
            let start = self.pos;
            let attrs = match self.attributes() {
                Ok(a) => a,
                Err(d) => {
                    self.recover(start, d);
                    continue;
                }
            };
            if *self.peek() == Tok::Eof {
                self.dangling(&attrs);
                break;
            }
            let r = if self.is_ident("using") {
                self.using(attrs, decls.is_empty()).map(|u| usings.push(u))
            } else {
                self.decl(attrs).map(|d| decls.push(d))
            };
            if let Err(d) = r {
                self.recover(start, d);
                if self.is_punct("}") || self.is_punct(")") {
                    self.bump(); // a stray closer at top level
                }
            }
        }
        Ok(File {
            attributes,
            library,
            usings,
            decls,
        })
    }

    /// Attributes followed by nothing: a lone doc comment is a warning, anything else an error.
    fn dangling(&mut self, attrs: &Attributes) {
        for a in attrs {
            if a.doc_comment {
                self.diags.push(Diagnostic::warning(
                    ids::DOC_COMMENT_MUST_BE_FOLLOWED_BY_DECLARATION,
                    a.span,
                    "a doc comment must be followed by a declaration",
                ));
            } else {
                self.diags.push(Diagnostic::error(
                    ids::UNEXPECTED_TOKEN_OF_KIND,
                    self.span(),
                    format!(
                        "unexpected end of file, expected a declaration after `@{}`",
                        a.name.text
                    ),
                ));
                return;
            }
        }
    }

    fn using(&mut self, attributes: Attributes, at_top: bool) -> PResult<Using> {
        let start = self.span();
        if !at_top {
            self.diags.push(Diagnostic::error(
                ids::LIBRARY_IMPORTS_MUST_BE_GROUPED_AT_TOP_OF_FILE,
                start,
                "`using` must come before the first declaration of the file",
            ));
        }
        self.bump();
        let library = self.compound()?;
        let alias = if self.is_ident("as") {
            self.bump();
            Some(self.name()?)
        } else {
            None
        };
        self.expect_punct(";")?;
        Ok(Using {
            attributes,
            library,
            alias,
            span: start.to(self.prev_span()),
        })
    }

    // ------------------------------------------------------------------ declarations

    fn decl(&mut self, attributes: Attributes) -> PResult<Decl> {
        let start = self.span();
        let Tok::Ident(kw) = self.peek().clone() else {
            return Err(Self::expected_declaration(start, self.peek()));
        };
        let decl = match kw.as_str() {
            "const" if matches!(self.peek_at(1), Tok::Ident(_)) => {
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
            "alias" if matches!(self.peek_at(1), Tok::Ident(_)) => {
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
            "type" if matches!(self.peek_at(1), Tok::Ident(_)) => {
                self.bump();
                let name = self.name()?;
                self.expect_punct("=")?;
                let ty = self.type_ctor()?;
                if let LayoutRef::Inline(layout) = &ty.layout
                    && !layout.attributes.is_empty()
                {
                    return Err(Diagnostic::error(
                        ids::ATTRIBUTE_INSIDE_TYPE_DECLARATION,
                        start.to(self.prev_span()),
                        "attributes of a `type` declaration go before `type`, not before its layout",
                    ));
                }
                Decl::Type {
                    attributes,
                    name,
                    ty,
                }
            }
            "service" if matches!(self.peek_at(1), Tok::Ident(_)) => {
                self.bump();
                let name = self.name()?;
                let members = self.named_members()?;
                Decl::Service {
                    attributes,
                    name,
                    members,
                }
            }
            "resource_definition" if matches!(self.peek_at(1), Tok::Ident(_)) => {
                self.bump();
                self.resource(attributes)?
            }
            _ => {
                let modifiers = self.modifiers()?;
                if !self.is_ident("protocol") {
                    // At the word after the modifiers: `strict union U {…}` fails at `union`.
                    return Err(Self::expected_declaration(self.span(), self.peek()));
                }
                for m in &modifiers {
                    if !matches!(m.name.text.as_str(), "open" | "ajar" | "closed") {
                        self.diags.push(cannot_specify(&m.name, "a protocol"));
                    }
                }
                self.bump();
                self.protocol(attributes, modifiers)?
            }
        };
        self.expect_punct(";")?;
        Ok(decl)
    }

    fn expected_declaration(span: Span, tok: &Tok) -> Diagnostic {
        Diagnostic::error(
            ids::EXPECTED_DECLARATION,
            span,
            format!(
                "expected a declaration (`using`, `alias`, `const`, `type`, `protocol`, `service` or `resource_definition`), found {}",
                Self::describe(tok)
            ),
        )
    }

    fn resource(&mut self, attributes: Attributes) -> PResult<Decl> {
        let name = self.name()?;
        let subtype = if self.eat_punct(":") {
            Some(self.underlying_type()?)
        } else {
            None
        };
        self.expect_punct("{")?;
        self.expect_keyword("properties")?;
        let open = self.span();
        let properties = self.named_members()?;
        if properties.is_empty() {
            self.diags.push(Diagnostic::error(
                ids::MUST_HAVE_ONE_PROPERTY,
                open,
                "a resource_definition must have at least one property",
            ));
        }
        self.expect_punct(";")?;
        self.expect_punct("}")?;
        Ok(Decl::Resource {
            attributes,
            name,
            subtype,
            properties,
        })
    }

    /// `{ [attrs] name Type; ... }`: service members and resource properties.
    fn named_members(&mut self) -> PResult<Vec<Member>> {
        self.expect_punct("{")?;
        let mut members = Vec::new();
        while !self.is_punct("}") && *self.peek() != Tok::Eof {
            let start = self.pos;
            match self.named_member() {
                Ok(m) => members.push(m),
                Err(d) => self.recover(start, d),
            }
        }
        self.expect_punct("}")?;
        Ok(members)
    }

    fn named_member(&mut self) -> PResult<Member> {
        let attributes = self.attributes()?;
        let name = self.name()?;
        let ty = self.type_ctor()?;
        self.expect_punct(";")?;
        let span = name.span.to(ty.span);
        Ok(Member {
            attributes,
            ordinal: None,
            name,
            ty: Some(ty),
            value: None,
            reserved: false,
            span,
        })
    }
}

/// `fi-0030` for modifier `m` on `what`.
pub(super) fn cannot_specify(m: &Name, what: &str) -> Diagnostic {
    Diagnostic::error(
        ids::CANNOT_SPECIFY_MODIFIER,
        m.span,
        format!("the modifier `{}` is not allowed on {what}", m.text),
    )
}

/// Parses an integer literal (decimal, `0x`/`0X` hex, `0b`/`0B` binary, `_` separators,
/// optional leading `-`) into an i128; `None` when the text is not such a literal.
pub fn parse_int(text: &str) -> Option<i128> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let body = body.replace('_', "");
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        if h.is_empty() {
            return None;
        }
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        if b.is_empty() {
            return None;
        }
        i128::from_str_radix(b, 2).ok()?
    } else {
        if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        body.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}
