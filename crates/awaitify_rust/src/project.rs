//! The crate model: packages from `Cargo.toml`, their targets, the module tree followed from
//! each target's root file, and name resolution (`use` trees, `crate::`/`self::`/`super::`,
//! re-exports, globs, associated functions, methods on typed receivers).

use crate::model::*;
use awaitify_core::catalog::Catalog;
use awaitify_core::migration::{Input, Problem};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Lib,
    Bin,
    /// Integration tests, examples and benches: they use the library like a user.
    Test,
}

#[derive(Debug, Clone)]
pub struct Target {
    /// The crate name as code names it (`my-lib` -> `my_lib`).
    pub name: String,
    pub kind: TargetKind,
    pub root_file: usize,
    /// The package's `Cargo.toml` (relative path).
    pub manifest: String,
    pub root_module: usize,
    /// The package's edition as written (`2015` when the key is absent, `inherited` for
    /// `edition.workspace = true`).
    pub edition: String,
}

pub struct ParsedFile {
    pub rel: String,
    pub text: String,
    pub bom: bool,
    pub summary: FileSummary,
}

/// A module of the project: a file's module or an inline `mod x {}`.
#[derive(Debug, Clone)]
pub struct Module {
    pub target: usize,
    pub file: usize,
    /// The index in the file's summary.
    pub local: usize,
    pub parent: Option<usize>,
    /// `crate_name::a::b`.
    pub path: String,
    pub children: FxHashMap<String, usize>,
}

/// A struct of the project, by its key: where it is, its fields, its type parameters.
struct IndexedStruct {
    module: usize,
    fields: Vec<(String, TypeRef)>,
    generics: Vec<String>,
}

pub struct Project {
    pub files: Vec<ParsedFile>,
    pub targets: Vec<Target>,
    pub modules: Vec<Module>,
    /// (file, local module) -> module.
    pub module_of: FxHashMap<(usize, usize), usize>,
    /// Every function: (file, index in the file's summary).
    pub funcs: Vec<(usize, usize)>,
    /// Per file, the first function id.
    pub func_base: Vec<usize>,
    pub problems: Vec<Problem>,
    /// Manifests (`Cargo.toml`) by relative path, with their text.
    pub manifests: Vec<(String, String)>,
    // Resolution tables, built by `index`.
    /// Items of each module: name -> definition.
    items: Vec<FxHashMap<String, Def>>,
    /// `type key::method` -> function (inherent and trait impls).
    methods: FxHashMap<(String, String), usize>,
    /// Trait key -> method name -> the trait's declaration.
    trait_methods: FxHashMap<String, FxHashMap<String, usize>>,
    /// Type key -> traits it implements (in-repo traits).
    impls_of: FxHashMap<String, Vec<String>>,
    /// Struct key -> (module, fields).
    structs: FxHashMap<String, IndexedStruct>,
    /// Function -> module.
    pub func_module: Vec<usize>,
    /// Function -> the qualified key of its impl's self type or trait.
    pub func_owner_key: Vec<Option<String>>,
    /// Function -> for impls of a trait, the trait's key (in-repo) or path (foreign).
    pub func_trait: Vec<Option<(String, bool)>>,
    lib_crates: FxHashMap<String, usize>,
    /// Keys of the types whose generic parameters are all lifetimes.
    lifetime_types: rustc_hash::FxHashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Def {
    Module(usize),
    Func(usize),
    /// An in-repo type or trait, by qualified key.
    Type(String),
    Trait(String),
    /// Something outside the project, by its full path (`std::fs::read`).
    External(String),
}

/// What a value's type is known to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Local(String),
    Dyn(String),
    External(String),
}

const BOM: &str = "\u{feff}";

