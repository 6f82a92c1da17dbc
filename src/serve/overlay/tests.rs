use std::path::Path;

use super::*;
use crate::diag::{Code, Diagnostic};

/// The secret every withheld file of these tests holds: it must never reach the overlay.
const SECRET: &str = "極秘の内訳ぬらりひょん";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A site whose site.yaml says `site_level`, with a public home page and a public section.
fn site(site_level: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        &format!("title: t\nbase_url: https://example.go.jp/\n{site_level}"),
    );
    write(root, "content/_index.md", "---\ntitle: ホーム\n---\n");
    write(root, "content/teams/_index.md", "---\ntitle: チーム\n---\n");
    dir
}

/// A diagnostic at line 2 of `rel` (where the secret sits in these files), quoting it.
fn error_in(rel: &str) -> Diagnostic {
    Diagnostic::new(Code::E0105, rel)
        .arg("detail", format!("invalid value `{SECRET}`"))
        .at(2, Some(8))
        .note(format!("note: {SECRET}"))
}

fn overlay_of(root: &Path, rel: &str, drafts: bool) -> BuildError {
    describe(root, &Diagnostics::from(error_in(rel)), drafts)
}

#[track_caller]
fn assert_withheld(root: &Path, rel: &str, drafts: bool) {
    let shown = overlay_of(root, rel, drafts);
    assert!(!shown.overlay.contains(SECRET), "{rel}: {}", shown.overlay);
    assert!(
        !shown.overlay.contains("ぬらりひょん"),
        "{rel}: {}",
        shown.overlay
    );
    assert!(
        shown.overlay.contains(rel),
        "the file is named: {}",
        shown.overlay
    );
    assert!(shown.overlay.contains(WITHHELD), "{}", shown.overlay);
    assert!(shown.terminal.contains(SECRET), "the terminal shows it all");
}

#[track_caller]
fn assert_shown(root: &Path, rel: &str, drafts: bool) {
    let shown = overlay_of(root, rel, drafts);
    assert!(shown.overlay.contains(SECRET), "{rel}: {}", shown.overlay);
    assert_eq!(shown.overlay, shown.terminal);
}

/// Every way a page can say it is above 機密性1.
const MARKINGS: &[&str] = &[
    "機密性2",
    "機密性3",
    "機密性２",
    "機密性 3",
    "機密性2情報",
    "【機密性2情報】",
];

/// Front matter lines that break the parse, each holding the secret on line 2 of the file.
fn broken_pages(classification_line: &str) -> Vec<String> {
    vec![
        format!("---\ntitle: \"{SECRET}\n{classification_line}---\n"),
        format!("---\nweight: {SECRET}\ntitle: x\n{classification_line}---\n"),
        format!("---\ntitle: {SECRET}\n{classification_line}unknown_key: 1\n---\n"),
        format!("---\ntitle: {SECRET}\n{classification_line}  bad: indent\n---\n"),
        format!("---\ntitle: {SECRET}\n{classification_line}"),
    ]
}

#[test]
fn a_withheld_page_s_error_is_only_named_in_every_spelling() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    for (i, marking) in MARKINGS.iter().enumerate() {
        // Parses, but withheld: the error comes from elsewhere in the pipeline.
        let rel = format!("content/teams/ok{i}.md");
        write(
            root,
            &rel,
            &format!("---\ntitle: {SECRET}\nclassification: {marking}\n---\n"),
        );
        assert_withheld(root, &rel, false);
        assert_withheld(root, &rel, true);
        // Does not parse, and says (or may say) its classification.
        let line = format!("classification: {marking}\n");
        for (j, text) in broken_pages(&line).iter().enumerate() {
            let rel = format!("content/teams/broken{i}-{j}.md");
            write(root, &rel, text);
            assert_withheld(root, &rel, true);
        }
    }
}

