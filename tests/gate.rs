//! The publish gate: classifications, withheld pages that leave no trace, markings, handling
//! words, placeholders, `allow:`, and drafts.

mod common;

use common::{Site, assert_error};

const MARKER: &str = "UNIQUE-WITHHELD-7f3a9";

/// A site with a withheld section holding a page with a unique marker in its title, text,
/// slug and file name.
fn site_with_withheld_page() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/internal/_index.md",
        "---\ntitle: 内部資料\nclassification: 機密性2\n---\n",
    )
    .write(
        "content/internal/wt-structure-secret.md",
        &format!(
            "---\ntitle: 構成 {MARKER}\nslug: {MARKER}-slug\naliases: [/old-{MARKER}/]\ndescription: {MARKER}\n---\n【機密性 2 情報】\n\n主査：●●次長 {MARKER}\n"
        ),
    )
    .write("content/internal/attachment-secret.txt", MARKER)
    .write(
        "content/teams/withheld-page.md",
        &format!("---\ntitle: 非公開 {MARKER}\nclassification: 機密性３\n---\n{MARKER}\n"),
    );
    site
}

#[test]
fn a_withheld_page_leaves_no_trace_in_any_output_file() {
    let site = site_with_withheld_page();
    let summary = site.build_ok();
    assert_eq!(summary.withheld, 3);
    for f in site.output_files() {
        assert!(
            !f.contains(MARKER) && !f.contains("secret") && !f.contains("internal"),
            "file name {f}"
        );
        let bytes = std::fs::read(site.output().join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            MARKER,
            "wt-structure",
            "内部資料",
            "●●",
            "非公開",
            "withheld-page",
        ] {
            assert!(!text.contains(needle), "{f} contains {needle}");
        }
    }
}

#[test]
fn the_build_summary_counts_withheld_pages_without_naming_them() {
    let site = site_with_withheld_page();
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("3 pages classified above 機密性1 were withheld"),
        "{stdout}"
    );
    assert!(
        !stdout.contains(MARKER) && !stdout.contains("internal"),
        "{stdout}"
    );
}

#[test]
fn a_markdown_link_to_a_withheld_page_fails_at_its_line() {
    let site = site_with_withheld_page();
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: 臨床\n---\n本文\n\n[構成](@/internal/wt-structure-secret.md)\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/issues/clinical.md:6:1: error:", "withheld"],
    );
}

#[test]
fn a_relation_to_a_withheld_page_fails_at_its_line() {
    let site = site_with_withheld_page();
    site.write(
        "content/issues/secret-issue.md",
        "---\ntitle: 非公開課題\nclassification: 機密性2\n---\n",
    )
    .write(
        "content/teams/devices.md",
        "---\ntitle: 機器\nissues:\n  - regulation\n  - secret-issue\n---\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/teams/devices.md:5:5: error:", "withheld"],
    );
}

#[test]
fn a_template_lookup_of_a_withheld_page_fails() {
    let site = site_with_withheld_page();
    site.write(
        "templates/page.html",
        "{% set p = get_page(path='@/internal/wt-structure-secret.md') %}{{ p.title }}",
    );
    let errors = site.build_err();
    assert_error(&errors, &["templates/page.html:1:", "withheld"]);
}

#[test]
fn markings_in_a_public_page_are_errors_at_their_line() {
    for marking in [
        "【機密性 2 情報】",
        "機密性２",
        "機密性三",
        "機密性 3 情報",
        "要機密情報",
        "（機密性2）",
    ] {
        let site = Site::minimal();
        site.write(
            "content/p.md",
            &format!("---\ntitle: 公開\n---\n前文\n{marking}\n"),
        );
        let errors = site.build_err();
        assert_error(&errors, &["content/p.md:5:", "publish gate"]);
    }
}

#[test]
fn markings_are_found_in_titles_alt_text_link_text_and_comments() {
    for (text, line) in [
        ("---\ntitle: 取扱注意の資料\n---\n", 2),
        ("---\ntitle: x\n---\n![部外秘の図](a.png)\n", 4),
        ("---\ntitle: x\n---\n[厳秘](https://example.com)\n", 4),
        ("---\ntitle: x\n---\n<!-- 関係者限り -->\n", 4),
        ("---\ntitle: x\nextra:\n  note: 複製禁止\n---\n", 4),
    ] {
        let site = Site::minimal();
        site.write("content/p.md", text)
            .write_bytes("content/a.png", b"png");
        let errors = site.build_err();
        assert_error(&errors, &[&format!("content/p.md:{line}:"), "publish gate"]);
    }
}

