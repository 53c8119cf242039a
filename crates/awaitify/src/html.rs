//! `migrate --html DIR`: a static review report (`DIR/index.html`, one file, no server):
//! the summary, the waves as a graph (functions coloured by wave, the blocking calls they
//! end in marked), and per function its reason chain and its hunks, with filters by wave,
//! module, strategy and "needs review". The filters are a few lines of script that also
//! read the page's `#wave=2&module=pkg.db&strategy=thread&review=1` fragment, so a link
//! can carry a view.

use awaitify_core::migration::{FunctionChange, Migration};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `path:line[:col]` -> (path, line).
pub(crate) fn place(location: &str) -> Option<(&str, usize)> {
    let mut parts = location.splitn(3, ':');
    let path = parts.next()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((path, line))
}

/// The module a file is (`pkg/db.py` -> `pkg.db`; other languages: the path).
fn module_of(rel: &str) -> String {
    match rel.strip_suffix(".py") {
        Some(m) => {
            let m = m.strip_suffix("/__init__").unwrap_or(m);
            m.replace('/', ".")
        }
        None => rel.to_string(),
    }
}

/// A function's reason, split: the functions it goes through and the blocking call
/// (`calls `q` (at) through a -> b`).
pub(crate) fn chain(reason: &str) -> (Vec<String>, Option<(String, String)>) {
    let (head, through) = match reason.split_once(" through ") {
        Some((h, t)) => (h, t.split(" -> ").map(str::to_string).collect()),
        None => (reason, vec![]),
    };
    let call = head
        .strip_prefix("calls `")
        .and_then(|r| r.split_once("` ("))
        .map(|(q, at)| (q.to_string(), at.trim_end_matches(')').to_string()));
    (through, call)
}

struct Entry<'a> {
    f: &'a FunctionChange,
    id: String,
    rel: String,
    strategies: BTreeSet<String>,
    review: Vec<String>,
}

