//! `use` items a migration leaves unused (`use std::fs;` once every `fs::` call became
//! `tokio::fs::`): found by counting identifier tokens outside `use` items before and
//! after, so only an import the rewrite made unused is removed.

use std::collections::HashMap;
use std::str::FromStr;
use syn::spanned::Spanned;

/// Whole-line byte ranges of `old`'s private, attribute-free `use` items whose every name
/// was used in `old` and is used nowhere in `new`, with where the range may end to take
/// the blank line after a lone import too, and those names.
#[allow(clippy::type_complexity)]
pub fn unused_after(old: &str, new: &str) -> Vec<((usize, usize), usize, Vec<String>)> {
    let Some((uses, old_ranges, before, after)) = counted(old, new) else {
        return vec![];
    };
    let mut out = vec![];
    for ((plain, names), &(start, end)) in uses.iter().zip(&old_ranges) {
        if !plain || names.is_empty() {
            continue;
        }
        let made_unused = names.iter().all(|n| {
            before.get(n).copied().unwrap_or(0) > 0 && after.get(n).copied().unwrap_or(0) == 0
        });
        if !made_unused {
            continue;
        }
        let line_start = awaitify_core::text::line_start(old, start);
        let line_end = awaitify_core::text::line_end(old, end);
        if old[line_start..start].trim().is_empty() && old[end..line_end].trim().is_empty() {
            let to = (line_end + 1).min(old.len());
            // The only line of its paragraph: the blank line after it may go too (a file
            // does not start with an empty line, paragraphs are not doubled).
            let alone = line_start == 0 || old[..line_start].ends_with("\n\n");
            let wide = if alone && old[to..].starts_with('\n') {
                to + 1
            } else {
                to
            };
            out.push(((line_start, to), wide, names.clone()));
        }
    }
    out
}

/// Names of `old`'s private, attribute-free `use` groups (`use std::fs::{create_dir,
/// read_dir};`, one level of plain names) that the rewrite left unused while others in
/// the group are still used: for each, the bytes to delete (the name and the separator
/// after it, or before it at the group's end) and the name. The ranges never overlap, so
/// each name can go in its own wave. (A group whose every name went unused is removed
/// whole by [`unused_after`].)
pub fn trimmed_groups(old: &str, new: &str) -> Vec<((usize, usize), String)> {
    // Counted first: this invalidates the thread's spans, which `file` below relies on.
    let Some((_, _, before, after)) = counted(old, new) else {
        return vec![];
    };
    let base = shebang(old);
    let Ok(file) = syn::parse_str::<syn::File>(&old[base..]) else {
        return vec![];
    };
    let mut found = vec![];
    collect(&file.items, &mut found);
    let mut out = vec![];
    for u in found {
        if !matches!(u.vis, syn::Visibility::Inherited) || !u.attrs.is_empty() {
            continue;
        }
        let mut tree = &u.tree;
        while let syn::UseTree::Path(p) = tree {
            tree = &p.tree;
        }
        let syn::UseTree::Group(g) = tree else {
            continue;
        };
        // (name, start, end, dropped)
        let mut items = vec![];
        for item in &g.items {
            let name = match item {
                syn::UseTree::Name(n) if n.ident != "self" => n.ident.to_string(),
                syn::UseTree::Rename(r) => r.rename.to_string(),
                _ => {
                    items.clear();
                    break;
                }
            };
            let r = item.span().byte_range();
            let dropped = before.get(&name).copied().unwrap_or(0) > 0
                && after.get(&name).copied().unwrap_or(0) == 0;
            items.push((name, base + r.start, base + r.end, dropped));
        }
        let Some(last_kept) = items.iter().rposition(|i| !i.3) else {
            continue;
        };
        for (i, (name, start, end, dropped)) in items.iter().enumerate() {
            if !dropped {
                continue;
            }
            // Before the last kept name: up to the next name. After it: from the end of
            // the name before.
            let range = if i < last_kept {
                (*start, items[i + 1].1)
            } else {
                (items[i - 1].2, *end)
            };
            out.push((range, name.clone()));
        }
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    out
}

/// `old`'s use items and their ranges, and how many times each identifier occurs outside
/// use items in `old` and in `new`.
#[allow(clippy::type_complexity)]
fn counted(
    old: &str,
    new: &str,
) -> Option<(
    Vec<(bool, Vec<String>)>,
    Vec<(usize, usize)>,
    HashMap<String, usize>,
    HashMap<String, usize>,
)> {
    let (uses, old_ranges) = uses_of(old)?;
    let (_, new_ranges) = uses_of(new)?;
    let before = ident_counts(old, &old_ranges)?;
    let after = ident_counts(new, &new_ranges)?;
    Some((uses, old_ranges, before, after))
}

/// Length of a `#!` line syn would skip (its spans start after it).
fn shebang(text: &str) -> usize {
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        text.find('\n').unwrap_or(text.len())
    } else {
        0
    }
}

