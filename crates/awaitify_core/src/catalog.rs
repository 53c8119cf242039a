//! The blocking-call catalog: which qualified names block, and what replaces them.
//!
//! The catalog is data (`rules/<language>/*.toml`, plus the user's own entries); this
//! module holds its types, the strict loader and the template splitting. The format is
//! the same for every language; only the names and templates differ.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How a blocking call is rewritten by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// An async API with exactly the same meaning (`time.sleep` -> `asyncio.sleep`).
    Twin,
    /// Run the blocking call on a worker thread (`asyncio.to_thread`, `spawn_blocking`).
    Thread,
    /// A different async library (`requests` -> `httpx`): only with `--strategy native`.
    Library,
    /// Blocking, but nothing can be rewritten safely: reported for a human.
    Review,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Twin => "twin",
            Strategy::Thread => "thread",
            Strategy::Library => "library",
            Strategy::Review => "review",
        }
    }
}

/// The alternative used with `--strategy native`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Native {
    pub replacement: String,
    #[serde(default)]
    pub imports: Vec<String>,
    pub package: Option<String>,
    #[serde(default)]
    pub rename_kwargs: BTreeMap<String, String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BlockingEntry {
    pub name: String,
    pub strategy: Strategy,
    pub replacement: Option<String>,
    #[serde(default)]
    pub imports: Vec<String>,
    pub returns: Option<String>,
    pub unless_kwarg: Option<String>,
    /// The library version the twin needs (`django>=4.1`): a project that declares an
    /// older minimum version gets the thread fallback instead.
    pub requires: Option<String>,
    pub note: Option<String>,
    pub native: Option<Native>,
    /// The trait the twin's arguments must implement when it differs from the blocking
    /// call's (`tokio::net::ToSocketAddrs` vs `std::net::ToSocketAddrs`): an argument whose
    /// type is a generic parameter of the calling function may not implement it, so such a
    /// call runs on the blocking pool instead of switching to the twin.
    pub arg_trait: Option<String>,
    /// The timeout argument: a literal `0` there makes the call return at once (a
    /// readiness poll such as `select.select(r, w, x, 0)`), so it does not block.
    pub zero_timeout: Option<ArgAt>,
    /// The file argument: an in-memory buffer there (`io.BytesIO()`, `io.StringIO()`)
    /// means the call reads and writes memory, not a file (`zipfile.ZipFile(buffer)`).
    pub in_memory: Option<ArgAt>,
    /// `false`: lint reports it, migrate leaves it alone (a cheap call flagged for parity
    /// with other linters).
    #[serde(default = "yes")]
    pub migrate: bool,
    /// The family (file) the entry came from; set by the loader.
    #[serde(skip)]
    pub family: String,
}

/// Where one of a call's arguments sits: its position (from 0) and/or keyword name.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ArgAt {
    pub position: Option<usize>,
    pub keyword: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TypeEntry {
    pub name: String,
    pub returns: String,
    /// The async library's counterpart of this constructor (`std::process::Command::new`
    /// -> `tokio::process::Command::new`): used when every use of the value it makes is
    /// migrated with it.
    pub twin: Option<String>,
    /// Reading this attribute (not calling it) gives an instance of `returns`
    /// (`django.db.models.Model.objects` is a `Manager`).
    #[serde(default)]
    pub attribute: bool,
}

/// One catalog file, or the catalog part of a user's configuration.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub blocking: Vec<BlockingEntry>,
    #[serde(default, rename = "type")]
    pub types: Vec<TypeEntry>,
    #[serde(default, rename = "decorator")]
    pub decorators: Vec<DecoratorEntry>,
    #[serde(default, rename = "not_send")]
    pub not_send: Vec<NotSendEntry>,
}

/// A call whose value is tied to the thread that made it (not `Send`): a future that holds
/// it across a suspension point cannot move between threads (`tokio::spawn` rejects it).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NotSendEntry {
    pub name: String,
    /// What the value is, for messages ("a handle to the thread-local random generator").
    pub what: String,
    /// Calling it again where the value is used gives an equivalent value (a handle to
    /// thread-local state): the rewrite may repeat the call at each use instead of keeping
    /// the value alive across an `.await`.
    #[serde(default)]
    pub repeatable: bool,
}

