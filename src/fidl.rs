//! Types of the built-in `fidl` library that generated code refers to.

use crate::Enum;

/// The framework error of flexible two-way methods (variant 3 of their result unions):
/// a strict `int32` enum whose only member is `UNKNOWN_METHOD = -2` (`ZX_ERR_NOT_SUPPORTED`).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[fidl(strict, repr = i32)]
pub enum FrameworkErr {
    /// The peer does not know the method.
    #[fidl(value = -2)]
    UnknownMethod,
}