fn crate_ident(name: &str) -> String {
    name.replace('-', "_")
}

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for p in rel.split('/') {
        match p {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

impl Project {
    /// Whether `segs`, written in module `m`, names an in-repo type whose generic
    /// parameters are all lifetimes (`struct Info<'a>`).
    pub fn is_lifetime_only(&self, m: usize, segs: &Segments) -> bool {
        matches!(self.resolve(m, segs), Some(Def::Type(k)) if self.lifetime_types.contains(&k))
    }

    /// Parse every `.rs` input in parallel, read the manifests, and follow each target's
    /// module tree. Files that do not parse are reported and left alone.
    pub fn load(inputs: Vec<Input>) -> Self {
        let (manifests, sources): (Vec<Input>, Vec<Input>) = inputs
            .into_iter()
            .partition(|i| i.rel == "Cargo.toml" || i.rel.ends_with("/Cargo.toml"));
        let results: Vec<Result<ParsedFile, Problem>> = sources
            .into_par_iter()
            .map(|mut input| {
                let bom = input.text.starts_with(BOM);
                if bom {
                    input.text.drain(..BOM.len());
                }
                let r = crate::extract::extract(&input.text);
                proc_macro2::extra::invalidate_current_thread_spans();
                match r {
                    Ok(summary) => Ok(ParsedFile {
                        rel: input.rel,
                        text: input.text,
                        bom,
                        summary,
                    }),
                    Err((at, message)) => {
                        let lc = awaitify_core::text::LineIndex::new(&input.text)
                            .line_col(&input.text, at.min(input.text.len()));
                        Err(Problem {
                            rel: input.rel,
                            line: lc.line,
                            col: lc.col,
                            message: format!("cannot parse: {message}; file left unchanged"),
                        })
                    }
                }
            })
            .collect();
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(p) => problems.push(p),
            }
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut p = Project {
            files,
            targets: Vec::new(),
            modules: Vec::new(),
            module_of: FxHashMap::default(),
            funcs: Vec::new(),
            func_base: Vec::new(),
            problems,
            manifests: manifests.into_iter().map(|i| (i.rel, i.text)).collect(),
            items: Vec::new(),
            methods: FxHashMap::default(),
            trait_methods: FxHashMap::default(),
            impls_of: FxHashMap::default(),
            structs: FxHashMap::default(),
            func_module: Vec::new(),
            func_owner_key: Vec::new(),
            func_trait: Vec::new(),
            lib_crates: FxHashMap::default(),
            lifetime_types: Default::default(),
        };
        p.manifests.sort();
        p.find_targets();
        p.build_modules();
        p.index();
        p
    }

    fn file_id(&self, rel: &str) -> Option<usize> {
        self.files
            .binary_search_by(|f| f.rel.as_str().cmp(rel))
            .ok()
    }

    fn find_targets(&mut self) {
        let manifests = self.manifests.clone();
        for (rel, text) in &manifests {
            let doc: toml::Table = match toml::from_str(text) {
                Ok(d) => d,
                Err(e) => {
                    let err = awaitify_core::catalog::toml_error(rel, text, &e);
                    self.problems.push(Problem {
                        rel: rel.clone(),
                        line: 1,
                        col: 1,
                        message: format!("cannot read the manifest: {err}"),
                    });
                    continue;
                }
            };
            let Some(pkg) = doc.get("package").and_then(|p| p.as_table()) else {
                continue; // a virtual workspace manifest: its members have their own
            };
            let Some(pkg_name) = pkg.get("name").and_then(|n| n.as_str()) else {
                continue;
            };
            let dir = dir_of(rel).to_string();
            let at = |p: &str| join(&dir, p);
            let edition = match pkg.get("edition") {
                None => "2015".to_string(),
                Some(e) => e.as_str().unwrap_or("inherited").to_string(),
            };
            let add = |this: &mut Self, name: String, kind, path: String| {
                if let Some(f) = this.file_id(&path) {
                    this.targets.push(Target {
                        name,
                        kind,
                        root_file: f,
                        manifest: rel.clone(),
                        root_module: usize::MAX,
                        edition: edition.clone(),
                    });
                }
            };
            let lib = doc.get("lib").and_then(|l| l.as_table());
            let lib_name = lib
                .and_then(|l| l.get("name"))
                .and_then(|n| n.as_str())
                .map(crate_ident)
                .unwrap_or_else(|| crate_ident(pkg_name));
            let lib_path = lib
                .and_then(|l| l.get("path"))
                .and_then(|n| n.as_str())
                .unwrap_or("src/lib.rs");
            add(self, lib_name.clone(), TargetKind::Lib, at(lib_path));
            let bins = doc.get("bin").and_then(|b| b.as_array());
            let mut bin_paths = Vec::new();
            for b in bins.into_iter().flatten() {
                let name = b.get("name").and_then(|n| n.as_str()).unwrap_or(pkg_name);
                let path = b
                    .get("path")
                    .and_then(|n| n.as_str())
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("src/bin/{name}.rs"));
                bin_paths.push((crate_ident(name), at(&path)));
            }
            if bin_paths.is_empty() {
                bin_paths.push((crate_ident(pkg_name), at("src/main.rs")));
            }
            let sub = |d: &str| -> Vec<String> {
                let prefix = at(d) + "/";
                self.files
                    .iter()
                    .filter(|f| {
                        f.rel
                            .strip_prefix(&prefix)
                            .is_some_and(|r| !r.contains('/') && r.ends_with(".rs"))
                    })
                    .map(|f| f.rel.clone())
                    .collect()
            };
            for f in sub("src/bin") {
                if !bin_paths.iter().any(|(_, p)| *p == f) {
                    let stem = f.rsplit('/').next().unwrap().trim_end_matches(".rs");
                    bin_paths.push((crate_ident(stem), f));
                }
            }
            let tests: Vec<String> = ["tests", "examples", "benches"]
                .iter()
                .flat_map(|d| sub(d))
                .collect();
            for (name, path) in bin_paths {
                add(self, name, TargetKind::Bin, path);
            }
            for path in tests {
                let stem = path.rsplit('/').next().unwrap().trim_end_matches(".rs");
                add(self, crate_ident(stem), TargetKind::Test, path);
            }
        }
        // One module tree per root file (a file shared by two targets is read once).
        let mut seen = std::collections::HashSet::new();
        self.targets.retain(|t| seen.insert(t.root_file));
    }

    fn add_module(
        &mut self,
        target: usize,
        file: usize,
        local: usize,
        parent: Option<usize>,
        path: String,
    ) -> usize {
        let id = self.modules.len();
        self.modules.push(Module {
            target,
            file,
            local,
            parent,
            path,
            children: FxHashMap::default(),
        });
        self.module_of.insert((file, local), id);
        id
    }

    fn build_modules(&mut self) {
        for t in 0..self.targets.len() {
            let root_file = self.targets[t].root_file;
            if self.module_of.contains_key(&(root_file, 0)) {
                continue;
            }
            let name = self.targets[t].name.clone();
            let root = self.add_module(t, root_file, 0, None, name);
            self.targets[t].root_module = root;
            let rel = self.files[root_file].rel.clone();
            // The crate root is a "mod-rs" file: its children live next to it.
            self.walk_file(t, root_file, root, dir_of(&rel).to_string());
        }
        if let Some(t) = self.targets.iter().find(|t| t.kind == TargetKind::Lib) {
            let _ = t;
        }
        for (i, t) in self.targets.iter().enumerate() {
            if t.kind == TargetKind::Lib {
                self.lib_crates.insert(t.name.clone(), i);
            }
        }
    }

    /// Declare the modules of `file` (already registered as module `m` for its local
    /// module 0); `dir` is where its `mod x;` children are looked up.
    fn walk_file(&mut self, t: usize, file: usize, m: usize, dir: String) {
        self.walk_local(t, file, 0, m, dir);
    }

    fn walk_local(&mut self, t: usize, file: usize, local: usize, m: usize, dir: String) {
        let decls = self.files[file].summary.modules[local].decls.clone();
        let inline = self.files[file].summary.modules[local].inline.clone();
        let file_dir = dir_of(&self.files[file].rel).to_string();
        for d in decls {
            let candidates = match &d.path_attr {
                Some(p) => vec![join(&file_dir, p)],
                None => vec![
                    join(&dir, &format!("{}.rs", d.name)),
                    join(&dir, &format!("{}/mod.rs", d.name)),
                ],
            };
            let Some((path, child_file)) = candidates
                .iter()
                .find_map(|c| self.file_id(c).map(|f| (c.clone(), f)))
            else {
                continue; // generated or missing (cfg'd out): nothing to migrate there
            };
            if self.module_of.contains_key(&(child_file, 0)) {
                continue;
            }
            let mpath = format!("{}::{}", self.modules[m].path, d.name);
            let cm = self.add_module(t, child_file, 0, Some(m), mpath);
            self.modules[m].children.insert(d.name.clone(), cm);
            let mod_rs = path.ends_with("/mod.rs") || d.path_attr.is_some();
            let child_dir = if mod_rs {
                dir_of(&path).to_string()
            } else {
                path.trim_end_matches(".rs").to_string()
            };
            self.walk_file(t, child_file, cm, child_dir);
        }
        for li in inline {
            let name = self.files[file].summary.modules[li].name.clone();
            let mpath = format!("{}::{}", self.modules[m].path, name);
            let cm = self.add_module(t, file, li, Some(m), mpath);
            self.modules[m].children.insert(name.clone(), cm);
            self.walk_local(t, file, li, cm, join(&dir, &name));
        }
    }

    fn index(&mut self) {
        // Functions: every function of every file reached by a module tree.
        self.func_base = Vec::with_capacity(self.files.len());
        for (fi, f) in self.files.iter().enumerate() {
            self.func_base.push(self.funcs.len());
            for (i, _) in f.summary.functions.iter().enumerate() {
                self.funcs.push((fi, i));
            }
        }
        self.items = vec![FxHashMap::default(); self.modules.len()];
        self.func_module = vec![usize::MAX; self.funcs.len()];
        self.func_owner_key = vec![None; self.funcs.len()];
        self.func_trait = vec![None; self.funcs.len()];
        for m in 0..self.modules.len() {
            let (file, local) = (self.modules[m].file, self.modules[m].local);
            let s = &self.files[file].summary;
            let mut items = FxHashMap::default();
            for (name, &c) in &self.modules[m].children {
                items.insert(name.clone(), Def::Module(c));
            }
            for st in s.structs.iter().filter(|x| x.module == local) {
                items.insert(
                    st.name.clone(),
                    Def::Type(format!("{}::{}", self.modules[m].path, st.name)),
                );
            }
            for (_, name) in s.lifetime_types.iter().filter(|(lm, _)| *lm == local) {
                self.lifetime_types
                    .insert(format!("{}::{}", self.modules[m].path, name));
            }
            for tr in s.traits.iter().filter(|x| x.module == local) {
                items.insert(
                    tr.name.clone(),
                    Def::Trait(format!("{}::{}", self.modules[m].path, tr.name)),
                );
            }
            for name in &s.modules[local].items {
                items
                    .entry(name.clone())
                    .or_insert_with(|| Def::Type(format!("{}::{}", self.modules[m].path, name)));
            }
            for (i, f) in s.functions.iter().enumerate() {
                if f.module == local && f.owner == Owner::Free {
                    items.insert(f.name.clone(), Def::Func(self.func_base[file] + i));
                }
            }
            self.items[m] = items;
        }
        for m in 0..self.modules.len() {
            let (file, local) = (self.modules[m].file, self.modules[m].local);
            let s = &self.files[file].summary;
            for (i, f) in s.functions.iter().enumerate() {
                if f.module == local {
                    self.func_module[self.func_base[file] + i] = m;
                }
            }
            for st in s.structs.iter().filter(|x| x.module == local) {
                self.structs.insert(
                    format!("{}::{}", self.modules[m].path, st.name),
                    IndexedStruct {
                        module: m,
                        fields: st.fields.clone(),
                        generics: st.generics.clone(),
                    },
                );
            }
        }
        // Impls and traits (after items: self types resolve through `use`).
        for m in 0..self.modules.len() {
            let (file, local) = (self.modules[m].file, self.modules[m].local);
            let nfuncs = self.files[file].summary.functions.len();
            for i in 0..nfuncs {
                let f = &self.files[file].summary.functions[i];
                if f.module != local {
                    continue;
                }
                let id = self.func_base[file] + i;
                match f.owner {
                    Owner::Free => {}
                    Owner::Trait(t) => {
                        let tr = &self.files[file].summary.traits[t];
                        let key = format!("{}::{}", self.modules[m].path, tr.name);
                        self.trait_methods
                            .entry(key.clone())
                            .or_default()
                            .insert(f.name.clone(), id);
                        self.func_owner_key[id] = Some(key);
                    }
                    Owner::Impl(im) => {
                        let imp = self.files[file].summary.impls[im].clone();
                        let name = f.name.clone();
                        let key = match self.resolve(m, &imp.self_ty) {
                            Some(Def::Type(k)) => k,
                            Some(Def::External(p)) => p,
                            _ => imp.self_ty.join("::"),
                        };
                        self.methods.entry((key.clone(), name)).or_insert(id);
                        self.func_owner_key[id] = Some(key.clone());
                        if let Some(tp) = &imp.trait_ {
                            let tr = match self.resolve(m, tp) {
                                Some(Def::Trait(k)) => {
                                    self.impls_of.entry(key).or_default().push(k.clone());
                                    (k, true)
                                }
                                Some(Def::External(p)) => (p, false),
                                _ => (tp.join("::"), false),
                            };
                            self.func_trait[id] = Some(tr);
                        }
                    }
                }
            }
        }
    }

    pub fn summary_of(&self, f: usize) -> &FnSummary {
        let (file, i) = self.funcs[f];
        &self.files[file].summary.functions[i]
    }

    pub fn file_of(&self, f: usize) -> usize {
        self.funcs[f].0
    }

    /// `crate::module::Type::name` for reports and `explain`.
    pub fn qualname(&self, f: usize) -> String {
        let s = self.summary_of(f);
        let m = self.func_module[f];
        let base = if m == usize::MAX {
            self.files[self.file_of(f)].rel.clone()
        } else {
            self.modules[m].path.clone()
        };
        match &self.func_owner_key[f] {
            Some(k) if k.contains("::") && k.starts_with(&base) => format!("{k}::{}", s.name),
            Some(k) => format!("{base}::{}::{}", k.rsplit("::").next().unwrap_or(k), s.name),
            None => format!("{base}::{}", s.name),
        }
    }

    pub fn trait_method(&self, trait_key: &str, name: &str) -> Option<usize> {
        self.trait_methods.get(trait_key)?.get(name).copied()
    }

    pub fn trait_methods(&self) -> &FxHashMap<String, FxHashMap<String, usize>> {
        &self.trait_methods
    }

    /// The target a module belongs to.
    pub fn target_of_module(&self, m: usize) -> Option<&Target> {
        self.modules.get(m).map(|m| &self.targets[m.target])
    }

    /// Resolve a path written in module `m`.
    pub fn resolve(&self, m: usize, segs: &[String]) -> Option<Def> {
        self.resolve_depth(m, segs, 0)
    }

    fn resolve_depth(&self, m: usize, segs: &[String], depth: usize) -> Option<Def> {
        if depth > 24 || segs.is_empty() {
            return None;
        }
        let first = segs[0].as_str();
        let (mut cur, rest) = match first {
            "crate" => (Def::Module(self.crate_root(m)), &segs[1..]),
            "self" => (Def::Module(m), &segs[1..]),
            "super" => (Def::Module(self.modules[m].parent?), &segs[1..]),
            "::" => {
                let name = segs.get(1)?;
                (self.extern_crate(name), &segs[2..])
            }
            name => (self.lookup_scope(m, name, depth)?, &segs[1..]),
        };
        for (i, seg) in rest.iter().enumerate() {
            cur = match cur {
                Def::Module(mm) => {
                    if seg == "super" {
                        Def::Module(self.modules[mm].parent?)
                    } else if seg == "self" {
                        Def::Module(mm)
                    } else {
                        self.lookup_in(mm, seg, depth + 1)?
                    }
                }
                Def::Type(k) | Def::Trait(k) => {
                    if let Some(&f) = self.methods.get(&(k.clone(), seg.clone())) {
                        Def::Func(f)
                    } else if let Some(f) = self.trait_method(&k, seg) {
                        Def::Func(f)
                    } else if let Some(f) = self
                        .impls_of
                        .get(&k)
                        .into_iter()
                        .flatten()
                        .find_map(|t| self.trait_method(t, seg))
                    {
                        Def::Func(f)
                    } else {
                        return None;
                    }
                }
                Def::External(p) => {
                    let mut p = p;
                    for s in &rest[i..] {
                        p.push_str("::");
                        p.push_str(s);
                    }
                    return Some(Def::External(p));
                }
                Def::Func(_) => return None,
            };
        }
        Some(cur)
    }

    fn crate_root(&self, m: usize) -> usize {
        let mut cur = m;
        while let Some(p) = self.modules[cur].parent {
            cur = p;
        }
        cur
    }

    fn extern_crate(&self, name: &str) -> Def {
        match self.lib_crates.get(name) {
            Some(&t) if self.targets[t].root_module != usize::MAX => {
                Def::Module(self.targets[t].root_module)
            }
            _ => Def::External(name.to_string()),
        }
    }

    /// A name in module `m`'s own items (and what it re-exports): what `m::name` means.
    fn lookup_in(&self, m: usize, name: &str, depth: usize) -> Option<Def> {
        if let Some(d) = self.items[m].get(name) {
            return Some(d.clone());
        }
        let (file, local) = (self.modules[m].file, self.modules[m].local);
        let uses = &self.files[file].summary.modules[local].uses;
        if let Some(u) = uses.iter().find(|u| !u.glob && u.alias == name) {
            return self.resolve_use(m, &u.path, depth + 1);
        }
        for u in uses.iter().filter(|u| u.glob) {
            if let Some(Def::Module(g)) = self.resolve_use(m, &u.path, depth + 1)
                && g != m
                && let Some(d) = self.lookup_in(g, name, depth + 1)
            {
                return Some(d);
            }
        }
        None
    }

    /// A name as code in module `m` sees it: its items, imports, then extern crates.
    fn lookup_scope(&self, m: usize, name: &str, depth: usize) -> Option<Def> {
        if name == "Self" {
            return None;
        }
        if let Some(d) = self.lookup_in(m, name, depth) {
            return Some(d);
        }
        Some(self.extern_crate(name))
    }

    /// A `use` path: 2018 paths start with a crate name, `crate`, `self`, `super`, or a
    /// name in scope.
    fn resolve_use(&self, m: usize, path: &[String], depth: usize) -> Option<Def> {
        if depth > 24 || path.is_empty() {
            return None;
        }
        let first = path[0].as_str();
        if matches!(first, "crate" | "self" | "super" | "::") {
            return self.resolve_depth(m, path, depth + 1);
        }
        // A local item or module of the same name wins over an extern crate.
        if self.items[m].contains_key(first) {
            return self.resolve_depth(m, path, depth + 1);
        }
        let mut segs = vec!["::".to_string()];
        segs.extend(path.iter().cloned());
        self.resolve_depth(m, &segs, depth + 1)
    }

    /// The type a symbolic value has in function `f`.
    pub fn type_of(&self, catalog: &Catalog, f: usize, v: &Val, depth: usize) -> Option<Ty> {
        if depth > 16 {
            return None;
        }
        let s = self.summary_of(f);
        let m = self.func_module[f];
        match v {
            Val::Unknown => None,
            Val::SelfValue => match &self.func_owner_key[f] {
                Some(k)
                    if self.trait_methods.contains_key(k) && matches!(s.owner, Owner::Trait(_)) =>
                {
                    Some(Ty::Dyn(k.clone()))
                }
                Some(k) if k.contains("::") || self.structs.contains_key(k) => {
                    Some(Ty::Local(k.clone()))
                }
                Some(k) => Some(Ty::External(k.clone())),
                None => None,
            },
            Val::Typed(t) => self.type_ref(m, t),
            Val::Local(l) => self.type_of(catalog, f, &s.locals.get(*l)?.val, depth + 1),
            Val::Field(base, name) => match self.type_of(catalog, f, base, depth + 1)? {
                Ty::Local(k) => {
                    let st = self.structs.get(&k)?;
                    let (_, t) = st.fields.iter().find(|(n, _)| n == name)?;
                    self.type_ref(st.module, t)
                }
                _ => None,
            },
            Val::CallPath(segs) => match self.resolve(m, segs)? {
                Def::Func(g) => self.return_type(g),
                Def::Type(k) => Some(Ty::Local(k)),
                Def::External(p) => catalog.returns(&p).map(|r| Ty::External(r.to_string())),
                _ => None,
            },
            Val::CallMethod(recv, name) => match self.type_of(catalog, f, recv, depth + 1)? {
                Ty::Local(k) | Ty::Dyn(k) => {
                    let g = self.method(&k, name)?;
                    self.return_type(g)
                }
                Ty::External(p) => catalog
                    .returns(&format!("{p}::{name}"))
                    .map(|r| Ty::External(r.to_string())),
            },
        }
    }

    /// Whether a field value (`self.addr`) in function `f` has one of its struct's type
    /// parameters as its type (`struct Prober<A> { addr: A }`).
    pub fn field_is_generic(&self, catalog: &Catalog, f: usize, v: &Val) -> bool {
        let Val::Field(base, name) = v else {
            return false;
        };
        let Some(Ty::Local(k)) = self.type_of(catalog, f, base, 0) else {
            return false;
        };
        self.structs.get(&k).is_some_and(|st| {
            st.fields.iter().any(|(n, t)| {
                n == name && t.path.len() == 1 && st.generics.iter().any(|g| *g == t.path[0])
            })
        })
    }

    fn type_ref(&self, m: usize, t: &TypeRef) -> Option<Ty> {
        match self.resolve(m, &t.path)? {
            Def::Type(k) => Some(if t.dyn_trait {
                Ty::Dyn(k)
            } else {
                Ty::Local(k)
            }),
            Def::Trait(k) => Some(Ty::Dyn(k)),
            Def::External(p) => Some(Ty::External(p)),
            _ => None,
        }
    }

    fn return_type(&self, g: usize) -> Option<Ty> {
        let t = self.summary_of(g).returns.as_ref()?;
        self.type_ref(self.func_module[g], t)
    }

    /// A method of an in-repo type: inherent, from an impl of a trait, or a trait's
    /// provided method; for a trait key, the trait's declaration.
    pub fn method(&self, key: &str, name: &str) -> Option<usize> {
        if let Some(&f) = self.methods.get(&(key.to_string(), name.to_string())) {
            return Some(f);
        }
        if let Some(f) = self.trait_method(key, name) {
            return Some(f);
        }
        self.impls_of
            .get(key)
            .into_iter()
            .flatten()
            .find_map(|t| self.trait_method(t, name))
    }

    pub fn is_reached(&self, f: usize) -> bool {
        self.func_module[f] != usize::MAX
    }
}
