//! Surviving a memory-mapped file that shrinks while it is hashed.
//!
//! Reading a mapped page past a file's new end raises SIGBUS, which would kill the whole
//! Node process. While a mapping is registered here, a SIGBUS inside it is answered by
//! mapping a page of zeros over the faulting page and recording that the file shrank; the
//! read then completes, and [`file`](crate::file) reports the file as changed instead of
//! returning a digest. A SIGBUS anywhere else goes to the handler that was there before.
//!
//! The registry is a fixed array of atomics, because a signal handler may not lock or
//! allocate. A mapping that finds no free slot is not used (the caller reads instead).

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

const SLOTS: usize = 64;

#[allow(clippy::declare_interior_mutable_const)]
const FREE: AtomicUsize = AtomicUsize::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const CLEAR: AtomicBool = AtomicBool::new(false);

static STARTS: [AtomicUsize; SLOTS] = [FREE; SLOTS];
static ENDS: [AtomicUsize; SLOTS] = [FREE; SLOTS];
static SHRUNK: [AtomicBool; SLOTS] = [CLEAR; SLOTS];
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(4096);
static INSTALL: Once = Once::new();
static INSTALLED: AtomicBool = AtomicBool::new(false);
static mut PREVIOUS: MaybeUninit<libc::sigaction> = MaybeUninit::uninit();

/// A registered mapping; unregistered when dropped.
pub struct Guard {
    slot: usize,
}

impl Guard {
    /// Registers `len` bytes at `start`; `None` if the handler could not be installed or
    /// every slot is taken.
    pub fn register(start: *const u8, len: usize) -> Option<Guard> {
        install();
        if !INSTALLED.load(Ordering::Acquire) || len == 0 {
            return None;
        }
        let start = start as usize;
        for slot in 0..SLOTS {
            if STARTS[slot]
                .compare_exchange(0, start, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                SHRUNK[slot].store(false, Ordering::Relaxed);
                ENDS[slot].store(start + len, Ordering::Release);
                return Some(Guard { slot });
            }
        }
        None
    }

    /// Whether a read in this mapping faulted because the file had shrunk.
    pub fn shrunk(&self) -> bool {
        SHRUNK[self.slot].load(Ordering::Acquire)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        ENDS[self.slot].store(0, Ordering::Release);
        STARTS[self.slot].store(0, Ordering::Release);
    }
}

fn install() {
    INSTALL.call_once(|| {
        // SAFETY: sysconf reads no memory of ours and takes a valid name.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if page > 0 {
            PAGE_SIZE.store(page as usize, Ordering::Relaxed);
        }
        // The handler now in place is saved first and ours installed by a second call: the
        // kernel copies the old action out only after installing a new one, so asking for
        // both at once would leave a moment when our handler runs and reads PREVIOUS while
        // it is still being written.
        let previous = std::ptr::addr_of_mut!(PREVIOUS).cast::<libc::sigaction>();
        // SAFETY: `previous` points to static storage of the right type and size. Only this
        // closure writes PREVIOUS (Once runs it once), and no handler of ours that reads it
        // is installed yet.
        if unsafe { libc::sigaction(libc::SIGBUS, std::ptr::null(), previous) } != 0 {
            return;
        }
        // SAFETY: all-zero bytes are a valid sigaction (plain integers, a mask, no handler).
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = on_sigbus as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
        // SAFETY: sigemptyset only writes the mask it is handed, a field of a live local;
        // sigaction reads `action` (fully initialised) and writes no old action (null).
        let installed = unsafe {
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut())
        } == 0;
        if installed {
            INSTALLED.store(true, Ordering::Release);
        }
    });
}

/// The slot whose mapping holds `address`, if any.
fn owner(address: usize) -> Option<usize> {
    (0..SLOTS).find(|&slot| {
        let start = STARTS[slot].load(Ordering::Acquire);
        start != 0 && address >= start && address < ENDS[slot].load(Ordering::Acquire)
    })
}

extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    // SAFETY: the handler is installed with SA_SIGINFO, so the kernel passes a valid
    // siginfo_t, and for SIGBUS its si_addr field is the one that union member holds.
    let address = unsafe { (*info).si_addr() } as usize;
    if let Some(slot) = owner(address) {
        let page = address & !(PAGE_SIZE.load(Ordering::Relaxed) - 1);
        // SAFETY: the page lies inside a mapping that a live Guard registered (the Guard
        // outlives every read of it and unregisters before the map is unmapped), so
        // MAP_FIXED replaces only pages of our own read-only file mapping, never memory
        // anyone else owns; readers then see zeros instead of faulting, and the later
        // munmap of the whole map removes this page too. mmap is async-signal-safe.
        let mapped = unsafe {
            libc::mmap(
                page as *mut libc::c_void,
                PAGE_SIZE.load(Ordering::Relaxed),
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if mapped != libc::MAP_FAILED {
            SHRUNK[slot].store(true, Ordering::Release);
            return;
        }
    }
    forward(signal, info, context);
}

/// Hands a SIGBUS that is not ours to the handler installed before ours.
fn forward(signal: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    // SAFETY: install() wrote PREVIOUS completely with its first sigaction call, before the
    // second one installed this handler, and nothing writes it afterwards: a plain read of
    // initialised static memory, with no concurrent writer.
    let previous = unsafe {
        std::ptr::addr_of!(PREVIOUS)
            .cast::<libc::sigaction>()
            .read()
    };
    let handler = previous.sa_sigaction;
    if handler == libc::SIG_IGN {
        return;
    }
    if handler == libc::SIG_DFL {
        // Restore the default action and deliver the signal again, so the process ends
        // exactly as it would have without hashmill (for a fault and for a kill alike).
        // SAFETY: signal() and raise() take no pointers and are async-signal-safe.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
        return;
    }
    // SAFETY: a sa_sigaction other than SIG_DFL/SIG_IGN is the address of a handler the
    // kernel would call with the signature its SA_SIGINFO flag selects, so it is
    // transmuted to exactly that signature and called with the arguments we were given.
    unsafe {
        if previous.sa_flags & libc::SA_SIGINFO != 0 {
            let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(handler);
            f(signal, info, context);
        } else {
            let f: extern "C" fn(libc::c_int) = std::mem::transmute(handler);
            f(signal);
        }
    }
}