/// A library decorator and whether a function it decorates can become async: transparent
/// ones return the wrapped call's result as it is (a coroutine passes through) or handle
/// coroutine functions themselves (`tenacity.retry`); the others keep it sync.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DecoratorEntry {
    pub name: String,
    pub transparent: bool,
    pub note: Option<String>,
}

/// A replacement template cut around its `{args}` placeholder: the rewrite replaces the
/// callee and opening parenthesis with `prefix` and the closing parenthesis with `suffix`,
/// so edits inside the arguments survive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub prefix: String,
    pub suffix: String,
}

impl Template {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split("{args}");
        let prefix = parts.next().unwrap_or_default();
        let Some(suffix) = parts.next() else {
            return Err(format!("replacement `{text}` has no {{args}} placeholder"));
        };
        if parts.next().is_some() {
            return Err(format!("replacement `{text}` uses {{args}} more than once"));
        }
        let opens_call = prefix.ends_with('(') || prefix.trim_end().ends_with(',') || prefix == "(";
        if !opens_call || suffix != ")" {
            return Err(format!(
                "replacement `{text}` must end with `({{args}})` or `, {{args}})`: the arguments stay in place"
            ));
        }
        Ok(Self {
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
        })
    }

    /// The text that replaces the callee and the argument list's `(`, with `{func}` and
    /// `{recv}` filled in.
    pub fn head(&self, func: &str, recv: &str) -> String {
        self.prefix.replace("{func}", func).replace("{recv}", recv)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub origin: String,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for CatalogError {}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    blocking: HashMap<String, BlockingEntry>,
    /// Some entry is `prefix.*` (every name under a module or class).
    has_wildcards: bool,
    types: HashMap<String, String>,
    type_twins: HashMap<String, String>,
    decorators: HashMap<String, DecoratorEntry>,
    not_send: HashMap<String, NotSendEntry>,
    /// `[[type]] attribute = true`: an attribute's type by its qualified name.
    attributes: HashMap<String, String>,
    /// Every prefix of a name the catalog has (`django.db.models.Manager` for
    /// `django.db.models.Manager.get`): what may have members worth looking up.
    owners: std::collections::HashSet<String>,
    origins: HashMap<String, String>,
}

impl Catalog {
    /// Parse and add one TOML catalog file. `origin` names it in errors. Names must be
    /// unique unless `allow_override` (the user's entries replace shipped ones).
    pub fn add_toml(
        &mut self,
        origin: &str,
        text: &str,
        language: &str,
        allow_override: bool,
    ) -> Result<(), CatalogError> {
        let file: CatalogFile = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        self.add_file(origin, file, language, allow_override)
    }

    pub fn add_file(
        &mut self,
        origin: &str,
        file: CatalogFile,
        language: &str,
        allow_override: bool,
    ) -> Result<(), CatalogError> {
        let err = |message: String| CatalogError {
            origin: origin.to_string(),
            message,
        };
        if let Some(lang) = &file.language
            && lang != language
        {
            return Err(err(format!("language is `{lang}`, expected `{language}`")));
        }
        let family = file.family.clone().unwrap_or_else(|| "user".to_string());
        for mut entry in file.blocking {
            validate(&entry).map_err(|m| err(format!("`{}`: {m}", entry.name)))?;
            self.claim(&entry.name, origin, allow_override)
                .map_err(err)?;
            entry.family = family.clone();
            self.has_wildcards |= entry.name.ends_with(".*") || entry.name.ends_with("::*");
            self.blocking.insert(entry.name.clone(), entry);
        }
        for ty in file.types {
            self.claim(&ty.name, origin, allow_override).map_err(err)?;
            if let Some(t) = ty.twin {
                self.type_twins.insert(ty.name.clone(), t);
            }
            if ty.attribute {
                self.attributes.insert(ty.name, ty.returns);
            } else {
                self.types.insert(ty.name, ty.returns);
            }
        }
        for d in file.decorators {
            self.claim(&d.name, origin, allow_override).map_err(err)?;
            self.decorators.insert(d.name.clone(), d);
        }
        for n in file.not_send {
            self.claim(&n.name, origin, allow_override).map_err(err)?;
            self.not_send.insert(n.name.clone(), n);
        }
        Ok(())
    }

