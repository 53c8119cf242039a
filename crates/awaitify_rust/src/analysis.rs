//! Call targets, the call graph, barriers, taint, waves, shims and the per-site decisions
//! (which blocking calls switch to tokio, which stay and why).

use crate::model::*;
use crate::project::{Def, Project, TargetKind, Ty};
use awaitify_core::catalog::{Catalog, Strategy};
use awaitify_core::graph::{CallGraph, NodeFacts, Site, Taint};
use awaitify_core::migration::Naming;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub naming: Naming,
    /// Qualified-name globs that stay sync.
    pub keep_sync: Vec<String>,
    /// Migrate only what these entry points need.
    pub only: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tgt {
    Func(usize),
    /// A catalog entry, by name.
    Blocking(String),
    External(String),
    /// A method whose receiver type is unknown.
    Unknown(String),
}

/// What happens to one blocking call in code that becomes (or is) async.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteFix {
    /// Rewritten to the catalog's twin (`.await` added).
    Twin,
    /// Run on tokio's blocking pool: the catalog says so (`None`), or the twin does not fit
    /// here (the reason).
    Thread(Option<String>),
    /// A constructor switched to its async counterpart (`Command::new`), no `.await`.
    TypeTwin(String),
    /// Left as it is, with a reason for the reviewer.
    Keep(String),
}

pub struct Analysis<'a> {
    pub project: &'a Project,
    pub catalog: &'a Catalog,
    pub options: &'a Options,
    /// Per function, per call.
    pub targets: Vec<Vec<Tgt>>,
    /// Per function, per call: the decision for catalog calls (and builder roots).
    pub fixes: Vec<Vec<Option<SiteFix>>>,
    pub graph: CallGraph,
    pub taint: Taint,
    pub barrier: Vec<Option<String>>,
    pub waves: Vec<Option<usize>>,
    /// Recursive strongly-connected component of each function, if any.
    pub scc: Vec<Option<usize>>,
    pub needs_shim: Vec<bool>,
    pub is_main: Vec<bool>,
    pub is_test: Vec<bool>,
    /// Traits used as `dyn Trait` somewhere: (trait key, where).
    pub dyn_traits: Vec<(String, String)>,
    /// For a sync shim an earlier run left: the async function it blocks on.
    pub twin: Vec<Option<usize>>,
}

impl Analysis<'_> {
    pub fn migrates(&self, f: usize) -> bool {
        self.taint.is_async(f)
    }

    /// Async once migrated: already `async fn`, or made async (a shim an earlier run left
    /// stays the sync shim of its twin).
    pub fn async_after(&self, f: usize) -> bool {
        (self.migrates(f) && self.twin[f].is_none()) || self.project.summary_of(f).is_async
    }

    pub fn wave(&self, f: usize) -> usize {
        self.waves[f].unwrap_or(0)
    }

    pub fn async_name(&self, f: usize) -> String {
        if let Some(t) = self.twin[f] {
            return self.project.summary_of(t).name.clone();
        }
        let name = &self.project.summary_of(f).name;
        if self.is_main[f] {
            return name.clone();
        }
        self.options.naming.apply(name)
    }

    pub fn location(&self, f: usize) -> String {
        let file = self.project.file_of(f);
        let s = self.project.summary_of(f);
        let pf = &self.project.files[file];
        format!(
            "{}:{}",
            pf.rel,
            awaitify_core::text::line_number(&pf.text, s.ident_start)
        )
    }

    pub fn site_location(&self, f: usize, offset: usize) -> String {
        let pf = &self.project.files[self.project.file_of(f)];
        let lc = awaitify_core::text::LineIndex::new(&pf.text).line_col(&pf.text, offset);
        format!("{}:{}:{}", pf.rel, lc.line, lc.col)
    }
}

/// Whether a function's body runs a future to completion the way awaitify's shims do:
/// `block_on!` (any path) or the runtime helper's `block_on_local(..)`.
pub fn is_shim_body(s: &FnSummary) -> bool {
    s.macros
        .iter()
        .any(|(_, m)| m == "block_on" || m.ends_with("::block_on"))
        || s.calls.iter().any(|c| {
            matches!(&c.callee, Callee::Path(segs)
                if segs.len() >= 2
                    && segs[segs.len() - 1] == "block_on_local"
                    && segs[segs.len() - 2] == "awaitify_runtime")
        })
}

fn glob_match(glob: &str, name: &str) -> bool {
    globset::Glob::new(glob)
        .map(|g| g.compile_matcher().is_match(name))
        .unwrap_or(false)
}

