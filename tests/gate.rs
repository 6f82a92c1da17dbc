//! The publish gate: classifications, withheld pages that leave no trace, markings, handling
//! words, placeholders, `allow:`, and drafts.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};
#[cfg(feature = "search")]
use common::{index_of, pages_with};

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
    // The index's shards hold tokens, not the strings above: ask them token by token.
    #[cfg(feature = "search")]
    {
        let index = index_of(&site);
        for word in ["unique", "withheld", "7f3a9", "内部資料", "非公開", "主査"] {
            assert!(
                pages_with(&index, word).is_empty(),
                "{word} is in the search index"
            );
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
        &["content/issues/clinical.md:6:1: error[E0410]:", "withheld"],
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
        &["content/teams/devices.md:5:5: error[E0418]:", "withheld"],
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
fn get_url_and_get_section_of_a_withheld_page_fail() {
    for call in [
        "{{ get_url(path='@/internal/wt-structure-secret.md') }}",
        "{{ get_url(path='@/teams/withheld-page.md') }}",
        "{% set s = get_section(path='@/internal/_index.md') %}{{ s.title }}",
        "{% set s = get_section(path='internal') %}{{ s.title }}",
    ] {
        let site = site_with_withheld_page();
        site.write("templates/page.html", call);
        let errors = site.build_err();
        assert_error(&errors, &["templates/page.html:1:", "withheld"]);
        assert!(
            !errors.iter().any(|e| e.contains(MARKER)),
            "an error names what is withheld: {errors:?}"
        );
    }
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
            .write_bytes("content/a.png", &common::png());
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
    for token in ["【秘】", "●●", "○○", "（仮）", "TBD", "XXX"] {
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
        &["content/_index.md:1:1: error[E0307]:", "no classification"],
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
        &["content/p.md:4:17: error[E0305]:", "not a classification"],
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

/// Writes `body` as the text of a public page and returns the build's errors.
fn errors_for(body: &str) -> Vec<String> {
    let site = Site::minimal();
    site.write("content/p.md", &format!("---\ntitle: 公開\n---\n{body}"));
    site.build_err()
}

#[test]
fn tbd_and_xxx_after_an_ascii_letter_or_digit_are_caught() {
    let errors = errors_for("Status TBD\nContact XXX for details\n2011 TBD\n電話 03-XXXX-XXXX\n");
    for at in [
        "content/p.md:4:8: error[E0301]: the placeholder 「TBD」",
        "content/p.md:5:9: error[E0301]: the placeholder 「XXX」",
        "content/p.md:6:6: error[E0301]: the placeholder 「TBD」",
        "content/p.md:7:7: error[E0301]: the placeholder 「XXXX」",
        "content/p.md:7:12: error[E0301]: the placeholder 「XXXX」",
    ] {
        assert_error(&errors, &[at]);
    }
}

#[test]
fn more_placeholder_and_marking_forms_are_caught_at_their_column() {
    for (line, at) in [
        (
            "〇〇課長",
            "content/p.md:4:1: error[E0301]: the placeholder 「〇〇」",
        ),
        (
            "◯◯室長",
            "content/p.md:4:1: error[E0301]: the placeholder 「◯◯」",
        ),
        (
            "担当：＊＊",
            "content/p.md:4:4: error[E0301]: the placeholder 「＊＊」",
        ),
        (
            "本書は機密性：2です",
            "content/p.md:4:4: error[E0302]: this text carries the marking 「機密性：2」",
        ),
        (
            "機密性Ⅱ",
            "content/p.md:4:1: error[E0302]: this text carries the marking 「機密性Ⅱ」 (機密性2)",
        ),
        (
            "【機密性Ⅲ情報】",
            "content/p.md:4:2: error[E0302]: this text carries the marking 「機密性Ⅲ」 (機密性3)",
        ),
        (
            "本書は 機密性 ３",
            "content/p.md:4:5: error[E0302]: this text carries the marking 「機密性 ３」",
        ),
        (
            "【機密性二情報】",
            "content/p.md:4:2: error[E0302]: this text carries the marking 「機密性二」",
        ),
        (
            "会議名（仮）",
            "content/p.md:4:4: error[E0301]: the placeholder 「（仮）」",
        ),
        (
            "資料 ㊙ 一式",
            "content/p.md:4:4: error[E0301]: the stamp 「㊙」",
        ),
        (
            "担当者 ＸＸＸ",
            "content/p.md:4:5: error[E0301]: the placeholder 「ＸＸＸ」",
        ),
    ] {
        assert_error(&errors_for(&format!("{line}\n")), &[at, "publish gate"]);
    }
}

#[test]
fn allow_cannot_silence_a_classification_marking() {
    for entry in ["機密性1", "機密性", "【機密性2情報】"] {
        let site = Site::minimal();
        site.write(
            "content/p.md",
            &format!("---\ntitle: x\nallow:\n  - {{ text: \"{entry}\", reason: 説明 }}\n---\n【機密性2情報】\n"),
        );
        let errors = site.build_err();
        assert_error(
            &errors,
            &["content/p.md:6:2: error[E0302]:", "機密性2", "publish gate"],
        );
        assert_error(&errors, &["content/p.md:4:", "can never be allowed"]);
        assert!(
            !errors.iter().any(|e| e.contains("text: 機密性,")),
            "the hint must not suggest allowing a marking: {errors:?}"
        );
    }
}

#[test]
fn allow_must_name_the_flagged_string_exactly() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: x\nallow: [{ text: 秘書, reason: 役職名 }]\n---\n秘書【秘】\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/p.md:5:3: error[E0301]: the stamp 「【秘】」"],
    );
    site.write(
        "content/p.md",
        "---\ntitle: x\nallow: [{ text: 【秘】, reason: 表示例の説明 }]\n---\n秘書【秘】\n",
    );
    site.build_ok();
}

#[test]
fn allow_lets_a_placeholder_through() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: x\nallow:\n  - { text: ●●, reason: 伏せ字の書き方の説明 }\n---\n伏せ字は「●●」と書きます。\n",
    );
    site.build_ok();
    assert!(site.read("p/index.html").contains("「●●」と書きます"));
}

