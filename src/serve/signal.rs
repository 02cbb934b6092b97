//! Ctrl-C (and SIGTERM) as a request to stop, so that `serve` can remove its temporary
//! folder on the way out. A second Ctrl-C while stopping exits at once.
//!
//! No extra dependency: the C runtime's `signal` on Unix, `SetConsoleCtrlHandler` on Windows.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Whether a stop was asked for since [`install`].
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Catches Ctrl-C and SIGTERM from now on.
pub fn install() {
    imp::install();
}

#[cfg(unix)]
mod imp {
    use super::REQUESTED;
    use std::sync::atomic::Ordering;

    const SIGINT: i32 = 2;
    const SIGTERM: i32 = 15;

    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
        fn _exit(status: i32) -> !;
    }

    extern "C" fn on_signal(_: i32) {
        // Only async-signal-safe work here: an atomic swap, or _exit.
        if REQUESTED.swap(true, Ordering::SeqCst) {
            unsafe { _exit(130) }
        }
    }

    pub fn install() {
        // SAFETY: `on_signal` only touches an atomic and calls `_exit`, both signal-safe.
        unsafe {
            signal(SIGINT, on_signal);
            signal(SIGTERM, on_signal);
        }
    }
}

#[cfg(windows)]
mod imp {
    use super::REQUESTED;
    use std::sync::atomic::Ordering;

    #[link(name = "kernel32")]
    extern "system" {
        fn SetConsoleCtrlHandler(handler: Option<extern "system" fn(u32) -> i32>, add: i32) -> i32;
    }

    extern "system" fn on_ctrl(_: u32) -> i32 {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        1
    }

    pub fn install() {
        // SAFETY: registers a handler that only touches an atomic.
        unsafe {
            SetConsoleCtrlHandler(Some(on_ctrl), 1);
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn install() {}
}
