//! Servers of the binding tests' protocols (`fidl/bindings.fidl`), written against the
//! generated handler traits exactly as an application would.

use crate::own::fidlwire::test::bindings::*;
use fidlwire_bindings::{ControlHandle, HandlerResult, Responder, Status};
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Serves `Echo`; sends `OnFired` through its control handle.
pub struct EchoImpl {
    /// Where `Fire` sends its event.
    pub control: ControlHandle<EchoMarker>,
}

impl EchoServer for EchoImpl {
    async fn echo(
        &mut self,
        request: EchoEchoRequest,
        responder: Responder<echo::Echo>,
    ) -> HandlerResult {
        Ok(responder
            .send(EchoEchoResponse {
                value: request.value,
            })
            .await?)
    }

    async fn echo_string(
        &mut self,
        request: EchoEchoStringRequest,
        responder: Responder<echo::EchoString>,
    ) -> HandlerResult {
        Ok(responder
            .send(EchoEchoStringResponse { text: request.text })
            .await?)
    }

    /// Answers from another task after the delay, so that later requests overtake it.
    async fn slow(
        &mut self,
        request: EchoSlowRequest,
        responder: Responder<echo::Slow>,
    ) -> HandlerResult {
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(request.delay_ms.into())).await;
            let _ = responder
                .send(EchoSlowResponse {
                    value: request.value,
                })
                .await;
        });
        Ok(())
    }

    async fn fire(&mut self, request: EchoFireRequest) -> HandlerResult {
        Ok(self
            .control
            .send_event::<echo::OnFired>(&EchoOnFiredRequest {
                value: request.value,
            })
            .await?)
    }

    async fn misbehave(
        &mut self,
        request: EchoMisbehaveRequest,
        responder: Responder<echo::Misbehave>,
    ) -> HandlerResult {
        match request.how {
            Misbehavior::DropResponder => {
                drop(responder);
                Ok(())
            }
            Misbehavior::HandlerError => Err("asked to fail".into()),
            Misbehavior::Panic => panic!("asked to panic"),
            Misbehavior::Epitaph => {
                responder
                    .control_handle()
                    .shutdown_with_epitaph(Status::UNAVAILABLE);
                Ok(())
            }
        }
    }
}

/// What an `Open` server saw of unknown methods: `(ordinal, two-way)`.
pub type UnknownLog = Arc<Mutex<Vec<(u64, bool)>>>;

/// Serves `Open`, recording unknown methods.
pub struct OpenImpl {
    /// Unknown methods reported to the handler.
    pub unknown: UnknownLog,
    /// Where `Notify` sends its event.
    pub control: ControlHandle<OpenMarker>,
}

impl OpenServer for OpenImpl {
    async fn call(
        &mut self,
        request: OpenCallRequest,
        responder: Responder<open::Call>,
    ) -> HandlerResult {
        let result = if request.value > i64::MAX as u64 {
            Err(Error::Negative)
        } else {
            Ok(OpenCallResponse {
                value: request.value,
            })
        };
        Ok(responder.send(result).await?)
    }

    async fn notify(&mut self, request: OpenNotifyRequest) -> HandlerResult {
        Ok(self
            .control
            .send_event::<open::OnNotified>(&OpenOnNotifiedRequest {
                value: request.value,
            })
            .await?)
    }

    async fn ping(&mut self, responder: Responder<open::Ping>) -> HandlerResult {
        Ok(responder.send(()).await?)
    }

    async fn handle_unknown_method(
        &mut self,
        ordinal: u64,
        kind: fidlwire::protocol::MethodKind,
    ) -> HandlerResult {
        let two_way = kind == fidlwire::protocol::MethodKind::TwoWay;
        self.unknown.lock().unwrap().push((ordinal, two_way));
        Ok(())
    }
}

/// Serves `Ajar`, recording unknown methods.
pub struct AjarImpl {
    /// Unknown methods reported to the handler.
    pub unknown: UnknownLog,
}

impl AjarServer for AjarImpl {
    async fn notify(&mut self, _: AjarNotifyRequest) -> HandlerResult {
        Ok(())
    }

    async fn call(&mut self, responder: Responder<ajar::Call>) -> HandlerResult {
        Ok(responder.send(()).await?)
    }

    async fn handle_unknown_method(
        &mut self,
        ordinal: u64,
        kind: fidlwire::protocol::MethodKind,
    ) -> HandlerResult {
        let two_way = kind == fidlwire::protocol::MethodKind::TwoWay;
        self.unknown.lock().unwrap().push((ordinal, two_way));
        Ok(())
    }
}

/// Serves `Files`: reads descriptors it receives, serves `Echo` on server ends it receives —
/// through `server` when it has one (the server's binding set grows from inside), on a task of
/// its own otherwise.
#[derive(Default)]
pub struct FilesImpl {
    /// The server that serves received server ends.
    pub server: Option<fidlwire_bindings::Server>,
}

impl FilesServer for FilesImpl {
    async fn read(
        &mut self,
        request: FilesReadRequest,
        responder: Responder<files::Read>,
    ) -> HandlerResult {
        let (object_type, rights) = fidlwire_bindings::fd::handle_basic_info(&request.file)
            .ok_or("the file is not a descriptor handle")?;
        let file = std::fs::File::from(fidlwire_bindings::fd::fd_from_handle(request.file)?);
        let size = file.metadata()?.len();
        let mut head = vec![0u8; size.min(64) as usize];
        file.read_exact_at(&mut head, 0)?;
        Ok(responder
            .send(FilesReadResponse {
                size,
                head,
                object_type: object_type.0,
                rights: rights.0,
            })
            .await?)
    }

    async fn write(
        &mut self,
        _: FilesWriteRequest,
        responder: Responder<files::Write>,
    ) -> HandlerResult {
        Ok(responder.send(()).await?)
    }

    async fn connect(&mut self, request: FilesConnectRequest) -> HandlerResult {
        if let Some(server) = &self.server {
            server.add_with(request.server, |c| EchoImpl { control: c.control })?;
            return Ok(());
        }
        let binding = fidlwire_bindings::Binding::new(request.server)?;
        let control = binding.control_handle();
        tokio::spawn(binding.serve(EchoImpl { control }));
        Ok(())
    }
}
