//! The `awaitify` command line: argument parsing, configuration, file system and terminal.
//! All analysis lives in the library crates; this crate is the only one that does I/O.

mod config;
mod html;
mod interactive;
mod lint_cmd;
mod progress;
mod trace;
mod verify;
mod walk;

/// ruff and other Rust tools that parse millions of lines use a faster allocator too:
/// most of our time is many small allocations (syntax trees, summaries).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result, bail};
use awaitify_core::catalog::Catalog;
use awaitify_python::{Migration, Naming, Options, Project};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/rules.rs"));
}

#[derive(Parser)]
#[command(
    name = "awaitify",
    version,
    about = "Migrate codebases from blocking I/O to async, with reviewable diffs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads (default: one per core).
    #[arg(long, global = true)]
    threads: Option<usize>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the migration as a unified diff (stdout) and a summary (stderr); change nothing
    /// unless --write.
    #[command(after_help = "Examples:
  awaitify migrate .                          review: the diff on stdout, the summary on stderr
  awaitify migrate . --annotate | less -R     the diff with why each function changes
  awaitify migrate . --patch-dir waves/       one patch per wave, to land piece by piece
  awaitify migrate . --verify-with 'python -m pytest -x -q' --write
                                              apply it once your tests pass after every wave
  awaitify explain . pkg.mod.func             why a function becomes async")]
    Migrate(MigrateArgs),
    /// Print why a function must become async: the call chain to its blocking calls.
    Explain(ExplainArgs),
    /// Print the resolved call graph (JSON or Graphviz DOT): functions, call edges and how
    /// each was resolved, and the call sites nothing was found for.
    Graph(GraphArgs),
    /// List the blocking-call catalog in use.
    Catalog(CatalogArgs),
    /// Run a Python command (typically the test suite) under awaitify's tracer and write
    /// the call edges and blocking calls it saw, for `--evidence`.
    #[command(after_help = "Examples:
  awaitify trace -- python -m pytest -q       trace the test suite into awaitify-trace.json
  awaitify migrate . --evidence awaitify-trace.json
  awaitify migrate . --evidence awaitify-trace.json --top 3
                                              only what the 3 costliest blocking paths need
  awaitify trace --loop-watch 20 -- python app.py
                                              also record event-loop steps over 20 ms
  awaitify lint --evidence awaitify-trace.json  and report them (AWT401)")]
    Trace(TraceArgs),
    /// Report blocking calls on the event loop, direct and through any depth of calls,
    /// and other async mistakes (ruff-style output, JSON, SARIF, GitHub annotations).
    #[command(after_help = "Examples:
  awaitify lint                               the whole project
  awaitify lint app/api.py                    findings in one file (the call graph is still the project's)
  awaitify lint --diff-base origin/main       only what a branch changed (CI)
  awaitify lint --format sarif -o lint.sarif  for code scanning
In pre-commit (.pre-commit-config.yaml):
  - repo: https://github.com/<owner>/awaitify
    rev: v0.1.0
    hooks:
      - id: awaitify-lint")]
    Lint(LintArgs),
    /// Print a lint rule's documentation (`awaitify rule AWT201`), or list all rules.
    Rule(RuleArgs),
    /// Print a shell completion script (`awaitify completions bash > ~/.local/share/bash-completion/completions/awaitify`).
    Completions(CompletionsArgs),
    /// Print the man page (roff; `awaitify man | man -l -`).
    Man,
}

#[derive(Args)]
struct TraceArgs {
    /// Where to write the trace.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        default_value = "awaitify-trace.json"
    )]
    output: PathBuf,
    /// The project root: only code under it is recorded.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Also record every asyncio callback or task step that holds the event loop for at
    /// least this many milliseconds, with the project frames that were running.
    #[arg(long, value_name = "MS")]
    loop_watch: Option<f64>,
    /// Run the command once untraced first, and record the tracer's overhead.
    #[arg(long)]
    overhead: bool,
    /// The tracer's hook: `monitoring` (sys.monitoring, Python 3.12+) or `setprofile`
    /// (default: monitoring where the interpreter has it).
    #[arg(long, value_parser = ["monitoring", "setprofile"])]
    backend: Option<String>,
    /// Use the catalog in this directory instead of the shipped one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// The command, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    command: Vec<std::ffi::OsString>,
}

#[derive(Args)]
struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Args)]
struct LintArgs {
    /// Files or directories to report on (default: the whole project). The call graph
    /// always comes from the whole project.
    paths: Vec<PathBuf>,
    /// The project root (default: the nearest directory above the first path, or the
    /// current one, with pyproject.toml, awaitify.toml or .git).
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Only findings on lines changed since REV (or whose call chain passes through one).
    #[arg(long, value_name = "REV")]
    diff_base: Option<String>,
    /// Only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings as the baseline and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Run exactly these rules (codes or prefixes such as `AWT2`, or `ALL`) instead of
    /// the configured or default set; comma-separated, repeatable.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Add rules to the configured or default set.
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Rules to disable, by code or prefix.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit 0 even with findings.
    #[arg(long)]
    exit_zero: bool,
    /// Print only the number of findings per rule (as ruff's `--statistics`).
    #[arg(long)]
    statistics: bool,
    /// With `-` as the path (source on standard input, as editors send it): the file it
    /// stands for, inside the project (default: `stdin.py`); the rest of the project is
    /// read from disk.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Write the report to this file instead of standard output (not coloured unless
    /// `--color always`).
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Colour the text report: `auto` (when stdout is a terminal and NO_COLOR is unset),
    /// `always`, `never`.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Print the findings only: no counts per rule, no "Found N" / "All checks passed!",
    /// no warnings.
    #[arg(long, short)]
    quiet: bool,
    /// Also print (stderr) the project, its configuration file, how many files were
    /// analysed, and the calls in `async def` bodies nothing was resolved for (a blocking
    /// call behind one of them cannot be reported).
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
    /// Add `# noqa: CODE` to each line with a finding (to switch the lint on in a large
    /// codebase, then fix findings one by one), and exit 0. Python files only.
    #[arg(long, conflicts_with_all = ["write_baseline", "output_file"])]
    add_noqa: bool,
    /// A runtime trace from `awaitify trace`: its call edges join the static graph, and
    /// the event-loop blocks its loop watch measured are reported (AWT401).
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
    #[command(flatten)]
    project_args: ProjectArgs,
}

