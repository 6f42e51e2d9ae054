//! The FIDL lexer (`fidl-checks.md` §3.1). Keywords are contextual, so they lex as
//! identifiers. A byte that starts no token is reported (`fi-0001`) and skipped, so that one
//! stray character gives one diagnostic and the parser still sees the rest.

use crate::diagnostic::{Diagnostic, Span};
use crate::ids;

/// Token kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier (also every keyword).
    Ident(String),
    /// A numeric literal as written (a leading `-` included).
    Number(String),
    /// A string literal, escapes decoded.
    Str(String),
    /// A `///` doc comment line (text after the slashes).
    Doc(String),
    /// Punctuation: one of `{ } ( ) [ ] < > ; : , = | & . @ ? ->`.
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
    "->", "{", "}", "(", ")", "[", "]", "<", ">", ";", ":", ",", "=", "|", "&", ".", "@", "?",
];

/// Splits `text` (file index `file`) into tokens; the diagnostics are lexing errors and
/// doc-comment warnings.
pub fn lex(file: usize, text: &str) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut l = Lexer {
        text,
        bytes: text.as_bytes(),
        file,
        out: Vec::new(),
        diags: Vec::new(),
        gap: Gap::default(),
    };
    l.run();
    (l.out, l.diags)
}

/// What lies between the previous token and the next: for the doc-comment warnings.
#[derive(Default)]
struct Gap {
    /// A blank line was seen.
    blank_line: Option<usize>,
    /// An ordinary comment was seen.
    comment: Option<(usize, usize)>,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    file: usize,
    out: Vec<Token>,
    diags: Vec<Diagnostic>,
    gap: Gap,
}

