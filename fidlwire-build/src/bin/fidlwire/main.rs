//! `fidlwire`: check FIDL files and generate Rust from them.
//!
//! ```text
//! fidlwire check FILE... [OPTIONS]              print diagnostics; exit 1 on error
//! fidlwire gen FILE... [-o OUT.rs] [OPTIONS]    print or write the generated Rust
//!     -I DIR                        search DIR for the libraries the files import
//!     --available PLATFORM:VERSION  compile PLATFORM's libraries at VERSION (N, NEXT, HEAD)
//!     --werror                      treat warnings as errors
//!     --experimental FLAG           enable one of fidlc's experimental features
//!     --files FILE...               (check) compile these files as one library, like fidlc
//!     --no-bindings                 (gen) without clients and server traits (codec only)
//!     --timings                     print how long each phase took
//! fidlwire decode FILE... --type LIB/NAME [BYTES] [--json | --annotate]
//! fidlwire decode FILE... --protocol LIB/PROTOCOL [--response] [BYTES] [--json | --annotate]
//!     BYTES: --hex "01 00 …" (or --hex - for hex on stdin), --in FILE (raw), or raw stdin
//!     --handle TYPE:RIGHTS          a handle of the message (repeat, in order)
//! fidlwire encode FILE... --type LIB/NAME [--value JSON | --in FILE.json | stdin] [--raw]
//! fidlwire encode FILE... --protocol LIB/PROTOCOL --method NAME [--response] [--txid N] [VALUE]
//! ```
//! Files may belong to several libraries, in any order. Versioned libraries compile at HEAD
//! unless `--available` selects a version for their platform.

use fidlwire_build::compile::{EXPERIMENTAL_FLAGS, availability::parse_version};
use fidlwire_build::{Config, Options, SourceMap};
use std::process::ExitCode;
use std::time::Instant;

mod inspect;

const USAGE: &str = "usage: fidlwire check FILE... [-I DIR] [--available PLATFORM:VERSION] [--werror] [--experimental FLAG] [--files FILE...] [--timings]
       fidlwire gen FILE... [-o OUT.rs] [-I DIR] [--available PLATFORM:VERSION] [--werror] [--experimental FLAG] [--no-bindings] [--timings]
       fidlwire decode FILE... (--type LIB/NAME | --protocol LIB/PROTOCOL [--response]) [--hex HEX|- | --in FILE] [--handle TYPE:RIGHTS]... [--json | --annotate]
       fidlwire encode FILE... (--type LIB/NAME | --protocol LIB/PROTOCOL --method NAME [--response] [--txid N]) [--value JSON | --in FILE] [--raw]";

/// The parsed command line.
#[derive(Default)]
struct Args {
    /// Files, each with its `--files` group (if any).
    files: Vec<(String, Option<usize>)>,
    includes: Vec<String>,
    out: Option<String>,
    timings: bool,
    bindings: bool,
    options: Options,
    /// What `decode` and `encode` read and write.
    inspect: inspect::Args,
}