#[test]
fn an_empty_classification_is_an_error_at_its_line() {
    let site = Site::minimal();
    site.write("content/p.md", "---\ntitle: x\nclassification:\n---\n");
    assert_error(
        &site.build_err(),
        &[
            "content/p.md:3:1: error[E0306]:",
            "`classification` is empty",
        ],
    );
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.go.jp/\nclassification: ~\n",
    );
    assert_error(
        &site.build_err(),
        &["site.yaml:3:1: error[E0306]:", "`classification` is empty"],
    );
}

#[test]
fn site_yaml_text_is_checked_by_the_gate() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "# 機密性2 の資料は置かないこと (a comment is never published)\ntitle: 推進室 TBD\nbase_url: https://example.go.jp/\nclassification: 機密性1\nextra:\n  note: 取扱注意\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["site.yaml:2:12: error[E0303]: the placeholder 「TBD」"],
    );
    assert_error(
        &errors,
        &["site.yaml:6:9: error[E0303]: the handling word 「取扱注意」"],
    );
    assert!(
        !errors.iter().any(|e| e.contains("site.yaml:1:")),
        "{errors:?}"
    );
}

#[test]
fn files_beside_a_withheld_page_are_withheld_with_it() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/secret-wt.md",
        "---\ntitle: WTの構成\nclassification: 機密性2\n---\n![体制図](secret-wt-chart.png)\n\n[名簿](secret-wt-members.pdf)\n",
    )
    .write_bytes("content/teams/secret-wt-chart.png", &common::png())
    .write_bytes("content/teams/secret-wt-members.pdf", &common::pdf("secret members"))
    .write_bytes("content/teams/public-chart.png", &common::png())
    .write_bytes("content/issues/orphan.pdf", &common::pdf("linked by nothing"))
    .write(
        "content/teams/devices.md",
        "---\ntitle: ② 医療機器\n---\n![組織図](public-chart.png)\n",
    );
    let summary = site.build_ok();
    assert_eq!(summary.withheld, 1);
    assert_eq!(summary.assets_left_out, 2);
    let files = site.output_files();
    assert!(
        files.contains(&"teams/public-chart.png".to_owned()),
        "{files:?}"
    );
    let out = site.run(&["build"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 files under content/ were not copied"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains("secret") && !stderr.contains("secret"),
        "files beside a withheld page are not named: {stdout}{stderr}"
    );
    assert!(
        stderr.contains("content/issues/orphan.pdf: warning[W0408]: no page links this file"),
        "{stderr}"
    );
    assert!(
        files.contains(&"issues/orphan.pdf".to_owned()),
        "a file no page links is still copied beside its page: {files:?}"
    );
    for f in &files {
        assert!(!f.contains("secret"), "{f} was published");
        let bytes = std::fs::read(site.output().join(f)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("secret-wt"),
            "{f}"
        );
    }
}

