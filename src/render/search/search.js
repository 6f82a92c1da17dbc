// office-site search: the browser half of src/search.rs (written to search-index/search.js).
//
// It normalises and tokenises a query with exactly the rules the index was built with
// (src/search/tokens.rs: NFKC and lower case per cluster; Japanese runs as character pairs,
// other letters and digits as words), downloads only the index shards its tokens live in,
// ranks the pages that hold every token (BM25 over weighted tokens, titles counting most),
// then confirms each hit against the page's text, so that a query must occur in the page as
// typed (space-separated words may occur apart), and cuts an excerpt around it. One index
// serves every language of the site: a search in a language lists its pages first, then the
// others, each result with its language.
//
//   import { search } from ".../search-index/search.js";
//   const session = await search("再生医療", { section: 2, lang: "ja" });
//   const page = await session.next(10);
//   // [{ url, title, section, date, dateText, lang, langName, excerpt }]
//
// No dependencies, no build step; works in any browser with ES modules and in Node 18+.

const FORMAT = 2;
const BASE = new URL("./", import.meta.url);

const JAPANESE = 1;
const WORD = 2;
const SEPARATOR = 0;
const WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;
const MAX_WORD_BYTES = 48;
const K1 = 1.2;
const B = 0.75;

/** The class of a normalised code point (src/search/tokens.rs `class`). */
export function classOf(cp) {
  if (
    (cp >= 0x3005 && cp <= 0x3007) ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x309d && cp <= 0x309f) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    (cp >= 0x30fc && cp <= 0x30ff) ||
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  ) {
    return JAPANESE;
  }
  return WORD_CHAR.test(String.fromCodePoint(cp)) ? WORD : SEPARATOR;
}

function isMark(cp) {
  return (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0x3099 ||
    cp === 0x309a ||
    cp === 0xff9e ||
    cp === 0xff9f
  );
}

/**
 * NFKC and lower case, cluster by cluster (src/search/tokens.rs `normalise`). With `withMap`,
 * also returns, for each UTF-16 unit of the result, where its cluster starts in `text`.
 */
export function normalise(text, withMap = false) {
  let out = "";
  const map = withMap ? [] : null;
  let i = 0;
  while (i < text.length) {
    const start = i;
    const cp = text.codePointAt(i);
    i += cp > 0xffff ? 2 : 1;
    while (i < text.length) {
      const m = text.codePointAt(i);
      if (!isMark(m)) break;
      i += m > 0xffff ? 2 : 1;
    }
    const n = text.slice(start, i).normalize("NFKC").toLowerCase();
    out += n;
    if (map) for (let k = 0; k < n.length; k++) map.push(start);
  }
  if (!map) return out;
  map.push(text.length);
  return { text: out, map };
}

const encoder = new TextEncoder();

