//! [`ViewBuffer`]: zero-copy views over a read-only `&[u8]`.

use crate::Result;
use crate::decode::DecodeOptions;
use crate::handle::HandleInfo;
use crate::links::Links;
use crate::view::Slot;
use crate::wire::Decode;

/// Reusable state for zero-copy views over read-only bytes — a received buffer, a memory map,
/// a shared cache — without copying or modifying them.
///
/// Validation records the offset of every out-of-line block in a side table kept here, so
/// field access is O(1) and a view can only be obtained through validation. The table is reused
/// across messages (it grows to the largest message's size in bytes, once); warmed up, a view
/// costs no allocation. String views do not re-check UTF-8: the table records that the
/// validator did.
///
/// ```
/// use fidlwire::{Struct, ViewBuffer};
///
/// #[derive(Struct, Debug, PartialEq)]
/// struct Item {
///     key: String,
///     value: Vec<u32>,
/// }
///
/// let bytes = fidlwire::to_vec(&Item { key: "k".into(), value: vec![1, 2, 3] })?;
/// let mut views = ViewBuffer::new();
/// let item = views.view::<Item>(&bytes)?; // `bytes` is only borrowed, never modified
/// assert_eq!(item.key(), "k");
/// assert_eq!(item.value().iter().sum::<u32>(), 6);
/// // The same bytes can be viewed (or decoded) again.
/// assert_eq!(fidlwire::decode::<Item>(&bytes)?.key, "k");
/// # Ok::<(), fidlwire::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct ViewBuffer {
    links: Links,
    options: DecodeOptions,
}

impl ViewBuffer {
    /// An empty buffer with the default [`DecodeOptions`].
    pub fn new() -> ViewBuffer {
        ViewBuffer::default()
    }

    /// An empty buffer decoding with `options`.
    pub fn with_options(options: DecodeOptions) -> ViewBuffer {
        ViewBuffer {
            links: Links::default(),
            options,
        }
    }

    /// Validates `bytes` as a `T` and returns its view, borrowed from `bytes` and `self`.
    pub fn view<'a, T: Decode>(&'a mut self, bytes: &'a [u8]) -> Result<T::View<'a>> {
        self.options
            .run_linked::<T>(bytes, &mut self.links, &mut [])?;
        Ok(T::view(Slot::linked(bytes, &[], &self.links)))
    }

    /// Like [`ViewBuffer::view`] for a message with handles. Rights are reduced in place; on
    /// error every handle is closed and `handles` is cleared.
    pub fn view_with_handles<'a, T: Decode>(
        &'a mut self,
        bytes: &'a [u8],
        handles: &'a mut Vec<HandleInfo>,
    ) -> Result<T::View<'a>> {
        if let Err(e) = self
            .options
            .run_linked::<T>(bytes, &mut self.links, handles)
        {
            handles.clear();
            return Err(e);
        }
        Ok(T::view(Slot::linked(bytes, handles, &self.links)))
    }

    /// Bytes of side table currently held (about the largest message's size).
    pub fn capacity_bytes(&self) -> usize {
        self.links.capacity_bytes()
    }
}
