//! A site in two languages (issue 14): both ways of naming a translation, the language switch
//! (and its notice where a page has no translation), relations across languages, links to
//! pages in another language, hreflang alternates in pages and sitemap.xml (parsed, every pair
//! reciprocal), each language's feed and dates, the errors of translations, `check`'s
//! warnings, and the publish gate withholding a translation with its original, over generated
//! variants of where and how the classification and the translation's name are written.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Site, assert_error};

const BASE: &str = "https://www.example.go.jp/iryou-innovation/";

const LANGUAGES: &str = "\
languages:
  ja: {default: true}
  en:
    title: Test Office
    relations:
      issues: {label: Shared issues, inverse_label: Teams working on this issue}
";

/// The basic fixture in Japanese and English: the home page, the teams and issues sections,
/// ① 医薬品 (by name, `pharma.en.md`), ② 医療機器 (by `translation_key:`, under another file
/// name) and one issue are translated; the other issue and the council are not.
fn bilingual() -> Site {
    let site = Site::fixture("basic");
    let yaml = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{yaml}{LANGUAGES}"))
        .write(
            "content/_index.en.md",
            "---\ntitle: Test Office\n---\nThe office. [Pharmaceuticals](@/teams/pharma.en.md).\n",
        )
        .write(
            "content/teams/_index.en.md",
            "---\ntitle: Working teams\nweight: 2\npage_template: team.html\n---\nSix teams.\n",
        )
        .write(
            "content/issues/_index.en.md",
            "---\ntitle: Shared issues\nweight: 3\npage_template: issue.html\n---\nThe issues.\n",
        )
        .write(
            "content/teams/pharma.en.md",
            "---\ntitle: (1) Pharmaceuticals\nweight: 1\ndate: 2011-02-01\n\
             issues: [regulation, clinical]\n---\n## Goals {#goals}\n\n\
             Short-term goals. See [regulation](@/issues/regulation.md#why).\n",
        )
        .write(
            "content/teams/medical-devices.en.md",
            "---\ntitle: (2) Medical devices\nweight: 2\ntranslation_key: devices\n\
             issues: [regulation]\n---\nDevices.\n",
        )
        .write(
            "content/issues/clinical.en.md",
            "---\ntitle: Clinical research and clinical trials\nweight: 2\n---\nClinical.\n",
        );
    let devices = site.read_source("content/teams/devices.md");
    site.write(
        "content/teams/devices.md",
        &devices.replacen("---\n", "---\ntranslation_key: devices\n", 1),
    );
    site
}

/// Every `<tag …>` of `html`, as its attributes (name → value).
fn tags(html: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let open = format!("<{tag} ");
    let mut out = Vec::new();
    for (at, _) in html.match_indices(&open) {
        let rest = &html[at + open.len()..];
        let inner = &rest[..rest.find('>').expect("a closed tag")];
        let mut attrs = BTreeMap::new();
        let mut s = inner;
        while let Some(eq) = s.find("=\"") {
            let name = s[..eq].trim().trim_end_matches('/').trim();
            let name = name.rsplit(' ').next().unwrap_or(name);
            let value_end = s[eq + 2..].find('"').expect("a closed attribute");
            attrs.insert(name.to_owned(), s[eq + 2..eq + 2 + value_end].to_owned());
            s = &s[eq + 2 + value_end + 1..];
        }
        out.push(attrs);
    }
    out
}

/// A page's `hreflang` alternates: language → permalink.
fn alternates(html: &str) -> BTreeMap<String, String> {
    tags(html, "link")
        .into_iter()
        .filter(|a| {
            a.get("rel").map(String::as_str) == Some("alternate") && a.contains_key("hreflang")
        })
        .map(|a| (a["hreflang"].clone(), a["href"].clone()))
        .collect()
}

/// The output file of a permalink.
fn file_of(permalink: &str) -> String {
    let path = permalink
        .strip_prefix(BASE)
        .expect("a permalink of the site");
    format!("{path}index.html")
}

fn html_lang(html: &str) -> String {
    tags(html, "html")[0]["lang"].clone()
}

