//! Feasible paths: which of a function's call sites can run for the arguments one call
//! passes.
//!
//! Extraction records, per site, the tests it runs under (`if`, `elif`/`else`, `while`, an
//! earlier `if ...: return`, `a if t else b`, `a and b`, iterating a name) as a tree of
//! [`GuardNode`]s, and per function the literal defaults of its parameters, the local
//! names it binds (with what: a literal, a test's outcome, a call's result) and the
//! literal values it returns. A [`Frame`] is one function entered with some parameters
//! known (`transport=t` passed, `timeout=0`, `verify` left at its default `True`): it
//! decides the tests that depend only on those, in three-valued logic, so a lint chain
//! only goes through calls the program can make from the reported call site. What cannot
//! be decided is feasible.

use crate::analysis::Analysis;
use crate::model::*;
use crate::resolve::FuncId;
use ruff_python_ast::{self as ast, Expr, Stmt};

/// Builtin types an `isinstance` test is decided for.
const BUILTIN_TYPES: &[&str] = &[
    "str",
    "bytes",
    "int",
    "bool",
    "float",
    "list",
    "dict",
    "tuple",
    "set",
    "frozenset",
    "bytearray",
    "object",
];

/// What a literal expression is.
pub fn lit_of(e: &Expr) -> Option<Lit> {
    Some(match e {
        Expr::NoneLiteral(_) => Lit::None,
        Expr::BooleanLiteral(b) => {
            if b.value {
                Lit::True
            } else {
                Lit::False
            }
        }
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => {
                if i.as_u64() == Some(0) {
                    Lit::Zero
                } else {
                    Lit::NonZero
                }
            }
            _ => return None,
        },
        Expr::StringLiteral(s) => {
            if s.value.is_empty() {
                Lit::EmptyStr
            } else {
                Lit::Str
            }
        }
        Expr::List(l) => coll(l.elts.is_empty()),
        Expr::Tuple(t) => coll(t.elts.is_empty()),
        Expr::Set(_) => Lit::Coll,
        Expr::Dict(d) => coll(d.items.is_empty()),
        _ => return None,
    })
}

fn coll(empty: bool) -> Lit {
    if empty { Lit::EmptyColl } else { Lit::Coll }
}

/// A branch test, in the forms a call's arguments can decide. `shadowed` names are bound
/// by an enclosing comprehension (its own scope): tests on them are unknown.
pub fn cond_of(e: &Expr, shadowed: &dyn Fn(&str) -> bool) -> Cond {
    let name = |e: &Expr| match e {
        Expr::Name(n) if !shadowed(n.id.as_str()) => Some(n.id.clone()),
        _ => None,
    };
    match e {
        Expr::Name(_) => name(e).map_or(Cond::Unknown, Cond::Truthy),
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => {
            match cond_of(&u.operand, shadowed) {
                Cond::Unknown => Cond::Unknown,
                c => Cond::Not(Box::new(c)),
            }
        }
        Expr::BoolOp(b) => {
            let members: Vec<Cond> = b.values.iter().map(|v| cond_of(v, shadowed)).collect();
            if members.iter().all(|m| *m == Cond::Unknown) {
                Cond::Unknown
            } else if matches!(b.op, ast::BoolOp::And) {
                Cond::And(members)
            } else {
                Cond::Or(members)
            }
        }
        Expr::Compare(c) if c.ops.len() == 1 => {
            let negated = match c.ops[0] {
                ast::CmpOp::Is => false,
                ast::CmpOp::IsNot => true,
                _ => return Cond::Unknown,
            };
            let right = &c.comparators[0];
            let (subject, lit) = match (name(&c.left), name(right)) {
                (Some(n), _) => (n, lit_of(right)),
                (None, Some(n)) => (n, lit_of(&c.left)),
                _ => return Cond::Unknown,
            };
            let test = match lit {
                Some(Lit::None) => Cond::IsNone(subject),
                Some(l @ (Lit::True | Lit::False)) => Cond::Is(subject, l),
                _ => return Cond::Unknown,
            };
            if negated {
                Cond::Not(Box::new(test))
            } else {
                test
            }
        }
        Expr::Call(call) if call.arguments.keywords.is_empty() => {
            let Expr::Name(f) = &*call.func else {
                return Cond::Unknown;
            };
            match (f.id.as_str(), &call.arguments.args[..]) {
                ("len" | "bool", [x]) => name(x).map_or(Cond::Unknown, Cond::Truthy),
                ("isinstance", [x, types]) => {
                    let Some(subject) = name(x) else {
                        return Cond::Unknown;
                    };
                    let elts = match types {
                        Expr::Tuple(t) => t.elts.iter().collect(),
                        e => vec![e],
                    };
                    let mut names = vec![];
                    for t in elts {
                        match t {
                            Expr::Name(n) if BUILTIN_TYPES.contains(&n.id.as_str()) => {
                                names.push(n.id.clone());
                            }
                            _ => return Cond::Unknown,
                        }
                    }
                    Cond::IsInstance(subject, names)
                }
                _ => Cond::Unknown,
            }
        }
        _ => Cond::Unknown,
    }
}

