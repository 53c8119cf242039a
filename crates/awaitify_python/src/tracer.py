"""awaitify's runtime tracer, loaded by `awaitify trace` through `sitecustomize`.

It records, for code under the project root only:

* caller -> callee edges between project functions, with the call's position;
* calls from project functions into the blocking callables of awaitify's catalog (C
  functions and methods included), with their count and the wall time spent in them;
* per project function, the inclusive wall time spent blocked in those calls;
* with a loop watch, each asyncio callback or task step that held the event loop longer
  than the threshold, with the project frames that were running.

Python 3.12+ uses `sys.monitoring` (code outside the project is disabled after its first
event); 3.9-3.11 use `sys.setprofile` (and `threading.setprofile` for new threads).
Every process (subprocesses inherit the environment, forked children reset) writes its
own part file; `awaitify trace` merges them. Nothing in the project is modified.
"""

import atexit
import json
import os
import sys
import threading
import time

_ENV_DIR = "AWAITIFY_TRACE_DIR"
_CO_OPTIMIZED = 0x1  # set on function code, not on module or class bodies
_perf = time.perf_counter


def _norm(path):
    try:
        return os.path.realpath(path)
    except Exception:
        return path


class _Recorder:
    def __init__(self, root, out_dir, catalog, loop_watch_ms):
        self.root = _norm(root).rstrip(os.sep) + os.sep
        self.out_dir = out_dir
        self.own_dir = _norm(os.path.dirname(os.path.abspath(__file__))) + os.sep
        self.pending_names = set(catalog)
        self.blocking_ids = {}  # id(callable or descriptor) -> catalog name
        self.blocking_objs = []  # keeps the resolved objects alive (ids stay valid)
        self.blocking_codes = {}  # code object of a Python blocking callable -> name
        self.modules_seen = -1
        self.code_keys = {}  # code -> key tuple, or None outside the project
        self.positions = {}  # code -> list of positions (3.11+)
        self.functions = {}  # key -> [calls, blocked seconds]
        self.edges = {}  # (caller, callee, pos) -> [count, via]
        self.blocking = {}  # (caller, name, pos) -> [count, seconds]
        self.loop_blocks = []
        self.tls = threading.local()
        self.started = _perf()
        self.loop_watch = loop_watch_ms / 1000.0 if loop_watch_ms else None
        self.lock = threading.Lock()

    # -- what is project code -------------------------------------------------------
    def key(self, code):
        """(path relative to the root, first line, qualified name), or None."""
        try:
            return self.code_keys[code]
        except KeyError:
            pass
        k = None
        fn = code.co_filename
        if fn and not fn.startswith("<"):
            path = _norm(fn)
            if (
                path.startswith(self.root)
                and not path.startswith(self.own_dir)
                and "site-packages" not in path
                and "dist-packages" not in path
                and not path.endswith("_awaitify_runtime.py")
            ):
                rel = path[len(self.root):].replace(os.sep, "/")
                qual = getattr(code, "co_qualname", code.co_name)
                k = (rel, code.co_firstlineno, qual)
        self.code_keys[code] = k
        return k

    def caller_of(self, frame):
        """The project function a frame's code belongs to: comprehensions and generator
        expressions count as the function around them; lambdas and module code are not
        functions (None)."""
        f = frame
        while f is not None:
            k = self.key(f.f_code)
            if k is None:
                return None
            name = f.f_code.co_name
            if name in ("<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"):
                f = f.f_back
                continue
            if name.startswith("<") or not f.f_code.co_flags & _CO_OPTIMIZED:
                return None  # a lambda, module or class body: not a function
            return k
        return None

    def position(self, frame):
        """(line, end line, end column) of the instruction a frame is running; the end
        is unknown (None) before Python 3.11."""
        code = frame.f_code
        if sys.version_info >= (3, 11):
            pos = self.positions.get(code)
            if pos is None:
                pos = self.positions[code] = list(code.co_positions())
            i = frame.f_lasti // 2
            if 0 <= i < len(pos) and pos[i][0] is not None:
                p = pos[i]
                return (p[0], p[1], p[3])
        return (frame.f_lineno, None, None)

    # -- the catalog ------------------------------------------------------------------
    def refresh(self):
        """Resolve the catalog names whose modules are imported by now."""
        n = len(sys.modules)
        if n == self.modules_seen:
            return
        self.modules_seen = n
        for name in list(self.pending_names):
            obj = _resolve(name)
            if obj is None:
                continue
            self.pending_names.discard(name)
            self.blocking_objs.append(obj)
            self.blocking_ids.setdefault(id(obj), name)
            code = getattr(getattr(obj, "__func__", obj), "__code__", None)
            if code is not None:
                self.blocking_codes.setdefault(code, name)

    def blocking_name(self, callable_):
        """The catalog name of a callable about to be called, or None."""
        self.refresh()
        name = self.blocking_ids.get(id(callable_))
        if name is not None:
            return name
        func = getattr(callable_, "__func__", None)
        if func is not None:
            name = self.blocking_ids.get(id(func))
            if name is not None:
                return name
            code = getattr(func, "__code__", None)
        else:
            code = getattr(callable_, "__code__", None)
        if code is not None:
            return self.blocking_codes.get(code)
        # A bound C method (`sock.recv`): look the name up on the receiver's type.
        owner = getattr(callable_, "__self__", None)
        mname = getattr(callable_, "__name__", None)
        if owner is not None and mname and not isinstance(owner, type(sys)):
            for klass in type(owner).__mro__:
                d = klass.__dict__.get(mname)
                if d is not None:
                    return self.blocking_ids.get(id(d))
        return None

    # -- recording ---------------------------------------------------------------------
    def state(self):
        t = self.tls
        try:
            return t.cstack, t.bstack
        except AttributeError:
            t.cstack = []
            t.bstack = []
            return t.cstack, t.bstack

    def enter_function(self, frame, caller_frame, cstack):
        """A project function starts: count it, and the edge from its caller."""
        code = frame.f_code
        if code.co_name.startswith("<") or not code.co_flags & _CO_OPTIMIZED:
            return
        k = self.key(code)
        rec = self.functions.get(k)
        if rec is None:
            rec = self.functions[k] = [0, 0.0]
        rec[0] += 1
        if caller_frame is None:
            return
        caller = self.caller_of(caller_frame)
        if caller is None:
            return
        via = None
        if cstack and cstack[-1][0] is caller_frame:
            c = cstack[-1][1]
            if not isinstance(c, type):  # a class call runs its __init__: direct
                via = getattr(c, "__qualname__", None) or getattr(c, "__name__", None) or "?"
        ek = (caller, k, self.position(caller_frame))
        e = self.edges.get(ek)
        if e is None:
            self.edges[ek] = [1, via]
        else:
            e[0] += 1

    def blocking_done(self, entry):
        frame, name, t0, _ = entry
        dt = _perf() - t0
        caller = self.caller_of(frame)
        if caller is None:
            return
        bk = (caller, name, self.position(frame))
        b = self.blocking.get(bk)
        if b is None:
            self.blocking[bk] = [1, dt]
        else:
            b[0] += 1
            b[1] += dt
        seen = set()
        f = frame
        while f is not None:
            k = self.key(f.f_code)
            if (
                k is not None
                and k not in seen
                and not f.f_code.co_name.startswith("<")
                and f.f_code.co_flags & _CO_OPTIMIZED
            ):
                seen.add(k)
                rec = self.functions.get(k)
                if rec is None:
                    rec = self.functions[k] = [0, 0.0]
                rec[1] += dt
            f = f.f_back

    # -- output --------------------------------------------------------------------------
    def dump(self):
        keys = {}
        functions = []

        def fid(k):
            i = keys.get(k)
            if i is None:
                i = keys[k] = len(functions)
                rec = self.functions.get(k, [0, 0.0])
                functions.append(
                    {
                        "path": k[0],
                        "line": k[1],
                        "qualname": k[2],
                        "calls": rec[0],
                        "blocked_seconds": round(rec[1], 6),
                    }
                )
            return i

        for k in list(self.functions):
            fid(k)
        edges = [
            {
                "caller": fid(c),
                "callee": fid(g),
                "line": p[0],
                "end_line": p[1],
                "end_col": p[2],
                "count": n,
                "via": via,
            }
            for (c, g, p), (n, via) in list(self.edges.items())
        ]
        blocking = [
            {
                "caller": fid(c),
                "callable": name,
                "line": p[0],
                "end_line": p[1],
                "end_col": p[2],
                "count": n,
                "seconds": round(s, 6),
            }
            for (c, name, p), (n, s) in list(self.blocking.items())
        ]
        part = {
            "pid": os.getpid(),
            "python": "%d.%d.%d" % sys.version_info[:3],
            "backend": _BACKEND,
            "argv": list(getattr(sys, "argv", []) or []),
            "seconds": round(_perf() - self.started, 6),
            "functions": functions,
            "edges": edges,
            "blocking": blocking,
            "loop_blocks": list(self.loop_blocks),
        }
        path = os.path.join(
            self.out_dir, "part-%d-%d.json" % (os.getpid(), int(time.time() * 1e6))
        )
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(part, f)
        os.replace(tmp, path)


