//! Tokens as Go's `text/scanner` produces them for GIDL: punctuation, strings, and "text"
//! (identifiers, numbers, char literals) interpreted by context.

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Text(String),
    Str(Vec<u8>),
    Punct(char),
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub offset: usize,
}

pub fn lex(text: &str) -> Result<Vec<Token>, (usize, String)> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
        } else if text[i..].starts_with("/*") {
            let Some(n) = text[i + 2..].find("*/") else {
                return Err((i, "unterminated comment".into()));
            };
            i += n + 4;
        } else if "{}[](),:=+-#".contains(c as char) {
            out.push(Token {
                tok: Tok::Punct(c as char),
                offset: i,
            });
            i += 1;
        } else if c == b'"' {
            let (s, end) = string(text, i)?;
            out.push(Token {
                tok: Tok::Str(s),
                offset: i,
            });
            i = end;
        } else if c == b'\'' {
            // A char literal: 'c' or an escape such as '\n'.
            let rest = &text[i + 1..];
            let (len, _) = match rest.chars().next() {
                Some('\\') => (rest.chars().take(2).map(char::len_utf8).sum::<usize>(), ()),
                Some(ch) => (ch.len_utf8(), ()),
                None => return Err((i, "unterminated char literal".into())),
            };
            if !rest[len..].starts_with('\'') {
                return Err((i, "unterminated char literal".into()));
            }
            out.push(Token {
                tok: Tok::Text(text[i..i + len + 2].to_string()),
                offset: i,
            });
            i += len + 2;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                // Exponent signs inside floats: 1.5e+10.
                if (b[i] == b'e' || b[i] == b'E')
                    && b[start].is_ascii_digit()
                    && !text[start..i].contains(['x', 'X'])
                    && matches!(b.get(i + 1), Some(b'+' | b'-'))
                {
                    i += 2;
                    continue;
                }
                i += 1;
            }
            out.push(Token {
                tok: Tok::Text(text[start..i].to_string()),
                offset: start,
            });
        } else {
            let ch = text[i..].chars().next().unwrap_or('?');
            return Err((i, format!("unexpected character `{ch}`")));
        }
    }
    out.push(Token {
        tok: Tok::Eof,
        offset: b.len(),
    });
    Ok(out)
}

/// A Go string literal starting at `start`, unescaped to bytes.
fn string(text: &str, start: usize) -> Result<(Vec<u8>, usize), (usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Ok((out, i + 1)),
            b'\n' => break,
            b'\\' => {
                let esc = *b.get(i + 1).ok_or((i, "unterminated string".to_string()))?;
                i += 2;
                let hex = |i: usize, n: usize| -> Result<u32, (usize, String)> {
                    text.get(i..i + n)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .ok_or((i, "invalid escape".to_string()))
                };
                match esc {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'a' => out.push(7),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'v' => out.push(11),
                    b'\\' => out.push(b'\\'),
                    b'"' => out.push(b'"'),
                    b'\'' => out.push(b'\''),
                    b'x' => {
                        out.push(hex(i, 2)? as u8);
                        i += 2;
                    }
                    b'u' | b'U' => {
                        let n = if esc == b'u' { 4 } else { 8 };
                        let ch = char::from_u32(hex(i, n)?)
                            .ok_or((i, "invalid unicode escape".to_string()))?;
                        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                        i += n;
                    }
                    b'0'..=b'7' => {
                        let oct = text
                            .get(i - 1..i + 2)
                            .and_then(|o| u8::from_str_radix(o, 8).ok())
                            .ok_or((i, "invalid octal escape".to_string()))?;
                        out.push(oct);
                        i += 2;
                    }
                    _ => return Err((i - 2, "invalid escape".into())),
                }
            }
            _ => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    Err((start, "unterminated string".into()))
}
