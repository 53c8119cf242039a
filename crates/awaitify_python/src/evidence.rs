//! Runtime evidence: the trace `awaitify trace` records (schema, merging the per-process
//! parts) and how it joins the static resolution. Traced call edges and blocking calls
//! are added to the sites where static resolution found nothing or found less; a traced
//! edge never removes a static one. The trace is matched to the code by path (a suffix
//! match, so a trace from another checkout or another project root fits) and qualified
//! name; a trace that no longer fits the code is refused with the reason.

use crate::model::{Site, SiteKind};
use crate::resolve::{FuncId, Index, Resolved, Target};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The tracer shipped with awaitify (`awaitify trace` writes it beside a `sitecustomize`).
pub const TRACER: &str = include_str!("tracer.py");

/// The version of the trace file's schema (`schema_version`).
pub const SCHEMA_VERSION: u32 = 1;

/// One traced process's record, as the tracer writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub pid: u64,
    pub python: String,
    pub backend: Option<String>,
    #[serde(default)]
    pub argv: Vec<String>,
    pub seconds: f64,
    pub functions: Vec<Function>,
    pub edges: Vec<Edge>,
    pub blocking: Vec<Blocking>,
    #[serde(default)]
    pub loop_blocks: Vec<LoopBlock>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Function {
    /// Relative to the traced root, `/`-separated.
    pub path: String,
    /// `co_firstlineno`: the `def` line, or the first decorator's.
    pub line: usize,
    /// `co_qualname` (`Class.method`, `outer.<locals>.inner`); the bare name before 3.11.
    pub qualname: String,
    pub calls: u64,
    pub blocked_seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Edge {
    pub caller: usize,
    pub callee: usize,
    /// The call's line, and where the call expression ends (3.11+; `null` before).
    pub line: usize,
    pub end_line: Option<usize>,
    pub end_col: Option<usize>,
    pub count: u64,
    /// The callee was called by this C function (`map`, `functools.partial`), not by the
    /// call at this position.
    pub via: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Blocking {
    pub caller: usize,
    /// The catalog's name of the blocking callable.
    pub callable: String,
    pub line: usize,
    pub end_line: Option<usize>,
    pub end_col: Option<usize>,
    pub count: u64,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Frame {
    pub path: String,
    pub line: usize,
    pub qualname: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoopBlock {
    pub seconds: f64,
    /// What held the loop (`task main.<locals>.handler`, a callback's name).
    pub callback: String,
    /// The project frames that were running, outermost first (empty when the step ended
    /// before the watchdog looked).
    pub stack: Vec<Frame>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Process {
    pub pid: u64,
    pub python: String,
    pub backend: Option<String>,
    pub argv: Vec<String>,
    pub seconds: f64,
}

/// The trace file (`schema_version` 1).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trace {
    pub schema_version: u32,
    pub tool: String,
    /// The traced root, absolute (informative: paths are matched relative to it).
    pub root: String,
    pub command: Vec<String>,
    pub exit_code: Option<i32>,
    pub wall_seconds: f64,
    /// Seconds the same command took untraced, when `--overhead` measured it.
    #[serde(default)]
    pub untraced_seconds: Option<f64>,
    pub loop_watch_ms: Option<f64>,
    pub processes: Vec<Process>,
    /// SHA-256 of each traced file's bytes at trace time.
    pub files: BTreeMap<String, String>,
    pub functions: Vec<Function>,
    pub edges: Vec<Edge>,
    pub blocking: Vec<Blocking>,
    pub loop_blocks: Vec<LoopBlock>,
}

impl Trace {
    /// Merge the per-process parts: functions by (path, line, qualname), edges and
    /// blocking calls by their ends and position; counts and times add up.
    pub fn merge(parts: Vec<Part>) -> Trace {
        let mut functions: Vec<Function> = vec![];
        let mut fids: HashMap<(String, usize, String), usize> = HashMap::new();
        let mut edges: Vec<Edge> = vec![];
        let mut eids: HashMap<EdgeKey, usize> = HashMap::new();
        let mut blocking: Vec<Blocking> = vec![];
        let mut bids: HashMap<BlockKey, usize> = HashMap::new();
        let mut processes = vec![];
        let mut loop_blocks = vec![];
        for part in parts {
            let mut map = vec![0; part.functions.len()];
            for (i, f) in part.functions.into_iter().enumerate() {
                let key = (f.path.clone(), f.line, f.qualname.clone());
                map[i] = match fids.get(&key) {
                    Some(&j) => {
                        functions[j].calls += f.calls;
                        functions[j].blocked_seconds += f.blocked_seconds;
                        j
                    }
                    None => {
                        fids.insert(key, functions.len());
                        functions.push(f);
                        functions.len() - 1
                    }
                };
            }
            for mut e in part.edges {
                e.caller = map[e.caller];
                e.callee = map[e.callee];
                let key = (
                    e.caller,
                    e.callee,
                    e.line,
                    e.end_line,
                    e.end_col,
                    e.via.clone(),
                );
                match eids.get(&key) {
                    Some(&j) => edges[j].count += e.count,
                    None => {
                        eids.insert(key, edges.len());
                        edges.push(e);
                    }
                }
            }
            for mut b in part.blocking {
                b.caller = map[b.caller];
                let key = (b.caller, b.callable.clone(), b.line, b.end_line, b.end_col);
                match bids.get(&key) {
                    Some(&j) => {
                        blocking[j].count += b.count;
                        blocking[j].seconds += b.seconds;
                    }
                    None => {
                        bids.insert(key, blocking.len());
                        blocking.push(b);
                    }
                }
            }
            loop_blocks.extend(part.loop_blocks);
            processes.push(Process {
                pid: part.pid,
                python: part.python,
                backend: part.backend,
                argv: part.argv,
                seconds: part.seconds,
            });
        }
        // A stable order: a trace of the same run reads the same.
        processes.sort_by_key(|p| p.pid);
        loop_blocks.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        Trace {
            schema_version: SCHEMA_VERSION,
            tool: String::new(),
            root: String::new(),
            command: vec![],
            exit_code: None,
            wall_seconds: 0.0,
            untraced_seconds: None,
            loop_watch_ms: None,
            processes,
            files: BTreeMap::new(),
            functions,
            edges,
            blocking,
            loop_blocks,
        }
    }

    /// Parse a trace file; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Trace, String> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let v: Version = serde_json::from_str(text).map_err(|e| {
            format!(
                "{origin}:{}:{}: not an awaitify trace: {e}",
                e.line(),
                e.column()
            )
        })?;
        match v.schema_version {
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "{origin}: trace schema version {other}; this awaitify reads version \
                     {SCHEMA_VERSION} (record it again with `awaitify trace`)"
                ));
            }
            None => {
                return Err(format!(
                    "{origin}: not an awaitify trace (no schema_version)"
                ));
            }
        }
        serde_json::from_str(text)
            .map_err(|e| format!("{origin}:{}:{}: malformed trace: {e}", e.line(), e.column()))
    }
}

