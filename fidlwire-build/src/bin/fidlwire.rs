//! `fidlwire`: check FIDL files and generate Rust from them.
//!
//! ```text
//! fidlwire check FILE...              print diagnostics; exit 1 on error
//! fidlwire gen FILE... [-o OUT.rs]    print or write the generated Rust
//!     --no-bindings                   without clients and server traits (codec only)
//! ```
//! Files may belong to several libraries, in any order. `--timings` prints how long each
//! phase took.

use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: fidlwire check FILE... [--timings]\n       fidlwire gen FILE... [-o OUT.rs] [--no-bindings] [--timings]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    let mut out = None;
    let mut timings = false;
    let mut bindings = true;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => match it.next() {
                Some(o) => out = Some(o.clone()),
                None => {
                    eprintln!("error: -o needs a file name\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--timings" => timings = true,
            "--no-bindings" => bindings = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with('-') => {
                eprintln!("error: unknown option `{s}`\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => files.push(a.clone()),
        }
    }
    if files.is_empty() || !matches!(cmd.as_str(), "check" | "gen") {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let ir = match fidlwire_build::compile_files(&files, &fidlwire_build::Options::default()) {
        Ok(ir) => ir,
        Err(e) => {
            eprintln!("{e}");
            eprintln!(
                "\n{} error{}",
                e.headlines.len(),
                if e.headlines.len() == 1 { "" } else { "s" }
            );
            return ExitCode::FAILURE;
        }
    };
    let checked = start.elapsed();
    if cmd == "check" {
        if timings {
            eprintln!(
                "timings: check {:.3} ms ({} files, {} declarations)",
                checked.as_secs_f64() * 1e3,
                files.len(),
                ir.decls.len()
            );
        }
        return ExitCode::SUCCESS;
    }
    let code = match fidlwire_build::Config::new()
        .bindings(bindings)
        .generate(&files, &[] as &[&str])
    {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if timings {
        eprintln!(
            "timings: check {:.3} ms, check+generate {:.3} ms, {} bytes of Rust for {} declarations",
            checked.as_secs_f64() * 1e3,
            start.elapsed().as_secs_f64() * 1e3,
            code.len(),
            ir.decls.len()
        );
    }
    match out {
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