#[derive(Args)]
struct RuleArgs {
    /// A code (`AWT201`) or name (`transitive-blocking-call-in-async-function`).
    code: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "code")]
    all: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum NamingArg {
    Prefix,
    Suffix,
    Inplace,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum StrategyArg {
    /// Keep behaviour: async twins where exact, else `asyncio.to_thread`.
    Default,
    /// Also use different async libraries (httpx, aiofiles, ...), where the catalog has them.
    Native,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Lang {
    Python,
    Rust,
}

/// Where the code is and how it is read: every subcommand that analyses a project takes
/// these.
#[derive(Args, Clone, Default)]
struct ProjectArgs {
    /// The language (default: Rust when the project has a Cargo.toml and no
    /// pyproject.toml/setup.py, else Python).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// A source root, relative to the project (repeatable; default: the project and `src`).
    #[arg(long = "root", value_name = "DIR")]
    roots: Vec<String>,
    /// Leave out paths matching this glob, relative to the project (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Use the catalog in this directory instead of the shipped one (also AWAITIFY_RULES).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Read the configuration from this file (an `awaitify.toml`, or a `pyproject.toml`
    /// with `[tool.awaitify]`) instead of the project's.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the settings in effect (and where each comes from: command line,
    /// configuration file or default), then exit.
    #[arg(long)]
    show_settings: bool,
}

/// What the migration decides: for `migrate`, and for `explain` and `graph`, which show
/// its decisions.
#[derive(Args, Clone, Default)]
struct MigrationArgs {
    /// How async versions are named: `async_fetch` (prefix), `fetch_async` (suffix), or
    /// the same name with no shim (inplace).
    #[arg(long, value_enum)]
    naming: Option<NamingArg>,
    #[arg(long, value_enum)]
    strategy: Option<StrategyArg>,
    /// Keep functions whose qualified name matches this glob sync (repeatable).
    #[arg(long = "keep-sync", value_name = "GLOB")]
    keep_sync: Vec<String>,
    /// Migrate only what this entry point needs (qualified name, repeatable).
    #[arg(long, value_name = "QUALNAME")]
    only: Vec<String>,
    /// Dotted module name for the runtime helper the shims call.
    #[arg(long, value_name = "MODULE")]
    runtime_module: Option<String>,
    /// Also migrate test code (test_*.py, *_test.py, conftest.py, tests/); by default it
    /// stays sync and exercises the sync API through the shims.
    #[arg(long)]
    include_tests: bool,
    /// A runtime trace from `awaitify trace`: the call edges and blocking calls it saw
    /// join the static call graph where static resolution found nothing or less.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
    /// With --evidence: migrate only what the N costliest traced blocking paths need.
    #[arg(long, value_name = "N", requires = "evidence")]
    top: Option<usize>,
}

/// Both groups, as the run's setup reads them (lint and catalog leave the migration's at
/// their defaults: their help lists only what they use).
#[derive(Clone, Default)]
struct CommonArgs {
    lang: Option<Lang>,
    naming: Option<NamingArg>,
    strategy: Option<StrategyArg>,
    keep_sync: Vec<String>,
    only: Vec<String>,
    runtime_module: Option<String>,
    roots: Vec<String>,
    exclude: Vec<String>,
    include_tests: bool,
    rules: Option<PathBuf>,
    config: Option<PathBuf>,
    show_settings: bool,
    evidence: Option<PathBuf>,
    top: Option<usize>,
}

impl CommonArgs {
    fn of(project: &ProjectArgs, migration: &MigrationArgs) -> Self {
        CommonArgs {
            lang: project.lang,
            roots: project.roots.clone(),
            exclude: project.exclude.clone(),
            rules: project.rules.clone(),
            config: project.config.clone(),
            show_settings: project.show_settings,
            naming: migration.naming,
            strategy: migration.strategy,
            keep_sync: migration.keep_sync.clone(),
            only: migration.only.clone(),
            runtime_module: migration.runtime_module.clone(),
            include_tests: migration.include_tests,
            evidence: migration.evidence.clone(),
            top: migration.top,
        }
    }
}

#[derive(Args)]
struct CatalogArgs {
    /// The project (its configuration may add entries).
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    project: ProjectArgs,
}

#[derive(Args)]
struct MigrateArgs {
    /// The project to migrate (a directory); or files, quoted globs (`'pkg/**/*.py'`) or
    /// `-` (standard input, with --stdin-filename): their project is analysed whole and
    /// the diff shown is theirs (review only).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// With `-` as the path: the file the text on standard input stands for (default:
    /// `stdin.py`); the rest of its project is read from disk.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    migration: MigrationArgs,
    /// Apply the changes (each file written atomically).
    #[arg(long, conflicts_with_all = ["check", "patch_dir"])]
    write: bool,
    /// Exit with 1 if the migration would change anything, or if a blocking call is left
    /// in async code that the summary does not list with a reason (for CI).
    #[arg(long)]
    check: bool,
    /// Write a patch series, one patch per migration wave, leaf functions first.
    #[arg(long, value_name = "DIR")]
    patch_dir: Option<PathBuf>,
    /// Also list unresolved calls in async code.
    #[arg(long, short)]
    verbose: bool,
    /// Print no summary and no warnings.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Write the summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,
    /// Write a static review report to DIR/index.html (opens from disk): the summary, the
    /// waves as a graph, each function's reason chain and hunks, with filters by wave,
    /// module, strategy and "needs review".
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
    /// Before each file's diff, list the functions made async in it and why (`# awaitify:`
    /// lines, which `git apply` and `patch` skip).
    #[arg(long)]
    annotate: bool,
    /// Check the migration in a scratch copy first (Python: import every migrated module
    /// with the project's interpreter, AWAITIFY_PYTHON or its .venv; Rust: `cargo check
    /// --all-targets`); nothing is printed or written when it fails (exit 2).
    #[arg(long)]
    verify: bool,
    /// Run this command (`"python -m pytest -x -q"`, `"cargo test"`) in the scratch copy
    /// after each wave; stop at the first wave that breaks it and name its functions.
    #[arg(long, value_name = "CMD")]
    verify_with: Option<String>,
    /// Colour the diff: `auto` (when stdout is a terminal and NO_COLOR is unset), `always`,
    /// `never`.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Review the planned changes function by function, leaves first (the hunks and why
    /// on stderr): accept, keep sync, accept all, or quit; a function kept sync stays as
    /// it is and its callers keep calling it. Then print, write or check as usual.
    #[arg(long, conflicts_with = "check")]
    interactive: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    fn on(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum GraphFormat {
    Json,
    Dot,
}

#[derive(Args)]
struct GraphArgs {
    /// The project.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    migration: MigrationArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: GraphFormat,
}

#[derive(Args)]
struct ExplainArgs {
    /// The project.
    path: PathBuf,
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    migration: MigrationArgs,
    /// The function, as `package.module.Class.method`.
    qualname: String,
}

/// Stack for every thread that parses or walks syntax: deeply nested expressions (a
/// 30,000-term `+` chain) recurse deeply, and the default 2 MiB overflows.
const STACK: usize = 256 << 20;

fn main() -> ExitCode {
    // `awaitify ... | head`: when the reader goes away, `print!` fails with a broken pipe;
    // end quietly (as Unix tools do) instead of reporting an internal error.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !broken_pipe(info.payload()) {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(STACK);
    if let Some(n) = cli.threads {
        pool = pool.num_threads(n.max(1));
    }
    let _ = pool.build_global();
    // The main thread does some of that work too (dropping trees, sequential passes).
    let worker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || run(cli));
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(payload)) if broken_pipe(&*payload) => ExitCode::SUCCESS,
        _ => {
            eprintln!("awaitify: error: internal error (see above)");
            ExitCode::from(2)
        }
    }
}

/// A panic from printing to a closed pipe (`failed printing to stdout: Broken pipe`).
fn broken_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.contains("failed printing to std") && text.contains("Broken pipe")
}

fn run(cli: Cli) -> ExitCode {
    if matches!(cli.command, Command::Migrate(_) | Command::Lint(_)) {
        progress::start();
    }
    let result = run_command(cli);
    progress::finish();
    result
}

