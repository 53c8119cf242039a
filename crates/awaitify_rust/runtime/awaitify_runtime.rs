//! Runs async code from sync code. Written by awaitify: the sync shims it generates call
//! `block_on!`, so the old blocking API keeps working while callers move to the `async fn`s.
//!
//! Where a shim runs decides how the future is driven:
//! - outside any tokio runtime: on one process-wide multi-thread runtime, so objects the
//!   future creates (sockets, child processes, timers) outlive the call;
//! - inside a multi-thread runtime: `block_in_place`, on the current runtime;
//! - inside a current-thread runtime (`#[tokio::test]`'s default): on a scoped helper thread
//!   when the future is `Send`; otherwise polled right on the calling thread (blocking it,
//!   as the sync code did), with the process-wide runtime driving its timers and I/O.
//!
//! `blocking(|| ..)` runs a blocking call that stays in async code, in any runtime flavour.
// The crate's own lint levels (`#![deny(missing_docs)]`, ...) are not this module's.
#![allow(
    dead_code,
    unused_macros,
    unused_imports,
    missing_docs,
    missing_debug_implementations,
    unreachable_pub,
    rust_2018_idioms,
    clippy::all,
    clippy::pedantic
)]

use std::cell::Cell;
use std::future::Future;
use std::sync::OnceLock;
use tokio::runtime::{Handle, Runtime, RuntimeFlavor};

/// The process-wide runtime the shims use outside of any runtime.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("awaitify-shim")
            .build()
            .expect("awaitify shim: cannot start a tokio runtime")
    })
}

/// Drive a `Send` future to completion from sync code, wherever that code runs.
pub fn block_on_send<F>(fut: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    if IN_PLACE.with(Cell::get) > 0 {
        return drive_in_place(fut);
    }
    match Handle::try_current() {
        Err(_) => runtime().block_on(fut),
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::CurrentThread => {
            // The current thread is the runtime's only worker: blocking it would stall the
            // future's own I/O. Drive it on a helper thread and wait.
            std::thread::scope(|s| {
                s.spawn(|| runtime().block_on(fut))
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        }
        Ok(h) => tokio::task::block_in_place(|| h.block_on(fut)),
    }
}

/// Run blocking code from async code (awaitify's fallback where a blocking call cannot
/// move to `spawn_blocking`): through `block_in_place` on a multi-thread runtime, so the
/// worker's other tasks move elsewhere meanwhile; on a current-thread runtime, where
/// `block_in_place` panics, right here, blocking its only thread as the sync code did.
pub fn blocking<R>(f: impl FnOnce() -> R) -> R {
    if IN_PLACE.with(Cell::get) > 0 {
        return f();
    }
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::CurrentThread => f(),
        _ => tokio::task::block_in_place(f),
    }
}

thread_local! {
    /// How many futures `drive_in_place` is polling on this thread.
    static IN_PLACE: Cell<usize> = const { Cell::new(0) };
}

/// Poll `fut` to completion on this thread, which is a current-thread runtime's only
/// thread: it blocks here as the sync code did. The process-wide runtime is entered, so
/// the timers, sockets and blocking tasks the future creates are driven by its workers.
fn drive_in_place<F: Future>(fut: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
        fn wake_by_ref(self: &std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            IN_PLACE.with(|n| n.set(n.get() - 1));
        }
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
    let mut cx = std::task::Context::from_waker(&waker);
    // Outside tokio's cooperative budget: the blocked runtime's scheduler would be the one
    // to wake a future that ran out of it.
    let mut fut = std::pin::pin!(tokio::task::unconstrained(fut));
    let _entered = runtime().enter();
    IN_PLACE.with(|n| n.set(n.get() + 1));
    let _leave = Leave;
    loop {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        // A wake deferred to the blocked runtime (`yield_now`) never comes: poll again
        // after a while in any case (a spurious poll is harmless).
        std::thread::park_timeout(std::time::Duration::from_millis(10));
    }
}

/// Drive a future that is not `Send` to completion from sync code. Inside a current-thread
/// runtime it cannot move to a helper thread: it is polled right here (see
/// `drive_in_place`).
pub fn block_on_local<F: Future>(fut: F) -> F::Output {
    if IN_PLACE.with(Cell::get) > 0 {
        return drive_in_place(fut);
    }
    match Handle::try_current() {
        Err(_) => runtime().block_on(fut),
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::CurrentThread => drive_in_place(fut),
        Ok(h) => tokio::task::block_in_place(|| h.block_on(fut)),
    }
}

/// Holds the future for `block_on!`, which picks `block_on_send` when the future is `Send`
/// and `block_on_local` otherwise (method resolution prefers the by-reference impl whose
/// bounds hold).
pub struct Pending<F>(pub Cell<Option<F>>);

pub trait ViaSend {
    type Output;
    fn block(&self) -> Self::Output;
}

impl<F> ViaSend for Pending<F>
where
    F: Future + Send,
    F::Output: Send,
{
    type Output = F::Output;
    fn block(&self) -> F::Output {
        block_on_send(self.0.take().expect("awaitify shim: future already taken"))
    }
}

pub trait ViaLocal {
    type Output;
    fn block(&self) -> Self::Output;
}

impl<F: Future> ViaLocal for &Pending<F> {
    type Output = F::Output;
    fn block(&self) -> F::Output {
        block_on_local(self.0.take().expect("awaitify shim: future already taken"))
    }
}

/// `block_on!(fut)`: run `fut` to completion from sync code (see the module docs).
macro_rules! block_on {
    ($fut:expr) => {{
        #[allow(unused_imports)]
        use $crate::awaitify_runtime::{ViaLocal as _, ViaSend as _};
        (&$crate::awaitify_runtime::Pending(::std::cell::Cell::new(Some($fut)))).block()
    }};
}
pub(crate) use block_on;
