//! Name conversions shared by the compiler (canonical names, generated layout names) and the
//! Rust generator.

/// fidlc's canonical form of a name, for collision checks (`fidl-checks.md` §2.2): runs of
/// underscores fold to one, and an underscore is inserted before an upper-case letter that
/// follows a lower-case letter or digit, or that starts a new word after an acronym; then
/// everything is lower case. So `FooBar`, `fooBar` and `FOO_BAR` collide, `foo_bar` and
/// `foobar` do not.
pub fn canonical(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev = '_';
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            if prev != '_' {
                out.push('_');
            }
        } else if c.is_ascii_uppercase() {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev != '_' && next_lower) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
        prev = c;
    }
    out
}

/// `[A-Za-z]([A-Za-z0-9_]*[A-Za-z0-9])?`: a valid identifier (`fi-0010`).
pub fn is_valid_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1] != b'_'
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// `[a-z][a-z0-9]*`: a valid library name component or platform name (`fi-0011`, `fi-0152`).
pub fn is_valid_library_component(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// Levenshtein distance (for "did you mean" suggestions and the attribute-typo warning).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The closest of `candidates` to `name` (at most a third of its length away), for
/// "did you mean" hints.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.len() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// `UpperCamelCase`: `obj_type` → `ObjType`, `UNKNOWN_METHOD` → `UnknownMethod`; names that are
/// already camel case keep their spelling (`HTTPServer` stays).
pub fn upper_camel(name: &str) -> String {
    let all_caps = !name.chars().any(char::is_lowercase);
    if !name.contains('_') && !all_caps && name.chars().next().is_some_and(char::is_uppercase) {
        return name.to_string();
    }
    words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => {
                    let rest: String = if all_caps || w.chars().all(|c| !c.is_lowercase()) {
                        cs.as_str().to_lowercase()
                    } else {
                        cs.as_str().to_string()
                    };
                    f.to_uppercase().collect::<String>() + &rest
                }
                None => String::new(),
            }
        })
        .collect()
}

/// `snake_case`: `FooBar` → `foo_bar`.
pub fn snake(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `SCREAMING_SNAKE_CASE`.
pub fn screaming(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield",
];

/// A Rust identifier for `name`: keywords become raw identifiers; the few that cannot be raw
/// get a trailing underscore.
pub fn rust_ident(name: &str) -> String {
    match name {
        "self" | "Self" | "super" | "crate" | "_" => format!("{name}_"),
        n if KEYWORDS.contains(&n) => format!("r#{n}"),
        n => n.to_string(),
    }
}

/// The variant that holds unknown values of every flexible enum and union (and unknown events
/// of open protocols): always `Unknown`, so user code can match it by one name.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The Rust variant name of an enum or union member (or a method): `UpperCamelCase`, except
/// that a member that would be called [`UNKNOWN_VARIANT`] gets a trailing underscore
/// (`UNKNOWN` → `Unknown_`) — FIDL names never end in `_`, so this cannot collide either.
pub fn variant_name(name: &str) -> String {
    let v = upper_camel(name);
    if v == UNKNOWN_VARIANT {
        format!("{v}_")
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn canonical_forms_match_fidlc() {
        for (names, want) in [
            (
                &[
                    "foo_bar", "FooBar", "fooBar", "FOO_BAR", "FOOBar", "Foo_Bar", "fooBAR",
                    "foo__bar",
                ][..],
                "foo_bar",
            ),
            (&["foobar"], "foobar"),
            (&["HTTPServer", "HttpServer", "http_server"], "http_server"),
            (&["Foo2Bar", "foo2_bar"], "foo2_bar"),
            (&["foo2bar"], "foo2bar"),
            (&["FooBar2", "foo_bar2", "fooBar2"], "foo_bar2"),
            (&["foo_bar_2"], "foo_bar_2"),
            (&["V2", "v2"], "v2"),
            (&["UINT8", "Uint8"], "uint8"),
            (&["uint_8"], "uint_8"),
            (&["X509Cert", "x509_cert"], "x509_cert"),
            (&["IPv4Addr"], "i_pv4_addr"),
            (&["getURLs"], "get_ur_ls"),
            (&["getUrls", "get_urls"], "get_urls"),
            (&["ABc"], "a_bc"),
            (&["AB"], "ab"),
            (&["a1B"], "a1_b"),
        ] {
            for n in names {
                assert_eq!(canonical(n), want, "{n}");
            }
        }
    }
}
