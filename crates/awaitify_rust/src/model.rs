//! What extraction keeps of one Rust file: positions and symbolic names only. The syntax
//! tree is dropped after extraction; every later phase works on these summaries.

/// A path as written (`fs::read_to_string`, `crate::store::Store`, `Self::new`), `Self`
/// already replaced by the impl's self type. Resolved later in the module it appears in.
pub type Segments = Vec<String>;

/// A value whose type may be known, symbolically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Unknown,
    /// `self` inside an `impl` (the impl's self type) or a trait (the trait).
    SelfValue,
    /// A value of a written type (parameter, `let x: T`, field).
    Typed(TypeRef),
    /// A local binding of the function (`FnSummary::locals`).
    Local(usize),
    /// `base.field`.
    Field(Box<Val>, String),
    /// What calling this path returns (`Store::new(..)`, `TcpStream::connect(..)?`).
    CallPath(Segments),
    /// What calling this method on this receiver returns.
    CallMethod(Box<Val>, String),
}

/// A written type, reduced to the path that names it: references, `Box`, `Arc`, `Rc`
/// and (for return types) `Result`/`Option` are looked through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    pub path: Segments,
    /// `dyn Trait` (or `impl Trait`): methods dispatch through the trait.
    pub dyn_trait: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Directly in the function body: the call runs when the function runs.
    Body,
    /// Inside a closure: runs whenever the closure is called, maybe on another thread.
    Closure,
    /// Inside an `async` block: runs when that future is polled (may `.await`).
    AsyncBlock,
    /// Inside a `const`/`static` initialiser or an array length.
    Const,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callee {
    Path(Segments),
    Method { recv: Val, name: String },
}

