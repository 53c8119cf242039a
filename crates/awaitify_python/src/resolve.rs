//! Resolution: evaluates the symbolic references of every module against the whole
//! project (imports, re-exports, classes and their in-repo bases, attribute types, the
//! catalog's known types) and turns sites into call-graph edges and catalog hits.

use crate::model::*;
use awaitify_core::catalog::Catalog;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

pub type FuncId = usize;
pub type ClassId = usize;

use crate::types::MAX_DEPTH;
pub use crate::types::Value;

/// A `from m import n` binding a resolution went through: if the callee is renamed, the
/// import needs the new name too.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hop {
    pub file: usize,
    pub import: ImportSite,
    pub local: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Func(FuncId),
    Blocking(String),
    Ext(String),
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Resolved {
    /// Almost always one: kept inline (no allocation per site).
    pub targets: smallvec::SmallVec<[Target; 1]>,
    pub hops: Vec<Hop>,
    /// The callee's last name refers to the target directly, so renaming it to the async
    /// name is sound (not through a local variable).
    pub renameable: bool,
    /// The call calls an instance (its class's `__call__`): the async version is reached
    /// as `obj.async_call(...)`, not by renaming the callee.
    pub instance_call: bool,
    /// How the targets were found (for `awaitify graph`).
    pub how: How,
}

impl Resolved {
    /// Nothing found (and nothing looked for).
    pub fn none() -> Self {
        Resolved {
            targets: smallvec::SmallVec::new(),
            hops: vec![],
            renameable: false,
            instance_call: false,
            how: How::Direct,
        }
    }
}

impl Resolved {
    /// Nothing was found for a site of this kind: what resolving again once parameter
    /// values are known looks at (value sites are never looked at again).
    pub fn found_nothing(&self, kind: SiteKind) -> bool {
        match kind {
            SiteKind::Call => self.targets.iter().all(|t| matches!(t, Target::Unknown)),
            SiteKind::With | SiteKind::Iter => self.targets.is_empty(),
            SiteKind::Value => false,
        }
    }

    /// The in-repo functions among the targets.
    pub fn funcs(&self) -> impl Iterator<Item = FuncId> + '_ {
        self.targets.iter().filter_map(|t| match t {
            Target::Func(g) => Some(*g),
            _ => None,
        })
    }
}

/// How a site's targets were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A name bound to the function, or an attribute of a module.
    Direct,
    /// A method looked up in the receiver's class (MRO, `super()`, subclasses).
    Dispatch,
    /// Several targets: a union type, a name bound in branches, subclasses.
    Union,
    /// A class called: its `__init__`.
    Constructor,
    /// `with`/`for`: the protocol methods of what they operate on.
    Protocol,
    /// A function used as a value.
    ValueFlow,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Direct => "direct",
            How::Dispatch => "dispatch",
            How::Union => "union",
            How::Constructor => "constructor",
            How::Protocol => "protocol",
            How::ValueFlow => "value-flow",
        }
    }
}

/// The immutable project index.
pub struct Index<'a> {
    pub summaries: Vec<&'a ModuleSummary>,
    pub modules: HashMap<&'a str, usize>,
    pub func_base: Vec<usize>,
    pub class_base: Vec<usize>,
    /// Global function id -> (file, local index).
    pub funcs: Vec<(usize, LocalFunc)>,
    pub classes: Vec<(usize, LocalClass)>,
    pub catalog: &'a Catalog,
    /// Dotted prefixes of in-repo modules (`pkg` for `pkg.mod`), for namespace packages.
    prefixes: HashSet<String>,
    /// (`pkg.sub`, `mod`) for every in-repo module or prefix `pkg.sub.mod`: whether an
    /// attribute of a module names a submodule, without building its dotted name.
    submodules: HashSet<(&'a str, &'a str)>,
    /// The in-repo MRO of each class, computed on first use.
    pub(crate) mros: Vec<OnceLock<Vec<ClassId>>>,
    /// Per class: its library bases by qualified name (`django.db.models.Model`).
    pub(crate) ext_bases: Vec<OnceLock<Vec<String>>>,
    /// Subclasses of each class, computed on first use.
    pub(crate) subclass_index: OnceLock<Vec<Vec<ClassId>>>,
    /// Per class: what relation fields of other classes give it (`product.order_set`,
    /// a `related_name`), computed with the MROs.
    pub(crate) reverse_relations:
        OnceLock<rustc_hash::FxHashMap<ClassId, Vec<(String, crate::types::Value)>>>,
    /// Parameter flow: the value of each unannotated parameter (function, parameter
    /// index), the union of what call sites pass. Filled after a first resolution by
    /// [`Index::settle_params`]; empty (unknown) before.
    pub param_values: std::sync::RwLock<rustc_hash::FxHashMap<(FuncId, u16), crate::types::Value>>,
    /// Every function name in the project: a value reference to anything else cannot
    /// be a reference to an in-repo function, and is not worth resolving.
    func_names: HashSet<&'a str>,
    /// Lint's on-demand resolution settles parameters when first read.
    pub(crate) lazy_params: Option<crate::types::LazyParams<'a>>,
}