#[test]
fn a_file_linked_from_raw_html_or_by_absolute_url_is_published() {
    // Every file here is also named by a withheld page, so each is published only because the
    // public page's raw HTML or absolute URL links it.
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/sub/\nclassification: 機密性1\nmarkdown:\n  allow_html: true\n",
    )
    .write(
        "content/p.md",
        "---\ntitle: p\n---\n<img src=\"raw.png\" alt=\"図\">\n\n[資料](/sub/abs.pdf) と [全文](https://example.go.jp/sub/full.pdf)\n",
    )
    .write(
        "content/w.md",
        "---\ntitle: w\nclassification: 機密性2\n---\n![a](raw.png) [b](abs.pdf) [c](full.pdf) [d](only-withheld.pdf)\n",
    )
    .write_bytes("content/raw.png", &common::png())
    .write_bytes("content/abs.pdf", &common::pdf("pdf"))
    .write_bytes("content/full.pdf", &common::pdf("pdf"))
    .write_bytes("content/only-withheld.pdf", &common::pdf("pdf"));
    site.build_ok();
    let files = site.output_files();
    for f in ["raw.png", "abs.pdf", "full.pdf"] {
        assert!(files.contains(&f.to_owned()), "{f} missing from {files:?}");
    }
    assert!(
        !files.contains(&"only-withheld.pdf".to_owned()),
        "{files:?}"
    );
}

#[test]
fn markdown_files_not_named_dot_md_are_refused_not_copied() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/upper.MD",
        "---\ntitle: 大文字\nclassification: 機密性2\n---\n●●次長\n",
    )
    .write(
        "content/teams/long.markdown",
        "---\ntitle: 長い拡張子\nclassification: 機密性2\n---\n●●次長\n",
    )
    .write(
        "content/teams/devices.md",
        "---\ntitle: ② 医療機器\n---\n[a](upper.MD) [b](long.markdown)\n",
    );
    let errors = site.build_err();
    for f in [
        "content/teams/upper.MD:1:1: error[E0156]:",
        "content/teams/long.markdown:1:1: error[E0156]:",
    ] {
        assert_error(&errors, &[f, "`.md`"]);
    }
}

#[test]
fn published_text_files_are_checked_by_the_gate() {
    let site = Site::fixture("basic");
    site.write("content/teams/notes.txt", "公開用メモ\n●●次長 機密性2\n")
        .write("content/teams/data.csv", "名前,役職\n山田,TBD\n")
        .write(
            "content/teams/devices.md",
            "---\ntitle: ② 医療機器\n---\n[メモ](notes.txt) [表](data.csv)\n",
        );
    let errors = site.build_err();
    assert_error(
        &errors,
        &["content/teams/notes.txt:2:1: error[E0401]: the placeholder 「●●」"],
    );
    assert_error(
        &errors,
        &["content/teams/notes.txt:2:6: error[E0401]:", "機密性2"],
    );
    assert_error(
        &errors,
        &["content/teams/data.csv:2:4: error[E0401]: the placeholder 「TBD」"],
    );
}

