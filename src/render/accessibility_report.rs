//! The accessibility report page (`template: accessibility-report.html`): the site's JIS X
//! 8341-3:2016 test results as ministries publish them, with 表明日, 規格, 目標とする適合レベル,
//! 対象範囲, 依存技術, the tools and their versions, the sample of pages and PDFs (drawn at
//! random, seeded by the commit, so that anyone can draw it again), and the checklist of the
//! WCAG 2.0 level A and AA success criteria.
//!
//! A criterion's result comes from evidence only: the office's manual findings
//! (data/accessibility.yaml, the latest finding of a criterion counts) and what office-site
//! itself can tell (a PDF without title, language or tags fails 2.4.2, 3.1.1 or 1.3.1; an
//! image without alt fails 1.1.1; a site without audio or video makes 1.2.x and 1.4.2 not
//! applicable). A failure found automatically stands whatever the manual findings say; a
//! criterion with no evidence is 未確認. The level claimed follows: 準拠 when every criterion
//! up to the target is 適合 or 適用なし, 一部準拠 when all are tested and some fail, 配慮 while
//! any is 未確認 — never more than the evidence shows.

use sha2::{Digest, Sha256};
use tera::Value;

use super::template_data::map;
use crate::link::site::Site;
use crate::load::accessibility::{CRITERIA, Finding};
use crate::model::attachment::Format;
use crate::text::html::{Token, tokens};

/// How many pages and PDFs the sample holds (as デジタル庁's test: 40 pages, 20 PDFs).
const SAMPLE_PAGES: usize = 40;
const SAMPLE_PDFS: usize = 20;

/// What office-site found of one criterion: its result and why.
struct Auto {
    result: &'static str,
    note: String,
}

/// The checks office-site can make itself, by criterion.
fn automatic(site: &Site) -> Vec<(&'static str, Auto)> {
    let mut out = Vec::new();
    let pdfs: Vec<&crate::model::attachment::PdfFacts> = site
        .attachments
        .read
        .iter()
        .flatten()
        .filter(|e| e.format == Format::Pdf)
        .filter_map(|e| e.pdf.as_ref())
        .collect();
    let count = |f: &dyn Fn(&&crate::model::attachment::PdfFacts) -> bool| {
        pdfs.iter().filter(|p| f(p)).count()
    };
    let fail = |n: usize, what: &str| Auto {
        result: "不適合",
        note: format!("{what}PDFが{n}件（office-site の自動チェック）"),
    };
    let untitled = count(&|p| p.title.as_deref().is_none_or(|t| t.trim().is_empty()));
    if untitled > 0 {
        out.push(("2.4.2", fail(untitled, "タイトルのない")));
    }
    let no_lang = count(&|p| {
        matches!(
            p.lang.as_deref().map(str::trim),
            None | Some("" | "zxx" | "und" | "x-none")
        )
    });
    if no_lang > 0 {
        out.push(("3.1.1", fail(no_lang, "文書の言語が指定されていない")));
    }
    let untagged = count(&|p| !p.tagged);
    if untagged > 0 {
        out.push(("1.3.1", fail(untagged, "タグ付けされていない")));
    }
    let mut no_alt = 0;
    let mut media = false;
    for p in &site.pages {
        for t in tokens(&p.rendered.html) {
            if let Token::Tag(tag) = t
                && !tag.closing
            {
                match &*tag.name {
                    "img" if tag.attr("alt").is_none() => no_alt += 1,
                    "video" | "audio" | "iframe" | "object" | "embed" => media = true,
                    _ => {}
                }
            }
        }
    }
    media |= site.assets.iter().any(|a| {
        let lower = a.content_path.to_ascii_lowercase();
        [
            ".mp4", ".mp3", ".m4a", ".wav", ".mov", ".webm", ".ogg", ".avi", ".wmv",
        ]
        .iter()
        .any(|e| lower.ends_with(e))
    });
    if no_alt > 0 {
        out.push((
            "1.1.1",
            Auto {
                result: "不適合",
                note: format!("alt属性のない画像が{no_alt}件（office-site の自動チェック）"),
            },
        ));
    }
    if !media {
        for c in ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.4.2"] {
            out.push((
                c,
                Auto {
                    result: "適用なし",
                    note: "音声・映像コンテンツなし（office-site の自動判定）".to_owned(),
                },
            ));
        }
    }
    out
}

/// The latest manual finding of `criterion` (by date; the later in the file on a tie).
fn manual<'a>(findings: &'a [Finding], criterion: &str) -> Option<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.criterion.trim() == criterion)
        .max_by(|a, b| a.date.cmp(&b.date))
}

/// The level claimed from the results of the criteria up to the target.
pub(crate) fn claimed(results: &[&str]) -> &'static str {
    if results.contains(&"未確認") {
        "配慮"
    } else if results.contains(&"不適合") {
        "一部準拠"
    } else {
        "準拠"
    }
}

