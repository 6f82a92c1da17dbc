//! The search index: what it holds, what it never holds (withheld and draft pages), turning it
//! off, and the browser library tokenising exactly as the index does.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly
#![cfg(feature = "search")]

mod common;

use std::process::Command;

use common::{Site, index_of, pages_with};
use office_site::testing::tokens;

#[test]
fn the_index_holds_titles_and_text_of_published_pages_under_the_sub_path() {
    let site = Site::fixture("basic");
    site.build_ok();
    let index = index_of(&site);
    // The pharma page by its title; the home and devices pages by their link text.
    assert_eq!(
        pages_with(&index, "医薬品"),
        [
            "/iryou-innovation/",
            "/iryou-innovation/teams/devices/",
            "/iryou-innovation/teams/pharma/"
        ]
    );
    assert!(
        pages_with(&index, "基本的な考え方")
            .contains(&"/iryou-innovation/teams/pharma/".to_owned())
    );
    let meta: serde_json::Value =
        serde_json::from_str(&site.read("search-index/meta.json")).unwrap();
    let sections: Vec<&str> = meta["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[1].as_str().unwrap())
        .collect();
    assert!(
        sections.contains(&"/iryou-innovation/teams/"),
        "{sections:?}"
    );
    // 公開日 as metadata: the ISO date and its house-style 和暦, as the results show them.
    let pharma = meta["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "/iryou-innovation/teams/pharma/")
        .unwrap();
    assert_eq!(pharma[1], "① 医薬品");
    assert_eq!(pharma[3], "2011-02-01");
    assert_eq!(pharma[4], "平成23年2月1日(2011年2月1日)");
    let texts = site.read("search-index/text/0.json");
    assert!(
        texts.contains("短期・中期・長期の目標。規制を見よ。"),
        "{texts}"
    );
    assert!(
        site.read("search-index/search.js")
            .contains("export async function search")
    );
}

#[test]
fn navigation_lists_of_the_theme_are_not_indexed() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/devices.md",
        "---\ntitle: 機器ぬばたま\nissues: [regulation]\n---\n本文\n",
    );
    site.build_ok();
    // The title is in the lists of the teams section, in the regulation issue's relation box
    // and in the pharma page's previous/next: the rendered pages show it there...
    for page in ["teams/index.html", "issues/regulation/index.html"] {
        assert!(site.read(page).contains("機器ぬばたま"), "{page}");
    }
    // ...but only the devices page's own content is indexed.
    let index = index_of(&site);
    assert_eq!(
        pages_with(&index, "ぬばたま"),
        ["/iryou-innovation/teams/devices/"]
    );
}

#[test]
fn withheld_and_draft_pages_are_never_indexed() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/secret.md",
        "---\ntitle: 秘匿 zqwithheld\nclassification: 機密性2\n---\n非公開ぬえ zqwithheld\n",
    )
    .write(
        "content/teams/draft.md",
        "---\ntitle: 下書き zqdraft\ndraft: true\n---\n下書きのもののけ zqdraft\n",
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{out:?}");
    assert!(site.read("teams/draft/index.html").contains("zqdraft"));
    let index = index_of(&site);
    for word in ["zqwithheld", "zqdraft", "ぬえ", "もののけ"] {
        assert!(
            pages_with(&index, word).is_empty(),
            "{word} is in the index"
        );
    }
    for f in site.output_files() {
        if f.starts_with("search-index/") {
            let text = String::from_utf8_lossy(&std::fs::read(site.output().join(&f)).unwrap())
                .into_owned();
            for needle in [
                "zqwithheld",
                "zqdraft",
                "秘匿",
                "下書き",
                "secret",
                "draft/",
            ] {
                assert!(!text.contains(needle), "{f} holds {needle}");
            }
        }
    }
}

#[test]
fn pages_of_a_draft_section_are_not_indexed_in_a_drafts_build() {
    let site = Site::fixture("basic");
    site.write(
        "content/plans/_index.md",
        "---\ntitle: 計画中\ndraft: true\n---\n",
    )
    .write(
        "content/plans/child.md",
        "---\ntitle: 子ページ\n---\n草稿のうわばみ zqdraftchild\n",
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{out:?}");
    assert!(site.read("plans/child/index.html").contains("zqdraftchild"));
    let index = index_of(&site);
    for word in ["zqdraftchild", "うわばみ", "計画中"] {
        assert!(
            pages_with(&index, word).is_empty(),
            "{word} is in the index"
        );
    }
}

#[test]
fn search_false_in_site_yaml_leaves_the_index_and_the_box_out() {
    let site = Site::fixture("basic");
    site.write(
        "content/find.md",
        "---\ntitle: 検索\ntemplate: search.html\n---\n",
    );
    site.build_ok();
    assert!(
        site.read("teams/pharma/index.html")
            .contains("class=\"site-search\"")
    );
    assert!(site.read("find/index.html").contains("data-search-library"));
    let yaml = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    site.build_ok();
    assert!(!site.output().join("search-index").exists());
    assert!(
        !site
            .read("teams/pharma/index.html")
            .contains("class=\"site-search\"")
    );
    let page = site.read("find/index.html");
    assert!(page.contains("検索を提供していません") && !page.contains("data-search-library"));
}

#[test]
fn a_content_file_where_the_index_goes_is_an_error() {
    let site = Site::fixture("basic");
    // Linked, so that it would be published (a file no page links is not).
    site.write("content/search-index/meta.json", "{}").write(
        "content/teams/genome.md",
        "---\ntitle: ゲノム\n---\n[索引](../search-index/meta.json)\n",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("search-index/meta.json")
                && e.contains("written by the search index")),
        "{errors:?}"
    );
}

