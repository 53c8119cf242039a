//! The call graph, blocking-taint propagation, explanations and migration waves.
//!
//! Nodes are functions, numbered densely by the frontend (`FuncId`). An edge `a -> b` says
//! that `a` calls `b` (or, for [`EdgeKind::Override`], that the two are implementations of
//! one method in a class hierarchy and must share a colour). Taint flows against call
//! edges: a function becomes async when it calls one that does, and along override edges
//! in both directions.

use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::VecDeque;

pub type FuncId = usize;

/// Where a call happens: an opaque file number and byte offset the frontend can map back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Site {
    pub file: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Call(Site),
    Override,
}

/// What the frontend knows about one function before propagation.
#[derive(Debug, Clone, Default)]
pub struct NodeFacts {
    /// Directly contains a blocking call that would be rewritten if it were async.
    pub blocking: bool,
    /// Already `async`: neither tainted nor a source of taint.
    pub already_async: bool,
    /// Must stay sync (cannot be async, or kept sync by the user). Taint stops here.
    pub barrier: bool,
}

/// Why a function became async.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It calls a blocking API itself.
    Blocking,
    /// It calls (or overrides, or is overridden by) a function that became async.
    Via(FuncId, EdgeKind),
}

#[derive(Debug, Default)]
pub struct CallGraph {
    graph: DiGraph<(), EdgeKind>,
}

#[derive(Debug, Clone)]
pub struct Taint {
    /// `Some(reason)` for every function that becomes async.
    pub reasons: Vec<Option<Reason>>,
    /// Barrier functions that some taint reached: they stay sync and call shims.
    /// Sorted (ascending), for `is_blocked_barrier`.
    pub blocked_barriers: Vec<FuncId>,
}

impl Taint {
    pub fn is_async(&self, f: FuncId) -> bool {
        self.reasons[f].is_some()
    }

    /// Whether `f` is a barrier some taint reached (binary search: called per function).
    pub fn is_blocked_barrier(&self, f: FuncId) -> bool {
        self.blocked_barriers.binary_search(&f).is_ok()
    }

    pub fn count(&self) -> usize {
        self.reasons.iter().filter(|r| r.is_some()).count()
    }

    /// The chain `f -> ... -> g` where `g` calls a blocking API itself, each step with the
    /// edge it went through.
    pub fn chain(&self, f: FuncId) -> Vec<(FuncId, Option<EdgeKind>)> {
        let mut out = Vec::new();
        let mut cur = f;
        while let Some(reason) = self.reasons[cur] {
            match reason {
                Reason::Blocking => {
                    out.push((cur, None));
                    break;
                }
                Reason::Via(next, edge) => {
                    out.push((cur, Some(edge)));
                    if out.len() > self.reasons.len() {
                        break; // defensive: reasons form a forest by construction
                    }
                    cur = next;
                }
            }
        }
        out
    }
}

