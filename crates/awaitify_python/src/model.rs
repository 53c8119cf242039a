//! What the extraction pass records about one Python module.
//!
//! The summary is positional data only (byte offsets into the module's text), so after
//! extraction the syntax tree is dropped: resolution and rewriting work from this model.

pub use ruff_python_ast::name::Name;
use rustc_hash::FxHashMap as HashMap;

pub type ScopeId = usize;
pub type LocalFunc = usize;
pub type LocalClass = usize;

/// A symbolic expression, evaluated against the project index during resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// A name looked up from a scope outwards.
    Name(Name, ScopeId),
    Attr(Box<Ref>, Name),
    /// The result of calling the inner value.
    Call(Box<Ref>),
    /// An instance of the inner class (from an annotation).
    Instance(Box<Ref>),
    /// `super()` inside a method of this class.
    Super(LocalClass),
    /// One of several values: `A | B`, `Union[A, B]`, a name bound in several branches,
    /// a function with several `return`s. Members are never unions themselves.
    Union(Vec<Ref>),
    /// `Self` in a method of this class: an instance of the receiver's class.
    SelfInst(LocalClass),
    /// `getattr(obj, "on_" + x)`: any attribute of `obj` whose name starts so.
    AttrPrefix(Box<Ref>, Name),
    /// An element of the container a name is bound to (`HANDLERS[k]`, `HANDLERS.get(k)`):
    /// what the module or function stores in it (`HANDLERS = {"a": f}`, `HANDLERS[k] = g`).
    Elem(Name, ScopeId),
    /// A collection whose elements are the inner value (`[C() for ...]`, `List[C]`).
    Seq(Box<Ref>),
    /// A tuple of values by position (`(a, b)`, `Tuple[A, B]`, `enumerate(xs)`'s items).
    Tuple(Vec<Ref>),
    /// What iterating the inner value gives (`for x in xs`).
    Iter(Box<Ref>),
    /// Element `i` of the inner value when unpacked (`a, b = pair`).
    Index(Box<Ref>, u8),
    /// `a / b`: what the left operand's `__truediv__` gives (`path / "name"`).
    Div(Box<Ref>),
    /// `await x`: what awaiting gives (a coroutine function's result; nothing known for
    /// the awaitable a plain function returns).
    Awaited(Box<Ref>),
    /// `lambda: f(...)` (or `lambda a: f(a)`): calling it calls `f`; only in-repo
    /// functions are kept (a library call inside a lambda is not the lambda).
    Forward(Box<Ref>),
    Unknown,
}

/// At most this many members are kept in a union; more make it unknown (a value that can
/// be anything of eight kinds is not worth following, and it keeps resolution linear).
pub const MAX_UNION: usize = 8;

impl Ref {
    /// The union of two references, flattened and deduplicated; `Unknown` members are
    /// kept (the value may also be something we do not follow).
    pub fn union(self, other: Ref) -> Ref {
        if self == other {
            return self;
        }
        let mut members = match self {
            Ref::Union(m) => m,
            r => vec![r],
        };
        let more = match other {
            Ref::Union(m) => m,
            r => vec![r],
        };
        for m in more {
            if !members.contains(&m) {
                members.push(m);
            }
        }
        if members.len() > MAX_UNION {
            return Ref::Unknown;
        }
        Ref::Union(members)
    }

    /// A collection of `element`s (nothing known when the element is not).
    pub fn seq(element: Ref) -> Ref {
        match element {
            Ref::Unknown => Ref::Unknown,
            e => Ref::Seq(Box::new(e)),
        }
    }

    /// A tuple of these members (nothing known when no member is).
    pub fn tuple(members: Vec<Ref>) -> Ref {
        if members.iter().all(|m| matches!(m, Ref::Unknown)) {
            Ref::Unknown
        } else {
            Ref::Tuple(members)
        }
    }

