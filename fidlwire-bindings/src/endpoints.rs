//! Typed channel endpoints: creating `client_end:P` / `server_end:P` pairs and converting
//! them to and from [`Channel`]s.

use crate::channel::Channel;
use crate::error::Error;
use fidlwire::{ClientEnd, ProtocolMarker, ServerEnd};

/// Creates a channel and returns its two ends typed by protocol `P`.
///
/// ```
/// # #[derive(Debug)] struct EchoMarker;
/// # impl fidlwire::ProtocolMarker for EchoMarker {
/// #     const NAME: &'static str = "test/Echo";
/// #     type Request = fidlwire::protocol::NoMessages;
/// #     type Event = fidlwire::protocol::NoMessages;
/// # }
/// let (client_end, server_end) = fidlwire_bindings::create_endpoints::<EchoMarker>()?;
/// let channel = fidlwire_bindings::Channel::try_from(server_end)?;
/// # drop((client_end, channel));
/// # Ok::<(), fidlwire_bindings::Error>(())
/// ```
pub fn create_endpoints<P: ProtocolMarker>() -> Result<(ClientEnd<P>, ServerEnd<P>), Error> {
    let (a, b) = Channel::create()?;
    Ok((a.into(), b.into()))
}

impl<P> From<Channel> for ClientEnd<P> {
    fn from(channel: Channel) -> Self {
        ClientEnd::new(channel.into_handle())
    }
}

impl<P> From<Channel> for ServerEnd<P> {
    fn from(channel: Channel) -> Self {
        ServerEnd::new(channel.into_handle())
    }
}

impl<P> TryFrom<ClientEnd<P>> for Channel {
    type Error = Error;

    /// Fails for endpoints whose handle is not a channel descriptor (e.g. emulated handles).
    fn try_from(end: ClientEnd<P>) -> Result<Channel, Error> {
        Channel::from_handle(end.into_handle())
    }
}

impl<P> TryFrom<ServerEnd<P>> for Channel {
    type Error = Error;

    /// Fails for endpoints whose handle is not a channel descriptor (e.g. emulated handles).
    fn try_from(end: ServerEnd<P>) -> Result<Channel, Error> {
        Channel::from_handle(end.into_handle())
    }
}
