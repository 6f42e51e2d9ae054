//! Transactional messages (spec §12): the 16-byte header, epitaphs, and the framework-error
//! reply to unknown flexible two-way methods.

use crate::Result;
use crate::decode::DecodeOptions;
use crate::encode::Encoder;
use crate::error::{ErrorKind, err};
use crate::handle::{HandleDisposition, HandleInfo};
use crate::wire::{Decode, Encode};

/// Size of the transactional header.
pub const HEADER_SIZE: usize = 16;
/// The only magic number defined (`MAGIC_NUMBER_INITIAL`).
pub const MAGIC_NUMBER: u8 = 1;
/// At-rest flag: the V2 wire format (header byte 4 = `0x02`).
pub const AT_REST_V2: u16 = 0x0002;
/// Dynamic flag: the method or event is flexible.
pub const DYNAMIC_FLEXIBLE: u8 = 0x80;
/// Dynamic flag: the body lives in an overflow VMO (large messages).
pub const DYNAMIC_BYTE_OVERFLOW: u8 = 0x40;
/// Ordinal of the epitaph control message.
pub const EPITAPH_ORDINAL: u64 = u64::MAX;
/// `ZX_ERR_NOT_SUPPORTED`: the framework error `UNKNOWN_METHOD`.
pub const UNKNOWN_METHOD: i32 = -2;

/// The transactional message header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransactionHeader {
    /// Transaction id; 0 for one-way messages, events and epitaphs.
    pub txid: u32,
    /// At-rest flags (bytes 4–5).
    pub at_rest_flags: u16,
    /// Dynamic flags (byte 6).
    pub dynamic_flags: u8,
    /// Magic number (byte 7).
    pub magic_number: u8,
    /// Method or event ordinal.
    pub ordinal: u64,
}

impl TransactionHeader {
    /// A V2 header for `ordinal`; `flexible` sets the dynamic flexible bit.
    pub const fn new(txid: u32, ordinal: u64, flexible: bool) -> Self {
        TransactionHeader {
            txid,
            at_rest_flags: AT_REST_V2,
            dynamic_flags: if flexible { DYNAMIC_FLEXIBLE } else { 0 },
            magic_number: MAGIC_NUMBER,
            ordinal,
        }
    }

    /// True when the flexible dynamic flag is set.
    pub const fn is_flexible(&self) -> bool {
        self.dynamic_flags & DYNAMIC_FLEXIBLE != 0
    }

    /// True for the epitaph ordinal.
    pub const fn is_epitaph(&self) -> bool {
        self.ordinal == EPITAPH_ORDINAL
    }

    /// The 16 header bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_SIZE] {
        let mut b = [0u8; HEADER_SIZE];
        b[0..4].copy_from_slice(&self.txid.to_le_bytes());
        b[4..6].copy_from_slice(&self.at_rest_flags.to_le_bytes());
        b[6] = self.dynamic_flags;
        b[7] = self.magic_number;
        b[8..16].copy_from_slice(&self.ordinal.to_le_bytes());
        b
    }

    /// Parses and checks a header (length, magic number, V2 flag); returns it and the body.
    /// Dynamic flags are deliberately not validated (strict/flexible migrations).
    pub fn parse(bytes: &[u8]) -> Result<(TransactionHeader, &[u8])> {
        let Some((head, body)) = bytes.split_first_chunk::<HEADER_SIZE>() else {
            return err(ErrorKind::HeaderTooShort, bytes.len());
        };
        let h = TransactionHeader {
            txid: u32::from_le_bytes([head[0], head[1], head[2], head[3]]),
            at_rest_flags: u16::from_le_bytes([head[4], head[5]]),
            dynamic_flags: head[6],
            magic_number: head[7],
            ordinal: u64::from_le_bytes([
                head[8], head[9], head[10], head[11], head[12], head[13], head[14], head[15],
            ]),
        };
        if h.magic_number != MAGIC_NUMBER {
            return err(ErrorKind::IncompatibleMagicNumber, 7);
        }
        if h.at_rest_flags & AT_REST_V2 == 0 {
            return err(ErrorKind::UnsupportedWireFormatVersion, 4);
        }
        Ok((h, body))
    }
}

