//! Content that counts itself: the shortcodes of this repository's pages, on its own site.
//!
//! A seventh team changes every count, list and table of the site with no other edit; pages
//! left out of the site (withheld in any spelling, drafts, under a withheld or draft section)
//! change nothing at all, byte for byte; the preview follows a new team without a restart; and
//! the repository's content types no count of a section by hand.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Site, section_slugs};

/// A number as the repository's prose may write it: digits, full-width digits, kanji.
fn spellings(n: usize) -> Vec<String> {
    let kanji = [
        "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    let mut out = vec![
        n.to_string(),
        n.to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect(),
    ];
    if let Some(k) = kanji.get(n) {
        out.push((*k).to_owned());
    }
    out
}

/// `n` in English words (what `format="words"` writes), for the numbers a section may have.
fn english_word(n: usize) -> Option<&'static str> {
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ]
    .get(n)
    .copied()
}

/// The part of a page its Markdown wrote (empty for a page without Markdown: a redirect).
fn content(html: &str) -> &str {
    let Some(start) = html.find("<div class=\"page__content prose") else {
        return "";
    };
    let end = html[start..]
        .find("\n  </div>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The text of `html` without its tags: a count stays next to the words it counts when they
/// are a link (「6つの<a …>ワーキング・チーム</a>」).
fn words(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The HTML pages of an output folder, by path.
fn pages(site: &Site) -> BTreeMap<String, String> {
    site.output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = site.read(&f);
            (f, html)
        })
        .collect()
}

/// The items of the first list in `html` after `after`.
fn list_after<'a>(html: &'a str, after: &str) -> Vec<&'a str> {
    let from = html.find(after).unwrap_or_else(|| panic!("no {after}"));
    let list = common::region(&html[from..], "<ol>", "</ol>");
    list.split("<li>").skip(1).collect()
}

const GENOME: &str = "---\ntitle: ゲノム研究ワーキング・チーム\ndescription: ゲノム研究の分野を担当するワーキング・チームです。\ndate: 2011-02\nweight: 7\nissues: [regulation, subject-protection]\n---\n\n## 担当する分野 {#bunya}\n\nゲノム研究の分野を担当します。\n";

/// The issue's "done when": a seventh team, and nothing else edited, changes every count,
/// list and table of the site.
#[test]
fn a_seventh_team_changes_every_count_list_and_table_with_no_other_edit() {
    let site = Site::repository();
    let teams = section_slugs(&site.root, "teams").len();
    site.build_ok();
    let before = pages(&site);
    let says = |n: usize| format!("{n}つのワーキング・チーム");
    let counted: Vec<&String> = before
        .iter()
        .filter(|(_, html)| words(content(html)).contains(&says(teams)))
        .map(|(f, _)| f)
        .collect();
    // The home page, the teams, the office, its organisation and the issues say how many.
    for page in [
        "index.html",
        "teams/index.html",
        "office/index.html",
        "office/organization/index.html",
        "issues/index.html",
    ] {
        assert!(
            counted.iter().any(|c| *c == page),
            "{page} does not count the teams: {counted:?}"
        );
    }

    site.write("content/teams/genome.md", GENOME);
    site.build_ok();
    let after = pages(&site);
    for (file, html) in &after {
        let html = words(content(html));
        for n in spellings(teams) {
            assert!(
                !html.contains(&format!("{n}つのワーキング")),
                "{file} still says {n}つ:\n{html}"
            );
        }
    }
    for page in &counted {
        assert!(
            words(content(&after[*page])).contains(&says(teams + 1)),
            "{page} does not say {}:\n{}",
            says(teams + 1),
            content(&after[*page])
        );
    }
    for (page, after_text) in [
        ("teams/index.html", "が置かれています。"),
        ("office/organization/index.html", "が置かれています。"),
    ] {
        let items = list_after(content(&after[page]), after_text);
        assert_eq!(items.len(), teams + 1, "{page}: {items:?}");
        assert!(
            items
                .last()
                .unwrap()
                .contains("/teams/genome/\">ゲノム研究ワーキング・チーム</a>"),
            "{page}: {items:?}"
        );
    }
    // The relation table: the new team in the rows of the issues it lists, and only there.
    let issues = content(&after["issues/index.html"]);
    let table = common::region(issues, "<table>", "</table>");
    for row in table.split("<tr>").skip(2) {
        let lists =
            row.contains("/issues/regulation/") || row.contains("/issues/subject-protection/");
        assert_eq!(row.contains("/teams/genome/"), lists, "{row}");
    }
}

