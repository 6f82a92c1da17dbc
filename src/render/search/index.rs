//! The inverted index: for every token, the pages that hold it and how strongly, split into
//! shard files by the token's first character.
//!
//! Pages are tokenised in parallel, in contiguous runs of page ids, each run into its own
//! map; the runs are then joined in order, so every posting list comes out sorted by page id
//! without a sort. Posting lists are kept encoded (variable-length integers, page ids as
//! differences) from the start: on a large site they are most of the index's memory.
//!
//! A shard file is `OSS1`, then the token count, then for each token (in byte order) its
//! UTF-8 length and bytes, its page count and the byte length of its postings, then all the
//! postings. A posting is the page id (the difference from the previous one) and the token's
//! weight on that page: 10 for each time it is in the title, 3 in a heading, 2 in the
//! description, 1 in the body.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::tokens::{self, Token};
use crate::text::body::BodyText;

/// Weight of a token in the title, a heading, the description, the body.
const TITLE: u32 = 10;
const HEADING: u32 = 3;
const DESCRIPTION: u32 = 2;
const BODY: u32 = 1;

/// What is indexed of one page.
#[derive(Debug)]
pub(crate) struct DocText<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) body: &'a BodyText,
}

/// A small, fast hasher for maps keyed by short strings and characters (the std SipHash is
/// built to resist hash flooding, which a site's own text cannot mount).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fx = BuildHasherDefault<FxHasher>;

/// A shard file decoded: token → [(page id, weight)], in file order.
pub(crate) type Decoded = Vec<(String, Vec<(u32, u32)>)>;

/// One token's postings, encoded.
#[derive(Debug, Default)]
struct Postings {
    count: u32,
    last: u32,
    bytes: Vec<u8>,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u32) {
        let delta = if self.count == 0 {
            doc
        } else {
            doc - self.last
        };
        put_varint(&mut self.bytes, delta);
        put_varint(&mut self.bytes, weight);
        self.count += 1;
        self.last = doc;
    }

    /// Appends `later`, whose pages all come after this one's.
    fn append(&mut self, later: Postings) {
        if self.count == 0 {
            *self = later;
            return;
        }
        // `later` starts with an absolute page id: rewrite it as a difference.
        let (first, used) = get_varint(&later.bytes);
        put_varint(&mut self.bytes, first - self.last);
        self.bytes.extend_from_slice(&later.bytes[used..]);
        self.count += later.count;
        self.last = later.last;
    }
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(crate) fn get_varint(bytes: &[u8]) -> (u32, usize) {
    let mut n = 0u32;
    for (i, b) in bytes.iter().enumerate() {
        n |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return (n, i + 1);
        }
    }
    (n, bytes.len())
}

/// A token as a map key: Japanese tokens as a number (no string to hash or allocate), words
/// as themselves.
#[derive(Debug, Clone, Copy)]
enum Key<'a> {
    /// A pair (first char in the high half) or a last character (low half 0: NUL is never
    /// Japanese).
    Japanese(u64),
    /// A word.
    Word(&'a str),
}

fn key_of(t: Token<'_>) -> Key<'_> {
    match t {
        Token::Pair(a, b) => Key::Japanese(u64::from(a as u32) << 32 | u64::from(b as u32)),
        Token::Last(a) => Key::Japanese(u64::from(a as u32) << 32),
        Token::Word(w) => Key::Word(w),
    }
}

/// The Japanese token a [`Key::Japanese`] number stands for.
fn japanese_token(n: u64) -> Token<'static> {
    let first = char::from_u32((n >> 32) as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
    match char::from_u32(n as u32) {
        Some('\0') | None => Token::Last(first),
        Some(second) => Token::Pair(first, second),
    }
}

/// The token weights of one page, and its length in tokens.
#[derive(Default)]
struct Weights<'a> {
    japanese: HashMap<u64, u32, Fx>,
    words: HashMap<&'a str, u32, Fx>,
    length: u32,
}