    fn claim(&mut self, name: &str, origin: &str, allow_override: bool) -> Result<(), String> {
        let mut prefix = name;
        while let Some((head, _)) = prefix.rsplit_once('.') {
            self.owners.insert(head.to_string());
            prefix = head;
        }
        if let Some(previous) = self.origins.get(name)
            && !allow_override
        {
            return Err(format!("`{name}` is already defined in {previous}"));
        }
        if allow_override {
            self.blocking.remove(name);
            self.types.remove(name);
            self.attributes.remove(name);
            self.decorators.remove(name);
            self.not_send.remove(name);
        }
        self.origins.insert(name.to_string(), origin.to_string());
        Ok(())
    }

    /// The entry for `name`, or for a `prefix.*` entry that covers it (most specific).
    pub fn blocking(&self, name: &str) -> Option<&BlockingEntry> {
        if let Some(e) = self.blocking.get(name) {
            return Some(e);
        }
        if !self.has_wildcards {
            return None;
        }
        let sep = if name.contains("::") { "::" } else { "." };
        let mut prefix = name;
        while let Some((head, _)) = prefix.rsplit_once(sep) {
            if let Some(e) = self.blocking.get(&format!("{head}{sep}*")) {
                return Some(e);
            }
            prefix = head;
        }
        None
    }

    /// The type a call of `name` returns: from a `[[type]]` entry or a blocking entry's
    /// `returns`.
    pub fn returns(&self, name: &str) -> Option<&str> {
        self.types
            .get(name)
            .map(String::as_str)
            .or_else(|| self.blocking.get(name)?.returns.as_deref())
    }

    /// Every `[[not_send]]` entry.
    pub fn not_send_entries(&self) -> impl Iterator<Item = &NotSendEntry> {
        self.not_send.values()
    }

    /// The entry for a call whose value is not `Send` (`[[not_send]]`).
    pub fn not_send(&self, name: &str) -> Option<&NotSendEntry> {
        self.not_send.get(name)
    }

    /// The type of an attribute the catalog declares (`[[type]] attribute = true`).
    pub fn attribute_type(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// Whether the catalog has names under `owner.` (a class or module it knows members
    /// of).
    pub fn has_members(&self, owner: &str) -> bool {
        self.has_wildcards || self.owners.contains(owner)
    }

    /// Whether the catalog says anything about `name`: a blocking call, a type, an
    /// attribute (what an in-repo class inherits from a library class is looked up there).
    pub fn knows(&self, name: &str) -> bool {
        self.blocking(name).is_some()
            || self.types.contains_key(name)
            || self.attributes.contains_key(name)
    }

    /// The catalog's word on a decorator, by qualified name.
    pub fn decorator(&self, name: &str) -> Option<&DecoratorEntry> {
        self.decorators.get(name)
    }

    /// The async counterpart of a constructor (`[[type]] twin`).
    pub fn type_twin(&self, name: &str) -> Option<&str> {
        self.type_twins.get(name).map(String::as_str)
    }

    /// Whether `name` is a type the catalog knows methods of.
    pub fn is_known_type(&self, name: &str) -> bool {
        self.types.values().any(|t| t == name)
            || self
                .blocking
                .values()
                .any(|b| b.returns.as_deref() == Some(name))
    }

    /// Whether values of type `ty` switch to the async library's type when migrated: made
    /// by a twin (`std::net::TcpStream::connect`), by a constructor with a `[[type]] twin`,
    /// or by a builder step on a type that switches (`Client::get` -> `RequestBuilder`).
    /// A `{recv}` twin on such a value needs the value to have switched first; a method
    /// twin on any other type (`Client::call` -> `Client::call_async`) keeps its receiver.
    pub fn switches_type(&self, ty: &str) -> bool {
        self.switches(ty, 0)
    }

    fn switches(&self, ty: &str, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        self.blocking
            .values()
            .any(|b| b.returns.as_deref() == Some(ty) && b.strategy == Strategy::Twin)
            || self.types.iter().any(|(name, returns)| {
                returns == ty
                    && (self.type_twins.contains_key(name.as_str()) || {
                        let sep = if name.contains("::") { "::" } else { "." };
                        name.rsplit_once(sep).is_some_and(|(owner, _)| {
                            owner != ty && self.switches(owner, depth + 1)
                        })
                    })
            })
    }

    pub fn len(&self) -> usize {
        self.blocking.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocking.is_empty()
    }

    pub fn entries(&self) -> impl Iterator<Item = &BlockingEntry> {
        self.blocking.values()
    }
}

fn validate(entry: &BlockingEntry) -> Result<(), String> {
    match (entry.strategy, &entry.replacement) {
        (Strategy::Twin, None) => return Err("strategy `twin` needs a `replacement`".into()),
        (Strategy::Twin, Some(r)) => {
            Template::parse(r)?;
        }
        (Strategy::Library, _) => {
            return Err(
                "`library` is not a default strategy: put it in a `[blocking.native]` table".into(),
            );
        }
        (s, Some(_)) => {
            return Err(format!("strategy `{}` takes no `replacement`", s.as_str()));
        }
        (_, None) => {}
    }
    if let Some(native) = &entry.native {
        Template::parse(&native.replacement)?;
    }
    if entry.name.is_empty() || entry.name.split('.').any(str::is_empty) {
        return Err("`name` must be a dotted qualified name".into());
    }
    if let Some(r) = &entry.requires
        && parse_requirement(r).is_none()
    {
        return Err(format!(
            "`requires = \"{r}\"` is not `package>=version` (for example `django>=4.1`)"
        ));
    }
    Ok(())
}

/// A version as numbers (`4.1` -> `[4, 1]`); trailing text (`rc1`, `.*`) is ignored.
pub fn parse_version(v: &str) -> Option<Vec<u32>> {
    let nums: Vec<u32> = v
        .trim()
        .split('.')
        .map_while(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect();
    (!nums.is_empty()).then_some(nums)
}

/// `package>=version` as (normalized package name, version).
pub fn parse_requirement(r: &str) -> Option<(String, Vec<u32>)> {
    let (pkg, ver) = r.split_once(">=")?;
    let pkg = normalize_package(pkg);
    (!pkg.is_empty()).then_some(())?;
    Some((pkg, parse_version(ver)?))
}

/// A dependency line (PEP 508: `Django>=3.2,<5`, `django (>=4.2)`, with extras and
/// markers; Poetry's `^4.2`): the package and the lowest version it allows.
pub fn dependency(line: &str) -> Option<(String, Option<Vec<u32>>)> {
    let line = line.split(['#', ';']).next()?.trim();
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(line.len());
    let name = normalize_package(&line[..end]);
    if name.is_empty() {
        return None;
    }
    let mut rest = line[end..].trim();
    if let Some(r) = rest.strip_prefix('[') {
        rest = r.split_once(']').map_or("", |(_, after)| after).trim();
    }
    let spec: String = rest
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | ' '))
        .collect();
    let spec = spec.replace('^', ">=");
    Some((name, minimum_version(&spec)))
}

