//! The type layer: what an expression can be, asked by resolution.
//!
//! Extraction records every binding, attribute, parameter annotation and `return` as a
//! symbolic [`Ref`]; this module evaluates a `Ref` against the whole project to a
//! [`Value`]: modules, functions, classes and instances (in-repo C3 MRO, `super()`),
//! external names, instances of catalog types, or a union of those. It understands
//! annotations fully (subscripted generics, `Union`/`|`, `Optional`, string annotations,
//! `Self`, `TypeVar` bounds and constraints), properties, return types read from `return`
//! statements, names bound in several branches (the union of the bindings), and methods a
//! mixin calls on `self` that only its subclasses define (the union of their methods).
//!
//! Evaluation is bounded: a depth cap, a per-query step budget and unions capped at
//! [`MAX_UNION`] members keep it linear on any input (cycles end at the cap).

use crate::model::*;
use crate::resolve::{ClassId, FuncId, Hop, Index};
use std::cell::Cell;

pub(crate) const MAX_DEPTH: usize = 24;

/// What a Django relation manager is (the reverse side of a `ForeignKey`, either side of
/// a `ManyToManyField`): the catalog gives its methods and twins.
const DJANGO_MANAGER: &str = "django.db.models.Manager";

/// What the catalog says a model's `objects` is (a library model's too).
const MODEL_OBJECTS: &str = "django.db.models.Model.objects";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RelKind {
    ForeignKey,
    OneToOne,
    ManyToMany,
}
/// Evaluation steps one query may take.
const BUDGET: u32 = 4_000;

thread_local! {
    static STEPS: Cell<u32> = const { Cell::new(BUDGET) };
    /// Classes whose MRO this thread is computing.
    static MRO_STACK: std::cell::RefCell<Vec<ClassId>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Classes whose library bases this thread is computing.
    static EXT_STACK: std::cell::RefCell<Vec<ClassId>> = const { std::cell::RefCell::new(Vec::new()) };
}

thread_local! {
    /// Parameter values are not read (round one of resolution, and what arguments give
    /// while parameters are being settled).
    static NO_PARAMS: Cell<bool> = const { Cell::new(false) };
}

thread_local! {
    /// A parameter's binding was consulted (see [`touching_params`]).
    static TOUCHED: Cell<bool> = const { Cell::new(false) };
}

/// Run `f` and tell whether it consulted any parameter's binding: a resolution that did
/// not gives the same result whatever parameter values are known.
pub fn touching_params<R>(f: impl FnOnce() -> R) -> (R, bool) {
    let saved = TOUCHED.with(|c| c.replace(false));
    let r = f();
    let touched = TOUCHED.with(|c| c.replace(saved));
    (r, touched)
}

/// No parameter values are read on this thread until the guard is dropped.
struct NoParams(bool);

impl NoParams {
    fn enter() -> Self {
        NoParams(NO_PARAMS.with(|c| c.replace(true)))
    }
}

impl Drop for NoParams {
    fn drop(&mut self) {
        NO_PARAMS.with(|c| c.set(self.0));
    }
}

/// Run `f` with parameter values read (`known`) or not, on this thread.
pub fn params_known<R>(known: bool, f: impl FnOnce() -> R) -> R {
    let saved = NO_PARAMS.with(|c| c.replace(!known));
    let r = f();
    NO_PARAMS.with(|c| c.set(saved));
    r
}

/// Give the next query its full budget.
pub fn reset_budget() {
    STEPS.with(|s| s.set(BUDGET));
}

fn spend() -> bool {
    STEPS.with(|s| {
        let left = s.get();
        if left == 0 {
            false
        } else {
            s.set(left - 1);
            true
        }
    })
}

/// The value of an expression as far as resolution can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// An in-repo module.
    Module(String),
    Func(FuncId),
    Class(ClassId),
    Instance(ClassId),
    Super(ClassId),
    /// Anything outside the repository, by dotted name (`os.path.exists`).
    Ext(String),
    /// An instance of a catalog type (`requests.Session`).
    ExtInst(String),
    /// One of several values (never nested, never with `Unknown` members).
    Union(Vec<Value>),
    /// A collection whose elements are the inner value.
    Seq(Box<Value>),
    /// A tuple by position (members may be `Unknown`).
    Tuple(Vec<Value>),
    /// A library value tied to an in-repo class: `Product.objects` is a Manager of
    /// `Product`, `Product.objects.filter(...)` a QuerySet of `Product`. What the catalog
    /// says such a value's methods return is read as the class when it is one of the
    /// class's library bases (`get` returns a `Model`: here a `Product`), and iterating
    /// it gives instances of the class. Only inside evaluation: [`Index::eval`] gives the
    /// inner value.
    Of(Box<Value>, ClassId),
    Unknown,
}

