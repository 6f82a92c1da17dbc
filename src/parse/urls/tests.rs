use std::path::PathBuf;

use super::*;
use crate::load::source::SourceKind;
use crate::parse::page::parse_file;

fn src(content_path: &str, text: &str) -> SourceFile {
    let kind = if content_path.ends_with("_index.md") {
        SourceKind::Section
    } else if content_path.ends_with(".md") {
        SourceKind::Page
    } else {
        SourceKind::Asset
    };
    SourceFile {
        abs: PathBuf::from("/site/content").join(content_path),
        rel: PathBuf::from("content").join(content_path),
        content_path: content_path.to_owned(),
        kind,
        text: (kind != SourceKind::Asset).then(|| text.to_owned()),
        modified: None,
    }
}

fn build(files: Vec<SourceFile>) -> (Vec<Page>, Vec<Asset>, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    for f in files {
        if f.kind == SourceKind::Asset {
            assets.push(f);
            continue;
        }
        match parse_file(f, &[]) {
            Ok(p) => pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    // As the gate's publish decision does: a page without a URL is dropped, with its error.
    let urls = urls(&pages);
    let mut placed = Vec::with_capacity(pages.len());
    for (mut page, url) in pages.into_iter().zip(urls) {
        match url {
            Ok(url) => {
                page.url = url;
                placed.push(page);
            }
            Err(d) => errors.push(d),
        }
    }
    let (assets, e) = place_assets(&placed, assets);
    errors.extend(e);
    (placed, assets, errors)
}

fn url_of<'a>(pages: &'a [Page], path: &str) -> &'a str {
    &pages.iter().find(|p| p.content_path == path).unwrap().url
}

#[test]
fn urls_follow_folders_and_slugs() {
    let (pages, assets, errors) = build(vec![
        src("_index.md", "---\ntitle: home\n---\n"),
        src("teams/_index.md", "---\ntitle: t\nslug: wt\n---\n"),
        src("teams/pharma.md", "---\ntitle: p\n---\n"),
        src(
            "teams/devices.md",
            "---\ntitle: d\nslug: medical-devices\n---\n",
        ),
        src("teams/chart.png", ""),
        src("council/_index.md", "---\ntitle: c\n---\n"),
        src("council/meetings/_index.md", "---\ntitle: m\n---\n"),
        src("council/meetings/01.md", "---\ntitle: 1\n---\n"),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(url_of(&pages, "_index.md"), "");
    assert_eq!(url_of(&pages, "teams/pharma.md"), "wt/pharma/");
    assert_eq!(url_of(&pages, "teams/devices.md"), "wt/medical-devices/");
    assert_eq!(
        url_of(&pages, "council/meetings/01.md"),
        "council/meetings/01/"
    );
    assert_eq!(assets[0].output_path, "wt/chart.png");
}

#[test]
fn two_pages_at_one_url_name_both_files() {
    let (_, _, errors) = build(vec![
        src("_index.md", "---\ntitle: home\n---\n"),
        src("a.md", "---\ntitle: a\nslug: same\n---\n"),
        src("same.md", "---\ntitle: b\n---\n"),
    ]);
    let d = errors.sorted().remove(0);
    let text = d.to_string();
    assert!(
        text.contains("content/a.md") && text.contains("content/same.md"),
        "{text}"
    );
}

#[test]
fn bad_slugs_are_errors_at_their_line() {
    for slug in ["a/b", "..", "a b", "x?y", "\"\""] {
        let (_, _, errors) = build(vec![
            src("_index.md", "---\ntitle: home\n---\n"),
            src("a.md", &format!("---\ntitle: a\nslug: '{slug}'\n---\n")),
        ]);
        let d = errors.sorted().remove(0);
        assert_eq!(d.line, Some(3), "{slug}: {d}");
    }
}

#[test]
fn pages_in_a_folder_without_index_are_an_error() {
    let (_, _, errors) = build(vec![
        src("_index.md", "---\ntitle: home\n---\n"),
        src("loose/a.md", "---\ntitle: a\n---\n"),
    ]);
    assert_eq!(errors.sorted()[0].code, Code::E0212);
}

#[test]
fn valid_segments_allow_japanese() {
    assert!(is_valid_segment("医薬品"));
    assert!(is_valid_segment("pharma-2"));
    assert!(!is_valid_segment(".hidden"));
}
