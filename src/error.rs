//! The codec's single error type.
//!
//! [`ErrorKind`] has exactly one variant per GIDL conformance error code (wire-format spec §15),
//! plus a few variants for conditions outside the GIDL vocabulary (message headers, decode
//! limits). [`Error`] adds where the problem was found: a byte offset and, when available, the
//! path of fields that led there.

use std::fmt;

/// Declares [`ErrorKind`], its code names and [`ErrorKind::ALL`] from one list.
macro_rules! error_kinds {
    ($($(#[$doc:meta])* $kind:ident => $code:literal,)*) => {
        /// What went wrong. Variant names follow the GIDL codes; [`ErrorKind::code`] returns the code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $($(#[$doc])* $kind,)*
        }

        impl ErrorKind {
            /// The GIDL conformance code name (e.g. `"STRING_TOO_LONG"`); for the non-GIDL
            /// variants, a name in the same style.
            pub const fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $code,)*
                }
            }

            /// Every kind, in declaration order (for exhaustive tests and tooling).
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind,)*];
        }
    };
}

error_kinds! {
    /// Vector element count above its declared bound.
    CountExceedsLimit => "COUNT_EXCEEDS_LIMIT",
    /// Unknown envelope's `num_bytes` runs past the end of the message.
    EnvelopeBytesExceedMessageLength => "ENVELOPE_BYTES_EXCEED_MESSAGE_LENGTH",
    /// Envelope's `num_handles` exceeds the handles left in the message.
    EnvelopeHandlesExceedMessageLength => "ENVELOPE_HANDLES_EXCEED_MESSAGE_LENGTH",
    /// More than the allowed levels of out-of-line nesting.
    ExceededMaxOutOfLineDepth => "EXCEEDED_MAX_OUT_OF_LINE_DEPTH",
    /// Re-encoding a flexible union that holds an unknown variant.
    FlexibleUnionUnknownField => "FLEXIBLE_UNION_UNKNOWN_FIELD",
    /// A received handle's object type differs from the declared one.
    IncorrectHandleType => "INCORRECT_HANDLE_TYPE",
    /// A `bool` byte other than 0 or 1.
    InvalidBoolean => "INVALID_BOOLEAN",
    /// An empty struct's byte is not 0.
    InvalidEmptyStruct => "INVALID_EMPTY_STRUCT",
    /// A handle presence word other than 0 or `0xFFFF_FFFF`.
    InvalidHandlePresenceIndicator => "INVALID_HANDLE_PRESENCE_INDICATOR",
    /// The envelope inline bit disagrees with the size of the known type.
    InvalidInlineBitInEnvelope => "INVALID_INLINE_BIT_IN_ENVELOPE",
    /// Envelope flags other than 0 or 1.
    InvalidInlineMarkerInEnvelope => "INVALID_INLINE_MARKER_IN_ENVELOPE",
    /// `num_bytes` not a multiple of 8, or not the bytes actually used.
    InvalidNumBytesInEnvelope => "INVALID_NUM_BYTES_IN_ENVELOPE",
    /// `num_handles` differs from the handles actually used.
    InvalidNumHandlesInEnvelope => "INVALID_NUM_HANDLES_IN_ENVELOPE",
    /// A padding byte is not zero.
    InvalidPaddingByte => "INVALID_PADDING_BYTE",
    /// An 8-byte presence word other than 0 or all ones.
    InvalidPresenceIndicator => "INVALID_PRESENCE_INDICATOR",
    /// A received handle lacks rights the declaration requires.
    MissingRequiredHandleRights => "MISSING_REQUIRED_HANDLE_RIGHTS",
    /// A string with a nonzero count and an absent body.
    NonEmptyStringWithNullBody => "NON_EMPTY_STRING_WITH_NULL_BODY",
    /// A vector with a nonzero count and an absent body.
    NonEmptyVectorWithNullBody => "NON_EMPTY_VECTOR_WITH_NULL_BODY",
    /// A required value is absent.
    NonNullableTypeWithNullValue => "NON_NULLABLE_TYPE_WITH_NULL_VALUE",
    /// Legacy code: unknown data with handles in a value type. Never produced: the current
    /// bindings spec accepts such data and closes the handles.
    NonResourceUnknownHandles => "NON_RESOURCE_UNKNOWN_HANDLES",
    /// A strict bits value has undeclared bits.
    StrictBitsUnknownBit => "STRICT_BITS_UNKNOWN_BIT",
    /// A strict enum value is not declared.
    StrictEnumUnknownValue => "STRICT_ENUM_UNKNOWN_VALUE",
    /// A strict union carries an unknown ordinal.
    StrictUnionUnknownField => "STRICT_UNION_UNKNOWN_FIELD",
    /// A string count above 2^32 - 1.
    StringCountExceeds32BitLimit => "STRING_COUNT_EXCEEDS_32_BIT_LIMIT",
    /// String bytes are not valid UTF-8.
    StringNotUtf8 => "STRING_NOT_UTF8",
    /// A string longer (in bytes) than its bound.
    StringTooLong => "STRING_TOO_LONG",
    /// A table max ordinal above 2^32 - 1.
    TableCountExceeds32BitLimit => "TABLE_COUNT_EXCEEDS_32_BIT_LIMIT",
    /// An out-of-line object runs past the end of the message.
    TooFewBytes => "TOO_FEW_BYTES",
    /// The message is shorter than the primary object.
    TooFewBytesInPrimaryObject => "TOO_FEW_BYTES_IN_PRIMARY_OBJECT",
    /// A handle is present but the handle table is exhausted.
    TooFewHandles => "TOO_FEW_HANDLES",
    /// Bytes are left over after decoding.
    TooManyBytesInMessage => "TOO_MANY_BYTES_IN_MESSAGE",
    /// Handles are left over after decoding.
    TooManyHandlesInMessage => "TOO_MANY_HANDLES_IN_MESSAGE",
    /// A transactional message's ordinal is not the expected one.
    UnexpectedOrdinal => "UNEXPECTED_ORDINAL",
    /// A union has no variant (ordinal 0 with a non-zero envelope, or nothing to encode).
    UnionFieldNotSet => "UNION_FIELD_NOT_SET",
    /// A vector count above 2^32 - 1.
    VectorCountExceeds32BitLimit => "VECTOR_COUNT_EXCEEDS_32_BIT_LIMIT",
    // ---- Outside the GIDL vocabulary ----
    /// A message or persistence header is shorter than its fixed size.
    HeaderTooShort => "HEADER_TOO_SHORT",
    /// A header's magic number is not 1.
    IncompatibleMagicNumber => "INCOMPATIBLE_MAGIC_NUMBER",
    /// A header lacks the V2 wire-format at-rest flag.
    UnsupportedWireFormatVersion => "UNSUPPORTED_WIRE_FORMAT_VERSION",
    /// Persistence metadata has a nonzero disambiguator or reserved byte.
    InvalidWireMetadata => "INVALID_WIRE_METADATA",
    /// The message exceeds [`crate::DecodeOptions::max_bytes`].
    MessageTooLarge => "MESSAGE_TOO_LARGE",
    /// The handle table exceeds [`crate::DecodeOptions::max_handles`].
    TooManyHandlesForLimit => "TOO_MANY_HANDLES_FOR_LIMIT",
    /// Rights reduction of a handle failed in the handle backend.
    HandleReplaceFailed => "HANDLE_REPLACE_FAILED",
}