fn parse(rest: &[String]) -> Result<Args, String> {
    let mut args = Args {
        bindings: true,
        ..Args::default()
    };
    let mut group: Option<usize> = None;
    let mut groups = 0;
    let mut it = rest.iter();
    let value = |it: &mut std::slice::Iter<String>, flag: &str| {
        it.next()
            .cloned()
            .ok_or_else(|| format!("{flag} needs a value"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => args.out = Some(value(&mut it, a)?),
            "-I" => args.includes.push(value(&mut it, a)?),
            "--timings" => args.timings = true,
            "--no-bindings" => args.bindings = false,
            "--type" => args.inspect.type_name = Some(value(&mut it, a)?),
            "--protocol" => args.inspect.protocol = Some(value(&mut it, a)?),
            "--response" => args.inspect.response = true,
            "--hex" => args.inspect.hex = Some(value(&mut it, a)?),
            "--in" => args.inspect.input = Some(value(&mut it, a)?),
            "--value" => args.inspect.value = Some(value(&mut it, a)?),
            "--handle" => args.inspect.handles.push(value(&mut it, a)?),
            "--json" => args.inspect.json = true,
            "--annotate" => args.inspect.annotate = true,
            "--raw" => args.inspect.raw = true,
            "--method" => args.inspect.method = Some(value(&mut it, a)?),
            "--txid" => args.inspect.txid = Some(value(&mut it, a)?),
            "--werror" => args.options.werror = true,
            "--files" => {
                group = Some(groups);
                groups += 1;
            }
            "--experimental" => {
                let flag = value(&mut it, a)?;
                if !EXPERIMENTAL_FLAGS.contains(&flag.as_str()) {
                    return Err(format!(
                        "unknown experimental flag `{flag}` (known: {})",
                        EXPERIMENTAL_FLAGS.join(", ")
                    ));
                }
                args.options.experimental.insert(flag);
            }
            "--available" => {
                let spec = value(&mut it, a)?;
                let (platform, version) = spec
                    .split_once(':')
                    .ok_or_else(|| format!("--available takes PLATFORM:VERSION, not `{spec}`"))?;
                let version = parse_version(version).ok_or_else(|| {
                    format!("invalid version `{version}`: use 1 to 2147483647, NEXT or HEAD")
                })?;
                args.options.available.insert(platform.to_string(), version);
            }
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            _ => args.files.push((a.clone(), group)),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if matches!(cmd.as_str(), "-h" | "--help") || rest.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.files.is_empty() || !matches!(cmd.as_str(), "check" | "gen" | "decode" | "encode") {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    // The given files, then the libraries they import found in the include directories.
    let given: Vec<&str> = args.files.iter().map(|(f, _)| f.as_str()).collect();
    let mut files = args.files.clone();
    match Config::new().sources(&given, &args.includes) {
        Ok(paths) => files.extend(
            paths
                .into_iter()
                .skip(given.len())
                .map(|p| (p.display().to_string(), None)),
        ),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let mut sources = SourceMap::default();
    for (path, group) in &files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        match group {
            Some(g) => sources.add_to_group(*g, path.clone(), text),
            None => sources.add(path.clone(), text),
        };
    }
    let mut options = args.options.clone();
    options.include_dirs = args.includes.clone();
    let ir = match fidlwire_build::compile(&sources, &options) {
        Ok(ir) => ir,
        Err(e) => {
            eprintln!("{e}");
            let (errors, warnings) = (e.error_count(), e.diagnostics.len() - e.error_count());
            eprintln!(
                "\n{errors} error{}{}",
                if errors == 1 { "" } else { "s" },
                match warnings {
                    0 => String::new(),
                    1 => ", 1 warning".into(),
                    n => format!(", {n} warnings"),
                }
            );
            return ExitCode::FAILURE;
        }
    };
    for w in &ir.warnings {
        eprintln!("{}\n", w.render(&ir.sources));
    }
    let checked = start.elapsed();
    match cmd.as_str() {
        "decode" => return inspect::decode(&ir, &args.inspect),
        "encode" => return inspect::encode(&ir, &args.inspect),
        _ => {}
    }
    if cmd == "check" {
        if args.timings {
            eprintln!(
                "timings: check {:.3} ms ({} files, {} declarations)",
                checked.as_secs_f64() * 1e3,
                args.files.len(),
                ir.decls.len()
            );
        }
        return ExitCode::SUCCESS;
    }
    let mut config = Config::new();
    config.bindings(args.bindings).werror(args.options.werror);
    for (platform, version) in &args.options.available {
        config.available(platform.clone(), *version);
    }
    for flag in &args.options.experimental {
        config.experimental(flag.clone());
    }
    let files: Vec<&str> = args.files.iter().map(|(f, _)| f.as_str()).collect();
    let code = match config
        .emit_rerun_if_changed(false)
        .generate(&files, &args.includes)
    {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if args.timings {
        eprintln!(
            "timings: check {:.3} ms, check+generate {:.3} ms, {} bytes of Rust for {} declarations",
            checked.as_secs_f64() * 1e3,
            start.elapsed().as_secs_f64() * 1e3,
            code.len(),
            ir.decls.len()
        );
    }
    match args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, code) {
                eprintln!("error: cannot write {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
        None => print!("{code}"),
    }
    ExitCode::SUCCESS
}
