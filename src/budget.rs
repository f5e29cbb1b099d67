//! Memory accounting per thread: a [`GlobalAlloc`] wrapper that adds the
//! bytes a thread allocates (less those it frees) to the [`Allowance`]
//! that thread has entered, so the server can stop a query that grows past
//! its budget while it runs.
//!
//! The binary installs [`Counting`] around mimalloc. Without it (library
//! users, unit tests) every allowance reads zero and nothing is stopped.
//! Memory a query thread allocates and another thread frees is not taken
//! off its count: the count errs on the high side.

// A global allocator cannot be written without `unsafe`: this module is
// the only place the crate allows it, and it only forwards each call to
// the wrapped allocator and adds to a counter.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// How many allowances may be in use at once; the server runs far fewer
/// queries than this at a time.
const SLOTS: usize = 256;

/// No slot: the thread's allocations are not counted.
const NO_SLOT: usize = usize::MAX;

static BYTES: [AtomicIsize; SLOTS] = [const { AtomicIsize::new(0) }; SLOTS];
static TAKEN: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];

thread_local! {
    // Constant-initialised and without a destructor, so reading it inside
    // the allocator never allocates.
    static SLOT: Cell<usize> = const { Cell::new(NO_SLOT) };
}

/// Wraps an allocator and counts, per thread, what it hands out.
pub struct Counting<A>(pub A);

fn count(bytes: isize) {
    let _ = SLOT.try_with(|slot| {
        if let Some(counter) = BYTES.get(slot.get()) {
            counter.fetch_add(bytes, Ordering::Relaxed);
        }
    });
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded unchanged to the wrapped allocator; the
// counting around it neither allocates nor touches the memory.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees are passed on as they are.
        let ptr = unsafe { self.0.alloc(layout) };
        if !ptr.is_null() {
            count(signed(layout.size()));
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { self.0.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(signed(layout.size()));
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { self.0.dealloc(ptr, layout) };
        count(-signed(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(signed(new_size) - signed(layout.size()));
        }
        new
    }
}

/// A counter of the bytes held by the threads that entered it; the slot is
/// given back when the allowance is dropped.
#[derive(Debug)]
pub struct Allowance {
    slot: usize,
}

impl Allowance {
    /// A fresh counter at zero, or None when all are in use.
    pub fn claim() -> Option<Allowance> {
        (0..SLOTS).find_map(|slot| {
            TAKEN[slot]
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
                .ok()
                .map(|_| {
                    BYTES[slot].store(0, Ordering::Relaxed);
                    Allowance { slot }
                })
        })
    }

    /// The bytes counted so far (never below zero).
    pub fn bytes(&self) -> usize {
        usize::try_from(BYTES[self.slot].load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// Counts the current thread's allocations here until the guard drops.
    pub fn enter(&self) -> Entered {
        let previous = SLOT.with(|s| s.replace(self.slot));
        Entered { previous }
    }
}

impl Drop for Allowance {
    fn drop(&mut self) {
        TAKEN[self.slot].store(false, Ordering::Release);
    }
}

/// While alive, the thread's allocations count against an [`Allowance`].
pub struct Entered {
    previous: usize,
}

impl Drop for Entered {
    fn drop(&mut self) {
        SLOT.with(|s| s.set(self.previous));
    }
}
