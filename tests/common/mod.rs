//! A small harness for fixture sites: copy a fixture (or start empty) into a temporary folder,
//! change files, build through the library or the real binary, and read what was written.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use office_site::BuildOptions;
use office_site::Diagnostic;
use office_site::summary::BuildSummary;

/// A site in a temporary folder.
pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// The modification time every copied fixture file gets: 2011-01-07 00:00 in Japan. Outside
/// git an undated page's 最終更新日 is its file's time, and a copy's time would otherwise be
/// the moment the test ran.
pub const FIXTURE_TIME: u64 = 1_294_326_000;

/// Sets a file's modification time to `unix_secs`.
pub fn set_file_time(path: &Path, unix_secs: u64) {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix_secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            set_file_time(&target, FIXTURE_TIME);
        }
    }
}

impl Site {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &root,
        );
        Site { _dir: dir, root }
    }

    /// A minimal site: site.yaml and a home page.
    pub fn minimal() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let site = Site { _dir: dir, root };
        site.write(
            "site.yaml",
            "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\n",
        )
        .write("content/_index.md", "---\ntitle: ホーム\n---\nようこそ。\n");
        site
    }

    /// Writes a file under the site root (creating folders).
    pub fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes under the site root.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Removes a file under the site root.
    pub fn remove(&self, rel: &str) -> &Site {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    pub fn output(&self) -> PathBuf {
        self.root.join("output")
    }

    /// Builds with the library.
    pub fn build(&self) -> Result<BuildSummary, Vec<Diagnostic>> {
        self.build_with(|_| {})
    }

    /// Builds with the library after changing the options.
    pub fn build_with(
        &self,
        f: impl FnOnce(&mut BuildOptions),
    ) -> Result<BuildSummary, Vec<Diagnostic>> {
        let mut options = BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        };
        f(&mut options);
        office_site::build(&options).map_err(|d| d.sorted())
    }

    /// Builds and expects success.
    pub fn build_ok(&self) -> BuildSummary {
        match self.build() {
            Ok(s) => s,
            Err(errors) => panic!(
                "build failed:\n{}",
                errors
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// Builds and expects failure; returns every diagnostic as printed.
    pub fn build_err(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(errors) => errors.iter().map(|d| d.to_string()).collect(),
        }
    }

    /// Runs the real binary in the site root.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_office-site"))
            .args(["--lang", "en"])
            .args(args)
            .current_dir(&self.root)
            .output()
            .unwrap()
    }

    /// Reads a file of the site (not of its output).
    pub fn read_source(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Reads an output file.
    pub fn read(&self, rel: &str) -> String {
        let path = self.output().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The `<main>` element of an output page.
    pub fn main(&self, rel: &str) -> String {
        main_region(&self.read(rel))
    }

    /// Every file under the output folder, relative, sorted.
    pub fn output_files(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(self.output()) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                out.push(
                    e.path()
                        .strip_prefix(self.output())
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
        out.sort();
        out
    }
}

/// The `<main>…</main>` part of a page, blank lines removed, for snapshots.
/// The part of `html` from the first `start` to the first `end` after it (inclusive); panics,
/// naming `start`, when either is missing.
pub fn region<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the page"));
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"));
    &html[from..from + to + end.len()]
}

pub fn main_region(html: &str) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    html[start..end]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The slugs of the pages of one section of a site (`content/<section>/*.md`, `_index.md` and
/// translations such as `pharma.en.md` left out), sorted. Tests of this repository's site read its teams and issues this way, so a
/// seventh team page is checked with no change to them.
pub fn section_slugs(root: &Path, section: &str) -> Vec<String> {
    let dir = root.join("content").join(section);
    let mut slugs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|s| s != "_index" && !s.contains('.'))
        .collect();
    slugs.sort();
    slugs
}

/// The `<aside class="summary-box" …>…</aside>` boxes of a page (where team and issue pages
/// show their relations), concatenated; empty if the page has none.
pub fn summary_boxes(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<aside class=\"summary-box\"") {
        let end = rest[start..]
            .find("</aside>")
            .map(|e| start + e + "</aside>".len())
            .expect("a summary box is closed");
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Asserts that some diagnostic contains every fragment.
#[track_caller]
pub fn assert_error(errors: &[String], fragments: &[&str]) {
    assert!(
        errors
            .iter()
            .any(|e| fragments.iter().all(|f| e.contains(f))),
        "no error contains {fragments:?}; errors:\n{}",
        errors.join("\n")
    );
}

/// An HTTP response, headers lowercased.
pub struct HttpResponse {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// A minimal HTTP/1.0 GET on 127.0.0.1 (the path is sent as is, unnormalised).
pub fn http_get(port: u16, path: &str) -> HttpResponse {
    http_request(port, "GET", path)
}

/// A minimal HTTP/1.0 request with any method.
pub fn http_request(port: u16, method: &str, path: &str) -> HttpResponse {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.0\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    HttpResponse {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

impl Site {
    /// A copy of this repository's own site (site.yaml and content/).
    pub fn repository() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &root.join("content"));
        std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
        Site { _dir: dir, root }
    }
}

#[cfg(feature = "search")]
/// Every token of every shard of a built site → the URLs of the pages that hold it.
pub fn index_of(site: &Site) -> std::collections::BTreeMap<String, Vec<String>> {
    index_in(&site.output())
}

#[cfg(feature = "search")]
/// The same for an output folder anywhere.
pub fn index_in(output: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let meta = std::fs::read_to_string(output.join("search-index/meta.json")).unwrap();
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    let urls: Vec<String> = meta["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap().to_owned())
        .collect();
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(output.join("search-index/index")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for (token, postings) in office_site::testing::read_shard(&bytes).unwrap() {
            let pages = postings.iter().map(|&(d, _)| urls[d as usize].clone());
            out.insert(token, pages.collect());
        }
    }
    out
}

#[cfg(feature = "search")]
/// The pages that hold every token of `query`.
pub fn pages_with(
    index: &std::collections::BTreeMap<String, Vec<String>>,
    query: &str,
) -> Vec<String> {
    let mut found: Option<Vec<String>> = None;
    let tokens = office_site::testing::tokens(query);
    // As search.js asks: a run of two or more Japanese characters by its pairs only (the last
    // character alone is a token only where a run ends in the page).
    let asked = tokens
        .iter()
        .filter(|t| tokens.len() == 1 || t.is_ascii() || t.chars().count() > 1);
    for t in asked {
        let pages = index.get(t).cloned().unwrap_or_default();
        found = Some(match found {
            None => pages,
            Some(f) => f.into_iter().filter(|p| pages.contains(p)).collect(),
        });
    }
    found.unwrap_or_default()
}

/// The answer to a request sent as raw bytes.
pub struct RawResponse {
    /// The status; 0 when the answer was not `HTTP/1.x NNN …`.
    pub status: u16,
    /// The status line and headers, as sent.
    pub head: String,
    pub body: Vec<u8>,
}

/// Sends `request` as it is (any bytes, any length) to 127.0.0.1:`port` and reads the whole
/// answer. Write errors are ignored: a server may answer and close before reading it all.
pub fn raw_request(port: u16, request: &[u8]) -> RawResponse {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |p| p + 4);
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .strip_prefix("HTTP/1.")
        .filter(|rest| {
            rest.as_bytes().get(1) == Some(&b' ') && rest.as_bytes().get(5) == Some(&b' ')
        })
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse::<u16>().ok())
        .filter(|code| (100..=599).contains(code))
        .unwrap_or(0);
    RawResponse {
        status,
        head,
        body: raw[end..].to_vec(),
    }
}

/// What is at one path of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Everything under `dir`, links not followed.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Entry> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Dir
            } else {
                Entry::File(std::fs::read(e.path()).unwrap())
            };
            (rel, entry)
        })
        .collect()
}

/// Every file under an output folder with its bytes: what a web server would publish.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(dir)
        .into_iter()
        .filter_map(|(rel, e)| match e {
            Entry::File(bytes) => Some((rel, bytes)),
            _ => None,
        })
        .collect()
}

/// A real 1×1 PNG: the gate opens every published image, and refuses bytes that are not one.
#[allow(dead_code)] // not every test crate uses every helper
pub fn png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x64,
        0x60, 0xF8, 0x5F, 0x0F, 0x00, 0x02, 0x87, 0x01, 0x80, 0xEB, 0x47, 0xBA, 0x92, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

/// A real one-page PDF showing `text` (ASCII) in Helvetica, with a title and a language: the
/// gate opens every published PDF, and refuses bytes that are not one.
#[allow(dead_code)] // not every test crate uses every helper
pub fn pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R /Lang (ja) >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Title ({text}) >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}