/// Resolve every call of every function.
pub fn targets(p: &Project, catalog: &Catalog) -> Vec<Vec<Tgt>> {
    (0..p.funcs.len())
        .map(|f| {
            if !p.is_reached(f) {
                return Vec::new();
            }
            let s = p.summary_of(f);
            let m = p.func_module[f];
            s.calls
                .iter()
                .map(|c| match &c.callee {
                    Callee::Path(segs) => match p.resolve(m, segs) {
                        Some(Def::Func(g)) => Tgt::Func(g),
                        Some(Def::External(name)) => {
                            if catalog.blocking(&name).is_some() {
                                Tgt::Blocking(name)
                            } else if let Some(full) = by_trait_path(p, catalog, f, c, &name) {
                                Tgt::Blocking(full)
                            } else {
                                Tgt::External(name)
                            }
                        }
                        _ => {
                            let name = segs.join("::");
                            match by_trait_path(p, catalog, f, c, &name) {
                                Some(full) => Tgt::Blocking(full),
                                None => Tgt::Unknown(name),
                            }
                        }
                    },
                    Callee::Method { recv, name } => match p.type_of(catalog, f, recv, 0) {
                        Some(Ty::Local(k)) | Some(Ty::Dyn(k)) => match p.method(&k, name) {
                            Some(g) => Tgt::Func(g),
                            None => Tgt::External(format!("{k}::{name}")),
                        },
                        Some(Ty::External(t)) => {
                            let full = format!("{t}::{name}");
                            if catalog.blocking(&full).is_some() {
                                Tgt::Blocking(full)
                            } else {
                                Tgt::External(full)
                            }
                        }
                        None => Tgt::Unknown(format!(".{name}()")),
                    },
                })
                .collect()
        })
        .collect()
}

/// A std I/O trait method called by its path (`Write::write_all(&mut file, ..)`, the
/// trait named or brought in by a glob such as `std::io::prelude::*`): the
/// catalog entry of that method on the first argument's type. Its twin never applies (the
/// argument is not a receiver, so the value cannot switch type): the call runs on the
/// blocking pool or is listed.
fn by_trait_path(p: &Project, catalog: &Catalog, f: usize, c: &Call, name: &str) -> Option<String> {
    let (tr, method) = name.rsplit_once("::")?;
    // `std::io::Write`, through `std::io::prelude::*`, or a name a glob brought in.
    let trait_name = tr.rsplit("::").next().unwrap_or(tr);
    let path_ok = tr == trait_name || tr.starts_with("std::io::");
    if !path_ok || !matches!(trait_name, "Read" | "Write" | "BufRead" | "Seek") {
        return None;
    }
    let Some(Ty::External(t)) = p.type_of(catalog, f, c.first_arg.as_ref()?, 0) else {
        return None;
    };
    let full = format!("{t}::{method}");
    catalog.blocking(&full)?;
    Some(full)
}

/// Methods of the `Result`/`Option` around a value that only test it: any payload type will
/// do.
const RESULT_TESTS: &[&str] = &["is_ok", "is_err", "is_some", "is_none"];
/// Methods of the `Result`/`Option` around a value that hand the payload on unchanged (the
/// payload's own uses decide).
const RESULT_PASS: &[&str] = &["ok", "map_err"];

/// Whether a call's result (a value of a catalog type) may switch to the async library's
/// type: every use of it must be migrated with it, inside this function.
struct Retype<'x> {
    s: &'x FnSummary,
    targets: &'x [Tgt],
    catalog: &'x Catalog,
}

