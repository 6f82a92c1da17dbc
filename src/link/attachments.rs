//! Attachments as content: the PDF, Word, Excel and PowerPoint files and images of content/
//! that the site publishes, once the link step knows which pages link them.
//!
//! For every published attachment this module reads it (through the load step's cached
//! reader), holds what it holds to the gate ([`crate::gate::attachments`], naming the file, the
//! place inside it and the pages that link it), resolves each page's `materials:` (its
//! 資料一覧) to files, and gives every link to an attachment the office's notation of its
//! format and size ([`super::notation`]): added at the end of the link's text, or, when the
//! author wrote one, checked (a wrong size or format is an error at the link's line). The
//! render step reads the result ([`Attachments`]) for the 資料一覧 and the note on PDF readers;
//! `check` reads it for the accessibility of the PDFs.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::links::target_path;
use super::notation;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::gate::attachments::{Context, check};
use crate::link::markdown::classify;
use crate::link::site::Site;
use crate::load::attachments::Store;
use crate::model::attachment::{Extracted, Format};
use crate::model::page::Page;
use crate::model::paths::normalise_site_path;
use crate::model::publication::Publication;
use crate::model::rendered::{LinkTarget, Rendered};

/// One entry of a page's 資料一覧, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MaterialEntry {
    /// `資料1`…
    pub(crate) number: Option<String>,
    /// Its title.
    pub(crate) title: String,
    /// The file's URL.
    pub(crate) url: String,
    /// The format's name (`PDF`).
    pub(crate) label: String,
    /// The file's size in bytes.
    pub(crate) bytes: u64,
    /// 「（PDF：245KB）」.
    pub(crate) notation: String,
}

/// What the link step knows of the site's attachments.
#[derive(Debug, Default)]
pub(crate) struct Attachments {
    /// For each page (by index): its 資料一覧.
    pub(crate) materials: Vec<Vec<MaterialEntry>>,
    /// For each page: whether it links or lists a PDF (the theme then shows its note on PDF
    /// readers).
    pub(crate) has_pdf: Vec<bool>,
    /// For each asset (by index): what was read from it, if it is an attachment.
    pub(crate) read: Vec<Option<Arc<Extracted>>>,
    /// For each asset: the pages that link it (or list it).
    pub(crate) linked_from: Vec<Vec<usize>>,
    /// The assets whose image metadata is stripped as they are copied (`attachments.exif:
    /// strip`).
    pub(crate) strip: HashSet<usize>,
    /// `allow:` entries that let something through inside an attachment: (page file, text).
    pub(crate) used_allows: Vec<(PathBuf, String)>,
}

/// One attachment read and gated: what was read, what the gate found, the `allow:` entries
/// used (page file, text), whether its image metadata is stripped on copy.
type Checked = (
    Option<Arc<Extracted>>,
    Diagnostics,
    Vec<(PathBuf, String)>,
    bool,
);

/// Extensions whose links are looked for in a page's HTML (a quick test before reading it).
const LINKED_EXTENSIONS: &[&str] = &[
    ".pdf", ".doc", ".xls", ".ppt", ".jpg", ".jpeg", ".png", ".tif", ".gif", ".webp", ".avif",
    ".hei", ".jxl", ".jp2", ".j2k", ".jpx",
];

