// The link crawl: from the home page, every same-origin reference (links, stylesheets, icons,
// feeds, images, scripts, srcset, url() in CSS, meta refresh targets, GET form actions) is
// fetched and must answer 200; every #fragment must name an id on its target page; every HTML
// file of the site (but 404.html, pagefind/ and redirect pages) must be reached.

import fs from 'node:fs';
import path from 'node:path';
import { parseHtml, readPage, extractCssRefs } from './html.mjs';

const MISSING_PATH = '__office-site-check-missing__/a/b/';

function safeDecode(s) {
    try {
        return decodeURIComponent(s);
    } catch {
        return s;
    }
}

/**
 * Options: server (from startServer), site (from describeSite), concurrency, onProgress(n).
 * Returns { ok, stats, broken, missingAnchors, unreachable, notFoundPage }.
 */
export async function crawlSite({ server, site, concurrency = 8, onProgress = null }) {
    const origin = server.origin;
    const entries = new Map(); // url without fragment -> entry
    const fragmentRefs = []; // { target, fragment, from, line, kind }
    const pending = [];
    let externalCount = 0;
    let fetched = 0;

    const display = (url) => {
        const u = new URL(url);
        return safeDecode(u.pathname) + u.search;
    };

    const enqueue = (url, ref) => {
        let entry = entries.get(url);
        if (!entry) {
            entry = { url, refs: [], status: null, type: null, ids: null, location: null, error: null, file: null };
            entries.set(url, entry);
            pending.push(entry);
        }
        if (ref && entry.refs.length < 50) entry.refs.push(ref);
        return entry;
    };

    const addRefs = (refs, baseUrl, fromLabel, fromFile = null) => {
        for (const r of refs) {
            let u;
            try {
                u = new URL(r.url, baseUrl);
            } catch {
                // An unparsable URL: report it as broken against a pseudo-entry.
                enqueue(`invalid:${r.url}`, { from: fromLabel, file: fromFile, line: r.line, kind: r.kind, raw: r.url });
                continue;
            }
            if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
            if (u.origin !== origin) {
                externalCount++;
                continue;
            }
            const hash = u.hash;
            u.hash = '';
            const target = u.href;
            enqueue(target, { from: fromLabel, file: fromFile, line: r.line, kind: r.kind, raw: r.url });
            if (hash && hash !== '#' && !hash.startsWith('#:~:')) {
                fragmentRefs.push({ target, fragment: hash.slice(1), from: fromLabel, file: fromFile, line: r.line, kind: r.kind, raw: r.url });
            }
        }
    };

    const visit = async (entry) => {
        if (entry.url.startsWith('invalid:')) {
            entry.status = 0;
            entry.error = 'not a valid URL';
            return;
        }
        let res;
        try {
            res = await fetch(entry.url, { redirect: 'manual' });
        } catch (err) {
            entry.status = 0;
            entry.error = err.message;
            return;
        }
        entry.status = res.status;
        entry.type = (res.headers.get('content-type') || '').split(';')[0].trim();
        entry.location = res.headers.get('location');
        fetched++;
        if (onProgress) onProgress(fetched);
        if (res.status !== 200) {
            await res.arrayBuffer().catch(() => {});
            return;
        }
        const r = server.resolve(new URL(entry.url).pathname);
        entry.file = r.file || null;
        const label = display(entry.url);
        const fileLabel = entry.file ? path.relative(site.root, entry.file).split(path.sep).join('/') : null;
        if (entry.type === 'text/html') {
            const page = readPage(parseHtml(await res.text()));
            entry.ids = page.ids;
            let base = entry.url;
            if (page.base) {
                try {
                    base = new URL(page.base, entry.url).href;
                } catch {
                    /* an invalid <base> is vnu's to report */
                }
            }
            addRefs(page.refs, base, label, fileLabel);
        } else if (entry.type === 'text/css') {
            addRefs(extractCssRefs(await res.text()).map((r) => ({ ...r, kind: 'url() in CSS' })), entry.url, label, fileLabel);
        } else {
            await res.arrayBuffer();
        }
    };

    let active = 0;
    const drain = async () => {
        const workers = [];
        for (let w = 0; w < concurrency; w++) {
            workers.push((async () => {
                // Workers stop when the queue is empty and no other worker can still add to it.
                for (;;) {
                    const entry = pending.shift();
                    if (entry) {
                        active++;
                        try {
                            await visit(entry);
                        } finally {
                            active--;
                        }
                        continue;
                    }
                    if (active > 0) {
                        await new Promise((r) => setTimeout(r, 2));
                        continue;
                    }
                    return;
                }
            })());
        }
        await Promise.all(workers);
    };

    // 1. From the home page.
    const home = enqueue(server.url, null);
    home.refs.push({ from: '(start)', line: null, kind: 'home page', raw: server.url });
    await drain();

    // Which HTML files did the crawl reach?
    const reached = new Set();
    for (const e of entries.values()) if (e.status === 200 && e.file) reached.add(e.file);
    const unreachable = site.pages
        .filter((p) => p.kind === 'page' && !reached.has(p.file))
        .map((p) => ({ file: p.rel, url: p.urlPath }));

    // 2. Each 404 page (the site's, and a language's in its folder), as served for a missing
    // URL deep under its folder: it must be that page, its links must work from there (so they
    // must not be relative), and it must answer 404.
    const notFoundPage = { url: server.basePath + MISSING_PATH, status: null, problems: [] };
    for (const p of site.pages.filter((q) => q.kind === 'notfound')) {
        const missingPath = p.missingPath || server.basePath + MISSING_PATH;
        const missingUrl = origin + missingPath;
        const res = await fetch(missingUrl, { redirect: 'manual' });
        notFoundPage.status = res.status;
        const body = await res.text();
        const where = `${p.rel} at ${missingPath}`;
        if (res.status !== 404) notFoundPage.problems.push(`${where}: answered ${res.status}, not 404`);
        if (body !== fs.readFileSync(p.file, 'utf8')) notFoundPage.problems.push(`${where}: another page was served`);
        if ((res.headers.get('content-type') || '').startsWith('text/html')) {
            const label = `${missingPath} (a missing page)`;
            const page = readPage(parseHtml(body));
            const missingEntry = { url: missingUrl, refs: [], status: 200, type: 'text/html', ids: page.ids };
            entries.set(missingUrl, missingEntry);
            addRefs(page.refs, missingUrl, label, p.rel);
            await drain();
        }
    }

    // Broken references.
    const broken = [];
    for (const e of entries.values()) {
        if (e.status === 200) continue;
        let problem;
        if (e.status === 0) problem = e.error;
        else if (e.status >= 300 && e.status < 400) problem = `${e.status} redirect to ${e.location} (link to the final URL)`;
        else problem = `HTTP ${e.status}`;
        const shown = e.url.startsWith('invalid:') ? e.url.slice(8) : display(e.url);
        broken.push({ url: shown, status: e.status, problem, refs: e.refs });
    }

    // Fragments.
    const missingAnchors = [];
    const seen = new Set();
    for (const f of fragmentRefs) {
        const target = entries.get(f.target);
        if (!target || target.status !== 200 || target.type !== 'text/html' || !target.ids) continue;
        const decoded = safeDecode(f.fragment);
        if (target.ids.has(f.fragment) || target.ids.has(decoded)) continue;
        if (decoded.toLowerCase() === 'top') continue; // scrolls to the top per the HTML spec
        const key = `${f.from}|${f.target}#${f.fragment}`;
        if (seen.has(key)) continue;
        seen.add(key);
        missingAnchors.push({ url: display(f.target) + '#' + decoded, from: f.from, file: f.file, line: f.line, kind: f.kind });
    }

    const pagesFetched = [...entries.values()].filter((e) => e.status === 200 && e.type === 'text/html').length;
    const ok = broken.length === 0 && missingAnchors.length === 0 && unreachable.length === 0 && notFoundPage.problems.length === 0;
    return {
        ok,
        stats: {
            urls: entries.size,
            pages: pagesFetched,
            fragments: fragmentRefs.length,
            external: externalCount,
            htmlFiles: site.pages.filter((p) => p.kind === 'page').length,
        },
        broken,
        missingAnchors,
        unreachable,
        notFoundPage,
    };
}
