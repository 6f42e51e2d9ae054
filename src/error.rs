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
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
    numbers: Option<Numbers>,
    /// The type being decoded or encoded (set by the entry points).
    type_name: Option<&'static str>,
}

/// The numbers behind an error: a bound and what exceeded it, or what was expected and what
/// was found. See [`Error::numbers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Numbers {
    /// `actual` exceeded `limit` (a count bound, a depth or size limit).
    Limit {
        /// The bound.
        limit: u64,
        /// The value that exceeded it.
        actual: u64,
    },
    /// `found` where `expected` was required (envelope byte and handle counts, message length,
    /// handle object types and rights, header fields).
    Mismatch {
        /// What the rules or the declaration required.
        expected: u64,
        /// What the message held.
        found: u64,
    },
    /// The offending value itself (a `bool` byte, a presence word, an unknown enum value or
    /// union ordinal).
    Value(u64),
}

impl fmt::Display for Numbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Numbers::Limit { limit, actual } => write!(f, "{actual} exceeds the limit of {limit}"),
            Numbers::Mismatch { expected, found } => {
                write!(
                    f,
                    "expected {expected:#x} ({expected}), found {found:#x} ({found})"
                )
            }
            Numbers::Value(v) => write!(f, "value {v:#x}"),
        }
    }
}

impl fmt::Display for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.code())?;
        if has_byte_offset(self.kind) {
            write!(f, " at byte offset {}", self.offset)?;
        }
        // ` (at some::Type.field[3])`, ` (at .field[3])` or ` (in some::Type)`.
        match (self.type_name, self.path.is_empty()) {
            (None, true) => {}
            (Some(t), true) => write!(f, " (in {t})")?,
            (t, false) => write!(f, " (at {}{})", t.unwrap_or(""), PathDisplay(&self.path))?,
        }
        if let Some(n) = &self.numbers {
            write!(f, ": {n}")?;
        }
        Ok(())
    }
}

/// Errors about the handle table as a whole point at no byte of the message.
fn has_byte_offset(kind: ErrorKind) -> bool {
    !matches!(
        kind,
        ErrorKind::TooManyHandlesInMessage | ErrorKind::TooManyHandlesForLimit
    )
}

struct PathDisplay<'a>(&'a [PathSegment]);

impl fmt::Display for PathDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for seg in self.0.iter().rev() {
            match seg {
                PathSegment::Field(name) => write!(f, ".{name}")?,
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
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
            numbers: None,
            type_name: None,
        }))
    }

    /// Attaches the numbers behind the error.
    #[cold]
    pub fn with_numbers(mut self, numbers: Numbers) -> Error {
        self.0.numbers = Some(numbers);
        self
    }

    /// Names the type being decoded or encoded (kept if one is already set: the innermost
    /// entry point knows best).
    #[cold]
    pub fn in_type(mut self, type_name: &'static str) -> Error {
        self.0.type_name.get_or_insert(type_name);
        self
    }

    /// The numbers behind the error, when the check that failed had any: the bound and the
    /// count for `STRING_TOO_LONG`, expected and found byte counts for
    /// `INVALID_NUM_BYTES_IN_ENVELOPE`, the bad byte for `INVALID_BOOLEAN`, …
    pub fn numbers(&self) -> Option<Numbers> {
        self.0.numbers
    }

    /// The Rust type that was being decoded or encoded, as `std::any::type_name` spells it.
    pub fn type_name(&self) -> Option<&'static str> {
        self.0.type_name
    }

    /// The byte offset, or `None` for errors about the handle table as a whole
    /// (`TOO_MANY_HANDLES_IN_MESSAGE`, `TOO_MANY_HANDLES_FOR_LIMIT`), which point at no byte.
    pub fn byte_offset(&self) -> Option<usize> {
        has_byte_offset(self.0.kind).then_some(self.0.offset)
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
    /// Errors about the handle table as a whole have none: this is then 0 (see
    /// [`Error::byte_offset`]).
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

/// The value of a required member: absence is `NON_NULLABLE_TYPE_WITH_NULL_VALUE` at `offset`.
#[inline(always)]
pub(crate) fn required<T>(value: Option<T>, offset: usize) -> Result<T> {
    match value {
        Some(v) => Ok(v),
        None => err(ErrorKind::NonNullableTypeWithNullValue, offset),
    }
}

/// [`err`] with `actual` over `limit`.
#[cold]
#[inline(never)]
pub fn err_limit<T>(kind: ErrorKind, offset: usize, limit: u64, actual: u64) -> Result<T> {
    Err(Error::new(kind, offset).with_numbers(Numbers::Limit { limit, actual }))
}

/// [`err`] with `found` where `expected` was required.
#[cold]
#[inline(never)]
pub fn err_mismatch<T>(kind: ErrorKind, offset: usize, expected: u64, found: u64) -> Result<T> {
    Err(Error::new(kind, offset).with_numbers(Numbers::Mismatch { expected, found }))
}

/// [`err`] with the offending value.
#[cold]
#[inline(never)]
pub fn err_value<T>(kind: ErrorKind, offset: usize, value: u64) -> Result<T> {
    Err(Error::new(kind, offset).with_numbers(Numbers::Value(value)))
}