type EdgeKey = (
    usize,
    usize,
    usize,
    Option<usize>,
    Option<usize>,
    Option<String>,
);
type BlockKey = (usize, String, usize, Option<usize>, Option<usize>);

/// What the evidence added to (or confirmed in) the static resolution.
#[derive(Debug, Default, Clone)]
pub struct Applied {
    /// Sites whose targets the trace added to, by (file, site start): the traced calls.
    pub traced_sites: HashMap<(usize, usize), u64>,
    /// The callees the trace added, by (file, site start, callee): the traced calls.
    pub added: HashMap<(usize, usize, FuncId), u64>,
    /// Traced time spent in a blocking call at a site, by (file, site start).
    pub site_seconds: HashMap<(usize, usize), f64>,
    /// The blocking callable traced at a site and how many calls it made.
    pub site_calls: HashMap<(usize, usize), (String, u64)>,
    /// Per function: traced inclusive seconds spent blocked.
    pub blocked_seconds: HashMap<FuncId, f64>,
    pub edges_added: usize,
    pub edges_confirmed: usize,
    pub blocking_added: usize,
    pub blocking_confirmed: usize,
    /// Traced edges not used, and why (through a C function, outside the project, ...).
    pub skipped: BTreeMap<String, usize>,
}

impl Applied {
    fn skip(&mut self, why: &str) {
        *self.skipped.entry(why.to_string()).or_default() += 1;
    }
}

