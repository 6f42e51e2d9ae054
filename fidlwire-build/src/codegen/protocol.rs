//! Code generation for protocols.
//!
//! For every protocol `P` the generator writes, with no `unsafe` and through the same runtime
//! traits hand-written code would use:
//!
//! * always (codec only, no I/O): `PMarker` implementing `fidlwire::ProtocolMarker`; a module
//!   `p` with the ordinal constants and one zero-sized type per method implementing
//!   `fidlwire::protocol::Method` (plus `TwoWay`, `OneWay` or `Event`); the enums `PRequest`
//!   and `PEvent` of decoded messages;
//! * with bindings (the default; they need the `fidlwire-bindings` crate): `PProxy`, an async
//!   client with one method per one-way and two-way method, and `PServer`, the handler trait a
//!   server implements, dispatched through `fidlwire_bindings::Dispatch`.

use super::{Gen, doc};
use crate::ir::{self as ast, *};
use crate::names::{UNKNOWN_VARIANT, rust_ident, screaming, snake, variant_name};
use std::fmt::Write;

/// Paths to the runtime, spelled once.
const PROTOCOL: &str = "::fidlwire::protocol";
const BINDINGS: &str = "::fidlwire_bindings";

/// The Rust types of one two-way method's response.
struct Response {
    /// The wire body (`()`, the payload, or the result union).
    body: String,
    /// What callers see.
    output: String,
    /// Body of `TwoWay::into_output` (its argument is `response`).
    into_output: String,
    /// Body of `TwoWay::from_output` (its argument is `output`).
    from_output: String,
}

