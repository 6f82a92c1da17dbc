#!/usr/bin/env node
// Checks the site's search in headless Chromium, through the real thing: the index that
// `office-site build` wrote under search-index/ and its own search-index/search.js, loaded by
// the search page over HTTP from 127.0.0.1.
//
//   node tests/browser/search-check.mjs OUTPUT --base-path /iryou-innovation/ [--search-page search/]
//
// 1. every query of search-queries.json: `found` ones must have their page among the first
//    three results, `none` ones must find nothing (the withheld page's words);
// 2. each language's search page finds its own pages first (`languages`);
// 3. the page itself: a query typed into the header's search box lands on the search page
//    with results, which pass axe-core (WCAG 2.x A/AA); the section filter keeps results in
//    their section; 「さらに表示」 adds results; without JavaScript the page says search
//    needs it and links to the sitemap.
// Exit status 0 when everything passes, 1 otherwise.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { axePath, AXE_TAGS } from './lib/a11y.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
    const opts = { root: null, basePath: '/', searchPage: 'search/' };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--base-path') opts.basePath = argv[++i];
        else if (a === '--search-page') opts.searchPage = argv[++i];
        else if (!opts.root) opts.root = a;
        else throw new Error(`unexpected argument ${a}`);
    }
    if (!opts.root) throw new Error('usage: search-check.mjs OUTPUT [--base-path P] [--search-page search/]');
    return opts;
}

async function runQueries(page, spec, basePath) {
    const failures = [];
    const outcomes = await page.evaluate(async ({ found, none }) => {
        const root = document.querySelector('[data-search-library]');
        const lib = await import(root.dataset.searchLibrary);
        const run = async (q) => {
            const session = await lib.search(q);
            if (!session.terms.length) return null;
            return (await session.next(3)).map((r) => r.url);
        };
        const out = { found: [], none: [] };
        for (const f of found) out.found.push({ ...f, top: await run(f.query) });
        for (const q of none) out.none.push({ query: q, top: await run(q) });
        return out;
    }, spec);
    for (const q of [...outcomes.found, ...outcomes.none]) {
        if (q.top === null) failures.push(`「${q.query}」 has no search terms: it checks nothing`);
    }
    for (const f of outcomes.found.filter((x) => x.top)) {
        const want = basePath + f.expect;
        const ok = f.top.includes(want);
        console.log(`${ok ? 'ok  ' : 'MISS'} ${f.query} → ${f.top.map((u) => u.slice(basePath.length) || '(home)').join(', ') || '(nothing)'}`);
        if (!ok) failures.push(`「${f.query}」: ${f.expect} is not among the first three results`);
    }
    for (const n of outcomes.none.filter((x) => x.top)) {
        const ok = n.top.length === 0;
        console.log(`${ok ? 'ok  ' : 'LEAK'} ${n.query} → ${n.top.join(', ') || '(nothing)'}`);
        if (!ok) failures.push(`「${n.query}」 must find nothing, found ${n.top.join(', ')}`);
    }
    return failures;
}

async function axeViolations(page) {
    await page.addScriptTag({ path: axePath() });
    return page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    }, AXE_TAGS);
}

const resultUrls = (page) => page.$$eval('.search-results__list a', (as) => as.map((a) => new URL(a.href).pathname));

async function checkPage(page, server, opts) {
    const failures = [];
    const fail = (m) => failures.push(m);
    // The header's box on the home page leads to the search page with results.
    await page.goto(server.url, { waitUntil: 'load' });
    await page.fill('#site-search-q', '再生医療');
    await Promise.all([page.waitForURL(/[?&]q=/), page.press('#site-search-q', 'Enter')]);
    await page.waitForSelector('.search-results__list li');
    const top = (await resultUrls(page)).slice(0, 3);
    if (!top.includes(`${server.basePath}teams/regenerative-medicine/`)) fail(`header box 「再生医療」: top results ${top.join(', ')}`);
    const status = await page.textContent('.search-results__status');
    if (!/件/.test(status)) fail(`the status says no count: ${status}`);
    if ((await page.inputValue('#search-q')) !== '再生医療') fail('the search page does not show the query in its box');
    // Each result shows 公開日 (the pages are dated) in a <time>, and its section when it is in
    // one (a page at the top, like the home page, is in none).
    const dated = await page.$$eval('.search-results__list li', (lis) =>
        lis.map((li) => [new URL(li.querySelector('a').href).pathname, li.querySelector('.search-result__section')?.textContent,
            li.querySelector('time')?.getAttribute('datetime')]));
    const nested = (url) => url.slice(server.basePath.length).replace(/\/$/, '').includes('/');
    if (!dated.every(([url, section, date]) => (section || !nested(url)) && /^\d{4}-\d{2}/.test(date ?? ''))) {
        fail(`results without their section or 公開日: ${JSON.stringify(dated)}`);
    }
    const marks = await page.$$eval('.search-results__list mark', (m) => m.map((x) => x.textContent));
    if (!marks.includes('再生医療')) fail(`excerpts do not mark the query: ${marks.join(', ')}`);
    for (const v of await axeViolations(page)) fail(`axe on the results: ${v}`);
    // The section filter.
    const teams = `${server.basePath}teams/`;
    await page.selectOption('#search-section', teams);
    await page.fill('#search-q', 'レギュレーション');
    await Promise.all([page.waitForURL(/section=/), page.press('#search-q', 'Enter')]);
    await page.waitForSelector('.search-results__status:not(:empty):not(:text("検索しています"))');
    const inTeams = await resultUrls(page);
    if (!inTeams.length || inTeams.some((u) => !u.startsWith(teams))) fail(`section filter: ${inTeams.join(', ')}`);
    // 「さらに表示」 on a broad query: the library says how many pages match; the page must
    // show the first ten, then the rest on a click.
    await page.goto(`${server.url}${opts.searchPage}?q=${encodeURIComponent('医療')}`, { waitUntil: 'load' });
    await page.waitForSelector('.search-results__list li');
    const total = await page.evaluate(async () => {
        const lib = await import(document.querySelector('[data-search-library]').dataset.searchLibrary);
        const session = await lib.search('医療');
        while (!session.done) await session.next(50);
        return session.found;
    });
    const before = (await resultUrls(page)).length;
    if (total <= 10) fail(`「医療」 should match more than ten pages, matched ${total}`);
    else if (before !== 10) fail(`the first page of results shows ${before}, not 10`);
    else if (!(await page.isVisible('.search-results__more'))) fail('no 「さらに表示」 with more results to show');
    else {
        await page.click('.search-results__more');
        await page.waitForFunction((n) => document.querySelectorAll('.search-results__list li').length > n, before);
        const after = (await resultUrls(page)).length;
        if (after !== Math.min(total, 20)) fail(`after 「さらに表示」 ${after} results, expected ${Math.min(total, 20)}`);
    }
    for (const v of await axeViolations(page)) fail(`axe after 「さらに表示」: ${v}`);
    return failures;
}