impl Retype<'_> {
    /// The calls that consume call `i`'s value: method calls on it, directly or through a
    /// local bound to it (which must have no other use). `None`: it escapes.
    fn consumers(&self, i: usize) -> Option<Vec<usize>> {
        let mut out: Vec<usize> = (0..self.s.calls.len())
            .filter(|&j| self.s.calls[j].recv_call == Some(i))
            .collect();
        if let Some(l) = self.s.locals.iter().find(|l| l.init_call == Some(i)) {
            if l.uses != l.receiver_of.len() {
                return None;
            }
            out.extend(l.receiver_of.iter().copied());
        }
        if out.is_empty() { None } else { Some(out) }
    }

    fn entry_template(&self, j: usize) -> Option<&str> {
        let Tgt::Blocking(name) = &self.targets[j] else {
            return None;
        };
        let e = self.catalog.blocking(name)?;
        (e.strategy == Strategy::Twin && e.migrate).then_some(e.replacement.as_deref()?)
    }

    /// A builder step (`.arg(..)`) on a catalog type: returns the same kind of value.
    fn is_builder(&self, j: usize) -> bool {
        match &self.targets[j] {
            Tgt::External(name) => self.catalog.returns(name).is_some(),
            _ => false,
        }
    }

    /// Whether every consumer of call `i` can take the async type, recursively.
    fn closed(&self, i: usize, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        let Some(cons) = self.consumers(i) else {
            return false;
        };
        cons.iter().all(|&j| {
            let method = match &self.s.calls[j].callee {
                Callee::Method { name, .. } => name.as_str(),
                Callee::Path(_) => "",
            };
            if RESULT_TESTS.contains(&method) {
                true
            } else if matches!(method, "unwrap" | "expect") {
                self.unwrap_absorbed(i, j)
            } else if RESULT_PASS.contains(&method) {
                self.closed(j, depth + 1)
            } else if let Some(t) = self.entry_template(j) {
                // A method twin on it; if it returns a retyped value too, that must close.
                let e = match &self.targets[j] {
                    Tgt::Blocking(n) => self.catalog.blocking(n),
                    _ => None,
                };
                t.starts_with("{recv}")
                    && (e.and_then(|e| e.returns.as_ref()).is_none() || self.closed(j, depth + 1))
            } else if self.is_builder(j) {
                self.closed(j, depth + 1)
            } else {
                false
            }
        })
    }

    /// `call_i(..).unwrap()` (call `j`): extraction counts what the unwrapped value flows
    /// into as uses of call `i` itself (like `?`) when it starts a method chain or a `let`;
    /// then those uses decide. Used any other way (an argument, a return value) it escapes.
    fn unwrap_absorbed(&self, i: usize, j: usize) -> bool {
        let (cj, ci) = (&self.s.calls[j], &self.s.calls[i]);
        if cj.recv_call != Some(i) {
            // `r.unwrap()` on a local holding the Result: where its payload goes is not tracked.
            return false;
        }
        let chained = self.s.calls.iter().enumerate().any(|(k, c)| {
            k != j && c.recv_call == Some(i) && c.start <= cj.start && cj.end <= c.end
        });
        let bound = self
            .s
            .locals
            .iter()
            .any(|l| l.init_call == Some(i) && ci.start <= cj.start && cj.end <= l.decl);
        chained || bound
    }

    /// The call at the root of call `j`'s receiver chain (through builders and locals).
    fn root(&self, j: usize, depth: usize) -> Option<usize> {
        if depth > 32 {
            return None;
        }
        let c = &self.s.calls[j];
        let r = c
            .recv_call
            .or_else(|| self.s.locals.get(c.recv_local?)?.init_call)?;
        if self.is_builder(r) && !matches!(self.s.calls[r].callee, Callee::Path(_)) {
            self.root(r, depth + 1)
        } else {
            Some(r)
        }
    }
}