#[derive(Debug, Clone)]
pub struct Call {
    pub callee: Callee,
    /// The whole call expression.
    pub start: usize,
    pub end: usize,
    /// The callee path (`fs::read`) or the method name (`read`): what a rename replaces.
    pub name_start: usize,
    pub name_end: usize,
    /// The start of the callee path (for a path call) or of the receiver (method call).
    pub head_start: usize,
    /// The opening parenthesis of the argument list.
    pub open_paren: usize,
    pub awaited: bool,
    pub ctx: Ctx,
    /// Inside a closure handed to a call that runs it off the caller's thread
    /// (`spawn_blocking`, `block_in_place`, `thread::spawn`, `scope`'s `spawn`).
    pub offloaded: bool,
    pub in_macro: bool,
    /// The receiver is a plain local variable (`stream.read(..)`): its binding.
    pub recv_local: Option<usize>,
    /// The receiver is itself a call (`Command::new(..).arg(..)`): its index.
    pub recv_call: Option<usize>,
    /// The last identifier of the callee path (what a rename replaces).
    pub ident_start: usize,
    pub ident_end: usize,
    /// The value is thrown away (`f();` as a statement, `let _ = f();`).
    pub discarded: bool,
    /// Every argument is visibly an owned value (a literal, `x.clone()`, `x.to_owned()`,
    /// `format!(..)`, ...): the call can move into a `'static` closure.
    pub args_owned: bool,
    /// Some argument is (a reference to) a parameter whose type is one of the function's
    /// generic parameters or an `impl Trait`: its traits are only the bounds written.
    pub generic_arg: bool,
    /// Arguments that are fields (`self.addr`, `&cfg.addr`): whether their type is a
    /// generic parameter of the struct is known only once structs are indexed.
    pub field_args: Vec<Val>,
    /// A path call's first argument, `&`/`&mut` looked through: the receiver of a method
    /// called by its trait's path (`Write::write_all(&mut file, ..)`).
    pub first_arg: Option<Val>,
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub val: Val,
    /// Uses of the name as an expression (including as a method receiver).
    pub uses: usize,
    /// Where each of those uses is (macro arguments included; a format string's inline
    /// `{name}` is not an expression and is not here).
    pub use_spans: Vec<(usize, usize)>,
    /// `let [mut] name = <init>;` alone: the statement and its initialiser (what the
    /// rewrite may move or repeat).
    pub simple_let: Option<SimpleLet>,
    /// The calls it is the receiver of.
    pub receiver_of: Vec<usize>,
    /// The call that initialises it (`let s = TcpStream::connect(a)?;`).
    pub init_call: Option<usize>,
    /// Initialised by `.lock()`, `.read()`, `.write()`, `.borrow()` or `.borrow_mut()`
    /// (not awaited): a guard. The method name.
    pub guard: Option<String>,
    /// Where the binding starts and where its block ends.
    pub decl: usize,
    pub scope_end: usize,
    pub ctx: Ctx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimpleLet {
    pub stmt_start: usize,
    pub stmt_end: usize,
    pub init_start: usize,
    pub init_end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Free,
    Impl(usize),
    Trait(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    /// `self`, `&self`, `&mut self`, ... for a receiver; the binding name otherwise.
    pub text: String,
    pub is_receiver: bool,
    /// `name: Type` as the shim declares it (patterns become `argN`).
    pub decl: String,
    pub forward: String,
}

#[derive(Debug, Clone)]
pub struct FnSummary {
    pub name: String,
    /// `pub`, `pub(crate)`, ... as written (shims copy it).
    pub vis: String,
    pub module: usize,
    pub owner: Owner,
    pub is_async: bool,
    pub is_const: bool,
    pub has_body: bool,
    pub is_pub: bool,
    /// Attribute paths (`test`, `tokio::test`, `inline`).
    pub attrs: Vec<String>,
    /// `#[cfg(...)]` and `#[cfg_attr(...)]` attributes as written: a shim is compiled
    /// exactly when its async function is.
    pub cfgs: Vec<String>,
    /// Where `async ` goes.
    pub async_at: usize,
    pub ident_start: usize,
    pub ident_end: usize,
    /// The item, attributes included, and its end.
    pub item_start: usize,
    pub item_end: usize,
    /// The signature text from `fn` to the body (shims copy it).
    pub sig_start: usize,
    pub sig_end: usize,
    /// Where the first attribute that is not a doc comment starts (`#[tokio::main]` goes
    /// before the `fn` line, after doc comments).
    pub fn_line_start: usize,
    pub params: Vec<Param>,
    pub returns: Option<TypeRef>,
    pub has_generics: bool,
    /// Its future's `Send` depends on type parameters (see the shim).
    pub generic_send: bool,
    pub calls: Vec<Call>,
    pub locals: Vec<Local>,
    /// Macro invocations whose arguments are not expressions (not analysed).
    pub opaque_macros: Vec<(usize, String)>,
    /// `// awaitify: keep-sync` on the line above or on the `fn` line.
    pub keep_sync: bool,
    /// Functions referenced as values (`map(load)`, `thread::spawn(work)`).
    pub fn_values: Vec<(Segments, usize)>,
    /// Ends of `.await` expressions, with their context.
    pub awaits: Vec<(usize, Ctx)>,
    /// `drop(local)` calls: (local, offset).
    pub drops: Vec<(usize, usize)>,
    /// Macro invocations in the body: (offset, last path segment).
    pub macros: Vec<(usize, String)>,
    /// Type paths in the signature written without generic arguments (`&[Info]`), with
    /// where `<..>` would go: an `async fn` must write a lifetime-only type's `<'_>`
    /// (E0726) where a sync one may elide it.
    pub bare_type_paths: Vec<(Segments, usize)>,
}

impl FnSummary {
    /// Where local `l` is first passed to `drop(..)` (`usize::MAX` if never).
    pub fn dropped_at(&self, l: usize) -> usize {
        self.drops
            .iter()
            .filter(|(dl, _)| *dl == l)
            .map(|(_, at)| *at)
            .min()
            .unwrap_or(usize::MAX)
    }
}

#[derive(Debug, Clone)]
pub struct ImplSummary {
    pub module: usize,
    pub self_ty: Segments,
    pub trait_: Option<Segments>,
}

#[derive(Debug, Clone)]
pub struct TraitSummary {
    pub module: usize,
    pub name: String,
    pub is_pub: bool,
    /// Right after the trait's `{` (where provided shims go).
    pub body_end: usize,
}

#[derive(Debug, Clone)]
pub struct StructSummary {
    pub module: usize,
    pub name: String,
    pub fields: Vec<(String, TypeRef)>,
    /// Its type parameters (`struct Prober<A>`).
    pub generics: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct UseEntry {
    /// The name it binds (`_` for `as _`); empty for a glob.
    pub alias: String,
    pub path: Segments,
    pub glob: bool,
}

#[derive(Debug, Clone)]
pub struct ModDecl {
    pub name: String,
    pub path_attr: Option<String>,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ModSummary {
    /// `None` for the file's own module; the enclosing module for an inline `mod x {}`.
    pub parent: Option<usize>,
    pub name: String,
    pub decls: Vec<ModDecl>,
    pub inline: Vec<usize>,
    pub uses: Vec<UseEntry>,
    /// Names of items defined here: functions, types, traits, consts (to tell a local
    /// name from an extern crate).
    pub items: Vec<String>,
    /// Where a new `use` line goes, and its indentation.
    pub use_at: usize,
    pub use_indent: String,
    /// The use lines already there (so an import is not added twice).
    pub use_texts: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FileSummary {
    pub modules: Vec<ModSummary>,
    pub functions: Vec<FnSummary>,
    pub impls: Vec<ImplSummary>,
    pub traits: Vec<TraitSummary>,
    pub structs: Vec<StructSummary>,
    /// `// awaitify: ignore[CODES]` / `// noqa` comments: (line, codes; empty = all).
    pub suppressions: Vec<(usize, Vec<String>)>,
    /// `dyn Trait` mentions: (offset, trait path, module).
    pub dyn_uses: Vec<(usize, Segments, usize)>,
    /// Types whose only generic parameters are lifetimes (`struct Info<'a>`): (module,
    /// name).
    pub lifetime_types: Vec<(usize, String)>,
}
