//! Helpers for derived code (re-exported as `__private`). Not public API.

use crate::decode::{Buffer, Validator};
use crate::vector::{StringConstraint, VecConstraint};
use crate::wire::Type;
use std::fmt;

/// Constraint types that carry an outer length bound.
pub trait MaxLen {
    /// This constraint with the outer bound set to `max_len`.
    fn with_max_len(self, max_len: u32) -> Self;
}

impl MaxLen for StringConstraint {
    fn with_max_len(self, max_len: u32) -> Self {
        StringConstraint { max_len }
    }
}

impl<C> MaxLen for VecConstraint<C> {
    fn with_max_len(self, max_len: u32) -> Self {
        VecConstraint { max_len, ..self }
    }
}

/// The default constraint of `T` with its outer length bound set (`#[fidl(max_len = N)]`).
pub fn with_max_len<T: Type>(max_len: u32) -> T::Constraint
where
    T::Constraint: MaxLen,
{
    T::Constraint::default().with_max_len(max_len)
}

/// Integers the derived enum and bits code reads during validation.
pub trait Int: Copy {
    /// Reads `Self` little-endian at `offset`.
    fn read<B: Buffer>(v: &Validator<'_, B>, offset: usize) -> Self;
}

macro_rules! int {
    ($($t:ty),*) => {$(
        impl Int for $t {
            #[inline(always)]
            fn read<B: Buffer>(v: &Validator<'_, B>, offset: usize) -> Self {
                let mut a = [0u8; size_of::<$t>()];
                a.copy_from_slice(&v.bytes()[offset..offset + size_of::<$t>()]);
                <$t>::from_le_bytes(a)
            }
        }
    )*};
}
int!(u8, u16, u32, u64, i8, i16, i32, i64);

/// Reads an integer during validation.
#[inline(always)]
pub fn read_int<T: Int, B: Buffer>(v: &Validator<'_, B>, offset: usize) -> T {
    T::read(v, offset)
}

/// Wrapper for `Debug` of view fields: uses `Debug` when the field view has it, a placeholder
/// otherwise (autoref specialisation; resolved at the concrete types of the expansion).
pub struct DebugView<'a, T>(pub &'a T);

/// Chosen when `T: Debug`.
pub trait ViaDebug {
    /// The field as `dyn Debug`.
    fn view_debug(&self) -> &dyn fmt::Debug;
}

impl<T: fmt::Debug> ViaDebug for DebugView<'_, T> {
    fn view_debug(&self) -> &dyn fmt::Debug {
        self.0
    }
}

/// Fallback when `T` has no `Debug`.
pub trait ViaOpaque {
    /// A placeholder.
    fn view_debug(&self) -> &dyn fmt::Debug;
}

impl<T> ViaOpaque for &DebugView<'_, T> {
    fn view_debug(&self) -> &dyn fmt::Debug {
        &Opaque
    }
}

struct Opaque;

impl fmt::Debug for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("..")
    }
}