impl Gen<'_> {
    pub(super) fn gen_protocol(&self, out: &mut String, id: DeclId, p: &Protocol) {
        let d = &self.ir.decls[id];
        let lib = d.library;
        let name = self.type_name(id);
        let module = rust_ident(&snake(&d.name));
        let requests: Vec<&Method> = p.methods.iter().filter(|m| !m.is_event).collect();
        let events: Vec<&Method> = p.methods.iter().filter(|m| m.is_event).collect();

        // The marker.
        doc(out, &d.attributes, "");
        let _ = writeln!(out, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]");
        let _ = writeln!(out, "pub struct {name}Marker;");
        let protocol_name = format!("{}.{}", self.ir.libraries[lib].name, d.name);
        let openness = match p.openness {
            Openness::Open => "Open",
            Openness::Ajar => "Ajar",
            Openness::Closed => "Closed",
        };
        let _ = writeln!(out, "\nimpl ::fidlwire::ProtocolMarker for {name}Marker {{");
        let _ = writeln!(out, "    const NAME: &'static str = {protocol_name:?};");
        if let Some(discoverable) = &p.discoverable {
            let _ = writeln!(
                out,
                "    const DISCOVERABLE_NAME: Option<&'static str> = Some({discoverable:?});"
            );
        }
        let _ = writeln!(
            out,
            "    const OPENNESS: {PROTOCOL}::Openness = {PROTOCOL}::Openness::{openness};"
        );
        let _ = writeln!(
            out,
            "    const METHODS: &'static [{PROTOCOL}::MethodInfo] = &["
        );
        for m in &p.methods {
            let _ = writeln!(
                out,
                "        <{module}::{} as {PROTOCOL}::Method>::INFO,",
                method_type(m)
            );
        }
        let _ = writeln!(out, "    ];");
        let _ = writeln!(out, "    type Request = {name}Request;");
        let _ = writeln!(out, "    type Event = {name}Event;");
        let _ = writeln!(out, "}}");

        // The method module.
        let _ = writeln!(
            out,
            "\n/// The methods of protocol `{}`: ordinals, and one type per method naming its\n/// messages.",
            d.name
        );
        let _ = writeln!(out, "pub mod {module} {{");
        for m in &p.methods {
            let _ = writeln!(
                out,
                "    /// `{}`: {} {} (selector `{}`).",
                m.name,
                if m.strict { "strict" } else { "flexible" },
                kind_text(m),
                m.selector
            );
            let _ = writeln!(
                out,
                "    pub const {}_ORDINAL: u64 = {:#018x};",
                screaming(&m.name),
                m.ordinal
            );
        }
        for m in &p.methods {
            // Conversions of a composed method's result union live with its own protocol.
            self.gen_method(out, lib, &name, m, m.declared_in == id);
        }
        let _ = writeln!(out, "}}");

        // Decoded messages.
        let _ = writeln!(out);
        self.gen_message_enum(out, lib, &name, &module, "Request", &requests, None);
        let unknown_event = (p.openness != Openness::Closed).then(|| UNKNOWN_VARIANT.to_string());
        let _ = writeln!(out);
        self.gen_message_enum(
            out,
            lib,
            &name,
            &module,
            "Event",
            &events,
            unknown_event.as_deref(),
        );

        if self.options.bindings {
            let _ = writeln!(out);
            self.gen_proxy(out, lib, &name, &module, &d.name, &requests);
            let _ = writeln!(out);
            self.gen_server(out, lib, &name, &module, &d.name, p.openness, &requests);
        }
    }

    /// The zero-sized method type and its `Method` / `TwoWay` / `OneWay` / `Event` impls.
    fn gen_method(&self, out: &mut String, lib: usize, protocol: &str, m: &Method, own: bool) {
        let ty = method_type(m);
        let _ = writeln!(out);
        doc(out, &m.attributes, "    ");
        let _ = writeln!(
            out,
            "    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]"
        );
        let _ = writeln!(out, "    pub struct {ty};");
        let kind = if m.is_event {
            "Event"
        } else if m.two_way {
            "TwoWay"
        } else {
            "OneWay"
        };
        let _ = writeln!(out, "\n    impl {PROTOCOL}::Method for {ty} {{");
        // The protocol whose module this is (a composed method belongs to every composing
        // protocol), so that clients and servers of this protocol accept the type.
        let _ = writeln!(out, "        type Protocol = super::{protocol}Marker;");
        let _ = writeln!(out, "        const NAME: &'static str = {:?};", m.name);
        let _ = writeln!(
            out,
            "        const ORDINAL: u64 = {}_ORDINAL;",
            screaming(&m.name)
        );
        let _ = writeln!(out, "        const STRICT: bool = {};", m.strict);
        let _ = writeln!(
            out,
            "        const KIND: {PROTOCOL}::MethodKind = {PROTOCOL}::MethodKind::{kind};"
        );
        let _ = writeln!(
            out,
            "        type Request = {};",
            self.body_type(m.request.as_ref(), lib, true)
        );
        let _ = writeln!(out, "    }}");
        if kind != "TwoWay" {
            let _ = writeln!(out, "\n    impl {PROTOCOL}::{kind} for {ty} {{}}");
            return;
        }
        let r = self.response(m, lib, true);
        let _ = writeln!(out, "\n    impl {PROTOCOL}::TwoWay for {ty} {{");
        let _ = writeln!(out, "        type Response = {};", r.body);
        let _ = writeln!(out, "        type Output = {};", r.output);
        let _ = writeln!(
            out,
            "\n        fn into_output(response: Self::Response) -> Result<Self::Output, ::fidlwire::fidl::FrameworkErr> {{"
        );
        let _ = writeln!(out, "            {}", r.into_output);
        let _ = writeln!(out, "        }}");
        let _ = writeln!(
            out,
            "\n        fn from_output(output: Self::Output) -> Self::Response {{"
        );
        let _ = writeln!(out, "            {}", r.from_output);
        let _ = writeln!(out, "        }}");
        let _ = writeln!(out, "    }}");
        if own && r.body != r.output {
            // The result union converts to and from what the method returns.
            let (body, output) = (&r.body, &r.output);
            let _ = writeln!(
                out,
                "\n    impl ::core::convert::From<{output}> for {body} {{\n        fn from(output: {output}) -> Self {{\n            <{ty} as {PROTOCOL}::TwoWay>::from_output(output)\n        }}\n    }}"
            );
            let _ = writeln!(
                out,
                "\n    impl {body} {{\n        /// What the method returned: `Err` only for the framework error of a flexible method.\n        pub fn into_result(self) -> Result<{output}, ::fidlwire::fidl::FrameworkErr> {{\n            <{ty} as {PROTOCOL}::TwoWay>::into_output(self)\n        }}\n    }}"
            );
        }
    }

    /// `PRequest` or `PEvent`: one variant per message, decoded by ordinal.
    #[allow(clippy::too_many_arguments)]
    fn gen_message_enum(
        &self,
        out: &mut String,
        lib: usize,
        protocol: &str,
        module: &str,
        what: &str,
        methods: &[&Method],
        unknown: Option<&str>,
    ) {
        let plural = if what == "Request" {
            "requests"
        } else {
            "events"
        };
        let _ = writeln!(
            out,
            "/// The {plural} of protocol `{protocol}`, decoded by ordinal."
        );
        let _ = writeln!(out, "#[derive(Debug)]");
        let _ = writeln!(out, "pub enum {protocol}{what} {{");
        for m in methods {
            if ast::attribute_string(&m.attributes, "doc").is_some() {
                doc(out, &m.attributes, "    ");
            } else {
                let _ = writeln!(out, "    /// `{}`.", m.name);
            }
            match &m.request {
                Some(t) => {
                    let _ = writeln!(
                        out,
                        "    {}({}),",
                        method_type(m),
                        self.rust_ty(t, lib, false)
                    );
                }
                None => {
                    let _ = writeln!(out, "    {},", method_type(m));
                }
            }
        }
        if let Some(u) = unknown {
            let _ = writeln!(
                out,
                "    /// A flexible {} this code does not know (its handles were closed).\n    {u} {{\n        /// Its ordinal.\n        ordinal: u64,\n    }},",
                &plural[..plural.len() - 1]
            );
        }
        let _ = writeln!(out, "}}");
        let _ = writeln!(
            out,
            "\nimpl {PROTOCOL}::DecodeMessage for {protocol}{what} {{"
        );
        let _ = writeln!(
            out,
            "    fn decode_message(header: &::fidlwire::TransactionHeader, body: &[u8], handles: ::std::vec::Vec<::fidlwire::HandleInfo>) -> ::fidlwire::Result<Self> {{"
        );
        let unexpected = format!(
            "Err(::fidlwire::Error::new(::fidlwire::ErrorKind::UnexpectedOrdinal, {PROTOCOL}::ORDINAL_OFFSET))"
        );
        if methods.is_empty() {
            let _ = writeln!(
                out,
                "        let _ = (header, body, handles);\n        {unexpected}"
            );
        } else {
            let _ = writeln!(out, "        match header.ordinal {{");
            for m in methods {
                let c = format!("{module}::{}_ORDINAL", screaming(&m.name));
                let v = method_type(m);
                let decode = match &m.request {
                    Some(_) => format!("{PROTOCOL}::decode_body(body, handles).map(Self::{v})"),
                    None => {
                        format!("{PROTOCOL}::decode_body::<()>(body, handles).map(|()| Self::{v})")
                    }
                };
                let _ = writeln!(out, "            {c} => {decode},");
            }
            let _ = writeln!(out, "            _ => {unexpected},\n        }}");
        }
        let _ = writeln!(out, "    }}");
        if let Some(u) = unknown {
            let _ = writeln!(
                out,
                "\n    fn unknown(ordinal: u64) -> Option<Self> {{\n        Some(Self::{u} {{ ordinal }})\n    }}"
            );
        }
        let _ = writeln!(out, "}}");
    }

    /// `PProxy`: one async method per request, arguments flattened from a struct payload.
    fn gen_proxy(
        &self,
        out: &mut String,
        lib: usize,
        name: &str,
        module: &str,
        fidl_name: &str,
        requests: &[&Method],
    ) {
        let client = format!("{BINDINGS}::Client<{name}Marker>");
        let _ = writeln!(
            out,
            "/// A client of protocol `{fidl_name}`: one async method per FIDL method. Cloning shares the\n/// connection."
        );
        let _ = writeln!(out, "#[derive(Debug, Clone)]");
        let _ = writeln!(out, "pub struct {name}Proxy {{\n    client: {client},\n}}");
        let _ = writeln!(out, "\nimpl {name}Proxy {{");
        let _ = writeln!(
            out,
            "    /// A proxy speaking over `client_end`; call it inside a tokio runtime.\n    pub fn new(client_end: ::fidlwire::ClientEnd<{name}Marker>) -> Result<Self, {BINDINGS}::Error> {{\n        Ok(Self {{ client: {BINDINGS}::Client::new(client_end)? }})\n    }}"
        );
        let _ = writeln!(
            out,
            "\n    /// The underlying client (generic calls, raw replies, closing).\n    pub fn client(&self) -> &{client} {{\n        &self.client\n    }}"
        );
        let _ = writeln!(
            out,
            "\n    /// The events of this connection; `None` if already taken.\n    pub fn take_event_stream(&self) -> Option<{BINDINGS}::EventStream<{name}Marker>> {{\n        self.client.take_event_stream()\n    }}"
        );
        for m in requests {
            let (params, value) = self.arguments(m, lib);
            let _ = writeln!(out);
            doc(out, &m.attributes, "    ");
            let method = rust_ident(&snake(&m.name));
            let ty = format!("{module}::{}", method_type(m));
            if m.two_way {
                let output = self.response(m, lib, false).output;
                let _ = writeln!(
                    out,
                    "    pub async fn {method}(&self{params}) -> Result<{output}, {BINDINGS}::Error> {{\n        self.client.call::<{ty}>(&{value}).await\n    }}"
                );
            } else {
                let _ = writeln!(
                    out,
                    "    pub async fn {method}(&self{params}) -> Result<(), {BINDINGS}::Error> {{\n        self.client.send::<{ty}>(&{value}).await\n    }}"
                );
            }
        }
        let _ = writeln!(out, "}}");
        let _ = writeln!(
            out,
            "\nimpl From<{client}> for {name}Proxy {{\n    fn from(client: {client}) -> Self {{\n        Self {{ client }}\n    }}\n}}"
        );
        let _ = writeln!(
            out,
            "\nimpl From<{name}Proxy> for {client} {{\n    fn from(proxy: {name}Proxy) -> Self {{\n        proxy.client\n    }}\n}}"
        );
    }

    /// `PServer`, the handler trait, and its `Dispatch` impl on the marker.
    #[allow(clippy::too_many_arguments)]
    fn gen_server(
        &self,
        out: &mut String,
        lib: usize,
        name: &str,
        module: &str,
        fidl_name: &str,
        openness: Openness,
        requests: &[&Method],
    ) {
        let future =
            format!("impl ::core::future::Future<Output = {BINDINGS}::HandlerResult> + Send");
        let _ = writeln!(
            out,
            "/// The server side of protocol `{fidl_name}`: one method per request. A handler serves one\n/// connection (`&mut self`); serve it with `fidlwire_bindings::serve`. Requests are handled in\n/// order; a two-way request's `Responder` may be kept to reply later."
        );
        let _ = writeln!(out, "pub trait {name}Server: Send {{");
        for m in requests {
            doc(out, &m.attributes, "    ");
            let method = rust_ident(&snake(&m.name));
            let mut params = String::new();
            if let Some(t) = &m.request {
                let _ = write!(params, ", request: {}", self.rust_ty(t, lib, false));
            }
            if m.two_way {
                let _ = write!(
                    params,
                    ", responder: {BINDINGS}::Responder<{module}::{}>",
                    method_type(m)
                );
            }
            let _ = writeln!(out, "    fn {method}(&mut self{params}) -> {future};\n");
        }
        if openness != Openness::Closed {
            let _ = writeln!(
                out,
                "    /// Called after the binding handled an unknown flexible method (closed its handles and,\n    /// for a two-way method, replied with the framework error `UNKNOWN_METHOD`).\n    fn handle_unknown_method(&mut self, ordinal: u64, kind: {PROTOCOL}::MethodKind) -> {future} {{\n        let _ = (ordinal, kind);\n        async {{ Ok(()) }}\n    }}"
            );
        }
        let _ = writeln!(out, "}}");
        let _ = writeln!(
            out,
            "\nimpl<S: {name}Server> {BINDINGS}::Dispatch<S> for {name}Marker {{"
        );
        let _ = writeln!(
            out,
            "    fn dispatch<'a>(server: &'a mut S, request: {BINDINGS}::Incoming<'a, Self>) -> impl ::core::future::Future<Output = Result<(), {BINDINGS}::DispatchError>> + Send + 'a {{"
        );
        let _ = writeln!(out, "        async move {{");
        let _ = writeln!(out, "            match request.ordinal() {{");
        for m in requests {
            let c = format!("{module}::{}_ORDINAL", screaming(&m.name));
            let ty = format!("{module}::{}", method_type(m));
            let method = rust_ident(&snake(&m.name));
            let (bind, args) = match (&m.request, m.two_way) {
                (Some(_), true) => ("(request, responder)", "request, responder"),
                (None, true) => ("((), responder)", "responder"),
                (Some(_), false) => ("request", "request"),
                (None, false) => ("()", ""),
            };
            let split = if m.two_way { "two_way" } else { "one_way" };
            let _ = writeln!(
                out,
                "                {c} => {{\n                    let {bind} = request.{split}::<{ty}>()?;\n                    Ok(server.{method}({args}).await?)\n                }}"
            );
        }
        if openness == Openness::Closed {
            // Unreachable: a closed protocol's binding closes on unknown ordinals.
            let _ = writeln!(
                out,
                "                _ => {{\n                    let _ = server;\n                    Ok(())\n                }}"
            );
        } else {
            let _ = writeln!(
                out,
                "                ordinal => Ok(server.handle_unknown_method(ordinal, request.kind()).await?),"
            );
        }
        let _ = writeln!(out, "            }}\n        }}\n    }}\n}}");
    }

    /// Parameters (`, a: A, b: B`) and the request value built from them.
    fn arguments(&self, m: &Method, lib: usize) -> (String, String) {
        let Some(t) = &m.request else {
            return (String::new(), "()".into());
        };
        if let Ty::Decl { id, .. } = t
            && let DeclKind::Struct(s) = &self.ir.decls[*id].kind
        {
            let mut params = String::new();
            let mut fields = Vec::new();
            for f in &s.members {
                let field = self.naming.field(&f.name);
                let _ = write!(params, ", {field}: {}", self.rust_ty(&f.ty, lib, false));
                fields.push(field);
            }
            return (
                params,
                format!("{} {{ {} }}", self.path(*id, lib), fields.join(", ")),
            );
        }
        (
            format!(", payload: {}", self.rust_ty(t, lib, false)),
            "payload".into(),
        )
    }

    /// The body type of a message: `()` without payload. `nested` spells paths from inside the
    /// protocol's method module.
    fn body_type(&self, ty: Option<&Ty>, lib: usize, nested: bool) -> String {
        match ty {
            None => "()".into(),
            Some(t) => self.ty_from(t, lib, nested),
        }
    }

    fn ty_from(&self, ty: &Ty, lib: usize, nested: bool) -> String {
        match ty {
            Ty::Decl {
                id,
                optional: false,
            } if nested => self.in_module(&self.path(*id, lib)),
            _ => self.rust_ty(ty, lib, false),
        }
    }

    /// A path written at library level, seen from a module one level down.
    fn in_module(&self, path: &str) -> String {
        if path.starts_with("::") || path.starts_with("crate::") {
            path.to_string()
        } else {
            format!("super::{path}")
        }
    }

    fn response(&self, m: &Method, lib: usize, nested: bool) -> Response {
        let identity = |body: String| Response {
            output: body.clone(),
            body,
            into_output: "Ok(response)".into(),
            from_output: "output".into(),
        };
        let Some(body) = &m.response_body else {
            return identity("()".into());
        };
        let union = match body {
            Ty::Decl { id, .. } => match &self.ir.decls[*id].kind {
                DeclKind::Union(u) if u.is_result => Some(u),
                _ => None,
            },
            _ => None,
        };
        let Some(u) = union else {
            return identity(self.ty_from(body, lib, nested));
        };
        let union_path = self.ty_from(body, lib, nested);
        let member = |ordinal: u64| {
            u.members
                .iter()
                .find(|x| x.ordinal == ordinal)
                .and_then(|x| Some((self.naming.variant(&x.name), x.ty.as_ref()?)))
        };
        let Some((ok_variant, ok_ty)) = member(1) else {
            return identity(union_path);
        };
        let empty_success = match ok_ty {
            Ty::Decl { id, .. } => {
                self.ir.decls[*id].anonymous
                    && matches!(&self.ir.decls[*id].kind, DeclKind::Struct(s) if s.members.is_empty())
            }
            _ => false,
        };
        let success = if empty_success {
            "()".to_string()
        } else {
            self.ty_from(ok_ty, lib, nested)
        };
        let err = member(2);
        let framework = member(3);
        let output = match &err {
            Some((_, e)) => format!("Result<{success}, {}>", self.ty_from(e, lib, nested)),
            None => success.clone(),
        };
        let (ok_pat, ok_value) = if empty_success {
            ("_", "()".to_string())
        } else {
            ("value", "value".to_string())
        };
        let mut arms = Vec::new();
        let wrap = |v: &str| match &err {
            Some(_) => format!("Ok(Ok({v}))"),
            None => format!("Ok({v})"),
        };
        arms.push(format!(
            "{union_path}::{ok_variant}({ok_pat}) => {},",
            wrap(&ok_value)
        ));
        if let Some((v, _)) = &err {
            arms.push(format!("{union_path}::{v}(e) => Ok(Err(e)),"));
        }
        if let Some((v, _)) = &framework {
            arms.push(format!("{union_path}::{v}(e) => Err(e),"));
        }
        let into_output = format!("match response {{ {} }}", arms.join(" "));
        let success_value = if empty_success {
            format!("{}{{}}", self.ty_from(ok_ty, lib, nested))
        } else {
            "value".to_string()
        };
        let from_output = match &err {
            Some((v, _)) => format!(
                "match output {{ Ok({}) => {union_path}::{ok_variant}({success_value}), Err(e) => {union_path}::{v}(e) }}",
                if empty_success { "()" } else { "value" }
            ),
            None if empty_success => {
                format!("let () = output;\n            {union_path}::{ok_variant}({success_value})")
            }
            None => format!("{union_path}::{ok_variant}(output)"),
        };
        Response {
            body: union_path,
            output,
            into_output,
            from_output,
        }
    }
}

/// The Rust name of a method's type and of its message-enum variant.
fn method_type(m: &Method) -> String {
    variant_name(&m.name)
}

fn kind_text(m: &Method) -> &'static str {
    if m.is_event {
        "event"
    } else if m.two_way {
        "two-way method"
    } else {
        "one-way method"
    }
}
