//! Attachments: every fixture of tests/fixtures/attachments/ (made by real producers, see its
//! MANIFEST.md) linked from a page of a small site, and each of the manifest's findings
//! expected as the gate's error at its place, naming the file and the linking page; clean
//! files build. Then the size notation on links and in 資料一覧, the build that fails on a PDF
//! marked 【機密性２情報】 on page 2 and leaves the previous output as it was, `allow:`, the
//! site's settings, and the cache.
#![allow(clippy::disallowed_methods)] // tests set up fixture sites on disk

mod common;

use common::{Site, assert_error};

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/attachments")
            .join(name),
    )
    .unwrap()
}

fn manifest() -> serde_json::Value {
    serde_json::from_slice(&fixture_bytes("manifest.json")).unwrap()
}

/// A site whose page `content/docs/page.md` links `name` (copied beside it).
fn site_linking(name: &str, front: &str) -> Site {
    let site = Site::minimal();
    site.write("content/docs/_index.md", "---\ntitle: 資料\n---\n")
        .write(
            "content/docs/page.md",
            &format!("---\ntitle: 会議資料\n{front}---\n\n- [資料]({name})\n"),
        )
        .write_bytes(&format!("content/docs/{name}"), &fixture_bytes(name));
    site
}

/// The code each of the manifest's rules is reported with.
fn code_of(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "marking" => "E0314",
        "handling" | "placeholder" => "E0313",
        "comments" => "E0315",
        "tracked-changes" => "E0316",
        "properties" => "E0317",
        "no-text" => "E031",
        "encrypted" => "E0320",
        "old-format" => "E0321",
        "unreadable" => "E0322",
        "exif-gps" => "E0323",
        "exif-owner" => "E0324",
        // The accessibility warnings are `check`'s (tests/attachments_a11y.rs).
        _ => return None,
    })
}

#[test]
fn every_fixture_fails_with_its_findings_at_their_places_or_builds_when_clean() {
    let m = manifest();
    for f in m["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let site = site_linking(name, "");
        let findings: Vec<&serde_json::Value> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| code_of(x["rule"].as_str().unwrap()).is_some())
            .collect();
        if findings.is_empty() {
            let summary = site.build_ok();
            assert!(summary.attachments.read >= 1, "{name}: not read");
            continue;
        }
        let errors = site.build_err();
        for x in findings {
            let code = code_of(x["rule"].as_str().unwrap()).unwrap();
            let place = x["where"].as_str().unwrap();
            let mut fragments = vec![
                format!("content/docs/{name}"),
                format!("[{code}"),
                "content/docs/page.md".to_owned(),
            ];
            // Where inside: a page, a sheet, a slide, a part of a document.
            if !place.starts_with("EXIF")
                && !place.starts_with("PNG")
                && !place.starts_with("TIFF")
                && place != "file"
            {
                fragments.push(place.to_owned());
            }
            match (x["rule"].as_str(), x["text"].as_str()) {
                // The rule's token: 機密性２ of 【機密性２情報】.
                (Some("marking"), Some(_)) => fragments.push("機密性".to_owned()),
                (Some("placeholder"), Some(_)) => fragments.push("●●".to_owned()),
                (Some("handling" | "properties"), Some(t)) => fragments.push(t.to_owned()),
                _ => {}
            }
            let fragments: Vec<&str> = fragments.iter().map(String::as_str).collect();
            assert_error(&errors, &fragments);
        }
    }
}

#[test]
fn a_pdf_marked_on_page_2_fails_the_build_naming_it_the_page_and_the_linking_page_and_keeps_the_output()
 {
    let site = site_linking("chromium-clean-2p.pdf", "");
    site.build_ok();
    let before = snapshot(&site.output());
    site.write(
        "content/docs/page.md",
        "---\ntitle: 会議資料\n---\n\n- [資料1](chromium-marking-p2.pdf)\n",
    )
    .write_bytes(
        "content/docs/chromium-marking-p2.pdf",
        &fixture_bytes("chromium-marking-p2.pdf"),
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &[
            "content/docs/chromium-marking-p2.pdf",
            "E0314",
            "「機密性２」",
            "page 2",
            "content/docs/page.md",
        ],
    );
    assert_eq!(
        snapshot(&site.output()),
        before,
        "the previous output must stay as it was"
    );
    // LibreOffice draws the same marking in two runs of two fonts.
    site.write(
        "content/docs/page.md",
        "---\ntitle: 会議資料\n---\n\n- [資料1](lo-marking-p2.pdf)\n",
    )
    .write_bytes(
        "content/docs/lo-marking-p2.pdf",
        &fixture_bytes("lo-marking-p2.pdf"),
    )
    .remove("content/docs/chromium-marking-p2.pdf");
    assert_error(
        &site.build_err(),
        &["lo-marking-p2.pdf", "page 2", "機密性"],
    );
    assert_eq!(snapshot(&site.output()), before);
}

