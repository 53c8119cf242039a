//! A spinner on stderr for runs that take more than about a second, when stderr is a
//! terminal (never in pipes, files or CI logs): which phase has finished, and the time so
//! far. It is cleared before anything else is printed.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static BAR: OnceLock<Option<(indicatif::ProgressBar, Instant)>> = OnceLock::new();

/// Start the (hidden) spinner; it appears after the delay
/// (`AWAITIFY_PROGRESS_DELAY_MS`, default 1000) if the run is still going.
pub fn start() {
    let bar = BAR.get_or_init(|| {
        if !std::io::stderr().is_terminal() || std::env::var_os("AWAITIFY_TIMINGS").is_some() {
            return None;
        }
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} awaitify: {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message("reading");
        Some((bar, Instant::now()))
    });
    if let Some((bar, _)) = bar {
        let bar = bar.clone();
        let delay = std::env::var("AWAITIFY_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(delay));
            if !bar.is_finished() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
    }
}

/// A phase has finished: say what comes next.
pub fn phase(done: &str) {
    if let Some(Some((bar, _))) = BAR.get() {
        let next = match done {
            "walk and read" => "parsing",
            "parse and extract" => "resolving the call graph",
            "resolve, call graph, taint" => "rewriting (or checking)",
            "rewrite, apply, re-parse" => "verifying or writing the output",
            _ => "finishing",
        };
        bar.set_message(format!("{done}: done; {next}"));
    }
}

/// Clear the spinner before printing anything else (idempotent).
pub fn finish() {
    if let Some(Some((bar, _))) = BAR.get() {
        bar.finish_and_clear();
    }
}

/// Print around the spinner (it is hidden while `f` runs, then drawn again).
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    match BAR.get() {
        Some(Some((bar, _))) => bar.suspend(f),
        _ => f(),
    }
}
