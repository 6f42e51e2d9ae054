//! A second process for the binding tests: `peer serve-files PATH` listens on the Unix path and
//! serves `Files` on every connection. It stops by itself when its standard input closes (the
//! test that started it ended) or after a minute, whichever comes first.

use fidlwire_bindings::{Listener, serve};
use fidlwire_codegen_tests::own::fidlwire::test::bindings::FilesMarker;
use fidlwire_codegen_tests::servers::FilesImpl;
use std::io::Read;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, path] = args.as_slice() else {
        eprintln!("usage: peer serve-files PATH");
        std::process::exit(2);
    };
    if mode != "serve-files" {
        eprintln!("unknown mode {mode}");
        std::process::exit(2);
    }
    // Stop when the parent goes away (stdin closes).
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let listener = Listener::bind(path).expect("bind");
        let accept = async {
            loop {
                let Ok(channel) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve::<FilesMarker, _>(
                    channel.into(),
                    FilesImpl::default(),
                ));
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(60), accept).await;
    });
}
