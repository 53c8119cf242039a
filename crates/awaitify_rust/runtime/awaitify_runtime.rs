//! Runs async code from sync code. Written by awaitify: the sync shims it generates call
//! `block_on!`, so the old blocking API keeps working while callers move to the `async fn`s.
//!
//! Where a shim runs decides how the future is driven:
//! - outside any tokio runtime: on one process-wide multi-thread runtime, so objects the
//!   future creates (sockets, child processes, timers) outlive the call;
//! - inside a multi-thread runtime: `block_in_place`, on the current runtime;
//! - inside a current-thread runtime (`#[tokio::test]`'s default): on a scoped helper thread
//!   when the future is `Send`; otherwise it panics with an explanation, instead of tokio's
//!   "Cannot start a runtime from within a runtime".
#![allow(dead_code, unused_macros, unused_imports)]

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

/// Drive a future that is not `Send` to completion from sync code.
pub fn block_on_local<F: Future>(fut: F) -> F::Output {
    match Handle::try_current() {
        Err(_) => runtime().block_on(fut),
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::CurrentThread => panic!(
            "awaitify shim: a sync shim was called inside a current-thread tokio runtime \
             (#[tokio::test] uses one) with a future that is not Send, so it cannot be moved \
             to a helper thread; call the async function with .await instead, or use \
             #[tokio::test(flavor = \"multi_thread\")]"
        ),
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