#[test]
fn both_translation_forms_pair_pages_and_every_alternate_is_reciprocal() {
    let site = bilingual();
    site.build_ok();
    let pharma = alternates(&site.read("teams/pharma/index.html"));
    assert_eq!(pharma["en"], format!("{BASE}en/teams/pharma/"));
    assert_eq!(pharma["x-default"], format!("{BASE}teams/pharma/"));
    let devices = alternates(&site.read("teams/devices/index.html"));
    assert!(
        devices.contains_key("en"),
        "translation_key pairs ② 医療機器: {devices:?}"
    );
    // Home, two sections and three pages, in two languages.
    assert_eq!(assert_alternates_reciprocal(&site), 12);
}

/// Every page that names alternates is named by each of them, with the same set, and says
/// its own language in <html lang>; x-default is the Japanese page. Returns how many pages
/// name alternates.
fn assert_alternates_reciprocal(site: &Site) -> usize {
    let mut checked = 0;
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(file);
        let own = alternates(&html);
        if own.is_empty() {
            continue;
        }
        assert_eq!(own.get("x-default"), own.get("ja"), "{file}");
        let me = own
            .iter()
            .find(|(l, u)| *l != "x-default" && file_of(u) == *file)
            .unwrap_or_else(|| panic!("{file} is not among its own alternates {own:?}"));
        assert_eq!(html_lang(&html), *me.0, "{file}");
        for (lang, url) in own.iter().filter(|(l, _)| *l != "x-default") {
            let other = site.read(&file_of(url));
            assert_eq!(alternates(&other), own, "{file} ↔ {url}");
            assert_eq!(html_lang(&other), *lang, "{url}");
        }
        checked += 1;
    }
    checked
}

/// The Japanese text of an HTML page that is not inside an element saying `lang="ja"`
/// (scripts and styles aside): a screen reader would read it with the page's English voice.
fn japanese_outside_lang_ja(html: &str) -> Vec<String> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let japanese = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff01}'..='\u{ff60}' | '\u{3001}'..='\u{303f}');
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        let in_ja = stack.iter().rev().find_map(|(_, l)| l.as_deref()) == Some("ja");
        let raw = stack
            .last()
            .is_some_and(|(t, _)| t == "script" || t == "style");
        if !in_ja && !raw && text.chars().any(japanese) {
            out.push(text.trim().to_owned());
        }
        let end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt + 1..end - 1];
        rest = &rest[end..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(k) = stack.iter().rposition(|(t, _)| *t == name) {
                stack.truncate(k);
            }
            continue;
        }
        let name = tag
            .split([' ', '\n', '/'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let lang = tag
            .split(" lang=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .map(str::to_owned);
        stack.push((name, lang));
    }
    out
}

/// This repository's site: every English page is `lang="en"`, marks every Japanese word in
/// it with `lang="ja"`, and names its Japanese version (and is named by it) as an alternate.
#[test]
fn the_repository_s_english_pages_mark_their_japanese_and_pair_with_the_japanese_pages() {
    let site = Site::repository();
    site.build_ok();
    let english: Vec<String> = (site.output_files().into_iter())
        .filter(|f| f.starts_with("en/") && f.ends_with(".html"))
        .collect();
    assert!(english.len() > 30, "{english:?}");
    for file in &english {
        let html = site.read(file);
        assert_eq!(html_lang(&html), "en", "{file}");
        let unmarked = japanese_outside_lang_ja(&html);
        assert!(
            unmarked.is_empty(),
            "{file}: Japanese without lang=\"ja\": {unmarked:?}"
        );
    }
    assert!(assert_alternates_reciprocal(&site) >= 2 * (english.len() - 1));
    // The scanner finds what it must.
    assert_eq!(
        japanese_outside_lang_ja("<p lang=\"en\">a <b>医療</b> <span lang=\"ja\">医療</span></p>"),
        ["医療"]
    );
}

#[test]
fn sitemap_alternates_are_parsed_and_reciprocal() {
    let site = bilingual();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    const SM: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let mut by_url: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name((SM, "url"))) {
        let loc = url
            .children()
            .find(|c| c.has_tag_name((SM, "loc")))
            .and_then(|c| c.text())
            .unwrap()
            .to_owned();
        let alts = url
            .children()
            .filter(|c| c.has_tag_name((XHTML, "link")))
            .map(|c| {
                assert_eq!(c.attribute("rel"), Some("alternate"));
                (
                    c.attribute("hreflang").unwrap().to_owned(),
                    c.attribute("href").unwrap().to_owned(),
                )
            })
            .collect();
        by_url.insert(loc, alts);
    }
    let en_pharma = format!("{BASE}en/teams/pharma/");
    assert_eq!(by_url[&en_pharma]["ja"], format!("{BASE}teams/pharma/"));
    for (loc, alts) in by_url.iter().filter(|(_, a)| !a.is_empty()) {
        assert!(alts.values().any(|u| u == loc), "{loc} lists itself");
        for url in alts.values() {
            assert_eq!(&by_url[url], alts, "{loc} ↔ {url}");
        }
    }
    // A page without a translation has no alternates.
    assert!(by_url[&format!("{BASE}issues/regulation/")].is_empty());
}