/// Decide what happens to each catalog call of function `f`.
fn fixes_for(p: &Project, catalog: &Catalog, f: usize, targets: &[Tgt]) -> Vec<Option<SiteFix>> {
    let s = p.summary_of(f);
    let r = Retype {
        s,
        targets,
        catalog,
    };
    let mut out: Vec<Option<SiteFix>> = vec![None; s.calls.len()];
    for (i, t) in targets.iter().enumerate() {
        let name = match t {
            Tgt::Blocking(n) => n,
            Tgt::External(n) => {
                if let Some(twin) = catalog.type_twin(n)
                    && r.closed(i, 0)
                {
                    out[i] = Some(SiteFix::TypeTwin(twin.to_string()));
                }
                continue;
            }
            _ => continue,
        };
        let e = catalog.blocking(name).expect("catalog entry");
        if !e.migrate {
            continue;
        }
        out[i] = Some(match e.strategy {
            Strategy::Review | Strategy::Library => SiteFix::Keep(
                e.note
                    .clone()
                    .unwrap_or_else(|| "no async twin with the same meaning".into()),
            ),
            Strategy::Thread => SiteFix::Thread(None),
            Strategy::Twin => {
                let rep = e.replacement.as_deref().unwrap_or_default();
                // A method twin needs its receiver switched first only when the
                // receiver's type is one the catalog switches (a std stream -> tokio).
                let on_recv = rep.starts_with("{recv}")
                    && name
                        .rsplit_once("::")
                        .is_some_and(|(ty, _)| catalog.switches_type(ty));
                let retypes = e.returns.is_some();
                let recv_ok = !on_recv || {
                    match r.root(i, 0) {
                        Some(root) => match &targets[root] {
                            Tgt::Blocking(rn) => {
                                catalog.blocking(rn).is_some_and(|re| {
                                    re.returns.is_some() && re.strategy == Strategy::Twin
                                }) && r.closed(root, 0)
                            }
                            Tgt::External(rn) => {
                                catalog.type_twin(rn).is_some() && r.closed(root, 0)
                            }
                            _ => false,
                        },
                        None => false,
                    }
                };
                let value_ok = !retypes || r.closed(i, 0);
                let args_ok = e.arg_trait.is_none()
                    || !(s.calls[i].generic_arg
                        || s.calls[i]
                            .field_args
                            .iter()
                            .any(|v| p.field_is_generic(catalog, f, v)));
                if recv_ok && value_ok && args_ok {
                    SiteFix::Twin
                } else if !recv_ok {
                    SiteFix::Thread(Some(
                        "the receiver is not created in this function (or is used elsewhere), so it cannot switch to the async type".into(),
                    ))
                } else if !value_ok {
                    SiteFix::Thread(Some(
                        "the value it returns is used beyond calls awaitify migrates (returned, stored, passed on or used in a closure), so it cannot switch to the async type".into(),
                    ))
                } else {
                    SiteFix::Thread(Some(format!(
                        "an argument's type is a generic parameter, which need not implement `{}` (the twin's bound)",
                        e.arg_trait.as_deref().unwrap_or_default()
                    )))
                }
            }
        });
    }
    // A blocking call that stays blocking makes nothing async by itself.
    out
}

