//! Regression tests for the ways around the publish gate listed in issue 11 (item 5), one per
//! bypass, each on a fixture site generated here: before, every one of them was published with
//! exit status 0. Each now fails, names the file (and the line where there is one), and leaves
//! the previous output byte for byte as it was.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Site, assert_error};

/// The basic fixture, built once so that there is a previous output to keep.
fn built() -> Site {
    let site = Site::fixture("basic");
    site.build_ok();
    site
}

/// Every file of the output, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Builds `site` (built once before), expects failure and the previous output untouched.
#[track_caller]
fn fails(site: &Site) -> Vec<String> {
    let before = snapshot(&site.output());
    let errors = site.build_err();
    assert_eq!(
        snapshot(&site.output()),
        before,
        "the failed build changed the output"
    );
    errors
}

/// A page of the basic fixture with this front matter (after `---`) and body.
fn page(site: &Site, front: &str, body: &str) {
    site.write(
        "content/teams/devices.md",
        &format!("---\n{front}\n---\n{body}\n"),
    );
}

#[test]
fn a_yaml_hex_escape_in_a_title_is_caught_at_its_line() {
    let site = built();
    page(&site, "title: \"計画 機密性\\x32\"", "本文");
    let errors = fails(&site);
    assert_error(&errors, &["content/teams/devices.md:2:", "機密性2"]);
}

#[test]
fn a_yaml_unicode_escape_title_is_caught() {
    let site = built();
    page(&site, "title: \"\\u6A5F\\u5BC6\\u6027\\u0033\"", "本文");
    assert_error(&fails(&site), &["content/teams/devices.md:2:", "機密性3"]);
}

#[test]
fn a_double_quoted_title_continued_with_a_backslash_is_caught() {
    let site = built();
    page(&site, "title: \"計画 機密\\\n  性2\"", "本文");
    assert_error(&fails(&site), &["content/teams/devices.md:2:", "機密性2"]);
}

#[test]
fn a_folded_or_plain_title_over_two_lines_is_caught() {
    for front in [
        "title: >\n  計画 機密\n  性2",
        "title: 計画 機密\n  性2",
        "title: |\n  計画 取扱\n  注意",
    ] {
        let site = built();
        page(&site, front, "本文");
        assert_error(
            &fails(&site),
            &["content/teams/devices.md:2:", "(publish gate)"],
        );
    }
}

#[test]
fn an_escaped_placeholder_in_a_description_is_caught() {
    let site = built();
    page(
        &site,
        "title: 機器\ndescription: \"\\u25CF\\u25CF次長\"",
        "本文",
    );
    assert_error(&fails(&site), &["content/teams/devices.md:3:", "●●"]);
}

#[test]
fn escapes_in_site_yaml_and_in_relation_labels_are_caught() {
    let site = built();
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &yaml.replace("title: テスト推進室", "title: \"推進室 機密性\\x32\""),
    );
    assert_error(&fails(&site), &["site.yaml:1:", "機密性2"]);
    let site = built();
    site.write(
        "site.yaml",
        &yaml.replace(
            "label: 共通の課題",
            "label: \"\\u53D6\\u6271\\u6CE8\\u610F\"",
        ),
    );
    assert_error(&fails(&site), &["site.yaml:8:", "取扱注意"]);
}

#[test]
fn invisible_characters_inside_a_marking_are_caught() {
    for c in ['\u{200B}', '\u{2060}', '\u{200C}', '\u{00AD}', '\u{FE00}'] {
        let site = built();
        page(&site, "title: 機器", &format!("本書は機密性{c}2情報です。"));
        assert_error(&fails(&site), &["content/teams/devices.md:4:", "機密性"]);
    }
}

#[test]
fn static_text_html_and_js_files_are_read() {
    for (file, text) in [
        ("static/notes.txt", "内部メモ 機密性２"),
        ("static/old.html", "<p>部外&#31192;</p>"),
        (
            "static/js/x.js",
            "const s = '\\u6A5F\\u5BC6\\u6027\\u0032';",
        ),
        ("static/README", "取扱注意"),
    ] {
        let site = built();
        site.write(file, text);
        let errors = fails(&site);
        assert_error(
            &errors,
            &[file, "publish gate: found in the published file"],
        );
    }
}