#[test]
fn a_page_without_a_translation_switches_to_that_language_s_home_with_a_notice() {
    let site = bilingual();
    site.build_ok();
    let html = site.read("issues/regulation/index.html");
    let items = tags(&html, "a")
        .into_iter()
        .filter(|a| {
            a.get("class")
                .is_some_and(|c| c.contains("language-selector__item"))
        })
        .collect::<Vec<_>>();
    let en = items
        .iter()
        .find(|a| a["lang"] == "en")
        .expect("an English item");
    assert_eq!(en["href"], "/iryou-innovation/en/#no-translation");
    assert_eq!(en["hreflang"], "en");
    let ja = items
        .iter()
        .find(|a| a["lang"] == "ja")
        .expect("a Japanese item");
    assert_eq!(ja.get("aria-current").map(String::as_str), Some("true"));
    // The notice is there to be reached (and shown) on the English home page, never a 404.
    assert!(site.read("en/index.html").contains("id=\"no-translation\""));
    // A page with a translation switches to it.
    let pharma = site.read("teams/pharma/index.html");
    assert!(
        pharma.contains("href=\"/iryou-innovation/en/teams/pharma/\" lang=\"en\" hreflang=\"en\"")
    );
}

#[test]
fn relations_list_the_language_s_pages_and_mark_the_japanese_one_without_a_translation() {
    let site = bilingual();
    site.build_ok();
    let html = site.main("en/teams/pharma/index.html");
    // The English issue in English; the issue without an English page in Japanese, marked.
    assert!(
        html.contains("href=\"/iryou-innovation/en/issues/clinical/\""),
        "{html}"
    );
    let regulation = tags(&html, "a")
        .into_iter()
        .find(|a| a["href"].starts_with("/iryou-innovation/issues/regulation/"))
        .expect("a link to the Japanese issue");
    assert_eq!(
        regulation.get("hreflang").map(String::as_str),
        Some("ja"),
        "{regulation:?}"
    );
    assert!(html.contains("（日本語）"), "{html}");
    assert!(html.contains("Shared issues"));
    // The English issue lists the English team pages that name it.
    let clinical = site.main("en/issues/clinical/index.html");
    assert!(
        clinical.contains("href=\"/iryou-innovation/en/teams/pharma/\""),
        "{clinical}"
    );
    assert!(clinical.contains("Teams working on this issue"));
    // The Japanese pages are untouched by the English ones.
    let ja = site.main("teams/pharma/index.html");
    assert!(!ja.contains("/en/"), "{ja}");
}

#[test]
fn english_pages_are_in_english_with_english_dates_and_their_own_feed() {
    let site = bilingual();
    site.build_ok();
    let html = site.read("en/teams/pharma/index.html");
    assert!(html.contains("1 February 2011"), "an English date");
    let main = common::main_region(&html);
    assert!(!main.contains("平成"), "no 和暦 on English pages: {main}");
    // A link from an English page to a page only in Japanese says so.
    let link = tags(&main, "a")
        .into_iter()
        .find(|a| a["href"] == "/iryou-innovation/issues/regulation/#why")
        .expect("the link to the Japanese issue");
    assert_eq!(link.get("hreflang").map(String::as_str), Some("ja"));
    // Breadcrumbs and prev/next stay in English.
    let crumbs = common::region(&html, "class=\"breadcrumbs\"", "</nav>");
    assert!(
        crumbs.contains("href=\"/iryou-innovation/en/\""),
        "{crumbs}"
    );
    assert!(
        crumbs.contains("href=\"/iryou-innovation/en/teams/\""),
        "{crumbs}"
    );
    let next = tags(&html, "a")
        .into_iter()
        .find(|a| a.get("rel").map(String::as_str) == Some("next"))
        .expect("a next page");
    assert!(
        next["href"].starts_with("/iryou-innovation/en/teams/"),
        "{next:?}"
    );
    // Each language's feed lists its own pages only.
    let en_feed = site.read("en/atom.xml");
    let ja_feed = site.read("atom.xml");
    roxmltree::Document::parse(&en_feed).expect("well-formed XML");
    assert!(
        en_feed.contains(&format!("{BASE}en/teams/pharma/")),
        "{en_feed}"
    );
    assert!(
        !en_feed.contains(&format!("\"{BASE}teams/pharma/\"")),
        "{en_feed}"
    );
    assert!(!ja_feed.contains(&format!("{BASE}en/")), "{ja_feed}");
    assert!(site.read("en/404.html").contains("lang=\"en\""));
}

