//! `[tool.awaitify]` in pyproject.toml, or awaitify.toml, at the project root.

use anyhow::{Context, Result, bail};
use awaitify_core::catalog::{BlockingEntry, CatalogFile, TypeEntry};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum BlockingSpec {
    Entry(Box<BlockingEntry>),
    Name(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub naming: Option<String>,
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
    /// `awaitify.toml` wins over `pyproject.toml`; a pyproject without the table is ignored.
    pub fn load(root: &Path) -> Result<Config> {
        let own = root.join("awaitify.toml");
        if own.is_file() {
            let text = std::fs::read_to_string(&own)
                .with_context(|| format!("{}: cannot read", own.display()))?;
            let mut c: Config = parse(&own, &text, |v| Some(v.clone()))?;
            c.origin = Some(own);
            return Ok(c);
        }
        let py = root.join("pyproject.toml");
        if py.is_file() {
            let text = std::fs::read_to_string(&py)
                .with_context(|| format!("{}: cannot read", py.display()))?;
            let mut c: Config = parse(&py, &text, |v| v.get("tool")?.get("awaitify").cloned())?;
            c.origin = Some(py);
            return Ok(c);
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
        }
    }
}

fn parse(
    path: &Path,
    text: &str,
    select: impl Fn(&toml::Value) -> Option<toml::Value>,
) -> Result<Config> {
    let value: toml::Value = toml::from_str(text).map_err(|e| {
        let err = awaitify_core::catalog::toml_error(&path.display().to_string(), text, &e);
        anyhow::anyhow!("{err}")
    })?;
    let Some(table) = select(&value) else {
        return Ok(Config::default());
    };
    match table.try_into::<Config>() {
        Ok(c) => Ok(c),
        Err(e) => bail!("{}: [tool.awaitify]: {}", path.display(), e.message()),
    }
}