/** A word cut to the index's longest word (48 bytes of UTF-8, on a character boundary). */
function cutWord(word) {
  if (encoder.encode(word).length <= MAX_WORD_BYTES) return word;
  let out = "";
  let bytes = 0;
  for (const ch of word) {
    const n = encoder.encode(ch).length;
    if (bytes + n > MAX_WORD_BYTES) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** Every token of a normalised string, as the index spells them (tokens.rs `tokenise`). */
export function tokenise(norm) {
  const out = [];
  let previous = null;
  let word = null;
  for (const ch of norm) {
    const c = classOf(ch.codePointAt(0));
    if (c === JAPANESE) {
      if (word !== null) out.push(cutWord(word));
      word = null;
      if (previous !== null) out.push(previous + ch);
      previous = ch;
      continue;
    }
    if (previous !== null) out.push(previous);
    previous = null;
    if (c === WORD) {
      word = (word ?? "") + ch;
    } else if (word !== null) {
      out.push(cutWord(word));
      word = null;
    }
  }
  if (previous !== null) out.push(previous);
  if (word !== null) out.push(cutWord(word));
  return out;
}

/**
 * A query as terms (split at spaces), each with the token groups a page must hold: an exact
 * token, or a prefix (a one-character Japanese piece, or a word the visitor may still be
 * typing) that any token starting with it satisfies.
 */
export function parseQuery(query) {
  const terms = [];
  for (const text of normalise(query).split(/\s+/u)) {
    const pieces = [];
    let kind = SEPARATOR;
    let piece = "";
    const flush = (endedBySeparator) => {
      if (piece) pieces.push({ kind, text: piece, endedBySeparator });
      piece = "";
    };
    for (const ch of text) {
      const c = classOf(ch.codePointAt(0));
      if (c !== kind) flush(c === SEPARATOR);
      kind = c;
      if (c !== SEPARATOR) piece += ch;
    }
    flush(false);
    const groups = [];
    pieces.forEach((p, n) => {
      if (p.kind === JAPANESE) {
        const chars = [...p.text];
        if (chars.length === 1) groups.push({ prefix: chars[0] });
        for (let k = 0; k + 1 < chars.length; k++) groups.push({ exact: chars[k] + chars[k + 1] });
      } else {
        const w = cutWord(p.text);
        const last = n === pieces.length - 1 && !p.endedBySeparator;
        groups.push(last ? { prefix: w } : { exact: w });
      }
    });
    if (groups.length) terms.push({ text, groups });
  }
  return terms;
}

function shardOf(cp, shards) {
  return (Math.imul(cp, 0x9e3779b1) >>> 16) % shards;
}

async function fetchOk(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`search: ${url} answered ${response.status}`);
  return as === "json" ? response.json() : response.arrayBuffer();
}

let metaPromise = null;
const shardPromises = new Map();
const textPromises = new Map();

/** The index's page list and settings (fetched once). */
export function meta() {
  if (!metaPromise) {
    metaPromise = fetchOk(new URL("meta.json", BASE), "json").then((m) => {
      if (m.format !== FORMAT) throw new Error(`search: index format ${m.format}, expected ${FORMAT}`);
      return m;
    });
  }
  return metaPromise;
}

/** The sections a search can be limited to: [{ id, title, url, lang }], those of `lang` if given. */
export async function sections(lang = null) {
  const m = await meta();
  return m.sections
    .map(([title, url, l], id) => ({ id, title, url, lang: m.languages[l][0] }))
    .filter((s) => lang === null || s.lang === lang);
}

/** The site's languages: [{ code, name }], the default first. */
export async function languages() {
  const m = await meta();
  return m.languages.map(([code, name]) => ({ code, name }));
}

/** A reader of the variable-length integers of `bytes` from `at` (src/search/index.rs). */
function varints(bytes, at) {
  const r = {
    at,
    next() {
      let n = 0;
      let scale = 1;
      let x;
      do {
        x = bytes[r.at++];
        n += (x & 0x7f) * scale;
        scale *= 128;
      } while (x & 0x80);
      return n;
    },
  };
  return r;
}

function parseShard(buffer) {
  const b = new Uint8Array(buffer);
  if (String.fromCharCode(b[0], b[1], b[2], b[3]) !== "OSS1") throw new Error("search: bad shard");
  const r = varints(b, 4);
  const read = () => r.next();
  const decoder = new TextDecoder();
  const count = read();
  const heads = [];
  for (let i = 0; i < count; i++) {
    const len = read();
    const key = decoder.decode(b.subarray(r.at, r.at + len));
    r.at += len;
    heads.push([key, read(), read()]);
  }
  let at = r.at;
  const tokens = new Map();
  for (const [key, df, bytes] of heads) {
    tokens.set(key, { df, start: at, end: at + bytes, bytes: b });
    at += bytes;
  }
  return tokens;
}

function shard(n) {
  if (!shardPromises.has(n)) {
    const name = n.toString(16).padStart(2, "0");
    shardPromises.set(n, fetchOk(new URL(`index/${name}.bin`, BASE)).then(parseShard));
  }
  return shardPromises.get(n);
}

/** A token's postings: Map page id → weight. */
function postings(entry) {
  const out = new Map();
  const r = varints(entry.bytes, entry.start);
  const read = () => r.next();
  let doc = 0;
  for (let i = 0; i < entry.df; i++) {
    const d = read();
    doc = i === 0 ? d : doc + d;
    out.set(doc, read());
  }
  return out;
}

/** The tokens of a group, with their postings: [{ df, postings }]. */
async function groupTokens(group, shards) {
  const key = group.exact ?? group.prefix;
  const tokens = await shard(shardOf(key.codePointAt(0), shards));
  if (group.exact !== undefined) {
    const entry = tokens.get(group.exact);
    return entry ? [{ df: entry.df, postings: postings(entry) }] : [];
  }
  const out = [];
  for (const [k, entry] of tokens) {
    if (k.startsWith(group.prefix)) out.push({ df: entry.df, postings: postings(entry) });
  }
  return out;
}

function bm25(weight, df, length, m) {
  const n = m.pages.length;
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const norm = K1 * (1 - B + (B * length) / (m.average || 1));
  return (idf * weight * (K1 + 1)) / (weight + norm);
}

/** Page id → score, for the pages that hold a token of every group of every term. */
async function candidates(terms, m) {
  let scores = null;
  for (const term of terms) {
    for (const group of term.groups) {
      const tokens = await groupTokens(group, m.shards);
      const best = new Map();
      for (const t of tokens) {
        for (const [doc, w] of t.postings) {
          if (scores && !scores.has(doc)) continue;
          const s = bm25(w, t.df, m.lengths[doc], m);
          if (!(best.get(doc) >= s)) best.set(doc, s);
        }
      }
      if (scores) for (const [doc, s] of best) best.set(doc, s + scores.get(doc));
      scores = best;
      if (!scores.size) return scores;
    }
  }
  return scores ?? new Map();
}

function chunkOf(doc, chunks) {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid] <= doc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

async function pageText(doc, m) {
  const c = chunkOf(doc, m.chunks);
  if (!textPromises.has(c)) textPromises.set(c, fetchOk(new URL(`text/${c}.json`, BASE), "json"));
  return (await textPromises.get(c))[doc - m.chunks[c]];
}

/** Where each term occurs in a normalised text: [[start, end], ...] in order. */
function occurrences(norm, terms) {
  const found = [];
  for (const t of terms) {
    for (let at = norm.indexOf(t.text); at >= 0; at = norm.indexOf(t.text, at + 1)) {
      found.push([at, at + t.text.length]);
    }
  }
  return found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/** An excerpt of `text` around the first occurrence of a term: [{ text, mark }]. */
function excerpt(text, terms, before = 30, length = 120) {
  const { text: norm, map } = normalise(text, true);
  const found = occurrences(norm, terms);
  const first = found.length ? map[found[0][0]] : 0;
  const start = Math.max(0, first - before);
  const end = Math.min(text.length, start + length);
  const parts = [];
  let at = start;
  if (start > 0) parts.push({ text: "…", mark: false });
  for (const [s, e] of found) {
    const from = map[s];
    const to = map[e];
    if (from < at || to > end) continue;
    if (from > at) parts.push({ text: text.slice(at, from), mark: false });
    parts.push({ text: text.slice(from, to), mark: true });
    at = to;
  }
  if (end > at) parts.push({ text: text.slice(at, end), mark: false });
  if (end < text.length) parts.push({ text: "…", mark: false });
  return parts;
}

/**
 * How much a title adds: a page whose title holds every term counts double, and more the more
 * of its title the terms cover (a page titled with just the query comes first).
 */
function titleFactor(title, terms) {
  let covered = 0;
  let all = true;
  for (const t of terms) {
    if (title.includes(t.text)) covered += t.text.length;
    else all = false;
  }
  return 1 + (all ? 1 : 0) + (2 * Math.min(covered, title.length)) / Math.max(title.length, 1);
}

/** The result for a ranked page if its text holds every term as typed, else null. */
function confirm(ranked, text, terms, m) {
  const [url, title, sectionId, date, dateText, langId] = m.pages[ranked.doc];
  const haystack = `${normalise(title)}\n${normalise(text)}`;
  if (!terms.every((t) => haystack.includes(t.text))) return null;
  const section = sectionId >= 0 ? m.sections[sectionId][0] : null;
  const body = text.replace(/^\n/, "");
  const [lang, langName] = m.languages[langId];
  return { url, title, section, date, dateText, lang, langName, score: ranked.score, excerpt: excerpt(body, terms) };
}

/**
 * Starts a search. Resolves to a session: `next(n)` gives the next `n` confirmed results,
 * best first (the pages in `lang` first, when it is given); `done` tells whether every
 * candidate has been confirmed or dropped, and `found` how many were confirmed so far (the
 * exact count once `done`).
 */
export async function search(query, { section = null, lang = null } = {}) {
  const m = await meta();
  const terms = parseQuery(query);
  const scored = terms.length ? await candidates(terms, m) : new Map();
  const wanted = m.languages.findIndex(([code]) => code === lang);
  const ranked = [];
  for (const [doc, score] of scored) {
    const page = m.pages[doc];
    if (section !== null && section !== "" && page[2] !== Number(section)) continue;
    const own = wanted < 0 || page[5] === wanted ? 0 : 1;
    ranked.push({ doc, own, score: score * titleFactor(normalise(page[1]), terms) });
  }
  ranked.sort((a, b) => a.own - b.own || b.score - a.score || a.doc - b.doc);
  let position = 0;
  const confirmed = [];
  const session = {
    terms,
    candidates: ranked.length,
    found: 0,
    done: ranked.length === 0,
    async next(n = 10) {
      while (confirmed.length < n && position < ranked.length) {
        const batch = ranked.slice(position, position + Math.max(n - confirmed.length, 4));
        position += batch.length;
        const texts = await Promise.all(batch.map((r) => pageText(r.doc, m)));
        batch.forEach((r, k) => {
          const hit = confirm(r, texts[k], terms, m);
          if (hit) confirmed.push(hit);
        });
      }
      const out = confirmed.splice(0, n);
      session.found += out.length;
      session.done = position >= ranked.length && confirmed.length === 0;
      return out;
    },
  };
  return session;
}