    /// What iterating this value gives.
    pub fn iter(self) -> Ref {
        match self {
            Ref::Unknown => Ref::Unknown,
            Ref::Seq(e) => *e,
            r => Ref::Iter(Box::new(r)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// `import a.b as c` binds `c` to module `a.b`; `import a.b` binds `a` to `a`.
    Module(String),
    /// `from m import n`: the name `n` of module `m` (a symbol or a submodule).
    From {
        module: String,
        name: String,
        import: ImportSite,
    },
    Function(LocalFunc),
    Class(LocalClass),
    Value(Ref),
    /// The first parameter of a method (`self`) or classmethod (`cls`).
    SelfOf(LocalClass),
    ClsOf(LocalClass),
    /// Bound more than once (in branches, `try`/`except ImportError`, or in sequence):
    /// each binding may be the one that holds at a use. Members are never unions.
    Union(Vec<Binding>),
    /// Parameter `index` of a function, unannotated and without a default: its value is
    /// what call sites pass (parameter flow, filled in after a first resolution).
    Param(LocalFunc, u16),
    /// Bound to something we do not follow.
    Ambiguous,
}

/// Where a `from m import n [as a]` alias sits, to add an `async_` sibling after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImportSite {
    /// End of the alias (`n` or `n as a`).
    pub alias_end: usize,
    /// Whether it was written with `as`.
    pub aliased: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    pub bindings: HashMap<Name, Binding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FuncKind {
    Function,
    Method,
    ClassMethod,
    StaticMethod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Positional,
    VarArgs,
    KeywordOnly,
    VarKeywords,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// The default when it is a literal (`None`, `True`, `0`, `""`, `()`): what the
    /// parameter holds when a call does not pass it.
    pub default: Option<Lit>,
}

/// What a value is, as far as a branch test can tell: a literal, or an object known to be
/// something other than `None` (an instance of a class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lit {
    None,
    True,
    False,
    Zero,
    NonZero,
    EmptyStr,
    Str,
    /// An empty list, tuple, dict or set display.
    EmptyColl,
    /// A non-empty one.
    Coll,
    /// Not `None`, truthiness unknown (an instance of a class).
    Obj,
    /// True when tested, value unknown (`a and b` that holds).
    Truthy,
    /// False when tested, value unknown (may be `None`).
    Falsy,
}

/// A branch test over a function's local names (parameters included), kept in the forms
/// a call's arguments can decide: anything else is `Unknown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    Unknown,
    /// `x is None` (`x is not None` is its `Not`).
    IsNone(Name),
    /// `x`, `bool(x)`, `len(x)`, and the test that iterating `x` gives something.
    Truthy(Name),
    /// `x is True`, `x is False`.
    Is(Name, Lit),
    /// `isinstance(x, str)` / `isinstance(x, (str, bytes))`: builtin type names.
    IsInstance(Name, Vec<Name>),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// One enclosing test of a site: the site runs only when `cond` holds and the parent
/// guard does too (guards form a tree per function, stored in the module summary).
#[derive(Debug, Clone)]
pub struct GuardNode {
    pub cond: Cond,
    pub parent: Option<u32>,
}

/// What a local name is bound to, for deciding tests on it: a literal, a test's outcome
/// (`allow = trust_env and transport is None`), or a call's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived {
    Other,
    Lit(Lit),
    Cond(Box<Cond>),
    /// The result of the call at this site (index into the module's sites).
    Call(u32),
    /// What `with <the call at this site> as x` binds (its `__enter__`'s result).
    Entered(u32),
}

/// A binding of a local name in a function's own body (parameters rebound included),
/// under the guard of the statement that binds it.
#[derive(Debug, Clone)]
pub struct LocalDef {
    pub name: Name,
    pub guard: Option<u32>,
    pub value: Derived,
}

#[derive(Debug, Clone)]
pub struct Decorator {
    pub text: String,
    /// `@` .. end of the decorator expression.
    pub start: usize,
    pub end: usize,
    /// The dotted name of the decorator expression when it is one (`functools.lru_cache`
    /// for both `@functools.lru_cache` and `@functools.lru_cache(maxsize=1)`).
    pub dotted: Option<String>,
    pub is_call: bool,
    /// Range of the last name in the dotted expression (`contextmanager` in
    /// `@contextlib.contextmanager`).
    pub last_name: (usize, usize),
    pub target: Ref,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    /// Dotted path inside the module: `Class.method`, `outer.inner`.
    pub qualname: String,
    pub line: usize,
    pub scope: ScopeId,
    pub parent_scope: ScopeId,
    /// The enclosing function, for nested functions.
    pub parent_func: Option<LocalFunc>,
    /// The class this is a method of (directly in its body).
    pub class: Option<LocalClass>,
    pub kind: FuncKind,
    pub is_async: bool,
    pub is_generator: bool,
    pub has_yield_from: bool,
    pub returns_value_in_generator: bool,
    pub decorators: Vec<Decorator>,
    pub keep_sync_comment: bool,
    pub returns: Option<Ref>,
    /// Offset of the `def` keyword.
    pub def_kw: usize,
    pub name_range: (usize, usize),
    /// The parameter list text range including parentheses.
    pub params_range: (usize, usize),
    pub params: Vec<Param>,
    /// `-> X` text, if any.
    pub returns_text: Option<String>,
    /// End of the last line of the function (where a shim is appended).
    pub end_of_last_line: usize,
    pub indent: String,
    /// `raise StopIteration` name ranges inside this function's own body.
    pub stop_iterations: Vec<(usize, usize)>,
    /// Whether the body is a single `return self` (for `__iter__`).
    pub returns_self_only: bool,
    /// The body awaits (`await`, `async for`, `async with`).
    pub has_await: bool,
    /// Module globals rebound in the body (`global x` then `x = ...`): name and offset.
    pub global_assigns: Vec<(String, usize)>,
    /// `for` loops whose only statement awaits a call that depends on the loop variable.
    pub sequential_awaits: Vec<usize>,
    /// Offset just past `def`'s name (for naming diagnostics) is `name_range.1`.
    pub body_start: usize,
    /// What this function does when it is used as a decorator (read from its code).
    pub deco: DecoKind,
    /// `@typing.overload`: a stub for type checkers, never called.
    pub is_overload: bool,
    /// `@property`, `@cached_property`: an attribute read calls it.
    pub is_property: bool,
    /// Parameters (bit i for parameter i < 64) read other than as a callee (`p(...)`):
    /// a coroutine function passed there would be used as something else.
    pub params_used_as_values: u64,
    /// Names read in the body other than as the receiver of a method call (`x` in `f(x)`,
    /// `return x`, `x.attr`, but not `x.m(...)`): a local read only as a receiver can be
    /// bound to an instance of another class with the same methods (migration only).
    pub escaping: Vec<Name>,
    /// Local names bound in the body, in source order (for feasible chains).
    pub locals: Vec<LocalDef>,
    /// Each `return`'s guard and literal value (`None` when not a literal); a body that
    /// can end without `return` adds an unguarded `None`.
    pub returns_lits: Vec<(Option<u32>, Option<Lit>)>,
    /// Some site in the body is under a test (there is something to decide).
    pub guarded: bool,
    /// A decorator of kind [`DecoKind::Guarded`]: its function parameter and the name of
    /// the wrapper it returns (the migration gives it an async twin beside that wrapper).
    pub guarded_wrapper: Option<(String, String)>,
}

/// What a function does to the function it decorates, read from its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecoKind {
    /// Not a decorator we understand.
    #[default]
    Opaque,
    /// Returns the function it was given (registration decorators).
    Identity,
    /// Returns a wrapper that returns the wrapped call's result as it is (a coroutine
    /// passes through untouched).
    Passthrough,
    /// Returns a wrapper that calls the wrapped function inside `try`/`with`/a loop, or
    /// uses its result: with a coroutine function it sees the coroutine, not the result.
    Guarded,
    /// Branches on `iscoroutinefunction`/`isawaitable`: made for both kinds already.
    CoroutineAware,
    /// A decorator factory (`@retry(3)`): calling it returns a decorator of this kind.
    FactoryOf(DecoInner),
}

