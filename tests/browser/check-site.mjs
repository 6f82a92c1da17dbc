#!/usr/bin/env node
// Checks a site built by office-site, in a real browser and with the Nu HTML Checker.
//
//   node tests/browser/check-site.mjs OUTPUT_DIR [--base-path /sub/path/] [--only crawl|vnu|axe]...
//                                     [--json REPORT.json] [--progress N] [--no-css]
//
// Exit status: 0 when every check run passed, 1 when one failed, 2 on a usage error.

import fs from 'node:fs';
import path from 'node:path';
import { startServer, normalizeBasePath } from './lib/server.mjs';
import { describeSite } from './lib/site.mjs';
import { crawlSite } from './lib/crawl.mjs';
import { runVnu } from './lib/vnu.mjs';
import { runAxe, axeVersion } from './lib/a11y.mjs';

const CHECKS = ['crawl', 'vnu', 'axe'];

const USAGE = `usage: node check-site.mjs OUTPUT_DIR [options]

Serves OUTPUT_DIR on 127.0.0.1 under the base path and checks it:
  crawl  every same-origin link, stylesheet, image, script, srcset and CSS url() from the home
         page answers 200; every #fragment names an existing id; every HTML file is reached
  vnu    the Nu HTML Checker finds no error in any HTML file (nor in the CSS files)
  axe    axe-core finds no WCAG 2.1 A/AA violation on any page in headless Chromium, and no page
         scrolls horizontally at a 320px-wide viewport

options:
  --base-path /p/   the path the site is served under (default /)
  --only CHECK      run only this check (crawl, vnu or axe); repeatable, or comma-separated
  --json FILE       also write a machine-readable report to FILE
  --progress N      print progress every N pages (default 10)
  --no-css          do not pass the CSS files to the Nu HTML Checker
  -h, --help        this text`;

function usageError(message) {
    console.error(`check-site: ${message}\n\n${USAGE}`);
    process.exit(2);
}

function parseArgs(argv) {
    const opts = { dir: null, basePath: '/', only: [], json: null, progress: 10, css: true };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
            if (i + 1 >= argv.length) usageError(`${a} needs a value`);
            return argv[++i];
        };
        const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
        switch (name) {
            case '-h':
            case '--help':
                console.log(USAGE);
                process.exit(0);
                break;
            case '--base-path':
                opts.basePath = value();
                break;
            case '--only':
                for (const c of value().split(',').map((s) => s.trim()).filter(Boolean)) {
                    if (!CHECKS.includes(c)) usageError(`unknown check \`${c}\` (one of ${CHECKS.join(', ')})`);
                    opts.only.push(c);
                }
                break;
            case '--json':
                opts.json = value();
                break;
            case '--progress': {
                const n = Number(value());
                if (!Number.isInteger(n) || n < 1) usageError('--progress takes a whole number above 0');
                opts.progress = n;
                break;
            }
            case '--no-css':
                opts.css = false;
                break;
            default:
                if (a.startsWith('-')) usageError(`unknown option ${a}`);
                if (opts.dir) usageError(`one OUTPUT_DIR only (got ${opts.dir} and ${a})`);
                opts.dir = a;
        }
    }
    if (!opts.dir) usageError('OUTPUT_DIR is missing');
    if (!fs.existsSync(opts.dir) || !fs.statSync(opts.dir).isDirectory()) usageError(`not a folder: ${opts.dir}`);
    opts.basePath = normalizeBasePath(opts.basePath);
    if (opts.only.length === 0) opts.only = [...CHECKS];
    return opts;
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n, one, many = one + 's') => `${n} ${n === 1 ? one : many}`;
const where = (r) => (r.file ? `${r.from} [${r.file}${r.line ? ':' + r.line : ''}]` : r.from);

function printCrawl(r) {
    const lines = [];
    for (const b of r.broken) {
        lines.push(`  broken: ${b.url} — ${b.problem}`);
        for (const ref of b.refs.slice(0, 10)) lines.push(`      from ${where(ref)} (${ref.kind}${ref.raw && ref.raw !== b.url ? ` "${ref.raw}"` : ''})`);
        if (b.refs.length > 10) lines.push(`      … and ${b.refs.length - 10} more`);
    }
    for (const m of r.missingAnchors) lines.push(`  missing anchor: ${m.url} — no element with this id; from ${where(m)} (${m.kind})`);
    for (const u of r.unreachable) lines.push(`  unreachable: ${u.file} (${u.url}) — no link leads to it from the home page`);
    for (const p of r.notFoundPage.problems) lines.push(`  404 page: ${r.notFoundPage.url} ${p}`);
    return lines;
}

function printVnu(r) {
    const lines = [];
    if (r.fatal) lines.push(`  vnu could not run: ${r.fatal}`);
    for (const e of r.errors) {
        lines.push(`  ${e.file}:${e.line ?? '?'}:${e.column ?? '?'}: ${e.type === 'error' ? 'error' : e.type}: ${e.message}`);
        if (e.extract) lines.push(`      ${e.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}`);
    }
    return lines;
}

