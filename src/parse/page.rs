//! A Markdown source becomes a [`Page`]: its front matter split off and validated
//! ([`super::front_matter`]), its body kept as written (rendered later, by the link step), a
//! control character in it refused at its place. Its URL is worked out later, for the whole
//! site at once ([`super::urls`]); what the gate finds in its text is recorded by the driver
//! right after parsing (`gate::page_findings`), so that a kept page keeps its findings too.

use std::sync::Arc;

use super::front_matter;
use crate::diag::Diagnostics;
use crate::load::git_dates::GitDates;
use crate::load::source::{SourceFile, SourceKind};
use crate::model::page::Page;

/// Parses one Markdown source into a page (its URL is assigned later, for the whole site).
pub(crate) fn parse_file(file: SourceFile, relation_keys: &[String]) -> Result<Page, Diagnostics> {
    parse_one(file, relation_keys)
}

fn parse_one(file: SourceFile, relation_keys: &[String]) -> Result<Page, Diagnostics> {
    let text = file.text.unwrap_or_default();
    let split = front_matter::split(&file.rel, &text)?;
    // A control character in the body is refused at its place, with the front matter's errors.
    let forbidden = crate::load::yaml::control::forbidden_in_body;
    let in_body =
        crate::load::yaml::control::scan(&file.rel, split.body, split.body_line, forbidden);
    let front = match front_matter::parse(&file.rel, &split, relation_keys) {
        Ok(front) if in_body.is_empty() => front,
        Ok(_) => return Err(in_body),
        Err(mut e) => {
            e.extend(in_body);
            return Err(e);
        }
    };
    let is_section = file.kind == SourceKind::Section;
    let folder = file
        .content_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_owned();
    let front_draft = front.draft;
    Ok(Page {
        front_text: Arc::from(&text[..text.len() - split.body.len()]),
        body: Arc::from(split.body),
        body_line: split.body_line,
        rel: file.rel,
        content_path: file.content_path,
        is_section,
        lang: String::new(),
        original: None,
        folder,
        front,
        url: String::new(),
        rendered: Arc::default(),
        findings: Vec::new(),
        updated: None,
        modified: file.modified,
        draft: front_draft,
    })
}

/// Sets every page's 最終更新日: its own `updated:`, else the date of the last git commit of
/// its file, else its `date`, else (where git allows it, see [`GitDates::file_time`]) the day
/// its file was last modified.
pub(crate) fn set_updated(pages: &mut [Page], git: &GitDates) {
    for page in pages {
        let rel = crate::diag::display_path(&page.rel);
        page.updated = page
            .front
            .updated
            .or_else(|| git.get(&rel))
            .or(page.front.date)
            .or_else(|| git.file_time(page.modified));
    }
}
