//! Which files under content/ only pages left out of the build may be using: they are not
//! copied unless a published page links them, and they are never named.
//!
//! Part of [`super`]. Two rules, both failing closed:
//!
//! - **Beside a left-out page**: a file whose folder, or whose section, holds a page left out of
//!   the build (withheld, a draft, or broken) may be that page's, however the page uses it (a
//!   template may show `extra.image`).
//! - **Named by a left-out page**: a file whose name appears anywhere in a left-out page's file,
//!   front matter included, as written, percent-encoded (`%E5%9B%B3`, `%e5%9b%b3`), as
//!   character references (`&#x540D;&#x7C3F;.pdf`) or other escapes, in NFC or NFD; and every
//!   file under a folder a left-out page names as a path (`[名簿](../teams/docs/)`).
//!
//! File names are put in a map once; each left-out page's text is decoded and normalised once
//! and looked up piece by piece, so the cost is the size of those texts, not their number times
//! the number of files.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::load::source::SourceFile;

/// The content paths of the files only left-out pages may be using. `left_out` holds each
/// left-out page's content path and its file's text; `sections` the content folders that are
/// sections.
pub(crate) fn suspect_assets<'a>(
    assets: &[SourceFile],
    left_out: impl Iterator<Item = (&'a str, [&'a str; 2])>,
    sections: &HashSet<&str>,
) -> HashSet<String> {
    let mut folders: HashSet<&str> = HashSet::new();
    let names = Names::new(assets);
    let mut named = HashSet::new();
    for (content_path, texts) in left_out {
        let folder = parent(content_path);
        folders.insert(folder);
        if content_path.ends_with("_index.md") && !folder.is_empty() {
            // A left-out section is a page of the section above it.
            folders.insert(parent(folder));
        }
        for text in texts {
            for variant in crate::gate::barrier::decode::variants(text) {
                names.find_in(&variant, &mut named);
            }
        }
    }
    if folders.is_empty() {
        return HashSet::new();
    }
    assets
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let folder = parent(&a.content_path);
            named.contains(i)
                || folders.contains(folder)
                || folders.contains(section_of(folder, sections))
        })
        .map(|(_, a)| a.content_path.clone())
        .collect()
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The nearest section folder enclosing `folder` (itself, if it is one).
fn section_of<'a>(mut folder: &'a str, sections: &HashSet<&str>) -> &'a str {
    while !folder.is_empty() && !sections.contains(folder) {
        folder = parent(folder);
    }
    folder
}

/// The files' names (NFC) → the files of that name, by index.
struct Names {
    by_name: HashMap<String, Vec<usize>>,
    /// The folders' names (NFC) → the files under a folder of that name, by index.
    by_folder: HashMap<String, Vec<usize>>,
    /// The longest name, in characters.
    longest: usize,
}

impl Names {
    fn new(assets: &[SourceFile]) -> Names {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_folder: HashMap<String, Vec<usize>> = HashMap::new();
        let mut longest = 0;
        for (i, a) in assets.iter().enumerate() {
            let mut segments = a.content_path.rsplit('/');
            let name = nfc(segments.next().unwrap_or(""));
            longest = longest.max(name.chars().count());
            by_name.entry(name.into_owned()).or_default().push(i);
            for folder in segments {
                by_folder
                    .entry(nfc(folder).into_owned())
                    .or_default()
                    .push(i);
            }
        }
        Names {
            by_name,
            by_folder,
            longest,
        }
    }

    /// Adds to `found` the files whose name `text` holds, decoded and normalised. A name
    /// with an extension is found wherever it ends (`…は図.pngを参照`); one without, as the
    /// last segment of a URL-like piece of the text.
    fn find_in(&self, text: &str, found: &mut HashSet<usize>) {
        if self.by_name.is_empty() {
            return;
        }
        let decoded = percent_decode_lossy(text);
        let text = nfc(&decoded);
        let mut add = |name: &str| {
            if let Some(files) = self.by_name.get(name) {
                found.extend(files.iter().copied());
            }
        };
        for (dot, _) in text.match_indices('.') {
            let ext = text[dot + 1..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(text.len() - dot - 1);
            if ext == 0 {
                continue;
            }
            let end = dot + 1 + ext;
            for (start, _) in text[..dot].char_indices().rev().take(self.longest) {
                add(&text[start..end]);
            }
        }
        let mut folders = Vec::new();
        for piece in text.split(|c: char| c.is_whitespace() || "()[]<>{}\"'`|,=".contains(c)) {
            let piece = piece.split(['?', '#']).next().unwrap_or("");
            add(piece.rsplit('/').next().unwrap_or(""));
            // A link to a folder reaches the files under it.
            if piece.contains('/')
                && let Some(folder) = piece.split('/').rfind(|f| !matches!(*f, "" | "." | ".."))
            {
                folders.push(folder);
            }
        }
        for folder in folders {
            if let Some(files) = self.by_folder.get(folder) {
                found.extend(files.iter().copied());
            }
        }
    }
}

/// `text` in NFC (borrowed when it already is).
fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// `%XX` escapes (either case) decoded; bytes that do not make UTF-8 become U+FFFD, which no
/// file name holds.
fn percent_decode_lossy(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = crate::text::escape::percent_decode_bytes(text);
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::load::source::SourceKind;

    fn asset(content_path: &str) -> SourceFile {
        SourceFile {
            abs: PathBuf::from(content_path),
            rel: PathBuf::from(content_path),
            content_path: content_path.to_owned(),
            kind: SourceKind::Asset,
            text: None,
            modified: None,
        }
    }

    fn named(assets: &[&str], text: &str) -> Vec<usize> {
        let assets: Vec<SourceFile> = assets.iter().map(|a| asset(a)).collect();
        let mut found = HashSet::new();
        Names::new(&assets).find_in(text, &mut found);
        let mut found: Vec<usize> = found.into_iter().collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn names_are_found_encoded_in_either_case_and_either_normal_form() {
        let files = [
            "a/図.png",
            "b/ガイド.pdf",
            "c/a.tar.gz",
            "d/LICENSE",
            "e/other.png",
        ];
        assert_eq!(named(&files, "画像は%e5%9b%b3.pngを参照"), vec![0]);
        assert_eq!(
            named(&files, "[g](../b/%E3%82%AC%E3%82%A4%E3%83%89.pdf)"),
            vec![1]
        );
        // NFD in the text, NFC on disk (and the other way round below).
        assert_eq!(named(&files, "カ\u{3099}イド.pdf"), vec![1]);
        assert_eq!(named(&["b/カ\u{3099}イド.pdf"], "ガイド.pdf"), vec![0]);
        assert_eq!(named(&files, "image: a.tar.gz"), vec![2]);
        assert_eq!(named(&files, "[l](../d/LICENSE?x)"), vec![3]);
        assert!(named(&files, "図.jpg と guide.pdf と %FF").is_empty());
    }
}