pub fn render(m: &Migration, title: &str) -> String {
    let mut fs: Vec<&FunctionChange> = m.report.functions.iter().collect();
    fs.sort_by(|a, b| (a.wave, &a.sort_key).cmp(&(b.wave, &b.sort_key)));
    let within = |f: &FunctionChange, location: &str| {
        let (Some((rel, start)), Some((at, line))) = (place(&f.location), place(location)) else {
            return false;
        };
        rel == at && start <= line && line <= f.end_line.max(start)
    };
    let entries: Vec<Entry> = fs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut strategies: BTreeSet<String> = m
                .report
                .replaced
                .iter()
                .filter(|r| within(f, &r.location))
                .map(|r| r.strategy.clone())
                .collect();
            if strategies.is_empty() {
                strategies.insert("awaits only".into());
            }
            let review = m
                .report
                .review
                .iter()
                .filter(|r| within(f, &r.location))
                .map(|r| format!("{}: {}", r.location, r.message))
                .collect();
            Entry {
                f,
                id: format!("f{i}"),
                rel: place(&f.location).map_or_else(String::new, |(r, _)| r.to_string()),
                strategies,
                review,
            }
        })
        .collect();
    let id_of: BTreeMap<&str, &str> = entries
        .iter()
        .map(|e| (e.f.qualname.as_str(), e.id.as_str()))
        .collect();
    let waves = fs.iter().map(|f| f.wave + 1).max().unwrap_or(0);
    let modules: BTreeSet<String> = entries.iter().map(|e| module_of(&e.rel)).collect();
    let strategies: BTreeSet<&String> = entries.iter().flat_map(|e| &e.strategies).collect();
    let r = &m.report;

    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>awaitify review: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>awaitify review: {}</h1>\n",
        esc(title),
        esc(title)
    );
    // Summary.
    let _ = write!(
        h,
        "<section id=\"summary\"><h2>Summary</h2><ul>\
         <li><b>{}</b> function(s) made async in <b>{waves}</b> wave(s)</li>\
         <li><b>{}</b> sync shim(s) kept, <b>{}</b> await(s) added</li>\
         <li><b>{}</b> file(s) change</li>\
         <li><b>{}</b> blocking call(s) replaced ({})</li>\
         <li><b>{}</b> item(s) need review, <b>{}</b> function(s) cannot be async, <b>{}</b> unresolved call(s) in async code</li>\
         </ul>",
        r.functions.len(),
        r.shims.len(),
        r.awaits_added,
        m.changes.len(),
        r.replaced.len(),
        esc(&r
            .replacements
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")),
        r.review.len(),
        r.cannot_be_async.len(),
        r.unresolved.len(),
    );
    for (heading, items) in [
        ("Needs review", &r.review),
        (
            "Cannot be async (kept sync; callers use the shims)",
            &r.cannot_be_async,
        ),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<details><summary>{heading} ({})</summary><ul>",
            items.len()
        );
        for i in items {
            let _ = write!(
                h,
                "<li><code>{}</code> {}</li>",
                esc(&i.location),
                esc(&i.message)
            );
        }
        h.push_str("</ul></details>");
    }
    h.push_str("</section>\n");

    // Filters.
    h.push_str("<section id=\"filters\"><h2>Filters</h2>");
    let select = |h: &mut String, name: &str, label: &str, options: Vec<(String, String)>| {
        let _ = write!(
            h,
            "<label>{label} <select id=\"{name}\"><option value=\"\">all</option>"
        );
        for (value, text) in options {
            let _ = write!(
                h,
                "<option value=\"{}\">{}</option>",
                esc(&value),
                esc(&text)
            );
        }
        h.push_str("</select></label> ");
    };
    select(
        &mut h,
        "wave",
        "wave",
        (1..=waves)
            .map(|w| (w.to_string(), w.to_string()))
            .collect(),
    );
    select(
        &mut h,
        "module",
        "module",
        modules.iter().map(|m| (m.clone(), m.clone())).collect(),
    );
    select(
        &mut h,
        "strategy",
        "strategy",
        strategies
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect(),
    );
    let _ = writeln!(
        h,
        "<label><input type=\"checkbox\" id=\"review\"> needs review only</label> <span id=\"shown\">{} functions</span></section>",
        entries.len()
    );

    // The graph: one column per wave (leaves on the left), the blocking calls left of
    // wave 1; an edge per hop of each function's reason chain.
    let mut columns: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    let mut leaves: BTreeSet<String> = BTreeSet::new();
    for e in &entries {
        columns
            .entry(e.f.wave + 1)
            .or_default()
            .push(e.f.qualname.clone());
        let (through, call) = chain(&e.f.reason);
        let mut from = e.f.qualname.clone();
        for t in through {
            edges.insert((from.clone(), t.clone()));
            from = t;
        }
        if let Some((q, _)) = call {
            leaves.insert(q.clone());
            edges.insert((from, format!("blocking:{q}")));
        }
    }
    columns.insert(0, leaves.iter().map(|q| format!("blocking:{q}")).collect());
    const W: usize = 230;
    const GAP: usize = 60;
    const ROW: usize = 30;
    let mut pos: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (c, names) in &columns {
        for (i, n) in names.iter().enumerate() {
            pos.insert(n, (c * (W + GAP) + 10, i * ROW + 40));
        }
    }
    let width = columns.len() * (W + GAP) + 20;
    let height = columns.values().map(Vec::len).max().unwrap_or(0) * ROW + 60;
    let _ = write!(
        h,
        "<section id=\"graph\"><h2>Waves</h2><p>Each column is a wave (it can land once the columns left of it have); a function is linked to the next hop of its reason chain; red: the blocking calls the chains end in.</p><div class=\"scroll\"><svg width=\"{width}\" height=\"{height}\">"
    );
    for c in columns.keys() {
        let label = if *c == 0 {
            "blocking calls".to_string()
        } else {
            format!("wave {c}")
        };
        let _ = write!(
            h,
            "<text class=\"col\" x=\"{}\" y=\"20\">{label}</text>",
            c * (W + GAP) + 10
        );
    }
    for (a, b) in &edges {
        if let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(a.as_str()), pos.get(b.as_str())) {
            let (y1, y2) = (y1 + 11, y2 + 11);
            if x1 == x2 {
                // Caller and callee in the same wave: an arc on the column's right.
                let x = x1 + W;
                let bulge = x + GAP / 2 + (y1.abs_diff(y2) / ROW).min(8) * 3;
                let _ = write!(
                    h,
                    "<path class=\"edge\" d=\"M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}\"/>"
                );
            } else {
                let x2 = x2 + W;
                let _ = write!(
                    h,
                    "<path class=\"edge\" d=\"M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}\"/>",
                    x1 - GAP / 2,
                    x2 + GAP / 2
                );
            }
        }
    }
    for (c, names) in &columns {
        for n in names {
            let (x, y) = pos[n.as_str()];
            let (label, class, link, wave) = match n.strip_prefix("blocking:") {
                Some(q) => (q.to_string(), "node blocking".to_string(), None, 0),
                None => (
                    n.rsplit('.')
                        .take(2)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<Vec<_>>()
                        .join("."),
                    "node".to_string(),
                    id_of.get(n.as_str()).copied(),
                    *c,
                ),
            };
            let short: String = if label.chars().count() > 32 {
                format!(
                    "…{}",
                    label
                        .chars()
                        .rev()
                        .take(31)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>()
                )
            } else {
                label
            };
            let fill = if wave == 0 {
                "#f4b6b6".to_string()
            } else {
                format!("hsl({}, 65%, 82%)", (wave * 53) % 360)
            };
            let node = format!(
                "<g class=\"{class}\" data-name=\"{}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"22\" rx=\"5\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
                esc(n),
                esc(n.strip_prefix("blocking:").unwrap_or(n)),
                x + 6,
                y + 15,
                esc(&short)
            );
            match link {
                Some(id) => {
                    let _ = write!(h, "<a href=\"#{id}\">{node}</a>");
                }
                None => h.push_str(&node),
            }
        }
    }
    h.push_str("</svg></div></section>\n");

    // The functions.
    h.push_str("<section id=\"functions\"><h2>Functions</h2>\n");
    for e in &entries {
        let f = e.f;
        let (through, call) = chain(&f.reason);
        let _ = write!(
            h,
            "<article class=\"fn\" id=\"{}\" data-wave=\"{}\" data-module=\"{}\" data-strategies=\"{}\" data-review=\"{}\" data-name=\"{}\">\
             <h3><span class=\"wave\" style=\"background: hsl({}, 65%, 82%)\">wave {}</span> <code>{}</code></h3>\
             <p class=\"where\"><code>{}</code>{} · {}</p><p class=\"why\">{}</p><ol class=\"chain\"><li><code>{}</code></li>",
            e.id,
            f.wave + 1,
            esc(&module_of(&e.rel)),
            esc(&e.strategies.iter().cloned().collect::<Vec<_>>().join(",")),
            u8::from(!e.review.is_empty()),
            esc(&f.qualname),
            ((f.wave + 1) * 53) % 360,
            f.wave + 1,
            esc(&f.qualname),
            esc(&f.location),
            if f.shim { " · sync shim kept" } else { "" },
            esc(&e.strategies.iter().cloned().collect::<Vec<_>>().join(", ")),
            esc(&f.reason),
            esc(&f.qualname),
        );
        for t in &through {
            match id_of.get(t.as_str()) {
                Some(id) => {
                    let _ = write!(h, "<li><a href=\"#{id}\"><code>{}</code></a></li>", esc(t));
                }
                None => {
                    let _ = write!(h, "<li><code>{}</code></li>", esc(t));
                }
            }
        }
        if let Some((q, at)) = &call {
            let _ = write!(
                h,
                "<li class=\"blocking\"><code>{}</code> at <code>{}</code></li>",
                esc(q),
                esc(at)
            );
        }
        h.push_str("</ol>");
        if !e.review.is_empty() {
            h.push_str("<ul class=\"review\">");
            for r in &e.review {
                let _ = write!(h, "<li>{}</li>", esc(r));
            }
            h.push_str("</ul>");
        }
        h.push_str("<pre class=\"diff\">");
        for line in crate::interactive::hunks_of(m, f).lines() {
            let class = match line.as_bytes().first() {
                Some(b'+') => "add",
                Some(b'-') => "del",
                Some(b'@') => "hunk",
                _ => "ctx",
            };
            // One block per line (no newline between them: `pre` would show it too).
            let _ = write!(h, "<span class=\"{class}\">{}</span>", esc(line));
        }
        h.push_str("</pre></article>\n");
    }
    h.push_str("</section>\n");
    let _ = write!(h, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    h
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
code,pre{font:12.5px ui-monospace,Menlo,Consolas,monospace}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.scroll{overflow:auto;max-height:520px;border:1px solid #ddd}
svg text{font:12px ui-monospace,monospace}svg text.col{font-weight:bold}
.edge{fill:none;stroke:#8895a7;stroke-width:1.2}.node.dim{opacity:.2}
article.fn{border:1px solid #ddd;border-radius:6px;padding:.2em 1em;margin:1em 0}
.wave{border-radius:4px;padding:0 .4em;font-size:.85em}
.chain li.blocking{color:#b00}.review{color:#8a5a00}
pre.diff{background:#fafafa;padding:.5em;overflow:auto}
pre.diff span{display:block;white-space:pre}.add{background:#e6ffec}.del{background:#ffebe9}.hunk{color:#0550ae}
#filters label{margin-right:1em}";

const SCRIPT: &str = r#"
(function () {
  var fns = Array.prototype.slice.call(document.querySelectorAll('article.fn'));
  var ids = ['wave', 'module', 'strategy'];
  function state() {
    var s = {};
    ids.forEach(function (k) { s[k] = document.getElementById(k).value; });
    s.review = document.getElementById('review').checked;
    return s;
  }
  function apply() {
    var s = state(), shown = 0, names = {};
    fns.forEach(function (el) {
      var ok = (!s.wave || el.dataset.wave === s.wave) &&
        (!s.module || el.dataset.module === s.module) &&
        (!s.strategy || el.dataset.strategies.split(',').indexOf(s.strategy) >= 0) &&
        (!s.review || el.dataset.review === '1');
      el.hidden = !ok;
      if (ok) { shown++; names[el.dataset.name] = true; }
    });
    document.querySelectorAll('g.node').forEach(function (g) {
      var blocking = g.classList.contains('blocking');
      g.classList.toggle('dim', !blocking && !names[g.dataset.name]);
    });
    document.getElementById('shown').textContent = shown + ' of ' + fns.length + ' functions shown';
    var parts = [];
    ids.forEach(function (k) { if (s[k]) parts.push(k + '=' + encodeURIComponent(s[k])); });
    if (s.review) parts.push('review=1');
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
  }
  // A view carried by the link: #wave=2&module=pkg.db&strategy=thread&review=1
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var p = kv.split('='), k = p[0], v = decodeURIComponent(p[1] || '');
    if (ids.indexOf(k) >= 0) document.getElementById(k).value = v;
    if (k === 'review') document.getElementById('review').checked = v === '1';
  });
  ids.concat(['review']).forEach(function (k) {
    document.getElementById(k).addEventListener('change', apply);
  });
  if (/^#(wave|module|strategy|review)=/.test(location.hash) || !location.hash) apply();
})();
"#;
