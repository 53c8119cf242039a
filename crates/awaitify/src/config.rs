//! The configuration at the project root: `awaitify.toml`, `[tool.awaitify]` in
//! pyproject.toml, or `[package.metadata.awaitify]` / `[workspace.metadata.awaitify]` in
//! Cargo.toml (one schema for all of them).

use anyhow::{Context, Result, bail};
use awaitify_core::catalog::{BlockingEntry, CatalogFile, TypeEntry};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub enum BlockingSpec {
    Entry(Box<BlockingEntry>),
    Name(String),
}

/// A string, or a table read as a catalog entry (so a bad entry's error names its key and
/// position instead of "did not match any variant").
impl<'de> Deserialize<'de> for BlockingSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Spec;
        impl<'de> serde::de::Visitor<'de> for Spec {
            type Value = BlockingSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name (`\"pkg.mod.func -> replacement\"`) or a catalog entry table")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<BlockingSpec, E> {
                Ok(BlockingSpec::Name(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<BlockingSpec, A::Error> {
                BlockingEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|e| BlockingSpec::Entry(Box::new(e)))
            }
        }
        d.deserialize_any(Spec)
    }
}

fn naming<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    one_of(d, &["prefix", "suffix", "inplace"])
}

fn strategy<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    one_of(d, &["default", "native"])
}

/// A string that must be one of `allowed` (an error at the value's position otherwise).
fn one_of<'de, D: serde::Deserializer<'de>>(
    d: D,
    allowed: &'static [&'static str],
) -> Result<Option<String>, D::Error> {
    let v = String::deserialize(d)?;
    if allowed.contains(&v.as_str()) {
        Ok(Some(v))
    } else {
        Err(serde::de::Error::unknown_variant(&v, allowed))
    }
}

/// pyproject.toml, as far as awaitify reads it (other tables are someone else's).
#[derive(Default, Deserialize)]
struct Pyproject {
    #[serde(default)]
    tool: Tool,
}

#[derive(Default, Deserialize)]
struct Tool {
    awaitify: Option<Config>,
}

/// Cargo.toml, as far as awaitify reads it: `[package.metadata.awaitify]` or
/// `[workspace.metadata.awaitify]` (cargo leaves `metadata` tables to tools).
#[derive(Default, Deserialize)]
struct Manifest<T> {
    package: Option<Metadata<T>>,
    workspace: Option<Metadata<T>>,
}

#[derive(Default, Deserialize)]
struct Metadata<T> {
    metadata: Option<MetadataTable<T>>,
}

#[derive(Default, Deserialize)]
struct MetadataTable<T> {
    awaitify: Option<T>,
}

impl<T> Manifest<T> {
    fn awaitify(self) -> Option<T> {
        let table = |m: Option<Metadata<T>>| m?.metadata?.awaitify;
        table(self.package).or(table(self.workspace))
    }
}

/// Which tables of a manifest hold awaitify's configuration (`package`, `workspace`).
fn manifest_tables(text: &str) -> Vec<&'static str> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return vec![];
    };
    ["package", "workspace"]
        .into_iter()
        .filter(|k| {
            doc.get(*k)
                .and_then(|t| t.get("metadata"))
                .and_then(|m| m.get("awaitify"))
                .is_some()
        })
        .collect()
}

/// The rule codes in the configuration, with where each was written.
#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Codes {
    #[serde(default)]
    select: Vec<toml::Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<toml::Spanned<String>>,
    #[serde(default)]
    ignore: Vec<toml::Spanned<String>>,
    #[serde(default)]
    per_file_ignores: std::collections::BTreeMap<String, Vec<toml::Spanned<String>>>,
}

#[derive(Default, Deserialize)]
struct PyprojectCodes {
    #[serde(default)]
    tool: ToolCodes,
}

