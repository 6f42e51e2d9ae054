//! The echo service of `fidl/echo.fidl`.

use crate::fidl::fidlwire::examples::echo::*;
use fidlwire_bindings::{ControlHandle, HandlerResult, Responder};

/// Serves one `Echo` connection.
#[derive(Debug)]
pub struct EchoImpl {
    control: ControlHandle<EchoMarker>,
}

impl EchoImpl {
    /// An echo server on the connection of `control` (which `SendString` answers through).
    pub fn new(control: ControlHandle<EchoMarker>) -> Self {
        EchoImpl { control }
    }
}

impl EchoServer for EchoImpl {
    async fn echo_string(
        &mut self,
        request: EchoEchoStringRequest,
        responder: Responder<echo::EchoString>,
    ) -> HandlerResult {
        Ok(responder
            .send(EchoEchoStringResponse {
                response: request.value,
            })
            .await?)
    }

    async fn send_string(&mut self, request: EchoSendStringRequest) -> HandlerResult {
        Ok(self
            .control
            .send_event::<echo::OnString>(&EchoOnStringRequest {
                response: request.value,
            })
            .await?)
    }
}

/// How an echo server is built: the two designs the many-clients measurements compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    /// One tokio event loop (epoll) multiplexing every connection: [`fidlwire_bindings::Server`].
    EventLoop,
    /// A blocking thread per connection ([`crate::threaded`]).
    ThreadPerClient,
}

/// Runs an echo server of `design` on `address` (`unix:PATH` or `tcp:HOST:PORT`; port 0
/// picks one) until the process ends. Prints `listening unix:PATH` or `listening tcp:ADDR`
/// on its first line of output once it accepts connections.
pub fn run_server(design: Design, address: &str) -> Result<(), fidlwire_bindings::BoxError> {
    use std::io::Write;
    let announce = |what: String| {
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening {what}");
        let _ = out.flush();
    };
    match (design, address.split_once(':')) {
        (Design::ThreadPerClient, Some(("unix", path))) => {
            let path = std::path::Path::new(path);
            let _ = std::fs::remove_file(path);
            // Bound and listening before the announcement: `serve_unix` binds first.
            let path_buf = path.to_path_buf();
            let server = std::thread::spawn(move || crate::threaded::serve_unix(&path_buf));
            wait_for_path(path);
            announce(format!("unix:{}", path.display()));
            server.join().map_err(|_| "server thread panicked")??;
            Ok(())
        }
        (Design::ThreadPerClient, Some(("tcp", addr))) => {
            let listener = std::net::TcpListener::bind(addr)?;
            announce(format!("tcp:{}", listener.local_addr()?));
            crate::threaded::serve_tcp(listener)?;
            Ok(())
        }
        (Design::EventLoop, Some((kind @ ("unix" | "tcp"), addr))) => {
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async {
                let server = fidlwire_bindings::Server::new(Default::default());
                let factory =
                    |c: fidlwire_bindings::Connection<EchoMarker>| EchoImpl::new(c.control);
                if kind == "unix" {
                    let _ = std::fs::remove_file(addr);
                    let listener = fidlwire_bindings::Listener::bind(addr)?;
                    announce(format!("unix:{addr}"));
                    server.serve(listener, factory).await;
                } else {
                    let listener = tokio::net::TcpListener::bind(addr).await?;
                    announce(format!("tcp:{}", listener.local_addr()?));
                    server.serve(listener, factory).await;
                }
                Ok(())
            })
        }
        _ => Err(format!("bad address {address:?}: want unix:PATH or tcp:HOST:PORT").into()),
    }
}

fn wait_for_path(path: &std::path::Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !path.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// The [`Design`] a server mode names: `echo` (event loop) or `echo-threads`.
pub fn design_of(mode: &str) -> Option<Design> {
    match mode {
        "echo" => Some(Design::EventLoop),
        "echo-threads" => Some(Design::ThreadPerClient),
        _ => None,
    }
}