impl<'a> Weights<'a> {
    fn add(&mut self, normalised: &'a str, weight: u32) {
        tokens::tokenise(normalised, |t| {
            self.length += 1;
            let w = match key_of(t) {
                Key::Japanese(n) => self.japanese.entry(n).or_insert(0),
                Key::Word(s) => self.words.entry(s).or_insert(0),
            };
            *w = w.saturating_add(weight);
        });
    }
}

/// The normalised parts of a page, each with its weight.
fn normalised_parts(doc: &DocText<'_>) -> Vec<(String, u32)> {
    let mut parts = vec![(tokens::normalise(doc.title), TITLE)];
    if let Some(d) = doc.description {
        parts.push((tokens::normalise(d), DESCRIPTION));
    }
    let text = &doc.body.text;
    let mut at = 0;
    for &(start, end) in &doc.body.headings {
        parts.push((tokens::normalise(&text[at..start]), BODY));
        parts.push((tokens::normalise(&text[start..end]), HEADING));
        at = end;
    }
    parts.push((tokens::normalise(&text[at..]), BODY));
    parts
}

/// The postings of a run of consecutive pages, or of every page so far.
#[derive(Debug, Default)]
pub(crate) struct Run {
    japanese: HashMap<u64, Postings, Fx>,
    words: HashMap<Box<str>, Postings, Fx>,
    lengths: Vec<u32>,
}