/// One way a page can be left out of the site.
fn left_out_page(way: usize, n: usize, title: &str) -> Vec<(String, String)> {
    let page = |extra: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2011-02\nweight: {}\nissues: [regulation]\n{extra}---\n\n本文。\n",
            n % 9
        )
    };
    let classification = [
        "機密性2",
        "機密性３",
        "機密性 3",
        "機密性2情報",
        "\"機密性２情報\"",
        "機密性３情報",
    ];
    match way % 4 {
        0 => vec![(
            format!("content/teams/left-{n}.md"),
            page(&format!(
                "classification: {}\n",
                classification[n % classification.len()]
            )),
        )],
        1 => vec![(format!("content/teams/left-{n}.md"), page("draft: true\n"))],
        2 => vec![
            (
                format!("content/teams/hidden-{n}/_index.md"),
                format!(
                    "---\ntitle: 非公開の節{n}\nclassification: {}\n---\n",
                    classification[n % classification.len()]
                ),
            ),
            (format!("content/teams/hidden-{n}/left.md"), page("")),
        ],
        _ => vec![
            (
                format!("content/teams/plans-{n}/_index.md"),
                format!("---\ntitle: 準備中の節{n}\ndraft: true\n---\n"),
            ),
            (format!("content/teams/plans-{n}/left.md"), page("")),
        ],
    }
}

/// The gate: pages left out of the site (withheld in any spelling of their classification,
/// drafts, under a withheld or a draft section), wherever they would sort and whatever
/// relations they list, change no byte of what is published, so no count, list or table can
/// show that they exist. Generated: a seeded choice of ways, titles and weights per build.
#[test]
fn pages_left_out_of_the_site_are_never_counted_listed_or_tabled() {
    let site = Site::repository();
    site.build_ok();
    let baseline = common::files(&site.output());
    let mut rng = fastrand::Rng::with_seed(13);
    let titles = [
        "秘匿チーム",
        "*強調*と[括弧]",
        "ゲノム　研究",
        "a | b",
        "{{ count(section=\"teams\") }}",
    ];
    for round in 0..6 {
        let mut written = Vec::new();
        for k in 0..3 {
            let n = round * 3 + k;
            let way = rng.usize(0..4);
            let title = titles[rng.usize(0..titles.len())];
            for (path, text) in
                left_out_page(way, n, &format!("\"{}\"", title.replace('"', "\\\"")))
            {
                site.write(&path, &text);
                written.push(path);
            }
        }
        site.build_ok();
        let now = common::files(&site.output());
        let changed: Vec<&String> = now
            .iter()
            .filter(|(f, bytes)| baseline.get(*f) != Some(bytes))
            .map(|(f, _)| f)
            .chain(baseline.keys().filter(|f| !now.contains_key(*f)))
            .filter(|f| !f.ends_with(".office-site-build.json"))
            .collect();
        assert!(
            changed.is_empty(),
            "round {round} ({written:?}) changed {changed:?}"
        );
        for path in written {
            std::fs::remove_file(site.root.join(path)).unwrap();
        }
    }
}

/// In a `--drafts` build a draft team is published (with its banner), but counted, listed and
/// tabled nowhere: the shortcodes write what the public site will show.
#[test]
fn a_draft_team_is_not_counted_even_in_a_drafts_build() {
    let site = Site::repository();
    site.build_with(|o| o.drafts = true).unwrap();
    let before = pages(&site);
    site.write(
        "content/teams/genome.md",
        &GENOME.replace("weight: 7\n", "weight: 7\ndraft: true\n"),
    );
    site.build_with(|o| o.drafts = true).unwrap();
    let after = pages(&site);
    assert!(after.contains_key("teams/genome/index.html"));
    for page in [
        "index.html",
        "teams/index.html",
        "office/index.html",
        "office/organization/index.html",
        "issues/index.html",
    ] {
        assert_eq!(content(&after[page]), content(&before[page]), "{page}");
    }
}

