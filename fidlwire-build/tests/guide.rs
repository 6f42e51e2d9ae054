//! The guide (`src/guide.md`, rendered as `fidlwire_build::guide`) shows generated code next to
//! each FIDL example; this test regenerates every example and fails if what the guide shows is
//! not exactly what the generator produces, so the guide cannot drift. (Its Rust examples run
//! as doc tests.)

fn blocks(text: &str) -> Vec<(String, String)> {
    // (info string, body) of every fenced block.
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut body = Vec::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push(l);
        }
        out.push((info.trim().to_string(), body.join("\n")));
    }
    out
}

#[test]
fn the_generated_code_shown_is_what_the_generator_produces() {
    let guide = include_str!("../src/guide.md");
    let blocks = blocks(guide);
    let mut checked = 0;
    for pair in blocks.windows(2) {
        let [(info, fidl), (_, rust)] = pair else {
            unreachable!()
        };
        if info != "fidl" {
            continue;
        }
        let generated = fidlwire_build::Config::new()
            .bindings(false)
            .emit_rerun_if_changed(false)
            .generate_source("guide.fidl", fidl)
            .unwrap_or_else(|e| panic!("{e}"));
        // The guide leaves out the built-in `zx` module that `using zx;` pulls in.
        let library = fidl
            .lines()
            .find_map(|l| l.trim().strip_prefix("library "))
            .and_then(|l| l.strip_suffix(';'))
            .unwrap();
        let top = library.split('.').next().unwrap();
        let start = generated
            .find(&format!("pub mod {top} {{"))
            .expect("the library's module");
        let shown: Vec<&str> = rust.lines().map(str::trim_end).collect();
        let mut at = 0;
        let header = generated[..start]
            .lines()
            .rev()
            .take_while(|l| !l.is_empty());
        let own: Vec<&str> = header
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .chain(generated[start..].lines())
            .map(str::trim_end)
            .take_while(|l| !l.starts_with("pub mod zx"))
            .collect();
        // Drop the trailing attribute lines of the `zx` module, if any.
        let own: Vec<&str> = match own.iter().rposition(|l| *l == "}") {
            Some(end) => own[..=end].to_vec(),
            None => own,
        };
        for line in own {
            match shown[at..].iter().position(|l| *l == line) {
                Some(i) => at += i + 1,
                None => panic!(
                    "the guide's code for `{library}` differs from the generator at:\n{line}\n\
                     generated:\n{generated}"
                ),
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 4, "structs, enums, tables, handles");
}
