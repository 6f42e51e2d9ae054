//! `fidlwire decode` and `fidlwire encode`: messages of compiled FIDL types, through the
//! dynamic codec. Every failure is the codec's error with its code; nothing here panics on
//! bad input.

use fidlwire::{HandleInfo, ObjectType, Rights};
use fidlwire_build::Ir;
use fidlwire_dynamic::{self as dy, Direction, Schema, Ty, Value};
use std::io::{Read, Write};
use std::process::ExitCode;

/// The options of `decode` and `encode`.
#[derive(Default, Clone)]
pub struct Args {
    /// `--type LIB/NAME`.
    pub type_name: Option<String>,
    /// `--protocol LIB/PROTOCOL`.
    pub protocol: Option<String>,
    /// `--response`: a two-way method's response rather than its request.
    pub response: bool,
    /// `--hex TEXT` (`-`: hex on stdin).
    pub hex: Option<String>,
    /// `--in FILE`: raw bytes (decode) or JSON (encode).
    pub input: Option<String>,
    /// `--value JSON`.
    pub value: Option<String>,
    /// `--handle TYPE:RIGHTS`, in order.
    pub handles: Vec<String>,
    /// `--json`.
    pub json: bool,
    /// `--annotate`.
    pub annotate: bool,
    /// `--raw`.
    pub raw: bool,
    /// `--method NAME` (encode a transactional message of `--protocol`).
    pub method: Option<String>,
    /// `--txid N`.
    pub txid: Option<String>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

fn schema(ir: &Ir) -> Result<Schema, String> {
    fidlwire_build::schema(ir).map_err(|e| e.to_string())
}

fn find_type(schema: &Schema, name: &str) -> Result<Ty, String> {
    schema.ty(name).ok_or_else(|| {
        let mut known: Vec<_> = schema.decls().iter().map(|d| d.name.as_str()).collect();
        known.sort();
        format!("no type `{name}` (known: {})", known.join(", "))
    })
}

fn read_input(args: &Args) -> Result<Vec<u8>, String> {
    let stdin = || {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| format!("cannot read stdin: {e}"))
    };
    match (&args.hex, &args.input) {
        (Some(_), Some(_)) => Err("give the bytes once: --hex or --in".into()),
        (Some(h), None) if h == "-" => {
            let text = String::from_utf8(stdin()?).map_err(|_| "stdin is not hex text")?;
            dy::hex::parse(&text)
        }
        (Some(h), None) => dy::hex::parse(h),
        (None, Some(path)) => std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}")),
        (None, None) => stdin(),
    }
}