/// The test that iterating `e` runs the loop body at least once: `xs`, `xs.items()`,
/// `xs.keys()`, `xs.values()` on a name.
pub fn iter_cond(e: &Expr, shadowed: &dyn Fn(&str) -> bool) -> Cond {
    let base = match e {
        Expr::Call(c)
            if c.arguments.is_empty()
                && matches!(&*c.func, Expr::Attribute(a)
                    if matches!(a.attr.as_str(), "items" | "keys" | "values")) =>
        {
            match &*c.func {
                Expr::Attribute(a) => &*a.value,
                _ => return Cond::Unknown,
            }
        }
        e => e,
    };
    match base {
        Expr::Name(n) if !shadowed(n.id.as_str()) => Cond::Truthy(n.id.clone()),
        _ => Cond::Unknown,
    }
}

/// What binding a name to `e` tells a test on the name (calls are recorded by the
/// caller, which knows the call's site).
pub fn derived_of(e: &Expr, shadowed: &dyn Fn(&str) -> bool) -> Derived {
    if let Some(l) = lit_of(e) {
        return Derived::Lit(l);
    }
    match e {
        Expr::Compare(_) | Expr::BoolOp(_) | Expr::UnaryOp(_) => match cond_of(e, shadowed) {
            Cond::Unknown => Derived::Other,
            c => Derived::Cond(Box::new(c)),
        },
        _ => Derived::Other,
    }
}

/// A block whose last statement leaves it (`return`, `raise`, `continue`, `break`): what
/// follows the `if` that holds it runs only when the test was false.
pub fn terminates(body: &[Stmt]) -> bool {
    matches!(
        body.last(),
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_))
    )
}

/// Whether a test's outcome is a `bool` (so a name bound to it is `True` or `False`, not
/// just truthy or falsy).
fn bool_valued(c: &Cond) -> bool {
    match c {
        Cond::IsNone(_) | Cond::Is(..) | Cond::IsInstance(..) | Cond::Not(_) => true,
        Cond::Truthy(_) | Cond::Unknown => false,
        Cond::And(m) | Cond::Or(m) => m.iter().all(bool_valued),
    }
}

fn is_none(l: Lit) -> Option<bool> {
    match l {
        Lit::None => Some(true),
        Lit::Falsy => None,
        _ => Some(false),
    }
}

fn truthy(l: Lit) -> Option<bool> {
    match l {
        Lit::None | Lit::False | Lit::Zero | Lit::EmptyStr | Lit::EmptyColl | Lit::Falsy => {
            Some(false)
        }
        Lit::True | Lit::NonZero | Lit::Str | Lit::Coll | Lit::Truthy => Some(true),
        Lit::Obj => None,
    }
}

fn is_instance(l: Lit, names: &[Name]) -> Option<bool> {
    let any = |xs: &[&str]| names.iter().any(|n| xs.contains(&n.as_str()));
    if any(&["object"]) && l != Lit::Falsy && l != Lit::Truthy && l != Lit::Obj {
        return Some(true);
    }
    match l {
        Lit::None => Some(false),
        Lit::True | Lit::False => Some(any(&["bool", "int"])),
        Lit::Zero | Lit::NonZero => Some(any(&["int"])),
        Lit::EmptyStr | Lit::Str => Some(any(&["str"])),
        Lit::EmptyColl | Lit::Coll | Lit::Obj | Lit::Truthy | Lit::Falsy => None,
    }
}

/// Kleene logic over three values.
fn not(v: Option<bool>) -> Option<bool> {
    v.map(|b| !b)
}

