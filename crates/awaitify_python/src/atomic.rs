//! Django's `with transaction.atomic():` blocks in sync functions: whether a block can be
//! moved whole into a nested sync function, run from the migrated coroutine through
//! thread-sensitive `sync_to_async`, and what that move needs.
//!
//! A transaction has no async twin, and Django's connections belong to a thread: every
//! statement of the block must run in the same worker thread, in order. When a function
//! holding such a block becomes async for another reason, the block becomes
//!
//! ```python
//! def _atomic_block():
//!     nonlocal total          # names the block assigns that the function uses elsewhere
//!     with transaction.atomic():
//!         ...                 # the block, one indentation unit deeper, unchanged
//!     return order            # names only the block binds, read after it
//! order = await sync_to_async(_atomic_block)()
//! ```
//!
//! A block is planned only when that move keeps its meaning: no `return`, `yield`,
//! `await`, `break`/`continue` leaving it, `global`/`nonlocal`/`del`, zero-argument
//! `super()`, and no string spanning lines (re-indenting would change it). Anything else
//! keeps the function sync, called through `sync_to_async` as a whole.

use crate::model::AtomicBlock;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::Ranged;
use rustc_hash::FxHashSet as HashSet;

fn off<T: Into<u32>>(t: T) -> usize {
    t.into() as usize
}

/// The extractable `atomic` blocks of a sync function's body (outermost blocks only).
/// `is_atomic` tells whether a callee names Django's `transaction.atomic`.
pub fn plan(
    def: &ast::StmtFunctionDef,
    func: usize,
    src: &str,
    is_atomic: &dyn Fn(&Expr) -> bool,
) -> Vec<AtomicBlock> {
    let mut found: Vec<&ast::StmtWith> = vec![];
    find_blocks(&def.body, is_atomic, &mut found);
    if found.is_empty() {
        return vec![];
    }
    // `global`/`nonlocal` anywhere in the function: `nonlocal` in the nested function
    // could not reach those names.
    let mut scope = ScopeNames::default();
    for p in def
        .parameters
        .posonlyargs
        .iter()
        .chain(&def.parameters.args)
        .chain(&def.parameters.kwonlyargs)
    {
        scope.bound.insert(p.parameter.name.to_string());
    }
    for p in def
        .parameters
        .vararg
        .iter()
        .chain(def.parameters.kwarg.iter())
    {
        scope.bound.insert(p.name.to_string());
    }
    let mut taken: HashSet<String> = HashSet::default();
    let mut out = vec![];
    for with in found {
        let mut check = BlockCheck {
            src,
            ok: true,
            loops: 0,
            stored: HashSet::default(),
        };
        for item in &with.items {
            if let Some(v) = &item.optional_vars {
                store_targets(v, &mut check.stored);
            }
        }
        for s in &with.body {
            check.visit_stmt(s);
        }
        if !check.ok {
            continue;
        }
        // What the rest of the function binds and reads.
        let (start, end) = (off(with.start()), off(with.end()));
        let mut rest = ScopeNames {
            bound: scope.bound.clone(),
            skip: Some((start, end)),
            ..Default::default()
        };
        for s in &def.body {
            rest.visit_stmt(s);
        }
        if rest.global {
            continue;
        }
        let Some(layout) = layout(src, with) else {
            continue;
        };
        let mut nonlocal: Vec<String> = check
            .stored
            .iter()
            .filter(|n| rest.bound.contains(*n))
            .cloned()
            .collect();
        let mut returned: Vec<String> = check
            .stored
            .iter()
            .filter(|n| !rest.bound.contains(*n) && rest.read.contains(*n))
            .cloned()
            .collect();
        nonlocal.sort();
        returned.sort();
        let mut name = "_atomic_block".to_string();
        let mut k = 2;
        while rest.read.contains(&name)
            || rest.bound.contains(&name)
            || check.stored.contains(&name)
            || taken.contains(&name)
        {
            name = format!("_atomic_block_{k}");
            k += 1;
        }
        taken.insert(name.clone());
        let (indent, unit, line_starts, end_of_last_line) = layout;
        out.push(AtomicBlock {
            func,
            keyword: start,
            item_start: off(with.items[0].context_expr.start()),
            indent,
            unit,
            line_starts,
            end_of_last_line,
            nonlocal,
            returned,
            name,
        });
    }
    out
}