/// A mistake in a shortcode of a page is an error at its line and column in the page's file,
/// and a shortcode in a description is refused at its line.
#[test]
fn a_mistake_in_a_shortcode_is_an_error_at_its_line_in_the_file() {
    let site = Site::repository();
    let teams = site.read_source("content/teams/_index.md");
    site.write(
        "content/teams/_index.md",
        &teams.replace(
            "{{ pages(section=\"teams\") }}",
            "{{ pages(sectoin=\"teams\") }}",
        ),
    );
    let office = site.read_source("content/office/_index.md");
    site.write(
        "content/office/_index.md",
        &office.replace(
            "{{ count(section=\"teams\") }}",
            "{{ count(section=\"team\") }}",
        ),
    );
    let policy = site.read_source("content/office/policy.md");
    site.write(
        "content/office/policy.md",
        &policy.replace(
            "推進室の基本的な考え方",
            "推進室の{{ count(list=\"next\") }}つの基本的な考え方",
        ),
    );
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let errors = site.build_err();
    let teams = site.read_source("content/teams/_index.md");
    common::assert_error(
        &errors,
        &[
            &format!(
                "content/teams/_index.md:{}:10: error[E0424]",
                line_of(&teams, "sectoin")
            ),
            "has no argument `sectoin`",
        ],
    );
    let office = site.read_source("content/office/_index.md");
    let line = line_of(&office, "section=\"team\"");
    common::assert_error(
        &errors,
        &[
            &format!("content/office/_index.md:{line}:"),
            "error[E0428]",
            "content/team/",
        ],
    );
    common::assert_error(
        &errors,
        &["content/office/policy.md:3:", "error[E0433]", "description"],
    );
}

/// The preview renders a page with shortcodes again when what they read changes, though the
/// page itself did not: a new team, and a team's new title.
#[cfg(feature = "serve")]
#[test]
fn the_preview_counts_a_new_team_without_a_restart() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let site = Site::repository();
    let teams = section_slugs(&site.root, "teams").len();
    let mut child = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .args(["--lang", "en", "serve", "--port", "0"])
        .current_dir(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let child = Kill(child);
    // Read every line the preview prints, so that it never writes into a closed pipe.
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:")
                && let Some(port) = rest.split('/').next().and_then(|p| p.parse::<u16>().ok())
            {
                let _ = port_tx.send(port);
            }
        }
    });
    let port = port_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serve started");
    let wait_for = |path: &str, needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let r = common::http_get(port, path);
            if r.body.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {needle}: {}",
                r.body
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(
        "/iryou-innovation/teams/",
        &format!("次の{teams}つのワーキング・チーム"),
    );
    site.write("content/teams/genome.md", GENOME);
    wait_for(
        "/iryou-innovation/teams/",
        &format!("次の{}つのワーキング・チーム", teams + 1),
    );
    wait_for(
        "/iryou-innovation/issues/",
        "ゲノム研究ワーキング・チーム</a>",
    );
    site.write(
        "content/teams/genome.md",
        &GENOME.replace("title: ゲノム研究", "title: ゲノム医療"),
    );
    wait_for(
        "/iryou-innovation/office/organization/",
        ">ゲノム医療ワーキング・チーム</a>",
    );
    drop(child);
}

/// This repository's content types no count of a section by hand: no page's text (front
/// matter included) holds a section's number of pages followed by a counter (つ, 回の, 件の,
/// チーム), in digits, full-width digits or kanji; nor an English page its number in words
/// ("six working teams"). (Such a count is written with `{{ count(…) }}`.)
#[test]
fn the_repositorys_content_types_no_count_of_a_section_by_hand() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sizes = Vec::new();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "_index.md") {
            let folder = path
                .parent()
                .unwrap()
                .strip_prefix(root.join("content"))
                .unwrap();
            let n = section_slugs(root, &folder.to_string_lossy()).len();
            if n > 1 {
                sizes.push((folder.display().to_string(), n));
            }
        }
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path.to_path_buf());
        }
    }
    assert!(sizes.iter().any(|(s, _)| s == "teams"), "{sizes:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (section, n) in &sizes {
            for spelled in spellings(*n) {
                for (i, line) in text.lines().enumerate() {
                    let counter = ["つ", "回の", "件の", "チーム"]
                        .into_iter()
                        .find(|c| line.contains(&format!("{spelled}{c}")));
                    // English pages: "six working teams", "Six [working teams]", "three meetings".
                    let lower = line.to_lowercase();
                    let english = english_word(*n).filter(|_| spelled == n.to_string());
                    let counter = counter.or_else(|| {
                        let word = english?;
                        [
                            " working team",
                            " [working team",
                            " meeting",
                            " shared issue",
                            " team",
                        ]
                        .into_iter()
                        .find(|c| lower.contains(&format!("{word}{c}")))
                    });
                    if let Some(counter) = counter {
                        found.push(format!(
                            "{}:{}: 「{spelled}{counter}」 (content/{section}/ has {n} pages)",
                            file.strip_prefix(root).unwrap().display(),
                            i + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "hand-typed counts:\n{}", found.join("\n"));
}