/// The kind of decorator a factory returns (a factory of a factory is not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecoInner {
    Identity,
    Passthrough,
    Guarded,
    CoroutineAware,
}

/// A module-level alias of a function (`x = _impl.x`, `wait = wait_select`): when the
/// function migrates, the module gains `async_x = _impl.async_x` beside it, so every name
/// importers use keeps existing.
#[derive(Debug, Clone)]
pub struct Alias {
    pub name: String,
    pub value: Ref,
    /// Text of the value expression and its range.
    pub value_range: (usize, usize),
    /// End of the assignment statement's line (where the sibling goes) and its indent.
    pub stmt_end: usize,
    pub indent: String,
}

/// A `# noqa[: CODES]` or `# awaitify: ignore[CODES]` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub line: usize,
    pub col: usize,
    /// `None` for a bare `# noqa` (everything on the line).
    pub codes: Option<Vec<String>>,
    /// `awaitify: ignore[...]` (as opposed to `noqa`).
    pub ours: bool,
}

#[derive(Debug, Clone)]
pub struct Class {
    pub name: String,
    pub qualname: String,
    pub scope: ScopeId,
    pub parent_scope: ScopeId,
    pub bases: Vec<Ref>,
    pub methods: HashMap<Name, LocalFunc>,
    /// `self.x = <ref>` in methods and `x = <ref>` in the body.
    pub attrs: HashMap<Name, Ref>,
    pub line: usize,
    /// Used as a decorator (`@Retry` on a function): what its instances do with the
    /// function (`__init__` keeps it, `__call__` calls it).
    pub deco: DecoKind,
    /// Relation fields in the body (`product = models.ForeignKey(Product, ...)`).
    pub relations: Vec<Relation>,
}

