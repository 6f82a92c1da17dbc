//! Japanese full-text search: part of the render step; turns the published pages into
//! the static files of a client-side search, written with the rest of the output (so inside
//! the same atomic swap), and the browser library that queries them.
//!
//! What is indexed is each page's own content: its title, description and rendered Markdown,
//! never the theme's navigation, lists or footer. Draft pages are left out even in a
//! `--drafts` build, and withheld pages never reach this step (the publish gate drops them
//! before linking), so nothing of them can be found. The search page itself is left out.
//!
//! The files, under `search-index/`:
//! - `meta.json`: the pages (URL, title, section, 公開日, language), their lengths, the
//!   sections to filter by (each in its language), the site's languages, the number of
//!   shards, and which text file holds which page;
//! - `index/NN.bin`: the inverted index, one shard per group of first characters, so a query
//!   downloads only the shards of its tokens (see the `index` module);
//! - `text/N.json`: the pages' plain text, a few pages a file, to confirm hits and show
//!   excerpts;
//! - `search.js`: the library that normalises and tokenises a query exactly as [`tokens()`]
//!   does, and ranks the pages (BM25 over the weighted tokens).
//!
//! One index serves every language of the site: a page's words are indexed as they are (a
//! run of letters is a word, whatever the language), and the search page of a language asks
//! for its own pages first (`search(query, { lang })`), then the others, each result saying its
//! language. 公開日 is shown as a page in its language writes it (和暦 in Japanese, `7 January
//! 2011` in English).
//!
//! The file names are known from the site before anything is indexed ([`Layout`]), so the
//! render plan lists them, and the preview server builds the index only when asked for it.
//!
//! Why not Pagefind: on this project's 10,000-page benchmark site its Rust library took
//! about 40 s and 5.5 GiB to index what office-site builds in 1.5 s (see docs/design.md); this
//! index costs a fraction of a second there and answers the same Japanese queries.

pub(crate) mod index;
mod tokens;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::link::site::Site;
use crate::timings::{Stage, Timings};

/// The browser library, written to `search-index/search.js`.
const LIBRARY: &str = include_str!("search/search.js");

/// The version of the file formats; search.js refuses files of another.
const FORMAT: u32 = 2;

use crate::model::generated::SEARCH_DIR as DIR;

use crate::model::generated::SEARCH_LIBRARY as LIBRARY_PATH;

/// The page list's path in the output.
const META_PATH: &str = "search-index/meta.json";

/// Aim for shard files of about this many bytes of source HTML each (the index comes to
/// about a sixteenth of the HTML, so a shard holds some 64 KiB).
const SHARD_SOURCE_BYTES: usize = 1024 * 1024;
/// The most shards an index is split into.
const MAX_SHARDS: u32 = 1024;
/// Aim for text files of about this many bytes of source HTML each.
const CHUNK_SOURCE_BYTES: usize = 128 * 1024;

/// Which pages are indexed and which files the index is made of: a function of the linked
/// site alone, so the render plan and the index agree without building it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Indexed pages, by page index; a page's position here is its id in the index.
    pub(crate) docs: Vec<usize>,
    /// The number of shard files (a power of two).
    pub(crate) shards: u32,
    /// The first page id of each text file.
    pub(crate) chunks: Vec<u32>,
}

impl Layout {
    /// The layout of `site`'s index, or `None` when site.yaml turns search off.
    pub(crate) fn of(site: &Site) -> Option<Layout> {
        if !site.config.search {
            return None;
        }
        let docs: Vec<usize> = (0..site.pages.len())
            .filter(|&i| is_indexed(site, i))
            .collect();
        let mut total = 0usize;
        let mut chunks = Vec::new();
        let mut in_chunk = usize::MAX;
        for (id, &i) in docs.iter().enumerate() {
            let size = site.pages[i].rendered.html.len() + site.pages[i].front.title.len();
            if in_chunk.saturating_add(size) > CHUNK_SOURCE_BYTES {
                chunks.push(id as u32);
                in_chunk = 0;
            }
            in_chunk += size;
            total += size;
        }
        let wanted = (total / SHARD_SOURCE_BYTES).max(1) as u32;
        Some(Layout {
            docs,
            shards: wanted.next_power_of_two().min(MAX_SHARDS),
            chunks,
        })
    }