#[test]
fn a_link_by_url_to_a_withheld_page_fails_at_its_line() {
    let site = site_with_withheld_page();
    site.write(
        "content/teams/wt.md",
        "---\ntitle: WT\nclassification: 機密性2\n---\n",
    )
    .write(
        "content/issues/clinical.md",
        &format!(
            "---\ntitle: 臨床\n---\n本文\n\n[構成](/iryou-innovation/teams/wt/)\n\n[全文](https://www.example.go.jp/iryou-innovation/internal/{MARKER}-slug/index.html)\n\n<https://www.example.go.jp/iryou-innovation/teams/withheld-page>\n\n[公開](/iryou-innovation/teams/pharma/) と [根から](/teams/wt)\n"
        ),
    );
    let errors = site.build_err();
    for at in [
        "content/issues/clinical.md:6:6: error[E0311]: `/iryou-innovation/teams/wt/` is the URL of content/teams/wt.md",
        "content/issues/clinical.md:8:6: error[E0311]: `https://www.example.go.jp/iryou-innovation/internal/",
        "content/issues/clinical.md:10:2: error[E0311]: `https://www.example.go.jp/iryou-innovation/teams/withheld-page`",
        "content/issues/clinical.md:12:47: error[E0311]: `/teams/wt` is the URL of content/teams/wt.md",
    ] {
        assert_error(&errors, &[at, "withheld"]);
    }
    assert!(
        !errors.iter().any(|e| e.contains("teams/pharma")),
        "{errors:?}"
    );
}

#[test]
fn pages_of_a_draft_section_are_bannered_and_kept_out_of_sitemap_and_feed() {
    let site = Site::fixture("basic");
    site.write(
        "content/plans/_index.md",
        "---\ntitle: 構想中\ndraft: true\n---\n",
    )
    .write(
        "content/plans/idea.md",
        "---\ntitle: 構想メモ\ndate: 2011-03-01\n---\n本文\n",
    );
    site.build_ok();
    assert!(!site.output().join("plans").exists());
    for f in site.output_files() {
        let text =
            String::from_utf8_lossy(&std::fs::read(site.output().join(&f)).unwrap()).into_owned();
        for needle in ["構想中", "構想メモ", "plans/"] {
            assert!(
                !text.contains(needle),
                "{f} contains {needle} in a build without --drafts"
            );
        }
    }
    let out = site.run(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("includes 2 draft pages"), "{stdout}");
    let html = site.read("plans/idea/index.html");
    assert!(html.contains("draft-banner"), "{html}");
    assert!(
        html.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
        "{html}"
    );
    assert!(!site.read("sitemap.xml").contains("plans"));
    assert!(!site.read("atom.xml").contains("構想メモ"));
}

/// Regression: a root link to where a withheld page's file is (`/teams/wtsecret/`) passed when
/// the page had `slug: members`: the link step guessed the URL from the file's place and the
/// publish step worked out its own, and neither matched the other. One table now says where
/// each left-out page would be, its slug included.
#[test]
fn a_root_link_to_a_withheld_page_with_a_slug_is_caught_once() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/wtsecret.md",
        "---\ntitle: WT\nclassification: 機密性2\nslug: members\n---\n",
    )
    .write(
        "content/issues/clinical.md",
        "---\ntitle: 臨床\n---\n本文\n\n[a](/teams/wtsecret/)\n\n[b](/teams/members/)\n",
    );
    let errors = site.build_err();
    assert_error(&errors, &["content/issues/clinical.md:6:1: error[E0406]:"]);
    assert_error(
        &errors,
        &[
            "content/issues/clinical.md:8:5: error[E0311]: `/teams/members/` is the URL of content/teams/wtsecret.md",
            "withheld",
        ],
    );
    let at_8: Vec<_> = errors
        .iter()
        .filter(|e| e.contains("clinical.md:8:"))
        .collect();
    assert_eq!(at_8.len(), 1, "{errors:?}");
}