#[derive(Default, Deserialize)]
struct ToolCodes {
    awaitify: Option<Codes>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default, deserialize_with = "naming")]
    pub naming: Option<String>,
    #[serde(default, deserialize_with = "strategy")]
    pub strategy: Option<String>,
    #[serde(default)]
    pub keep_sync: Vec<String>,
    #[serde(default)]
    pub only: Vec<String>,
    /// Decorators (qualified names) that return the decorated function's result as is.
    #[serde(default)]
    pub transparent_decorators: Vec<String>,
    pub runtime_module: Option<String>,
    #[serde(default)]
    pub roots: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub include_tests: bool,
    /// Catalog entries (tables), or `"name -> suggested replacement"` strings (lint only).
    #[serde(default)]
    pub blocking: Vec<BlockingSpec>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub per_file_ignores: std::collections::BTreeMap<String, Vec<String>>,
    pub async_prefix: Option<String>,
    #[serde(default, rename = "type")]
    pub types: Vec<TypeEntry>,
    /// Where the configuration came from (for error messages).
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

impl Config {
    /// `--config FILE`: that file, an `awaitify.toml` (the table at its top level) or a
    /// `pyproject.toml` (its `[tool.awaitify]`; without one, the defaults), whatever its
    /// directory.
    pub fn load_file(file: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        let found = if file.file_name().is_some_and(|n| n == "pyproject.toml") {
            let found = parse(file, &text, "[tool.awaitify] ", |t| {
                toml::from_str::<Pyproject>(t).map(|p| p.tool.awaitify)
            })?;
            let codes = toml::from_str::<PyprojectCodes>(&text)
                .ok()
                .and_then(|p| p.tool.awaitify);
            check_codes(file, &text, codes)?;
            found
        } else if file.file_name().is_some_and(|n| n == "Cargo.toml") {
            let tables = manifest_tables(&text);
            if tables.len() > 1 {
                bail!(
                    "{}: both [package.metadata.awaitify] and [workspace.metadata.awaitify]: keep one",
                    file.display()
                );
            }
            let label = format!(
                "[{}.metadata.awaitify] ",
                tables.first().unwrap_or(&"package")
            );
            let found = parse(file, &text, &label, |t| {
                toml::from_str::<Manifest<Config>>(t).map(Manifest::awaitify)
            })?;
            let codes = toml::from_str::<Manifest<Codes>>(&text)
                .ok()
                .and_then(Manifest::awaitify);
            check_codes(file, &text, codes)?;
            found
        } else {
            let c: Config = parse(file, &text, "", |t| toml::from_str::<Config>(t))?;
            check_codes(file, &text, toml::from_str::<Codes>(&text).ok())?;
            Some(c)
        };
        Ok(found.map_or_else(Config::default, |mut c| {
            c.origin = Some(file.to_path_buf());
            c
        }))
    }

    /// `awaitify.toml` wins over `pyproject.toml`, which wins over `Cargo.toml`; a
    /// pyproject or manifest without awaitify's table is passed over (one that is not
    /// valid TOML is an error).
    pub fn load(root: &Path) -> Result<Config> {
        let awaitify = root.join("awaitify.toml");
        if awaitify.is_file() {
            return Self::load_file(&awaitify);
        }
        for name in ["pyproject.toml", "Cargo.toml"] {
            let file = root.join(name);
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let has_table = match text.parse::<toml::Table>() {
                Ok(doc) if name == "pyproject.toml" => {
                    doc.get("tool").and_then(|t| t.get("awaitify")).is_some()
                }
                Ok(_) => !manifest_tables(&text).is_empty(),
                // Reported with its position.
                Err(_) => true,
            };
            if has_table {
                return Self::load_file(&file);
            }
        }
        Ok(Config::default())
    }