/// Every file of a folder with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.push((
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn links_get_the_notation_in_kilobytes_of_1024_rounded_up() {
    let site = Site::minimal();
    let mut body = String::new();
    for n in [10000, 10001, 10240, 10241] {
        let name = format!("size-{n}.pdf");
        site.write_bytes(&format!("content/{name}"), &fixture_bytes(&name));
        body.push_str(&format!("- [資料{n}]({name})\n"));
    }
    site.write(
        "content/page.md",
        &format!("---\ntitle: 資料\n---\n\n{body}"),
    );
    site.build_ok();
    let html = site.read("page/index.html");
    for (n, kb) in [(10000, 10), (10001, 10), (10240, 10), (10241, 11)] {
        assert!(
            html.contains(&format!("資料{n}（PDF：{kb}KB）</a>")),
            "{n}: {html}"
        );
    }
    assert_eq!(
        html.matches("class=\"pdf-note\"").count(),
        1,
        "the note on PDF readers, once"
    );
}

/// A JPEG of exactly `len` bytes (a clean one, padded after its image data).
fn jpeg_of(len: usize) -> Vec<u8> {
    let mut bytes = fixture_bytes("exif-clean.jpg");
    bytes.resize(len, 0);
    bytes
}

#[test]
fn megabytes_start_above_1000_kilobytes_in_links_and_materials() {
    let cases = [
        (1_024_000, "1000KB"),
        (1_024_001, "1.0MB"),
        (1_048_576, "1.0MB"),
        (1_048_577, "1.1MB"),
        (1_023_999, "1000KB"),
        (1_022_977, "1000KB"),
        (1_022_976, "999KB"),
    ];
    let site = Site::minimal();
    let mut materials = String::from("materials:\n");
    let mut body = String::new();
    for (k, (len, _)) in cases.iter().enumerate() {
        site.write_bytes(&format!("content/photo{k}.jpg"), &jpeg_of(*len));
        materials.push_str(&format!(
            "  - {{number: 資料{k}, title: 写真{k}, file: photo{k}.jpg}}\n"
        ));
        body.push_str(&format!("- [写真{k}](photo{k}.jpg)\n"));
    }
    site.write(
        "content/page.md",
        &format!("---\ntitle: 写真\n{materials}---\n\n{body}"),
    );
    site.build_ok();
    let html = site.read("page/index.html");
    for (k, (len, want)) in cases.iter().enumerate() {
        assert!(
            html.contains(&format!("写真{k}（JPEG：{want}）</a>")),
            "{len} link: {want}"
        );
        assert!(
            html.contains(&format!("資料{k}</span>　写真{k}（JPEG：{want}）</a>")),
            "{len} materials: {want}"
        );
    }
    assert!(html.contains("資料一覧"));
    assert!(!html.contains("pdf-note"), "no PDF, no note");
}

#[test]
fn a_notation_written_by_hand_is_checked() {
    let site = site_linking("size-10241.pdf", "");
    for good in ["（PDF：11KB）", "(PDF: 11KB)", "（ＰＤＦ：１１ＫＢ）"] {
        site.write(
            "content/docs/page.md",
            &format!("---\ntitle: 会議資料\n---\n\n- [資料1{good}](size-10241.pdf)\n- [資料2](size-10241.pdf){good}\n"),
        );
        site.build_ok();
        let html = site.read("docs/page/index.html");
        assert!(
            !html.contains("11KB）（PDF"),
            "{good}: written twice: {html}"
        );
    }
    for bad in ["（PDF：10KB）", "（PDF：11MB）", "（Word：11KB）"] {
        site.write(
            "content/docs/page.md",
            &format!("---\ntitle: 会議資料\n---\n\nはじめに。\n\n- [資料1{bad}](size-10241.pdf)\n"),
        );
        assert_error(
            &site.build_err(),
            &["content/docs/page.md:7:", "E0327", bad, "（PDF：11KB）"],
        );
    }
}

