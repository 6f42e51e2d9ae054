//! The FIDL lexer. Keywords are contextual, so they lex as identifiers.

use crate::diagnostic::{Diagnostic, Span};

/// Token kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier (also every keyword).
    Ident(String),
    /// A numeric literal as written (without sign).
    Number(String),
    /// A string literal, unescaped.
    Str(String),
    /// A `///` doc comment line (text after the slashes).
    Doc(String),
    /// Punctuation: one of `{ } ( ) [ ] < > ; : , = | & . @ - ->`.
    Punct(&'static str),
    /// End of input.
    Eof,
}

/// A token with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The kind.
    pub tok: Tok,
    /// Where.
    pub span: Span,
}

const PUNCT: &[&str] = &[
    "->", "{", "}", "(", ")", "[", "]", "<", ">", ";", ":", ",", "=", "|", "&", ".", "@", "-",
];

/// Splits `text` (file index `file`) into tokens.
pub fn lex(file: usize, text: &str) -> Result<Vec<Token>, Diagnostic> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let span = |start: usize, end: usize| Span { file, start, end };
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if text[i..].starts_with("//") {
            let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            if text[i..].starts_with("///") && !text[i..].starts_with("////") {
                out.push(Token {
                    tok: Tok::Doc(text[i + 3..end].to_string()),
                    span: span(i, end),
                });
            }
            i = end;
            continue;
        }
        if text[i..].starts_with("/*") {
            let Some(n) = text[i + 2..].find("*/") else {
                return Err(Diagnostic::new(
                    span(i, i + 2),
                    "unterminated block comment",
                ));
            };
            i += n + 4;
            continue;
        }
        let start = i;
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident(text[start..i].to_string()),
                span: span(start, i),
            });
            continue;
        }
        if c.is_ascii_digit() {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
            {
                // A '.' belongs to the number only when a digit follows (floats like 1.5).
                if bytes[i] == b'.' && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                // Exponent signs: 1e-5 / 1.0E+3.
                if (bytes[i] == b'e' || bytes[i] == b'E')
                    && !text[start..i].starts_with("0x")
                    && matches!(bytes.get(i + 1), Some(b'+') | Some(b'-'))
                {
                    i += 2;
                    continue;
                }
                i += 1;
            }
            out.push(Token {
                tok: Tok::Number(text[start..i].to_string()),
                span: span(start, i),
            });
            continue;
        }
        if c == b'"' {
            let (s, end) = string_literal(text, i)
                .map_err(|(at, msg)| Diagnostic::new(span(at, at + 1), msg))?;
            out.push(Token {
                tok: Tok::Str(s),
                span: span(start, end),
            });
            i = end;
            continue;
        }
        if let Some(p) = PUNCT.iter().find(|p| text[i..].starts_with(**p)) {
            i += p.len();
            out.push(Token {
                tok: Tok::Punct(p),
                span: span(start, i),
            });
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or('?');
        return Err(Diagnostic::new(
            span(i, i + ch.len_utf8()),
            format!("unexpected character `{ch}`"),
        ));
    }
    out.push(Token {
        tok: Tok::Eof,
        span: span(bytes.len(), bytes.len()),
    });
    Ok(out)
}

/// Parses a string literal starting at the quote at `start`; returns the value and the end.
fn string_literal(text: &str, start: usize) -> Result<(String, usize), (usize, String)> {
    let mut out = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((off, c)) = chars.next() {
        let at = start + 1 + off;
        match c {
            '"' => return Ok((out, at + 1)),
            '\n' => return Err((start, "unterminated string literal".into())),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '"')) => out.push('"'),
                Some((_, 'u')) => {
                    let rest = &text[start + 1..];
                    let Some((o, '{')) = chars.next() else {
                        return Err((at, "expected `{` after `\\u`".into()));
                    };
                    let close = rest[o..]
                        .find('}')
                        .ok_or((at, "unterminated `\\u{...}` escape".to_string()))?;
                    let hex = &rest[o + 1..o + close];
                    let ch = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                    out.push(ch.ok_or((at, format!("invalid unicode escape `\\u{{{hex}}}`")))?);
                    for _ in 0..close {
                        chars.next();
                    }
                }
                _ => return Err((at, "invalid escape sequence".into())),
            },
            c => out.push(c),
        }
    }
    Err((start, "unterminated string literal".into()))
}