def _resolve(name):
    """The object a dotted catalog name denotes, if its module is imported already."""
    parts = name.split(".")
    if parts[0] == "builtins" or (len(parts) == 1):
        import builtins

        obj = builtins
        rest = parts[1:] if parts[0] == "builtins" else parts
    else:
        obj = None
        rest = []
        for i in range(len(parts) - 1, 0, -1):
            mod = sys.modules.get(".".join(parts[:i]))
            if mod is not None:
                obj = mod
                rest = parts[i:]
                break
        if obj is None:
            return None
    for attr in rest:
        if isinstance(obj, type):
            found = None
            for klass in obj.__mro__:
                if attr in klass.__dict__:
                    found = klass.__dict__[attr]
                    break
            if found is None:
                return None
            obj = found
        else:
            try:
                obj = getattr(obj, attr)
            except Exception:
                return None
    return obj


_BACKEND = None
_REC = None


def _setprofile_backend(rec):
    key = rec.key
    state = rec.state

    def profile(frame, event, arg):
        if event == "call":
            code = frame.f_code
            cstack, bstack = state()
            if key(code) is not None:
                rec.enter_function(frame, frame.f_back, cstack)
            elif not bstack:
                back = frame.f_back
                if back is not None and key(back.f_code) is not None:
                    rec.refresh()
                    name = rec.blocking_codes.get(code)
                    if name is not None:
                        bstack.append((back, name, _perf(), frame))
        elif event == "return":
            _, bstack = state()
            if bstack and bstack[-1][3] is frame:
                rec.blocking_done(bstack.pop())
        elif event == "c_call":
            if key(frame.f_code) is None:
                return
            cstack, bstack = state()
            cstack.append((frame, arg))
            if not bstack:
                name = rec.blocking_name(arg)
                if name is not None:
                    bstack.append((frame, name, _perf(), arg))
        elif event == "c_return" or event == "c_exception":
            cstack, bstack = state()
            if cstack and cstack[-1][0] is frame:
                cstack.pop()
            if bstack and bstack[-1][3] is arg and bstack[-1][0] is frame:
                rec.blocking_done(bstack.pop())

    sys.setprofile(profile)
    threading.setprofile(profile)