fn parse_number(s: &str) -> Option<u32> {
    match s.strip_prefix("0x") {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

/// `--handle TYPE:RIGHTS` as emulated handles (the message's handles, in order).
fn handles(args: &Args) -> Result<Vec<HandleInfo>, String> {
    args.handles
        .iter()
        .map(|spec| {
            let (t, r) = spec
                .split_once(':')
                .and_then(|(t, r)| Some((parse_number(t)?, parse_number(r)?)))
                .ok_or_else(|| format!("--handle takes TYPE:RIGHTS as numbers, not `{spec}`"))?;
            Ok(fidlwire::emulated::create_info(ObjectType(t), Rights(r)))
        })
        .collect()
}

/// `fidlwire decode`.
pub fn decode(ir: &Ir, args: &Args) -> ExitCode {
    match decode_inner(ir, args) {
        Ok(code) => code,
        Err(e) => fail(e),
    }
}

fn decode_inner(ir: &Ir, args: &Args) -> Result<ExitCode, String> {
    let schema = schema(ir)?;
    let bytes = read_input(args)?;
    let handles = handles(args)?;
    let mut regions = Vec::new();
    let (ty, result) = match (&args.type_name, &args.protocol) {
        (Some(name), None) => {
            let ty = find_type(&schema, name)?;
            let (r, body_regions) = dy::decode_annotated(&schema, &ty, &bytes, handles);
            regions = body_regions;
            (Some(ty), r.map(|m| m.value))
        }
        (None, Some(name)) => {
            let protocol = schema
                .protocol(name)
                .ok_or_else(|| format!("no protocol `{name}`"))?;
            let direction = match args.response {
                true => Direction::Response,
                false => Direction::Request,
            };
            match dy::decode_transaction(
                &schema,
                protocol,
                direction,
                &bytes,
                handles,
                &mut regions,
            ) {
                Ok(t) => {
                    let kind = match (t.method.is_event, args.response) {
                        (true, _) => "event",
                        (false, true) => "response",
                        (false, false) => "request",
                    };
                    println!(
                        "{} {kind} {} (ordinal {:#x}, txid {})",
                        protocol.name, t.method.name, t.header.ordinal, t.header.txid
                    );
                    match (t.body_type, t.body) {
                        (Some(ty), Some(m)) => (Some(ty), Ok(m.value)),
                        _ => (None, Ok(Value::Null)),
                    }
                }
                Err(e) => (None, Err(e)),
            }
        }
        _ => return Err("give exactly one of --type LIB/NAME or --protocol LIB/PROTOCOL".into()),
    };
    regions.sort_by_key(|r| (r.start, r.len));
    if args.annotate {
        print!(
            "{}",
            dy::annotate::render(&bytes, &regions, result.as_ref().err())
        );
    }
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(ty) = &ty {
        if args.json {
            let json = dy::to_json(&schema, ty, &value);
            println!(
                "{}",
                serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?
            );
        } else if !args.annotate {
            println!("{}", dy::to_text(&schema, ty, &value));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The number of handles `value` moves into a message.
fn handle_count(value: &Value) -> usize {
    match value {
        Value::Handle => 1,
        Value::List(items) => items.iter().map(handle_count).sum(),
        Value::Struct(members) => members.iter().map(|(_, v)| handle_count(v)).sum(),
        Value::Table { fields, .. } => fields.iter().map(field_handles).sum(),
        Value::Union(f) => field_handles(f),
        _ => 0,
    }
}

fn field_handles(f: &dy::Field) -> usize {
    match &f.value {
        dy::FieldValue::Known(v) => handle_count(v),
        dy::FieldValue::Unknown(raw) => raw.handles.into(),
    }
}

/// `fidlwire encode`.
pub fn encode(ir: &Ir, args: &Args) -> ExitCode {
    match encode_inner(ir, args) {
        Ok(code) => code,
        Err(e) => fail(e),
    }
}

fn encode_inner(ir: &Ir, args: &Args) -> Result<ExitCode, String> {
    let schema = schema(ir)?;
    // A bare body (`--type`), or a transactional message (`--protocol` + `--method`).
    let (ty, header) = match (&args.type_name, &args.protocol, &args.method) {
        (Some(name), None, None) => (Some(find_type(&schema, name)?), None),
        (None, Some(p), Some(m)) => {
            let protocol = schema
                .protocol(p)
                .ok_or_else(|| format!("no protocol `{p}`"))?;
            let method = protocol
                .methods
                .iter()
                .find(|x| &x.name == m)
                .ok_or_else(|| format!("{p} has no method `{m}`"))?;
            let body = match (method.is_event, args.response) {
                (true, _) | (false, false) => method.request.clone(),
                (false, true) => method.response.clone(),
            };
            let txid = match &args.txid {
                Some(t) => parse_number(t).ok_or_else(|| format!("invalid --txid `{t}`"))?,
                None if method.two_way => 1,
                None => 0,
            };
            let header = fidlwire::TransactionHeader::new(txid, method.ordinal, !method.strict);
            (body, Some(header))
        }
        _ => {
            return Err(
                "encode needs --type LIB/NAME, or --protocol LIB/PROTOCOL --method NAME".into(),
            );
        }
    };
    let text = match (&args.value, &args.input) {
        (Some(v), None) => v.clone(),
        (None, Some(path)) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
        }
        (None, None) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            s
        }
        (Some(_), Some(_)) => return Err("give the value once: --value or --in".into()),
    };
    let mut bytes = header.map_or(Vec::new(), |h| h.to_bytes().to_vec());
    let Some(ty) = ty else {
        // A method without payload: the header is the message.
        if !text.trim().is_empty() && text.trim() != "null" {
            return Err("this method has no payload: give no value (or null)".into());
        }
        print_bytes(&bytes, args.raw)?;
        return Ok(ExitCode::SUCCESS);
    };
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))?;
    let value = match dy::from_json(&schema, &ty, &json) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            return Ok(ExitCode::FAILURE);
        }
    };
    let supply = (0..handle_count(&value))
        .map(|_| fidlwire::emulated::create(ObjectType::NONE, Rights::SAME_RIGHTS))
        .collect();
    let (body, handles) = match dy::encode(&schema, &ty, &value, supply) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            return Ok(ExitCode::FAILURE);
        }
    };
    bytes.extend_from_slice(&body);
    print_bytes(&bytes, args.raw)?;
    if !handles.is_empty() {
        eprintln!("({} handles)", handles.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Raw bytes, or hex with 8 bytes per line.
fn print_bytes(bytes: &[u8], raw: bool) -> Result<(), String> {
    let mut out = std::io::stdout();
    let r = match raw {
        true => out.write_all(bytes),
        false => bytes.chunks(8).try_for_each(|line| {
            let words: Vec<_> = line.iter().map(|b| format!("{b:02x}")).collect();
            writeln!(out, "{}", words.join(" "))
        }),
    };
    r.map_err(|e| format!("cannot write: {e}"))
}
