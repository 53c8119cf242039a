//! Django related objects read in code that becomes async (`order.product.name`):
//! Django loads a `ForeignKey`/`OneToOneField` object lazily, with a query, and refuses
//! to run that query on the event loop's thread (`SynchronousOnlyOperation`). A method
//! called on such an object is moved to the worker thread by `rewrite`; any other read is
//! listed for review here, with the two ways out.
//!
//! Only files with a function that becomes async in a Django project are parsed again
//! (the summaries keep no attribute reads: most projects never need them).

use crate::ReviewItem;
use crate::analysis::Analysis;
use crate::model::*;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext};
use ruff_text_size::Ranged;

/// The review items for lazy related-object reads in `file`'s migrating functions.
pub fn lazy_reads(a: &Analysis, file: usize, loc: &dyn Fn(usize) -> String) -> Vec<ReviewItem> {
    let s = a.index.summaries[file];
    let migrating: Vec<(usize, usize, usize)> = s
        .functions
        .iter()
        .enumerate()
        .filter(|(local, _)| a.migrates(a.index.func_id(file, *local)))
        .map(|(local, f)| (f.body_start, f.end_of_last_line, local))
        .collect();
    if migrating.is_empty() {
        return vec![];
    }
    let Ok(parsed) = ruff_python_parser::parse_module(a.texts[file]) else {
        return vec![];
    };
    let mut v = Reads {
        a,
        file,
        s,
        lambdas: 0,
        found: vec![],
    };
    for stmt in parsed.syntax().body.iter() {
        v.visit_stmt(stmt);
    }
    v.found
        .into_iter()
        .map(|(at, path)| {
            ReviewItem::new(
                loc(at),
                format!(
                    "`{path}` is read in code that becomes async: Django loads the related \
                     object lazily, with a query, which raises SynchronousOnlyOperation on \
                     the event loop's thread; fetch it with `select_related(...)` in the \
                     query that got the object, or read it with `await \
                     sync_to_async(lambda: {path})()`"
                ),
            )
        })
        .collect()
}

struct Reads<'a, 'b> {
    a: &'b Analysis<'a>,
    file: usize,
    s: &'a ModuleSummary,
    lambdas: usize,
    found: Vec<(usize, String)>,
}

impl Reads<'_, '_> {
    /// The innermost function holding `offset`, when it becomes async.
    fn migrating_at(&self, offset: usize) -> Option<&Function> {
        self.s
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.body_start <= offset && offset < f.end_of_last_line)
            .max_by_key(|(_, f)| f.body_start)
            .filter(|(local, _)| self.a.migrates(self.a.index.func_id(self.file, *local)))
            .map(|(_, f)| f)
    }
}

/// `a.b.c` as a reference looked up from `scope`, and its text.
fn chain(e: &Expr, scope: ScopeId) -> Option<(Ref, String)> {
    match e {
        Expr::Name(n) => Some((Ref::Name(n.id.clone(), scope), n.id.to_string())),
        Expr::Attribute(at) => {
            let (base, text) = chain(&at.value, scope)?;
            Some((
                Ref::Attr(Box::new(base), at.attr.id.clone()),
                format!("{text}.{}", at.attr.id),
            ))
        }
        _ => None,
    }
}

impl<'x> Visitor<'x> for Reads<'_, '_> {
    fn visit_expr(&mut self, e: &'x Expr) {
        match e {
            Expr::Lambda(_) => {
                self.lambdas += 1;
                visitor::walk_expr(self, e);
                self.lambdas -= 1;
                return;
            }
            // A method called on a related object: `rewrite` moves the read to the worker
            // thread (for a receiver written as a plain dotted path); its arguments are
            // still looked at.
            Expr::Call(c) => {
                if let Expr::Attribute(callee) = &*c.func
                    && chain(&callee.value, 0).is_some()
                {
                    for arg in c.arguments.args.iter() {
                        self.visit_expr(arg);
                    }
                    for k in c.arguments.keywords.iter() {
                        self.visit_expr(&k.value);
                    }
                    return;
                }
            }
            Expr::Attribute(at) if at.ctx == ExprContext::Load && self.lambdas == 0 => {
                let start = at.start().to_usize();
                if let Some(f) = self.migrating_at(start)
                    && let Some((Ref::Attr(base, name), text)) = chain(e, f.scope)
                    && self.a.index.lazy_relation(self.file, &base, &name)
                {
                    self.found.push((start, text));
                    return;
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, e);
    }
}
