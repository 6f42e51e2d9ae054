//! Persistence (spec §13): an 8-byte wire-metadata header followed by a handle-less message.

use crate::Result;
use crate::decode::DecodeOptions;
use crate::encode::Encoder;
use crate::error::{ErrorKind, err};
use crate::header::{AT_REST_V2, MAGIC_NUMBER};
use crate::wire::{Decode, Encode, ValueType};

/// The V2 wire metadata: `00 01 02 00 00 00 00 00`.
pub const WIRE_METADATA_V2: [u8; 8] = [0x00, MAGIC_NUMBER, AT_REST_V2 as u8, 0x00, 0, 0, 0, 0];

/// Checks an 8-byte wire-metadata header (disambiguator and reserved bytes zero, magic 1, V2).
pub fn check_metadata(meta: &[u8]) -> Result<()> {
    let Some(m) = meta.first_chunk::<8>() else {
        return err(ErrorKind::HeaderTooShort, meta.len());
    };
    if m[1] != MAGIC_NUMBER {
        return err(ErrorKind::IncompatibleMagicNumber, 1);
    }
    if u16::from_le_bytes([m[2], m[3]]) & AT_REST_V2 == 0 {
        return err(ErrorKind::UnsupportedWireFormatVersion, 2);
    }
    if m[0] != 0 {
        return err(ErrorKind::InvalidWireMetadata, 0);
    }
    if let Some(i) = m[4..].iter().position(|b| *b != 0) {
        return err(ErrorKind::InvalidWireMetadata, 4 + i);
    }
    Ok(())
}

/// Persists a value type: metadata followed by its encoding.
pub fn persist<T: Encode + ValueType>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut handles = Vec::new();
    let mut e = Encoder::new(&mut bytes, &mut handles);
    // The metadata is one 8-byte block; the message after it keeps its 8-byte alignment and,
    // having no absolute offsets, encodes exactly as it would alone.
    let meta = e.alloc(8, 0)?;
    e.bytes_mut(meta, 8).copy_from_slice(&WIRE_METADATA_V2);
    let off = e.alloc(T::INLINE_SIZE, 0)?;
    value.encode(&mut e, off, 0, T::Constraint::default())?;
    Ok(bytes)
}

/// Reads back a value written by [`persist`].
pub fn unpersist<T: Decode + ValueType>(bytes: &[u8]) -> Result<T> {
    check_metadata(bytes)?;
    DecodeOptions::default()
        .decode(&bytes[8..])
        .map_err(|e| crate::Error::new(e.kind(), e.offset() + 8))
}