#[test]
fn translations_that_pair_wrongly_are_errors_at_their_line() {
    // No original by that name.
    let site = bilingual();
    site.write("content/teams/nothing.en.md", "---\ntitle: Nothing\n---\n");
    assert_error(
        &site.build_err(),
        &["content/teams/nothing.en.md:1:1", "E0218"],
    );
    // Two English versions of one page.
    let site = bilingual();
    site.write(
        "content/teams/drugs.en.md",
        "---\ntitle: Drugs\ntranslation_key: drugs\n---\n",
    );
    let pharma = site.read_source("content/teams/pharma.md");
    site.write(
        "content/teams/pharma.md",
        &pharma.replacen("---\n", "---\ntranslation_key: drugs\n", 1),
    );
    site.write(
        "content/teams/pharma.en.md",
        &site.read_source("content/teams/pharma.en.md").replacen(
            "---\n",
            "---\ntranslation_key: drugs\n",
            1,
        ),
    );
    assert_error(&site.build_err(), &["E0219"]);
    // A key no original says, and one key said by two originals.
    let site = bilingual();
    site.write(
        "content/teams/medical-devices.en.md",
        "---\ntitle: Devices\ntranslation_key: devicez\n---\n",
    );
    assert_error(
        &site.build_err(),
        &["content/teams/medical-devices.en.md:3:", "E0217"],
    );
    let site = bilingual();
    let clinical = site.read_source("content/issues/clinical.md");
    site.write(
        "content/issues/clinical.md",
        &clinical.replacen("---\n", "---\ntranslation_key: devices\n", 1),
    );
    assert_error(&site.build_err(), &["E0216"]);
    // A translation whose section has no translation.
    let site = bilingual();
    site.write(
        "content/council/meetings/01.en.md",
        "---\ntitle: First\n---\n",
    );
    assert_error(
        &site.build_err(),
        &["content/council/meetings/01.en.md", "E0215"],
    );
}

#[test]
fn translation_keys_pair_pages_whatever_the_unicode_form() {
    let site = bilingual();
    for (ja, en) in [
        ("téam", "te\u{301}am"),
        ("チーム", "チーム"),
        ("ｋｅｙ", "ｋｅｙ"),
    ] {
        let devices = site.read_source("content/teams/devices.md");
        let key = devices.lines().nth(1).unwrap().to_owned();
        site.write(
            "content/teams/devices.md",
            &devices.replacen(&key, &format!("translation_key: {ja}"), 1),
        );
        let en_file = site.read_source("content/teams/medical-devices.en.md");
        let key = en_file
            .lines()
            .find(|l| l.starts_with("translation_key"))
            .unwrap()
            .to_owned();
        site.write(
            "content/teams/medical-devices.en.md",
            &en_file.replacen(&key, &format!("translation_key: {en}"), 1),
        );
        site.build_ok();
        assert!(
            alternates(&site.read("teams/devices/index.html")).contains_key("en"),
            "{ja} / {en}"
        );
    }
}