#[test]
fn secretary_is_not_a_secret_stamp() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: 秘書課\n---\n大臣秘書官の紹介。秘密保持契約。\n",
    );
    site.build_ok();
}

#[test]
fn stamps_and_placeholders_fail_and_allow_lets_them_through() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: x\n---\n【秘】\n\n主査：●●次長、○○課、（仮）、TBD、XXX\n",
    );
    let errors = site.build_err();
    for token in ["秘", "●●", "○○", "(仮)", "TBD", "XXX"] {
        assert_error(&errors, &["content/p.md:", token]);
    }
    site.write(
        "content/p.md",
        "---\ntitle: x\nallow:\n  - { text: 取扱注意, reason: 注意喚起の説明文 }\n---\n「取扱注意」と表示された資料は掲載しません。\n",
    );
    site.build_ok();
}

#[test]
fn an_allow_entry_needs_a_reason() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: x\nallow: [{ text: 取扱注意 }]\n---\n取扱注意\n",
    );
    let errors = site.build_err();
    assert_error(&errors, &["content/p.md:3:", "reason"]);
}

#[test]
fn a_page_with_no_classification_anywhere_fails() {
    let site = Site::minimal();
    site.write("site.yaml", "title: t\nbase_url: https://example.go.jp/\n");
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/_index.md:1:1: error:", "no classification"],
    );
}

#[test]
fn an_invalid_classification_is_an_error_at_its_line() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: x\n\nclassification: 社外秘\n---\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/p.md:4:17: error:", "not a classification"],
    );
}

#[test]
fn classification_cascades_from_sections() {
    let site = Site::minimal();
    site.write("site.yaml", "title: t\nbase_url: https://example.go.jp/\n")
        .write(
            "content/_index.md",
            "---\ntitle: ホーム\nclassification: 機密性１\n---\n",
        )
        .write("content/open/_index.md", "---\ntitle: 公開\n---\n")
        .write("content/open/a.md", "---\ntitle: a\n---\n")
        .write(
            "content/closed/_index.md",
            "---\ntitle: 非公開\nclassification: 機密性 2 情報\n---\n",
        )
        .write("content/closed/deeper/_index.md", "---\ntitle: 深い\n---\n")
        .write("content/closed/deeper/b.md", "---\ntitle: b\n---\n");
    let summary = site.build_ok();
    assert_eq!(summary.withheld, 3);
    assert!(site.output().join("open/a/index.html").exists());
    assert!(!site.output().join("closed").exists());
}

#[test]
fn a_public_page_inside_a_withheld_section_is_an_error() {
    let site = Site::minimal();
    site.write(
        "content/closed/_index.md",
        "---\ntitle: 非公開\nclassification: 機密性2\n---\n",
    )
    .write(
        "content/closed/b.md",
        "---\ntitle: b\nclassification: 機密性1\n---\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/closed/b.md:3:", "enclosing section is withheld"],
    );
}

#[test]
fn withheld_pages_are_not_checked_by_the_gate() {
    let site = Site::minimal();
    site.write(
        "content/w.md",
        "---\ntitle: w\nclassification: 機密性2\n---\n【機密性２情報】●●次長\n",
    );
    site.build_ok();
}

#[test]
fn drafts_appear_only_with_drafts_and_are_bannered() {
    let site = Site::minimal();
    site.write(
        "content/d.md",
        "---\ntitle: 下書きページ\ndraft: true\n---\n本文\n",
    );
    site.build_ok();
    assert!(!site.output().join("d").exists());
    assert!(!site.read("index.html").contains("下書きページ"));
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT for publishing"));
    let html = site.read("d/index.html");
    assert!(html.contains("draft-banner"), "{html}");
    assert!(
        html.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
        "{html}"
    );
    assert!(!site.read("index.html").contains("draft-banner"));
}