    /// Every file of the index, under the output root.
    pub(crate) fn paths(&self) -> Vec<String> {
        let mut out = vec![META_PATH.to_owned(), LIBRARY_PATH.to_owned()];
        out.extend((0..self.shards).map(shard_path));
        out.extend((0..self.chunks.len()).map(|c| format!("{DIR}text/{c}.json")));
        out
    }
}

fn shard_path(s: u32) -> String {
    format!("{DIR}index/{s:02x}.bin")
}

fn is_indexed(site: &Site, i: usize) -> bool {
    let page = &site.pages[i];
    !page.draft && page.front.template.as_deref() != Some("search.html")
}

/// Builds every file of the index, by output path (for the preview server, which serves
/// them from memory).
pub(crate) fn build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    build_into(site, &Timings::off(), &|path, bytes| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
    });
    files.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Text files indexed together before their postings join the rest: enough to keep both
/// cores busy, few enough that little is held in memory at once.
const CHUNKS_PER_ROUND: usize = 16;

/// Builds every file of the index and hands each to `emit` as soon as it is made, so a large
/// site's text never sits in memory whole: each text file's pages are read out of their
/// HTML, tokenised and written, then only their postings are kept. The indexing is timed as
/// the search index's stage, the writing as the writer's (`emit`'s own).
pub(crate) fn build_into(site: &Site, timings: &Timings, emit: &(dyn Fn(String, Vec<u8>) + Sync)) {
    let Some(layout) = Layout::of(site) else {
        return;
    };
    let ranges: Vec<(usize, std::ops::Range<usize>)> = (0..layout.chunks.len())
        .map(|c| {
            let start = layout.chunks[c] as usize;
            let end = layout
                .chunks
                .get(c + 1)
                .map_or(layout.docs.len(), |&e| e as usize);
            (c, start..end)
        })
        .collect();
    let mut all = index::Run::default();
    for round in ranges.chunks(CHUNKS_PER_ROUND) {
        let runs: Vec<index::Run> = round
            .par_iter()
            .map(|(c, ids)| {
                let (text, run) =
                    timings.thread(Stage::Search, || index_chunk(site, &layout, ids.clone()));
                emit(format!("{DIR}text/{c}.json"), text);
                run
            })
            .collect();
        for r in runs {
            all.append(r);
        }
    }
    let meta = timings.thread(Stage::Search, || meta_json(site, &layout, all.lengths()));
    emit(META_PATH.to_owned(), meta.into_bytes());
    emit(LIBRARY_PATH.to_owned(), LIBRARY.as_bytes().to_vec());
    let shards = timings.thread(Stage::Search, || all.into_shards(layout.shards));
    for (s, shard) in shards.into_iter().enumerate() {
        emit(shard_path(s as u32), shard);
    }
}

/// Indexes the pages `ids`: the text file that holds them, and their postings.
fn index_chunk(site: &Site, layout: &Layout, ids: std::ops::Range<usize>) -> (Vec<u8>, index::Run) {
    let pages: Vec<&crate::model::page::Page> =
        ids.clone().map(|id| &site.pages[layout.docs[id]]).collect();
    let docs: Vec<index::DocText<'_>> = pages
        .iter()
        .map(|p| index::DocText {
            title: &p.front.title,
            description: p.front.description.as_deref(),
            body: &p.rendered.text,
        })
        .collect();
    let mut json = String::from("[");
    for (k, doc) in docs.iter().enumerate() {
        if k > 0 {
            json.push(',');
        }
        json.push('"');
        push_json_escaped(&mut json, doc.description.unwrap_or(""));
        json.push_str("\\n");
        push_json_escaped(&mut json, &doc.body.text);
        json.push('"');
    }
    json.push(']');
    (json.into_bytes(), index::run(&docs, ids.start as u32))
}

/// The top-level section a page belongs to (itself, for a top-level section), if any, in its
/// own language.
fn top_section(site: &Site, i: usize) -> Option<usize> {
    let mut cur = i;
    loop {
        match site.parent[cur] {
            // A home page (of any language) has no parent.
            Some(p) if site.parent[p].is_none() => return Some(cur),
            Some(p) => cur = p,
            None => return None,
        }
    }
}