// Each language's search page lists its own pages first (issue 14): `languages` of
// search-queries.json gives, per language, its search page and queries whose first result must
// be the page `expect`, typed into that page's search box as a visitor would.
async function checkLanguages(page, server, spec) {
    const failures = [];
    for (const [lang, { searchPage, queries }] of Object.entries(spec.languages || {})) {
        for (const { query, expect } of queries) {
            await page.goto(`${server.url}${searchPage}`, { waitUntil: 'load' });
            const htmlLang = await page.getAttribute('html', 'lang');
            if (htmlLang !== lang) failures.push(`${searchPage} says lang="${htmlLang}", not ${lang}`);
            await page.fill('#search-q', query);
            await Promise.all([page.waitForURL(/[?&]q=/), page.press('#search-q', 'Enter')]);
            await page.waitForSelector('.search-results__list li');
            const top = await resultUrls(page);
            const want = server.basePath + expect;
            const ok = top[0] === want;
            console.log(`${ok ? 'ok  ' : 'MISS'} [${lang}] ${query} → ${top.slice(0, 3).map((u) => u.slice(server.basePath.length)).join(', ')}`);
            if (!ok) failures.push(`[${lang}] 「${query}」 on ${searchPage}: the first result is ${top[0]}, not ${want}`);
            // A result in another language says so, with its lang and hreflang.
            const others = await page.$$eval('.search-results__list li a', (as, l) => as
                .filter((a) => a.getAttribute('hreflang') && a.getAttribute('hreflang') !== l)
                .map((a) => [a.getAttribute('lang'), a.getAttribute('hreflang')]), lang);
            for (const [l, h] of others) if (l !== h) failures.push(`[${lang}] a result with hreflang ${h} has lang ${l}`);
        }
        for (const v of await axeViolations(page)) failures.push(`axe on ${searchPage} results: ${v}`);
    }
    return failures;
}

async function checkNoScript(server, opts) {
    const browser = await launchBrowser({ javaScriptEnabled: false });
    try {
        const { page } = browser;
        await page.goto(`${server.url}${opts.searchPage}?q=x`, { waitUntil: 'load' });
        // innerText: only what is rendered, so the <noscript> text counts only without JavaScript.
        const shown = await page.innerText('main');
        const links = await page.$$eval('main noscript a', (as) => as.map((a) => a.getAttribute('href')));
        const failures = [];
        if (!/JavaScript が必要/.test(shown)) failures.push(`without JavaScript the search page does not say it needs it: ${shown.slice(0, 200)}`);
        if (!links.some((h) => /sitemap\/$/.test(h))) failures.push('without JavaScript the search page does not link to the sitemap');
        return failures;
    } finally {
        await browser.close();
    }
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const spec = JSON.parse(fs.readFileSync(path.join(HERE, 'search-queries.json'), 'utf8'));
    const server = await startServer({ root: opts.root, basePath: opts.basePath });
    const browser = await launchBrowser();
    const failures = [];
    try {
        const { page } = browser;
        page.on('pageerror', (e) => failures.push(`uncaught exception: ${e.message}`));
        await page.goto(`${server.url}${opts.searchPage}`, { waitUntil: 'load' });
        failures.push(...(await runQueries(page, spec, server.basePath)));
        failures.push(...(await checkPage(page, server, opts)));
        failures.push(...(await checkLanguages(page, server, spec)));
    } finally {
        await browser.close();
    }
    failures.push(...(await checkNoScript(server, opts)));
    await server.close();
    for (const f of failures) console.log(`FAIL ${f}`);
    console.log(`search: ${spec.found.length + spec.none.length} queries and the search page checked, ${failures.length} failures`);
    process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