#[test]
fn materials_name_files_beside_the_page() {
    let site = site_linking(
        "size-10000.pdf",
        "materials:\n  - {number: 資料1, title: 概要, file: size-10000.pdf}\n  - {title: 議事次第, file: missing.pdf}\n",
    );
    assert_error(
        &site.build_err(),
        &["content/docs/page.md:5:", "E0326", "missing.pdf"],
    );
}

#[test]
fn a_page_may_allow_a_pdf_without_text_by_its_name_with_a_reason() {
    let site = site_linking(
        "scanned-image.pdf",
        "allow:\n  - { text: scanned-image.pdf, reason: 紙の原本しかない資料。内容は本文に掲載 }\n",
    );
    let summary = site.build_ok();
    assert!(
        !summary
            .warnings
            .iter()
            .any(|w| w.to_string().contains("W0301")),
        "the allow entry is used: {:?}",
        summary.warnings
    );
    let site = site_linking(
        "scanned-image.pdf",
        "allow:\n  - { text: other.pdf, reason: 別の資料 }\n",
    );
    assert_error(&site.build_err(), &["scanned-image.pdf", "E0318", "page 1"]);
}

#[test]
fn a_handling_word_inside_is_let_through_by_the_linking_pages_allow() {
    let site = site_linking(
        "chromium-header-handling.pdf",
        "allow:\n  - { text: 取扱注意, reason: 注意喚起の見本として掲載 }\n",
    );
    site.build_ok();
}

#[test]
fn properties_declared_public_in_site_yaml_pass() {
    let site = site_linking("lo-review.docx", "");
    let errors = site.build_err();
    assert_error(&errors, &["E0317", "Company"]);
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nattachments:\n  allowed_properties: [company, manager]\n",
    );
    let errors = site.build_err();
    assert!(
        !errors
            .iter()
            .any(|e| e.contains("Company") || e.contains("Manager")),
        "{errors:?}"
    );
    assert_error(&errors, &["E0317", "creator"]);
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nattachments:\n  allowed_properties: [owner]\n  exif: keep\n",
    );
    let errors = site.build_err();
    assert_error(&errors, &["site.yaml:5:", "E0180", "owner"]);
    assert_error(&errors, &["site.yaml", "E0181", "keep"]);
}

#[test]
fn exif_is_stripped_on_copy_when_the_site_says_so() {
    for name in ["exif-gps-owner.jpg", "exif-gps.png", "exif-gps.tif"] {
        let site = site_linking(name, "");
        assert_error(&site.build_err(), &[name, "E0323"]);
        site.write(
            "site.yaml",
            "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nattachments:\n  exif: strip\n",
        );
        let summary = site.build_ok();
        assert_eq!(summary.exif_stripped, 1, "{name}");
        let published = std::fs::read(site.output().join("docs").join(name)).unwrap();
        assert_ne!(published, fixture_bytes(name), "{name}");
        assert!(
            !published.windows(11).any(|w| w == b"YAMADA Taro"),
            "{name}: the owner is still there"
        );
        // Read again by the gate as a file of its own: nothing left.
        site.write_bytes(&format!("content/docs/{name}"), &published)
            .write(
                "site.yaml",
                "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\n",
            );
        site.build_ok();
    }
}

