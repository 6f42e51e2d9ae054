//! Servers in a second process: start one on a Unix socket path, connect to it, and make sure
//! it stops by itself (when its parent goes away, or after a deadline).

use fidlwire_bindings::{Channel, Error};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A fresh socket path in the temporary directory, unique to this process and `name`.
pub fn socket_path(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("fidlwire-{}-{name}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// In a child server: exits the process when standard input closes (the parent ended, however
/// it ended) or after `limit`, so that no server outlives its test or example.
pub fn exit_with_parent(limit: Duration) {
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        eprintln!("server: time limit reached, exiting");
        std::process::exit(0);
    });
}

/// A server process started by [`ChildServer::start`]; dropping it stops the process.
#[derive(Debug)]
pub struct ChildServer {
    child: Child,
    path: PathBuf,
}

impl ChildServer {
    /// Starts `program` with `args` (the last of which is usually the socket path) with a pipe
    /// as its standard input; see [`exit_with_parent`].
    pub fn start(program: &Path, args: &[&str], path: &Path) -> std::io::Result<ChildServer> {
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .spawn()?;
        Ok(ChildServer {
            child,
            path: path.to_path_buf(),
        })
    }

    /// Starts `program` with `args` and waits (up to 10 s) for its first line of output,
    /// `listening ADDRESS`, as [`crate::echo::run_server`] prints it; returns the address.
    pub fn start_listening(
        program: &Path,
        args: &[&str],
    ) -> std::io::Result<(ChildServer, String)> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut lines = std::io::BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            // Keep draining so that the child never blocks on a full pipe.
            for _ in lines {}
        });
        let line = rx.recv_timeout(Duration::from_secs(10));
        let mut server = ChildServer {
            child,
            path: PathBuf::new(),
        };
        let address = match line {
            Ok(Some(Ok(line))) => line.strip_prefix("listening ").map(str::to_string),
            _ => None,
        };
        let Some(address) = address else {
            let _ = server.shut_down();
            return Err(std::io::Error::other("the server did not start listening"));
        };
        if let Some(p) = address.strip_prefix("unix:") {
            server.path = PathBuf::from(p);
        }
        Ok((server, address))
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Closes the child's standard input and waits (up to 5 s, then kills it).
    pub fn stop(mut self) -> std::io::Result<std::process::ExitStatus> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> std::io::Result<std::process::ExitStatus> {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait()? {
                let _ = std::fs::remove_file(&self.path);
                return Ok(status);
            }
            if Instant::now() > deadline {
                self.child.kill()?;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.shut_down();
    }
}

/// Connects to `path`, retrying while the server is not listening yet, for up to `timeout`.
pub async fn connect_retrying(path: &Path, timeout: Duration) -> Result<Channel, Error> {
    let deadline = Instant::now() + timeout;
    loop {
        match fidlwire_bindings::connect(path).await {
            Ok(channel) => return Ok(channel),
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
}