/// Indexes `docs`, whose page ids start at `first`.
pub(crate) fn run(docs: &[DocText<'_>], first: u32) -> Run {
    let mut out = Run::default();
    for (k, doc) in docs.iter().enumerate() {
        let id = first + k as u32;
        let parts = normalised_parts(doc);
        let mut w = Weights::default();
        for (text, weight) in &parts {
            w.add(text, *weight);
        }
        out.lengths.push(w.length);
        for (key, weight) in w.japanese {
            out.japanese.entry(key).or_default().push(id, weight);
        }
        for (key, weight) in w.words {
            match out.words.get_mut(key) {
                Some(p) => p.push(id, weight),
                None => {
                    let mut p = Postings::default();
                    p.push(id, weight);
                    out.words.insert(key.into(), p);
                }
            }
        }
    }
    out
}

impl Run {
    /// Appends `later`, whose pages all come after this one's.
    pub(crate) fn append(&mut self, later: Run) {
        for (key, p) in later.japanese {
            self.japanese.entry(key).or_default().append(p);
        }
        for (key, p) in later.words {
            match self.words.get_mut(&key) {
                Some(existing) => existing.append(p),
                None => {
                    self.words.insert(key, p);
                }
            }
        }
        self.lengths.extend(later.lengths);
    }

    /// Each page's length in tokens, by page id.
    pub(crate) fn lengths(&self) -> &[u32] {
        &self.lengths
    }

    /// The shard files.
    pub(crate) fn into_shards(self, shards: u32) -> Vec<Vec<u8>> {
        let entries = self
            .japanese
            .into_iter()
            .map(|(k, p)| (japanese_token(k).spelling(), p))
            .chain(self.words.into_iter().map(|(k, p)| (k.into_string(), p)));
        encode(entries, shards)
    }
}

/// Indexes `docs` (page id = position) into `shards` files, in parallel; returns the shards
/// and each page's length.
#[cfg(test)]
fn build(docs: &[DocText<'_>], shards: u32) -> (Vec<Vec<u8>>, Vec<u32>) {
    const RUN: usize = 128;
    let runs: Vec<Run> = docs
        .par_chunks(RUN)
        .enumerate()
        .map(|(r, chunk)| run(chunk, (r * RUN) as u32))
        .collect();
    let mut all = Run::default();
    for r in runs {
        all.append(r);
    }
    let lengths = all.lengths.clone();
    (all.into_shards(shards), lengths)
}

/// Writes the shard files, tokens in byte order (so two builds give the same bytes).
fn encode(all: impl Iterator<Item = (String, Postings)>, shards: u32) -> Vec<Vec<u8>> {
    let mut by_shard: Vec<Vec<(String, Postings)>> = (0..shards).map(|_| Vec::new()).collect();
    for (key, p) in all {
        let first = key.chars().next().unwrap_or(' ');
        by_shard[tokens::shard_of(first, shards) as usize].push((key, p));
    }
    by_shard
        .into_par_iter()
        .map(|mut entries| {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut head = b"OSS1".to_vec();
            put_varint(&mut head, entries.len() as u32);
            let mut body = Vec::new();
            for (key, p) in entries {
                put_varint(&mut head, key.len() as u32);
                head.extend_from_slice(key.as_bytes());
                put_varint(&mut head, p.count);
                put_varint(&mut head, p.bytes.len() as u32);
                body.extend_from_slice(&p.bytes);
            }
            head.extend_from_slice(&body);
            head
        })
        .collect()
}

/// Decodes a shard file back into token → [(page id, weight)], in file order.
pub(crate) fn decode(file: &[u8]) -> Result<Decoded, String> {
    if file.get(..4) != Some(b"OSS1".as_slice()) {
        return Err("not a shard file (no OSS1 header)".into());
    }
    let mut at = 4;
    let next = |at: &mut usize| -> Result<u32, String> {
        let rest = file
            .get(*at..)
            .filter(|r| !r.is_empty())
            .ok_or("truncated shard")?;
        let (n, used) = get_varint(rest);
        *at += used;
        Ok(n)
    };
    let count = next(&mut at)?;
    let mut heads = Vec::new();
    for _ in 0..count {
        let len = next(&mut at)? as usize;
        let key = file
            .get(at..at + len)
            .and_then(|k| std::str::from_utf8(k).ok())
            .ok_or("bad token")?
            .to_owned();
        at += len;
        let df = next(&mut at)?;
        let bytes = next(&mut at)? as usize;
        heads.push((key, df, bytes));
    }
    let mut out = Vec::with_capacity(heads.len());
    for (key, df, bytes) in heads {
        let end = at + bytes;
        let mut doc = 0;
        let mut list = Vec::with_capacity(df as usize);
        for i in 0..df {
            let d = next(&mut at)?;
            doc = if i == 0 { d } else { doc + d };
            list.push((doc, next(&mut at)?));
        }
        if at != end {
            return Err(format!(
                "postings of `{key}` do not end where the header says"
            ));
        }
        out.push((key, list));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> BodyText {
        BodyText {
            text: text.to_owned(),
            headings: Vec::new(),
        }
    }

    #[test]
    fn varints_round_trip() {
        for n in [0, 1, 127, 128, 300, 65_535, u32::MAX] {
            let mut v = Vec::new();
            put_varint(&mut v, n);
            assert_eq!(get_varint(&v), (n, v.len()));
        }
    }

    #[test]
    fn postings_are_sorted_and_weighted_across_runs() {
        let bodies: Vec<BodyText> = (0..300)
            .map(|i| {
                body(if i % 100 == 7 {
                    "再生医療 再生"
                } else {
                    "ほか"
                })
            })
            .collect();
        let docs: Vec<DocText<'_>> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| DocText {
                title: if i == 207 { "再生" } else { "題" },
                description: None,
                body: b,
            })
            .collect();
        let (shards, lengths) = build(&docs, 1);
        let tokens = decode(&shards[0]).unwrap();
        let pair = tokens.iter().find(|(k, _)| k == "再生").unwrap();
        assert_eq!(pair.1, vec![(7, 2), (107, 2), (207, 2 + TITLE)]);
        assert_eq!(lengths.len(), 300);
        assert_eq!(lengths[7], 1 + 6);
    }

    #[test]
    fn tokens_land_in_the_shard_of_their_first_character() {
        let b = body("医療 あいう ips abc");
        let docs = [DocText {
            title: "",
            description: Some("説明"),
            body: &b,
        }];
        let (shards, _) = build(&docs, 8);
        for (s, file) in shards.iter().enumerate() {
            for (key, _) in decode(file).unwrap() {
                let first = key.chars().next().unwrap();
                assert_eq!(tokens::shard_of(first, 8) as usize, s, "{key}");
            }
        }
    }

    #[test]
    fn the_same_pages_give_the_same_bytes() {
        let b = body("医療機器の開発と iPS細胞 と 医療");
        let docs = [DocText {
            title: "医療機器",
            description: None,
            body: &b,
        }];
        assert_eq!(build(&docs, 4).0, build(&docs, 4).0);
    }
}