/// Regression: a withheld page's URL got out where the URL check did not look: in front matter
/// (a `description:` reaches lists and the search index), after a Japanese character
/// (`参照：/teams/wtsecret/`, `（/…/）`), with Japanese text right after it
/// (`…/wtsecret/を参照`), and in a copied text file.
#[test]
fn a_withheld_url_in_front_matter_after_japanese_or_in_a_text_file_fails() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/wtsecret.md",
        "---\ntitle: WT\nclassification: 機密性2\n---\n",
    )
    .write(
        "content/issues/clinical.md",
        "---\ntitle: 臨床\ndescription: 詳細は /teams/wtsecret/ を参照\n---\n参照：/teams/wtsecret/\n\n（/iryou-innovation/teams/wtsecret/）\n\nhttps://www.example.go.jp/iryou-innovation/teams/wtsecret/を参照\n\n[メモ](memo.txt)\n",
    )
    .write("content/issues/memo.txt", "一覧\n詳細：/teams/wtsecret/\n");
    let errors = site.build_err();
    for at in [
        "content/issues/clinical.md:3:18: error[E0311]: `/teams/wtsecret/` is the URL of content/teams/wtsecret.md",
        "content/issues/clinical.md:5:4: error[E0311]: `/teams/wtsecret/` is the URL",
        "content/issues/clinical.md:7:2: error[E0311]: `/iryou-innovation/teams/wtsecret/` is the URL",
        "content/issues/clinical.md:9:1: error[E0311]: `https://www.example.go.jp/iryou-innovation/teams/wtsecret/` is the URL",
        "content/issues/memo.txt:2:4: error[E0312]: `/teams/wtsecret/` is the URL",
    ] {
        assert_error(&errors, &[at, "withheld"]);
    }
}

/// Regression: a file that only a withheld page uses through its front matter (`extra: {image:
/// meibo.png}`) was copied: only the body was searched, for the name as written. Now a file
/// beside a left-out page is kept back unless a published page links it, and names are looked
/// for in the whole file, percent-encoded in either case, in NFC or NFD.
#[test]
fn a_file_only_a_withheld_page_uses_is_not_copied_however_it_is_named() {
    let site = Site::fixture("basic");
    let nfd = "カ\u{3099}イド.pdf";
    site.write(
        "content/teams/wtsecret.md",
        "---\ntitle: WT\nclassification: 機密性2\nextra:\n  image: meibo.png\n---\n本文\n",
    )
    .write_bytes("content/teams/meibo.png", &common::png())
    .write_bytes("content/teams/unnamed.pdf", &common::pdf("pdf"))
    .write(
        "content/issues/secret.md",
        "---\ntitle: S\nclassification: 機密性2\n---\n![a](../council/%e5%9b%b3.png) [b](../council/ガイド.pdf)\n",
    )
    .write_bytes("content/council/図.png", &common::png())
    .write_bytes(&format!("content/council/{nfd}"), &common::pdf("pdf"))
    .write_bytes("content/council/public.pdf", &common::pdf("pdf"));
    let summary = site.build_ok();
    assert_eq!(summary.assets_left_out, 4);
    let files = site.output_files();
    assert!(
        files.contains(&"council/public.pdf".to_owned()),
        "{files:?}"
    );
    for f in ["meibo.png", "unnamed.pdf", "図.png", nfd, "ガイド.pdf"] {
        assert!(
            !files.iter().any(|o| o.ends_with(f)),
            "{f} copied: {files:?}"
        );
    }
    let out = site.run(&["build"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["meibo", "unnamed", "図", "イド"] {
        assert!(!said.contains(f), "{f} named: {said}");
    }
}

/// Regression: the gate read the file's lines only, so what Markdown or HTML put together was
/// published: `機密性**2**`, `取扱` and `注意` on two lines of one paragraph, and character
/// references (`機密性&#x32;情報、部外&#31192;`). The rendered text is read too, and each
/// finding put at the line where it starts.
#[test]
fn markings_put_together_by_markdown_or_character_references_are_caught() {
    let errors = errors_for(
        "前文\n\nこれは機密性**2**です。\n\n資料は取扱\n注意とする。\n\n機密性&#x32;情報、部外&#31192;\n",
    );
    for at in [
        "content/p.md:6:4: error[E0302]: this text carries the marking 「機密性2」",
        "content/p.md:8:4: error[E0301]: the handling word 「取扱注意」",
        "content/p.md:11:1: error[E0302]: this text carries the marking 「機密性2」",
        "content/p.md:11:13: error[E0301]: the handling word 「部外秘」",
    ] {
        assert_error(&errors, &[at]);
    }
    // What the file's own lines show is reported once, at its line.
    let errors = errors_for("本文\n\n取扱注意\n");
    let gate: Vec<_> = errors.iter().filter(|e| e.contains("取扱注意")).collect();
    assert_eq!(gate.len(), 1, "{errors:?}");
    assert!(
        gate[0].contains("content/p.md:6:1: error[E0301]:"),
        "{gate:?}"
    );
}

#[test]
fn allow_lets_a_split_handling_word_through_and_is_not_unused() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: x\nallow:\n  - { text: 取扱注意, reason: 注意喚起の説明文 }\n---\n資料は取扱\n注意とする。\n",
    );
    let summary = site.build_ok();
    assert!(
        !summary
            .warnings
            .iter()
            .any(|w| w.message().contains("matches nothing")),
        "{:?}",
        summary.warnings
    );
}

