//! Protocols: `compose`, methods and events, and their payloads (`fidl-checks.md` §3.2).

use super::ast::*;
use super::lexer::Tok;
use super::parser::{PResult, Parser};
use crate::diagnostic::Diagnostic;
use crate::ids;

impl Parser {
    pub(super) fn protocol(
        &mut self,
        attributes: Attributes,
        modifiers: Vec<Modifier>,
    ) -> PResult<Decl> {
        let name = self.name()?;
        self.expect_punct("{")?;
        let mut composes = Vec::new();
        let mut methods = Vec::new();
        while !self.is_punct("}") && *self.peek() != Tok::Eof {
            let start = self.pos;
            match self.protocol_member() {
                Ok(Ok(c)) => composes.push(c),
                Ok(Err(m)) => methods.push(m),
                Err(d) => self.recover(start, d),
            }
        }
        self.expect_punct("}")?;
        Ok(Decl::Protocol {
            attributes,
            modifiers,
            name,
            composes,
            methods,
        })
    }

    /// True when the `(` after a modifier keyword opens its availability (`strict(added=2)`)
    /// rather than a method's payload (a method named `strict`).
    pub(super) fn modifier_parens_follow(&self) -> bool {
        matches!(self.peek_at(1), Tok::Punct("("))
            && (matches!(self.peek_at(2), Tok::Punct(")"))
                || (matches!(self.peek_at(2), Tok::Ident(_))
                    && matches!(self.peek_at(3), Tok::Punct("="))))
    }

    pub(super) fn protocol_member(&mut self) -> PResult<Result<Compose, Method>> {
        let attributes = self.attributes()?;
        let start = self.span();
        if self.is_ident("compose") && matches!(self.peek_at(1), Tok::Ident(_)) {
            self.bump();
            let protocol = self.compound()?;
            self.expect_punct(";")?;
            return Ok(Ok(Compose {
                attributes,
                protocol,
                span: start.to(self.prev_span()),
            }));
        }
        // `strict`/`flexible` modifiers, each possibly versioned.
        let mut modifiers = Vec::new();
        loop {
            let is_modifier = (self.is_ident("strict") || self.is_ident("flexible"))
                && (matches!(self.peek_at(1), Tok::Ident(_) | Tok::Punct("->"))
                    || self.modifier_parens_follow());
            if !is_modifier {
                break;
            }
            modifiers.push(self.modifier()?);
        }
        let is_event = self.eat_punct("->");
        let valid =
            matches!(self.peek(), Tok::Ident(_)) && matches!(self.peek_at(1), Tok::Punct("("));
        if !valid {
            return Err(Diagnostic::error(
                ids::INVALID_PROTOCOL_MEMBER,
                self.span(),
                format!(
                    "unexpected {} in a protocol: expected a method, an event or `compose`",
                    Self::describe(self.peek())
                ),
            ));
        }
        let name = self.name()?;
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
        Ok(Err(Method {
            attributes,
            modifiers,
            name,
            is_event,
            request,
            response,
            error,
            span: start.to(self.prev_span()),
        }))
    }

    pub(super) fn payload(&mut self) -> PResult<Option<TypeCtor>> {
        self.expect_punct("(")?;
        if let Tok::Doc(_) = self.peek() {
            // Not fatal: report, skip the comment and read the payload.
            self.diags.push(Diagnostic::error(
                ids::DOC_COMMENT_ON_PARAMETERS,
                self.span(),
                "doc comments are not allowed on method payloads; document the method",
            ));
            while let Tok::Doc(_) = self.peek() {
                self.bump();
            }
        }
        if self.eat_punct(")") {
            return Ok(None);
        }
        let t = self.type_ctor()?;
        self.expect_punct(")")?;
        Ok(Some(t))
    }
}
