//! `awaitify trace -- COMMAND...`: runs a Python command under the shipped tracer and
//! writes the merged trace (see `awaitify_python::evidence`).
//!
//! The tracer is injected without touching the project: a temporary directory holding a
//! `sitecustomize.py` (which starts the tracer, then runs any `sitecustomize` it shadows)
//! goes first on `PYTHONPATH`, so every Python process the command starts, subprocesses
//! included, is traced and writes its own part file there.

use crate::{CommonArgs, TraceArgs, setup, write_atomic};
use anyhow::{Context, Result, bail};
use awaitify_python::evidence::{Part, Trace, sha256_hex};
use std::process::ExitCode;
use std::time::Instant;

const SITECUSTOMIZE: &str = r#"# Written by `awaitify trace`: starts its tracer, then runs the sitecustomize this shadows.
import os as _os
import sys as _sys

try:
    import _awaitify_trace

    _awaitify_trace.start()
except Exception as _e:  # never stop the traced program
    _sys.stderr.write("awaitify trace: the tracer did not start: %r\n" % (_e,))


def _chain():
    import importlib.machinery
    import importlib.util

    here = _os.path.realpath(_os.path.dirname(_os.path.abspath(__file__)))
    rest = [p for p in _sys.path if _os.path.realpath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


_chain()
"#;

pub fn trace(args: TraceArgs) -> Result<ExitCode> {
    let Some((program, rest)) = args.command.split_first() else {
        bail!("trace: no command to run (awaitify trace -- python -m pytest -q)");
    };
    let root = std::fs::canonicalize(&args.root)
        .with_context(|| format!("{}: cannot open the project root", args.root.display()))?;
    let common = CommonArgs {
        lang: Some(crate::Lang::Python),
        rules: args.rules.clone(),
        ..Default::default()
    };
    let setup = setup(&root, &common)?;
    let dir = tempfile::Builder::new()
        .prefix("awaitify-trace-")
        .tempdir()
        .context("cannot create a directory for the tracer")?;
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts)?;
    std::fs::write(dir.path().join("sitecustomize.py"), SITECUSTOMIZE)?;
    std::fs::write(
        dir.path().join("_awaitify_trace.py"),
        awaitify_python::evidence::TRACER,
    )?;
    let mut names: Vec<&str> = setup
        .catalog
        .entries()
        .map(|e| e.name.as_str())
        .filter(|n| !n.ends_with(".*"))
        .collect();
    names.sort_unstable();
    let catalog_file = dir.path().join("catalog.txt");
    std::fs::write(&catalog_file, names.join("\n") + "\n")?;

    let mut pythonpath = std::ffi::OsString::from(dir.path());
    if let Some(old) = std::env::var_os("PYTHONPATH").filter(|p| !p.is_empty()) {
        pythonpath.push(":");
        pythonpath.push(old);
    }
    let untraced = if args.overhead {
        let t = Instant::now();
        let status = std::process::Command::new(program)
            .args(rest)
            .status()
            .with_context(|| format!("cannot run `{}`", program.to_string_lossy()))?;
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "awaitify trace: untraced run: {secs:.2} s (exit {})",
            status.code().map_or("signal".into(), |c| c.to_string())
        );
        Some(secs)
    } else {
        None
    };
    let started = Instant::now();
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest)
        .env("PYTHONPATH", &pythonpath)
        .env("AWAITIFY_TRACE_DIR", &parts)
        .env("AWAITIFY_TRACE_ROOT", &root)
        .env("AWAITIFY_TRACE_CATALOG", &catalog_file);
    if let Some(ms) = args.loop_watch {
        cmd.env("AWAITIFY_TRACE_LOOP_WATCH", ms.to_string());
    }
    if let Some(b) = &args.backend {
        cmd.env("AWAITIFY_TRACE_BACKEND", b);
    }
    let status = cmd
        .status()
        .with_context(|| format!("cannot run `{}`", program.to_string_lossy()))?;
    let wall = started.elapsed().as_secs_f64();

    let mut read: Vec<Part> = vec![];
    let mut entries: Vec<_> = std::fs::read_dir(&parts)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for p in entries {
        let text = std::fs::read_to_string(&p)?;
        match serde_json::from_str::<Part>(&text) {
            Ok(part) => read.push(part),
            Err(e) => eprintln!(
                "awaitify trace: warning: a process's part is unreadable ({e}); it is left out"
            ),
        }
    }
    if read.is_empty() {
        eprintln!(
            "awaitify trace: warning: no Python process was traced (is `{}` a Python program? \
             `python -I`, `-E` and `-S` skip sitecustomize)",
            program.to_string_lossy()
        );
    }
    let mut trace = Trace::merge(read);
    trace.tool = format!("awaitify {}", env!("CARGO_PKG_VERSION"));
    trace.root = root.display().to_string();
    trace.command = args
        .command
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    trace.exit_code = status.code();
    trace.wall_seconds = wall;
    trace.untraced_seconds = untraced;
    trace.loop_watch_ms = args.loop_watch;
    for f in &trace.functions {
        if trace.files.contains_key(&f.path) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(root.join(&f.path)) {
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            trace.files.insert(f.path.clone(), sha256_hex(bytes));
        }
    }
    let mut text = serde_json::to_string_pretty(&trace)?;
    text.push('\n');
    // A trace of an earlier run is replaced (`false`: not a file we only ever create).
    write_atomic(&args.output, text.as_bytes(), false)
        .with_context(|| format!("{}: cannot write the trace", args.output.display()))?;
    let blocked = trace.blocking.iter().fold(0.0, |t, b| t + b.seconds);
    let calls: u64 = trace.blocking.iter().map(|b| b.count).sum();
    eprintln!(
        "awaitify trace: {} process(es), {} functions, {} call edges, {} blocking calls \
         ({blocked:.3} s blocked){}; {wall:.2} s{}; wrote {}",
        trace.processes.len(),
        trace.functions.len(),
        trace.edges.len(),
        calls,
        if args.loop_watch.is_some() {
            format!(", {} loop blocks", trace.loop_blocks.len())
        } else {
            String::new()
        },
        untraced.map_or(String::new(), |u| format!(
            " ({:.2}x the untraced run)",
            wall / u.max(1e-9)
        )),
        args.output.display()
    );
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(c.clamp(1, 255) as u8),
        None => ExitCode::from(1),
    })
}