/// Reads and gates every published attachment of `site`, resolves the pages' 資料一覧 and
/// writes the notation into their links. The diagnostics of everything found.
pub(crate) fn link(site: &mut Site, publication: &Publication, store: &Store) -> Diagnostics {
    let mut errors = Diagnostics::new();
    let by_output: HashMap<&str, usize> = (site.assets.iter().enumerate())
        .map(|(i, a)| (a.output_path.as_str(), i))
        .collect();
    let by_content: HashMap<&str, usize> = (site.assets.iter().enumerate())
        .map(|(i, a)| (a.content_path.as_str(), i))
        .collect();
    let sizes: Vec<u64> = site
        .assets
        .iter()
        .map(|a| crate::fs::metadata(&a.abs).map_or(0, |m| m.len()))
        .collect();
    // What a file is, by its bytes as well as its name: a PDF renamed `.dat`, a workbook
    // without an extension, an archive are read (and refused) all the same.
    let formats: Vec<Option<Format>> = site
        .assets
        .par_iter()
        .map(|a| {
            Format::of_name(&a.content_path).or_else(|| {
                let head = crate::fs::read_head(&a.abs, 1024).ok()?;
                crate::load::attachments::sniff(&a.content_path, &head)
            })
        })
        .collect();
    let mut linked_from = vec![Vec::new(); site.assets.len()];
    let mut materials = vec![Vec::new(); site.pages.len()];
    let mut has_pdf = vec![false; site.pages.len()];
    let base = site.config.base_url.clone();
    // The 資料一覧.
    for (i, page) in site.pages.iter().enumerate() {
        for (k, m) in page.front.materials.iter().enumerate() {
            let target = LinkTarget::Relative {
                path: m.file.clone(),
                anchor: None,
            };
            let found = target_path(&page.folder, &target)
                .and_then(|p| by_content.get(p.as_str()).copied());
            let Some(a) = found else {
                errors.push(
                    Diagnostic::new(Code::E0326, &page.rel)
                        .arg("file", &m.file)
                        .at_opt(material_position(page, k, &m.file)),
                );
                continue;
            };
            let label =
                formats[a].map_or_else(|| extension_label(&m.file), |f| f.label().to_owned());
            has_pdf[i] |= formats[a] == Some(Format::Pdf);
            linked_from[a].push(i);
            materials[i].push(MaterialEntry {
                number: m.number.clone(),
                title: m.title.clone(),
                url: base.url(&site.assets[a].output_path),
                notation: notation::notation(&label, sizes[a]),
                label,
                bytes: sizes[a],
            });
        }
    }
    // Links in the pages' HTML: notation added or checked.
    let resolve = |page: &Page, href: &str| -> Option<usize> {
        let value = href.replace("&amp;", "&");
        let value = value.split(['?', '#']).next().unwrap_or("");
        if let Some(path) = base.site_path(value) {
            return by_output.get(normalise_site_path(path)?.as_str()).copied();
        }
        let target = classify(value)?;
        by_content
            .get(target_path(&page.folder, &target)?.as_str())
            .copied()
    };
    let rewritten: Vec<(usize, Option<Rendered>, Vec<usize>, Diagnostics)> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| {
            let lower = p.rendered.html.to_ascii_lowercase();
            LINKED_EXTENSIONS.iter().any(|e| lower.contains(e))
        })
        .map(|(i, page)| {
            let (html, linked, diags) = annotate(page, &|href| resolve(page, href), &|a| {
                formats[a].map(|f| (f, sizes[a]))
            });
            let rendered = html.map(|html| Rendered {
                html,
                ..(*page.rendered).clone()
            });
            (i, rendered, linked, diags)
        })
        .collect();
    for (i, rendered, linked, diags) in rewritten {
        if let Some(r) = rendered {
            site.pages[i].rendered = Arc::new(r);
        }
        for a in linked {
            has_pdf[i] |= formats[a] == Some(Format::Pdf);
            if !linked_from[a].contains(&i) {
                linked_from[a].push(i);
            }
        }
        errors.extend(diags);
    }
    // Read and gate every attachment.
    let site_ref: &Site = site;
    let checked: Vec<Checked> = site_ref
        .assets
        .par_iter()
        .enumerate()
        .map(|(a, asset)| {
            if formats[a].is_none() {
                return (None, Diagnostics::new(), Vec::new(), false);
            }
            let bytes = match crate::fs::read(&asset.abs) {
                Ok(b) => b,
                Err(d) => return (None, d.into(), Vec::new(), false),
            };
            let extracted = store.get(&asset.content_path, &bytes);
            let pages: Vec<&Page> = linked_from[a].iter().map(|&p| &site_ref.pages[p]).collect();
            let cx = Context {
                file: &asset.rel,
                pages: pages
                    .iter()
                    .map(|p| crate::diag::display_path(&p.rel))
                    .collect(),
                allow: pages.iter().flat_map(|p| &p.front.allow).collect(),
                options: &site_ref.config.attachments,
                base: &site_ref.config.base_url,
                left_out: &publication.left_out_urls,
            };
            let (diags, used) = check(&extracted, &cx);
            let used: Vec<(PathBuf, String)> = pages
                .iter()
                .flat_map(|p| {
                    p.front
                        .allow
                        .iter()
                        .filter(|a| used.contains(&a.text))
                        .map(|a| (p.rel.clone(), a.text.clone()))
                })
                .collect();
            let strip = site_ref.config.attachments.strip_exif
                && extracted
                    .image
                    .as_ref()
                    .is_some_and(|i| !i.gps.is_empty() || !i.owner.is_empty());
            (Some(extracted), diags, used, strip)
        })
        .collect();
    let mut attachments = Attachments {
        materials,
        has_pdf,
        linked_from,
        ..Attachments::default()
    };
    for (a, (read, diags, used, strip)) in checked.into_iter().enumerate() {
        attachments.read.push(read);
        errors.extend(diags);
        attachments.used_allows.extend(used);
        if strip {
            attachments.strip.insert(a);
        }
    }
    site.attachments = attachments;
    errors
}