/// Regression: `〇` runs were placeholders even inside kanji numbers, so `二〇〇〇年に設立、一〇〇名。`
/// failed. The zeros of a number are not; a run of 〇 standing apart still is.
#[test]
fn the_zeros_of_a_kanji_number_are_not_a_placeholder() {
    let site = Site::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: 沿革\n---\n二〇〇〇年に設立、一〇〇名。令和２〇〇日目。\n",
    );
    site.build_ok();
    let errors = errors_for("〇〇年に設立、〇〇課長。\n");
    assert_error(
        &errors,
        &["content/p.md:4:1: error[E0301]: the placeholder 「〇〇」"],
    );
    assert_error(
        &errors,
        &["content/p.md:4:8: error[E0301]: the placeholder 「〇〇」"],
    );
}

/// Regression: the warning about a file no page links was put at its line 1, so the terminal
/// printed that line under it: binary bytes, or the first names of a member list.
#[test]
fn the_warning_about_an_unlinked_file_shows_none_of_its_text() {
    let site = Site::fixture("basic");
    site.write("content/issues/meibo.csv", "氏名,所属\n山田太郎,推進室\n")
        .write_bytes("content/issues/chart.png", &common::png());
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for f in ["meibo.csv", "chart.png"] {
        assert!(
            stderr.contains(&format!(
                "content/issues/{f}: warning[W0408]: no page links this file"
            )),
            "{stderr}"
        );
    }
    for text in ["氏名", "PNG", "IHDR", "IDAT"] {
        assert!(!stderr.contains(text), "{text} shown: {stderr}");
    }
}

/// The final scan over a finished output folder (what `deploy --output` runs before anything
/// is uploaded): a clean build passes; a marking or a withheld page's URL put into its files
/// afterwards, or into a file added to it, is an error naming the published file; the marker
/// and the build record are not published and not read.
#[test]
fn the_final_scan_reads_a_finished_output_again() {
    let site = site_with_withheld_page();
    site.build_ok();
    let output = site.output();
    let scan = office_site::FinalScan::new(&site.root, None).unwrap();
    let clean = scan.scan_dir(&output).unwrap();
    assert!(clean.files > 0);
    let page = output.join("teams/pharma/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    for (file, text) in [
        (
            "teams/pharma/index.html",
            html.replace("</main>", "取&#x6271;注意</main>"),
        ),
        (
            "teams/pharma/index.html",
            html.replace(
                "</main>",
                "<a href=\"/iryou-innovation/internal/\">x</a></main>",
            ),
        ),
        ("extra/notes.txt", "【機密性２情報】".to_owned()),
    ] {
        std::fs::create_dir_all(output.join(file).parent().unwrap()).unwrap();
        std::fs::write(output.join(file), &text).unwrap();
        let errors: Vec<String> = scan
            .scan_dir(&output)
            .unwrap_err()
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_error(&errors, &[&format!("`{file}`"), "publish gate"]);
        std::fs::write(&page, &html).unwrap();
        let _ = std::fs::remove_file(output.join("extra/notes.txt"));
    }
    std::fs::write(output.join(".office-site"), "取扱注意").unwrap();
    assert!(
        scan.scan_dir(&output).is_ok(),
        "the marker is not published"
    );
}
