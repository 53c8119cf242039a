//! Resolution on demand, for lint: only the call sites lint can report through.
//!
//! Lint reports what async code runs: calls in `async def` bodies and the sync functions
//! they reach. Migration needs every call site resolved (a function's callers anywhere
//! decide whether it migrates); lint does not. So lint resolves the sites of async
//! functions, then the sites of every function those reach (and of the overrides a call
//! through a base may run), to a fixpoint, instead of the whole program: on the CPython
//! standard library that is a few percent of the sites.
//!
//! What stays whole-program is what a reached function's parameters receive: the call
//! sites that may pass them values are resolved too, wherever they are. Only sites whose
//! callee name is one of those functions' names (or, for a constructor, its class's
//! name) can; those are found by name before anything is resolved. Discarded calls are
//! resolved where their callee name is a coroutine function's (lint's never-awaited and
//! task rules apply in sync code too).
//!
//! The rounds match whole-program resolution: a site is first resolved with no parameter
//! values known, parameter values are settled once from those results, and a site that
//! found nothing and reads a parameter is resolved again with them.

use crate::model::*;
use crate::resolve::{FuncId, Index, Resolved};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// A file's newly resolved sites: (site, result, whether it consulted a parameter).
type FileResults = (usize, Vec<(u32, Resolved, bool)>);

/// Per file, per site: resolved (or not looked at).
pub struct Demand {
    pub resolved: Vec<Vec<Resolved>>,
    /// Each function's sites (indices into its file's sites).
    pub sites_of: Vec<Vec<u32>>,
}

pub fn resolve(index: &Index, coroutine_names: &[&str]) -> Demand {
    let files = index.summaries.len();
    let n = index.funcs.len();
    // A file's results are allocated when its first site is resolved: most files have
    // none (a file with any has one result per site, as whole-program resolution gives).
    let mut resolved: Vec<Vec<Resolved>> = vec![vec![]; files];
    // Per site: not resolved (0), resolved (1), resolved consulting a parameter's
    // binding (2: only those can change once parameter values are known).
    let mut done: Vec<Vec<u8>> = index
        .summaries
        .iter()
        .map(|s| vec![0; s.sites.len()])
        .collect();
    let mut sites_of: Vec<Vec<u32>> = vec![vec![]; n];
    for (file, s) in index.summaries.iter().enumerate() {
        for (i, site) in s.sites.iter().enumerate() {
            if let Some(f) = site.func {
                sites_of[index.func_id(file, f)].push(i as u32);
            }
        }
    }
    // The calls through a variable, by what they reach: built here, in parallel, before
    // any query may need it (never from inside one).
    if let Some(lazy) = &index.lazy_params {
        let _ = lazy.by_target.set(index.variable_calls(lazy));
    }
    crate::phase("demand setup");
    let mut reached = vec![false; n];
    let mut frontier: Vec<FuncId> = (0..n).filter(|&g| index.func(g).1.is_async).collect();
    // Round one for the given sites (no parameter values known), in parallel by file.
    let round = |resolved: &mut Vec<Vec<Resolved>>,
                 done: &mut Vec<Vec<u8>>,
                 wanted: Vec<(usize, u32)>,
                 with_params: bool| {
        let mut by_file: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        for (file, i) in wanted {
            if std::mem::replace(&mut done[file][i as usize], 1) == 0 {
                by_file.entry(file).or_default().push(i);
            }
        }
        let mut jobs: Vec<(usize, Vec<u32>)> = by_file.into_iter().collect();
        jobs.sort_unstable_by_key(|(f, _)| *f);
        let one = |(file, sites): (usize, Vec<u32>)| -> FileResults {
            let s = index.summaries[file];
            let out = crate::types::params_known(with_params, || {
                sites
                    .into_iter()
                    .map(|i| {
                        let (r, touched) = crate::types::touching_params(|| {
                            index.resolve_site(file, &s.sites[i as usize])
                        });
                        (i, r, touched)
                    })
                    .collect()
            });
            (file, out)
        };
        let results: Vec<FileResults> = jobs.into_par_iter().map(one).collect();
        for (file, items) in results {
            if resolved[file].is_empty() {
                resolved[file].resize_with(index.summaries[file].sites.len(), Resolved::none);
            }
            for (i, r, touched) in items {
                resolved[file][i as usize] = r;
                done[file][i as usize] = 1 + u8::from(touched);
            }
        }
    };
    loop {
        // 1. The closure of what reached functions call, under round one.
        let mut added: Vec<FuncId> = vec![];
        while !frontier.is_empty() {
            let mut fresh = vec![];
            let mut wanted = vec![];
            for g in frontier.drain(..) {
                if std::mem::replace(&mut reached[g], true) {
                    continue;
                }
                fresh.push(g);
                let file = index.funcs[g].0;
                let s = index.summaries[file];
                for &i in &sites_of[g] {
                    if s.sites[i as usize].kind != SiteKind::Value {
                        wanted.push((file, i));
                    }
                }
            }
            round(&mut resolved, &mut done, wanted, false);
            for &g in &fresh {
                expand(index, g, &sites_of, &resolved, &reached, &mut frontier);
            }
            added.extend(fresh);
            frontier.sort_unstable();
            frontier.dedup();
        }
        if added.is_empty() {
            break;
        }
        // 2. Round two for the new functions' sites that found nothing and read a
        //    parameter (or `self`), then what they now reach.
        let again: Vec<(usize, u32)> = added
            .iter()
            .flat_map(|&g| {
                let file = index.funcs[g].0;
                let s = index.summaries[file];
                let resolved = &resolved;
                let done = &done;
                sites_of[g].iter().filter_map(move |&i| {
                    let site = &s.sites[i as usize];
                    (resolved[file][i as usize].found_nothing(site.kind)
                        && done[file][i as usize] == 2
                        && index.reads_param(file, &site.target))
                    .then_some((file, i))
                })
            })
            .collect();
        for &(file, i) in &again {
            done[file][i as usize] = 0;
        }
        round(&mut resolved, &mut done, again, true);
        for &g in &added {
            expand(index, g, &sites_of, &resolved, &reached, &mut frontier);
        }
        frontier.sort_unstable();
        frontier.dedup();
        if frontier.is_empty() {
            break;
        }
    }
    crate::phase("demand closure");
    // Discarded calls anywhere whose callee may be a coroutine function or an asyncio
    // coroutine or task factory (lint's never-awaited and task rules).
    let names: FxHashSet<&str> = coroutine_names.iter().copied().collect();
    let wanted: Vec<(usize, u32)> = (0..files)
        .into_par_iter()
        .flat_map_iter(|file| {
            let s = index.summaries[file];
            let names = &names;
            let done = &done[file];
            s.sites.iter().enumerate().filter_map(move |(i, site)| {
                let call = site.call.as_ref()?;
                if !call.discarded || done[i] != 0 {
                    return None;
                }
                // By the name the call reaches its callee by; a call through a variable
                // ("") may reach any coroutine function.
                let key = crate::types::callee_key(s, site);
                (key.is_empty() || names.contains(key)).then_some((file, i as u32))
            })
        })
        .collect();
    round(&mut resolved, &mut done, wanted.clone(), false);
    let again: Vec<(usize, u32)> = wanted
        .into_iter()
        .filter(|&(file, i)| {
            let site = &index.summaries[file].sites[i as usize];
            resolved[file][i as usize].found_nothing(site.kind)
                && done[file][i as usize] == 2
                && index.reads_param(file, &site.target)
        })
        .collect();
    for &(file, i) in &again {
        done[file][i as usize] = 0;
    }
    round(&mut resolved, &mut done, again, true);
    crate::phase("demand discarded");
    Demand { resolved, sites_of }
}

