//! Transactional messages: a 16-byte header, then a body whose type the method ordinal selects.

use crate::decode::{Message, Region, decode_annotated};
use crate::error::{Error, Result};
use crate::schema::{Method, Protocol, Schema, Ty};
use fidlwire::{HandleInfo, TransactionHeader};

/// Which body of a two-way method a message holds (events and one-way methods have one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Client to server.
    Request,
    /// Server to client (responses and events).
    Response,
}

/// A decoded transactional message.
#[derive(Debug)]
pub struct Transaction<'s> {
    /// The header.
    pub header: TransactionHeader,
    /// The method (or event) its ordinal names.
    pub method: &'s Method,
    /// The body's type; `None` for a method without payload.
    pub body_type: Option<Ty>,
    /// The body; `None` for a method without payload.
    pub body: Option<Message>,
}

/// Reads the header of `bytes`, finds the method of `protocol` with its ordinal and decodes the
/// body as the request or the response (`direction`; events are always read as events).
/// Regions of the body are offset by the header's 16 bytes.
pub fn decode_transaction<'s>(
    schema: &'s Schema,
    protocol: &'s Protocol,
    direction: Direction,
    bytes: &[u8],
    handles: Vec<HandleInfo>,
    regions: &mut Vec<Region>,
) -> Result<Transaction<'s>> {
    let (header, body) = TransactionHeader::parse(bytes).map_err(Error::from)?;
    let note = |start, len, what: String| Region {
        start,
        len,
        path: "header".into(),
        what,
    };
    regions.push(note(0, 4, format!("txid = {}", header.txid)));
    regions.push(note(
        4,
        2,
        format!("at-rest flags = {:#06x}", header.at_rest_flags),
    ));
    regions.push(note(
        6,
        1,
        format!("dynamic flags = {:#04x}", header.dynamic_flags),
    ));
    regions.push(note(7, 1, format!("magic = {}", header.magic_number)));
    let method = protocol
        .methods
        .iter()
        .find(|m| m.ordinal == header.ordinal)
        .ok_or_else(|| {
            Error::mismatch(
                format!("a method of {}", protocol.name),
                format!("ordinal {:#x}", header.ordinal),
            )
        })?;
    regions.push(note(
        8,
        8,
        format!("ordinal = {:#x} ({})", header.ordinal, method.name),
    ));
    let body_type = match (method.is_event, direction) {
        (true, _) | (false, Direction::Request) => method.request.clone(),
        (false, Direction::Response) => method.response.clone(),
    };
    let body_value = match &body_type {
        None => {
            fidlwire::header::check_empty_body(body, &handles).map_err(Error::from)?;
            None
        }
        Some(ty) => {
            let (r, body_regions) = decode_annotated(schema, ty, body, handles);
            regions.extend(body_regions.into_iter().map(|mut r| {
                r.start += fidlwire::header::HEADER_SIZE;
                r
            }));
            Some(r.map_err(|mut e| {
                if let crate::error::ErrorKind::Codec(c) = &mut e.kind {
                    *c = shift(c.clone());
                }
                e
            })?)
        }
    };
    Ok(Transaction {
        header,
        method,
        body_type,
        body: body_value,
    })
}

/// A body error with its offset moved past the header.
fn shift(e: fidlwire::Error) -> fidlwire::Error {
    e.shifted(fidlwire::header::HEADER_SIZE)
}
