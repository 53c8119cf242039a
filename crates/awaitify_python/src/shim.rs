//! Sync shims and the runtime helper module they call.

use crate::analysis::Style;
use crate::model::{FuncKind, Function, ParamKind};

/// The runtime helper written once into a migrated project.
pub const RUNTIME_SOURCE: &str = include_str!("runtime.py");

/// The runtime helper for a Django project: a shim called from sync code runs its
/// coroutine through asgiref's `async_to_sync`, on a loop in another thread, so that the
/// thread-sensitive `sync_to_async` calls the migrated code makes (Django's own `a*`
/// methods are such calls) run back on the calling thread, with its database connection,
/// and never on a thread with a running event loop (Django's async-unsafe guard).
pub fn django_runtime() -> String {
    let text = RUNTIME_SOURCE.replace(
        "    if running is None:\n        return _complete(_thread_loop(), coro)\n",
        "    if running is None:\n        \
         # Django: ORM code must not run on a thread with a running event loop, and its\n        \
         # connections belong to a thread. async_to_sync runs the coroutine on a loop in\n        \
         # another thread and brings thread-sensitive sync_to_async calls back here.\n        \
         _forget_idle_asgiref_loop()\n        \
         return async_to_sync(_awaited)(coro)\n",
    );
    let text = text.replace(
        "\ndef run_sync(coro):",
        "\nasync def _awaited(coro):\n    \
         # async_to_sync runs this in asyncio.run, which closes, when it ends, the async\n    \
         # generators first iterated in it: a generator a sync_iter steps once per call\n    \
         # (its inner `async for` over a queryset) would end after its first item. Those\n    \
         # this step starts are not registered with the loop.\n    \
         hooks = sys.get_asyncgen_hooks()\n    \
         sys.set_asyncgen_hooks(firstiter=None, finalizer=None)\n    \
         try:\n        \
         return await coro\n    \
         finally:\n        \
         sys.set_asyncgen_hooks(*hooks)\n\n\n\
         def _forget_idle_asgiref_loop():\n    \
         # asgiref remembers, per thread, the loop whose sync_to_async call last ran here,\n    \
         # and async_to_sync sends its work to that loop. When that loop was one of the\n    \
         # spare loops above, it is idle now and would never run the work: forget it.\n    \
         loop = getattr(SyncToAsync.threadlocal, \"main_event_loop\", None)\n    \
         if loop is not None and not loop.is_running():\n        \
         SyncToAsync.threadlocal.main_event_loop = None\n\n\n\
         def run_sync(coro):",
    );
    text.replacen(
        "import threading\n",
        "import threading\n\nfrom asgiref.sync import SyncToAsync, async_to_sync\n",
        1,
    )
}

/// The helper functions a shim of this style calls.
pub fn helper_for(style: Style, name: &str) -> &'static str {
    if name == "__next__" {
        return "sync_next";
    }
    match style {
        Style::Coroutine => "run_sync",
        Style::AsyncGen => "sync_iter",
        Style::AsyncCm => "sync_context",
    }
}

/// The argument list that forwards every parameter of `f` (minus the receiver of a method).
fn forward_args(f: &Function) -> (Option<&str>, String) {
    let skip_receiver = matches!(f.kind, FuncKind::Method | FuncKind::ClassMethod);
    let mut params = f.params.iter();
    let receiver = if skip_receiver {
        params.next().map(|p| p.name.as_str())
    } else {
        None
    };
    let args: Vec<String> = params
        .map(|p| match p.kind {
            ParamKind::Positional => p.name.clone(),
            ParamKind::VarArgs => format!("*{}", p.name),
            ParamKind::KeywordOnly => format!("{0}={0}", p.name),
            ParamKind::VarKeywords => format!("**{}", p.name),
        })
        .collect();
    (receiver, args.join(", "))
}

/// The text of a shim that keeps `f`'s name and signature and runs its async twin, to be
/// inserted at the end of `f`'s last line. `class_path` names the class for staticmethods.
pub fn shim_text(
    src: &str,
    f: &Function,
    async_name: &str,
    style: Style,
    class_path: Option<&str>,
    add_aiter: bool,
) -> String {
    let indent = &f.indent;
    // Indent the body as the original body is (tabs stay tabs), unless it was on the
    // line that ends the signature (`def f(): ...`, or `) -> int: ...` after parameters
    // spread over several lines).
    let body_line_start = awaitify_core::text::line_start(src, f.body_start);
    let own_line = src[body_line_start..f.body_start].trim().is_empty();
    let body_indent = if body_line_start > f.def_kw && own_line {
        awaitify_core::text::indentation_at(src, f.body_start).to_string()
    } else {
        format!("{indent}    ")
    };
    let (receiver, args) = forward_args(f);
    // A method's shim runs *its own class's* coroutine, as the original body ran its own
    // code: `A.load(b)` and `super().load()` must not dispatch to a subclass (every
    // override that migrates keeps its own shim). The class is named when the module can
    // reach it; a class defined in a function is reached through `__class__`.
    let class = class_path.unwrap_or("__class__");
    let args_with = |first: &str| {
        if args.is_empty() {
            first.to_string()
        } else {
            format!("{first}, {args}")
        }
    };
    let is_abstract = |d: &crate::model::Decorator| {
        matches!(
            d.dotted.as_deref(),
            Some("abstractmethod" | "abc.abstractmethod")
        )
    };
    let (target, args) = match (f.kind, receiver) {
        (FuncKind::StaticMethod, _) => (format!("{class}.{async_name}"), args.clone()),
        // An abstract method has no body to run: its shim dispatches to the subclass's
        // coroutine (the review line tells subclasses outside the project to write one).
        (FuncKind::Method, Some(r)) if f.decorators.iter().any(is_abstract) => {
            (format!("{r}.{async_name}"), args.clone())
        }
        (FuncKind::Method, Some(r)) if !f.name.starts_with("__") => {
            (format!("{class}.{async_name}"), args_with(r))
        }
        (FuncKind::ClassMethod, Some(r)) => {
            (format!("{class}.{async_name}.__func__"), args_with(r))
        }
        (_, Some(r)) => (format!("{r}.{async_name}"), args.clone()),
        _ => (async_name.to_string(), args.clone()),
    };
    let helper = helper_for(style, &f.name);
    let blank = if f.class.is_none() && f.parent_func.is_none() {
        "\n\n"
    } else {
        "\n"
    };
    let mut out = format!("\n{blank}");
    for d in &f.decorators {
        // The shim is concrete even when the coroutine is abstract: subclasses override
        // the async method, and the shim dispatches to it.
        if crate::analysis::is_contextmanager_decorator(d) || is_abstract(d) {
            continue;
        }
        out.push_str(&format!("{indent}{}\n", d.text));
    }
    let params = &src[f.params_range.0..f.params_range.1];
    let returns = f
        .returns_text
        .as_deref()
        .map(|r| format!(" -> {r}"))
        .unwrap_or_default();
    out.push_str(&format!("{indent}def {}{params}{returns}:\n", f.name));
    out.push_str(&format!(
        "{body_indent}\"\"\"Sync shim kept by awaitify: runs `{async_name}` to completion.\"\"\"\n"
    ));
    out.push_str(&format!("{body_indent}return {helper}({target}({args}))"));
    if add_aiter {
        let r = receiver.unwrap_or("self");
        out.push_str(&format!(
            "\n\n{indent}def __aiter__({r}):\n{body_indent}return {r}"
        ));
    }
    out
}