    pub fn catalog_file(&self) -> CatalogFile {
        let blocking = self
            .blocking
            .iter()
            .map(|b| match b {
                BlockingSpec::Entry(e) => (**e).clone(),
                BlockingSpec::Name(text) => {
                    let (name, use_) = match text.split_once("->") {
                        Some((n, u)) => (n.trim().to_string(), Some(u.trim().to_string())),
                        None => (text.trim().to_string(), None),
                    };
                    BlockingEntry {
                        name,
                        strategy: awaitify_core::catalog::Strategy::Review,
                        replacement: None,
                        imports: vec![],
                        returns: None,
                        unless_kwarg: None,
                        requires: None,
                        note: Some(use_.map_or_else(
                            || "declared blocking by the project".into(),
                            |u| format!("use `{u}`"),
                        )),
                        native: None,
                        arg_trait: None,
                        zero_timeout: None,
                        in_memory: None,
                        migrate: true,
                        family: String::new(),
                    }
                }
            })
            .collect();
        CatalogFile {
            family: Some("user".into()),
            language: None,
            blocking,
            types: self.types.clone(),
            decorators: vec![],
            not_send: vec![],
        }
    }
}

/// Deserialize with positions: an error is one line naming the file, line and column, the
/// key and its text, and for an unknown key the closest known one.
fn parse<T>(
    path: &Path,
    text: &str,
    table: &str,
    de: impl Fn(&str) -> Result<T, toml::de::Error>,
) -> Result<T> {
    de(text).map_err(|e| {
        let mut message = awaitify_core::text::one_line(e.message());
        let mut at = path.display().to_string();
        let mut key = String::new();
        if let Some(span) = e.span() {
            let lines = awaitify_core::text::LineIndex::new(text);
            let pos = lines.line_col(text, span.start);
            at = format!("{at}:{}:{}", pos.line, pos.col);
            // The key and value as written on that line (`naming = 3`).
            let line = text[span.start..].lines().next().unwrap_or("");
            let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let whole = text[start..].lines().next().unwrap_or(line).trim();
            if whole.contains('=') {
                key = format!("`{whole}`: ");
            }
        }
        // `unknown field `nam`, expected one of `name`, ...` (or variant): the closest.
        let unknown = ["unknown field `", "unknown variant `"]
            .iter()
            .find_map(|p| message.strip_prefix(p))
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_string());
        if let Some(name) = unknown
            && let Some((_, expected)) = message.split_once("expected one of ")
        {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            if let Some(near) = closest(&name, &candidates) {
                message = format!("{message}; did you mean `{near}`?");
            }
        }
        anyhow::anyhow!("{at}: {table}{key}{message}")
    })
}

/// Every rule code the configuration names must be a rule (or a prefix of some, or `ALL`),
/// for migrate and lint alike.
fn check_codes(path: &Path, text: &str, codes: Option<Codes>) -> Result<()> {
    let Some(codes) = codes else { return Ok(()) };
    let keyed = codes
        .select
        .iter()
        .map(|c| ("select", c))
        .chain(codes.extend_select.iter().map(|c| ("extend-select", c)))
        .chain(codes.ignore.iter().map(|c| ("ignore", c)))
        .chain(
            codes
                .per_file_ignores
                .values()
                .flatten()
                .map(|c| ("per-file-ignores", c)),
        );
    for (key, code) in keyed {
        let value = code.get_ref();
        let known = value == "ALL"
            || awaitify_core::rules::RULES
                .iter()
                .any(|r| r.code.starts_with(value.as_str()));
        if !known {
            let pos = awaitify_core::text::LineIndex::new(text).line_col(text, code.span().start);
            let codes: Vec<&str> = awaitify_core::rules::RULES.iter().map(|r| r.code).collect();
            let hint = closest(value, &codes)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            bail!(
                "{}:{}:{}: {key}: `{value}` is not a rule code or prefix{hint} (awaitify rule --all lists them)",
                path.display(),
                pos.line,
                pos.col
            );
        }
    }
    Ok(())
}

/// The candidate closest to `name` by edit distance, when it is close (a typo).
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    candidates
        .iter()
        .map(|c| {
            (
                distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                *c,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}