impl<'a> Index<'a> {
    /// `z.writestr(...)` where the function bound `z` once to a catalog call made over an
    /// in-memory buffer (`z = zipfile.ZipFile(io.BytesIO())`): the object's methods work
    /// on memory too.
    fn method_of_in_memory_object(&self, file: usize, site: &Site) -> bool {
        let (Ref::Attr(base, _), Some(f)) = (&site.target, site.func) else {
            return false;
        };
        let Ref::Name(n, _) = &**base else {
            return false;
        };
        let s = self.summaries[file];
        let mut defs = s.functions[f].locals.iter().filter(|d| d.name == *n);
        let (Some(def), None) = (defs.next(), defs.next()) else {
            return false;
        };
        let (Derived::Call(made) | Derived::Entered(made)) = def.value else {
            return false;
        };
        let made = &s.sites[made as usize];
        crate::types::reset_budget();
        let Value::Ext(q) = self.eval(file, &made.target, &mut None, 0) else {
            return false;
        };
        self.catalog.blocking(&q).is_some_and(|e| {
            e.in_memory
                .as_ref()
                .is_some_and(|at| self.in_memory_argument(file, made, at))
        })
    }

    /// Whether the argument `at` of the call at `site` is an in-memory buffer
    /// (`io.BytesIO()`, `io.StringIO()`, directly or through a local bound to one).
    fn in_memory_argument(
        &self,
        file: usize,
        site: &Site,
        at: &awaitify_core::catalog::ArgAt,
    ) -> bool {
        let Some(call) = &site.call else { return false };
        let s = self.summaries[file];
        call.args
            .iter()
            .filter(|a| {
                (a.position.is_some() && a.position.map(usize::from) == at.position)
                    || (a.keyword.is_some()
                        && a.keyword.as_ref().map(|k| k.as_str()) == at.keyword.as_deref())
            })
            .any(|arg| {
                let mut r = &arg.value;
                if let Ref::Name(n, scope) = r
                    && let Some(Binding::Value(v)) =
                        crate::extract::lookup_local(&s.scopes, *scope, n)
                {
                    r = v;
                }
                let Ref::Call(callee) = r else { return false };
                crate::types::reset_budget();
                matches!(self.eval(file, callee, &mut None, 0),
                    Value::Ext(q) if q == "io.BytesIO" || q == "io.StringIO")
            })
    }