fn run_command(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Migrate(args) => migrate(args),
        Command::Explain(args) => explain(args),
        Command::Graph(args) => graph(args),
        Command::Catalog(args) => list_catalog(args),
        Command::Trace(args) => trace::trace(args),
        Command::Lint(args) => lint_cmd::lint(args),
        Command::Rule(args) => lint_cmd::show_rule(args),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "awaitify", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(cmd).render(&mut std::io::stdout()) {
                // `awaitify man | head`: the reader stopped early.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(ExitCode::SUCCESS),
            }
        }
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`| head`): nothing more to say.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("awaitify: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

struct Setup {
    lang: Lang,
    root: PathBuf,
    catalog: Catalog,
    options: Options,
    exclude: globset::GlobSet,
    config: config::Config,
    /// Files whose text comes from elsewhere than the disk (`lint -`): (path relative to
    /// the root, text).
    overrides: Vec<(String, String)>,
}

fn setup(path: &Path, args: &CommonArgs) -> Result<Setup> {
    let root = path.to_path_buf();
    if !root.is_dir() {
        bail!("{}: not a directory", root.display());
    }
    let config = match &args.config {
        Some(file) => config::Config::load_file(file)?,
        None => config::Config::load(&root)?,
    };
    let lang = args.lang.unwrap_or_else(|| detect_lang(&root));
    let lang_name = match lang {
        Lang::Python => "python",
        Lang::Rust => "rust",
    };
    let mut catalog = Catalog::default();
    let rules_dir = args
        .rules
        .clone()
        .or_else(|| std::env::var_os("AWAITIFY_RULES").map(PathBuf::from));
    match rules_dir {
        Some(dir) => {
            let dir = dir.join(lang_name);
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .with_context(|| format!("{}: cannot read the rules directory", dir.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f)
                    .with_context(|| format!("{}: cannot read", f.display()))?;
                catalog.add_toml(&f.display().to_string(), &text, lang_name, false)?;
            }
        }
        None => {
            for (lang, name, text) in shipped::SHIPPED {
                if *lang == lang_name {
                    catalog.add_toml(&format!("rules/{lang}/{name}"), text, lang_name, false)?;
                }
            }
        }
    }
    if let Some(origin) = &config.origin {
        catalog.add_file(
            &origin.display().to_string(),
            config.catalog_file(),
            lang_name,
            true,
        )?;
    }
    let naming = match args.naming {
        Some(NamingArg::Prefix) => Naming::Prefix,
        Some(NamingArg::Suffix) => Naming::Suffix,
        Some(NamingArg::Inplace) => Naming::Inplace,
        None => match config.naming.as_deref() {
            // Rust's convention is a suffix (`load_async`); Python's, Instagram's prefix.
            None if lang == Lang::Rust => Naming::Suffix,
            None | Some("prefix") => Naming::Prefix,
            Some("suffix") => Naming::Suffix,
            Some("inplace") => Naming::Inplace,
            Some(other) => {
                bail!("[tool.awaitify] naming: `{other}` is not one of prefix, suffix, inplace")
            }
        },
    };
    let native = match args.strategy {
        Some(s) => s == StrategyArg::Native,
        None => match config.strategy.as_deref() {
            None | Some("default") => false,
            Some("native") => true,
            Some(other) => {
                bail!("[tool.awaitify] strategy: `{other}` is not one of default, native")
            }
        },
    };
    let keep_sync: Vec<String> = config
        .keep_sync
        .iter()
        .chain(&args.keep_sync)
        .cloned()
        .collect();
    for g in &keep_sync {
        globset::Glob::new(g).with_context(|| format!("--keep-sync `{g}` is not a valid glob"))?;
    }
    let mut roots: Vec<String> = config.roots.iter().chain(&args.roots).cloned().collect();
    if roots.is_empty() && root.join("src").is_dir() {
        roots.push("src".into());
    }
    let mut ex = globset::GlobSetBuilder::new();
    for g in config.exclude.iter().chain(&args.exclude) {
        ex.add(
            globset::Glob::new(g)
                .with_context(|| format!("--exclude `{g}` is not a valid glob"))?,
        );
    }
    let options = Options {
        naming,
        native,
        keep_sync,
        only: config.only.iter().chain(&args.only).cloned().collect(),
        runtime_module: args
            .runtime_module
            .clone()
            .or(config.runtime_module.clone()),
        roots,
        include_tests: args.include_tests || config.include_tests,
        analysis_only: false,
        // Lint resolves on demand; this resolves everything, to compare the two.
        whole_program: std::env::var_os("AWAITIFY_LINT_WHOLE_PROGRAM").is_some(),
        transparent_decorators: config.transparent_decorators.clone(),
        evidence: match &args.evidence {
            Some(file) => {
                if lang == Lang::Rust {
                    bail!("--evidence: runtime traces are for Python projects");
                }
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("{}: cannot read the trace", file.display()))?;
                let origin = file.display().to_string();
                let trace = awaitify_python::evidence::Trace::parse(&origin, &text)
                    .map_err(anyhow::Error::msg)?;
                Some(std::sync::Arc::new((origin, trace)))
            }
            None => None,
        },
        top: args.top,
        dependency_minimums: dependency_minimums(&root),
    };
    Ok(Setup {
        lang,
        root,
        catalog,
        options,
        exclude: ex.build()?,
        config,
        overrides: vec![],
    })
}

/// The lowest version of each dependency the project declares, from `pyproject.toml`
/// (`[project] dependencies`, Poetry's table), `setup.cfg`'s `install_requires` and
/// `requirements*.txt` (also under `requirements/`): where several allow different
/// versions, the lowest, since the code must run on all of them.
fn dependency_minimums(root: &Path) -> std::collections::HashMap<String, Vec<u32>> {
    use awaitify_core::catalog::dependency;
    let mut lines: Vec<String> = vec![];
    if let Ok(text) = std::fs::read_to_string(root.join("pyproject.toml"))
        && let Ok(doc) = text.parse::<toml::Table>()
    {
        if let Some(deps) = doc
            .get("project")
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.as_array())
        {
            lines.extend(deps.iter().filter_map(|d| d.as_str().map(String::from)));
        }
        if let Some(deps) = doc
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.as_table())
        {
            for (name, spec) in deps {
                let v = match spec {
                    toml::Value::String(v) => v.clone(),
                    toml::Value::Table(t) => t
                        .get("version")
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string(),
                    _ => String::new(),
                };
                lines.push(format!("{name}{v}"));
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(root.join("setup.cfg")) {
        let mut inside = false;
        for line in text.lines() {
            if line.trim_start().starts_with("install_requires") {
                inside = true;
                lines.extend(line.split_once('=').map(|(_, v)| v.to_string()));
                continue;
            }
            if inside {
                if line.starts_with([' ', '\t']) {
                    lines.push(line.to_string());
                } else {
                    inside = false;
                }
            }
        }
    }
    let mut files: Vec<PathBuf> = vec![];
    for dir in [root.to_path_buf(), root.join("requirements")] {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            files.extend(entries.flatten().map(|e| e.path()).filter(|p| {
                p.extension().is_some_and(|e| e == "txt")
                    && (dir != root
                        || p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("requirements")))
            }));
        }
    }
    for f in files {
        if let Ok(text) = std::fs::read_to_string(f) {
            lines.extend(text.lines().map(String::from));
        }
    }
    let mut out: std::collections::HashMap<String, Vec<u32>> = Default::default();
    for (name, min) in lines.iter().filter_map(|l| dependency(l)) {
        if let Some(min) = min {
            let slot = out.entry(name).or_insert_with(|| min.clone());
            if min < *slot {
                *slot = min;
            }
        }
    }
    out
}