/// PEP 503 normalization: lower case, runs of `-_.` as one `-`.
pub fn normalize_package(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// The lowest version a dependency specifier allows (`Django>=3.2,<5` -> 3.2,
/// `django~=4.2.0` -> 4.2.0, `Django==4.1.*` -> 4.1); `None` without a lower bound.
pub fn minimum_version(spec: &str) -> Option<Vec<u32>> {
    spec.split(',')
        .filter_map(|part| {
            let part = part.trim();
            ["===", "==", "~=", ">="]
                .iter()
                .find_map(|op| part.strip_prefix(op))
                .and_then(parse_version)
        })
        .max()
}

/// A TOML error as `origin:line:col: message` on one line.
pub fn toml_error(origin: &str, text: &str, e: &toml::de::Error) -> CatalogError {
    let origin = match e.span() {
        Some(span) => {
            let at = crate::text::LineIndex::new(text).line_col(text, span.start);
            format!("{origin}:{}:{}", at.line, at.col)
        }
        None => origin.to_string(),
    };
    CatalogError {
        origin,
        message: crate::text::one_line(e.message()),
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn requirements_and_minimum_versions() {
        assert_eq!(
            parse_requirement("Django>=4.1"),
            Some(("django".into(), vec![4, 1]))
        );
        assert_eq!(parse_requirement("django"), None);
        assert_eq!(minimum_version(">=3.2,<5"), Some(vec![3, 2]));
        assert_eq!(minimum_version("~=4.2.0"), Some(vec![4, 2, 0]));
        assert_eq!(minimum_version("==4.1.*"), Some(vec![4, 1]));
        assert_eq!(minimum_version("<5"), None);
        assert_eq!(
            normalize_package("Django_Rest.framework"),
            "django-rest-framework"
        );
        assert_eq!(
            dependency("Django[argon2] (>=3.2,<5) ; python_version >= '3.8'"),
            Some(("django".into(), Some(vec![3, 2])))
        );
        assert_eq!(dependency("django"), Some(("django".into(), None)));
        assert_eq!(dependency("^4.2").map(|d| d.0), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
family = "time"
language = "python"

[[blocking]]
name = "time.sleep"
strategy = "twin"
replacement = "asyncio.sleep({args})"
imports = ["import asyncio"]

[[blocking]]
name = "requests.get"
strategy = "thread"
returns = "requests.Response"

[blocking.native]
replacement = "httpx.AsyncClient(follow_redirects=True).get({args})"
package = "httpx"
rename_kwargs = { allow_redirects = "follow_redirects" }

[[type]]
name = "requests.Session"
returns = "requests.Session"
"#;

    #[test]
    fn loads_entries_types_and_natives() {
        let mut c = Catalog::default();
        c.add_toml("time.toml", SAMPLE, "python", false).unwrap();
        let sleep = c.blocking("time.sleep").unwrap();
        assert_eq!(sleep.strategy, Strategy::Twin);
        assert_eq!(sleep.family, "time");
        let t = Template::parse(sleep.replacement.as_deref().unwrap()).unwrap();
        assert_eq!(t.head("time.sleep", ""), "asyncio.sleep(");
        let get = c.blocking("requests.get").unwrap();
        assert_eq!(
            get.native.as_ref().unwrap().rename_kwargs["allow_redirects"],
            "follow_redirects"
        );
        assert_eq!(c.returns("requests.Session"), Some("requests.Session"));
        assert_eq!(c.returns("requests.get"), Some("requests.Response"));
        assert!(c.is_known_type("requests.Session"));
    }

    #[test]
    fn rejects_duplicates_unknown_keys_and_bad_templates() {
        let mut c = Catalog::default();
        c.add_toml("a.toml", SAMPLE, "python", false).unwrap();
        let e = c.add_toml("b.toml", SAMPLE, "python", false).unwrap_err();
        assert!(e.to_string().contains("already defined in a.toml"), "{e}");
        // The user's layer may override.
        c.add_toml("pyproject.toml", SAMPLE, "python", true)
            .unwrap();

        let e = Catalog::default()
            .add_toml(
                "x.toml",
                "[[blocking]]\nname='a.b'\nstrategy='thread'\ncolour=1\n",
                "python",
                false,
            )
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.toml:4:1: unknown field `colour`"),
            "{e}"
        );

        for bad in [
            "name='a.b'\nstrategy='twin'",
            "name='a.b'\nstrategy='twin'\nreplacement='x(1, {args}, 2)'",
            "name='a.b'\nstrategy='twin'\nreplacement='x()'",
            "name='a.b'\nstrategy='thread'\nreplacement='x({args})'",
            "name='a..b'\nstrategy='thread'",
        ] {
            let text = format!("[[blocking]]\n{bad}\n");
            assert!(
                Catalog::default()
                    .add_toml("x.toml", &text, "python", false)
                    .is_err(),
                "accepted: {bad}"
            );
        }
        let e = Catalog::default()
            .add_toml("r.toml", "language='rust'\n", "python", false)
            .unwrap_err();
        assert!(e.message.contains("expected `python`"));
    }

    #[test]
    fn wildcard_entries_cover_a_module() {
        let mut c = Catalog::default();
        c.add_toml(
            "u.toml",
            "[[blocking]]\nname = \"mylib.*\"\nstrategy = \"review\"\n",
            "python",
            false,
        )
        .unwrap();
        assert_eq!(c.blocking("mylib.slow").unwrap().name, "mylib.*");
        assert_eq!(c.blocking("mylib.Client.call").unwrap().name, "mylib.*");
        assert!(c.blocking("other.slow").is_none());
    }

    #[test]
    fn template_head_fills_placeholders() {
        let t = Template::parse("{recv}.call_async({args})").unwrap();
        assert_eq!(t.head("c.call", "c"), "c.call_async(");
        let t =
            Template::parse("asyncio.to_thread(functools.partial({func}, x=1), {args})").unwrap();
        assert_eq!(
            t.head("f", ""),
            "asyncio.to_thread(functools.partial(f, x=1), "
        );
        assert!(
            Template::parse("g({args}, 1)").is_err(),
            "{{args}} must close the call"
        );
    }
}