/// Per `use` item of the file (any module depth): whether it is private and has no
/// attributes, the names it binds (empty when it has a glob), and its byte range.
#[allow(clippy::type_complexity)]
fn uses_of(text: &str) -> Option<(Vec<(bool, Vec<String>)>, Vec<(usize, usize)>)> {
    let base = shebang(text);
    let file: syn::File = syn::parse_str(&text[base..]).ok()?;
    let mut found = vec![];
    collect(&file.items, &mut found);
    let mut uses = vec![];
    let mut ranges = vec![];
    for u in found {
        let r = u.span().byte_range();
        ranges.push((base + r.start, base + r.end));
        let mut names = vec![];
        let complete = names_of(&u.tree, None, &mut names);
        let plain = matches!(u.vis, syn::Visibility::Inherited) && u.attrs.is_empty();
        uses.push((plain, if complete { names } else { vec![] }));
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    Some((uses, ranges))
}

fn collect<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ItemUse>) {
    for item in items {
        match item {
            syn::Item::Use(u) => out.push(u),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// The names a use tree binds; `false` when it has a glob (names unknown).
fn names_of(tree: &syn::UseTree, parent: Option<&syn::Ident>, out: &mut Vec<String>) -> bool {
    match tree {
        syn::UseTree::Path(p) => names_of(&p.tree, Some(&p.ident), out),
        syn::UseTree::Name(n) if n.ident == "self" => match parent {
            Some(p) => {
                out.push(p.to_string());
                true
            }
            None => false,
        },
        syn::UseTree::Name(n) => {
            out.push(n.ident.to_string());
            true
        }
        syn::UseTree::Rename(r) => {
            out.push(r.rename.to_string());
            true
        }
        syn::UseTree::Glob(_) => false,
        syn::UseTree::Group(g) => g.items.iter().all(|t| names_of(t, parent, out)),
    }
}

/// Whether none of `names` is used in `text` (outside its `use` items).
pub fn all_unused(text: &str, names: &[String]) -> bool {
    let Some((_, ranges)) = uses_of(text) else {
        return false;
    };
    ident_counts(text, &ranges)
        .is_some_and(|c| names.iter().all(|n| c.get(n).copied().unwrap_or(0) == 0))
}

/// How many times each identifier occurs outside `skip` (the `use` items), macro bodies
/// included.
fn ident_counts(text: &str, skip: &[(usize, usize)]) -> Option<HashMap<String, usize>> {
    let base = shebang(text);
    let tokens = proc_macro2::TokenStream::from_str(&text[base..]).ok()?;
    let mut counts = HashMap::new();
    walk(tokens, base, skip, &mut counts);
    proc_macro2::extra::invalidate_current_thread_spans();
    Some(counts)
}

/// Counts identifiers that can name an import: not a later segment of a path
/// (`tokio::fs`) and not a field or method (`x.fs`).
fn walk(
    tokens: proc_macro2::TokenStream,
    base: usize,
    skip: &[(usize, usize)],
    counts: &mut HashMap<String, usize>,
) {
    // The last two punctuation characters seen right before the current token.
    let mut prev: [Option<char>; 2] = [None, None];
    for t in tokens {
        let mut punct = None;
        match t {
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), base, skip, counts),
            proc_macro2::TokenTree::Ident(i) => {
                let member = prev[1] == Some('.') || (prev[0] == Some(':') && prev[1] == Some(':'));
                let at = base + i.span().byte_range().start;
                if !member && !skip.iter().any(|&(s, e)| s <= at && at < e) {
                    let name = i.to_string();
                    let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
                    *counts.entry(name).or_default() += 1;
                }
            }
            proc_macro2::TokenTree::Punct(p) => punct = Some(p.as_char()),
            proc_macro2::TokenTree::Literal(_) => {}
        }
        prev = [prev[1], punct];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_the_rewrite_made_unused_is_found_and_no_other() {
        let old = "use std::fs;\nuse std::io::Read;\nuse std::path::Path;\npub use std::env;\n\nfn f(p: &Path) -> String {\n    fs::read_to_string(p).unwrap()\n}\n";
        let new = "use std::fs;\nuse std::io::Read;\nuse std::path::Path;\npub use std::env;\n\nasync fn f(p: &Path) -> String {\n    tokio::fs::read_to_string(p).await.unwrap()\n}\n";
        // `fs`: used before, not after. `Read` was never named (a trait), `Path` still is,
        // `env` is a re-export: all kept.
        assert_eq!(
            unused_after(old, new),
            vec![((0, 13), 13, vec!["fs".to_string()])]
        );
        // A lone import before a blank line: the blank line may go with it.
        let old = "use std::fs;\n\nfn f() {\n    fs::read(\"a\");\n}\n";
        let new = "use std::fs;\n\nasync fn f() {\n    tokio::fs::read(\"a\").await;\n}\n";
        assert_eq!(
            unused_after(old, new),
            vec![((0, 13), 14, vec!["fs".to_string()])]
        );
        assert!(all_unused(new, &["fs".to_string()]) && !all_unused(old, &["fs".to_string()]));
        // Nothing changes: nothing to remove.
        assert!(unused_after(old, old).is_empty());
        // Part of a group: the names left unused go, the others stay.
        let old = "use std::fs::{read, create_dir, Metadata, write};\nfn f(m: Metadata) { read(\"a\"); create_dir(\"b\"); write(\"c\", \"\"); }\n";
        let new = "use std::fs::{read, create_dir, Metadata, write};\nasync fn f(m: Metadata) { tokio::fs::read(\"a\").await; tokio::fs::create_dir(\"b\").await; tokio::fs::write(\"c\", \"\").await; }\n";
        let t = trimmed_groups(old, new);
        let cut: Vec<(&str, &str)> = t
            .iter()
            .map(|((s, e), n)| (&old[*s..*e], n.as_str()))
            .collect();
        assert_eq!(
            cut,
            vec![
                ("read, ", "read"),
                ("create_dir, ", "create_dir"),
                (", write", "write")
            ]
        );
        assert!(trimmed_groups(old, old).is_empty());
        // A group is removed only when every name in it is unused.
        let old = "use std::{fs, path::Path};\nfn f(p: &Path) { fs::remove_file(p).ok(); }\n";
        let new = "use std::{fs, path::Path};\nasync fn f(p: &Path) { tokio::fs::remove_file(p).await.ok(); }\n";
        assert!(unused_after(old, new).is_empty());
        // Still named in a macro: kept.
        let old = "use std::fs;\nfn f() { fs::write(\"a\", \"b\").ok(); }\n";
        let new = "use std::fs;\nfn f() { println!(\"{:?}\", fs::metadata(\"a\")); }\n";
        assert!(unused_after(old, new).is_empty());
    }
}