pub fn analyze<'a>(p: &'a Project, catalog: &'a Catalog, options: &'a Options) -> Analysis<'a> {
    let n = p.funcs.len();
    let targets = targets(p, catalog);
    let fixes: Vec<Vec<Option<SiteFix>>> = (0..n)
        .map(|f| {
            if p.is_reached(f) {
                fixes_for(p, catalog, f, &targets[f])
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut graph = CallGraph::new(n);
    let mut facts = vec![NodeFacts::default(); n];
    let mut barrier: Vec<Option<String>> = vec![None; n];
    let mut twin: Vec<Option<usize>> = vec![None; n];
    let mut is_main = vec![false; n];
    let mut is_test = vec![false; n];
    let mut dyn_traits = Vec::new();
    // Sync functions by qualified name: the async name a migration would give a function
    // must not be one of theirs (E0428, or an unrelated function called instead).
    let sync_by_qualname: std::collections::HashMap<String, usize> = (0..n)
        .filter(|&g| p.is_reached(g) && !p.summary_of(g).is_async)
        .map(|g| (p.qualname(g), g))
        .collect();
    for f in 0..n {
        if !p.is_reached(f) {
            barrier[f] = Some("not part of any crate's module tree".into());
            continue;
        }
        let s = p.summary_of(f);
        let m = p.func_module[f];
        let target = p.target_of_module(m).expect("module target");
        let file = p.file_of(f);
        facts[f].already_async = s.is_async;
        is_main[f] = s.name == "main"
            && s.owner == Owner::Free
            && target.kind == TargetKind::Bin
            && p.modules[m].parent.is_none();
        is_test[f] = target.kind == TargetKind::Test
            || s.attrs.iter().any(|a| a == "test" || a.ends_with("::test"))
            || p.modules[m].path.split("::").any(|c| c == "tests");
        let qual = p.qualname(f);
        barrier[f] = if target.edition == "2015" {
            Some(format!(
                "the package ({}) is Rust 2015 (no `edition` key), where `async fn` does not exist: move it to edition 2018 or later first (`cargo fix --edition`)",
                target.manifest
            ))
        } else if s.is_const {
            Some("a `const fn` cannot be async".into())
        } else if let Some(g) = (options.naming != Naming::Inplace)
            .then(|| {
                let want = options.naming.apply(&s.name);
                let qual = p.qualname(f);
                let base = qual.strip_suffix(s.name.as_str()).unwrap_or(&qual);
                sync_by_qualname.get(&format!("{base}{want}")).copied()
            })
            .flatten()
            .filter(|&g| g != f && !is_shim_body(p.summary_of(g)))
        {
            Some(format!(
                "its async name `{}` is taken by another function (`{}`): rename one of them first",
                options.naming.apply(&s.name),
                p.qualname(g)
            ))
        } else if let Some((t, false)) = &p.func_trait[f] {
            Some(format!(
                "implements `{}` from outside the project, whose signature is fixed",
                t.rsplit("::").next().unwrap_or(t)
            ))
        } else if s.keep_sync || options.keep_sync.iter().any(|g| glob_match(g, &qual)) {
            Some("kept sync by request (keep-sync)".into())
        } else if is_test[f] {
            Some("test code stays sync and exercises the sync API through the shims".into())
        } else {
            None
        };
        for (i, c) in s.calls.iter().enumerate() {
            let site = Site {
                file,
                offset: c.start,
            };
            match &targets[f][i] {
                Tgt::Func(g) if c.ctx == Ctx::Body => graph.add_call(f, *g, site),
                _ => {}
            }
            if c.ctx == Ctx::Body && matches!(fixes[f][i], Some(SiteFix::Twin | SiteFix::Thread(_)))
            {
                facts[f].blocking = true;
            }
        }
        // A shim an earlier run left (`fn x(..) { block_on!(x_async(..)) }`, or
        // `block_on_local(..)` for a generic one) blocks as the original did: its async twin
        // is what callers that migrate now call, so a tree migrated wave by wave ends as a
        // one-shot run does.
        if !s.is_async && is_shim_body(s) {
            let want = options.naming.apply(&s.name);
            twin[f] = s
                .calls
                .iter()
                .enumerate()
                .find_map(|(i, _)| match &targets[f][i] {
                    Tgt::Func(t) if p.summary_of(*t).is_async && p.summary_of(*t).name == want => {
                        Some(*t)
                    }
                    _ => None,
                });
            if twin[f].is_some() {
                facts[f].blocking = true;
            }
        }
        // Trait objects: `dyn Trait` parameters and fields.
        for l in &s.locals {
            if let Val::Typed(t) = &l.val
                && t.dyn_trait
                && let Some(Def::Trait(k)) = p.resolve(m, &t.path)
            {
                dyn_traits.push((
                    k,
                    format!(
                        "{}:{}",
                        p.files[file].rel,
                        awaitify_core::text::line_number(&p.files[file].text, s.ident_start)
                    ),
                ));
            }
        }
    }
    // `dyn Trait` written anywhere else (a local's type inside generics, a cast, a type
    // alias): resolved from the file's module, else every project trait of that name.
    for (file, pf) in p.files.iter().enumerate() {
        for (offset, path, _) in &pf.summary.dyn_uses {
            let at = format!(
                "{}:{}",
                pf.rel,
                awaitify_core::text::line_number(&pf.text, *offset)
            );
            match p
                .module_of
                .get(&(file, 0))
                .and_then(|&m| p.resolve(m, path))
            {
                Some(Def::Trait(k)) => dyn_traits.push((k, at)),
                _ => {
                    let Some(last) = path.last() else { continue };
                    for k in p.trait_methods().keys() {
                        if k.rsplit("::").next() == Some(last.as_str()) {
                            dyn_traits.push((k.clone(), at.clone()));
                        }
                    }
                }
            }
        }
    }
    // A trait's methods and their impls share a colour.
    for f in 0..n {
        if let Some((t, true)) = &p.func_trait[f]
            && let Some(decl) = p.trait_method(t, &p.summary_of(f).name)
        {
            graph.add_override(decl, f);
        }
    }
    // Traits used as `dyn Trait`: `async fn` would make them not dyn-compatible.
    for (k, at) in &dyn_traits {
        if let Some(ms) = p.trait_methods().get(k) {
            for &d in ms.values() {
                barrier[d].get_or_insert_with(|| {
                    format!("its trait is used as `dyn {}` ({at}); async fn in a trait is not dyn-compatible (needs boxing)", k.rsplit("::").next().unwrap_or(k))
                });
            }
        }
    }
    // A trait method and its impls share a colour: if one must stay sync, all do.
    let mut groups: rustc_hash::FxHashMap<usize, Vec<usize>> = rustc_hash::FxHashMap::default();
    for f in 0..n {
        if let Some((t, true)) = &p.func_trait[f]
            && let Some(decl) = p.trait_method(t, &p.summary_of(f).name)
        {
            groups.entry(decl).or_default().push(f);
        }
    }
    for (decl, impls) in &groups {
        let members: Vec<usize> = std::iter::once(*decl)
            .chain(impls.iter().copied())
            .collect();
        if let Some(&b) = members.iter().find(|&&m| barrier[m].is_some()) {
            let who = p.qualname(b);
            let why = barrier[b].clone().unwrap_or_default();
            for &m in &members {
                barrier[m].get_or_insert_with(|| {
                    format!("shares a trait method with `{who}`, which stays sync: {why}")
                });
            }
        }
    }
    for f in 0..n {
        facts[f].barrier = barrier[f].is_some();
    }
    let allowed = if options.only.is_empty() {
        None
    } else {
        let roots: Vec<usize> = (0..n)
            .filter(|&f| options.only.iter().any(|o| *o == p.qualname(f)))
            .collect();
        Some(graph.reachable(&roots))
    };
    let taint = graph.propagate(&facts, allowed.as_deref());
    let waves = graph.waves(&taint);
    let mut scc = vec![None; n];
    for (i, group) in graph.recursive().into_iter().enumerate() {
        for f in group {
            scc[f] = Some(i);
        }
    }
    let mut a = Analysis {
        project: p,
        catalog,
        options,
        targets,
        fixes,
        graph,
        taint,
        barrier,
        waves,
        scc,
        needs_shim: vec![false; n],
        is_main,
        is_test,
        dyn_traits,
        twin,
    };
    a.needs_shim = needs_shim(&a);
    settle_waves(&mut a);
    a
}

/// Make every prefix of the wave series a crate that compiles: a caller changes no earlier
/// than its callee, a function without a shim changes in the same wave as its callers
/// (nothing may call its old name in between), and a trait method changes with its impls.
fn settle_waves(a: &mut Analysis) {
    let n = a.project.funcs.len();
    let mut w: Vec<usize> = (0..n).map(|f| a.wave(f)).collect();
    a.graph.settle_waves(
        &|f| a.migrates(f),
        &|g| !a.needs_shim[g] && a.twin[g].is_none(),
        &mut w,
    );
    for (f, wave) in w.into_iter().enumerate() {
        if a.migrates(f) {
            a.waves[f] = Some(wave);
        }
    }
}

/// A shim keeps the sync name working where something still needs it: public API of a
/// library, sync callers (tests, closures, barriers), functions passed as values.
fn needs_shim(a: &Analysis) -> Vec<bool> {
    let p = a.project;
    let n = p.funcs.len();
    let mut out = vec![false; n];
    if a.options.naming == Naming::Inplace {
        return out;
    }
    for (f, shim) in out.iter_mut().enumerate() {
        if !a.migrates(f) || a.is_main[f] || a.twin[f].is_some() {
            continue;
        }
        let s = p.summary_of(f);
        let target = p.target_of_module(p.func_module[f]).expect("target");
        *shim = s.is_pub && target.kind == TargetKind::Lib;
    }
    for f in 0..n {
        if !p.is_reached(f) {
            continue;
        }
        let s = p.summary_of(f);
        let m = p.func_module[f];
        for (i, c) in s.calls.iter().enumerate() {
            if let Tgt::Func(g) = a.targets[f][i] {
                let sync_ctx = match c.ctx {
                    Ctx::Body => !a.async_after(f),
                    Ctx::AsyncBlock => false,
                    Ctx::Closure | Ctx::Const => true,
                };
                if sync_ctx && a.migrates(g) && a.twin[g].is_none() {
                    out[g] = true;
                }
            }
        }
        for (segs, _) in &s.fn_values {
            if let Some(Def::Func(g)) = p.resolve(m, segs)
                && a.migrates(g)
                && a.twin[g].is_none()
            {
                out[g] = true;
            }
        }
    }
    // A method call nothing was resolved for (`x.touch()` on a value of unknown type) may
    // reach a method of that name: those keep their sync name, as a shim.
    let unresolved: std::collections::HashSet<&str> = (0..n)
        .filter(|&f| p.is_reached(f))
        .flat_map(|f| a.targets[f].iter())
        .filter_map(|t| match t {
            Tgt::Unknown(name) => name.strip_prefix('.')?.strip_suffix("()"),
            _ => None,
        })
        .collect();
    for (f, shim) in out.iter_mut().enumerate() {
        if a.migrates(f)
            && a.twin[f].is_none()
            && !a.is_main[f]
            && p.func_trait[f].is_none()
            && unresolved.contains(p.summary_of(f).name.as_str())
        {
            *shim = true;
        }
    }
    // Shims of trait methods live in the trait (as provided methods).
    for f in 0..n {
        if out[f]
            && let Some((t, true)) = &p.func_trait[f]
        {
            out[f] = false;
            if let Some(d) = p.trait_method(t, &p.summary_of(f).name) {
                out[d] = true;
            }
        }
    }
    out
}