/// `with transaction.atomic(...):` / `with atomic:` with one item, outside nested scopes.
fn find_blocks<'a>(
    body: &'a [Stmt],
    is_atomic: &dyn Fn(&Expr) -> bool,
    out: &mut Vec<&'a ast::StmtWith>,
) {
    for s in body {
        match s {
            Stmt::With(w)
                if !w.is_async
                    && w.items.len() == 1
                    && is_atomic(match &w.items[0].context_expr {
                        Expr::Call(c) => &c.func,
                        e => e,
                    }) =>
            {
                out.push(w);
            }
            Stmt::With(w) => find_blocks(&w.body, is_atomic, out),
            Stmt::If(i) => {
                find_blocks(&i.body, is_atomic, out);
                for c in &i.elif_else_clauses {
                    find_blocks(&c.body, is_atomic, out);
                }
            }
            Stmt::For(f) => {
                find_blocks(&f.body, is_atomic, out);
                find_blocks(&f.orelse, is_atomic, out);
            }
            Stmt::While(w) => {
                find_blocks(&w.body, is_atomic, out);
                find_blocks(&w.orelse, is_atomic, out);
            }
            Stmt::Try(t) => {
                find_blocks(&t.body, is_atomic, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_blocks(&h.body, is_atomic, out);
                }
                find_blocks(&t.orelse, is_atomic, out);
                find_blocks(&t.finalbody, is_atomic, out);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    find_blocks(&c.body, is_atomic, out);
                }
            }
            _ => {}
        }
    }
}

/// The `with` line's indentation, the body's extra unit, the starts of the lines after
/// the first (blank ones left out), and the end of the statement's last line; `None`
/// when the statement does not start its line or the body does not start a new one.
fn layout(src: &str, with: &ast::StmtWith) -> Option<(String, String, Vec<usize>, usize)> {
    let start = off(with.start());
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let first = with.body.first()?;
    let body_start = off(first.start());
    let body_line = src[..body_start].rfind('\n').map_or(0, |i| i + 1);
    if body_line == line_start {
        return None;
    }
    let body_indent = &src[body_line..body_start];
    let unit = body_indent.strip_prefix(indent)?;
    if unit.is_empty() || !unit.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let end = off(with.end());
    let end_of_last_line = awaitify_core::text::line_end(src, end);
    let mut line_starts = vec![];
    let mut at = line_start;
    while let Some(nl) = src[at..end_of_last_line].find('\n') {
        let next = at + nl + 1;
        let line_end = awaitify_core::text::line_end(src, next);
        if !src[next..line_end].trim().is_empty() {
            line_starts.push(next);
        }
        at = next;
    }
    Some((
        indent.to_string(),
        unit.to_string(),
        line_starts,
        end_of_last_line,
    ))
}

/// Whether the block can move into a nested function, and the names it binds.
struct BlockCheck<'s> {
    src: &'s str,
    ok: bool,
    /// Loops inside the block around the current statement.
    loops: usize,
    stored: HashSet<String>,
}

