//! Handing memory the allocator keeps but no longer uses back to the system.
//!
//! An analysis of a large draft allocates several times the draft's size for a moment, on a
//! thread of the blocking pool. glibc's malloc keeps what is freed for reuse, in an arena per
//! thread, and raises its threshold for mapping large blocks on their own each time one is
//! freed, so that soon every block comes from the arenas. A server that analysed a 1 MB draft on
//! several threads would hold that moment's peak several times over, for good. So the server
//! keeps one arena ([`ARENAS`]), keeps blocks of [`MAP_FROM`] and more mapped on their own (they
//! go back to the system when freed), and after a large draft's analysis asks malloc to return
//! the free pages of its arenas. Taking pages again costs the next analysis far less than the
//! analysis itself. It is asked once typing has paused ([`TRIM_PAUSE`]), not after every
//! keystroke: trimming holds malloc's locks, and the next keystroke's diagnostics would wait
//! for it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How many arenas malloc may keep: one, shared by every thread. A keystroke's analysis runs
/// on whichever worker thread took it, and the analysis it replaces is freed on the blocking
/// pool: with an arena per analysis, what one thread freed was not reused by the next analysis
/// on another, and a 1 MB draft's peak resident memory grew with the edits (41 MB after 500,
/// against 34 MB with one arena). Two analyses at once (`server::ANALYSES`) then share
/// malloc's lock, which measured no slower keystrokes.
pub const ARENAS: i32 = 1;

/// Blocks at least this large are mapped on their own, never taken from an arena.
pub const MAP_FROM: i32 = 128 * 1024;

/// Drafts at least this long have the allocator trimmed after their analysis is published.
pub const TRIM_AFTER: usize = 256 * 1024;

/// How long no large draft must have been analysed before free memory is handed back.
pub const TRIM_PAUSE: Duration = Duration::from_millis(500);

/// The last request to hand memory back: an older one waiting is superseded by it.
static TRIMS: AtomicU64 = AtomicU64::new(0);

/// Hands free memory back once no large draft was analysed for [`TRIM_PAUSE`]; a later call
/// supersedes this one. Runs in a task of its own: the caller does not wait.
pub fn release_when_idle() {
    let ticket = TRIMS.fetch_add(1, Ordering::Relaxed) + 1;
    tokio::spawn(async move {
        tokio::time::sleep(TRIM_PAUSE).await;
        if TRIMS.load(Ordering::Relaxed) == ticket {
            let _ = tokio::task::spawn_blocking(release_free).await;
        }
    });
}

/// Caps malloc's arenas at [`ARENAS`] and fixes its mapping threshold at [`MAP_FROM`]. Called
/// once, before the runtime starts its threads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    // SAFETY: `mallopt` only sets tunables of the allocator, both of them ones glibc knows.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_FROM);
    }
}

/// Tunes the allocator: nothing to ask for on this platform.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

/// Returns the allocator's free pages, in every arena, to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_free() {
    // SAFETY: `malloc_trim` only gives back pages no allocation uses; glibc allows it from any
    // thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Returns the allocator's free pages to the system: nothing to ask for on this platform.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free() {}