#[test]
fn unchanged_attachments_are_not_read_again_and_a_bad_cache_entry_is_read_again() {
    let site = site_linking("lo-clean.docx", "");
    site.write_bytes(
        "content/docs/b.pdf",
        &fixture_bytes("chromium-clean-2p.pdf"),
    )
    .write(
        "content/docs/page.md",
        "---\ntitle: 会議資料\n---\n\n- [a](lo-clean.docx)\n- [b](b.pdf)\n",
    );
    let first = site.build_ok();
    assert_eq!((first.attachments.read, first.attachments.cached), (2, 0));
    let second = site.build_ok();
    assert_eq!((second.attachments.read, second.attachments.cached), (0, 2));
    let cache = site.root.join(".office-site-cache/attachments");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 2);
    assert!(
        !site
            .output_files()
            .iter()
            .any(|f| f.contains("office-site-cache"))
    );
    // Corrupt one entry, make the other stale (another file's reading under this hash).
    let other = std::fs::read(&entries[1]).unwrap();
    std::fs::write(&entries[0], b"{\"version\": 1, \"sha256\": ").unwrap();
    let stale = String::from_utf8(other).unwrap();
    let hash = entries[1]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .split('.')
        .next()
        .unwrap()
        .to_owned();
    std::fs::write(&entries[1], stale.replace(&hash, &"0".repeat(64))).unwrap();
    let third = site.build_ok();
    assert_eq!((third.attachments.read, third.attachments.rejected), (2, 2));
    // A marking added to a cached file is found: the hash changed.
    site.write_bytes(
        "content/docs/b.pdf",
        &fixture_bytes("chromium-marking-p2.pdf"),
    );
    assert_error(&site.build_err(), &["b.pdf", "page 2"]);
}

/// Hostile test A: emptying `parts` and `strings` in the cache entry of a file the gate had
/// refused made the next `build` (and `deploy`) publish it. Entries are authenticated now, and
/// a deploy's build reads every attachment afresh.
#[test]
fn tampered_attachment_cache_entry_does_not_publish_a_marking() {
    let site = site_linking("chromium-marking-p2.pdf", "");
    assert_error(&site.build_err(), &["chromium-marking-p2.pdf", "page 2"]);
    let cache = site.root.join(".office-site-cache/attachments");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1);
    let bytes = std::fs::read(&entries[0]).unwrap();
    let (mac, json) = bytes.split_at(bytes.iter().position(|&b| b == b'\n').unwrap() + 1);
    let mut entry: serde_json::Value = serde_json::from_slice(json).unwrap();
    entry["extracted"]["parts"] = serde_json::json!([]);
    entry["extracted"]["strings"] = serde_json::json!([]);
    for tampered in [
        [mac, &serde_json::to_vec(&entry).unwrap()].concat(),
        serde_json::to_vec(&entry).unwrap(),
    ] {
        std::fs::write(&entries[0], &tampered).unwrap();
        assert_error(&site.build_err(), &["chromium-marking-p2.pdf", "page 2"]);
    }
    // A fresh build (deploy's) reads every file itself, even with a valid entry there.
    let clean = site_linking("lo-clean.docx", "");
    clean.build_ok();
    let fresh = clean
        .build_with(|o| o.fresh_attachments = true)
        .expect("builds");
    assert_eq!((fresh.attachments.read, fresh.attachments.cached), (1, 0));
}

/// The codes `check` warns of for a site.
fn check_codes(site: &Site) -> Vec<(String, String)> {
    let warnings = office_site::check(&site.root, false).expect("check passes");
    warnings
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.path.to_string_lossy().replace('\\', "/"),
            )
        })
        .collect()
}

#[test]
fn check_warns_of_pdfs_without_title_language_tags_or_html_alternative() {
    let m = manifest();
    let a11y = [
        ("pdf-no-title", "W0710"),
        ("pdf-no-lang", "W0711"),
        ("pdf-untagged", "W0712"),
    ];
    for f in m["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let rules: Vec<&str> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule"].as_str().unwrap())
            .collect();
        if !name.ends_with(".pdf") || rules.iter().any(|r| code_of(r).is_some()) {
            continue;
        }
        let got = check_codes(&site_linking(name, ""));
        for (rule, code) in a11y {
            let expected = rules.contains(&rule);
            let warned = got
                .iter()
                .any(|(c, p)| c == code && p.ends_with(&format!("content/docs/{name}")));
            assert_eq!(warned, expected, "{name}: {code} ({rule}): {got:?}");
        }
        // The page says nothing but the link: no HTML alternative.
        assert!(got.iter().any(|(c, _)| c == "W0713"), "{name}: {got:?}");
    }
}