/// `--show-settings`: what a run would use, and where each setting comes from.
fn show_settings(setup: &Setup, args: &CommonArgs, lint: bool) -> String {
    let cfg = &setup.config;
    let origin = cfg
        .origin
        .as_ref()
        .map_or_else(|| "none".to_string(), |p| p.display().to_string());
    let from = |cli: bool, config: bool| {
        if cli {
            "command line".to_string()
        } else if config {
            format!("configuration {origin}")
        } else {
            "default".to_string()
        }
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            "[]".to_string()
        } else {
            format!("[{}]", v.join(", "))
        }
    };
    let o = &setup.options;
    let mut lines = vec![
        format!(
            "project root: {}",
            std::fs::canonicalize(&setup.root)
                .unwrap_or(setup.root.clone())
                .display()
        ),
        format!(
            "language: {} ({})",
            match setup.lang {
                Lang::Python => "python",
                Lang::Rust => "rust",
            },
            if args.lang.is_some() {
                "command line"
            } else {
                "detected"
            }
        ),
        format!("configuration file: {origin}"),
        format!(
            "catalog: {} blocking calls ({})",
            setup.catalog.len(),
            match args
                .rules
                .clone()
                .or_else(|| std::env::var_os("AWAITIFY_RULES").map(PathBuf::from))
            {
                Some(dir) => format!("rules from {}", dir.display()),
                None => "the shipped rules/".to_string(),
            } + &if cfg.blocking.is_empty() {
                String::new()
            } else {
                format!(", {} from the configuration", cfg.blocking.len())
            }
        ),
    ];
    if !lint {
        lines.extend([
            format!(
                "naming: {} ({})",
                match o.naming {
                    Naming::Prefix => "prefix",
                    Naming::Suffix => "suffix",
                    Naming::Inplace => "inplace",
                },
                from(args.naming.is_some(), cfg.naming.is_some())
            ),
            format!(
                "strategy: {} ({})",
                if o.native { "native" } else { "default" },
                from(args.strategy.is_some(), cfg.strategy.is_some())
            ),
            format!(
                "keep-sync: {} ({})",
                list(&o.keep_sync),
                from(!args.keep_sync.is_empty(), !cfg.keep_sync.is_empty())
            ),
            format!(
                "only: {} ({})",
                list(&o.only),
                from(!args.only.is_empty(), !cfg.only.is_empty())
            ),
            format!(
                "runtime-module: {} ({})",
                o.runtime_module
                    .as_deref()
                    .unwrap_or("<top package>._awaitify_runtime"),
                from(args.runtime_module.is_some(), cfg.runtime_module.is_some())
            ),
            format!(
                "include-tests: {} ({})",
                o.include_tests,
                from(args.include_tests, cfg.include_tests)
            ),
            format!(
                "transparent-decorators: {}",
                list(&o.transparent_decorators)
            ),
        ]);
    }
    lines.push(format!(
        "roots: {} ({})",
        list(&o.roots),
        from(!args.roots.is_empty(), !cfg.roots.is_empty())
    ));
    lines.push(format!(
        "exclude: {} ({})",
        list(
            &cfg.exclude
                .iter()
                .chain(&args.exclude)
                .cloned()
                .collect::<Vec<_>>()
        ),
        from(!args.exclude.is_empty(), !cfg.exclude.is_empty())
    ));
    if lint {
        lines.extend([
            if cfg.select.is_empty() {
                "select: the rules on by default (awaitify rule --all)".to_string()
            } else {
                format!(
                    "select: {} (configuration; --select replaces it)",
                    list(&cfg.select)
                )
            },
            format!("extend-select: {}", list(&cfg.extend_select)),
            format!("ignore: {}", list(&cfg.ignore)),
            format!(
                "per-file-ignores: {}",
                list(
                    &cfg.per_file_ignores
                        .iter()
                        .map(|(g, c)| format!("{g} = {}", c.join(" ")))
                        .collect::<Vec<_>>()
                )
            ),
            format!(
                "async-prefix: {}",
                cfg.async_prefix.as_deref().unwrap_or("none")
            ),
        ]);
    }
    lines.join("\n") + "\n"
}

/// Rust when the directory is a Cargo package or workspace and not a Python project.
fn detect_lang(root: &Path) -> Lang {
    let python = ["pyproject.toml", "setup.py", "setup.cfg"]
        .iter()
        .any(|f| root.join(f).is_file())
        && !binary_wheel(root);
    if root.join("Cargo.toml").is_file() && !python {
        Lang::Rust
    } else {
        Lang::Python
    }
}

/// A pyproject.toml that only ships a Rust binary as a wheel (maturin `bindings = "bin"`,
/// as this project does): the project is Rust.
fn binary_wheel(root: &Path) -> bool {
    std::fs::read_to_string(root.join("pyproject.toml"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| {
            t.get("tool")
                .and_then(|t| t.get("maturin"))
                .and_then(|m| m.get("bindings"))
                .and_then(|b| b.as_str())
                == Some("bin")
        })
}

fn rust_options(setup: &Setup) -> awaitify_rust::Options {
    awaitify_rust::Options {
        naming: setup.options.naming,
        keep_sync: setup.options.keep_sync.clone(),
        only: setup.options.only.clone(),
    }
}

fn load_rust(setup: &Setup) -> (awaitify_rust::Project, Vec<awaitify_python::Problem>) {
    let t = std::time::Instant::now();
    let found = walk::rust_files(&setup.root, &setup.exclude);
    found.warnings.iter().for_each(|w| warn(w));
    timing("walk and read", t);
    let t = std::time::Instant::now();
    let project = awaitify_rust::Project::load(found.inputs);
    timing("parse and extract", t);
    let mut problems = found.problems;
    problems.extend(project.problems.iter().cloned());
    problems.sort_by(|a, b| a.rel.cmp(&b.rel));
    (project, problems)
}

/// `-q` (lint, migrate): findings or the diff only, no warnings.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn set_quiet(on: bool) {
    QUIET.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// A `warning:` line on stderr (as ruff prints them), unless `-q`.
pub(crate) fn warn(message: &str) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        crate::progress::suspend(|| eprintln!("warning: {message}"));
    }
}

/// `AWAITIFY_TIMINGS=1` prints how long each phase took (stderr).
fn timing(what: &str, since: std::time::Instant) {
    progress::phase(what);
    if std::env::var_os("AWAITIFY_TIMINGS").is_some() {
        // Resident memory after the phase (Linux), to see what each phase keeps.
        let rss_mb = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map(|pages| pages * 4096 / (1 << 20));
        eprintln!(
            "timing: {what}: {:.1} ms{}",
            since.elapsed().as_secs_f64() * 1000.0,
            rss_mb
                .map(|m| format!(", resident {m} MB"))
                .unwrap_or_default()
        );
    }
}

fn load(setup: &Setup) -> (Project, Vec<awaitify_python::Problem>) {
    let t = std::time::Instant::now();
    let mut found = walk::python_files(&setup.root, &setup.exclude);
    found.warnings.iter().for_each(|w| warn(w));
    for (rel, text) in &setup.overrides {
        found.problems.retain(|p| p.rel != *rel);
        match found.inputs.iter_mut().find(|i| i.rel == *rel) {
            Some(input) => {
                input.text = text.clone();
                input.encoding = Default::default();
            }
            None => found.inputs.push(awaitify_core::migration::Input {
                rel: rel.clone(),
                text: text.clone(),
                encoding: Default::default(),
            }),
        }
    }
    timing("walk and read", t);
    let t = std::time::Instant::now();
    // Lint leaves out what only migration reads.
    let project = Project::load_with(
        found.inputs,
        &setup.options.roots,
        !setup.options.analysis_only,
    );
    timing("parse and extract", t);
    if std::env::var_os("AWAITIFY_TIMINGS").is_some() {
        eprintln!(
            "sites (call, with, iter, value): {:?}",
            project.site_counts()
        );
    }
    let mut problems = found.problems;
    problems.extend(project.problems.iter().cloned());
    problems.sort_by(|a, b| a.rel.cmp(&b.rel));
    (project, problems)
}