impl CallGraph {
    pub fn new(functions: usize) -> Self {
        let mut graph = DiGraph::with_capacity(functions, functions * 2);
        for _ in 0..functions {
            graph.add_node(());
        }
        Self { graph }
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    pub fn add_call(&mut self, caller: FuncId, callee: FuncId, site: Site) {
        self.graph.add_edge(
            NodeIndex::new(caller),
            NodeIndex::new(callee),
            EdgeKind::Call(site),
        );
    }

    /// Link two implementations of one method: they become async together.
    pub fn add_override(&mut self, a: FuncId, b: FuncId) {
        self.graph
            .add_edge(NodeIndex::new(a), NodeIndex::new(b), EdgeKind::Override);
        self.graph
            .add_edge(NodeIndex::new(b), NodeIndex::new(a), EdgeKind::Override);
    }

    /// Callees of `f` with the edge kinds.
    pub fn callees(&self, f: FuncId) -> impl Iterator<Item = (FuncId, EdgeKind)> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(f), Direction::Outgoing)
            .map(|e| (e.target().index(), *e.weight()))
    }

    /// Callers of `f` with the edge kinds.
    pub fn callers(&self, f: FuncId) -> impl Iterator<Item = (FuncId, EdgeKind)> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(f), Direction::Incoming)
            .map(|e| (e.source().index(), *e.weight()))
    }

    /// Make every prefix of a wave series a working program: a caller changes no earlier
    /// than its callee, a function without a shim (`no_shim`) changes in the same wave as
    /// its callers (nothing may call its old name in between), and override families change
    /// in one wave. `waves` holds each migrating function's wave (others are ignored);
    /// the result is renumbered densely from 0.
    pub fn settle_waves(
        &self,
        migrates: &dyn Fn(FuncId) -> bool,
        no_shim: &dyn Fn(FuncId) -> bool,
        waves: &mut [usize],
    ) {
        let n = waves.len();
        loop {
            let mut changed = false;
            for g in 0..n {
                if !migrates(g) {
                    continue;
                }
                for (c, e) in self.callers(g) {
                    if !migrates(c) {
                        continue;
                    }
                    if e == EdgeKind::Override {
                        if waves[c] != waves[g] {
                            let top = waves[c].max(waves[g]);
                            (waves[c], waves[g]) = (top, top);
                            changed = true;
                        }
                        continue;
                    }
                    if !matches!(e, EdgeKind::Call(_)) {
                        continue;
                    }
                    if waves[c] < waves[g] {
                        waves[c] = waves[g];
                        changed = true;
                    }
                    if no_shim(g) && waves[g] < waves[c] {
                        waves[g] = waves[c];
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut used: Vec<usize> = (0..n).filter(|&f| migrates(f)).map(|f| waves[f]).collect();
        used.sort_unstable();
        used.dedup();
        for (f, wave) in waves.iter_mut().enumerate() {
            if migrates(f) {
                *wave = used.binary_search(wave).expect("present");
            }
        }
    }

    /// Every function reachable from `roots` by calls and overrides (roots included).
    pub fn reachable(&self, roots: &[FuncId]) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<FuncId> = roots.to_vec();
        while let Some(f) = stack.pop() {
            if std::mem::replace(&mut seen[f], true) {
                continue;
            }
            stack.extend(self.callees(f).map(|(g, _)| g).filter(|&g| !seen[g]));
        }
        seen
    }

    /// Propagate blocking taint breadth-first from the functions that block themselves, so
    /// that every recorded reason is a shortest chain. `allowed`, when given, limits which
    /// functions may change (`--only`).
    pub fn propagate(&self, facts: &[NodeFacts], allowed: Option<&[bool]>) -> Taint {
        self.propagate_filtered(facts, allowed, &|_, _| true)
    }

    /// [`propagate`](Self::propagate), where taint crosses an override edge from `g` to
    /// `f` only when `follow(g, f)` (lint: from an override to the base it overrides,
    /// since a call resolved to the base may run the override; never to a sibling).
    pub fn propagate_filtered(
        &self,
        facts: &[NodeFacts],
        allowed: Option<&[bool]>,
        follow: &dyn Fn(FuncId, FuncId) -> bool,
    ) -> Taint {
        assert_eq!(facts.len(), self.len(), "one NodeFacts per function");
        let may_change = |f: FuncId| !facts[f].already_async && allowed.is_none_or(|a| a[f]);
        let mut reasons: Vec<Option<Reason>> = vec![None; self.len()];
        let mut blocked = vec![false; self.len()];
        let mut queue = VecDeque::new();
        for (f, fact) in facts.iter().enumerate() {
            if fact.blocking && may_change(f) {
                if fact.barrier {
                    blocked[f] = true;
                } else {
                    reasons[f] = Some(Reason::Blocking);
                    queue.push_back(f);
                }
            }
        }
        while let Some(g) = queue.pop_front() {
            // Callers of g, and overrides linked to g (override edges exist both ways, so
            // incoming edges cover them).
            for (f, edge) in self.callers(g) {
                if reasons[f].is_some() || !may_change(f) {
                    continue;
                }
                if edge == EdgeKind::Override && !follow(g, f) {
                    continue;
                }
                if facts[f].barrier {
                    blocked[f] = true;
                    continue;
                }
                reasons[f] = Some(Reason::Via(g, edge));
                queue.push_back(f);
            }
        }
        Taint {
            reasons,
            blocked_barriers: blocked
                .iter()
                .enumerate()
                .filter_map(|(f, &b)| b.then_some(f))
                .collect(),
        }
    }

    /// Leaf-first waves: wave 0 holds async functions that call no other function that
    /// becomes async; wave n holds those whose async callees are all in earlier waves.
    /// Mutually recursive functions (one strongly connected component) share a wave.
    /// Functions that do not become async get `None`.
    pub fn waves(&self, taint: &Taint) -> Vec<Option<usize>> {
        let mut sub: DiGraph<FuncId, ()> = DiGraph::new();
        let mut index = vec![None; self.len()];
        for (f, slot) in index.iter_mut().enumerate() {
            if taint.is_async(f) {
                *slot = Some(sub.add_node(f));
            }
        }
        for e in self.graph.edge_references() {
            if let (Some(a), Some(b)) = (index[e.source().index()], index[e.target().index()])
                && a != b
            {
                sub.add_edge(a, b, ());
            }
        }
        // tarjan_scc returns components in reverse topological order: callees first.
        let sccs = tarjan_scc(&sub);
        let mut comp_of = vec![0usize; sub.node_count()];
        for (c, comp) in sccs.iter().enumerate() {
            for n in comp {
                comp_of[n.index()] = c;
            }
        }
        let mut level = vec![0usize; sccs.len()];
        for (c, comp) in sccs.iter().enumerate() {
            let mut l = 0;
            for n in comp {
                for succ in sub.neighbors(*n) {
                    let sc = comp_of[succ.index()];
                    if sc != c {
                        l = l.max(level[sc] + 1);
                    }
                }
            }
            level[c] = l;
        }
        let mut out = vec![None; self.len()];
        for n in sub.node_indices() {
            out[sub[n]] = Some(level[comp_of[n.index()]]);
        }
        out
    }

    /// Strongly connected components with more than one function, or a function that
    /// calls itself: recursion the frontend may need to treat specially.
    pub fn recursive(&self) -> Vec<Vec<FuncId>> {
        tarjan_scc(&self.graph)
            .into_iter()
            .filter(|c| c.len() > 1 || self.graph.find_edge(c[0], c[0]).is_some())
            .map(|c| c.into_iter().map(NodeIndex::index).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(offset: usize) -> Site {
        Site { file: 0, offset }
    }

    fn facts(n: usize, blocking: &[usize]) -> Vec<NodeFacts> {
        (0..n)
            .map(|i| NodeFacts {
                blocking: blocking.contains(&i),
                ..NodeFacts::default()
            })
            .collect()
    }

    #[test]
    fn taint_flows_to_transitive_callers_with_shortest_chains() {
        // 0 -> 1 -> 2(blocking); 0 -> 2; 3 unrelated
        let mut g = CallGraph::new(4);
        g.add_call(0, 1, site(1));
        g.add_call(1, 2, site(2));
        g.add_call(0, 2, site(3));
        let t = g.propagate(&facts(4, &[2]), None);
        assert!(t.is_async(0) && t.is_async(1) && t.is_async(2));
        assert!(!t.is_async(3));
        assert_eq!(
            t.chain(0),
            vec![(0, Some(EdgeKind::Call(site(3)))), (2, None)]
        );
        assert_eq!(t.count(), 3);
    }

    #[test]
    fn barriers_stop_taint_and_are_reported() {
        let mut g = CallGraph::new(3);
        g.add_call(0, 1, site(1));
        g.add_call(1, 2, site(2));
        let mut f = facts(3, &[2]);
        f[1].barrier = true;
        let t = g.propagate(&f, None);
        assert!(t.is_async(2));
        assert!(!t.is_async(1) && !t.is_async(0));
        assert_eq!(t.blocked_barriers, vec![1]);
    }

    #[test]
    fn already_async_functions_neither_change_nor_spread() {
        let mut g = CallGraph::new(3);
        g.add_call(0, 1, site(1));
        g.add_call(1, 2, site(2));
        let mut f = facts(3, &[1]);
        f[1].already_async = true;
        let t = g.propagate(&f, None);
        assert_eq!(t.count(), 0);
    }

    #[test]
    fn overrides_share_a_colour() {
        // 0 calls base 1; 2 overrides 1 and blocks; 3 is another override.
        let mut g = CallGraph::new(4);
        g.add_call(0, 1, site(1));
        g.add_override(1, 2);
        g.add_override(1, 3);
        let t = g.propagate(&facts(4, &[2]), None);
        assert!((0..4).all(|f| t.is_async(f)));
        assert_eq!(t.chain(0).len(), 3);
    }

    #[test]
    fn only_limits_the_change() {
        let mut g = CallGraph::new(4);
        g.add_call(0, 2, site(1));
        g.add_call(1, 3, site(2));
        let allowed = g.reachable(&[0]);
        let t = g.propagate(&facts(4, &[2, 3]), Some(&allowed));
        assert!(t.is_async(0) && t.is_async(2));
        assert!(!t.is_async(1) && !t.is_async(3));
    }

    #[test]
    fn waves_are_leaf_first_and_cycles_share_one() {
        // 0 -> 1 -> 2 <-> 3 (blocking)
        let mut g = CallGraph::new(4);
        g.add_call(0, 1, site(1));
        g.add_call(1, 2, site(2));
        g.add_call(2, 3, site(3));
        g.add_call(3, 2, site(4));
        let t = g.propagate(&facts(4, &[3]), None);
        let w = g.waves(&t);
        assert_eq!(w, vec![Some(2), Some(1), Some(0), Some(0)]);
        let mut rec = g.recursive();
        assert_eq!(rec.len(), 1);
        rec[0].sort();
        assert_eq!(rec[0], vec![2, 3]);
    }
}