#[test]
fn a_page_that_gives_the_pdfs_content_as_html_is_its_alternative() {
    let site = site_linking("chromium-clean-2p.pdf", "");
    let body = "医療イノベーション推進室の業務について説明します。".repeat(40);
    site.write(
        "content/docs/page.md",
        &format!("---\ntitle: 会議資料\n---\n\n{body}\n\n- [資料](chromium-clean-2p.pdf)\n"),
    );
    let got = check_codes(&site);
    assert!(!got.iter().any(|(c, _)| c.starts_with("W071")), "{got:?}");
}

/// The WCAG 2.0 A and AA criteria that are not about audio or video.
const NOT_MEDIA: &[&str] = &[
    "1.1.1", "1.3.1", "1.3.2", "1.3.3", "1.4.1", "1.4.3", "1.4.4", "1.4.5", "2.1.1", "2.1.2",
    "2.2.1", "2.2.2", "2.3.1", "2.4.1", "2.4.2", "2.4.3", "2.4.4", "2.4.5", "2.4.6", "2.4.7",
    "3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.3.1", "3.3.2", "3.3.3", "3.3.4",
    "4.1.1", "4.1.2",
];

/// A site with the report page and manual findings (criterion, result, date).
fn report_site(findings: &[(&str, &str, &str)]) -> Site {
    let site = Site::minimal();
    let mut yaml = String::from(
        "date: 2026-12-01\ntarget: AA\ntools:\n  - {name: Nu Html Checker, version: \"24.11.20\"}\nfindings:\n",
    );
    for (c, r, d) in findings {
        yaml.push_str(&format!(
            "  - {{criterion: \"{c}\", result: {r}, note: 目視, date: {d}, by: 広報係}}\n"
        ));
    }
    site.write("data/accessibility.yaml", &yaml).write(
        "content/accessibility.md",
        "---\ntitle: ウェブアクセシビリティ試験結果\ntemplate: accessibility-report.html\n---\n\n当室のウェブサイトの試験結果です。\n",
    );
    site
}

fn claim(site: &Site) -> String {
    site.build_ok();
    let html = site.read("accessibility/index.html");
    let at = html.find("a11y-report__claim").expect("the claim");
    let end = html[at..].find("</p>").expect("the claim's end");
    html[at..at + end].to_owned()
}

#[test]
fn the_accessibility_report_claims_only_what_the_evidence_shows() {
    let all: Vec<(&str, &str, &str)> = NOT_MEDIA
        .iter()
        .map(|c| (*c, "適合", "2026-11-20"))
        .collect();
    let site = report_site(&all);
    assert!(
        claim(&site).contains("<strong>準拠</strong>"),
        "{}",
        claim(&site)
    );
    let html = site.read("accessibility/index.html");
    assert!(
        html.contains("1.2.1 音声のみ及び映像のみ（収録済み）"),
        "{html}"
    );
    assert!(html.contains("音声・映像コンテンツなし"), "{html}");
    assert_eq!(html.matches("<th scope=\"row\">").count(), 38);
    // A later manual finding of 不適合 drops the claim to 一部準拠.
    let mut failing = all.clone();
    failing.push(("1.4.3", "不適合", "2026-11-30"));
    assert!(claim(&report_site(&failing)).contains("<strong>一部準拠</strong>"));
    // A criterion without evidence leaves it at 配慮.
    assert!(claim(&report_site(&all[1..])).contains("<strong>配慮</strong>"));
    // office-site's own finding stands whatever the manual one says: a PDF without a title.
    let site = report_site(&all);
    site.write(
        "content/docs.md",
        "---\ntitle: 資料\n---\n\n[資料](docs/a.pdf)\n",
    )
    .write_bytes(
        "content/docs/a.pdf",
        &fixture_bytes("lo-untagged-notitle.pdf"),
    );
    let got = claim(&site);
    assert!(got.contains("<strong>一部準拠</strong>"), "{got}");
    let html = site.read("accessibility/index.html");
    assert!(html.contains("タイトルのないPDFが1件"), "{html}");
}

#[test]
fn the_accessibility_record_is_checked() {
    let site = report_site(&[
        ("9.9.9", "適合", "2026-11-20"),
        ("1.1.1", "たぶん", "2026-11-20"),
    ]);
    let errors = site.build_err();
    assert_error(&errors, &["data/accessibility.yaml", "E0182", "9.9.9"]);
    assert_error(&errors, &["data/accessibility.yaml", "E0183", "たぶん"]);
}