#[test]
fn a_tex_file_under_content_is_read() {
    let site = built();
    site.write("content/teams/notes.tex", "\\section{計画}\n機密性２")
        .write(
            "content/teams/devices.md",
            "---\ntitle: 機器\n---\n[原稿](notes.tex)\n",
        );
    let errors = fails(&site);
    assert_error(&errors, &["content/teams/notes.tex:2", "`teams/notes.tex`"]);
}

#[test]
fn a_literal_marking_in_a_site_template_is_caught_at_its_line() {
    let site = built();
    site.write(
        "templates/page.html",
        "<html><body>\n<footer>【機密性２情報】</footer>\n{{ page.content | safe }}</body></html>",
    );
    let errors = fails(&site);
    assert_error(&errors, &["templates/page.html:2:", "機密性２"]);
}

#[test]
fn an_empty_comment_does_not_hide_a_marking_in_raw_html() {
    let site = built();
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}markdown:\n  allow_html: true\n"),
    );
    page(&site, "title: 機器", "<p><!-->機密性&#x32;情報<!-- --></p>");
    let errors = fails(&site);
    assert_error(&errors, &["content/teams/devices.md", "機密性2"]);
}

#[test]
fn files_that_only_a_withheld_page_links_are_not_published() {
    let site = built();
    site.write(
        "content/internal/_index.md",
        "---\ntitle: 内部\nclassification: 機密性2\n---\n[名簿](../teams/docs/) [表](../teams/&#x540D;&#x7C3F;.csv)\n",
    )
    .write("content/teams/docs/list.pdf", "%PDF-1.4 名簿")
    .write("content/teams/名簿.csv", "氏名\n");
    site.build_ok();
    let files = site.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("list.pdf") || f.contains("名簿")),
        "{files:?}"
    );
}

#[test]
fn a_withheld_url_in_any_spelling_is_caught() {
    for link in [
        "http://www.example.go.jp/iryou-innovation/internal/plan/",
        "//www.example.go.jp/iryou-innovation/internal/plan/",
        "https://WWW.EXAMPLE.GO.JP/iryou-innovation/internal/plan/",
        "https://www.example.go.jp:443/iryou-innovation/internal/plan/",
        "https://user@www.example.go.jp/iryou-innovation/internal/plan/",
        "&#x2F;internal&#x2F;plan&#x2F;",
        "&#x2F;iryou-innovation&#x2F;internal&#x2F;plan&#x2F;",
    ] {
        let site = built();
        site.write(
            "content/internal/_index.md",
            "---\ntitle: 内部\nclassification: 機密性2\n---\n",
        )
        .write("content/internal/plan.md", "---\ntitle: 計画\n---\n");
        page(&site, "title: 機器", &format!("[計画]({link})"));
        let errors = fails(&site);
        assert_error(
            &errors,
            &["content/teams/devices.md", "content/internal/", "withheld"],
        );
    }
}

#[test]
fn markings_in_file_and_folder_names_are_caught() {
    let site = built();
    site.write(
        "content/teams/【機密性2情報】計画.md",
        "---\ntitle: 計画\n---\n本文\n",
    );
    let errors = fails(&site);
    assert_error(
        &errors,
        &[
            "content/teams/【機密性2情報】計画.md",
            "in the path of the published file",
        ],
    );
    // A folder named 取扱注意, linked percent-encoded (as a page's URL is written).
    let site = built();
    site.write_bytes("content/teams/取扱注意/a.pdf", &common::pdf("a"));
    page(
        &site,
        "title: 機器",
        "[a](%E5%8F%96%E6%89%B1%E6%B3%A8%E6%84%8F/a.pdf)",
    );
    let errors = fails(&site);
    assert_error(
        &errors,
        &[
            "取扱注意",
            "publish gate: in the path of the published file",
        ],
    );
}

#[test]
fn placeholders_in_every_spelling_are_caught() {
    for body in [
        "主査：● ●次長",
        "担当：××課",
        "電話：XX",
        "担当 xxx まで",
        "日程は tbd です",
        "主査：●\n●次長",
        "この資料は取扱い注意です",
        "この資料は取り扱い注意です",
    ] {
        let site = built();
        page(&site, "title: 機器", body);
        assert_error(
            &fails(&site),
            &["content/teams/devices.md:", "(publish gate)"],
        );
    }
}

#[test]
fn check_holds_its_render_to_the_same_barrier() {
    let site = built();
    site.write("static/notes.txt", "内部メモ 機密性２");
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("static/notes.txt"), "{stderr}");
}

#[test]
fn this_repository_and_a_plain_site_pass_the_barrier() {
    Site::repository().build_ok();
    built();
}