    pub fn new(summaries: Vec<&'a ModuleSummary>, catalog: &'a Catalog) -> Self {
        let mut modules = HashMap::default();
        let mut func_base = vec![];
        let mut class_base = vec![];
        let mut funcs = vec![];
        let mut classes = vec![];
        let mut prefixes = HashSet::default();
        let mut submodules = HashSet::default();
        for (i, s) in summaries.iter().enumerate() {
            // The first file wins for a duplicated module name.
            modules.entry(s.name.as_str()).or_insert(i);
            let mut p = s.name.as_str();
            while let Some((head, last)) = p.rsplit_once('.') {
                prefixes.insert(head.to_string());
                submodules.insert((head, last));
                p = head;
            }
            func_base.push(funcs.len());
            funcs.extend((0..s.functions.len()).map(|f| (i, f)));
            class_base.push(classes.len());
            classes.extend((0..s.classes.len()).map(|c| (i, c)));
        }
        let n_classes = classes.len();
        let func_names = summaries
            .iter()
            .flat_map(|s| s.functions.iter().map(|f| f.name.as_str()))
            .collect();
        Self {
            summaries,
            modules,
            func_base,
            class_base,
            funcs,
            classes,
            catalog,
            prefixes,
            submodules,
            mros: (0..n_classes).map(|_| OnceLock::new()).collect(),
            ext_bases: (0..n_classes).map(|_| OnceLock::new()).collect(),
            subclass_index: OnceLock::new(),
            reverse_relations: OnceLock::new(),
            param_values: Default::default(),
            func_names,
            lazy_params: None,
        }
    }

    pub fn func(&self, id: FuncId) -> (&'a ModuleSummary, &'a Function) {
        let (file, local) = self.funcs[id];
        let s = self.summaries[file];
        (s, &s.functions[local])
    }

    pub fn class(&self, id: ClassId) -> (&'a ModuleSummary, &'a Class) {
        let (file, local) = self.classes[id];
        let s = self.summaries[file];
        (s, &s.classes[local])
    }

    pub fn func_id(&self, file: usize, local: LocalFunc) -> FuncId {
        self.func_base[file] + local
    }

    pub fn class_id(&self, file: usize, local: LocalClass) -> ClassId {
        self.class_base[file] + local
    }

    /// `module.qualname` of a function.
    pub fn qualname(&self, id: FuncId) -> String {
        let (s, f) = self.func(id);
        if s.name.is_empty() {
            f.qualname.clone()
        } else {
            format!("{}.{}", s.name, f.qualname)
        }
    }

    /// Whether `module.name` is an in-repo module or prefix ([`Index::is_repo_module`]).
    pub(crate) fn is_submodule(&self, module: &str, name: &str) -> bool {
        self.submodules.contains(&(module, name))
    }

    pub(crate) fn is_repo_module(&self, name: &str) -> bool {
        self.modules.contains_key(name) || self.prefixes.contains(name)
    }

