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