#[test]
fn check_warns_about_missing_and_outdated_translations() {
    let site = bilingual();
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &yaml.replace(
            "    title: Test Office\n",
            "    title: Test Office\n    complete: true\n",
        ),
    );
    let pharma = site.read_source("content/teams/pharma.md");
    site.write(
        "content/teams/pharma.md",
        &pharma.replacen("---\n", "---\nupdated: 2011-06-16\n", 1),
    );
    let en = site.read_source("content/teams/pharma.en.md");
    site.write(
        "content/teams/pharma.en.md",
        &en.replacen("---\n", "---\nupdated: 2011-02-01\n", 1),
    );
    let out = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "warnings do not fail check: {stderr}");
    assert!(
        stderr.contains("W0450") && stderr.contains("issues/regulation.en.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("W0451") && stderr.contains("2011-06-16"),
        "{stderr}"
    );
    // Brought up to date, the translation is not warned about.
    let en = site.read_source("content/teams/pharma.en.md");
    site.write(
        "content/teams/pharma.en.md",
        &en.replace("updated: 2011-02-01", "updated: 2011-06-20"),
    );
    let stderr = String::from_utf8_lossy(&site.run(&["check"]).stderr).into_owned();
    assert!(!stderr.contains("W0451"), "{stderr}");
}

/// Where a 機密性2 that must withhold ① 医薬品 is written.
#[derive(Debug, Clone, Copy)]
enum Where {
    /// In the original's front matter.
    Original,
    /// In the section above the original (content/notes/_index.md).
    Section,
}