    /// Resolve one site.
    pub fn resolve_site(&self, file: usize, site: &Site) -> Resolved {
        crate::types::reset_budget();
        let mut hops = vec![];
        let mut targets = smallvec::SmallVec::new();
        let mut renameable = false;
        let mut instance_call = false;
        let mut how = How::Direct;
        match site.kind {
            SiteKind::Call => {
                let v = self.eval(file, &site.target, &mut Some(&mut hops), 0);
                let members = v.members();
                if members.len() > 1 {
                    how = How::Union;
                } else if members
                    .iter()
                    .any(|m| matches!(m, Value::Func(f) if self.func(*f).1.class.is_some()))
                {
                    how = How::Dispatch;
                }
                // `do()` where `do` is a parameter: what callers pass.
                if let Ref::Name(n, scope) = &site.target
                    && matches!(
                        crate::extract::lookup_local(&self.summaries[file].scopes, *scope, n),
                        Some(Binding::Param(..))
                    )
                {
                    how = How::ValueFlow;
                }
                let mut all_same_name = true;
                for m in members {
                    match m {
                        Value::Func(f) => {
                            // `self.get()` where the class says `get = load` names `load` by
                            // another name: there is no `async_get` to call.
                            let same_name = match &site.target {
                                Ref::Attr(_, attr) => *attr == self.func(*f).1.name.as_str(),
                                Ref::Name(n, _) if members.len() > 1 => {
                                    *n == self.func(*f).1.name.as_str()
                                }
                                _ => true,
                            };
                            all_same_name &= same_name;
                            if !targets.contains(&Target::Func(*f)) {
                                targets.push(Target::Func(*f));
                            }
                        }
                        // Calling an instance runs its class's `__call__`.
                        Value::Instance(c) => {
                            if let Some(call) = self.method(*c, "__call__", false) {
                                targets.push(Target::Func(call));
                            }
                            all_same_name = false;
                        }
                        Value::Class(c) => {
                            if let Some(init) = self.method(*c, "__init__", false) {
                                targets.push(Target::Func(init));
                            }
                            if members.len() == 1 {
                                how = How::Constructor;
                            }
                            all_same_name = false;
                        }
                        Value::Ext(q) => {
                            let polls = self.catalog.blocking(q).is_some_and(|e| {
                                let (Some(z), Some(call)) = (&e.zero_timeout, &site.call) else {
                                    return false;
                                };
                                z.position
                                    .is_some_and(|p| p < 16 && call.zero_args & (1 << p) != 0)
                                    || z.keyword
                                        .as_ref()
                                        .is_some_and(|k| call.zero_kwargs.contains(k))
                            });
                            let in_memory = self.catalog.blocking(q).is_some_and(|e| {
                                e.in_memory
                                    .as_ref()
                                    .is_some_and(|at| self.in_memory_argument(file, site, at))
                            }) || self.method_of_in_memory_object(file, site);
                            if self.catalog.blocking(q).is_some() && !polls && !in_memory {
                                targets.push(Target::Blocking(q.clone()));
                            } else {
                                targets.push(Target::Ext(q.clone()));
                            }
                            all_same_name = false;
                        }
                        _ => {}
                    }
                }
                // An awaited call cannot reach a plain sync function when it can reach a
                // coroutine function: the sync members are a resolution that cannot hold
                // (a mixin's sync sibling, the sync half of a union).
                if site.call.as_ref().is_some_and(|c| c.awaited)
                    && targets
                        .iter()
                        .any(|t| matches!(t, Target::Func(g) if self.func(*g).1.is_async))
                {
                    targets.retain(|t| !matches!(t, Target::Func(g) if !self.func(*g).1.is_async));
                }
                // A class without an in-repo `__init__` is known and calls nothing.
                if targets.is_empty() && !members.iter().any(|m| matches!(m, Value::Class(_))) {
                    targets.push(Target::Unknown);
                }
                let funcs = targets.iter().all(|t| matches!(t, Target::Func(_)));
                let alias = !all_same_name && funcs && self.module_alias(file, &site.target);
                renameable = funcs
                    && (all_same_name || alias)
                    && !members.iter().any(|m| matches!(m, Value::Class(_)))
                    && (alias || self.renameable(file, &site.target));
                // `obj(...)` with every member an instance whose class has `__call__`:
                // `obj.async_call(...)` reaches the async version whatever `obj` is.
                if !renameable
                    && funcs
                    && targets.len() == 1
                    && !members.is_empty()
                    && members.iter().all(|m| matches!(m, Value::Instance(_)))
                {
                    renameable = true;
                    instance_call = true;
                }
            }
            SiteKind::With | SiteKind::Iter => {
                how = How::Protocol;
                let dunders: &[&str] = if site.kind == SiteKind::With {
                    &["__enter__", "__exit__"]
                } else {
                    &["__iter__", "__next__"]
                };
                let v = self.iterable(file, &site.target, 0);
                for m in v.members() {
                    match m {
                        Value::Func(f) => targets.push(Target::Func(*f)),
                        Value::Instance(c) => {
                            for d in dunders {
                                if let Some(m) = self.method(*c, d, false)
                                    && !targets.contains(&Target::Func(m))
                                {
                                    targets.push(Target::Func(m));
                                }
                            }
                        }
                        // `with LOCK:` on a catalog type whose `__enter__` blocks.
                        Value::ExtInst(t) => {
                            let enter = format!("{t}.{}", dunders[0]);
                            if self.catalog.blocking(&enter).is_some() {
                                targets.push(Target::Blocking(enter));
                            }
                        }
                        _ => {}
                    }
                }
            }
            SiteKind::Value => {
                how = How::ValueFlow;
                let last = match &site.target {
                    Ref::Name(n, scope) => {
                        match crate::extract::lookup_local(&self.summaries[file].scopes, *scope, n)
                        {
                            Some(Binding::From { name, .. }) => name.as_str(),
                            _ => n.as_str(),
                        }
                    }
                    Ref::Attr(_, a) => a.as_str(),
                    _ => "",
                };
                if !self.func_names.contains(last) {
                    return Resolved {
                        targets,
                        hops,
                        renameable,
                        instance_call: false,
                        how,
                    };
                }
                for m in self.eval(file, &site.target, &mut None, 0).members() {
                    if let Value::Func(f) = m {
                        targets.push(Target::Func(*f));
                    }
                }
            }
        }
        Resolved {
            targets,
            hops,
            renameable,
            instance_call,
            how,
        }
    }