/// A class-body assignment of a relation field (Django's `ForeignKey`, `OneToOneField`,
/// `ManyToManyField`): what the attribute holds on an instance, and the attribute the
/// related class gets back (`related_name`, or `<name>_set`).
#[derive(Debug, Clone)]
pub struct Relation {
    pub attr: Name,
    /// The field class called.
    pub field: Ref,
    /// The related class, named by a reference (`Product`, `shop.models.Product`)...
    pub to: Ref,
    /// ...or by a string (`"Product"`, `"shop.Product"`, `"self"`).
    pub to_name: Option<String>,
    /// `related_name=`, when a string (`"+"` means none).
    pub related_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiteKind {
    /// A call `f(...)`.
    Call,
    /// The context expression of a `with` item.
    With,
    /// The iterable of a `for` statement or comprehension.
    Iter,
    /// A function used as a value (not called).
    Value,
}

/// Where a call's argument list and keywords sit, for rewriting.
#[derive(Debug, Clone, Default)]
pub struct CallShape {
    pub open_paren: usize,
    pub close_paren: usize,
    /// The identifier to rename: a `Name` or the attribute of an `Attribute` callee.
    pub name_range: (usize, usize),
    pub callee_range: (usize, usize),
    /// Receiver text range for attribute callees.
    pub recv_range: Option<(usize, usize)>,
    /// Boxed slices, not vectors, here and below: a call site lives for the whole run, and
    /// there are hundreds of thousands of them.
    pub keywords: Box<[(String, usize, usize)]>,
    pub has_args: bool,
    /// The call is the value of an attribute, subscript or call: awaiting needs parens.
    pub primary: bool,
    /// This call is the only argument of `list(...)`: (start, open paren end, close paren).
    pub in_list: Option<Box<(usize, usize, usize)>>,
    /// The call is `main()` under `if __name__ == "__main__":`.
    pub main_guard: bool,
    /// The call is a whole expression statement: its result is dropped.
    pub discarded: bool,
    /// The call is already awaited (`await f()`).
    pub awaited: bool,
    /// The call's result goes straight to an awaited adapter that accepts a value or an
    /// awaitable (`await ensure_async(f())`): the code is written for both.
    pub adapted: bool,
    /// Positional arguments (bit i for argument i < 16) that are a literal `0`.
    pub zero_args: u16,
    /// Keyword arguments that are a literal `0`.
    pub zero_kwargs: Box<[String]>,
    /// Arguments that name something (a name, attribute or call), for parameter flow,
    /// and literal ones (`None`, `True`, `0`, `"x"`, `[]`), for feasible chains.
    pub args: Box<[ArgRef]>,
    /// Positional arguments before the first `*args`.
    pub positional: u16,
    /// The call spreads `*args` or `**kwargs`: any parameter may be passed.
    pub spread: bool,
}

/// An argument of a call: by position (from 0) or keyword, and what it names.
#[derive(Debug, Clone)]
pub struct ArgRef {
    pub position: Option<u16>,
    pub keyword: Option<Name>,
    /// `Unknown` for a literal argument.
    pub value: Ref,
    /// What a literal argument is.
    pub lit: Option<Lit>,
    /// The argument expression's range.
    pub range: (usize, usize),
    /// For `lambda ...: f(...)`: the range of the name `f` (or the attribute of `x.f`),
    /// renamed when the lambda is passed on as a coroutine function.
    pub lambda_name: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub kind: SiteKind,
    pub func: Option<LocalFunc>,
    /// Inside a lambda or class body (or an f-string `=` field): `await` is impossible here.
    pub sync_ctx: bool,
    /// Inside a lambda: the code does not run when the enclosing function runs.
    pub deferred: bool,
    pub target: Ref,
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub depth: usize,
    /// Boxed: only calls have one, and sites are many.
    pub call: Option<Box<CallShape>>,
    /// The innermost generator expression around this site in the same function.
    pub genexp: Option<u32>,
    /// For `With` and `Iter`: where `async ` goes (the `with`/`for` keyword), and whether
    /// the `with` has other items.
    pub keyword: Option<u32>,
    pub with_items: u32,
    /// For `With` sites: this with-statement's id (items of one statement share it).
    pub stmt: u32,
    /// The innermost test this site runs under, in its function (index into the
    /// module's guards).
    pub guard: Option<u32>,
    /// Inside a Django `atomic` block that moves whole into a worker thread when its
    /// function becomes async ([`AtomicBlock`]): it stays sync code.
    pub in_block: bool,
}

/// A `with transaction.atomic():` block in a sync function that can move whole into a
/// nested sync function, run through `sync_to_async` when the function becomes async
/// (see `atomic.rs`).
#[derive(Debug, Clone)]
pub struct AtomicBlock {
    pub func: LocalFunc,
    /// The `with` keyword.
    pub keyword: usize,
    /// The context expression (where its `With` site starts).
    pub item_start: usize,
    /// The `with` line's indentation, and the unit the body adds to it.
    pub indent: String,
    pub unit: String,
    /// Starts of the statement's lines after the first (blank lines left out).
    pub line_starts: Vec<usize>,
    pub end_of_last_line: usize,
    /// Names the block assigns that the function binds elsewhere (`nonlocal`), and names
    /// only the block binds that the function reads elsewhere (returned).
    pub nonlocal: Vec<String>,
    pub returned: Vec<String>,
    /// The nested function's name.
    pub name: String,
}

impl Site {
    /// Code that stays sync whatever its function becomes: a lambda or class body, or an
    /// `atomic` block that moves into a worker thread.
    pub fn sync_code(&self) -> bool {
        self.sync_ctx || self.in_block
    }
}

#[derive(Debug, Clone)]
pub struct Genexp {
    pub start: usize,
    pub end: usize,
    /// Carries its own parentheses (`(x for x in y)`).
    pub parenthesized: bool,
    /// The callee name of the call it is the argument of (`sum`, `any`, ...).
    pub consumer: Option<String>,
    /// The generator expression this one is nested in (same function).
    pub parent: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct AllEntry {
    pub name: String,
    pub end: usize,
    pub quote: char,
}

/// Everything the later passes need from one module.
#[derive(Debug, Clone)]
pub struct ModuleSummary {
    pub name: String,
    /// Django `atomic` blocks that can move into a worker thread whole.
    pub atomic_blocks: Vec<AtomicBlock>,
    pub is_package: bool,
    pub scopes: Vec<Scope>,
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    pub sites: Vec<Site>,
    pub genexps: Vec<Genexp>,
    pub star_imports: Vec<String>,
    pub all: Vec<AllEntry>,
    /// Where new module-level imports go (after docstring and `__future__` imports).
    pub import_insert: usize,
    /// The statement after the insertion point is not an import: leave blank lines.
    pub import_insert_needs_blank: bool,
    pub suppressions: Vec<Suppression>,
    /// Names replaced at run time: `obj.name = ...` on something other than `self`/`cls`,
    /// `setattr(obj, "name", ...)`, `mock.patch.object(obj, "name")`,
    /// `mock.patch("pkg.mod.name")`. With the line where it happens.
    pub patched: Vec<Patch>,
    /// Module-level aliases of functions (`x = mod.x`).
    pub aliases: Vec<Alias>,
    /// What is stored in containers bound to a name, per scope (`HANDLERS = {"a": f}`,
    /// `HANDLERS["b"] = g`): function registries.
    pub containers: HashMap<(ScopeId, Name), Ref>,
    /// The tests sites run under (see `Site::guard`).
    pub guards: Vec<GuardNode>,
}

/// Something replaced at run time: `obj.name = ...`, `setattr(obj, "name", ...)`,
/// `mock.patch.object(obj, "name")` (receiver known symbolically), or
/// `mock.patch("pkg.mod.Class.name")` (a dotted path).
#[derive(Debug, Clone)]
pub struct Patch {
    pub name: Name,
    pub line: usize,
    pub receiver: Option<Ref>,
    pub dotted: Option<String>,
}