/// How the translation is named and placed.
#[derive(Debug, Clone, Copy)]
enum Named {
    /// `teams/pharma.<code>.md`, the code spelled as given.
    Suffix(&'static str),
    /// `council/medicines.en.md`, paired by `translation_key:` from another section.
    KeyElsewhere,
}

const SPELLINGS: &[&str] = &[
    "機密性2",
    "機密性２",
    "【機密性2情報】",
    "機密性 2",
    "機密性3",
];
const SUFFIXES: &[&str] = &["en", "EN", "En", "ｅｎ"];
const MARK: &str = "ZZTRANSLATEDTEXTZZ";

/// Writes the variant into a fresh bilingual site; `own` is what the translation itself says.
fn withheld_variant(place: Where, spelling: &str, named: Named, own: Option<&str>) -> Site {
    let site = bilingual();
    site.remove("content/teams/pharma.en.md");
    // Nothing published may link the withheld page.
    site.write(
        "content/_index.md",
        "---\ntitle: テスト推進室\n---\n推進室。\n",
    )
    .write(
        "content/_index.en.md",
        "---\ntitle: Test Office\n---\nThe office.\n",
    );
    let devices = site.read_source("content/teams/devices.md");
    site.write(
        "content/teams/devices.md",
        &devices.replace("[医薬品の目標](@/teams/pharma.md#goals)", ""),
    );
    let marking = format!("classification: {spelling}\n");
    // The original: ① 医薬品 itself classified, or a page of a classified section (with its
    // English section).
    let (folder, stem) = match place {
        Where::Original => {
            let text = site.read_source("content/teams/pharma.md");
            site.write(
                "content/teams/pharma.md",
                &text.replacen("---\n", &format!("---\n{marking}"), 1),
            );
            ("teams", "pharma")
        }
        Where::Section => {
            site.write(
                "content/notes/_index.md",
                &format!("---\ntitle: メモ\n{marking}---\n"),
            )
            .write("content/notes/_index.en.md", "---\ntitle: Notes\n---\n")
            .write("content/notes/drug.md", "---\ntitle: 薬\n---\n薬のメモ。\n");
            ("notes", "drug")
        }
    };
    let own = own.map_or(String::new(), |c| format!("classification: {c}\n"));
    let body = format!("---\ntitle: Pharmaceuticals\n{own}KEY---\n{MARK}\n");
    match named {
        Named::Suffix(code) => {
            site.write(
                &format!("content/{folder}/{stem}.{code}.md"),
                &body.replace("KEY", ""),
            );
        }
        Named::KeyElsewhere => {
            let original = format!("content/{folder}/{stem}.md");
            let text = site.read_source(&original);
            site.write(
                &original,
                &text.replacen("---\n", "---\ntranslation_key: medicines\n", 1),
            )
            .write("content/council/_index.en.md", "---\ntitle: Council\n---\n")
            .write(
                "content/council/medicines.en.md",
                &body.replace("KEY", "translation_key: medicines\n"),
            );
        }
    }
    site
}

/// Regression class: a translation of a withheld page must never be published, wherever the
/// classification is written, however it is spelled, however the translation is named, and
/// whatever the translation says of itself (機密性1 there is an error, as a page saying
/// 機密性1 in a withheld section is).
#[test]
fn the_gate_withholds_a_translation_with_its_original_in_every_variant() {
    let mut cases = 0;
    for place in [Where::Original, Where::Section] {
        for &spelling in SPELLINGS {
            let names = SUFFIXES
                .iter()
                .map(|&s| Named::Suffix(s))
                .chain(std::iter::once(Named::KeyElsewhere));
            for named in names {
                for own in [None, Some("機密性1"), Some("機密性１")] {
                    let site = withheld_variant(place, spelling, named, own);
                    let what = format!("{place:?} {spelling} {named:?} {own:?}");
                    match (own, site.build()) {
                        (None, Ok(_)) => {}
                        (Some(_), Err(errors)) => {
                            let printed: Vec<String> =
                                errors.iter().map(|d| d.to_string()).collect();
                            assert_error(&printed, &["E0350"]);
                            assert!(!site.output().exists(), "{what}: nothing written");
                            continue;
                        }
                        (_, result) => panic!("{what}: {:?}", result.err()),
                    }
                    for file in site.output_files() {
                        let bytes = std::fs::read(site.output().join(&file)).unwrap();
                        assert!(
                            !String::from_utf8_lossy(&bytes).contains(MARK),
                            "{what}: the translation's text is in {file}"
                        );
                    }
                    for gone in ["en/teams/pharma", "en/notes/drug", "en/council/medicines"] {
                        assert!(!site.output().join(gone).exists(), "{what}: {gone}");
                    }
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 2 * SPELLINGS.len() * (SUFFIXES.len() + 1));
}

/// The other way round: a classification written only on the translation withholds the
/// translation, not its original.
#[test]
fn a_classification_on_the_translation_alone_withholds_only_the_translation() {
    for spelling in SPELLINGS {
        let site = bilingual();
        let en = site.read_source("content/teams/pharma.en.md");
        site.write(
            "content/teams/pharma.en.md",
            &en.replacen("---\n", &format!("---\nclassification: {spelling}\n"), 1),
        );
        // The English home links the page; point it elsewhere.
        site.write(
            "content/_index.en.md",
            "---\ntitle: Test Office\n---\nThe office.\n",
        );
        site.build_ok();
        assert!(
            !site.output().join("en/teams/pharma").exists(),
            "{spelling}"
        );
        let ja = site.read("teams/pharma/index.html");
        assert!(
            !alternates(&ja).contains_key("en"),
            "{spelling}: no alternate to a withheld page"
        );
        let files: BTreeSet<String> = site.output_files().into_iter().collect();
        assert!(files.contains("teams/pharma/index.html"));
        for file in &files {
            let text = String::from_utf8_lossy(&std::fs::read(site.output().join(file)).unwrap())
                .into_owned();
            assert!(
                !text.contains("en/teams/pharma/"),
                "{spelling}: {file} names the withheld URL"
            );
        }
    }
}

/// Runs an ES module script in Node and returns its standard output, or `None` when Node is
/// missing (unless CI requires it).
#[cfg(feature = "search")]
fn node(script: &str) -> Option<Vec<u8>> {
    let output = match std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .output()
    {
        Ok(o) => o,
        Err(e) if std::env::var_os("OFFICE_SITE_REQUIRE_NODE").is_none() => {
            eprintln!("skipped: node is not installed ({e}); CI sets OFFICE_SITE_REQUIRE_NODE");
            return None;
        }
        Err(e) => panic!("node: {e}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    Some(output.stdout)
}

/// The search page of a language finds its own pages first: the browser library, run in
/// Node over the built index, given an English query on the English search page and a
/// Japanese one on the Japanese page. English words are indexed as words.
#[cfg(feature = "search")]
#[test]
fn each_language_s_search_finds_its_own_pages_first() {
    let site = bilingual();
    // A word both versions hold, so that the order is the language's, not the text's.
    let ja = site.read_source("content/teams/pharma.md");
    site.write("content/teams/pharma.md", &format!("{ja}\nPMDA と協力。\n"));
    let en = site.read_source("content/teams/pharma.en.md");
    site.write(
        "content/teams/pharma.en.md",
        &format!("{en}\nWorking with the PMDA.\n"),
    );
    site.build_ok();
    let index = common::index_of(&site);
    assert_eq!(
        common::pages_with(&index, "short-term goals"),
        ["/iryou-innovation/en/teams/pharma/"],
        "English words are tokens of their own"
    );
    let library = site.output().join("search-index/search.js");
    let script = format!(
        "import {{ readFile }} from 'node:fs/promises'; \
         import {{ fileURLToPath }} from 'node:url'; \
         globalThis.fetch = async (u) => {{ try {{ return new Response(await readFile(fileURLToPath(u))); }} \
           catch {{ return new Response('', {{ status: 404 }}); }} }}; \
         const s = await import({:?}); const out = {{}}; \
         for (const [q, lang] of [['pharmaceuticals', 'en'], ['医薬品', 'ja'], ['PMDA', 'en'], ['PMDA', 'ja']]) {{ \
           out[q + ' ' + lang] = (await (await s.search(q, {{ lang }})).next(10)).map((r) => [r.url, r.lang]); }} \
         console.log(JSON.stringify(out));",
        format!("file://{}", library.display())
    );
    let Some(stdout) = node(&script) else { return };
    let found: BTreeMap<String, Vec<(String, String)>> = serde_json::from_slice(&stdout).unwrap();
    let en_pharma = (
        "/iryou-innovation/en/teams/pharma/".to_owned(),
        "en".to_owned(),
    );
    let ja_pharma = (
        "/iryou-innovation/teams/pharma/".to_owned(),
        "ja".to_owned(),
    );
    assert_eq!(found["pharmaceuticals en"][0], en_pharma, "{found:?}");
    assert_eq!(found["医薬品 ja"][0], ja_pharma, "{found:?}");
    assert_eq!(
        found["PMDA en"],
        [en_pharma.clone(), ja_pharma.clone()],
        "{found:?}"
    );
    assert_eq!(found["PMDA ja"], [ja_pharma, en_pharma], "{found:?}");
}

/// Templates reach a section or page in any language by its file: `_index.en.md` is the
/// English section, not the Japanese one nor an error.
#[test]
fn templates_get_the_section_and_page_of_each_language_by_file() {
    let site = bilingual();
    site.write(
        "templates/probe.html",
        "{% set en = get_section(path=\"@/teams/_index.en.md\") %}\
         {% set ja = get_section(path=\"@/teams/_index.md\") %}\
         {% set p = get_page(path=\"@/teams/pharma.en.md\") %}\
         {{ en.title }}|{{ ja.title }}|{{ p.title }}|{{ get_url(path=\"@/issues/_index.en.md\") }}\n",
    )
    .write(
        "content/issues/probe.md",
        "---\ntitle: 試験\ntemplate: probe.html\n---\n",
    );
    site.build_ok();
    assert_eq!(
        site.read("issues/probe/index.html"),
        "Working teams|ワーキングチーム|(1) Pharmaceuticals|/iryou-innovation/en/issues/\n"
    );
}

fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.go.jp",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// Without `updated:`, a translation is out of date when its original's last commit is later
/// than its own.
#[test]
fn a_translation_is_out_of_date_by_the_commits_of_both_files() {
    let site = bilingual();
    git(&site.root, &["init", "-q"], "2011-01-07T10:00:00+09:00");
    git(&site.root, &["add", "."], "2011-01-07T10:00:00+09:00");
    git(
        &site.root,
        &["commit", "-qm", "first"],
        "2011-01-07T10:00:00+09:00",
    );
    let warned = |site: &Site| -> Vec<String> {
        (site.build_ok().warnings.iter())
            .map(|d| d.to_string())
            .filter(|d| d.contains("W0451"))
            .collect()
    };
    assert_eq!(warned(&site), Vec::<String>::new());
    let pharma = site.read_source("content/teams/pharma.md");
    site.write("content/teams/pharma.md", &format!("{pharma}\n追記。\n"));
    git(
        &site.root,
        &["commit", "-qam", "ja"],
        "2011-06-16T10:00:00+09:00",
    );
    let w = warned(&site);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("content/teams/pharma.en.md") && w[0].contains("2011-06-16"),
        "{w:?}"
    );
    let en = site.read_source("content/teams/pharma.en.md");
    site.write("content/teams/pharma.en.md", &format!("{en}\nMore.\n"));
    git(
        &site.root,
        &["commit", "-qam", "en"],
        "2011-06-20T10:00:00+09:00",
    );
    assert_eq!(warned(&site), Vec::<String>::new());
}
