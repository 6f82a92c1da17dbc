//! The file-system floor for the build benchmark: read every source, split the front matter,
//! render the Markdown with pulldown-cmark, write each page. No templates, no links, no
//! checks: what any generator must at least do, so `office-site` is measured against it.
//!
//! Usage: floor CONTENT_DIR OUTPUT_DIR (a previous output folder is deleted first; benches/bench.py
//! deletes it before the timed run, as for every tool).
#![allow(clippy::disallowed_methods)] // a benchmark reads and writes its files directly

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (content, out) = match args.as_slice() {
        [_, c, o] => (PathBuf::from(c), PathBuf::from(o)),
        _ => {
            eprintln!("usage: floor CONTENT_DIR OUTPUT_DIR");
            std::process::exit(2);
        }
    };
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove the previous output");
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files
        .par_iter()
        .for_each(|path| render_one(&content, &out, path));
    println!("{} pages", files.len());
}

fn render_one(content: &Path, out: &Path, path: &Path) {
    let text = std::fs::read_to_string(path).expect("read");
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|i| &rest[i + 5..]))
        .unwrap_or(&text);
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut html_out = String::with_capacity(body.len() * 2);
    html::push_html(&mut html_out, Parser::new_ext(body, opts));
    let rel = path.strip_prefix(content).expect("under content");
    let stem = rel.with_extension("");
    let dir = if stem.file_name().is_some_and(|n| n == "_index") {
        out.join(stem.parent().unwrap_or(Path::new("")))
    } else {
        out.join(stem)
    };
    std::fs::create_dir_all(&dir).expect("create the page folder");
    std::fs::write(dir.join("index.html"), html_out).expect("write the page");
}