fn migrate(args: MigrateArgs) -> Result<ExitCode> {
    set_quiet(args.quiet);
    let common = CommonArgs::of(&args.project, &args.migration);
    // `migrate -`: one file's text from standard input (an editor's unsaved buffer).
    let stdin = read_stdin_path(&args.paths, args.stdin_filename.as_ref())?;
    let paths = match &stdin {
        Some((name, _)) => vec![name.clone()],
        None => expand_paths(&args.paths)?,
    };
    // One directory: that is the project. Files (or globs, or a directory inside a
    // project beside them): their project is analysed whole, and the diff shown is theirs.
    let (project_dir, only) = if stdin.is_none() && paths.len() == 1 && paths[0].is_dir() {
        (paths[0].clone(), None)
    } else {
        if args.write || args.patch_dir.is_some() {
            bail!(
                "{}: --write and --patch-dir take the project, not some of its files (written alone, they would call async versions the other files do not have yet; --only migrates what one entry point needs)",
                paths[0].display()
            );
        }
        let root = lint_cmd::find_project(&project_start(&paths[0], stdin.is_some()));
        let root_abs = std::fs::canonicalize(&root).unwrap_or(root.clone());
        let mut rels = vec![];
        for p in &paths {
            rels.push(lint_cmd::relative_to(&root_abs, p)?);
        }
        (root, Some(rels))
    };
    let mut setup = setup(&project_dir, &common)?;
    if common.show_settings {
        print!("{}", show_settings(&setup, &common, false));
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some((_, text)), Some(rels)) = (&stdin, &only) {
        if setup.lang == Lang::Rust {
            bail!("`-` (standard input) is supported for Python projects");
        }
        setup.overrides.push((rels[0].clone(), text.clone()));
    }
    // The project is read once; `--interactive` plans again with more functions kept sync.
    let (loaded, mut problems) = if setup.lang == Lang::Rust {
        let (project, problems) = load_rust(&setup);
        if project.files.is_empty() && problems.is_empty() {
            warn(&format!(
                "no Rust files found under {}",
                setup.root.display()
            ));
        }
        (Loaded::Rust(Box::new(project)), problems)
    } else {
        let (project, problems) = load(&setup);
        if project.is_empty() && problems.is_empty() {
            warn(&format!(
                "no Python files found under {}",
                setup.root.display()
            ));
        }
        (Loaded::Python(project), problems)
    };
    let mut migration = plan(&setup, &loaded, &[], !args.interactive)?;
    let mut kept_by_review = vec![];
    if args.interactive && !migration.report.functions.is_empty() {
        progress::finish();
        let Some(decision) =
            interactive::review(|keep| plan(&setup, &loaded, keep, false), &migration)?
        else {
            eprintln!("awaitify: the review ended before its last answer: nothing was changed");
            return Ok(ExitCode::from(2));
        };
        if !decision.keep_sync.is_empty() {
            migration = plan(&setup, &loaded, &decision.keep_sync, true)?;
        }
        let now: std::collections::BTreeSet<&str> = migration
            .report
            .functions
            .iter()
            .map(|f| f.qualname.as_str())
            .collect();
        for q in decision
            .accepted
            .iter()
            .filter(|q| !now.contains(q.as_str()))
        {
            eprintln!(
                "awaitify: `{q}` stays sync after all: what made it async goes through a function you kept sync"
            );
        }
        kept_by_review = decision.keep_sync;
    }
    if setup.lang == Lang::Rust && args.verify && args.verify_with.is_none() {
        match verify_rust(&args, &setup, &loaded, &kept_by_review, migration)? {
            Ok(m) => migration = m,
            Err(code) => return Ok(code),
        }
    }
    problems.extend(migration.problems.iter().cloned());
    let python = (setup.lang == Lang::Python).then(|| verify::project_python(&setup.root));
    if let Some(code) = verified(&args, &setup, &migration, python.as_deref())? {
        return Ok(code);
    }
    limit_to_paths(&mut migration, only.as_deref());
    let code = emit(&args, &setup, &migration, &problems)?;
    // The process ends here: freeing the syntax summaries and texts one by one would only
    // cost time (as in lint).
    std::mem::forget(loaded);
    std::mem::forget(migration);
    if !kept_by_review.is_empty() && !args.quiet {
        eprintln!(
            "kept sync in the review: {} (to keep them so in later runs, add them to `keep-sync` in the configuration, or pass: {})",
            kept_by_review.len(),
            kept_by_review
                .iter()
                .map(|g| format!("--keep-sync '{g}'"))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    Ok(code)
}

/// At most this many `cargo check` rounds for `--verify`.
const VERIFY_ROUNDS: usize = 8;

/// Rust `--verify`: `cargo check` the migration in a scratch copy, whole and then wave by
/// wave (each prefix of a `--patch-dir` series); the migrated functions the errors fall in
/// are kept sync (with the error as the reason) and the migration is planned again, until
/// every wave checks. Errors outside every migrated function stop the run
/// (exit 2, nothing written).
fn verify_rust(
    args: &MigrateArgs,
    setup: &Setup,
    loaded: &Loaded,
    kept_by_review: &[String],
    mut migration: Migration,
) -> Result<std::result::Result<Migration, ExitCode>> {
    let t = std::time::Instant::now();
    let mut keep: Vec<String> = kept_by_review.to_vec();
    let mut dropped: Vec<(String, String, String)> = vec![];
    let mut rounds = 0;
    let sets = if migration.changes.is_empty() {
        vec![]
    } else {
        verify::cargo_check_sets(&setup.root)?
    };
    if sets.is_empty() && !migration.changes.is_empty() {
        progress::finish();
        eprintln!(
            "awaitify: --verify: the project does not pass `cargo check --all-targets` (nor `--lib --tests`) before migration, so the migration cannot be checked; nothing was written"
        );
        return Ok(Err(ExitCode::from(2)));
    }
    while !migration.changes.is_empty() {
        rounds += 1;
        // The whole migration with every set; then each earlier wave (what a
        // `--patch-dir` series lands one by one) with the first set.
        let last = verify::last_wave(&migration);
        let mut errors = verify::cargo_errors(&migration, &setup.root, &sets, last)?;
        let mut at = last;
        if errors.is_empty() {
            for wave in 0..last {
                errors = verify::cargo_errors(&migration, &setup.root, &sets[..1], wave)?;
                if !errors.is_empty() {
                    at = wave;
                    break;
                }
            }
        }
        if errors.is_empty() {
            break;
        }
        let (found, outside) = verify::culprits(&migration, &errors, at);
        if !outside.is_empty() || rounds >= VERIFY_ROUNDS {
            progress::finish();
            let shown: Vec<String> = errors.iter().take(8).map(|e| format!("  {e}")).collect();
            eprintln!(
                "awaitify: --verify: the migration does not compile after {rounds} round(s), and {}; nothing was written:\n{}",
                if outside.is_empty() {
                    "the rounds ran out".to_string()
                } else {
                    format!(
                        "{} error(s) fall outside every migrated function",
                        outside.len()
                    )
                },
                shown.join("\n")
            );
            return Ok(Err(ExitCode::from(2)));
        }
        for (q, e) in found {
            let location = migration
                .report
                .functions
                .iter()
                .find(|f| f.qualname == q)
                .map(|f| f.location.clone())
                .unwrap_or_default();
            keep.push(globset::escape(&q));
            dropped.push((q, location, e.to_string()));
        }
        migration = plan(setup, loaded, &keep, false)?;
    }
    timing("verify (cargo check rounds)", t);
    // Each dropped function is listed once, with the compiler's reason (not as a
    // keep-sync request).
    migration.report.cannot_be_async.retain(|item| {
        !dropped
            .iter()
            .any(|(q, location, _)| item.location == *location && item.message.contains(q.as_str()))
    });
    for (q, location, why) in &dropped {
        migration
            .report
            .cannot_be_async
            .push(awaitify_core::migration::ReviewItem::new(
                location.clone(),
                format!("`{q}` stays sync: the migrated code would not compile ({why})"),
            ));
    }
    if !args.quiet && rounds > 0 {
        progress::finish();
        let sets: Vec<String> = sets
            .iter()
            .map(|s| format!("`cargo check {}`", s.join(" ")))
            .collect();
        eprintln!(
            "awaitify: --verify: {} pass{} after {rounds} round(s), and every earlier wave passes {} ({:.1} s){}",
            sets.join(" and "),
            if sets.len() == 1 { "es" } else { "" },
            if sets.len() == 1 {
                "it too"
            } else {
                "the first"
            },
            t.elapsed().as_secs_f64(),
            if dropped.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} function(s) kept sync because the migrated code would not compile (listed under \"cannot be async\")",
                    dropped.len()
                )
            }
        );
    }
    Ok(Ok(migration))
}

/// A project read and parsed, in either language.
enum Loaded {
    Python(Project),
    Rust(Box<awaitify_rust::Project>),
}