/// Strings where a tokeniser could go wrong: widths, voiced half-width katakana, marks,
/// mixed scripts, the middle dot, long words, astral kanji.
const TRICKY: &[&str] = &[
    "再生医療とiPS細胞",
    "ｉＰＳ細胞・ﾊﾞｲｵﾊﾞﾝｸ",
    "被験者保護・風評被害・PL対応",
    "第１回 医療イノベーション会議（平成22年11月30日）",
    "Café naïve e\u{301}t\u{e9} ΣΑΣ İstanbul",
    "𠮷野家の々と〆とヶ月",
    "ｶﾞｲﾄﾞﾗｲﾝ ㍻ ① Ⅻ ｱｰｸ",
    "averyveryveryveryveryveryveryveryveryverylongwordthatgoesonandon",
    "ééééééééééééééééééééééééééééééééééééééé",
    // English pages: words, apostrophes, hyphens, numbers, abbreviations and full-width Latin.
    "The Office's short-term goals: PMDA-approved, re-examined in 2011 (e.g. \"iPS\" cells)",
    "Council for the Promotion of Medical Innovation — 7 January 2011; don\u{2019}t/can't",
    "ＰＭＤＡ Ｃａｂｉｎｅｔ Ｓｅｃｒｅｔａｒｉａｔ, U.S.-Japan co-operation, Dr. Nakamura",
];

/// Runs an ES module script in Node and returns its standard output, or `None` when Node is
/// missing (unless CI requires it).
fn node(script: &str) -> Option<Vec<u8>> {
    let output = match Command::new("node")
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
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(output.stdout)
}

#[test]
fn the_browser_library_tokenises_exactly_like_the_index() {
    let library = concat!(env!("CARGO_MANIFEST_DIR"), "/src/render/search/search.js");
    let input = serde_json::to_string(TRICKY).unwrap();
    let script = format!(
        "const s = await import({:?}); const inputs = {input}; \
         console.log(JSON.stringify(inputs.map((t) => s.tokenise(s.normalise(t)))));",
        format!("file://{library}")
    );
    let Some(stdout) = node(&script) else { return };
    let from_js: Vec<Vec<String>> = serde_json::from_slice(&stdout).unwrap();
    for (text, js) in TRICKY.iter().zip(from_js) {
        assert_eq!(js, tokens(text), "{text}");
    }
}

/// Regression for the Pagefind#1237 kind of miss: a page holding both pairs of 新幹線 (新幹 in
/// 新幹部, 幹線 in 幹線道路) but not the word is in the index's candidates, and the browser's
/// check against the page text must drop it.
#[test]
fn the_browser_search_confirms_hits_against_the_page_text() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/devices.md",
        "---\ntitle: 機器\n---\n新幹部の会議と幹線道路の整備。\n",
    );
    site.build_ok();
    let index = index_of(&site);
    for pair in ["新幹", "幹線"] {
        assert_eq!(
            pages_with(&index, pair),
            ["/iryou-innovation/teams/devices/"],
            "the index alone holds both pairs of 新幹線"
        );
    }
    // search.js fetches relative to itself; give Node a fetch that reads file: URLs.
    let library = site.output().join("search-index/search.js");
    let script = format!(
        "import {{ readFile }} from 'node:fs/promises'; \
         import {{ fileURLToPath }} from 'node:url'; \
         globalThis.fetch = async (u) => {{ try {{ return new Response(await readFile(fileURLToPath(u))); }} \
           catch {{ return new Response('', {{ status: 404 }}); }} }}; \
         const s = await import({:?}); const out = {{}}; \
         for (const q of ['新幹線', '幹線道路', '新幹部 整備']) {{ \
           out[q] = (await (await s.search(q)).next(10)).map((r) => r.url); }} \
         console.log(JSON.stringify(out));",
        format!("file://{}", library.display())
    );
    let Some(stdout) = node(&script) else { return };
    let found: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&stdout).unwrap();
    let devices = vec!["/iryou-innovation/teams/devices/".to_owned()];
    assert_eq!(found["新幹線"], Vec::<String>::new());
    assert_eq!(found["幹線道路"], devices);
    assert_eq!(found["新幹部 整備"], devices);
}