/// `page.report` of the report page.
pub(crate) fn values(site: &Site) -> Value {
    let record = &site.accessibility;
    let target = record.target.as_deref().map_or("AA", str::trim);
    let auto = automatic(site);
    let mut rows = Vec::new();
    let mut results = Vec::new();
    for (no, (number, name, level)) in (1..).zip(CRITERIA) {
        if target == "A" && *level == "AA" {
            continue;
        }
        let a = auto.iter().find(|(c, _)| c == number).map(|(_, a)| a);
        let m = manual(&record.findings, number);
        let (result, mut notes) = match (a, m) {
            (Some(a), _) if a.result == "不適合" => ("不適合", vec![a.note.clone()]),
            (_, Some(m)) => (
                RESULTS_STATIC
                    .iter()
                    .copied()
                    .find(|r| *r == m.result.trim())
                    .unwrap_or("未確認"),
                Vec::new(),
            ),
            (Some(a), None) => (a.result, vec![a.note.clone()]),
            (None, None) => ("未確認", Vec::new()),
        };
        if let Some(m) = m {
            let note = m.note.trim();
            let who = format!("{} {} 確認", m.date.trim(), m.by.trim());
            notes.push(if note.is_empty() {
                who
            } else {
                format!("{note}（{who}）")
            });
        }
        results.push(result);
        rows.push(map([
            ("no", Value::from(no)),
            ("number", Value::from(*number)),
            ("name", Value::from(*name)),
            ("level", Value::from(*level)),
            (
                "applies",
                Value::from(match result {
                    "適用なし" => "適用なし",
                    "未確認" => "—",
                    _ => "適用あり",
                }),
            ),
            ("result", Value::from(result)),
            ("note", Value::from(notes.join("。"))),
        ]));
    }
    let level = claimed(&results);
    let tally = |r: &str| Value::from(results.iter().filter(|x| **x == r).count());
    let has_pdf = site
        .attachments
        .read
        .iter()
        .flatten()
        .any(|e| e.format == Format::Pdf);
    let mut technologies = vec!["HTML", "CSS", "JavaScript"];
    if has_pdf {
        technologies.push("PDF");
    }
    let mut tools = vec![map([
        ("name", Value::from("office-site")),
        ("version", Value::from(env!("CARGO_PKG_VERSION"))),
    ])];
    tools.extend(record.tools.iter().map(|t| {
        map([
            ("name", Value::from(t.name.as_str())),
            ("version", Value::from(t.version.as_str())),
        ])
    }));
    let seed = record.commit.clone().unwrap_or_default();
    let (pages, pdfs, page_total, pdf_total) = sample(site, &seed);
    map([
        (
            "date",
            record.date.as_deref().map_or_else(Value::none, Value::from),
        ),
        ("standard", Value::from("JIS X 8341-3:2016")),
        ("target", Value::from(target)),
        ("level", Value::from(level)),
        (
            "scope",
            record.scope.as_deref().map_or_else(
                || {
                    Value::from(format!(
                        "{}（{}）の全ページ",
                        site.config.title,
                        site.config.base_url.url("")
                    ))
                },
                Value::from,
            ),
        ),
        ("technologies", Value::from(technologies)),
        ("tools", Value::from(tools)),
        ("seed", Value::from(seed)),
        ("pages", Value::from(pages)),
        ("pdfs", Value::from(pdfs)),
        ("page_total", Value::from(page_total)),
        ("pdf_total", Value::from(pdf_total)),
        ("criteria", Value::from(rows)),
        ("passed", tally("適合")),
        ("failed", tally("不適合")),
        ("not_applicable", tally("適用なし")),
        ("unchecked", tally("未確認")),
    ])
}

/// The results as the template shows them.
const RESULTS_STATIC: &[&str] = &["適合", "不適合", "適用なし"];

/// The sample: up to 40 pages and 20 PDFs, ordered by the SHA-256 of the seed and their URL
/// (the same commit draws the same sample); and how many there were to draw from.
fn sample(site: &Site, seed: &str) -> (Vec<Value>, Vec<Value>, usize, usize) {
    let key = |url: &str| -> Vec<u8> {
        let mut h = Sha256::new();
        h.update(seed.as_bytes());
        h.update([0]);
        h.update(url.as_bytes());
        h.finalize().to_vec()
    };
    let mut pages: Vec<(Vec<u8>, Value)> = site
        .pages
        .iter()
        .filter(|p| p.front.template.as_deref() != Some("accessibility-report.html"))
        .map(|p| {
            let url = site.config.base_url.url(&p.url);
            (
                key(&url),
                map([
                    ("title", Value::from(p.front.title.as_str())),
                    ("url", Value::from(url)),
                ]),
            )
        })
        .collect();
    let mut pdfs: Vec<(Vec<u8>, Value)> = (site.assets.iter().zip(&site.attachments.read))
        .filter(|(_, e)| e.as_ref().is_some_and(|e| e.format == Format::Pdf))
        .map(|(a, _)| {
            let url = site.config.base_url.url(&a.output_path);
            let name = a.content_path.rsplit('/').next().unwrap_or_default();
            (
                key(&url),
                map([("title", Value::from(name)), ("url", Value::from(url))]),
            )
        })
        .collect();
    let (page_total, pdf_total) = (pages.len(), pdfs.len());
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pdfs.sort_by(|a, b| a.0.cmp(&b.0));
    let take = |v: Vec<(Vec<u8>, Value)>, n: usize| v.into_iter().take(n).map(|(_, v)| v).collect();
    (
        take(pages, SAMPLE_PAGES),
        take(pdfs, SAMPLE_PDFS),
        page_total,
        pdf_total,
    )
}

#[cfg(test)]
mod tests {
    use super::claimed;

    #[test]
    fn the_level_claimed_never_exceeds_the_evidence() {
        assert_eq!(claimed(&["適合", "適用なし"]), "準拠");
        assert_eq!(claimed(&["適合", "不適合"]), "一部準拠");
        assert_eq!(claimed(&["適合", "不適合", "未確認"]), "配慮");
        assert_eq!(claimed(&["適合", "未確認"]), "配慮");
    }
}