/// Analyse and rewrite, with `keep` (globs) kept sync besides the configured ones.
/// `last`: the run's final plan, whose analysis need not be freed (the process ends soon).
fn plan(setup: &Setup, loaded: &Loaded, keep: &[String], last: bool) -> Result<Migration> {
    let t = std::time::Instant::now();
    match loaded {
        Loaded::Rust(project) => {
            let mut options = rust_options(setup);
            options.keep_sync.extend(keep.iter().cloned());
            let a = awaitify_rust::analyze(project, &setup.catalog, &options);
            timing("resolve, call graph, taint", t);
            for o in &options.only {
                if !(0..project.funcs.len()).any(|f| project.qualname(f) == *o) {
                    bail!("--only `{o}`: no such function in the project");
                }
            }
            let t = std::time::Instant::now();
            let mut migration = awaitify_rust::migrate(&a);
            timing("rewrite, apply, re-parse", t);
            if migration.changes.is_empty() {
                let (mut found, suppressions) = awaitify_rust::lint::lint(&a);
                awaitify_core::lint::apply_suppressions(&mut found, &suppressions);
                // Tests are not the migration's (they keep calling the shims).
                let tests: std::collections::BTreeSet<String> = (0..project.funcs.len())
                    .filter(|&f| a.is_test[f])
                    .map(|f| project.qualname(f))
                    .collect();
                found.retain(|f| !tests.contains(&f.context));
                migration.report.unlisted_blocking = migration.report.unexplained(&found);
            }
            if last {
                std::mem::forget(a);
            }
            Ok(migration)
        }
        Loaded::Python(project) => {
            let mut options = setup.options.clone();
            options.keep_sync.extend(keep.iter().cloned());
            let a = project.analyze(&setup.catalog, &options);
            if let Some(e) = &a.evidence_error {
                bail!("{e}");
            }
            timing("resolve, call graph, taint", t);
            for o in &options.only {
                if !(0..a.index.funcs.len()).any(|f| a.index.qualname(f) == *o) {
                    bail!("--only `{o}`: no such function in the project");
                }
            }
            let t = std::time::Instant::now();
            let mut migration = awaitify_python::migrate_analysis(&a);
            timing("rewrite, apply, re-parse", t);
            if migration.changes.is_empty() {
                // The tree is the migration's result: every blocking call left in async
                // code must be one the report lists.
                let lint_options = awaitify_python::lint::LintOptions {
                    async_prefix: setup.config.async_prefix.clone(),
                };
                let (mut found, suppressions) = awaitify_python::lint::lint(&a, &lint_options);
                awaitify_core::lint::apply_suppressions(&mut found, &suppressions);
                // Tests are not the migration's unless it includes them.
                if !options.include_tests {
                    found.retain(|f| !awaitify_python::is_test_path(&f.path));
                }
                migration.report.unlisted_blocking = migration.report.unexplained(&found);
            }
            if last {
                std::mem::forget(a);
            }
            Ok(migration)
        }
    }
}

