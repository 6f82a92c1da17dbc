//! The engine on fixture sites: sections, URLs, Markdown, links, relations, navigation, themes
//! and sub-path output.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

#[test]
fn builds_sections_pages_and_nested_sections() {
    let site = Site::fixture("basic");
    let summary = site.build_ok();
    assert!(summary.pages >= 10);
    let files = site.output_files();
    for f in [
        "index.html",
        "teams/index.html",
        "teams/pharma/index.html",
        "council/meetings/index.html",
        "council/meetings/01/index.html",
        "404.html",
        ".office-site",
    ] {
        assert!(files.contains(&f.to_owned()), "{f} missing from {files:?}");
    }
}

#[test]
fn slug_replaces_the_last_segment_and_assets_are_copied_beside_their_page() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/devices.md",
        "---\ntitle: ② 医療機器\nslug: medical-devices\nissues: [regulation]\n---\n![組織図](chart.png)\n",
    )
    .write_bytes("content/teams/chart.png", &common::png());
    site.build_ok();
    let html = site.read("teams/medical-devices/index.html");
    assert!(
        html.contains(r#"src="/iryou-innovation/teams/chart.png""#),
        "{html}"
    );
    assert_eq!(
        std::fs::read(site.output().join("teams/chart.png")).unwrap(),
        common::png()
    );
}

#[test]
fn internal_links_resolve_to_urls_with_anchors() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.read("teams/pharma/index.html");
    assert!(
        html.contains(r#"<a href="/iryou-innovation/issues/regulation/#why">規制</a>"#),
        "{html}"
    );
}