/// Add to `frontier` what reached function `g` may run: its sites' targets; for a method,
/// the overrides in subclasses (a call resolved to it may run them), and what `self.m()`
/// inside it runs for each subclass `self` may be an instance of.
fn expand(
    index: &Index,
    g: FuncId,
    sites_of: &[Vec<u32>],
    resolved: &[Vec<Resolved>],
    reached: &[bool],
    frontier: &mut Vec<FuncId>,
) {
    let (file, _) = index.funcs[g];
    let (s, f) = index.func(g);
    let mut push = |h: FuncId| {
        if !reached[h] {
            frontier.push(h);
        }
    };
    for &i in &sites_of[g] {
        for h in resolved[file][i as usize].funcs() {
            push(h);
        }
    }
    let Some(c) = f.class else {
        return;
    };
    let k = index.class_id(file, c);
    let subs = index.subclasses(k);
    if subs.len() > 32 {
        return;
    }
    for &sub in subs {
        if let Some(m) = index.method(sub, f.name.as_str(), false) {
            push(m);
        }
    }
    // `self.m()` / `cls.m()`: what each subclass's MRO gives for `m`.
    for &i in &sites_of[g] {
        let site = &s.sites[i as usize];
        let Ref::Attr(base, name) = &site.target else {
            continue;
        };
        let Ref::Name(n, scope) = &**base else {
            continue;
        };
        if !matches!(
            crate::extract::lookup_local(&s.scopes, *scope, n),
            Some(Binding::SelfOf(_) | Binding::ClsOf(_))
        ) {
            continue;
        }
        for &sub in subs {
            if let Some(m) = index.method(sub, name.as_str(), false) {
                push(m);
            }
        }
    }
}
