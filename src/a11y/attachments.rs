//! `check`'s accessibility checks of the PDFs the site publishes (JIS X 8341-3 tests PDFs as
//! it tests pages): a PDF needs a title in its properties (what a screen reader announces and
//! the window shows), a document language (how it is read aloud), tags (its structure:
//! headings, lists, reading order), and, on the page that links it, its content as HTML for
//! whom no PDF reader serves. Each is a warning naming the PDF and the pages linking it
//! (`check --strict` fails on them). What the PDF says about itself the load step read
//! (`PdfFacts`); which pages link it, the link step (`link::attachments`).

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::link::site::Site;
use crate::model::attachment::{Extracted, Format};
use crate::model::rendered::LinkTarget;
use crate::text::html::{Token, tokens};

/// A linking page offers the PDF's content as HTML when its own text and that of the pages it
/// links to with `@/` (links' text left out) is at least this share of the PDF's text, in
/// characters without white space: a news item that introduces a briefing and links the pages
/// presenting it offers it.
const ALTERNATIVE_SHARE: f64 = 0.5;

/// The warnings of every published PDF.
pub(crate) fn check(site: &Site) -> Diagnostics {
    let mut out = Diagnostics::new();
    let a = &site.attachments;
    let by_path: HashMap<String, usize> = (site.pages.iter().enumerate())
        .filter_map(|(i, p)| {
            let rel = p.rel.strip_prefix("content").ok()?;
            Some((rel.to_string_lossy().replace('\\', "/"), i))
        })
        .collect();
    let own: Vec<usize> = site
        .pages
        .iter()
        .map(|p| page_text_len(&p.rendered.html))
        .collect();
    let offered_by = |p: usize| -> usize {
        let linked: usize = (site.pages[p].rendered.links.iter())
            .filter_map(|l| match &l.target {
                LinkTarget::Internal { path, .. } => by_path.get(path.as_str()),
                _ => None,
            })
            .map(|&q| own[q])
            .sum();
        own[p] + linked
    };
    for (i, read) in a.read.iter().enumerate() {
        let Some(e) = read.as_deref() else { continue };
        let Some(pdf) = e.pdf.as_ref().filter(|_| e.format == Format::Pdf) else {
            continue;
        };
        let linking = a.linked_from.get(i).map_or(&[][..], Vec::as_slice);
        let pages: Vec<String> = linking
            .iter()
            .map(|&p| crate::diag::display_path(&site.pages[p].rel))
            .collect();
        let pages = if pages.is_empty() {
            "no page".to_owned()
        } else {
            pages.join(", ")
        };
        let file = &site.assets[i].rel;
        let warn = |code: Code| Diagnostic::new(code, file).arg("pages", &pages);
        if pdf.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            out.push(warn(Code::W0710));
        }
        match pdf.lang.as_deref().map(str::trim) {
            None | Some("") => out.push(warn(Code::W0711).arg("lang", "none")),
            // `zxx`: "no linguistic content", which LibreOffice writes when it is not told.
            Some(l @ ("zxx" | "und" | "x-none")) => out.push(warn(Code::W0711).arg("lang", l)),
            Some(_) => {}
        }
        if !pdf.tagged {
            out.push(warn(Code::W0712));
        }
        let needed = text_len(e) as f64 * ALTERNATIVE_SHARE;
        let offered = linking.iter().map(|&p| offered_by(p)).max().unwrap_or(0);
        if needed > 0.0 && (offered as f64) < needed {
            out.push(
                warn(Code::W0713)
                    .arg("pdf_chars", text_len(e))
                    .arg("page_chars", offered),
            );
        }
    }
    out
}

/// The characters (without white space) of a PDF's pages.
fn text_len(e: &Extracted) -> usize {
    e.parts
        .iter()
        .filter(|p| matches!(p.place, crate::model::attachment::Place::Page(_)))
        .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// The characters (without white space) of a page's body outside its links.
fn page_text_len(html: &str) -> usize {
    let mut in_link = 0usize;
    let mut n = 0;
    for t in tokens(html) {
        match t {
            Token::Tag(tag) if tag.name == "a" => {
                if tag.closing {
                    in_link = in_link.saturating_sub(1);
                } else {
                    in_link += 1;
                }
            }
            Token::Text(text) if in_link == 0 => {
                n += text.chars().filter(|c| !c.is_whitespace()).count();
            }
            _ => {}
        }
    }
    n
}