impl Value {
    /// The union of values: flattened, deduplicated, unknown members left out.
    pub fn join(values: impl IntoIterator<Item = Value>) -> Value {
        let mut out: Vec<Value> = vec![];
        for v in values {
            match v {
                Value::Unknown => {}
                Value::Union(m) => {
                    for x in m {
                        if !out.contains(&x) {
                            out.push(x);
                        }
                    }
                }
                v => {
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
        match out.len() {
            0 => Value::Unknown,
            1 => out.pop().expect("one member"),
            n if n > MAX_UNION => Value::Unknown,
            _ => Value::Union(out),
        }
    }

    /// Each possible value (a plain value is its own only member).
    pub fn members(&self) -> &[Value] {
        match self {
            Value::Union(m) => m,
            Value::Unknown => &[],
            v => std::slice::from_ref(v),
        }
    }

    /// The value with what its members are tied to left out.
    pub fn untie(self) -> Value {
        match self {
            Value::Of(v, _) => v.untie(),
            Value::Union(m) => Value::join(m.into_iter().map(Value::untie)),
            Value::Seq(e) => Value::Seq(Box::new(e.untie())),
            Value::Tuple(m) => Value::Tuple(m.into_iter().map(Value::untie).collect()),
            v => v,
        }
    }

    fn map(&self, mut f: impl FnMut(&Value) -> Value) -> Value {
        match self {
            Value::Union(m) => Value::join(m.iter().map(f)),
            v => f(v),
        }
    }
}

impl<'a> Index<'a> {
    /// The value of `r` as resolution uses it: library values tied to an in-repo model
    /// ([`Value::Of`]) are given as the library values themselves.
    pub fn eval(
        &self,
        file: usize,
        r: &Ref,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        self.value(file, r, hops, depth).untie()
    }

    /// [`Index::eval`], keeping what values are tied to.
    pub(crate) fn value(
        &self,
        file: usize,
        r: &Ref,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH || !spend() {
            return Value::Unknown;
        }
        match r {
            Ref::Name(name, scope) => self.lookup(file, *scope, name, hops, depth + 1),
            Ref::Attr(base, attr) => {
                let base = self.value(file, base, hops, depth + 1);
                self.attr(&base, attr, hops, depth + 1)
            }
            Ref::Call(inner) => {
                let callee = self.value(file, inner, &mut None, depth + 1);
                // `client.options(...)` returning `Self`: the receiver's own class.
                let receiver = match &**inner {
                    Ref::Attr(base, _) if self.returns_self(&callee) => {
                        Some(self.value(file, base, &mut None, depth + 1))
                    }
                    _ => None,
                };
                match receiver {
                    Some(recv) => recv.map(|v| match v {
                        Value::Instance(c) | Value::Class(c) => Value::Instance(*c),
                        _ => Value::Unknown,
                    }),
                    None => self.call_result(&callee, depth + 1),
                }
            }
            Ref::Instance(inner) => self
                .eval(file, inner, &mut None, depth + 1)
                .map(|v| match v {
                    Value::Class(c) => Value::Instance(*c),
                    // An annotation naming a library class: an instance of the type the
                    // catalog gives its calls (`io.TextIOWrapper` is an `io.IOBase`).
                    Value::Ext(q) => {
                        Value::ExtInst(self.catalog.returns(q).unwrap_or(q).to_string())
                    }
                    _ => Value::Unknown,
                }),
            Ref::AttrPrefix(base, prefix) => {
                let base = self.value(file, base, hops, depth + 1);
                self.attr_prefix(&base, prefix)
            }
            Ref::Elem(name, scope) => {
                // The container is the one the name is bound to, as a lookup finds it.
                let s = self.summaries[file];
                let mut cur = *scope;
                let mut first = true;
                loop {
                    let sc = &s.scopes[cur];
                    if (first || sc.kind != ScopeKind::Class) && sc.bindings.contains_key(name) {
                        break;
                    }
                    first = false;
                    match sc.parent {
                        Some(p) => cur = p,
                        None => break,
                    }
                }
                match s.containers.get(&(cur, name.clone())) {
                    Some(r) => self.value(file, r, &mut None, depth + 1),
                    // Not a registry: an element of the collection the name holds.
                    None => {
                        let v = self.lookup(file, *scope, name, &mut None, depth + 1);
                        self.iter_value(&v, depth + 1)
                    }
                }
            }
            Ref::Super(c) => Value::Super(self.class_id(file, *c)),
            Ref::SelfInst(c) => Value::Instance(self.class_id(file, *c)),
            Ref::Union(members) => {
                Value::join(members.iter().map(|m| self.value(file, m, hops, depth + 1)))
            }
            Ref::Seq(e) => match self.value(file, e, &mut None, depth + 1) {
                Value::Unknown => Value::Unknown,
                v => Value::Seq(Box::new(v)),
            },
            Ref::Tuple(m) => {
                let m: Vec<Value> = m
                    .iter()
                    .map(|x| self.value(file, x, &mut None, depth + 1))
                    .collect();
                if m.iter().all(|v| *v == Value::Unknown) {
                    Value::Unknown
                } else {
                    Value::Tuple(m)
                }
            }
            Ref::Iter(inner) => {
                let v = self.value(file, inner, &mut None, depth + 1);
                self.iter_value(&v, depth + 1)
            }
            Ref::Index(inner, i) => self
                .eval(file, inner, &mut None, depth + 1)
                .map(|v| match v {
                    Value::Tuple(m) => m.get(usize::from(*i)).cloned().unwrap_or(Value::Unknown),
                    Value::Seq(e) => (**e).clone(),
                    _ => Value::Unknown,
                }),
            Ref::Awaited(inner) => match &**inner {
                // A coroutine function's call gives what it returns; a plain function's
                // call gives an awaitable whose result is not known (a sync `def` that
                // returns `self.execute_command(...)` in an asyncio client).
                Ref::Call(callee) => {
                    let callee = self.value(file, callee, &mut None, depth + 1);
                    let awaitable = Value::join(
                        callee
                            .members()
                            .iter()
                            .filter(|m| match m {
                                Value::Func(f) => self.func(*f).1.is_async,
                                Value::Class(_) | Value::Instance(_) => false,
                                _ => true,
                            })
                            .cloned(),
                    );
                    self.call_result(&awaitable, depth + 1)
                }
                _ => Value::Unknown,
            },
            Ref::Div(left) => self
                .eval(file, left, &mut None, depth + 1)
                .map(|v| match v {
                    Value::ExtInst(t) => match self.catalog.returns(&format!("{t}.__truediv__")) {
                        Some(r) => Value::ExtInst(r.to_string()),
                        None => Value::Unknown,
                    },
                    Value::Instance(c) => match self.method(*c, "__truediv__", false) {
                        Some(f) => self.call_result(&Value::Func(f), depth + 1),
                        None => Value::Unknown,
                    },
                    _ => Value::Unknown,
                }),
            Ref::Forward(inner) => {
                let v = self.value(file, inner, &mut None, depth + 1);
                Value::join(
                    v.members()
                        .iter()
                        .filter(|m| matches!(m, Value::Func(_)))
                        .cloned(),
                )
            }
            Ref::Unknown => Value::Unknown,
        }
    }

    /// What iterating a value gives: a collection's elements, a tuple's members, or
    /// what an in-repo class's `__iter__` is declared to yield.
    fn iter_value(&self, v: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        v.map(|m| match m {
            Value::Seq(e) => (**e).clone(),
            Value::Tuple(t) => Value::join(t.iter().cloned()),
            // A queryset of `Product` gives `Product`s.
            Value::Of(inner, c) if matches!(**inner, Value::ExtInst(_)) => Value::Instance(*c),
            Value::Instance(c) => match self.method(*c, "__iter__", false) {
                Some(f) => match self.call_result(&Value::Func(f), depth + 1) {
                    Value::Seq(e) => *e,
                    _ => Value::Unknown,
                },
                None => Value::Unknown,
            },
            _ => Value::Unknown,
        })
    }

    /// Whether every function in `callee` is declared to return `Self`.
    fn returns_self(&self, callee: &Value) -> bool {
        let m = callee.members();
        !m.is_empty()
            && m.iter().all(|v| {
                matches!(v, Value::Func(f)
                    if matches!(self.func(*f).1.returns, Some(Ref::SelfInst(_))))
            })
    }

    pub(crate) fn call_result(&self, callee: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        callee.map(|v| match v {
            Value::Class(c) => Value::Instance(*c),
            // `Product.objects.get(...)` gives what the catalog says a Manager's `get`
            // returns (a `Model`): of `Product`, a `Product`.
            Value::Of(inner, c) => self.call_result(inner, depth + 1).map(|r| match r {
                Value::ExtInst(t) if self.has_library_base(*c, t) => Value::Instance(*c),
                Value::ExtInst(_) | Value::Instance(_) => self.tie(r.clone(), *c),
                other => other.clone(),
            }),
            Value::Ext(q) => match self.catalog.returns(q) {
                Some(t) => Value::ExtInst(t.to_string()),
                None => Value::Unknown,
            },
            Value::Func(f) => {
                let (file, _) = self.funcs[*f];
                let (_, func) = self.func(*f);
                let own = match &func.returns {
                    Some(r) => self.value(file, r, &mut None, depth + 1),
                    None => Value::Unknown,
                };
                // A method whose own body says nothing (an abstract `_connect`): a call
                // through the base runs an override, so it returns what they return.
                if own == Value::Unknown && func.class.is_some() {
                    self.override_results(*f, depth + 1)
                } else {
                    own
                }
            }
            _ => Value::Unknown,
        })
    }

    /// What the overrides of method `f` in subclasses return (at most a union's worth).
    fn override_results(&self, f: FuncId, depth: usize) -> Value {
        let (file, func) = (self.funcs[f].0, self.func(f).1);
        let Some(c) = func.class else {
            return Value::Unknown;
        };
        let subs = self.subclasses(self.class_id(file, c));
        if subs.is_empty() || subs.len() > 32 {
            return Value::Unknown;
        }
        Value::join(subs.iter().filter_map(|&sub| {
            let (sf, _) = self.classes[sub];
            let m = *self.class(sub).1.methods.get(func.name.as_str())?;
            let r = self.func(self.func_id(sf, m)).1.returns.as_ref()?;
            Some(self.value(sf, r, &mut None, depth + 1))
        }))
    }

    fn lookup(
        &self,
        file: usize,
        scope: ScopeId,
        name: &str,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        let s = self.summaries[file];
        let mut cur = scope;
        let mut first = true;
        loop {
            let sc = &s.scopes[cur];
            if (first || sc.kind != ScopeKind::Class)
                && let Some(b) = sc.bindings.get(name)
            {
                return self.binding(file, cur, name, b, hops, depth + 1);
            }
            first = false;
            match sc.parent {
                Some(p) => cur = p,
                None => break,
            }
        }
        for star in &s.star_imports {
            if self.modules.contains_key(star.as_str()) {
                let v = self.module_attr(star, name, hops, depth + 1);
                if v != Value::Unknown {
                    return v;
                }
            }
        }
        Value::Ext(format!("builtins.{name}"))
    }

    pub(crate) fn binding(
        &self,
        file: usize,
        _scope: ScopeId,
        local: &str,
        b: &Binding,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        match b {
            Binding::Module(m) => {
                if self.is_repo_module(m) {
                    Value::Module(m.clone())
                } else {
                    Value::Ext(m.clone())
                }
            }
            Binding::From {
                module,
                name,
                import,
            } => {
                if self.is_repo_module(module) {
                    let v = self.module_attr(module, name, hops, depth + 1);
                    // Only a binding of the function itself (or of functions defined in
                    // branches) gets the async name beside it.
                    let funcs = !v.members().is_empty()
                        && v.members().iter().all(|m| matches!(m, Value::Func(_)));
                    if let (Some(h), true) = (hops.as_deref_mut(), funcs) {
                        h.push(Hop {
                            file,
                            import: *import,
                            local: local.to_string(),
                            name: name.clone(),
                        });
                    }
                    v
                } else {
                    // `from django.db.models.signals import post_save`: an instance of a
                    // catalog type.
                    self.ext_attr(format!("{module}.{name}"))
                }
            }
            Binding::Function(f) => Value::Func(self.func_id(file, *f)),
            Binding::Class(c) => Value::Class(self.class_id(file, *c)),
            Binding::Value(r) => self.value(file, r, &mut None, depth + 1),
            Binding::SelfOf(c) => Value::Instance(self.class_id(file, *c)),
            Binding::ClsOf(c) => Value::Class(self.class_id(file, *c)),
            Binding::Union(members) => {
                // `try: from _accel import f` beside a pure-Python `def f` (the fallback
                // for when the extension is missing): the extension is what runs.
                let accelerated = members.iter().any(
                    |m| matches!(m, Binding::From { module, .. } if !self.is_repo_module(module)),
                ) && members.iter().all(|m| {
                    matches!(
                        m,
                        Binding::From { .. }
                            | Binding::Function(_)
                            | Binding::Class(_)
                            | Binding::Value(Ref::Unknown)
                            | Binding::Ambiguous
                    )
                }) && members
                    .iter()
                    .any(|m| matches!(m, Binding::Function(_) | Binding::Class(_)));
                Value::join(
                    members
                        .iter()
                        .filter(|m| {
                            !accelerated
                                || matches!(m, Binding::From { module, .. } if !self.is_repo_module(module))
                        })
                        .map(|m| self.binding(file, _scope, local, m, hops, depth + 1)),
                )
            }
            Binding::Param(_, _) if NO_PARAMS.with(|c| c.get()) => {
                TOUCHED.with(|c| c.set(true));
                Value::Unknown
            }
            Binding::Param(f, i) => {
                TOUCHED.with(|c| c.set(true));
                let id = self.func_id(file, *f);
                if let Some(lazy) = &self.lazy_params {
                    self.settle_lazily(lazy, id);
                }
                let values = self.param_values.read().expect("param values lock");
                values.get(&(id, *i)).cloned().unwrap_or(Value::Unknown)
            }
            Binding::Ambiguous => Value::Unknown,
        }
    }

    pub(crate) fn module_attr(
        &self,
        module: &str,
        name: &str,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        if let Some(&file) = self.modules.get(module) {
            let s = self.summaries[file];
            // `from pkg import sub` inside `pkg/__init__.py` names the submodule, not
            // itself.
            if let Some(b) = s.scopes[0].bindings.get(name)
                && !matches!(b, Binding::From { module: m, name: n, .. } if m == module && n == name)
            {
                return self.binding(file, 0, name, b, hops, depth + 1);
            }
            for star in &s.star_imports {
                if star != module && self.modules.contains_key(star.as_str()) {
                    let v = self.module_attr(star, name, hops, depth + 1);
                    if v != Value::Unknown {
                        return v;
                    }
                }
            }
        }
        if self.is_submodule(module, name) {
            return Value::Module(format!("{module}.{name}"));
        }
        Value::Unknown
    }

    pub(crate) fn attr(
        &self,
        base: &Value,
        attr: &str,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        match base {
            Value::Module(m) => self.module_attr(m, attr, hops, depth + 1),
            // A Django model's manager (`User.objects` of `django.contrib.auth`): what the
            // catalog says a model's `objects` is. (Only Django's own: another library's
            // `objects`, such as mongoengine's, is not a Django manager.)
            Value::Ext(q)
                if q.starts_with("django.")
                    && matches!(attr, "objects" | "_default_manager" | "_base_manager")
                    && self
                        .catalog
                        .attribute_type(&format!("{q}.{attr}"))
                        .is_none()
                    && let Some(t) = self.catalog.attribute_type(MODEL_OBJECTS) =>
            {
                Value::ExtInst(t.to_string())
            }
            Value::Ext(q) | Value::ExtInst(q) => self.ext_attr(format!("{q}.{attr}")),
            Value::Instance(c) if attr == "__class__" => Value::Class(*c),
            Value::Class(c) | Value::Instance(c) => {
                if let Some(m) = self.method(*c, attr, false) {
                    // Reading a property runs it: the value is what it returns.
                    if matches!(base, Value::Instance(_)) && self.func(m).1.is_property {
                        return self.call_result(&Value::Func(m), depth + 1);
                    }
                    return Value::Func(m);
                }
                match self.class_attr(*c, attr, depth + 1) {
                    Value::Unknown => match self.subclass_methods(*c, attr) {
                        // `product.order_set`: a manager of `Order`s.
                        Value::Unknown => match self.reverse_relation(*c, attr) {
                            // `Product.objects`: the library base's manager, of `Product`.
                            Value::Unknown => match self.inherited_ext_attr(*c, attr) {
                                v @ Value::ExtInst(_) => Value::Of(Box::new(v), *c),
                                v => v,
                            },
                            v => v,
                        },
                        v => v,
                    },
                    // `objects = ProductManager()` in a model: a manager of the model.
                    v @ Value::Instance(k)
                        if matches!(base, Value::Class(_))
                            && self.library_based(k)
                            && self.library_based(*c) =>
                    {
                        Value::Of(Box::new(v), *c)
                    }
                    v => v,
                }
            }
            Value::Of(inner, c) => {
                let v = self.attr(inner, attr, hops, depth + 1);
                self.tie(v, *c)
            }
            // `super().delete()` in a model: an in-repo base's method, or what the catalog
            // says of the library base's (`Model.delete`).
            Value::Super(c) => match self.method(*c, attr, true) {
                Some(f) => Value::Func(f),
                None => self.inherited_ext_attr(*c, attr),
            },
            Value::Union(m) => Value::join(m.iter().map(|v| self.attr(v, attr, hops, depth + 1))),
            // `C.async_open.__func__(cls, ...)` in a classmethod's shim: the function itself.
            Value::Func(f) if attr == "__func__" => Value::Func(*f),
            Value::Func(_) | Value::Seq(_) | Value::Tuple(_) | Value::Unknown => Value::Unknown,
        }
    }

    /// `v` tied to class `c` where it is a library value, an in-repo method, or an
    /// instance of a class with library bases (a custom manager or queryset).
    fn tie(&self, v: Value, c: ClassId) -> Value {
        v.map(|m| match m {
            Value::Ext(_) | Value::ExtInst(_) | Value::Func(_) => Value::Of(Box::new(m.clone()), c),
            Value::Instance(k) if self.library_based(*k) => Value::Of(Box::new(m.clone()), c),
            other => other.clone(),
        })
    }

    /// Whether the class has a library base the catalog knows members of (a Django
    /// `Model` or `Manager`).
    fn library_based(&self, c: ClassId) -> bool {
        self.mro(c).iter().any(|&k| {
            self.ext_bases_of(k)
                .iter()
                .any(|q| self.catalog.has_members(q))
        })
    }

    /// Whether the class or an in-repo ancestor has any library base (a library may
    /// call its methods by name: overrides of the base's).
    pub fn has_ext_base(&self, c: ClassId) -> bool {
        self.mro(c).iter().any(|&k| {
            self.ext_bases_of(k).iter().any(|q| {
                let module = q.rsplit_once('.').map_or("", |(m, _)| m);
                !matches!(
                    module,
                    "" | "builtins" | "typing" | "typing_extensions" | "abc" | "collections.abc"
                )
            })
        })
    }

    /// Whether `q` is a library base of `c` or of one of its in-repo ancestors.
    pub(crate) fn has_library_base(&self, c: ClassId, q: &str) -> bool {
        self.mro(c)
            .iter()
            .any(|&k| self.ext_bases_of(k).iter().any(|b| b == q))
    }

    /// A library value's attribute: an instance of the catalog's attribute type, or the
    /// qualified name (a method or function the catalog may know).
    fn ext_attr(&self, name: String) -> Value {
        match self.catalog.attribute_type(&name) {
            Some(t) => Value::ExtInst(t.to_string()),
            None => Value::Ext(name),
        }
    }

    /// What an in-repo class inherits from a library base, when the catalog knows it
    /// (`Product.objects` of a `models.Model`, a custom manager's `self.filter(...)`);
    /// anything else stays unknown.
    fn inherited_ext_attr(&self, c: ClassId, attr: &str) -> Value {
        for k in self.mro(c) {
            for q in self.ext_bases_of(k) {
                if !self.catalog.has_members(q) {
                    continue;
                }
                let name = format!("{q}.{attr}");
                if self.catalog.knows(&name) {
                    return self.ext_attr(name);
                }
            }
        }
        Value::Unknown
    }

    /// A class's library bases by qualified name, computed once per class.
    fn ext_bases_of(&self, c: ClassId) -> &[String] {
        if let Some(b) = self.ext_bases[c].get() {
            return b;
        }
        // Evaluating a base may come back here (never waits on itself: see `mro`).
        if EXT_STACK.with(|st| st.borrow().contains(&c)) {
            return &[];
        }
        EXT_STACK.with(|st| st.borrow_mut().push(c));
        let mut computed: Vec<String> = vec![];
        for v in self.base_values(c) {
            if let Value::Ext(q) = v
                && !computed.contains(&q)
            {
                computed.push(q);
            }
        }
        EXT_STACK.with(|st| st.borrow_mut().pop());
        let _ = self.ext_bases[c].set(computed);
        self.ext_bases[c].get().expect("set above")
    }

    /// `getattr(obj, "on_" + x)`: the methods (or module functions) whose name starts
    /// with the prefix; more than a union's worth says nothing.
    fn attr_prefix(&self, base: &Value, prefix: &str) -> Value {
        Value::join(base.members().iter().map(|b| match b {
            Value::Instance(c) | Value::Class(c) => {
                let mut found: Vec<Value> = vec![];
                for k in self.mro(*c) {
                    let (file, _) = self.classes[k];
                    let mut names: Vec<(&Name, &usize)> = self
                        .class(k)
                        .1
                        .methods
                        .iter()
                        .filter(|(n, _)| n.as_str().starts_with(prefix))
                        .collect();
                    names.sort();
                    for (n, &m) in names {
                        // The first class in the MRO that has the name wins.
                        if self.method(*c, n, false) == Some(self.func_id(file, m)) {
                            found.push(Value::Func(self.func_id(file, m)));
                        }
                    }
                }
                if found.len() > MAX_UNION {
                    Value::Unknown
                } else {
                    Value::join(found)
                }
            }
            Value::Module(m) => match self.modules.get(m.as_str()) {
                Some(&file) => {
                    let s = self.summaries[file];
                    let mut names: Vec<(&Name, &Binding)> = s.scopes[0]
                        .bindings
                        .iter()
                        .filter(|(n, b)| {
                            n.as_str().starts_with(prefix) && matches!(b, Binding::Function(_))
                        })
                        .collect();
                    names.sort_by(|a, b| a.0.cmp(b.0));
                    if names.len() > MAX_UNION {
                        return Value::Unknown;
                    }
                    Value::join(names.into_iter().filter_map(|(_, b)| match b {
                        Binding::Function(f) => Some(Value::Func(self.func_id(file, *f))),
                        _ => None,
                    }))
                }
                None => Value::Unknown,
            },
            _ => Value::Unknown,
        }))
    }

    /// A method a class does not have but its subclasses do (a mixin calling
    /// `self.m()` that each concrete class provides, itself or through another of its
    /// bases: `class Static(HashMixin, FileStorage)`): the receiver is one of them.
    fn subclass_methods(&self, c: ClassId, name: &str) -> Value {
        let subs = self.subclasses(c);
        // A base of very many classes (a framework's root class) says nothing useful.
        if subs.len() > 32 {
            return Value::Unknown;
        }
        Value::join(
            subs.iter()
                .filter_map(|&sub| self.method(sub, name, false).map(Value::Func)),
        )
    }

    /// In-repo bases of a class, evaluated in the class's enclosing scope (a base bound in
    /// several branches, `if TYPE_CHECKING: ... else: ...`, gives each).
    pub fn bases(&self, c: ClassId) -> Vec<ClassId> {
        let mut out = vec![];
        for v in self.base_values(c) {
            if let Value::Class(b) = v
                && b != c
                && !out.contains(&b)
            {
                out.push(b);
            }
        }
        out
    }

    /// What each base expression of a class evaluates to, members of unions apart.
    fn base_values(&self, c: ClassId) -> Vec<Value> {
        let (file, _) = self.classes[c];
        let (_, class) = self.class(c);
        let mut out = vec![];
        for b in &class.bases {
            // A budget of its own (once per class), then the caller's is given back.
            // With no parameter values known, as every MRO is computed before they are
            // settled (`precompute`): a class defined in a function may inherit from a
            // parameter.
            let saved = STEPS.with(|s| s.replace(BUDGET));
            let v = params_known(false, || self.value(file, b, &mut None, 0));
            STEPS.with(|s| s.set(saved));
            out.extend(v.members().iter().cloned());
        }
        out
    }

    /// The class and its in-repo ancestors in C3 order (Python's MRO), computed once per
    /// class; an inconsistent hierarchy falls back to depth-first order.
    ///
    /// Never waits on another thread or re-enters itself: evaluating a base can need other
    /// classes' MROs (`Outer.Inner`), so a class whose MRO this thread is already
    /// computing answers with itself alone, and two threads may compute the same MRO
    /// (the first to finish is kept). `precompute` fills every cell before resolution.
    pub fn mro(&self, c: ClassId) -> Vec<ClassId> {
        if let Some(m) = self.mros[c].get() {
            return m.clone();
        }
        if MRO_STACK.with(|st| st.borrow().contains(&c)) {
            return vec![c];
        }
        MRO_STACK.with(|st| st.borrow_mut().push(c));
        let mut memo = rustc_hash::FxHashMap::default();
        let m = self.linearize(c, &mut vec![], &mut memo);
        MRO_STACK.with(|st| st.borrow_mut().pop());
        let _ = self.mros[c].set(m);
        self.mros[c].get().expect("set above").clone()
    }

    /// Compute every class's MRO (in parallel), then the subclass index: after this,
    /// resolution only reads them.
    pub fn precompute(&self) {
        use rayon::prelude::*;
        (0..self.classes.len()).into_par_iter().for_each(|c| {
            self.mro(c);
        });
        let mut out: Vec<Vec<ClassId>> = vec![vec![]; self.classes.len()];
        for sub in 0..self.classes.len() {
            for k in self.mro(sub).into_iter().skip(1) {
                out[k].push(sub);
            }
        }
        let _ = self.subclass_index.set(out);
        let mut reverse: rustc_hash::FxHashMap<ClassId, Vec<(String, Value)>> = Default::default();
        for c in 0..self.classes.len() {
            let (file, _) = self.classes[c];
            let (_, class) = self.class(c);
            for rel in &class.relations {
                let Some((kind, to)) = self.relation(file, c, rel) else {
                    continue;
                };
                let own = class.name.to_lowercase();
                let name = match (&rel.related_name, kind) {
                    (Some(n), _) if n.ends_with('+') => continue,
                    (Some(n), _) => n.clone(),
                    (None, RelKind::OneToOne) => own,
                    (None, _) => format!("{own}_set"),
                };
                let value = match kind {
                    RelKind::OneToOne => Value::Instance(c),
                    _ => Value::Of(Box::new(Value::ExtInst(DJANGO_MANAGER.into())), c),
                };
                reverse.entry(to).or_default().push((name, value));
            }
        }
        let _ = self.reverse_relations.set(reverse);
    }

    /// What kind of relation field `rel` is and the class it relates to, when its field
    /// is Django's and the class is in the repository (a string names a class by its
    /// name, `"app_label.Name"` or `"self"`).
    fn relation(&self, file: usize, c: ClassId, rel: &Relation) -> Option<(RelKind, ClassId)> {
        let field = params_known(false, || self.value(file, &rel.field, &mut None, 0));
        let Value::Ext(q) = field else { return None };
        if !q.starts_with("django.db.models.") {
            return None;
        }
        let kind = match q.rsplit('.').next() {
            Some("ForeignKey") => RelKind::ForeignKey,
            Some("OneToOneField") => RelKind::OneToOne,
            Some("ManyToManyField") => RelKind::ManyToMany,
            _ => return None,
        };
        let to = match &rel.to_name {
            Some(n) if n == "self" => c,
            Some(n) => {
                let last = n.rsplit('.').next().unwrap_or(n);
                // The same module's class first, then the only one of that name.
                let same: Vec<ClassId> = (0..self.classes.len())
                    .filter(|&k| self.class(k).1.name == last)
                    .collect();
                match same.iter().find(|&&k| self.classes[k].0 == file) {
                    Some(&k) => k,
                    None if same.len() == 1 => same[0],
                    None => return None,
                }
            }
            None => match params_known(false, || self.value(file, &rel.to, &mut None, 0)) {
                Value::Class(k) => k,
                _ => return None,
            },
        };
        Some((kind, to))
    }

    /// What a relation attribute holds on an instance: the related model's instance, or
    /// (many-to-many) a manager of the related model.
    fn forward_relation(&self, file: usize, c: ClassId, rel: &Relation) -> Option<Value> {
        let (kind, to) = self.relation(file, c, rel)?;
        Some(match kind {
            RelKind::ManyToMany => Value::Of(Box::new(Value::ExtInst(DJANGO_MANAGER.into())), to),
            _ => Value::Instance(to),
        })
    }

    /// Whether reading `attr` of what `base` holds loads a related object lazily (a
    /// `ForeignKey` or `OneToOneField`, either side of a one-to-one): a query Django
    /// refuses to run in async code.
    pub fn lazy_relation(&self, file: usize, base: &Ref, attr: &str) -> bool {
        reset_budget();
        let v = self.value(file, base, &mut None, 0);
        let m = v.members();
        !m.is_empty()
            && m.iter().all(|v| match v {
                Value::Instance(c) => self.mro(*c).iter().any(|&k| {
                    let (kf, _) = self.classes[k];
                    let forward = self.class(k).1.relations.iter().any(|r| {
                        r.attr == attr
                            && matches!(
                                self.relation(kf, k, r),
                                Some((RelKind::ForeignKey | RelKind::OneToOne, _))
                            )
                    });
                    forward
                        || self.reverse_relations.get().is_some_and(|index| {
                            index.get(&k).is_some_and(|l| {
                                l.iter()
                                    .any(|(n, v)| n == attr && matches!(v, Value::Instance(_)))
                            })
                        })
                }),
                _ => false,
            })
    }

    /// A relation field of another class names this one: `product.order_set`.
    fn reverse_relation(&self, c: ClassId, attr: &str) -> Value {
        let Some(index) = self.reverse_relations.get() else {
            return Value::Unknown;
        };
        for k in self.mro(c) {
            if let Some((_, v)) = index
                .get(&k)
                .and_then(|l| l.iter().find(|(n, _)| n == attr))
            {
                return v.clone();
            }
        }
        Value::Unknown
    }

    fn linearize(
        &self,
        c: ClassId,
        stack: &mut Vec<ClassId>,
        memo: &mut rustc_hash::FxHashMap<ClassId, Vec<ClassId>>,
    ) -> Vec<ClassId> {
        if let Some(done) = self.mros[c].get().or_else(|| memo.get(&c)) {
            return done.clone();
        }
        if stack.len() > 32 {
            return vec![c];
        }
        stack.push(c);
        let bases: Vec<ClassId> = self
            .bases(c)
            .into_iter()
            .filter(|b| !stack.contains(b))
            .collect();
        let mut seqs: Vec<Vec<ClassId>> = bases
            .iter()
            .map(|&b| self.linearize(b, stack, memo))
            .collect();
        stack.pop();
        seqs.push(bases);
        let mut out = vec![c];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() || out.len() > 64 {
                break;
            }
            // The first head that is in no other sequence's tail.
            let head = seqs
                .iter()
                .map(|s| s[0])
                .find(|h| !seqs.iter().any(|s| s[1..].contains(h)));
            let Some(h) = head else {
                // Inconsistent: keep every class, depth-first.
                for s in &seqs {
                    for &x in s {
                        if !out.contains(&x) {
                            out.push(x);
                        }
                    }
                }
                break;
            };
            if !out.contains(&h) {
                out.push(h);
            }
            for s in &mut seqs {
                s.retain(|&x| x != h);
            }
        }
        memo.insert(c, out.clone());
        // Final for this class (a cycle cut above only ever shortens broken code's MRO):
        // later queries, from any class, reuse it.
        let _ = self.mros[c].set(out.clone());
        out
    }

    /// Every in-repo class whose MRO holds `c` (itself excluded).
    /// Parameter values from the arguments call sites pass (`flows`): each argument is
    /// evaluated once, with no parameter values known (an argument that is itself a
    /// parameter of the caller contributes nothing). Deeper rounds were tried: a bounded
    /// number depends on how long a chain of parameters is, and migration makes chains
    /// longer (a shim passes its parameters on), so a second run resolved differently;
    /// a fixpoint did not converge in a dozen rounds on the stdlib. One round is stable.
    pub fn settle_params(&self, flows: &rustc_hash::FxHashMap<(FuncId, u16), Vec<(usize, Ref)>>) {
        use rayon::prelude::*;
        let mut keys: Vec<&(FuncId, u16)> = flows.keys().collect();
        keys.sort_unstable();
        let next: Vec<((FuncId, u16), Option<Value>)> = keys
            .par_iter()
            .map(|&&key| (key, self.flow_value(key, &flows[&key])))
            .collect();
        if std::env::var("AWAITIFY_TIMINGS").as_deref() == Ok("2") {
            eprintln!("timing:   settle: {} parameters", next.len());
        }
        let mut table = self.param_values.write().expect("param values lock");
        for (key, v) in next {
            match v {
                Some(v) if v != Value::Unknown => {
                    table.insert(key, v);
                }
                _ => {
                    table.remove(&key);
                }
            }
        }
    }

    /// The value of a parameter from the arguments passed to it (evaluated with no
    /// parameter values known); `None` when they make more than a union's worth.
    fn flow_value(&self, key: (FuncId, u16), flows: &[(usize, Ref)]) -> Option<Value> {
        // `AWAITIFY_DEBUG_PARAM=pkg.mod.func`: print what each call site passes to it.
        let dbg = std::env::var("AWAITIFY_DEBUG_PARAM")
            .ok()
            .is_some_and(|q| q == self.qualname(key.0));
        let mut members: Vec<Value> = vec![];
        for (file, r) in flows {
            reset_budget();
            let v = params_known(false, || self.value(*file, r, &mut None, 0));
            if dbg {
                eprintln!(
                    "param {} #{}: {} {:?} -> {:?}",
                    self.qualname(key.0),
                    key.1,
                    self.summaries[*file].name,
                    r,
                    v
                );
            }
            for m in v.members() {
                if !members.contains(m) {
                    members.push(m.clone());
                }
            }
            if members.len() > MAX_UNION {
                return None;
            }
        }
        Some(Value::join(members))
    }

    /// The calls through a variable (`func(...)`, filed under "" by name), by the
    /// functions each reaches with no parameter values known.
    pub(crate) fn variable_calls(
        &self,
        lazy: &LazyParams<'a>,
    ) -> rustc_hash::FxHashMap<FuncId, Vec<(usize, u32)>> {
        use rayon::prelude::*;
        let sites = lazy.by_name.get("").map_or(&[][..], |v| &v[..]);
        let reached: Vec<(FuncId, (usize, u32))> = sites
            .par_iter()
            .flat_map_iter(|&(file, i)| {
                let site = &self.summaries[file].sites[i as usize];
                let r = params_known(false, || self.resolve_site(file, site));
                r.funcs().map(move |g| (g, (file, i))).collect::<Vec<_>>()
            })
            .collect();
        if std::env::var("AWAITIFY_TIMINGS").as_deref() == Ok("2") {
            eprintln!("timing:   calls through a variable: {}", sites.len());
        }
        let mut out: rustc_hash::FxHashMap<FuncId, Vec<(usize, u32)>> = Default::default();
        for (g, at) in reached {
            out.entry(g).or_default().push(at);
        }
        out
    }

    /// Lint resolves on demand (`crate::demand`): a parameter's value is settled the first
    /// time something reads it, from the call sites that may pass it (found by name),
    /// exactly as [`Index::settle_params`] would have settled it for the whole program.
    fn settle_lazily(&self, lazy: &LazyParams<'a>, g: FuncId) {
        if lazy.settled.read().expect("settled lock").contains(&g) {
            return;
        }
        let saved = STEPS.with(|s| s.get());
        let bits = lazy.waiting[g];
        let mut flows: rustc_hash::FxHashMap<(FuncId, u16), Vec<(usize, Ref)>> = Default::default();
        if bits != 0 {
            let f = self.func(g).1;
            let mut names = vec![f.name.as_str()];
            if f.name == "__init__"
                && let Some(c) = f.class
            {
                // The class and the subclasses that inherit this constructor.
                let k = self.class_id(self.funcs[g].0, c);
                names.push(self.class(k).1.name.as_str());
                for &sub in self.subclasses(k) {
                    if self.method(sub, "__init__", false) == Some(g) {
                        names.push(self.class(sub).1.name.as_str());
                    }
                }
                names.extend(["cls", "__class__"]);
            }
            // By name, and the calls through a variable that reach `g`.
            // Built before resolution starts (`demand`); never from inside a query.
            let empty = Default::default();
            let by_target = lazy.by_target.get().unwrap_or(&empty);
            debug_assert!(
                lazy.by_target.get().is_some(),
                "variable calls indexed first"
            );
            let mut candidates: Vec<(usize, u32)> = names
                .iter()
                .filter_map(|n| lazy.by_name.get(n))
                .chain(by_target.get(&g))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let mut local: rustc_hash::FxHashMap<(FuncId, u16), Vec<&Ref>> = Default::default();
            let mut last_file = usize::MAX;
            for (file, i) in candidates {
                if file != last_file {
                    local.clear();
                    last_file = file;
                }
                let site = &self.summaries[file].sites[i as usize];
                let cached = lazy
                    .round1
                    .read()
                    .expect("round1 lock")
                    .get(&(file, i))
                    .cloned();
                let targets = match cached {
                    Some(t) => t,
                    None => {
                        let t: smallvec::SmallVec<[FuncId; 2]> =
                            params_known(false, || self.resolve_site(file, site))
                                .funcs()
                                .collect();
                        lazy.round1
                            .write()
                            .expect("round1 lock")
                            .insert((file, i), t.clone());
                        t
                    }
                };
                if !targets.contains(&g) {
                    continue;
                }
                // As the whole-program pass does: with no parameter values known (which
                // bound `self` is filled decides nothing here, and a query must not start
                // settling another parameter from inside this one).
                let _no_params = NoParams::enter();
                crate::analysis::site_flows(
                    self,
                    file,
                    site,
                    std::iter::once(g),
                    &|h| if h == g { bits } else { 0 },
                    &mut |key, value| {
                        let seen = local.entry(key).or_default();
                        if seen.len() < MAX_UNION && !seen.contains(&value) {
                            seen.push(value);
                            let slot = flows.entry(key).or_default();
                            if slot.len() < MAX_UNION {
                                slot.push((file, value.clone()));
                            }
                        }
                    },
                );
            }
        }
        // Sequential, and no lock held while evaluating: this runs inside a query, on
        // any thread.
        let mut keys: Vec<(FuncId, u16)> = flows.keys().copied().collect();
        keys.sort_unstable();
        let values: Vec<((FuncId, u16), Option<Value>)> = keys
            .into_iter()
            .map(|key| (key, self.flow_value(key, &flows[&key])))
            .collect();
        {
            let mut table = self.param_values.write().expect("param values lock");
            for (key, v) in values {
                if let Some(v) = v.filter(|v| *v != Value::Unknown) {
                    table.insert(key, v);
                }
            }
        }
        lazy.settled.write().expect("settled lock").insert(g);
        STEPS.with(|s| s.set(saved));
    }

    /// Whether a reference starts from a name whose value depends on parameter flow (a
    /// parameter, `self` (attributes set from parameters), or a local bound from either).
    pub fn reads_param(&self, file: usize, r: &Ref) -> bool {
        let mut root = r;
        loop {
            match root {
                Ref::Attr(b, _)
                | Ref::Call(b)
                | Ref::Instance(b)
                | Ref::AttrPrefix(b, _)
                | Ref::Seq(b)
                | Ref::Iter(b)
                | Ref::Index(b, _)
                | Ref::Forward(b)
                | Ref::Awaited(b)
                | Ref::Div(b) => root = b,
                Ref::Tuple(m) => return m.iter().any(|x| self.reads_param(file, x)),
                Ref::Union(m) => return m.iter().any(|x| self.reads_param(file, x)),
                _ => break,
            }
        }
        let Ref::Name(n, scope) = root else {
            return false;
        };
        let s = self.summaries[file];
        let dynamic = |b: &Binding| {
            matches!(
                b,
                Binding::Param(..) | Binding::SelfOf(_) | Binding::ClsOf(_) | Binding::Value(_)
            )
        };
        match crate::extract::lookup_local(&s.scopes, *scope, n) {
            Some(Binding::Union(m)) => m.iter().any(dynamic),
            Some(b) => dynamic(b),
            None => false,
        }
    }

    /// Every in-repo class whose MRO holds `c` (itself excluded); none before
    /// [`Index::precompute`] has run (while MROs are being computed).
    pub fn subclasses(&self, c: ClassId) -> &[ClassId] {
        match self.subclass_index.get() {
            Some(all) => &all[c],
            None => &[],
        }
    }

    pub fn method(&self, c: ClassId, name: &str, skip_self: bool) -> Option<FuncId> {
        self.mro(c)
            .into_iter()
            .skip(usize::from(skip_self))
            .find_map(|k| {
                let (file, _) = self.classes[k];
                let (_, class) = self.class(k);
                class.methods.get(name).map(|&f| self.func_id(file, f))
            })
    }

    fn class_attr(&self, c: ClassId, name: &str, depth: usize) -> Value {
        for k in self.mro(c) {
            let (file, _) = self.classes[k];
            let (_, class) = self.class(k);
            if let Some(rel) = class.relations.iter().find(|r| r.attr == name)
                && let Some(v) = self.forward_relation(file, k, rel)
            {
                return v;
            }
            if let Some(r) = class.attrs.get(name) {
                return self.value(file, r, &mut None, depth + 1);
            }
            // Class-body assignments live in the class scope.
            if let Some(b) = self.summaries[file].scopes[class.scope].bindings.get(name)
                && !matches!(b, Binding::Function(_))
            {
                return self.binding(file, class.scope, name, b, &mut None, depth + 1);
            }
        }
        Value::Unknown
    }
}

/// The name a call site reaches its callee by, to find the calls that may reach a
/// function without resolving them: the callee's own name for a def, class, module or a
/// name not bound here (a builtin, a star import) and for an attribute; the imported name
/// for `from m import f as g`; "" for a call through a variable (`func = encode`, a
/// parameter, a name bound in several branches), which may hold any function.
pub(crate) fn callee_key<'a>(s: &'a ModuleSummary, site: &'a Site) -> &'a str {
    match &site.target {
        Ref::Name(n, scope) => match crate::extract::lookup_local(&s.scopes, *scope, n) {
            None | Some(Binding::Function(_) | Binding::Class(_) | Binding::Module(_)) => {
                n.as_str()
            }
            Some(Binding::From { name, .. }) => name.as_str(),
            Some(_) => "",
        },
        Ref::Attr(_, n) => n.as_str(),
        _ => "",
    }
}

/// The functions one call site reaches (almost always one or two: kept inline).
type Reached = smallvec::SmallVec<[FuncId; 2]>;

/// What on-demand parameter settling keeps: call sites by callee name, the functions
/// each one reached with no parameter values known, and the functions settled so far.
pub struct LazyParams<'a> {
    /// Call sites passing something other than literals, by the callee's last name (""
    /// for callees that are neither a name nor an attribute).
    by_name: rustc_hash::FxHashMap<&'a str, Vec<(usize, u32)>>,
    /// Per function, its parameters waiting for flow ([`crate::analysis::waiting_params`]).
    waiting: Vec<u64>,
    /// The calls filed under "" by the functions they reach (built once, after the
    /// classes' MROs: see [`Index::variable_calls`]).
    pub(crate) by_target: std::sync::OnceLock<rustc_hash::FxHashMap<FuncId, Vec<(usize, u32)>>>,
    round1: std::sync::RwLock<rustc_hash::FxHashMap<(usize, u32), Reached>>,
    settled: std::sync::RwLock<rustc_hash::FxHashSet<FuncId>>,
}

impl<'a> LazyParams<'a> {
    pub fn new(index: &Index<'a>) -> Self {
        use rayon::prelude::*;
        let summaries = &index.summaries;
        // The only names a settled parameter's callers can be filed under: functions with
        // a parameter waiting for flow, and classes (constructors).
        let waiting: Vec<u64> = (0..index.funcs.len())
            .into_par_iter()
            .map(|g| crate::analysis::waiting_params(index, g))
            .collect();
        let wanted: rustc_hash::FxHashSet<&'a str> = (0..index.funcs.len())
            .filter(|&g| waiting[g] != 0)
            .map(|g| index.func(g).1.name.as_str())
            .chain(
                summaries
                    .iter()
                    .flat_map(|s| s.classes.iter().map(|c| c.name.as_str())),
            )
            .chain(["", "cls", "__class__"])
            .collect();
        let per_file: Vec<Vec<(&'a str, u32)>> = summaries
            .par_iter()
            .map(|s| {
                s.sites
                    .iter()
                    .enumerate()
                    .filter(|(_, site)| site.kind == SiteKind::Call)
                    .map(|(i, site)| {
                        let name = callee_key(s, site);
                        (name, i as u32, site)
                    })
                    // Names first (the site's own fields), then the arguments (behind
                    // two pointers): only calls passing something other than literals.
                    .filter(|(name, _, site)| {
                        wanted.contains(name)
                            && site.call.as_ref().is_some_and(|c| {
                                c.args.iter().any(|a| !matches!(a.value, Ref::Unknown))
                            })
                    })
                    .map(|(name, i, _)| (name, i))
                    .collect()
            })
            .collect();
        let mut by_name: rustc_hash::FxHashMap<&'a str, Vec<(usize, u32)>> = Default::default();
        for (file, items) in per_file.into_iter().enumerate() {
            for (name, i) in items {
                by_name.entry(name).or_default().push((file, i));
            }
        }
        LazyParams {
            by_name,
            waiting,
            by_target: std::sync::OnceLock::new(),
            round1: Default::default(),
            settled: Default::default(),
        }
    }
}
