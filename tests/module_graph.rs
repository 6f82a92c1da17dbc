//! The module graph goes one way: every `crate::` and `super::` path in `src/` is read, the
//! graph of top-level modules is built, and the test fails on a cycle or on an edge against the
//! pipeline's order (load → parse → gate → link → render → write, with the model and the helpers
//! below every step and a11y, the driver and the commands on top), naming the file and line.
//!
//! `docs/ARCHITECTURE.md` explains the order; a new top-level module must be placed in
//! [`LAYERS`] before it is used.
#![allow(clippy::disallowed_methods)] // a test reading the crate's own sources, not the site's

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first: a module may use only modules of lower layers. `lib`
/// is the facade (src/lib.rs): no module may use it.
const LAYERS: &[&[&str]] = &[
    &["text", "dates", "timings"],
    &["diag"],
    &["fs"],
    &["model"],
    &["load"],
    &["parse"],
    &["gate"],
    &["link"],
    &["render"],
    &["write"],
    &["a11y"],
    &["pipeline"],
    &["serve", "deploy", "new_page"],
    &["lib"],
];

/// One use of another top-level module.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
}

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under src/ (`gate/barrier/urls.rs` → `[gate, barrier, urls]`;
/// `lib.rs` → `[]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.strip_suffix(".rs").unwrap();
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The text with comments, string and character literals blanked (line breaks kept), so that
/// only code is read.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            loop {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !is_ident(b.get(i.wrapping_sub(1)))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.extend(b[i..j].iter().map(|&c| blank(c)));
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(blank(b[i]));
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&b, i) {
            // `'a'`, or an escape: `'\''`, `'\n'`, `'\u{1F}'`.
            let end = if b[i + 1] == '\\' {
                (i + 3..b.len())
                    .find(|&k| b[k] == '\'')
                    .unwrap_or(b.len() - 1)
            } else {
                i + 2
            };
            out.extend(b[i..=end].iter().map(|&c| blank(c)));
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Whether the `'` at `i` opens a character literal (`'a'`, `'\n'`, `'\u{1F}'`) rather than a
/// lifetime (`'a`, `'static`).
fn is_char_literal(b: &[char], i: usize) -> bool {
    matches!(
        (b.get(i + 1), b.get(i + 2)),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// The names a group `{a, b::c, d::{e, f}}` starts with (`a`, `b`, `d`), given the text after
/// its `{`.
fn group_heads(rest: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item = String::new();
    for c in rest.chars() {
        match c {
            '{' => {
                depth += 1;
                item.push(c);
            }
            '}' if depth == 0 => break,
            '}' => {
                depth -= 1;
                item.push(c);
            }
            ',' if depth == 0 => {
                heads.extend(head(&item));
                item.clear();
            }
            c => item.push(c),
        }
    }
    heads.extend(head(&item));
    heads
}

fn head(item: &str) -> Option<String> {
    let name: String = item
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

/// Every path in `code` that names an item outside the file's module, as (line, module path
/// named), `crate::` paths from the root and `super::` paths resolved from `here`, the module
/// path of the code's position (inline `mod x { … }` blocks counted).
fn paths_named(code: &str, file_module: &[String]) -> Vec<(usize, Vec<String>)> {
    let text = code;
    let mut out = Vec::new();
    // Inline modules: a stack of (name, brace depth at which it opened).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut line = 1;
    let mut i = 0;
    let bytes = text.as_bytes();
    let at_word = |i: usize| {
        i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':')
    };
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            line += 1;
        } else if c == b'{' {
            depth += 1;
        } else if c == b'}' {
            depth = depth.saturating_sub(1);
            while inline.last().is_some_and(|(_, d)| *d > depth) {
                inline.pop();
            }
        } else if at_word(i) && bytes[i..].starts_with(b"mod ") {
            let rest = &text[i + 4..];
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let after = rest.trim_start()[name.len()..].trim_start();
            if after.starts_with('{') {
                inline.push((name, depth + 1));
            }
        } else if at_word(i)
            && (bytes[i..].starts_with(b"crate::") || bytes[i..].starts_with(b"super::"))
        {
            let mut here: Vec<String> = file_module.to_vec();
            here.extend(inline.iter().map(|(n, _)| n.clone()));
            let mut j = i;
            let base: Vec<String> = if bytes[j..].starts_with(b"crate::") {
                j += "crate::".len();
                Vec::new()
            } else {
                let mut up = here.clone();
                while bytes[j..].starts_with(b"super::") {
                    up.pop();
                    j += "super::".len();
                }
                up
            };
            let rest = &text[j..];
            let names = if let Some(group) = rest.strip_prefix('{') {
                group_heads(group)
            } else {
                head(rest).into_iter().collect()
            };
            for name in names {
                let mut path = base.clone();
                path.push(name);
                out.push((line, path));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// The edges between top-level modules, from every file under `src` (the binary's own files,
/// main.rs and cli.rs, use the library from outside).
fn edges(src: &Path) -> (Vec<Edge>, BTreeSet<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let top: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_path(f.strip_prefix(src).unwrap()).first().cloned())
        .filter(|m| m != "main" && m != "cli")
        .collect();
    let mut out = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap().to_path_buf();
        let module = module_path(&rel);
        let from = module.first().cloned().unwrap_or_else(|| "lib".to_owned());
        if from == "main" || from == "cli" {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        for (line, path) in paths_named(&code, &module) {
            let to = match path.first() {
                Some(m) if top.contains(m) => m.clone(),
                // An item of the root, the facade (`crate::build`).
                Some(_) => "lib".to_owned(),
                None => continue,
            };
            if to != from {
                out.push(Edge {
                    from: from.clone(),
                    to,
                    file: Path::new("src").join(&rel),
                    line,
                });
            }
        }
    }
    (out, top)
}

/// A cycle in the graph, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_cycle_and_follows_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (edges, top) = edges(&src);
    let unplaced: Vec<&String> = top.iter().filter(|m| rank(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "top-level modules not placed in LAYERS (tests/module_graph.rs): {unplaced:?}"
    );
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &edges {
        graph
            .entry(e.from.clone())
            .or_default()
            .insert(e.to.clone());
    }
    if let Some(cycle) = find_cycle(&graph) {
        let witnesses: Vec<String> = cycle
            .windows(2)
            .filter_map(|w| edges.iter().find(|e| e.from == w[0] && e.to == w[1]))
            .map(|e| format!("{}:{}: {} uses {}", e.file.display(), e.line, e.from, e.to))
            .collect();
        panic!(
            "the module graph has a cycle: {}\n{}",
            cycle.join(" → "),
            witnesses.join("\n")
        );
    }
    let against: Vec<String> = edges
        .iter()
        .filter(|e| rank(&e.to) >= rank(&e.from))
        .map(|e| {
            format!(
                "{}:{}: {} uses {}, which is not below it",
                e.file.display(),
                e.line,
                e.from,
                e.to
            )
        })
        .collect();
    assert!(
        against.is_empty(),
        "imports against the pipeline's order:\n{}",
        against.join("\n")
    );
}

#[test]
fn the_reader_finds_groups_super_paths_and_ignores_comments_and_strings() {
    let code = code_only(
        "use crate::{a, b::c, d::{e, f}};\n// crate::commented\nlet s = \"crate::quoted\";\nfn x<'a>(c: char) -> bool { c == '\"' && crate::g::h() }\nmod tests {\n    use super::*;\n    use super::super::k::L;\n}\nuse super::m;\n",
    );
    let module = vec!["x".to_owned(), "y".to_owned()];
    let named: Vec<(usize, String)> = paths_named(&code, &module)
        .into_iter()
        .map(|(line, path)| (line, path.join("::")))
        .collect();
    let expected = [
        (1, "a"),
        (1, "b"),
        (1, "d"),
        (4, "g"),
        (7, "x::k"),
        (9, "x::m"),
    ];
    assert_eq!(
        named,
        expected
            .iter()
            .map(|&(line, path)| (line, path.to_owned()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph
        .entry("link".into())
        .or_default()
        .insert("gate".into());
    graph
        .entry("gate".into())
        .or_default()
        .insert("model".into());
    assert_eq!(find_cycle(&graph), None);
    graph
        .entry("model".into())
        .or_default()
        .insert("link".into());
    let cycle = find_cycle(&graph).unwrap();
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
}