def _monitoring_backend(rec):
    mon = sys.monitoring
    tool = mon.PROFILER_ID
    try:
        mon.use_tool_id(tool, "awaitify-trace")
    except ValueError:
        tool = mon.OPTIMIZER_ID - 1
        mon.use_tool_id(tool, "awaitify-trace")
    E = mon.events
    DISABLE = mon.DISABLE
    key = rec.key
    state = rec.state
    getframe = sys._getframe
    py_types = (type(_resolve), type(rec.dump))  # functions and bound methods
    local_return = set()

    def py_start(code, offset):
        if key(code) is None:
            return DISABLE
        frame = getframe(1)
        cstack, _ = state()
        rec.enter_function(frame, frame.f_back, cstack)

    def call(code, offset, callable_, arg0):
        if key(code) is None:
            return DISABLE
        cstack, bstack = state()
        frame = getframe(1)
        is_py = type(callable_) in py_types
        if not is_py:
            cstack.append((frame, callable_))
        if not bstack:
            name = rec.blocking_name(callable_)
            if name is not None:
                if is_py:
                    target = getattr(callable_, "__func__", callable_).__code__
                    if target not in local_return:
                        local_return.add(target)
                        mon.set_local_events(tool, target, E.PY_RETURN)
                else:
                    target = callable_
                bstack.append((frame, name, _perf(), target))

    def c_return(code, offset, callable_, arg0):
        cstack, bstack = state()
        if cstack and cstack[-1][1] is callable_:
            cstack.pop()
        if bstack and bstack[-1][3] is callable_:
            rec.blocking_done(bstack.pop())

    def py_return(code, offset, retval):
        _, bstack = state()
        if bstack and bstack[-1][3] is code:
            rec.blocking_done(bstack.pop())

    def py_unwind(code, offset, exc):
        if code in local_return:
            py_return(code, offset, None)

    mon.register_callback(tool, E.PY_START, py_start)
    mon.register_callback(tool, E.CALL, call)
    mon.register_callback(tool, E.C_RETURN, c_return)
    mon.register_callback(tool, E.C_RAISE, c_return)
    mon.register_callback(tool, E.PY_RETURN, py_return)
    mon.register_callback(tool, E.PY_UNWIND, py_unwind)
    mon.set_events(tool, E.PY_START | E.CALL | E.C_RETURN | E.C_RAISE | E.PY_UNWIND)


