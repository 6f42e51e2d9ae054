//! A counting global allocator, so that the benches can report allocations per operation.
//!
//! Install it in a binary with `#[global_allocator] static A: Counting = Counting;`. Without
//! it, [`count`] reports `None`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// Forwards to [`System`], counting allocations and reallocations of the current thread.
pub struct Counting;

thread_local! {
    // `const` init: touching it never allocates, so the allocator can use it.
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
}

static INSTALLED: AtomicBool = AtomicBool::new(false);

// SAFETY: forwards every call to `System` unchanged; the only addition is a thread-local
// counter whose access never allocates (const-initialised `Cell`).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        INSTALLED.store(true, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` once and returns how many allocations (and reallocations) it made on this thread,
/// or `None` when [`Counting`] is not the global allocator. `f`'s result is dropped after
/// counting, so frees are not part of the count either way.
pub fn count<O>(f: impl FnOnce() -> O) -> Option<u64> {
    let before = ALLOCS.with(Cell::get);
    let out = f();
    let n = ALLOCS.with(Cell::get) - before;
    drop(out);
    INSTALLED.load(Ordering::Relaxed).then_some(n)
}
