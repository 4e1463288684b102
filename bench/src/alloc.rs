//! A global allocator that can count live heap bytes, so memory per znode is measured the same
//! way natively and in wasm (where there is no RSS to read). Counting is off unless a
//! measurement turns it on: the atomic updates would otherwise slow every allocation of the
//! speed benchmarks.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
/// Bytes allocated minus bytes freed while counting was on: the change in live heap.
static DELTA: AtomicIsize = AtomicIsize::new(0);

fn count(bytes: usize, sign: isize) {
    if ON.load(Ordering::Relaxed) {
        DELTA.fetch_add(sign * bytes as isize, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 1);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(layout.size(), -1);
        System.dealloc(ptr, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 1);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size, 1);
        count(layout.size(), -1);
        System.realloc(ptr, layout, new_size)
    }
}

/// How much the live heap (requested sizes, without the allocator's own overhead) grows while
/// `f` runs. Frees of memory allocated earlier count too, so this is the exact change.
pub fn heap_growth<T>(f: impl FnOnce() -> T) -> (T, isize) {
    DELTA.store(0, Ordering::Relaxed);
    ON.store(true, Ordering::Relaxed);
    let out = f();
    ON.store(false, Ordering::Relaxed);
    (out, DELTA.load(Ordering::Relaxed))
}