/// `migrate FILE...`: keep those files' changes and the functions made async in them (the
/// project's migration was computed whole; verification, if asked, ran on all of it).
fn limit_to_paths(m: &mut Migration, rels: Option<&[String]>) {
    let Some(rels) = rels else { return };
    let in_scope = |path: &str| {
        rels.iter().any(|w| {
            w.is_empty()
                || path == w
                || path
                    .strip_prefix(w.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    };
    let files = m.changes.len();
    m.changes.retain(|c| in_scope(&c.rel));
    m.report.functions.retain(|f| {
        f.location
            .rsplit_once(':')
            .is_some_and(|(p, _)| in_scope(p))
    });
    let kept: Vec<&str> = m
        .report
        .functions
        .iter()
        .map(|f| f.qualname.as_str())
        .collect();
    m.report.shims.retain(|q| kept.contains(&q.as_str()));
    eprintln!(
        "awaitify: showing {} only, from the project's migration ({files} file(s) change in all)",
        rels.join(", ")
    );
}

/// The project a path names: a directory is one; a file's is found above it.
fn project_of(path: &Path) -> PathBuf {
    if path.is_file() {
        lint_cmd::find_project(path)
    } else {
        path.to_path_buf()
    }
}

/// `-` as the only path: (the file it stands for, the text on standard input).
pub(crate) fn read_stdin_path(
    paths: &[PathBuf],
    stdin_filename: Option<&PathBuf>,
) -> Result<Option<(PathBuf, String)>> {
    if !paths.iter().any(|p| p.as_os_str() == "-") {
        if let Some(name) = stdin_filename {
            bail!(
                "--stdin-filename {}: only with `-` as the path (the source on standard input)",
                name.display()
            );
        }
        return Ok(None);
    }
    if paths.len() > 1 {
        bail!("`-` (standard input) cannot be combined with other paths");
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
        .context("standard input: cannot read it as UTF-8 text")?;
    let name = stdin_filename
        .cloned()
        .unwrap_or_else(|| PathBuf::from("stdin.py"));
    Ok(Some((name, text)))
}

/// Where to look for the project of a path: its directory (a file read from standard
/// input need not exist).
pub(crate) fn project_start(first: &Path, from_stdin: bool) -> PathBuf {
    if from_stdin || first.is_file() {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    } else {
        first.to_path_buf()
    }
}

/// Paths as given, with globs (`'src/**/*.py'`, quoted so the shell leaves them) expanded
/// to the files they match, sorted; a path that does not exist is an error.
pub(crate) fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = vec![];
    for p in paths {
        if p.exists() {
            out.push(p.clone());
            continue;
        }
        let text = p.to_string_lossy();
        if !text.contains(['*', '?', '[', '{']) {
            bail!("{}: no such file or directory", p.display());
        }
        let glob = globset::GlobBuilder::new(&text)
            .literal_separator(true)
            .build()
            .with_context(|| format!("{text}: not a valid glob"))?
            .compile_matcher();
        // Walk from the part before the first wildcard.
        let base: PathBuf = p
            .components()
            .take_while(|c| {
                !c.as_os_str()
                    .to_string_lossy()
                    .contains(['*', '?', '[', '{'])
            })
            .collect();
        let start = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.clone()
        };
        let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(&start)
            .hidden(false)
            .require_git(false)
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| {
                let path = e.into_path();
                if base.as_os_str().is_empty() {
                    path.strip_prefix(".")
                        .map(Path::to_path_buf)
                        .unwrap_or(path)
                } else {
                    path
                }
            })
            .filter(|path| glob.is_match(path))
            .collect();
        if found.is_empty() {
            bail!("{text}: no file matches this glob");
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// `--verify` / `--verify-with`: `Some(exit code)` when the migration fails its check
/// (reported; nothing printed or written), `None` to go on.
fn verified(
    args: &MigrateArgs,
    setup: &Setup,
    migration: &Migration,
    python: Option<&Path>,
) -> Result<Option<ExitCode>> {
    if (!args.verify && args.verify_with.is_none()) || migration.changes.is_empty() {
        return Ok(None);
    }
    let with = match (&args.verify_with, python) {
        (Some(cmd), _) => Some(cmd.clone()),
        // Rust's `--verify` checked every wave already (`verify_rust`).
        (None, None) => return Ok(None),
        (None, Some(_)) => None,
    };
    let t = std::time::Instant::now();
    let failure = verify::verify(
        migration,
        &setup.root,
        &setup.options.roots,
        python.filter(|_| args.verify),
        with.as_deref(),
    )?;
    timing("verify", t);
    progress::finish();
    match failure {
        Some(verify::Failure(why)) => {
            eprintln!("awaitify: {why}");
            Ok(Some(ExitCode::from(2)))
        }
        None => {
            if !args.quiet {
                let what = match (&with, python.filter(|_| args.verify)) {
                    (Some(cmd), Some(_)) => {
                        format!("`{cmd}` passes after every wave and every migrated module imports")
                    }
                    (Some(cmd), None) => format!("`{cmd}` passes after every wave"),
                    (None, _) => "every migrated module imports".to_string(),
                };
                eprintln!("awaitify: verified in a scratch copy: {what}");
            }
            Ok(None)
        }
    }
}

/// Print, write or check a migration (any language).
fn emit(
    args: &MigrateArgs,
    setup: &Setup,
    migration: &Migration,
    problems: &[awaitify_python::Problem],
) -> Result<ExitCode> {
    progress::finish();
    for p in problems {
        eprintln!("{p}");
    }

    let mut write_failures = 0usize;
    if let Some(dir) = &args.patch_dir {
        write_patch_series(dir, migration)?;
    } else if args.write {
        // Every file is tried; one that cannot be written safely is reported and left as
        // it is, and the exit code says so.
        remove_stray_temporaries(setup, migration);
        if let Some(ms) = std::env::var("AWAITIFY_TEST_PAUSE_BEFORE_WRITE")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            // A testing hook: lets a test edit a file between our read and our write.
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let between = std::env::var("AWAITIFY_TEST_PAUSE_BETWEEN_WRITES")
            .ok()
            .and_then(|v| v.parse::<u64>().ok());
        for (i, c) in migration.changes.iter().enumerate() {
            if let (Some(ms), true) = (between, i > 0) {
                // A testing hook: lets a test kill the process between two writes.
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
            let path = setup.root.join(&c.rel);
            let result = match &c.old {
                Some(old) => write_checked(&path, &c.bytes_of(old), &c.bytes_of(&c.new)),
                None => write_atomic(&path, c.new.as_bytes(), true),
            };
            if let Err(e) = result {
                eprintln!("{}: {e:#}", c.rel);
                write_failures += 1;
            }
        }
    } else if !args.check || args.verbose {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let color = args.color.on();
        for c in &migration.changes {
            let mut bytes = c.diff_bytes(3);
            if args.annotate {
                bytes.splice(0..0, annotation(migration, c).into_bytes());
            }
            if color {
                bytes = awaitify_core::diff::colorize(&bytes);
            }
            out.write_all(&bytes)?;
        }
    }
    if let Some(path) = &args.summary_json {
        let json = serde_json::to_string_pretty(&migration.report)?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    if let Some(dir) = &args.html {
        let title = std::fs::canonicalize(&setup.root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| setup.root.display().to_string());
        std::fs::create_dir_all(dir)
            .with_context(|| format!("--html {}: cannot create the directory", dir.display()))?;
        let index = dir.join("index.html");
        write_atomic(&index, html::render(migration, &title).as_bytes(), true)
            .with_context(|| format!("--html {}", index.display()))?;
        if !args.quiet {
            eprintln!("awaitify: review report written to {}", index.display());
        }
    }
    if !args.quiet {
        print_summary(migration, problems, args.verbose, args.write, setup.lang);
    }
    Ok(if !problems.is_empty() || write_failures > 0 {
        ExitCode::from(2)
    } else if args.check
        && (!migration.changes.is_empty() || !migration.report.unlisted_blocking.is_empty())
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `# awaitify:` lines for one file's diff: each function made async there, its wave and
/// why; or what the file's change is for.
fn annotation(m: &Migration, c: &awaitify_core::migration::FileChange) -> String {
    let prefix = format!("{}:", c.rel);
    let mut out = String::new();
    for f in m
        .report
        .functions
        .iter()
        .filter(|f| f.location.starts_with(&prefix))
    {
        out.push_str(&format!(
            "# awaitify: {} (line {}, wave {}) becomes async: {}\n",
            f.qualname,
            &f.location[prefix.len()..],
            f.wave + 1,
            f.reason
        ));
    }
    if out.is_empty() {
        let what = if c.old.is_none() {
            "new file (the helper the shims call)"
        } else if c.rel.ends_with("Cargo.toml") {
            "the dependencies the migrated code needs"
        } else {
            "no function made async here; calls, imports or aliases follow functions made async elsewhere"
        };
        out = format!("# awaitify: {}: {what}\n", c.rel);
    }
    out
}

fn print_summary(
    m: &Migration,
    problems: &[awaitify_python::Problem],
    verbose: bool,
    written: bool,
    lang: Lang,
) {
    let r = &m.report;
    let mut e = String::new();
    let waves = r.functions.iter().map(|f| f.wave + 1).max().unwrap_or(0);
    e.push_str(&format!(
        "awaitify: {} function(s) made async in {} wave(s), {} shim(s), {} await(s) added\n",
        r.functions.len(),
        waves,
        r.shims.len(),
        r.awaits_added
    ));
    for f in &r.functions {
        e.push_str(&format!(
            "  {}  {} (wave {}{}{})\n",
            f.location,
            f.qualname,
            f.wave + 1,
            if f.shim { ", sync shim kept" } else { "" },
            f.blocked_seconds.map_or(String::new(), |t| format!(
                ", {t:.3} s blocked in the trace"
            ))
        ));
    }
    if let Some(ev) = &r.evidence {
        e.push_str(&format!(
            "evidence ({}): {} call edge(s) and {} blocking call(s) added to the static graph, \
             {} and {} confirmed; {} function(s) made async through a traced hop\n",
            ev.trace,
            ev.edges_added,
            ev.blocking_added,
            ev.edges_confirmed,
            ev.blocking_confirmed,
            ev.functions_through_evidence
        ));
        for (why, n) in &ev.skipped {
            e.push_str(&format!("  left out: {n} traced edge(s): {why}\n"));
        }
        if !ev.top_paths.is_empty() {
            e.push_str("costliest blocking paths (measured):\n");
            for (i, p) in ev.top_paths.iter().enumerate() {
                e.push_str(&format!(
                    "  {}. {:.3} s  {}\n",
                    i + 1,
                    p.seconds,
                    p.functions.join(" -> ")
                ));
                for c in &p.calls {
                    e.push_str(&format!("       {c}\n"));
                }
            }
        }
    }
    if !r.replacements.is_empty() {
        let parts: Vec<String> = r
            .replacements
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        e.push_str(&format!("blocking calls replaced: {}\n", parts.join(", ")));
    }
    if !r.to_thread.is_empty() {
        e.push_str(&format!(
            "{} fallbacks: {}\n",
            if lang == Lang::Rust {
                "blocking-pool (spawn_blocking / block_in_place)"
            } else if !r.thread_helper.is_empty() {
                r.thread_helper.as_str()
            } else {
                "asyncio.to_thread"
            },
            r.to_thread.len()
        ));
        if verbose || lang == Lang::Rust {
            for t in &r.to_thread {
                e.push_str(&format!("  {t}\n"));
            }
        }
    }
    if !r.packages.is_empty() {
        e.push_str(&format!(
            "packages the migrated code needs: {}\n",
            r.packages.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if !r.unresolved.is_empty() {
        e.push_str(&format!(
            "unresolved calls in async code: {}{}\n",
            r.unresolved.len(),
            if verbose {
                ""
            } else {
                " (--verbose lists them)"
            }
        ));
        if verbose {
            for u in &r.unresolved {
                e.push_str(&format!("  {u}\n"));
            }
        }
    }
    section(
        &mut e,
        "cannot be async, kept sync (calls go through shims)",
        &r.cannot_be_async,
    );
    if r.tests_kept_sync > 0 {
        e.push_str(&format!(
            "test functions kept sync (they call the shims{}): {}\n",
            if lang == Lang::Rust {
                ""
            } else {
                "; --include-tests migrates them"
            },
            r.tests_kept_sync
        ));
    }
    section(
        &mut e,
        "shims no caller in the project uses any more (retirable)",
        &r.retirable_shims,
    );
    section(&mut e, "needs review", &r.review);
    section(
        &mut e,
        "blocking calls left in async code that nothing above explains (`lint` reports them; --check fails)",
        &r.unlisted_blocking,
    );
    let created = m.changes.iter().filter(|c| c.old.is_none()).count();
    e.push_str(&format!(
        "files: {} {}, {} created{}\n",
        m.changes.len() - created,
        if written { "rewritten" } else { "would change" },
        created,
        if problems.is_empty() {
            String::new()
        } else {
            format!(", {} not processed (see above)", problems.len())
        }
    ));
    eprint!("{e}");
}

/// One titled list of the summary (`title: N`, then `  location: message` lines).
fn section(e: &mut String, title: &str, items: &[awaitify_core::migration::ReviewItem]) {
    if items.is_empty() {
        return;
    }
    e.push_str(&format!("{title}: {}\n", items.len()));
    for c in items {
        e.push_str(&format!("  {}: {}\n", c.location, c.message));
    }
}

/// Prefix of our temporary files (`.awaitify-tmp-XXXXXX`), so a stray one left by an
/// interrupted run is recognisable and removed by the next `--write`.
const TMP_PREFIX: &str = ".awaitify-tmp-";

/// Remove temporary files an interrupted `--write` left in the directories this run
/// writes to (older than a minute: a concurrent run's are left alone).
fn remove_stray_temporaries(setup: &Setup, m: &Migration) {
    let dirs: std::collections::BTreeSet<PathBuf> = m
        .changes
        .iter()
        .filter_map(|c| setup.root.join(&c.rel).parent().map(Path::to_path_buf))
        .collect();
    let now = std::time::SystemTime::now();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let stale = e.file_name().to_string_lossy().starts_with(TMP_PREFIX)
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).unwrap_or_default().as_secs() > 60);
            if stale && std::fs::remove_file(e.path()).is_ok() {
                eprintln!(
                    "awaitify: removed {} (left by an interrupted --write)",
                    e.path().display()
                );
            }
        }
    }
}

/// Replace a file we read as `old` with `new`, only if it still holds `old`: an edit made
/// since we read it is never lost (the file is left as it is, and reported). A read-only
/// file is refused; a symlink is written through to its target; permissions and (where
/// allowed) ownership are kept.
pub(crate) fn write_checked(path: &Path, old: &[u8], new: &[u8]) -> Result<()> {
    let target = if path.is_symlink() {
        std::fs::canonicalize(path).with_context(|| "cannot follow the symlink".to_string())?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target).context("cannot read its metadata")?;
    if meta.permissions().readonly() {
        bail!("read-only: not written (make it writable to migrate it)");
    }
    let unchanged = || std::fs::read(&target).is_ok_and(|now| now == old);
    if !unchanged() {
        bail!("changed since awaitify read it: not written (run awaitify again)");
    }
    write_atomic_with(&target, new, false, Some(&meta), &unchanged)
}

/// Write `text` to `path` through a temporary file in the same directory and a rename, so
/// a crash never leaves a half-written file. Keeps the file's permissions.
fn write_atomic(path: &Path, text: &[u8], create: bool) -> Result<()> {
    write_atomic_with(path, text, create, None, &|| true)
}

fn write_atomic_with(
    path: &Path,
    text: &[u8],
    create: bool,
    meta: Option<&std::fs::Metadata>,
    still_ok: &dyn Fn() -> bool,
) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if create && path.exists() {
        return Ok(()); // never overwrite a file we would create (the runtime helper)
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create directory", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    tmp.write_all(text)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    } else {
        // A created file gets the mode the diff announces (100644), not tempfile's 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))?;
        }
    }
    #[cfg(unix)]
    if let Some(meta) = meta {
        use std::os::unix::fs::MetadataExt;
        // Keep the owner where we may (root, or the owner itself); otherwise it stays ours.
        let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
    }
    // The last moment before the rename: a file edited meanwhile is left as it is.
    if !still_ok() {
        bail!("changed since awaitify read it: not written (run awaitify again)");
    }
    tmp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

fn write_patch_series(dir: &Path, m: &Migration) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let max = m.changes.iter().map(|c| c.max_wave()).max();
    let Some(max) = max else { return Ok(()) };
    let mut n = 0;
    for wave in 0..=max {
        let mut patch: Vec<u8> = vec![];
        let mut names: Vec<(&str, &str)> = m
            .report
            .functions
            .iter()
            .filter(|f| f.wave == wave)
            .map(|f| (f.qualname.as_str(), f.reason.as_str()))
            .collect();
        names.sort();
        for c in &m.changes {
            let before = if wave == 0 {
                c.old.clone()
            } else {
                c.text_at_wave(wave - 1).or_else(|| c.old.clone())
            };
            let after = c.text_at_wave(wave);
            let Some(after) = after else { continue };
            patch.extend(c.bytes_of(&awaitify_core::diff::unified(
                &c.rel,
                before.as_deref(),
                &after,
                3,
            )));
        }
        if patch.is_empty() {
            continue;
        }
        n += 1;
        let header = format!(
            "awaitify wave {}: {} function(s) made async\n\n{}\n---\n",
            wave + 1,
            names.len(),
            names
                .iter()
                .map(|(q, why)| format!("- {q}: {why}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let path = dir.join(format!("{n:04}-awaitify-wave-{}.patch", wave + 1));
        std::fs::write(&path, [header.as_bytes(), &patch].concat())
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    eprintln!("awaitify: wrote {n} patch(es) to {}", dir.display());
    Ok(())
}

fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let setup = setup(
        &project_of(&args.path),
        &CommonArgs::of(&args.project, &args.migration),
    )?;
    if setup.lang == Lang::Rust {
        let (project, problems) = load_rust(&setup);
        for p in &problems {
            eprintln!("{p}");
        }
        let options = rust_options(&setup);
        let a = awaitify_rust::analyze(&project, &setup.catalog, &options);
        return match awaitify_rust::explain(&a, &args.qualname) {
            Ok(text) => {
                print!("{text}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => bail!("{e}"),
        };
    }
    let (project, problems) = load(&setup);
    for p in &problems {
        eprintln!("{p}");
    }
    let a = project.analyze(&setup.catalog, &setup.options);
    if let Some(e) = &a.evidence_error {
        bail!("{e}");
    }
    match awaitify_python::explain(&a, &args.qualname) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => bail!("{e}"),
    }
}

fn graph(args: GraphArgs) -> Result<ExitCode> {
    let setup = setup(
        &project_of(&args.path),
        &CommonArgs::of(&args.project, &args.migration),
    )?;
    if setup.lang == Lang::Rust {
        bail!("graph: only Python projects are supported so far");
    }
    let (project, problems) = load(&setup);
    for p in &problems {
        eprintln!("{p}");
    }
    let a = project.analyze(&setup.catalog, &setup.options);
    if let Some(e) = &a.evidence_error {
        bail!("{e}");
    }
    let text = match args.format {
        GraphFormat::Json => {
            let mut t = serde_json::to_string_pretty(&awaitify_python::graph::to_json(&a))?;
            t.push('\n');
            t
        }
        GraphFormat::Dot => awaitify_python::graph::to_dot(&a),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn list_catalog(args: CatalogArgs) -> Result<ExitCode> {
    let setup = setup(
        &project_of(&args.path),
        &CommonArgs::of(&args.project, &MigrationArgs::default()),
    )?;
    let mut entries: Vec<_> = setup.catalog.entries().collect();
    entries.sort_by(|a, b| (&a.family, &a.name).cmp(&(&b.family, &b.name)));
    for e in entries {
        let native = if e.native.is_some() {
            " (native alternative)"
        } else {
            ""
        };
        println!(
            "{:<10} {:<45} {}{native}",
            e.family,
            e.name,
            e.strategy.as_str()
        );
    }
    let mut bound: Vec<_> = setup.catalog.not_send_entries().collect();
    bound.sort_by(|a, b| a.name.cmp(&b.name));
    for e in bound {
        println!(
            "{:<10} {:<45} {}",
            "not_send",
            e.name,
            if e.repeatable {
                "not Send: called again at each use across an .await"
            } else {
                "not Send: listed when held across an .await"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