#[test]
fn a_page_that_may_spell_classification_or_draft_counts_as_withheld() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    for (i, line) in [
        "\"cl\\x61ssification\": 機密性2\n",
        "\"\\u0063lassification\": 機密性2\n",
        "CLASSIFICATION: 機密性2\n",
        "? classification\n: 機密性2\n",
        "{classification: 機密性2}\n",
        "!!str classification: 機密性2\n",
        "classification:\n",
        "classification: 機密性4\n",
    ]
    .iter()
    .enumerate()
    {
        for (j, text) in broken_pages(line).iter().enumerate() {
            let rel = format!("content/teams/p{i}-{j}.md");
            write(root, &rel, text);
            assert_withheld(root, &rel, false);
        }
    }
    // Parses, with an empty or unknown classification: no telling what was meant.
    write(
        root,
        "content/teams/empty.md",
        &format!("---\ntitle: {SECRET}\nclassification:\n---\n"),
    );
    assert_withheld(root, "content/teams/empty.md", false);
    write(
        root,
        "content/teams/four.md",
        &format!("---\ntitle: {SECRET}\nclassification: 機密性4\n---\n"),
    );
    assert_withheld(root, "content/teams/four.md", false);
}

#[test]
fn files_under_a_withheld_or_broken_section_are_only_named() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    for (i, index) in [
        "---\ntitle: 内部\nclassification: 機密性2\n---\n".to_owned(),
        "---\ntitle: 内部\nclassification: 機密性3情報\n---\n".to_owned(),
        "---\ntitle: 内部\ndraft: true\n---\n".to_owned(),
        "---\ntitle: \"内部\nclassification: 機密性1\n---\n".to_owned(),
        "---\ntitle: 内部\nweight: x\nclassification: 機密性1\n---\n".to_owned(),
    ]
    .iter()
    .enumerate()
    {
        let folder = format!("content/internal{i}");
        write(root, &format!("{folder}/_index.md"), index);
        for rel in [
            format!("{folder}/_index.md"),
            format!("{folder}/plan.md"),
            format!("{folder}/deep/er/plan.md"),
            format!("{folder}/notes.txt"),
            format!("{folder}/misnamed.MD"),
            folder.clone(),
        ] {
            if rel != folder && !rel.ends_with("_index.md") {
                let text = if rel.ends_with(".md") {
                    format!("---\ntitle: {SECRET}\nclassification: 機密性1\n---\n")
                } else {
                    format!("1\n{SECRET}\n")
                };
                write(root, &rel, &text);
            }
            assert_withheld(root, &rel, false);
        }
    }
}

#[test]
fn a_page_that_does_not_parse_and_names_draft_is_a_draft() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    for (i, line) in [
        "draft: true\n",
        "Draft: yes\n",
        "DRAFT: 1\n",
        "{draft: true}\n",
    ]
    .iter()
    .enumerate()
    {
        for (j, text) in broken_pages(line).iter().enumerate() {
            let rel = format!("content/teams/d{i}-{j}.md");
            write(root, &rel, text);
            assert_withheld(root, &rel, false);
            assert_shown(root, &rel, true);
        }
    }
}

#[test]
fn drafts_are_withheld_unless_the_preview_shows_drafts() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    write(
        root,
        "content/teams/d.md",
        &format!("---\ntitle: {SECRET}\ndraft: true\n---\n"),
    );
    assert_withheld(root, "content/teams/d.md", false);
    assert_shown(root, "content/teams/d.md", true);
    write(
        root,
        "content/drafts/_index.md",
        "---\ntitle: 下書き\ndraft: true\n---\n",
    );
    write(
        root,
        "content/drafts/p.md",
        &format!("---\ntitle: {SECRET}\n---\n"),
    );
    assert_withheld(root, "content/drafts/p.md", false);
    assert_shown(root, "content/drafts/p.md", true);
}

