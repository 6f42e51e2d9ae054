//! Name conversions shared by the compiler (canonical names, generated layout names) and the
//! Rust generator.

/// fidlc's canonical form for collision checks: lowercase, underscores removed.
pub fn canonical(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
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