    /// What a `with` or `for` operates on: the function whose call produced it (a
    /// generator or context-manager function), or an instance.
    fn iterable(&self, file: usize, r: &Ref, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        match r {
            Ref::Call(inner) => {
                let callee = self.eval(file, inner, &mut None, depth + 1);
                Value::join(callee.members().iter().map(|m| match m {
                    Value::Func(f) if self.func(*f).1.is_generator => Value::Func(*f),
                    other => self.call_result(other, depth + 1),
                }))
            }
            Ref::Name(name, scope) => {
                let s = self.summaries[file];
                match crate::extract::lookup_local(&s.scopes, *scope, name) {
                    Some(Binding::Value(inner)) => self.iterable(file, inner, depth + 1),
                    _ => self.eval(file, r, &mut None, depth + 1),
                }
            }
            _ => self.eval(file, r, &mut None, depth + 1),
        }
    }

    /// Whether the callee is a module-level alias of functions (`wait = wait_select` in
    /// each branch, `x = _impl.x`), every binding of which names exactly one function:
    /// each such assignment gains an async sibling, so the call can be renamed.
    fn module_alias(&self, file: usize, r: &Ref) -> bool {
        let (mfile, binding) = match r {
            Ref::Attr(base, attr) => match self.eval(file, base, &mut None, 0) {
                Value::Module(m) => match self.modules.get(m.as_str()) {
                    Some(&f) => (f, self.summaries[f].scopes[0].bindings.get(attr.as_str())),
                    None => return false,
                },
                _ => return false,
            },
            Ref::Name(n, scope) => {
                let s = self.summaries[file];
                let found = crate::extract::lookup_local(&s.scopes, *scope, n);
                let global = s.scopes[0].bindings.get(n.as_str());
                match (found, global) {
                    (Some(a), Some(b)) if std::ptr::eq(a, b) => (file, found),
                    _ => return false,
                }
            }
            _ => return false,
        };
        let one_func = |b: &Binding| match b {
            Binding::Value(r @ (Ref::Name(..) | Ref::Attr(..))) => {
                matches!(self.eval(mfile, r, &mut None, 0), Value::Func(_))
            }
            _ => false,
        };
        match binding {
            Some(Binding::Union(m)) => m.iter().all(one_func),
            Some(b) => one_func(b),
            None => false,
        }
    }

    /// Whether the callee names its target directly (`f`, `mod.f`, `self.m`, `Cls.m`),
    /// so the async twin can be reached by renaming the last name.
    fn renameable(&self, file: usize, r: &Ref) -> bool {
        match r {
            Ref::Name(name, scope) => {
                let direct = |b: &Binding| matches!(b, Binding::Function(_) | Binding::From { .. });
                (match crate::extract::lookup_local(&self.summaries[file].scopes, *scope, name) {
                    Some(Binding::Union(m)) => {
                        // Defined in branches, or imported with a fallback that is not a
                        // function (`except ImportError: f = None`).
                        m.iter().any(direct)
                            && m.iter()
                                .all(|b| direct(b) || matches!(b, Binding::Value(Ref::Unknown)))
                    }
                    Some(b) => direct(b),
                    None => false,
                }) || self.summaries[file].star_imports.iter().any(|_| {
                    crate::extract::lookup_local(&self.summaries[file].scopes, *scope, name)
                        .is_none()
                })
            }
            Ref::Attr(base, _) => !matches!(
                self.eval(file, base, &mut None, 0),
                Value::Unknown | Value::Func(_)
            ),
            _ => false,
        }
    }
}