function printAxe(r) {
    const lines = [];
    for (const f of r.failures) lines.push(`  ${f.page}: ${f.message}`);
    for (const v of r.violations) {
        lines.push(`  ${v.page}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
        for (const n of v.nodes.slice(0, 10)) {
            lines.push(`      ${n.target}`);
            if (n.summary) lines.push(`        ${n.summary}`);
        }
        if (v.nodes.length > 10) lines.push(`      … and ${v.nodes.length - 10} more nodes`);
    }
    for (const o of r.overflow) {
        lines.push(`  ${o.page}: scrolls horizontally at 320px (document ${o.scrollWidth}px wide for a ${o.clientWidth}px viewport)`);
        for (const e of o.offenders) lines.push(`      ${e.selector} spans ${e.left}…${e.right}px${e.text ? ` "${e.text}"` : ''}`);
    }
    return lines;
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const root = path.resolve(opts.dir);
    const site = describeSite(root, opts.basePath);
    const log = (s) => console.log(s);
    log(`check-site: ${root} under ${opts.basePath} — ${plural(site.htmlFiles.length, 'HTML file')}, ${plural(site.cssFiles.length, 'CSS file')}; checks: ${opts.only.join(', ')}`);

    const server = await startServer({ root, basePath: opts.basePath });
    log(`check-site: serving at ${server.url}`);
    const results = {};
    const timings = {};
    const timed = async (name, fn) => {
        const t = Date.now();
        try {
            results[name] = await fn();
        } catch (err) {
            const detail = process.env.CHECK_SITE_DEBUG && err && err.stack ? err.stack : (err && err.message) || String(err);
            results[name] = { ok: false, fatal: detail };
        }
        timings[name] = Date.now() - t;
        log(`check-site: ${name} finished in ${secs(timings[name])}`);
    };

    try {
        // vnu runs in its own JVM beside the browser work: start it first.
        const vnuDone = opts.only.includes('vnu')
            ? timed('vnu', () => runVnu({ root, htmlFiles: site.htmlFiles, cssFiles: opts.css ? site.cssFiles : [] }))
            : Promise.resolve();
        if (opts.only.includes('crawl')) {
            await timed('crawl', () => crawlSite({
                server,
                site,
                onProgress: (n) => n % (opts.progress * 5) === 0 && log(`crawl: ${n} URLs fetched (${secs(Date.now() - started)})`),
            }));
        }
        if (opts.only.includes('axe')) {
            const pages = site.pages
                .filter((p) => p.kind !== 'redirect')
                .map((p) => p.kind === 'notfound'
                    ? { url: server.origin + p.missingPath, label: `${p.rel} (at ${p.missingPath})`, expectStatus: 404 }
                    : { url: server.origin + p.urlPath, label: decodeURIComponent(p.urlPath) });
            await timed('axe', () => runAxe({
                pages,
                onProgress: (n, total) => (n % opts.progress === 0 || n === total) && log(`axe: ${n}/${total} pages (${secs(Date.now() - started)})`),
            }));
        }
        await vnuDone;
    } finally {
        await server.close();
    }

    // The report: details first, then one summary line per check.
    const summary = [];
    let failed = 0;
    let passed = 0;
    for (const name of CHECKS) {
        if (!opts.only.includes(name)) continue;
        const r = results[name];
        let details = [];
        let counts;
        if (r.fatal) {
            details = [`  ${name} could not run: ${r.fatal}`];
            counts = 'did not run';
        } else if (name === 'crawl') {
            details = printCrawl(r);
            counts = `${plural(r.stats.pages, 'page')} and ${plural(r.stats.urls, 'URL')} fetched, ${plural(r.stats.fragments, 'fragment link')}: `
                + `${r.broken.length} broken, ${plural(r.missingAnchors.length, "missing anchor")}, ${r.unreachable.length} of ${r.stats.htmlFiles} pages unreachable`
                + (r.notFoundPage.problems.length ? `, 404 page wrong` : '');
        } else if (name === 'vnu') {
            details = printVnu(r);
            counts = `${plural(r.files, 'file')} (${opts.css ? 'HTML and CSS' : 'HTML only'}): ${plural(r.errors.length, 'error')}`
                + (r.ignored.length ? ` (${r.ignored.length} known CSS false positives ignored)` : '')
                + (r.version ? `, vnu ${r.version}` : '');
        } else if (name === 'axe') {
            details = printAxe(r);
            counts = `${plural(r.stats.pages, 'page')}: ${plural(r.stats.violations, 'violation')} (${plural(r.stats.nodes, 'node')}), `
                + `${r.stats.overflow} overflowing at 320px, ${r.failures.length} not loaded; axe-core ${axeVersion()}`
                + (r.warnings.length ? `; ${plural(r.warnings.length, 'browser warning')} (not counted)` : '');
            for (const w of r.warnings.slice(0, 20)) details.push(`  warning: ${w.page}: ${w.kind}: ${w.message}`);
        }
        if (details.length) {
            log(`\n== ${name}: ${r.ok ? 'notes' : 'FAILED'}`);
            for (const l of details) log(l);
        }
        if (r.ok) passed++;
        else failed++;
        summary.push(`${name.padEnd(5)} ${r.ok ? 'PASS' : 'FAIL'}  ${counts}  (${secs(timings[name])})`);
    }
    const total = Date.now() - started;
    log('');
    for (const s of summary) log(s);
    log(`checks: ${passed} passed, ${failed} failed`);
    log(`total ${secs(total)}: ${failed ? 'FAILED' : 'all checks passed'}`);

    if (opts.json) {
        const report = {
            site: root,
            basePath: opts.basePath,
            ok: failed === 0,
            totalMs: total,
            checks: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ...v, ms: timings[k] }])),
        };
        fs.mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
        fs.writeFileSync(opts.json, JSON.stringify(report, null, 2) + '\n');
        log(`report written to ${opts.json}`);
    }
    process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
    console.error(`check-site: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
});
