//! Errors of the dynamic codec: the runtime's [`fidlwire::Error`] (same codes, offsets and
//! numbers as the static codec) plus the member path, which here is only known at run time;
//! or a value that does not fit its type (encoding, and reading the text form).

use std::fmt;

/// What went wrong.
#[derive(Debug)]
pub enum ErrorKind {
    /// A wire-format rule failed: exactly the static codec's error.
    Codec(fidlwire::Error),
    /// A value (or its text form) does not fit the type it was given for.
    Mismatch {
        /// The type, e.g. `vector<uint8>:16`.
        expected: String,
        /// What was found instead.
        found: String,
    },
}

/// A dynamic decoding or encoding error.
#[derive(Debug)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Member names and element indexes (`[3]`) from the outermost value inwards.
    pub path: Vec<String>,
}

impl Error {
    /// A value or text that does not fit `expected`.
    pub fn mismatch(expected: impl Into<String>, found: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Mismatch {
                expected: expected.into(),
                found: found.into(),
            },
            path: Vec::new(),
        }
    }

    /// The error code: the wire-format code (e.g. `STRING_TOO_LONG`), or `VALUE_MISMATCH`.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            ErrorKind::Codec(e) => e.code(),
            ErrorKind::Mismatch { .. } => "VALUE_MISMATCH",
        }
    }

    /// The codec error, when a wire-format rule failed.
    pub fn codec(&self) -> Option<&fidlwire::Error> {
        match &self.kind {
            ErrorKind::Codec(e) => Some(e),
            ErrorKind::Mismatch { .. } => None,
        }
    }

    /// The byte offset the failed rule looked at.
    pub fn byte_offset(&self) -> Option<usize> {
        self.codec().and_then(fidlwire::Error::byte_offset)
    }

    /// The member path, e.g. `items[3].name`.
    pub fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            if !seg.starts_with('[') && !s.is_empty() {
                s.push('.');
            }
            s.push_str(seg);
        }
        s
    }

    /// Prepends a path segment (errors bubble up from the innermost value).
    pub(crate) fn within(mut self, segment: impl FnOnce() -> String) -> Error {
        self.path.insert(0, segment());
        self
    }
}

impl From<fidlwire::Error> for Error {
    fn from(error: fidlwire::Error) -> Error {
        Error {
            kind: ErrorKind::Codec(error),
            path: Vec::new(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Codec(e) => write!(f, "{e}")?,
            ErrorKind::Mismatch { expected, found } => {
                write!(f, "VALUE_MISMATCH: expected {expected}, found {found}")?
            }
        }
        if !self.path.is_empty() {
            write!(f, " (member {})", self.path_string())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.codec().map(|e| e as _)
    }
}

/// Results of the dynamic codec.
pub type Result<T> = std::result::Result<T, Error>;

/// A codec error of `kind` at `offset` carrying the offending value (as the runtime reports
/// strict enum and bits values).
pub(crate) fn value_error(kind: fidlwire::ErrorKind, offset: usize, value: u64) -> Error {
    fidlwire::Error::new(kind, offset)
        .with_numbers(fidlwire::Numbers::Value(value))
        .into()
}