impl Lexer<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            file: self.file,
            start,
            end,
        }
    }

    fn push(&mut self, tok: Tok, start: usize, end: usize) {
        if let Tok::Doc(_) = tok
            && matches!(
                self.out.last(),
                Some(Token {
                    tok: Tok::Doc(_),
                    ..
                })
            )
        {
            if let Some((s, e)) = self.gap.comment {
                self.diags.push(Diagnostic::warning(
                    ids::COMMENT_WITHIN_DOC_COMMENT_BLOCK,
                    self.span(s, e),
                    "an ordinary comment inside a doc comment block; write `///` or move it",
                ));
            } else if let Some(at) = self.gap.blank_line {
                self.diags.push(Diagnostic::warning(
                    ids::BLANK_LINES_WITHIN_DOC_COMMENT_BLOCK,
                    self.span(at, at),
                    "a blank line inside a doc comment block",
                ));
            }
        }
        self.gap = Gap::default();
        self.out.push(Token {
            tok,
            span: self.span(start, end),
        });
    }

    fn error(&mut self, id: &'static str, start: usize, end: usize, msg: impl Into<String>) {
        let span = self.span(start, end);
        self.diags.push(Diagnostic::error(id, span, msg));
    }

    fn run(&mut self) {
        let mut i = 0;
        let mut line_start = true;
        while i < self.bytes.len() {
            let c = self.bytes[i];
            if c == b'\n' {
                if line_start && self.gap.blank_line.is_none() {
                    self.gap.blank_line = Some(i);
                }
                line_start = true;
                i += 1;
                continue;
            }
            if matches!(c, b' ' | b'\t' | b'\r') {
                i += 1;
                continue;
            }
            line_start = false;
            // Byte comparisons: `i` may sit inside a multi-byte character.
            let rest = &self.bytes[i..];
            if rest.starts_with(b"//") {
                let end = rest
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(self.bytes.len(), |n| i + n);
                if rest.starts_with(b"///") && !rest.starts_with(b"////") {
                    self.push(Tok::Doc(self.text[i + 3..end].to_string()), i, end);
                } else if self.gap.comment.is_none() {
                    self.gap.comment = Some((i, end));
                }
                i = end;
                continue;
            }
            let start = i;
            if c.is_ascii_alphabetic() {
                while i < self.bytes.len()
                    && (self.bytes[i].is_ascii_alphanumeric() || self.bytes[i] == b'_')
                {
                    i += 1;
                }
                self.push(Tok::Ident(self.text[start..i].to_string()), start, i);
                continue;
            }
            // fidlc: a digit, or `-` not starting `->`, begins a numeric literal; its text is
            // validated only when the constant is resolved (`fidl-checks.md` §3.1).
            let number = c.is_ascii_digit() || (c == b'-' && self.bytes.get(i + 1) != Some(&b'>'));
            if number {
                i += 1;
                while i < self.bytes.len()
                    && (self.bytes[i].is_ascii_hexdigit()
                        || matches!(self.bytes[i], b'x' | b'X' | b'_' | b'.' | b'-'))
                {
                    // `->` after a number is the arrow, not part of the number.
                    if self.bytes[i] == b'-' && self.bytes.get(i + 1) == Some(&b'>') {
                        break;
                    }
                    i += 1;
                }
                self.push(Tok::Number(self.text[start..i].to_string()), start, i);
                continue;
            }
            if c == b'"' {
                let (value, end) = self.string_literal(i);
                self.push(Tok::Str(value), start, end);
                i = end;
                continue;
            }
            if let Some(p) = PUNCT.iter().find(|p| rest.starts_with(p.as_bytes())) {
                i += p.len();
                self.push(Tok::Punct(p), start, i);
                continue;
            }
            // One diagnostic per byte, as fidlc: a two-byte UTF-8 letter gives two.
            let shown = if c.is_ascii() {
                format!("`{}`", c as char)
            } else {
                format!("byte {c:#04x}")
            };
            self.error(
                ids::INVALID_CHARACTER,
                i,
                i + 1,
                format!("invalid character {shown}"),
            );
            i += 1;
        }
        let end = self.bytes.len();
        self.push(Tok::Eof, end, end);
    }

    /// Decodes the string literal whose quote is at `start`; returns its value and its end
    /// (after the closing quote, or at the end of input when unterminated).
    fn string_literal(&mut self, start: usize) -> (String, usize) {
        let mut out: Vec<u8> = Vec::new();
        let mut i = start + 1;
        while i < self.bytes.len() {
            let c = self.bytes[i];
            match c {
                b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
                b'\n' | b'\r' => {
                    self.error(
                        ids::UNEXPECTED_LINE_BREAK,
                        i,
                        i + 1,
                        "a line break inside a string literal",
                    );
                    out.push(c);
                    i += 1;
                }
                0x01..=0x1f => {
                    self.error(
                        ids::UNEXPECTED_CONTROL_CHARACTER,
                        i,
                        i + 1,
                        format!(
                            "control character {c:#04x} inside a string literal; write `\\u{{{c:x}}}`"
                        ),
                    );
                    i += 1;
                }
                b'\\' => i = self.escape(i, &mut out),
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        (String::from_utf8_lossy(&out).into_owned(), self.bytes.len())
    }

    /// Decodes the escape whose backslash is at `i` into `out`; returns where to go on.
    fn escape(&mut self, i: usize, out: &mut Vec<u8>) -> usize {
        let simple = match self.bytes.get(i + 1) {
            Some(b'\\') => Some(b'\\'),
            Some(b'"') => Some(b'"'),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            Some(b'u') => None,
            _ => {
                let end = (i + 2).min(self.bytes.len());
                self.error(
                    ids::INVALID_ESCAPE_SEQUENCE,
                    i,
                    end,
                    "invalid escape sequence; valid ones are \\\\ \\\" \\n \\r \\t and \\u{…}",
                );
                return end;
            }
        };
        if let Some(b) = simple {
            out.push(b);
            return i + 2;
        }
        // `\u{…}`
        if self.bytes.get(i + 2) != Some(&b'{') {
            self.error(
                ids::UNICODE_ESCAPE_MISSING_BRACES,
                i,
                i + 2,
                "`\\u` must be followed by `{hex digits}`",
            );
            return i + 2;
        }
        let mut j = i + 3;
        let mut value: u32 = 0;
        let mut digits = 0;
        loop {
            match self.bytes.get(j) {
                Some(b'}') => break,
                None | Some(b'"') => {
                    self.error(
                        ids::UNICODE_ESCAPE_UNTERMINATED,
                        i,
                        j,
                        "unterminated `\\u{…}` escape",
                    );
                    return j;
                }
                Some(d) if d.is_ascii_hexdigit() => {
                    digits += 1;
                    value = value.saturating_mul(16) + (*d as char).to_digit(16).unwrap_or(0);
                    j += 1;
                }
                Some(_) => {
                    self.error(
                        ids::INVALID_HEX_DIGIT,
                        j,
                        j + 1,
                        "invalid hex digit in `\\u{…}`",
                    );
                    j += 1;
                    digits += 1;
                }
            }
        }
        let end = j + 1;
        if digits == 0 {
            self.error(ids::UNICODE_ESCAPE_EMPTY, i, end, "empty `\\u{}` escape");
        } else if digits > 6 {
            self.error(
                ids::UNICODE_ESCAPE_TOO_LONG,
                i,
                end,
                "a `\\u{…}` escape has at most six hex digits",
            );
        } else if value > 0x10FFFF {
            self.error(
                ids::UNICODE_ESCAPE_TOO_LARGE,
                i,
                end,
                format!("`\\u{{{value:x}}}` is above the largest code point 10FFFF"),
            );
        } else {
            // Surrogates are not rejected (as fidlc); they encode as U+FFFD here.
            let ch = char::from_u32(value).unwrap_or('\u{FFFD}');
            let mut buf = [0; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        end
    }
}