impl ErrorKind {
    /// Looks a kind up by its [`code`](Self::code) name.
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One step of the path from the top-level value to where an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A named struct, table or union member.
    Field(&'static str),
    /// An element of a vector or array.
    Index(u64),
}

/// A codec error: what went wrong, the byte offset where it was detected, and the field path.
///
/// The path is only built on the error path, so successful decodes never pay for it. The
/// details are boxed so that `Error` is one pointer: a `Result<T>` of a small `T` then comes
/// back in registers, which matters in the validator's hot loops (a 40-byte error made every
/// `Result` return through memory; see `BENCHMARKS.md`).
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.0)]
pub struct Error(Box<Details>);

#[derive(Clone, PartialEq, Eq)]
struct Details {
    kind: ErrorKind,
    offset: usize,
    /// Innermost segment first; displayed outermost first.
    path: Vec<PathSegment>,
}

impl fmt::Display for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at byte offset {}{}",
            self.kind,
            self.offset,
            PathDisplay(&self.path)
        )
    }
}

struct PathDisplay<'a>(&'a [PathSegment]);

impl fmt::Display for PathDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str(" (at ")?;
        for seg in self.0.iter().rev() {
            match seg {
                PathSegment::Field(name) => write!(f, ".{name}")?,
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        f.write_str(")")
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self})")
    }
}

impl Error {
    /// Creates an error of `kind` detected at byte `offset`.
    #[cold]
    pub fn new(kind: ErrorKind, offset: usize) -> Error {
        Error(Box::new(Details {
            kind,
            offset,
            path: Vec::new(),
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The GIDL conformance code name, e.g. `"STRING_TOO_LONG"`.
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// Byte offset in the message (or, for encode errors, in the output) where it was detected.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The path of members and indices leading to the error, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> {
        self.0.path.iter().rev()
    }

    /// The same error with its offset moved `by` bytes later: a body decoded on its own,
    /// reported relative to the message that holds it.
    pub fn shifted(mut self, by: usize) -> Error {
        self.0.offset += by;
        self
    }

    /// Records that the error happened inside member `name` (called while unwinding).
    #[cold]
    pub fn in_field(mut self, name: &'static str) -> Error {
        self.0.path.push(PathSegment::Field(name));
        self
    }

    /// Records that the error happened inside element `index` (called while unwinding).
    #[cold]
    pub fn in_index(mut self, index: u64) -> Error {
        self.0.path.push(PathSegment::Index(index));
        self
    }
}

/// The codec's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shorthand used throughout the runtime: an `Err` of `kind` at `offset`.
#[cold]
#[inline(never)]
pub fn err<T>(kind: ErrorKind, offset: usize) -> Result<T> {
    Err(Error::new(kind, offset))
}