fn extension_label(file: &str) -> String {
    file.rsplit_once('.')
        .map_or_else(String::new, |(_, e)| e.to_ascii_uppercase())
}

/// Where the `k`-th entry of `materials:` names its file.
fn material_position(page: &Page, k: usize, file: &str) -> Option<(usize, usize)> {
    let _ = k;
    page.front
        .value_position("materials", file)
        .or_else(|| page.front.position("materials"))
}

/// A page's HTML with the notation put into each link to an attachment (`None`: unchanged),
/// the attachments it links, and the errors of notations written wrong.
fn annotate(
    page: &Page,
    resolve: &dyn Fn(&str) -> Option<usize>,
    file: &dyn Fn(usize) -> Option<(Format, u64)>,
) -> (Option<String>, Vec<usize>, Diagnostics) {
    use crate::text::html::{Token, tokens};
    let html = &page.rendered.html;
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut linked = Vec::new();
    let mut errors = Diagnostics::new();
    // The open link to an attachment: (asset, its text so far).
    let mut open: Option<(usize, String)> = None;
    // A link just closed, whose notation may follow it: (asset, where to insert, its text).
    let mut closed: Option<(usize, usize, String)> = None;
    // How many links to attachments were seen, to find the n-th Markdown link to one.
    let mut nth = 0usize;
    let mut finish = |closed: Option<(usize, usize, String)>,
                      after: &str,
                      inserts: &mut Vec<(usize, String)>,
                      errors: &mut Diagnostics| {
        let Some((a, at, text)) = closed else { return };
        let Some((format, bytes)) = file(a) else {
            return;
        };
        nth += 1;
        let n = nth;
        let written = notation::at_end(&text).or_else(|| notation::at_start(after));
        match written {
            Some(w) if w.matches(format.label(), bytes) => {}
            Some(w) => errors.push(
                Diagnostic::new(Code::E0327, &page.rel)
                    .arg("written", &w.text)
                    .arg("expected", notation::notation(format.label(), bytes))
                    .at_opt(link_position(page, n)),
            ),
            None => inserts.push((at, notation::notation(format.label(), bytes))),
        }
    };
    for token in tokens(html) {
        match token {
            Token::Tag(tag) if tag.name == "a" && !tag.closing => {
                finish(closed.take(), "", &mut inserts, &mut errors);
                open = tag
                    .attr("href")
                    .and_then(resolve)
                    .map(|a| (a, String::new()));
                if let Some((a, _)) = &open {
                    linked.push(*a);
                }
            }
            Token::Tag(tag) if tag.name == "a" => {
                if let Some((a, text)) = open.take() {
                    closed = Some((a, tag.offset, text));
                }
            }
            Token::Tag(tag) => {
                if tag.name == "img"
                    && let Some(a) = tag.attr("src").and_then(resolve)
                {
                    linked.push(a);
                }
                if let Some((_, text)) = &mut open
                    && tag.name == "img"
                {
                    text.push_str(tag.attr("alt").unwrap_or(""));
                }
                if !matches!(
                    &*tag.name,
                    "span" | "em" | "strong" | "b" | "i" | "code" | "img"
                ) {
                    finish(closed.take(), "", &mut inserts, &mut errors);
                }
            }
            Token::Text(t) => {
                if let Some((_, text)) = &mut open {
                    text.push_str(t);
                }
                finish(closed.take(), t, &mut inserts, &mut errors);
            }
        }
    }
    finish(closed.take(), "", &mut inserts, &mut errors);
    if inserts.is_empty() {
        return (None, linked, errors);
    }
    let mut out = String::with_capacity(html.len() + inserts.len() * 24);
    let mut last = 0;
    for (at, text) in inserts {
        out.push_str(&html[last..at]);
        out.push_str(&text);
        last = at;
    }
    out.push_str(&html[last..]);
    (Some(out), linked, errors)
}

/// The position in the page's file of its `n`-th (1-based) Markdown link to an attachment
/// (relative or root-relative links to files; the HTML lists them in the same order).
fn link_position(page: &Page, n: usize) -> Option<(usize, usize)> {
    page.rendered
        .links
        .iter()
        .filter(|l| {
            !l.is_image
                && !matches!(
                    l.target,
                    LinkTarget::Fragment(_) | LinkTarget::Internal { .. }
                )
        })
        .filter(|l| match &l.target {
            LinkTarget::Relative { path, .. } | LinkTarget::Root { path, .. } => {
                Format::of_name(path).is_some()
            }
            _ => false,
        })
        .nth(n.saturating_sub(1))
        .map(|l| (l.pos.0 + page.body_line - 1, l.pos.1))
}