#[test]
fn public_pages_templates_and_site_yaml_are_shown_in_full() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    write(
        root,
        "content/teams/pub.md",
        &format!("---\ntitle: {SECRET}\n---\n"),
    );
    assert_shown(root, "content/teams/pub.md", false);
    // A public page that does not parse but cannot be setting a classification or draft.
    write(
        root,
        "content/teams/typo.md",
        &format!("---\nweight: {SECRET}\ntitle: x\n---\n"),
    );
    assert_shown(root, "content/teams/typo.md", false);
    write(
        root,
        "content/teams/chart.svg",
        &format!("<svg>\n{SECRET}</svg>"),
    );
    assert_shown(root, "content/teams/chart.svg", false);
    write(root, "templates/page.html", &format!("x\n{SECRET}\n"));
    assert_shown(root, "templates/page.html", false);
    assert_shown(root, "site.yaml", false);
}

#[test]
fn a_site_above_1_or_an_unreadable_site_yaml_hides_every_content_file() {
    for site_yaml in ["classification: 機密性2\n", "", "classification: [\n"] {
        let dir = site(site_yaml);
        let root = dir.path();
        write(
            root,
            "content/teams/pub.md",
            &format!("---\ntitle: {SECRET}\n---\n"),
        );
        assert_withheld(root, "content/teams/pub.md", false);
    }
    // A section that says 機密性1 under a site that says 2 is still under the home page,
    // which inherits 2: withheld, as the gate decides.
    let dir = site("classification: 機密性2\n");
    let root = dir.path();
    write(
        root,
        "content/teams/_index.md",
        "---\ntitle: t\nclassification: 機密性1\n---\n",
    );
    write(
        root,
        "content/teams/pub.md",
        &format!("---\ntitle: {SECRET}\n---\n"),
    );
    assert_withheld(root, "content/teams/pub.md", false);
}

#[test]
fn each_withheld_file_is_named_once_among_many_errors() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    let rel = "content/teams/w.md";
    write(
        root,
        rel,
        &format!("---\ntitle: {SECRET}\nclassification: 機密性2\n---\n"),
    );
    let errors: Diagnostics = (1..5)
        .map(|_| error_in(rel))
        .chain([error_in("site.yaml")])
        .collect();
    let shown = describe(root, &errors, false);
    assert_eq!(shown.overlay.matches(rel).count(), 1, "{}", shown.overlay);
    assert!(shown.overlay.contains("site.yaml:2:8"), "{}", shown.overlay);
}

#[test]
fn an_internal_error_never_shows_its_message_in_the_overlay() {
    let e = internal_error(SECRET);
    assert!(e.terminal.contains(SECRET));
    assert!(!e.overlay.contains(SECRET));
}

/// Regression: the overlay repeated the publish decision's rule and differed from it where
/// nothing above a page is classified: a page that says 機密性1 itself, in a section and a site
/// that say nothing, is published by the gate, and the overlay now asks the gate's own rule.
#[test]
fn the_overlay_repeated_the_publish_rule() {
    let dir = site("");
    let root = dir.path();
    write(
        root,
        "content/teams/a.md",
        &format!("---\ntitle: {SECRET}\nclassification: 機密性1\n---\n"),
    );
    assert_shown(root, "content/teams/a.md", false);
    write(
        root,
        "content/teams/b.md",
        &format!("---\ntitle: {SECRET}\nclassification: 機密性2\n---\n"),
    );
    assert_withheld(root, "content/teams/b.md", false);
}

/// Regression: the preview printed every diagnostic itself, so the terminal got a finding found
/// twice twice, and all of a file's errors however many; it now prints what `build` prints.
#[test]
fn serve_printed_every_diagnostic_itself() {
    let dir = site("classification: 機密性1\n");
    let root = dir.path();
    let mut all = Diagnostics::new();
    for n in 1..=crate::diag::terminal::MAX_PER_FILE + 10 {
        let d = Diagnostic::new(Code::E0105, "content/teams/_index.md")
            .arg("detail", format!("problem {n}"))
            .at(n, None);
        all.push(d.clone());
        all.push(d);
    }
    let shown = describe(root, &all, false);
    assert_eq!(
        shown.terminal.matches("problem 1\n").count(),
        1,
        "{}",
        shown.terminal
    );
    assert!(
        shown.terminal.ends_with(
            "and 10 more in this file (10 errors, 0 warnings), not shown: fix these first"
        ),
        "{}",
        shown.terminal
    );
}