#[test]
fn relative_markdown_links_to_pages_resolve_too() {
    let site = Site::fixture("basic");
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: 臨床\n---\n[規制](regulation.md#why) と [医薬品](../teams/pharma.md)\n",
    );
    site.build_ok();
    let html = site.read("issues/clinical/index.html");
    assert!(
        html.contains(r#"href="/iryou-innovation/issues/regulation/#why""#),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/iryou-innovation/teams/pharma/""#),
        "{html}"
    );
}

#[test]
fn japanese_heading_ids_and_table_of_contents() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.read("teams/pharma/index.html");
    assert!(
        html.contains(r#"<h2 id="基本的な考え方">基本的な考え方</h2>"#),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="#基本的な考え方">基本的な考え方</a>"##),
        "{html}"
    );
    assert!(html.contains(r##"<a href="#goals">目標</a>"##), "{html}");
}

#[test]
fn markdown_extensions_render() {
    let site = Site::minimal();
    site.write(
        "content/ext.md",
        "---\ntitle: 拡張\n---\n| 区分 | 内容 |\n|---|---|\n| 短期 | 目標 |\n\n~~旧~~\n\n- [x] 済\n- [ ] 未\n\n注記[^a]\n\n[^a]: 脚注の本文\n\n## 見出し {#custom-id}\n",
    );
    site.build_ok();
    let html = site.read("ext/index.html");
    for needle in [
        "<table>",
        "<th>区分</th>",
        "<del>旧</del>",
        "type=\"checkbox\"",
        "脚注の本文",
        "id=\"custom-id\"",
    ] {
        assert!(html.contains(needle), "{needle} missing in {html}");
    }
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let site = Site::minimal();
    site.write(
        "content/raw.md",
        "---\ntitle: 生HTML\n---\n<script>alert(1)</script>\n\n文中の<b>太字</b>\n",
    );
    site.build_ok();
    let html = site.read("raw/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nmarkdown:\n  allow_html: true\n",
    );
    site.build_ok();
    assert!(site.read("raw/index.html").contains("<b>太字</b>"));
}

#[test]
fn relations_show_both_ways_with_labels_and_related_pages() {
    let site = Site::fixture("basic");
    site.build_ok();
    let team = site.main("teams/pharma/index.html");
    assert!(team.contains("共通の課題"), "{team}");
    assert!(
        team.contains(r#"href="/iryou-innovation/issues/clinical/""#),
        "{team}"
    );
    // Related: the other team that shares `regulation`.
    assert!(
        team.contains(r#"href="/iryou-innovation/teams/devices/""#),
        "{team}"
    );
    let issue = site.main("issues/regulation/index.html");
    assert!(issue.contains("この課題に取り組むチーム"), "{issue}");
    assert!(
        issue.contains(r#"href="/iryou-innovation/teams/pharma/""#),
        "{issue}"
    );
    assert!(
        issue.contains(r#"href="/iryou-innovation/teams/devices/""#),
        "{issue}"
    );
    let clinical = site.main("issues/clinical/index.html");
    assert!(
        !clinical.contains("teams/devices/"),
        "devices does not work on clinical: {clinical}"
    );
}

#[test]
fn breadcrumbs_siblings_prev_next_and_backlinks() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.read("teams/devices/index.html");
    let crumbs = &html
        [html.find("breadcrumbs").unwrap()..html.find("</nav>\n\n\n<main").unwrap_or(html.len())];
    assert!(crumbs.contains("現在位置"), "{crumbs}");
    assert!(crumbs.find("ホーム").unwrap() < crumbs.find("ワーキングチーム").unwrap());
    assert!(
        html.contains(r#"href="/iryou-innovation/teams/pharma/" rel="prev""#),
        "{html}"
    );
    let pharma = site.read("teams/pharma/index.html");
    assert!(pharma.contains(r#"href="/iryou-innovation/teams/devices/" rel="next""#));
    // devices links to pharma in its Markdown: a backlink.
    let back = &pharma[pharma.find("このページにリンクしているページ").unwrap()..];
    assert!(back.contains("② 医療機器"), "{back}");
}

#[test]
fn siblings_are_ordered_by_weight_then_title() {
    let site = Site::minimal();
    site.write("content/s/_index.md", "---\ntitle: 節\n---\n")
        .write("content/s/c.md", "---\ntitle: い\n---\n")
        .write("content/s/b.md", "---\ntitle: あ\n---\n")
        .write("content/s/a.md", "---\ntitle: う\nweight: 1\n---\n");
    site.build_ok();
    let section = site.main("s/index.html");
    let pos = |t: &str| {
        section
            .find(&format!(">{t}</a>"))
            .unwrap_or_else(|| panic!("{t} in {section}"))
    };
    assert!(pos("う") < pos("あ") && pos("あ") < pos("い"), "{section}");
}

#[test]
fn every_url_works_under_the_base_url_sub_path() {
    let site = Site::fixture("basic");
    site.build_ok();
    for f in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(f);
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                let ok = url.starts_with("/iryou-innovation/")
                    || url.starts_with('#')
                    || url.starts_with("https://www.example.go.jp/iryou-innovation/");
                assert!(ok, "{f}: {attr}{url}");
            }
        }
    }
}

#[test]
fn base_url_flag_overrides_site_yaml_for_one_build() {
    let site = Site::fixture("basic");
    site.build_with(|o| o.base_url = Some("http://localhost:8080/preview/".into()))
        .unwrap();
    let html = site.read("teams/pharma/index.html");
    assert!(
        html.contains(r#"href="/preview/issues/regulation/#why""#),
        "{html}"
    );
    assert!(
        html.contains("http://localhost:8080/preview/teams/pharma/"),
        "{html}"
    );
}

#[test]
fn root_templates_override_the_theme() {
    let site = Site::fixture("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p>独自テンプレート {{ page.title }}</p>{% endblock main %}");
    site.build_ok();
    assert!(
        site.read("council/meetings/01/index.html")
            .contains("独自テンプレート 第1回")
    );
}

#[test]
fn a_site_without_themes_folder_uses_the_built_in_default_theme() {
    let site = Site::minimal();
    assert!(!site.root.join("themes").exists());
    site.build_ok();
    assert!(site.read("index.html").contains("<html lang=\"ja\">"));
    assert!(site.output().join("css/site.css").is_file());
}

#[test]
fn a_theme_folder_is_used_when_present() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\ntheme: plain\n",
    )
    .write(
        "themes/plain/templates/home.html",
        "<p>plain {{ page.title }} {{ get_url(path='x.css') }}</p>",
    )
    .write("themes/plain/templates/section.html", "s")
    .write("themes/plain/static/x.css", "p{}");
    site.build_ok();
    assert_eq!(site.read("index.html"), "<p>plain ホーム /x.css</p>");
    assert_eq!(site.read("x.css"), "p{}");
}

#[test]
fn templates_resolve_at_paths_with_get_url_and_get_page() {
    let site = Site::fixture("basic");
    site.write(
        "templates/page.html",
        "{% set p = get_page(path='@/issues/regulation.md') %}{% set s = get_section(path='@/teams/_index.md') %}{{ get_url(path='@/teams/pharma.md#goals') }}|{{ p.title }}|{{ s.pages | length }}",
    );
    site.build_ok();
    assert_eq!(
        site.read("council/meetings/01/index.html"),
        "/iryou-innovation/teams/pharma/#goals|レギュレーションのあり方|2"
    );
}

#[test]
fn bom_and_crlf_files_are_fine() {
    let site = Site::minimal();
    site.write_bytes(
        "content/crlf.md",
        "\u{feff}---\r\ntitle: 改行\r\n---\r\n## 見出し\r\n\r\n本文\r\n".as_bytes(),
    );
    site.build_ok();
    assert!(
        site.read("crlf/index.html")
            .contains("<h2 id=\"見出し\">見出し</h2>")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::minimal();
    site.write("content/d.md", "---\ntitle: 下書き\ndraft: true\n---\n");
    let summary = site.build_ok();
    assert_eq!(summary.drafts_skipped, 1);
    assert!(!site.output().join("d/index.html").exists());
    site.build_with(|o| o.drafts = true).unwrap();
    assert!(site.output().join("d/index.html").exists());
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = Site::minimal();
    site.write("content/d.md", "---\ntitle: 下書き\ndraft: true\n---\n")
        .write(
            "content/p.md",
            "---\ntitle: 公開\n---\n\n[下書き](@/d.md)\n",
        );
    let errors = site.build_err();
    assert_error(&errors, &["content/p.md:5:1: error[E0409]:", "draft"]);
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("basic");
    site.build_ok();
    let ino = |rel: &str| std::fs::metadata(site.output().join(rel)).unwrap().ino();
    let (regulation, pharma) = (
        ino("issues/regulation/index.html"),
        ino("teams/pharma/index.html"),
    );
    let before = site.read("issues/regulation/index.html");
    let text = std::fs::read_to_string(site.root.join("content/teams/pharma.md")).unwrap();
    site.write("content/teams/pharma.md", &format!("{text}\n追記。\n"));
    site.build_ok();
    assert_eq!(
        ino("issues/regulation/index.html"),
        regulation,
        "unchanged: linked, not rewritten"
    );
    assert_eq!(site.read("issues/regulation/index.html"), before);
    assert_ne!(
        ino("teams/pharma/index.html"),
        pharma,
        "changed: a new file"
    );
    assert!(site.read("teams/pharma/index.html").contains("追記。"));
}