def _install_loop_watch(rec):
    """Time every asyncio callback and task step; a watchdog thread samples the stack of
    one that runs longer than the threshold, so the report names what was running."""
    import asyncio.events

    running = {}  # thread id -> [t0, handle, sampled stack or None]
    threshold = rec.loop_watch
    original = asyncio.events.Handle._run

    def _run(self):
        tid = threading.get_ident()
        slot = [_perf(), self, None]
        running[tid] = slot
        try:
            return original(self)
        finally:
            running.pop(tid, None)
            dt = _perf() - slot[0]
            if dt >= threshold:
                stack = slot[2]
                rec.loop_blocks.append(
                    {
                        "seconds": round(dt, 6),
                        "callback": _describe(self),
                        "stack": stack or [],
                    }
                )

    asyncio.events.Handle._run = _run

    def watchdog():
        tick = max(threshold / 4.0, 0.0005)
        while True:
            time.sleep(tick)
            now = _perf()
            frames = None
            for tid, slot in list(running.items()):
                if slot[2] is None and now - slot[0] >= threshold * 0.75:
                    if frames is None:
                        frames = sys._current_frames()
                    f = frames.get(tid)
                    stack = []
                    while f is not None:
                        k = rec.key(f.f_code)
                        if k is not None:
                            stack.append(
                                {"path": k[0], "line": f.f_lineno, "qualname": k[2]}
                            )
                        f = f.f_back
                    stack.reverse()
                    slot[2] = stack

    t = threading.Thread(target=watchdog, name="awaitify-loop-watch", daemon=True)
    t.start()


def _describe(handle):
    cb = getattr(handle, "_callback", None)
    task = getattr(cb, "__self__", None)
    coro = getattr(task, "get_coro", None)
    if coro is not None:
        c = coro()
        return "task %s" % getattr(c, "__qualname__", repr(c))
    return getattr(cb, "__qualname__", None) or repr(cb)


def _write():
    if _REC is not None:
        try:
            _REC.dump()
        except Exception as e:  # the traced program's exit must not fail because of us
            sys.stderr.write("awaitify trace: could not write this process's part: %s\n" % e)


def _after_fork():
    rec = _REC
    if rec is None:
        return
    # The hooks hold this recorder: start it afresh in place for the child's own part.
    rec.functions = {}
    rec.edges = {}
    rec.blocking = {}
    rec.loop_blocks = []
    rec.tls = threading.local()
    rec.lock = threading.Lock()
    rec.started = _perf()
    mp = sys.modules.get("multiprocessing.util")
    if mp is not None:
        # multiprocessing's workers leave through os._exit, past atexit, and clear the
        # finalizers they inherit before running their after-fork hooks: register the
        # write from one of those.
        mp.register_after_fork(rec, _finalize_in_worker)


def _finalize_in_worker(rec):
    sys.modules["multiprocessing.util"].Finalize(None, _write, exitpriority=-1000)


def start():
    global _BACKEND, _REC
    out_dir = os.environ.get(_ENV_DIR)
    if not out_dir or _REC is not None:
        return
    root = os.environ.get("AWAITIFY_TRACE_ROOT") or os.getcwd()
    names = []
    catalog = os.environ.get("AWAITIFY_TRACE_CATALOG")
    if catalog:
        with open(catalog, encoding="utf-8") as f:
            names = [line.strip() for line in f if line.strip()]
    watch = float(os.environ.get("AWAITIFY_TRACE_LOOP_WATCH") or 0)
    rec = _REC = _Recorder(root, out_dir, names, watch)
    wanted = os.environ.get("AWAITIFY_TRACE_BACKEND", "auto")
    if wanted == "auto":
        wanted = "monitoring" if sys.version_info >= (3, 12) else "setprofile"
    _BACKEND = wanted
    if wanted == "monitoring":
        _monitoring_backend(rec)
    else:
        _setprofile_backend(rec)
    if rec.loop_watch:
        _install_loop_watch(rec)
    atexit.register(_write)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork)
