//! Resolution: evaluates the symbolic references of every module against the whole
//! project (imports, re-exports, classes and their in-repo bases, attribute types, the
//! catalog's known types) and turns sites into call-graph edges and catalog hits.

use crate::model::*;
use awaitify_core::catalog::Catalog;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

pub type FuncId = usize;
pub type ClassId = usize;

const MAX_DEPTH: usize = 24;

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
    Unknown,
}

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
    /// The in-repo MRO of each class, computed on first use.
    mros: Vec<OnceLock<Vec<ClassId>>>,
    /// Every function name in the project: a value reference to anything else cannot
    /// be a reference to an in-repo function, and is not worth resolving.
    func_names: HashSet<&'a str>,
}

impl<'a> Index<'a> {
    pub fn new(summaries: Vec<&'a ModuleSummary>, catalog: &'a Catalog) -> Self {
        let mut modules = HashMap::default();
        let mut func_base = vec![];
        let mut class_base = vec![];
        let mut funcs = vec![];
        let mut classes = vec![];
        let mut prefixes = HashSet::default();
        for (i, s) in summaries.iter().enumerate() {
            // The first file wins for a duplicated module name.
            modules.entry(s.name.as_str()).or_insert(i);
            let mut p = s.name.as_str();
            while let Some((head, _)) = p.rsplit_once('.') {
                prefixes.insert(head.to_string());
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
            mros: (0..n_classes).map(|_| OnceLock::new()).collect(),
            func_names,
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

    fn is_repo_module(&self, name: &str) -> bool {
        self.modules.contains_key(name) || self.prefixes.contains(name)
    }

    pub fn eval(
        &self,
        file: usize,
        r: &Ref,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        match r {
            Ref::Name(name, scope) => self.lookup(file, *scope, name, hops, depth + 1),
            Ref::Attr(base, attr) => {
                let base = self.eval(file, base, hops, depth + 1);
                self.attr(&base, attr, hops, depth + 1)
            }
            Ref::Call(inner) => {
                let callee = self.eval(file, inner, &mut None, depth + 1);
                self.call_result(&callee, depth + 1)
            }
            Ref::Instance(inner) => match self.eval(file, inner, &mut None, depth + 1) {
                Value::Class(c) => Value::Instance(c),
                Value::Ext(q) => Value::ExtInst(q),
                _ => Value::Unknown,
            },
            Ref::Super(c) => Value::Super(self.class_id(file, *c)),
            Ref::Unknown => Value::Unknown,
        }
    }

    fn call_result(&self, callee: &Value, depth: usize) -> Value {
        match callee {
            Value::Class(c) => Value::Instance(*c),
            Value::Ext(q) => match self.catalog.returns(q) {
                Some(t) => Value::ExtInst(t.to_string()),
                None => Value::Unknown,
            },
            Value::Func(f) => {
                let (file, _) = self.funcs[*f];
                let (_, func) = self.func(*f);
                match &func.returns {
                    Some(r) => self.eval(file, r, &mut None, depth + 1),
                    None => Value::Unknown,
                }
            }
            _ => Value::Unknown,
        }
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

    fn binding(
        &self,
        file: usize,
        _scope: ScopeId,
        local: &str,
        b: &Binding,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
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
                    // Only a binding of the function itself gets the async name beside it.
                    if let (Some(h), Value::Func(_)) = (hops.as_deref_mut(), &v) {
                        h.push(Hop {
                            file,
                            import: *import,
                            local: local.to_string(),
                            name: name.clone(),
                        });
                    }
                    v
                } else {
                    Value::Ext(format!("{module}.{name}"))
                }
            }
            Binding::Function(f) => Value::Func(self.func_id(file, *f)),
            Binding::Class(c) => Value::Class(self.class_id(file, *c)),
            Binding::Value(r) => self.eval(file, r, &mut None, depth + 1),
            Binding::SelfOf(c) => Value::Instance(self.class_id(file, *c)),
            Binding::ClsOf(c) => Value::Class(self.class_id(file, *c)),
            Binding::Ambiguous => Value::Unknown,
        }
    }

    fn module_attr(
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
            if let Some(b) = s.scopes[0].bindings.get(name) {
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
        let sub = format!("{module}.{name}");
        if self.is_repo_module(&sub) {
            return Value::Module(sub);
        }
        Value::Unknown
    }

    fn attr(
        &self,
        base: &Value,
        attr: &str,
        hops: &mut Option<&mut Vec<Hop>>,
        depth: usize,
    ) -> Value {
        match base {
            Value::Module(m) => self.module_attr(m, attr, hops, depth + 1),
            Value::Ext(q) => Value::Ext(format!("{q}.{attr}")),
            Value::ExtInst(t) => Value::Ext(format!("{t}.{attr}")),
            Value::Class(c) | Value::Instance(c) => {
                if let Some(m) = self.method(*c, attr, false) {
                    return Value::Func(m);
                }
                self.class_attr(*c, attr, depth + 1)
            }
            Value::Super(c) => self
                .method(*c, attr, true)
                .map_or(Value::Unknown, Value::Func),
            Value::Func(_) | Value::Unknown => Value::Unknown,
        }
    }

    /// In-repo bases of a class, evaluated in the class's enclosing scope.
    pub fn bases(&self, c: ClassId) -> Vec<ClassId> {
        let (file, _) = self.classes[c];
        let (_, class) = self.class(c);
        class
            .bases
            .iter()
            .filter_map(|b| match self.eval(file, b, &mut None, 0) {
                Value::Class(b) if b != c => Some(b),
                _ => None,
            })
            .collect()
    }

    /// The class and its in-repo ancestors, depth-first (a close approximation of the
    /// MRO), computed once per class.
    pub fn mro(&self, c: ClassId) -> Vec<ClassId> {
        self.mros[c].get_or_init(|| self.compute_mro(c)).clone()
    }

    fn compute_mro(&self, c: ClassId) -> Vec<ClassId> {
        let mut out = vec![];
        let mut stack = vec![c];
        while let Some(x) = stack.pop() {
            if out.contains(&x) || out.len() > 64 {
                continue;
            }
            out.push(x);
            let mut bases = self.bases(x);
            bases.reverse();
            stack.extend(bases);
        }
        out
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
            if let Some(r) = class.attrs.get(name) {
                return self.eval(file, r, &mut None, depth + 1);
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

    /// Resolve one site.
    pub fn resolve_site(&self, file: usize, site: &Site) -> Resolved {
        let mut hops = vec![];
        let mut targets = smallvec::SmallVec::new();
        let mut renameable = false;
        match site.kind {
            SiteKind::Call => {
                let v = self.eval(file, &site.target, &mut Some(&mut hops), 0);
                match v {
                    Value::Func(f) => {
                        // `self.get()` where the class says `get = load` names `load` by
                        // another name: there is no `async_get` to call.
                        let same_name = match &site.target {
                            Ref::Attr(_, attr) => *attr == self.func(f).1.name.as_str(),
                            _ => true,
                        };
                        renameable = same_name && self.renameable(file, &site.target);
                        targets.push(Target::Func(f));
                    }
                    Value::Class(c) => {
                        if let Some(init) = self.method(c, "__init__", false) {
                            targets.push(Target::Func(init));
                        }
                        renameable = false;
                    }
                    Value::Ext(q) => {
                        if self.catalog.blocking(&q).is_some() {
                            targets.push(Target::Blocking(q));
                        } else {
                            targets.push(Target::Ext(q));
                        }
                    }
                    _ => targets.push(Target::Unknown),
                }
            }
            SiteKind::With | SiteKind::Iter => {
                let dunders: &[&str] = if site.kind == SiteKind::With {
                    &["__enter__", "__exit__"]
                } else {
                    &["__iter__", "__next__"]
                };
                match self.iterable(file, &site.target, 0) {
                    Value::Func(f) => targets.push(Target::Func(f)),
                    Value::Instance(c) => {
                        for d in dunders {
                            if let Some(m) = self.method(c, d, false) {
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
            SiteKind::Value => {
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
                    };
                }
                if let Value::Func(f) = self.eval(file, &site.target, &mut None, 0) {
                    targets.push(Target::Func(f));
                }
            }
        }
        Resolved {
            targets,
            hops,
            renameable,
        }
    }

    /// What a `with` or `for` operates on: the function whose call produced it (a
    /// generator or context-manager function), or an instance.
    fn iterable(&self, file: usize, r: &Ref, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        match r {
            Ref::Call(inner) => match self.eval(file, inner, &mut None, depth + 1) {
                Value::Func(f) => {
                    let (_, func) = self.func(f);
                    if func.is_generator {
                        Value::Func(f)
                    } else {
                        self.call_result(&Value::Func(f), depth + 1)
                    }
                }
                other => self.call_result(&other, depth + 1),
            },
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

    /// Whether the callee names its target directly (`f`, `mod.f`, `self.m`, `Cls.m`),
    /// so the async twin can be reached by renaming the last name.
    fn renameable(&self, file: usize, r: &Ref) -> bool {
        match r {
            Ref::Name(name, scope) => {
                matches!(
                    crate::extract::lookup_local(&self.summaries[file].scopes, *scope, name),
                    Some(Binding::Function(_) | Binding::From { .. })
                ) || self.summaries[file].star_imports.iter().any(|_| {
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
