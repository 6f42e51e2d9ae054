//! Malformed input never panics the front end: mutated real files, truncations, random bytes
//! and deeply nested input all end in `Ok` or located diagnostics.

use fidlwire_build::{Options, SourceMap, compile};
use std::path::Path;

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen-tests/fidl");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    v.sort();
    v
}

fn check(texts: &[String]) {
    let mut sources = SourceMap::default();
    for (i, t) in texts.iter().enumerate() {
        sources.add(format!("f{i}.fidl"), t.clone());
    }
    if let Err(e) = compile(&sources, &Options::default()) {
        // Rendering must not panic either, whatever the spans.
        assert!(!e.rendered.is_empty());
    }
}

/// A small deterministic generator (xorshift) so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "<",
    ">",
    ";",
    ":",
    ",",
    "=",
    "|",
    "(",
    ")",
    "->",
    "@",
    "\"",
    "///",
    "struct",
    "table",
    "union",
    "enum",
    "bits",
    "optional",
    "vector",
    "array",
    "box",
    "reserved",
    "strict",
    "resource",
    "0",
    "-1",
    "0xffffffffffffffffff",
    "MAX",
    "zx.Handle",
    "client_end",
    "error",
    "compose",
    "é",
    "\u{0}",
];

#[test]
fn mutated_files_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let mut files = seeds.clone();
        let f = rng.below(files.len());
        let mut text: Vec<char> = files[f].chars().collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(text.len());
            match rng.below(3) {
                0 => {
                    let end = (at + 1 + rng.below(12)).min(text.len());
                    text.drain(at..end);
                }
                1 => {
                    let frag = FRAGMENTS[rng.below(FRAGMENTS.len())];
                    for (k, c) in frag.chars().enumerate() {
                        text.insert((at + k).min(text.len()), c);
                    }
                }
                _ => text.truncate(at),
            }
        }
        files[f] = text.into_iter().collect();
        check(&files);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        check(&[String::from_utf8_lossy(&bytes).into_owned()]);
        let frags: String = (0..rng.below(40))
            .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
            .collect::<Vec<_>>()
            .join(" ");
        check(&[format!("library a;\n{frags}")]);
    }
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    for depth in [63, 64, 65, 10_000] {
        let v = format!(
            "library a;\nalias A = {}uint8{};\n",
            "vector<".repeat(depth),
            ">".repeat(depth)
        );
        let s = format!(
            "library a;\ntype S = struct {{ {} }};\n",
            "a struct { ".repeat(depth) + &"};".repeat(depth)
        );
        let c = format!(
            "library a;\nconst C uint32 = {}1{};\n",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        // Run on a small stack: the parser bounds its own recursion.
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                check(&[v]);
                check(&[s]);
                check(&[c]);
            })
            .unwrap()
            .join()
            .unwrap();
    }
}

#[test]
fn diagnostics_render_like_rustc() {
    let mut sources = SourceMap::default();
    sources.add(
        "lib.fidl",
        "library a;\ntype S = struct {\n    x Missing;\n};\n",
    );
    let e = compile(&sources, &Options::default()).unwrap_err();
    assert_eq!(
        e.rendered,
        "lib.fidl:3:7: error[fi-0052]: no declaration named `Missing` is visible in library `a`\n  |\n3 |     x Missing;\n  |       ^^^^^^^"
    );
}

#[test]
fn long_declaration_chains_are_bounded() {
    let n = 20_000;
    let mut structs = String::from("library a;\n");
    let mut aliases = String::from("library a;\n");
    let mut consts = String::from("library a;\n");
    let mut tables = String::from("library a;\n");
    for i in 0..n {
        structs += &format!("type S{i} = struct {{ x S{}; }};\n", i + 1);
        aliases += &format!("alias A{i} = A{};\n", i + 1);
        consts += &format!("const C{i} uint8 = C{};\n", i + 1);
        tables += &format!("type T{i} = table {{ 1: x T{}; }};\n", i + 1);
    }
    structs += &format!("type S{n} = struct {{}};\n");
    aliases += &format!("alias A{n} = uint8;\n");
    consts += &format!("const C{n} uint8 = 1;\n");
    tables += &format!("type T{n} = table {{}};\n");
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for text in [aliases, consts] {
                let mut sources = SourceMap::default();
                sources.add("chain.fidl", text);
                let e = compile(&sources, &Options::default()).unwrap_err();
                assert!(
                    e.rendered.contains("more than 256 levels deep"),
                    "{}",
                    e.headlines[0]
                );
            }
            // Struct and table chains are valid FIDL (fidlc has no nesting limit for them):
            // compiling, computing shapes and generating Rust must not recurse per level.
            for text in [structs, tables] {
                let mut sources = SourceMap::default();
                sources.add("chain.fidl", text);
                let ir = compile(&sources, &Options::default()).unwrap();
                let code = fidlwire_build::codegen::generate(&ir, &Default::default());
                assert_eq!(code.libraries.len(), 1);
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