/// Parameters known on entry: (parameter index, what it holds), sorted by index.
pub type Facts = Vec<(u16, Lit)>;

/// How deep call results and derived names are followed.
const MAX_DEPTH: u8 = 3;

/// One function entered with some parameters known.
pub struct Frame<'x, 'a> {
    pub a: &'x Analysis<'a>,
    pub file: usize,
    pub func: &'x Function,
    pub facts: &'x [(u16, Lit)],
    depth: u8,
}

impl<'x, 'a> Frame<'x, 'a> {
    pub fn new(a: &'x Analysis<'a>, g: FuncId, facts: &'x [(u16, Lit)]) -> Self {
        let (file, _) = a.index.funcs[g];
        Frame {
            a,
            file,
            func: a.index.func(g).1,
            facts,
            depth: 0,
        }
    }

    fn param(&self, name: &str) -> Option<u16> {
        self.func
            .params
            .iter()
            .position(|p| p.name == name)
            .map(|i| i as u16)
    }

    fn entry(&self, i: u16) -> Option<Lit> {
        self.facts
            .binary_search_by_key(&i, |(p, _)| *p)
            .ok()
            .map(|k| self.facts[k].1)
    }

    /// What `name` holds wherever the body tests it, when that is known. `entry_only`
    /// decides a rebinding's own guard from the parameters as passed.
    fn lit(&self, name: &str, entry_only: bool, depth: u8) -> Option<Lit> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut defs = self.func.locals.iter().filter(|d| d.name == name);
        if let Some(i) = self.param(name) {
            let entry = self.entry(i)?;
            // Until a rebinding runs, the parameter holds what was passed; a rebinding
            // whose guard is false on those values never runs (none runs before it).
            if entry_only {
                return Some(entry);
            }
            // A rebinding that can run makes the parameter unknown.
            if defs.any(|d| self.guard_truth(d.guard, true, depth + 1) != Some(false)) {
                return None;
            }
            return Some(entry);
        }
        if entry_only {
            return None;
        }
        let def = defs.next()?;
        if defs.next().is_some() {
            return None;
        }
        match &def.value {
            Derived::Other | Derived::Entered(_) => None,
            Derived::Lit(l) => Some(*l),
            Derived::Cond(c) => {
                let t = self.truth(c, false, depth + 1)?;
                Some(match (t, bool_valued(c)) {
                    (true, true) => Lit::True,
                    (false, true) => Lit::False,
                    (true, false) => Lit::Truthy,
                    (false, false) => Lit::Falsy,
                })
            }
            Derived::Call(site) => self.call_result(*site as usize, depth + 1),
        }
    }

    /// What a value evaluates to, when it is an object (never `None`).
    fn object(&self, r: &Ref) -> Option<Lit> {
        crate::types::reset_budget();
        match self.a.index.eval(self.file, r, &mut None, 0) {
            crate::types::Value::Instance(_)
            | crate::types::Value::ExtInst(_)
            | crate::types::Value::Func(_)
            | crate::types::Value::Class(_) => Some(Lit::Obj),
            _ => None,
        }
    }

    fn truth(&self, c: &Cond, entry_only: bool, depth: u8) -> Option<bool> {
        let lit = |n: &Name| self.lit(n.as_str(), entry_only, depth);
        match c {
            Cond::Unknown => None,
            Cond::IsNone(n) => is_none(lit(n)?),
            Cond::Truthy(n) => truthy(lit(n)?),
            Cond::Is(n, want) => match lit(n)? {
                l @ (Lit::True | Lit::False) => Some(l == *want),
                Lit::Obj | Lit::Truthy | Lit::Falsy => None,
                _ => Some(false),
            },
            Cond::IsInstance(n, names) => is_instance(lit(n)?, names),
            Cond::Not(inner) => not(self.truth(inner, entry_only, depth)),
            Cond::And(m) => {
                let mut out = Some(true);
                for x in m {
                    match self.truth(x, entry_only, depth) {
                        Some(false) => return Some(false),
                        None => out = None,
                        Some(true) => {}
                    }
                }
                out
            }
            Cond::Or(m) => {
                let mut out = Some(false);
                for x in m {
                    match self.truth(x, entry_only, depth) {
                        Some(true) => return Some(true),
                        None => out = None,
                        Some(false) => {}
                    }
                }
                out
            }
        }
    }

    /// Whether every test on the way to a guard holds (`None`: undecided).
    fn guard_truth(&self, guard: Option<u32>, entry_only: bool, depth: u8) -> Option<bool> {
        let guards = &self.a.index.summaries[self.file].guards;
        let mut out = Some(true);
        let mut at = guard;
        while let Some(g) = at {
            let node = &guards[g as usize];
            match self.truth(&node.cond, entry_only, depth) {
                Some(false) => return Some(false),
                None => out = None,
                Some(true) => {}
            }
            at = node.parent;
        }
        out
    }

    /// Whether a site under `guard` can run.
    pub fn feasible(&self, guard: Option<u32>) -> bool {
        guard.is_none() || self.guard_truth(guard, false, self.depth) != Some(false)
    }

    /// The parameters of `g` known when the call at `site` (in this frame's function)
    /// runs it: literal arguments, arguments this frame knows, instances, and the literal
    /// defaults of parameters the call does not pass.
    pub fn call_facts(&self, site: usize, g: FuncId) -> Facts {
        let a = self.a;
        let s = a.index.summaries[self.file];
        let Some(call) = &s.sites[site].call else {
            return vec![];
        };
        let f = a.index.func(g).1;
        let offset = crate::analysis::implicit_args(&a.index, self.file, &s.sites[site], f);
        let mut out: Facts = vec![];
        let mut passed = vec![false; f.params.len()];
        for i in 0..usize::from(call.positional) {
            if let Some(p) = passed.get_mut(i + offset) {
                *p = true;
            }
        }
        for (k, _, _) in &call.keywords {
            if let Some(i) = f.params.iter().position(|p| p.name == *k) {
                passed[i] = true;
            }
        }
        for arg in &call.args {
            let Some(i) =
                crate::analysis::param_slot(f, offset, arg.position, arg.keyword.as_ref())
            else {
                continue;
            };
            let known = match &arg.value {
                _ if arg.lit.is_some() => arg.lit,
                Ref::Name(n, _)
                    if self.param(n.as_str()).is_some()
                        || self.func.locals.iter().any(|d| d.name == *n) =>
                {
                    self.lit(n.as_str(), false, self.depth + 1)
                }
                r => self.object(r),
            };
            if let Some(l) = known {
                out.push((i as u16, l));
            }
        }
        if !call.spread {
            for (i, p) in f.params.iter().enumerate() {
                if let (false, Some(l)) = (passed[i], p.default) {
                    out.push((i as u16, l));
                }
            }
        }
        out.sort_unstable();
        out.dedup_by_key(|(i, _)| *i);
        out
    }

    /// What the call at `site` returns, when every `return` its callee can take gives
    /// the same kind of literal.
    fn call_result(&self, site: usize, depth: u8) -> Option<Lit> {
        if depth > MAX_DEPTH {
            return None;
        }
        let a = self.a;
        let s = a.index.summaries[self.file];
        let mut funcs = a.resolved[self.file][site].funcs();
        let g = funcs.next();
        let instance = || self.object(&Ref::Call(Box::new(s.sites[site].target.clone())));
        let Some(g) = g else {
            return instance();
        };
        if funcs.next().is_some() {
            return None;
        }
        let f = a.index.func(g).1;
        // `C(...)` runs `C.__init__` and gives the instance.
        if f.name == "__init__"
            && !matches!(&s.sites[site].target, Ref::Attr(_, n) if n.as_str() == "__init__")
        {
            return Some(Lit::Obj);
        }
        if f.is_async || f.is_generator || f.returns_lits.is_empty() {
            return None;
        }
        let facts = self.call_facts(site, g);
        let callee = Frame {
            a,
            file: a.index.funcs[g].0,
            func: f,
            facts: &facts,
            depth,
        };
        let mut out: Option<Lit> = None;
        for (guard, lit) in &f.returns_lits {
            if callee.guard_truth(*guard, false, depth) == Some(false) {
                continue;
            }
            let l = (*lit)?;
            out = match out {
                None => Some(l),
                Some(o) if o == l => Some(o),
                Some(o) => match (truthy(o), truthy(l)) {
                    (Some(x), Some(y)) if x == y => Some(if x { Lit::Truthy } else { Lit::Falsy }),
                    _ => return None,
                },
            };
        }
        out
    }
}
