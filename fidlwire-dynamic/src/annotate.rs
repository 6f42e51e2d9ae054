//! Annotated hex dumps: every 8-byte line of a message labelled with what its bytes are.

use crate::decode::{PADDING, Region};
use crate::error::Error;
use std::fmt::Write;

/// Renders `bytes` as 8-byte lines, each followed by the labels of the regions that start in
/// it (`path: what`). Padding bytes show as `__` when zero and `!!` when not (which validation
/// rejects); bytes in no region were not read (after a failure) or are not part of the value. `failure`, when given, is marked under
/// the line holding its byte offset with the rule that failed.
///
/// ```
/// use fidlwire_dynamic::{annotate, decode_annotated, Schema, Ty, Prim};
/// let schema = Schema::new(vec![], vec![]).unwrap();
/// let ty = Ty::String { max: 3, optional: false };
/// let bytes = fidlwire::to_vec(&String::from("abcd")).unwrap();
/// let (r, regions) = decode_annotated(&schema, &ty, &bytes, vec![]);
/// let text = annotate::render(&bytes, &regions, r.as_ref().err());
/// assert!(text.contains("string count = 4"));
/// assert!(text.contains("^ STRING_TOO_LONG"));
/// ```
pub fn render(bytes: &[u8], regions: &[Region], failure: Option<&Error>) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Byte {
        Unread,
        Value,
        Padding,
    }
    let mut class = vec![Byte::Unread; bytes.len()];
    for r in regions {
        let c = match r.what == PADDING {
            true => Byte::Padding,
            false => Byte::Value,
        };
        for b in class.iter_mut().skip(r.start).take(r.len) {
            *b = c;
        }
    }
    let fail_at = failure.and_then(Error::byte_offset);
    let mut out = String::new();
    for (line, chunk) in bytes.chunks(8).enumerate() {
        let base = line * 8;
        let _ = write!(out, "{base:06x} ");
        for (i, b) in chunk.iter().enumerate() {
            let _ = match (class[base + i], b) {
                (Byte::Padding, 0) => write!(out, " __"),
                (Byte::Padding, _) => write!(out, " !!"),
                _ => write!(out, " {b:02x}"),
            };
        }
        for _ in chunk.len()..8 {
            out.push_str("   ");
        }
        let mut labels: Vec<String> = regions
            .iter()
            .filter(|r| r.what != PADDING && r.start >= base && r.start < base + 8)
            .map(|r| match r.path.is_empty() {
                true => r.what.clone(),
                false => format!("{}: {}", r.path, r.what),
            })
            .collect();
        let in_line = base..base + chunk.len();
        let continued = in_line.clone().any(|i| class[i] == Byte::Value)
            && !regions
                .iter()
                .any(|r| r.what != PADDING && r.start >= base && r.start < base + 8);
        if continued {
            labels.push("(continued)".into());
        }
        let pad: Vec<_> = in_line
            .clone()
            .filter(|&i| class[i] == Byte::Padding)
            .collect();
        if !pad.is_empty() {
            let nonzero = pad.iter().filter(|&&i| bytes[i] != 0).count();
            labels.push(match nonzero {
                0 => format!("padding ×{}", pad.len()),
                n => format!("padding ×{} ({n} NOT ZERO)", pad.len()),
            });
        }
        if in_line.clone().any(|i| class[i] == Byte::Unread) {
            labels.push(match failure {
                Some(_) => "(not read)".into(),
                None => "(not part of the value)".into(),
            });
        }
        let _ = writeln!(out, "   {}", labels.join(" · "));
        if let (Some(at), Some(e)) = (fail_at, failure)
            && at >= base
            && (at < base + 8 || (at == bytes.len() && base + 8 >= bytes.len()))
        {
            let col = 7 + (at - base) * 3 + 1;
            let _ = writeln!(out, "{}^ {e}", " ".repeat(col));
        }
    }
    if let Some(e) = failure
        && (bytes.is_empty() || fail_at.is_none_or(|at| at >= bytes.len().div_ceil(8) * 8))
    {
        let _ = writeln!(out, "error: {e}");
    }
    out
}
