#!/usr/bin/env node
// Full-page screenshots of a built site's pages, at 1280px and 375px wide.
//
//   node tests/browser/screenshots.mjs OUTPUT_DIR OUTDIR [--base-path /p/] [--widths 1280,375] PATH...
//
// Each PATH is a page path relative to the base path (`/`, `/teams/pharma/`, `/news/x.html`);
// it is written as OUTDIR/<name>-<width>.png where the name comes from the path:
// `/` → home, `/teams/pharma/` → teams-pharma, `/news/x.html` → news-x.
// Exit status: 0 when every page answered 200 and was shot, 1 otherwise, 2 on a usage error.

import fs from 'node:fs';
import path from 'node:path';
import { startServer, normalizeBasePath } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';

const USAGE = `usage: node screenshots.mjs OUTPUT_DIR OUTDIR [--base-path /p/] [--widths 1280,375] PATH...

Serves OUTPUT_DIR on 127.0.0.1 under the base path (default /) and writes a full-page PNG of
each PATH (relative to the base path; default: /) at each width into OUTDIR, as NAME-WIDTH.png.`;

function usageError(message) {
    console.error(`screenshots: ${message}\n\n${USAGE}`);
    process.exit(2);
}

export function nameForPath(p) {
    let s = p;
    try {
        s = decodeURIComponent(p);
    } catch {
        /* keep as is */
    }
    s = s.split(/[?#]/)[0].replace(/^\/+|\/+$/g, '').replace(/\/index\.html?$|^index\.html?$/i, '').replace(/\.html?$/i, '');
    if (s === '') return 'home';
    return s.replace(/[/\\]+/g, '-').replace(/[\x00-\x1f:*?"<>|]+/g, '_');
}

function parseArgs(argv) {
    const opts = { basePath: '/', widths: [1280, 375], positional: [] };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
        const value = () => {
            if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
            if (i + 1 >= argv.length) usageError(`${a} needs a value`);
            return argv[++i];
        };
        if (name === '-h' || name === '--help') {
            console.log(USAGE);
            process.exit(0);
        } else if (name === '--base-path') {
            opts.basePath = value();
        } else if (name === '--widths') {
            opts.widths = value().split(',').map((w) => Number(w.trim()));
            if (opts.widths.some((w) => !Number.isInteger(w) || w < 100 || w > 4000)) usageError('--widths takes whole numbers between 100 and 4000');
        } else if (a.startsWith('--')) {
            usageError(`unknown option ${a}`);
        } else {
            opts.positional.push(a);
        }
    }
    if (opts.positional.length < 2) usageError('OUTPUT_DIR and OUTDIR are needed');
    const [dir, outDir, ...paths] = opts.positional;
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) usageError(`not a folder: ${dir}`);
    return { ...opts, dir, outDir, paths: paths.length ? paths : ['/'], basePath: normalizeBasePath(opts.basePath) };
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    fs.mkdirSync(opts.outDir, { recursive: true });
    const server = await startServer({ root: opts.dir, basePath: opts.basePath });
    let failed = 0;
    let written = 0;
    let browser;
    try {
        browser = await launchBrowser({ viewport: { width: opts.widths[0], height: 800 } });
        const { page } = browser;
        page.setDefaultTimeout(30_000);
        for (const p of opts.paths) {
            const url = server.origin + server.basePath + p.replace(/^\/+/, '');
            const name = nameForPath(p);
            for (const width of opts.widths) {
                const file = path.join(opts.outDir, `${name}-${width}.png`);
                try {
                    await page.setViewportSize({ width, height: 800 });
                    const res = await page.goto(url, { waitUntil: 'load' });
                    const status = res ? res.status() : 0;
                    await page.evaluate(async () => {
                        await document.fonts.ready;
                        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
                    });
                    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
                    written++;
                    if (status !== 200) {
                        failed++;
                        console.log(`screenshots: ${p} answered HTTP ${status}; wrote ${file} anyway`);
                    } else {
                        console.log(`screenshots: wrote ${file}`);
                    }
                } catch (err) {
                    failed++;
                    console.log(`screenshots: ${p} at ${width}px failed: ${String(err.message || err).split('\n')[0]}`);
                }
            }
        }
    } finally {
        if (browser) await browser.close();
        await server.close();
    }
    console.log(`screenshots: ${written} written, ${failed} failed (not loaded, or not HTTP 200)`);
    process.exitCode = failed ? 1 : 0;
}

// Run only as a script (the name function is importable).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('screenshots.mjs')) {
    main().catch((err) => {
        console.error(`screenshots: ${err && err.stack ? err.stack : err}`);
        process.exit(1);
    });
}