/// The project file a traced path names: the same relative path, else the one file whose
/// path ends with it or that it ends with (a trace from another root or checkout).
pub fn file_for(rels: &[&str], path: &str) -> Option<usize> {
    if let Some(i) = rels.iter().position(|r| *r == path) {
        return Some(i);
    }
    let hits: Vec<usize> = (0..rels.len())
        .filter(|&i| {
            let r = rels[i];
            path.ends_with(&format!("/{r}")) || r.ends_with(&format!("/{path}"))
        })
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

/// Python's `co_qualname` without the `<locals>` steps: our qualified names.
fn plain_qualname(q: &str) -> String {
    q.replace(".<locals>", "")
}

/// Join the trace to the resolved project: returns what was added, or why the trace no
/// longer fits the code.
pub fn apply(
    index: &Index,
    rels: &[&str],
    texts: &[&str],
    resolved: &mut [Vec<Resolved>],
    trace: &Trace,
    origin: &str,
) -> Result<Applied, String> {
    let mut out = Applied::default();
    // Trace paths to project files: exact, else by a unique suffix on a path boundary.
    let mut file_of: HashMap<&str, Option<usize>> = HashMap::new();
    for f in &trace.functions {
        file_of
            .entry(f.path.as_str())
            .or_insert_with(|| file_for(rels, &f.path));
    }
    let lookup = |path: &str| file_of.get(path).copied().flatten();
    let changed = |file: usize, path: &str| -> bool {
        trace
            .files
            .get(path)
            .is_some_and(|h| *h != sha256_hex(texts[file].as_bytes()))
    };
    // Functions: by qualified name in their file; the line tells redefinitions apart.
    let mut fmap: Vec<Option<(FuncId, isize)>> = vec![None; trace.functions.len()];
    let mut by_file: HashMap<usize, Vec<FuncId>> = HashMap::new();
    for g in 0..index.funcs.len() {
        by_file.entry(index.funcs[g].0).or_default().push(g);
    }
    for (i, tf) in trace.functions.iter().enumerate() {
        let Some(file) = lookup(&tf.path) else {
            continue;
        };
        let want = plain_qualname(&tf.qualname);
        let bare = !tf.qualname.contains('.') && !tf.qualname.contains('<');
        let first_line = |g: FuncId| -> usize {
            let (_, f) = index.func(g);
            f.decorators.first().map_or(f.line, |d| {
                awaitify_core::text::line_number(texts[file], d.start)
            })
        };
        let candidates: Vec<FuncId> = by_file
            .get(&file)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&g| {
                        let f = index.func(g).1;
                        f.qualname == want || (bare && f.name == want)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let best = candidates.iter().copied().min_by_key(|&g| {
            first_line(g)
                .abs_diff(tf.line)
                .min(index.func(g).1.line.abs_diff(tf.line))
        });
        match best {
            Some(g) => {
                let delta = first_line(g) as isize - tf.line as isize;
                if delta != 0 && bare && !changed(file, &tf.path) {
                    // Before 3.11 only the bare name is known: a same-named function
                    // elsewhere in an unchanged file is not this one.
                    continue;
                }
                fmap[i] = Some((g, delta));
                if tf.blocked_seconds > 0.0 {
                    *out.blocked_seconds.entry(g).or_default() += tf.blocked_seconds;
                }
            }
            None if changed(file, &tf.path) => {
                return Err(format!(
                    "{origin} no longer fits {}: `{}` (traced at line {}) is not defined there \
                     any more (the file changed since the trace); record it again with \
                     `awaitify trace`",
                    rels[file], tf.qualname, tf.line
                ));
            }
            None => out.skip("a traced function awaitify does not see as one"),
        }
    }
    let lines: Vec<std::sync::OnceLock<awaitify_core::text::LineIndex>> = (0..texts.len())
        .map(|_| std::sync::OnceLock::new())
        .collect();
    // The call site in `caller` at a traced position: the call ending exactly there
    // (3.11+), else the one call on that line whose callee has `name`.
    let find_site = |caller: FuncId,
                     delta: isize,
                     line: usize,
                     end: Option<(usize, usize)>,
                     name: &str|
     -> Option<usize> {
        let file = index.funcs[caller].0;
        let local = index.funcs[caller].1;
        let s = index.summaries[file];
        let line = (line as isize + delta) as usize;
        let li = lines[file].get_or_init(|| awaitify_core::text::LineIndex::new(texts[file]));
        // A call by this name, or through a variable: pytest's assertion rewriting
        // moves positions in test modules, so the position alone is not trusted.
        let fits = |site: &Site| {
            site.func == Some(local) && site.kind == SiteKind::Call && {
                let key = crate::types::callee_key(s, site);
                key == name || key.is_empty()
            }
        };
        if let Some((el, ec)) = end {
            let el = (el as isize + delta) as usize;
            if el >= 1 {
                let off = li.line_start(el - 1) + ec;
                if let Some(i) = s.sites.iter().position(|st| fits(st) && st.end == off) {
                    return Some(i);
                }
            }
        }
        let on_line: Vec<usize> = (0..s.sites.len())
            .filter(|&i| fits(&s.sites[i]) && s.sites[i].line as usize == line)
            .collect();
        (on_line.len() == 1).then(|| on_line[0])
    };
    // A function an earlier migration turned into a shim: its traced calls moved to its
    // async twin, which the static graph already has.
    let is_shim = |caller: FuncId| -> bool {
        let file = index.funcs[caller].0;
        let local = index.funcs[caller].1;
        let s = index.summaries[file];
        s.sites.iter().any(|site| {
            site.func == Some(local)
                && site.kind == SiteKind::Call
                && matches!(
                    crate::types::callee_key(s, site),
                    "run_sync" | "sync_iter" | "sync_context" | "sync_next"
                )
        })
    };
    // A traced call with no site to join: skipped (why), or the trace no longer fits.
    let missing = |caller: FuncId, traced: usize, line: usize, callee: &str| {
        if is_shim(caller) {
            return Ok("made async by an earlier migration (its caller is a shim now)");
        }
        if changed(index.funcs[caller].0, &trace.functions[traced].path) {
            return Err(format!(
                "{origin} no longer fits {}:{line}: the trace has `{}` call `{callee}` there, \
                 and there is no such call now; record it again with `awaitify trace`",
                rels[index.funcs[caller].0],
                index.qualname(caller)
            ));
        }
        Ok(
            "no call awaitify sees at the traced position (a decorator, a property read, an implicit call)",
        )
    };
    for e in &trace.edges {
        let (Some((caller, delta)), Some((callee, _))) = (
            fmap.get(e.caller).copied().flatten(),
            fmap.get(e.callee).copied().flatten(),
        ) else {
            out.skip("an end outside the project (or module-level code)");
            continue;
        };
        if let Some(via) = &e.via {
            out.skip(&format!("called through a C function (`{via}`)"));
            continue;
        }
        let name = index.func(callee).1.name.as_str();
        let name = if name == "__init__" {
            index.func(callee).1.class.map_or(name, |c| {
                index.summaries[index.funcs[callee].0].classes[c]
                    .name
                    .as_str()
            })
        } else {
            name
        };
        let end = e.end_line.zip(e.end_col);
        let Some(i) = find_site(caller, delta, e.line, end, name) else {
            let line = (e.line as isize + delta) as usize;
            out.skip(missing(caller, e.caller, line, &index.qualname(callee))?);
            continue;
        };
        let file = index.funcs[caller].0;
        let site = &index.summaries[file].sites[i];
        let res = &mut resolved[file][i];
        if res.targets.contains(&Target::Func(callee)) {
            out.edges_confirmed += 1;
            continue;
        }
        let had_funcs = res.funcs().next().is_some();
        // Static resolution found other functions here: the trace may only add a member
        // of the same dispatch (a subclass's override it missed), not what a class call or
        // a wrapper runs inside (a metaclass's `__call__`, a decorator's inner function),
        // which would tie unrelated functions to one colour.
        let callee_name = index.func(callee).1.name.as_str();
        if had_funcs && res.funcs().all(|g| index.func(g).1.name != callee_name) {
            out.skip(
                "a call static resolution resolved to other functions (a class call, a wrapper)",
            );
            continue;
        }
        res.targets.retain(|t| !matches!(t, Target::Unknown));
        res.targets.push(Target::Func(callee));
        // `obj.read(...)` on a receiver static analysis could not type, traced into a
        // method `read`: the attribute names the method, so `obj.async_read(...)` is the
        // async call (on every class the trace saw there).
        if !had_funcs
            && index.func(callee).1.class.is_some()
            && matches!(&site.target, crate::model::Ref::Attr(_, n) if n.as_str() == name)
        {
            res.renameable = true;
        }
        *out.traced_sites.entry((file, site.start)).or_default() += e.count;
        *out.added.entry((file, site.start, callee)).or_default() += e.count;
        out.edges_added += 1;
    }
    for b in &trace.blocking {
        let Some((caller, delta)) = fmap.get(b.caller).copied().flatten() else {
            out.skip("a blocking call outside the project");
            continue;
        };
        if index.catalog.blocking(&b.callable).is_none() {
            out.skip("a blocking callable the catalog in use does not list");
            continue;
        }
        let name = b.callable.rsplit('.').next().unwrap_or(&b.callable);
        let end = b.end_line.zip(b.end_col);
        let Some(i) = find_site(caller, delta, b.line, end, name) else {
            let line = (b.line as isize + delta) as usize;
            out.skip(missing(caller, b.caller, line, &b.callable)?);
            continue;
        };
        let file = index.funcs[caller].0;
        let start = index.summaries[file].sites[i].start;
        *out.site_seconds.entry((file, start)).or_default() += b.seconds;
        out.site_calls
            .entry((file, start))
            .or_insert_with(|| (b.callable.clone(), 0))
            .1 += b.count;
        let res = &mut resolved[file][i];
        let t = Target::Blocking(b.callable.clone());
        if res.targets.contains(&t) {
            out.blocking_confirmed += 1;
            continue;
        }
        res.targets
            .retain(|t| !matches!(t, Target::Unknown | Target::Ext(_)));
        res.targets.push(t);
        *out.traced_sites.entry((file, start)).or_default() += b.count;
        out.blocking_added += 1;
    }
    Ok(out)
}

/// SHA-256 of `bytes`, lower-case hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Per function, the traced seconds spent in its own blocking calls (the leaves of the
/// blocking paths), costliest first.
pub fn leaf_costs(index: &Index, applied: &Applied) -> Vec<(FuncId, f64)> {
    let mut by_start: HashMap<(usize, usize), FuncId> = HashMap::new();
    for &(file, start) in applied.site_seconds.keys() {
        if let Some(site) = index.summaries[file]
            .sites
            .iter()
            .find(|s| s.start == start)
            && let Some(local) = site.func
        {
            by_start.insert((file, start), index.func_id(file, local));
        }
    }
    let mut cost: HashMap<FuncId, f64> = HashMap::new();
    for (key, secs) in &applied.site_seconds {
        if let Some(&g) = by_start.get(key) {
            *cost.entry(g).or_default() += secs;
        }
    }
    let mut out: Vec<(FuncId, f64)> = cost.into_iter().filter(|(_, s)| *s > 0.0).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// `--top N`: the functions the N costliest traced blocking paths need: each costly
/// leaf and everything that calls it, transitively (and override partners).
pub fn top_allowed(
    graph: &awaitify_core::graph::CallGraph,
    leaves: &[(FuncId, f64)],
    n: usize,
) -> Vec<bool> {
    let mut seen = vec![false; graph.len()];
    let mut stack: Vec<FuncId> = leaves.iter().take(n).map(|(g, _)| *g).collect();
    while let Some(f) = stack.pop() {
        if std::mem::replace(&mut seen[f], true) {
            continue;
        }
        stack.extend(graph.callers(f).map(|(c, _)| c).filter(|&c| !seen[c]));
    }
    seen
}

/// Wave order by measured cost: the costliest blocking path's leaf and its migrating
/// callers come first, leaf-first inside; then the next path's, and so on; functions no
/// traced path needs come last. `waves` holds the leaf-first waves; settling afterwards
/// moves a caller that also calls a later path's function after it (callers never land
/// before their callees).
pub fn rank_waves(
    graph: &awaitify_core::graph::CallGraph,
    migrates: &dyn Fn(FuncId) -> bool,
    leaves: &[(FuncId, f64)],
    waves: &mut [Option<usize>],
) {
    let n = waves.len();
    let mut group: Vec<Option<usize>> = vec![None; n];
    let mut groups = 0;
    for &(leaf, _) in leaves {
        if !migrates(leaf) || group[leaf].is_some() {
            continue;
        }
        // The leaf and its callers, among migrating functions.
        let mut members = vec![];
        let mut stack = vec![leaf];
        let mut mark = |f: FuncId, members: &mut Vec<FuncId>| {
            if group[f].is_none() {
                group[f] = Some(groups);
                members.push(f);
                true
            } else {
                false
            }
        };
        mark(leaf, &mut members);
        while let Some(f) = stack.pop() {
            for (c, _) in graph.callers(f) {
                if migrates(c) && mark(c, &mut members) {
                    stack.push(c);
                }
            }
        }
        groups += 1;
    }
    if groups == 0 {
        return;
    }
    let mut base = 0;
    for k in 0..=groups {
        let members: Vec<FuncId> = (0..n)
            .filter(|&f| migrates(f) && waves[f].is_some())
            .filter(|&f| group[f].unwrap_or(groups) == k)
            .collect();
        let mut levels: Vec<usize> = members.iter().filter_map(|&f| waves[f]).collect();
        levels.sort_unstable();
        levels.dedup();
        for &f in &members {
            let rank = levels.binary_search(&waves[f].unwrap_or(0)).unwrap_or(0);
            waves[f] = Some(base + rank);
        }
        base += levels.len();
    }
}

/// The costliest blocking path ending in `leaf`, outermost first: from the leaf, up
/// through the migrating caller the trace saw blocked longest.
pub fn path_to(
    graph: &awaitify_core::graph::CallGraph,
    migrates: &dyn Fn(FuncId) -> bool,
    applied: &Applied,
    leaf: FuncId,
) -> Vec<FuncId> {
    let mut path = vec![leaf];
    let mut on_path = std::collections::HashSet::from([leaf]);
    let mut f = leaf;
    loop {
        let next = graph
            .callers(f)
            .filter(|(c, e)| {
                matches!(e, awaitify_core::graph::EdgeKind::Call(_))
                    && migrates(*c)
                    && !on_path.contains(c)
            })
            .map(|(c, _)| c)
            .max_by(|a, b| {
                let sa = applied.blocked_seconds.get(a).copied().unwrap_or(0.0);
                let sb = applied.blocked_seconds.get(b).copied().unwrap_or(0.0);
                sa.total_cmp(&sb).then(b.cmp(a))
            });
        match next {
            Some(c) => {
                path.push(c);
                on_path.insert(c);
                f = c;
            }
            None => break,
        }
    }
    path.reverse();
    path
}

/// The summary of what the evidence did to a migration.
pub fn summary(
    a: &crate::analysis::Analysis,
    trace: &str,
) -> awaitify_core::migration::EvidenceSummary {
    use awaitify_core::graph::EdgeKind;
    use awaitify_core::migration::{BlockingPath, EvidenceSummary};
    let Some(ev) = &a.evidence else {
        return EvidenceSummary::default();
    };
    let n = a.index.funcs.len();
    let through = (0..n)
        .filter(|&g| a.migrates(g))
        .filter(|&g| {
            let chain = a.taint.chain(g);
            let hop = chain.iter().any(|(_, e)| {
                matches!(e, Some(EdgeKind::Call(site)) if ev.traced_sites.contains_key(&(site.file, site.offset)))
            });
            let seed = chain.last().map_or(g, |(s, _)| *s);
            let file = a.index.funcs[seed].0;
            let local = a.index.funcs[seed].1;
            let traced_seed = a.index.summaries[file].sites.iter().zip(&a.resolved[file]).any(
                |(site, res)| {
                    site.func == Some(local)
                        && ev.traced_sites.contains_key(&(file, site.start))
                        && res.targets.iter().any(|t| matches!(t, Target::Blocking(_)))
                },
            );
            hop || traced_seed
        })
        .count();
    let mut top_paths = vec![];
    for (leaf, secs) in leaf_costs(&a.index, ev) {
        if top_paths.len() == 5 {
            break;
        }
        if !a.migrates(leaf) {
            continue;
        }
        let path = path_to(&a.graph, &|f| a.migrates(f), ev, leaf);
        let file = a.index.funcs[leaf].0;
        let local = a.index.funcs[leaf].1;
        let mut calls: Vec<(f64, String)> = a.index.summaries[file]
            .sites
            .iter()
            .filter(|s| s.func == Some(local))
            .filter_map(|s| {
                let (q, count) = ev.site_calls.get(&(file, s.start))?;
                let t = ev
                    .site_seconds
                    .get(&(file, s.start))
                    .copied()
                    .unwrap_or(0.0);
                Some((
                    t,
                    format!(
                        "`{q}` at {}:{} ({count} calls, {t:.3} s)",
                        a.rels[file], s.line
                    ),
                ))
            })
            .collect();
        calls.sort_by(|x, y| y.0.total_cmp(&x.0));
        top_paths.push(BlockingPath {
            seconds: secs,
            functions: path.iter().map(|&f| a.index.qualname(f)).collect(),
            calls: calls.into_iter().map(|(_, c)| c).collect(),
        });
    }
    EvidenceSummary {
        trace: trace.to_string(),
        edges_added: ev.edges_added,
        edges_confirmed: ev.edges_confirmed,
        blocking_added: ev.blocking_added,
        blocking_confirmed: ev.blocking_confirmed,
        functions_through_evidence: through,
        skipped: ev.skipped.clone(),
        top_paths,
    }
}