impl<'a> Visitor<'a> for BlockCheck<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::Return(_) | Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Delete(_) => {
                self.ok = false;
            }
            Stmt::Break(_) | Stmt::Continue(_) if self.loops == 0 => self.ok = false,
            Stmt::FunctionDef(f) => {
                self.stored.insert(f.name.to_string());
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
            }
            Stmt::ClassDef(c) => {
                self.stored.insert(c.name.to_string());
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().map_or_else(
                        || a.name.split('.').next().unwrap_or_default().to_string(),
                        |n| n.to_string(),
                    );
                    self.stored.insert(n);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        self.ok = false;
                    }
                    self.stored
                        .insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            Stmt::For(_) | Stmt::While(_) => {
                self.loops += 1;
                visitor::walk_stmt(self, s);
                self.loops -= 1;
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.stored.insert(n.to_string());
                    }
                }
                visitor::walk_stmt(self, s);
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_) => self.ok = false,
            Expr::Name(n) if n.ctx == ExprContext::Store => {
                self.stored.insert(n.id.to_string());
            }
            Expr::Call(c)
                if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "super")
                    && c.arguments.is_empty() =>
            {
                self.ok = false;
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::FString(_)
            | Expr::TString(_)
                if self.src[off(e.start())..off(e.end())].contains('\n') =>
            {
                self.ok = false;
            }
            // A comprehension's own targets are its own scope (a walrus inside is not).
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                let before = self.stored.clone();
                visitor::walk_expr(self, e);
                let mut comp = HashSet::default();
                comp_targets(e, &mut comp);
                self.stored
                    .retain(|n| before.contains(n) || !comp.contains(n));
            }
            Expr::Lambda(_) => {}
            _ => visitor::walk_expr(self, e),
        }
    }
}

fn comp_targets(e: &Expr, out: &mut HashSet<String>) {
    let generators = match e {
        Expr::ListComp(c) => &c.generators,
        Expr::SetComp(c) => &c.generators,
        Expr::DictComp(c) => &c.generators,
        Expr::Generator(c) => &c.generators,
        _ => return,
    };
    for g in generators {
        store_targets(&g.target, out);
    }
}

fn store_targets(e: &Expr, out: &mut HashSet<String>) {
    match e {
        Expr::Name(n) => {
            out.insert(n.id.to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|x| store_targets(x, out)),
        Expr::List(t) => t.elts.iter().for_each(|x| store_targets(x, out)),
        Expr::Starred(s) => store_targets(&s.value, out),
        _ => {}
    }
}

/// Names the function binds and reads outside one range (the block): bindings at the
/// function's own level only, reads anywhere (a nested function reading a name reads the
/// function's variable).
#[derive(Default)]
struct ScopeNames {
    bound: HashSet<String>,
    read: HashSet<String>,
    skip: Option<(usize, usize)>,
    /// Nested scopes around the current node.
    nested: usize,
    global: bool,
}

impl ScopeNames {
    fn skipped(&self, start: usize) -> bool {
        self.skip.is_some_and(|(s, e)| start >= s && start < e)
    }
}

impl<'a> Visitor<'a> for ScopeNames {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if self.skipped(off(s.start())) {
            return;
        }
        match s {
            Stmt::Global(_) | Stmt::Nonlocal(_) => self.global = true,
            Stmt::FunctionDef(f) => {
                if self.nested == 0 {
                    self.bound.insert(f.name.to_string());
                }
                self.nested += 1;
                visitor::walk_stmt(self, s);
                self.nested -= 1;
            }
            Stmt::ClassDef(c) => {
                if self.nested == 0 {
                    self.bound.insert(c.name.to_string());
                }
                self.nested += 1;
                visitor::walk_stmt(self, s);
                self.nested -= 1;
            }
            Stmt::Import(i) if self.nested == 0 => {
                for a in &i.names {
                    let n = a.asname.as_ref().map_or_else(
                        || a.name.split('.').next().unwrap_or_default().to_string(),
                        |n| n.to_string(),
                    );
                    self.bound.insert(n);
                }
            }
            Stmt::ImportFrom(i) if self.nested == 0 => {
                for a in &i.names {
                    self.bound
                        .insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            Stmt::Try(t) if self.nested == 0 => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bound.insert(n.to_string());
                    }
                }
                visitor::walk_stmt(self, s);
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) => match n.ctx {
                ExprContext::Store if self.nested == 0 => {
                    self.bound.insert(n.id.to_string());
                }
                ExprContext::Load => {
                    self.read.insert(n.id.to_string());
                }
                _ => {}
            },
            Expr::Lambda(_)
            | Expr::ListComp(_)
            | Expr::SetComp(_)
            | Expr::DictComp(_)
            | Expr::Generator(_) => {
                self.nested += 1;
                visitor::walk_expr(self, e);
                self.nested -= 1;
            }
            _ => visitor::walk_expr(self, e),
        }
    }
}
