//! Compiling snippets and describing their diagnostics compactly: `"2:27 error[fi-0001]"`, with
//! a `file:` prefix for any file other than `x.fidl`.

use fidlwire_build::{Diagnostic, Options, SourceMap, compile};

/// `library acme.garden;` followed by `body`, which therefore starts on line 2.
pub fn g(body: &str) -> String {
    format!("library acme.garden;\n{body}")
}

/// Like [`g`], for a versioned library (`@available(added=1)`); `body` starts on line 3.
pub fn v(body: &str) -> String {
    format!("@available(added=1)\nlibrary acme.garden;\n{body}")
}

/// The diagnostics of compiling `files` (errors, or the warnings of a success) with the
/// sources they refer to.
pub fn diagnostics(files: &[(&str, &str)], options: &Options) -> (Vec<Diagnostic>, SourceMap) {
    let mut sources = SourceMap::default();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    let diags = match compile(&sources, options) {
        Ok(ir) => ir.warnings,
        Err(e) => e.diagnostics,
    };
    (diags, sources)
}

/// `"L:C severity[id]"` for each diagnostic.
pub fn describe(files: &[(&str, &str)], options: &Options) -> Vec<String> {
    let (diags, sources) = diagnostics(files, options);
    diags
        .iter()
        .map(|d| {
            let (line, col) = sources.line_col(d.span);
            let file = sources
                .files
                .get(d.span.file)
                .map_or("?", |f| f.name.as_str());
            let prefix = if file == "x.fidl" {
                String::new()
            } else {
                format!("{file}:")
            };
            let severity = if d.is_error() { "error" } else { "warning" };
            match d.id {
                Some(id) => format!("{prefix}{line}:{col} {severity}[{id}]"),
                None => format!("{prefix}{line}:{col} {severity}"),
            }
        })
        .collect()
}

/// The messages of the diagnostics, in order.
pub fn messages(files: &[(&str, &str)], options: &Options) -> Vec<String> {
    diagnostics(files, options)
        .0
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// Options with the given `--experimental` switches.
pub fn experimental(flags: &[&str]) -> Options {
    Options {
        experimental: flags.iter().map(|f| f.to_string()).collect(),
        ..Options::default()
    }
}

/// `check!(name, source, ["L:C error[fi-NNNN]", ...])`: the file `x.fidl` holding `source`
/// gives exactly these diagnostics. `check!(name, options, source, [...])` compiles with
/// `options`; `check!(name, files: [(name, text), ...], [...])` compiles several files.
macro_rules! check {
    ($name:ident, files: [$($file:expr),+ $(,)?], [$($want:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let files: Vec<(&str, String)> = vec![$({
                let (name, text) = $file;
                (name, String::from(text))
            }),+];
            let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let want: Vec<&str> = vec![$($want),*];
            assert_eq!(
                $crate::support::describe(&files, &fidlwire_build::Options::default()),
                want,
                "{:#?}",
                $crate::support::messages(&files, &fidlwire_build::Options::default())
            );
        }
    };
    ($name:ident, $options:expr, $src:expr, [$($want:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let text = String::from($src);
            let files = [("x.fidl", text.as_str())];
            let options = $options;
            let want: Vec<&str> = vec![$($want),*];
            assert_eq!(
                $crate::support::describe(&files, &options),
                want,
                "{:#?}",
                $crate::support::messages(&files, &options)
            );
        }
    };
    ($name:ident, $src:expr, [$($want:expr),* $(,)?]) => {
        check!($name, fidlwire_build::Options::default(), $src, [$($want),*]);
    };
}
