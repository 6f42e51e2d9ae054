//! Serves one of the example protocols on a Unix socket path, in its own process:
//!
//! ```text
//! example-server kvstore|canvas|shared-store|shared-metered|shared-draw PATH
//! example-server echo|echo-threads unix:PATH|tcp:HOST:PORT
//! ```
//!
//! `echo` is the event-loop server, `echo-threads` the thread-per-client one; both print
//! `listening ADDRESS` first.
//!
//! It exits when its standard input closes (the process that started it ended) or after ten
//! minutes. Tests start it to call the protocols across processes.

use fidlwire_bindings::Listener;
use fidlwire_examples::echo::{design_of, run_server};
use fidlwire_examples::process::exit_with_parent;
use fidlwire_examples::{canvas, kvstore};
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [protocol, path] = args.as_slice() else {
        eprintln!(
            "usage: example-server kvstore|canvas|shared-store|shared-metered|shared-draw PATH"
        );
        std::process::exit(2);
    };
    exit_with_parent(Duration::from_secs(600));
    if let Some(design) = design_of(protocol) {
        if let Err(e) = run_server(design, path) {
            eprintln!("example-server: {e}");
            std::process::exit(1);
        }
        return;
    }
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let listener = match Listener::bind(path) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("example-server: cannot listen on {path}: {e}");
                std::process::exit(1);
            }
        };
        match protocol.as_str() {
            "kvstore" => {
                let server = fidlwire_bindings::Server::new(Default::default());
                kvstore::serve(&server, listener, kvstore::Items::default()).await
            }
            "canvas" => canvas::serve(&listener, Duration::from_millis(2), None).await,
            other => {
                #[cfg(shared)]
                if let Some(p) = fidlwire_examples::shared::Protocol::from_name(other) {
                    return fidlwire_examples::shared::serve(&listener, p).await;
                }
                eprintln!("example-server: unknown protocol {other}");
                std::process::exit(2);
            }
        }
    });
}