fn meta_json(site: &Site, layout: &Layout, lengths: &[u32]) -> String {
    let section_of = |i: usize| top_section(site, i).filter(|&s| site.pages[s].is_section);
    // The sections to filter by, in the site's own order.
    let mut sections: Vec<usize> = layout.docs.iter().filter_map(|&i| section_of(i)).collect();
    sections.sort_by_key(|&s| (site.position[s], s));
    sections.dedup();
    let lang_of = |i: usize| {
        (site.config.languages.iter())
            .position(|l| l.code == site.pages[i].lang)
            .unwrap_or(0)
    };
    let section_list: Vec<String> = sections
        .iter()
        .map(|&s| {
            format!(
                "[{},{},{}]",
                json_string(&site.pages[s].front.title),
                json_string(&site.config.base_url.url(&site.pages[s].url)),
                lang_of(s)
            )
        })
        .collect();
    let languages: Vec<String> = (site.config.languages.iter())
        .map(|l| format!("[{},{}]", json_string(&l.code), json_string(&l.name)))
        .collect();
    let pages: Vec<String> = layout
        .docs
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let section = section_of(i)
                .and_then(|s| sections.iter().position(|&x| x == s))
                .map_or(-1, |p| p as i64);
            let (iso, shown) = page.front.date.map_or((String::new(), String::new()), |d| {
                (
                    d.iso(),
                    crate::render::template_fns::local_date(d, &page.lang),
                )
            });
            format!(
                "[{},{},{section},{},{},{}]",
                json_string(&site.config.base_url.url(&page.url)),
                json_string(&page.front.title),
                json_string(&iso),
                json_string(&shown),
                lang_of(i),
            )
        })
        .collect();
    let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
    let average = total as f64 / lengths.len().max(1) as f64;
    let lengths: Vec<String> = lengths.iter().map(u32::to_string).collect();
    let chunks: Vec<String> = layout.chunks.iter().map(u32::to_string).collect();
    format!(
        "{{\"format\":{FORMAT},\"shards\":{},\"average\":{average:.2},\"languages\":[{}],\"sections\":[{}],\"pages\":[{}],\"lengths\":[{}],\"chunks\":[{}]}}",
        layout.shards,
        languages.join(","),
        section_list.join(","),
        pages.join(","),
        lengths.join(","),
        chunks.join(","),
    )
}

/// The tokens of `text`, spelt as the index and search.js spell them (for tools and tests).
pub fn tokens(text: &str) -> Vec<String> {
    let normalised = tokens::normalise(text);
    let mut out = Vec::new();
    tokens::tokenise(&normalised, |t| out.push(t.spelling()));
    out
}

/// The tokens of a shard file (`search-index/index/NN.bin`) with their postings, page id and
/// weight (for tools and tests).
pub fn read_shard(file: &[u8]) -> Result<index::Decoded, String> {
    index::decode(file)
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    push_json_escaped(&mut out, s);
    out.push('"');
    out
}

/// Appends `s` escaped for the inside of a JSON string (and harmless inside HTML: no `<`, no
/// line separators), copying the runs that need no escape whole. Every byte that starts an
/// escape is ASCII or the first byte of U+2028/U+2029, so the runs are found byte by byte
/// (this runs over every indexed page's text).
fn push_json_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b'<' => "\\u003c",
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => "\\u2028",
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => "\\u2029",
            b if b < 0x20 => {
                out.push_str(&s[plain..i]);
                out.push_str(&format!("\\u{b:04x}"));
                i += 1;
                plain = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[plain..i]);
        out.push_str(escape);
        i += if b == 0xE2 { 3 } else { 1 };
        plain = i;
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every character class the escape treats differently: plain ASCII, the escaped ASCII,
    /// other control characters, the line separators, and their neighbours in UTF-8.
    fn tricky() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            " ",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "<",
            ">",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "\u{2028}",
            "\u{2029}",
            "\u{2027}",
            "\u{202a}",
            "\u{2000}",
            "再生",
            "ｶﾞ",
            "é",
            "\u{1f600}",
            "&",
            "/",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The escaped text is a JSON string that reads back as the text, and holds no `<`
        /// and no line separator raw.
        #[test]
        fn json_escaping_reads_back_as_the_text(text in tricky()) {
            let literal = json_string(&text);
            let back: String = serde_json::from_str(&literal).unwrap();
            prop_assert_eq!(&back, &text);
            prop_assert!(!literal.contains('<'));
            let separators = ['\u{2028}', '\u{2029}'];
            prop_assert!(!literal.contains(separators));
            prop_assert!(!literal[1..literal.len() - 1].chars().any(|c| (c as u32) < 0x20));
        }
    }
}
