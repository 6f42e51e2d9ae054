//! Protocol endpoints: `client_end:P` and `server_end:P`, channels with default channel rights
//! typed by the protocol marker `P`.

use crate::Result;
use crate::decode::{Buffer, Validator};
use crate::encode::Encoder;
use crate::handle::{Handle, HandleConstraint, HandleInfo, ObjectType, Rights};
use crate::protocol::{DecodeMessage, MethodInfo, Openness};
use crate::view::Slot;
use crate::wire::{Decode, Encode, Nullable, Type};
use std::fmt;
use std::marker::PhantomData;

/// A protocol marker: generated code implements it for each protocol (a zero-sized type named
/// `…Marker`). It ties together the protocol's name, openness, methods and message enums, so
/// that transports can check and dispatch messages without knowing the protocol.
pub trait ProtocolMarker: Sized + Send + Sync + 'static {
    /// The protocol's fully qualified FIDL name, `library.Name` (e.g. `"fuchsia.echo.Echo"`),
    /// whatever its attributes.
    const NAME: &'static str;
    /// The name a `@discoverable` protocol is found under: the attribute's `name` argument, or
    /// [`ProtocolMarker::NAME`] when it has none. `None` for protocols that are not
    /// discoverable.
    const DISCOVERABLE_NAME: Option<&'static str> = None;
    /// `open` (the default), `ajar` or `closed`: which unknown interactions are tolerated.
    const OPENNESS: Openness = Openness::Open;
    /// Every method and event, composed ones included.
    const METHODS: &'static [MethodInfo] = &[];
    /// The decoded requests, one variant per one-way or two-way method.
    type Request: DecodeMessage + Send + 'static;
    /// The decoded events, one variant per event.
    type Event: DecodeMessage + Send + 'static;
}

pub(crate) const CHANNEL: HandleConstraint =
    HandleConstraint::new(ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT);

macro_rules! endpoint {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        pub struct $name<P> {
            handle: Handle,
            _p: PhantomData<fn() -> P>,
        }

        impl<P> $name<P> {
            /// Wraps a channel handle.
            pub fn new(handle: Handle) -> Self {
                $name {
                    handle,
                    _p: PhantomData,
                }
            }

            /// The channel handle.
            pub fn handle(&self) -> &Handle {
                &self.handle
            }

            /// Unwraps the channel handle.
            pub fn into_handle(self) -> Handle {
                self.handle
            }
        }

        impl<P> fmt::Debug for $name<P> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.handle)
            }
        }

        impl<P> PartialEq for $name<P> {
            fn eq(&self, other: &Self) -> bool {
                self.handle == other.handle
            }
        }

        impl<P> Eq for $name<P> {}

        impl<P: 'static> Type for $name<P> {
            const INLINE_SIZE: usize = 4;
            const ALIGN: usize = 4;
            const RESOURCE: bool = true;
            type Constraint = ();
        }

        impl<P: 'static> Encode for $name<P> {
            fn encode(&self, e: &mut Encoder<'_>, offset: usize, depth: u32, _: ()) -> Result<()> {
                self.handle.encode(e, offset, depth, CHANNEL)
            }
        }

        impl<P: 'static> Decode for $name<P> {
            type View<'a> = &'a HandleInfo;

            fn validate<B: Buffer>(
                v: &mut Validator<'_, B>,
                offset: usize,
                depth: u32,
                _: (),
            ) -> Result<()> {
                Handle::validate(v, offset, depth, CHANNEL)
            }

            fn view(slot: Slot<'_>) -> &HandleInfo {
                Handle::view(slot)
            }

            fn from_view(view: &HandleInfo) -> Self {
                $name::new(view.handle.take())
            }
        }

        impl<P: 'static> Nullable for $name<P> {
            fn validate_optional<B: Buffer>(
                v: &mut Validator<'_, B>,
                offset: usize,
                depth: u32,
                _: (),
            ) -> Result<bool> {
                Handle::validate_optional(v, offset, depth, CHANNEL)
            }

            fn view_optional(slot: Slot<'_>) -> Option<&HandleInfo> {
                Handle::view_optional(slot)
            }
        }
    };
}

endpoint!(
    ClientEnd,
    "The client end of a channel speaking protocol `P` (`client_end:P`)."
);
endpoint!(
    ServerEnd,
    "The server end of a channel speaking protocol `P` (`server_end:P`)."
);