/// Encodes a transactional message: `header` followed by `body` (no body for `None`, as for
/// methods without a payload). Buffers are cleared and reused.
pub fn encode_message<T: Encode>(
    header: &TransactionHeader,
    body: Option<&T>,
    bytes: &mut Vec<u8>,
    handles: &mut Vec<HandleDisposition>,
) -> Result<()> {
    let mut e = encoder_after_header(header, bytes, handles);
    // Nothing in a V2 body refers to absolute offsets, so encoding it right after the 16-byte
    // (8-aligned) header in the same buffer is exactly encoding it alone.
    let r = match body {
        None => Ok(()),
        Some(body) => e
            .alloc(T::INLINE_SIZE, 0)
            .and_then(|off| body.encode(&mut e, off, 0, T::Constraint::default())),
    };
    if r.is_err() {
        bytes.clear();
        handles.clear();
    }
    r
}

/// Decodes a transactional message whose body is a `T`; returns the header and the body.
pub fn decode_message<T: Decode>(
    bytes: &[u8],
    handles: Vec<HandleInfo>,
) -> Result<(TransactionHeader, T)> {
    let (header, body) = TransactionHeader::parse(bytes)?;
    let value = DecodeOptions::default()
        .decode_with_handles(body, handles)
        .map_err(|e| e.shifted(HEADER_SIZE))?;
    Ok((header, value))
}

/// Checks the body of a method without payload: it must be empty.
pub fn check_empty_body(body: &[u8], handles: &[HandleInfo]) -> Result<()> {
    if !body.is_empty() {
        return err(ErrorKind::TooManyBytesInMessage, HEADER_SIZE);
    }
    if !handles.is_empty() {
        return err(ErrorKind::TooManyHandlesInMessage, HEADER_SIZE);
    }
    Ok(())
}

/// The 24-byte epitaph message carrying `status` (spec §12.4).
pub fn encode_epitaph(status: i32) -> [u8; 24] {
    let mut b = [0u8; 24];
    b[..16].copy_from_slice(&TransactionHeader::new(0, EPITAPH_ORDINAL, false).to_bytes());
    b[16..20].copy_from_slice(&status.to_le_bytes());
    b
}

/// Parses an epitaph message and returns its status.
pub fn decode_epitaph(bytes: &[u8]) -> Result<i32> {
    let (header, body) = TransactionHeader::parse(bytes)?;
    if !header.is_epitaph() {
        return err(ErrorKind::UnexpectedOrdinal, 8);
    }
    decode_status_body(body)
}

fn decode_status_body(body: &[u8]) -> Result<i32> {
    let Some((status, padding)) = body.split_first_chunk::<4>() else {
        return err(
            ErrorKind::TooFewBytesInPrimaryObject,
            HEADER_SIZE + body.len(),
        );
    };
    if padding.len() < 4 {
        return err(
            ErrorKind::TooFewBytesInPrimaryObject,
            HEADER_SIZE + body.len(),
        );
    }
    if let Some(i) = padding[..4].iter().position(|b| *b != 0) {
        return err(ErrorKind::InvalidPaddingByte, HEADER_SIZE + 4 + i);
    }
    if padding.len() > 4 {
        return err(ErrorKind::TooManyBytesInMessage, HEADER_SIZE + 8);
    }
    Ok(i32::from_le_bytes(*status))
}

/// The reply to an unknown flexible two-way method of an open protocol (spec §12.6): the
/// request's txid, ordinal and dynamic flags, body = result union `{3: framework_err = -2}`.
pub fn unknown_method_reply(request: &TransactionHeader) -> [u8; 32] {
    let mut b = [0u8; 32];
    let header = TransactionHeader {
        at_rest_flags: AT_REST_V2,
        magic_number: MAGIC_NUMBER,
        ..*request
    };
    b[..16].copy_from_slice(&header.to_bytes());
    b[16] = 3; // union ordinal: framework_err
    b[24..28].copy_from_slice(&UNKNOWN_METHOD.to_le_bytes());
    b[30] = 1; // inline envelope, 0 handles
    b
}

/// Builds a transactional message with an encoder positioned after the header. Used by
/// transports that encode several parts into one buffer.
pub fn encoder_after_header<'a>(
    header: &TransactionHeader,
    bytes: &'a mut Vec<u8>,
    handles: &'a mut Vec<HandleDisposition>,
) -> Encoder<'a> {
    let mut e = Encoder::new(bytes, handles);
    let at = e.alloc(HEADER_SIZE, 0).expect("depth 0 is always allowed");
    e.bytes_mut(at, HEADER_SIZE)
        .copy_from_slice(&header.to_bytes());
    e
}
