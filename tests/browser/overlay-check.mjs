// The preview's error overlay in headless Chromium: `office-site serve` on a copy of the
// fixture site, a page open, then a save that breaks the build. Checks, with deploy/nginx.conf's
// Content-Security-Policy enforced on every page (the overlay must need nothing inline):
//
// - the overlay opens in place (the page is not reloaded: it is still the last good one, and
//   stays visible above the panel), focus moves into it, and its caret sits under the
//   character of the column on a line of Japanese text;
// - axe-core (WCAG 2.0/2.1 A and AA, as check-site.mjs, plus the dialog rules) finds nothing
//   with the overlay open, on a page open before the failure and on one loaded with it;
// - Escape closes it and focus returns to the link that had it; the next failed build opens it
//   again, and then Tab reaches its close button and Enter closes it; a page loaded for a build
//   whose overlay was closed keeps it closed; a fresh tab opens it and Escape gives focus back
//   to the page;
// - at 320px the document does not scroll sideways with the overlay open;
// - fixing the save reloads the page without the overlay; no CSP violation, no page error.
//
//   node tests/browser/overlay-check.mjs [PATH/TO/office-site]     (default target/release/office-site)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { AXE_TAGS, axePath } from './lib/a11y.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const PHARMA = '/iryou-innovation/teams/pharma/';
const BROKEN = 'content/issues/clinical.md';
// Rules of axe-core's best practices that concern a dialog and what it holds.
const DIALOG_RULES = ['aria-dialog-name', 'landmark-unique', 'heading-order', 'empty-heading'];

const failures = [];
function check(ok, what) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
}

/** deploy/nginx.conf's Content-Security-Policy, so the preview is checked against the real one. */
function deployedPolicy() {
    const conf = fs.readFileSync(path.join(REPO, 'deploy/nginx.conf'), 'utf8');
    const m = conf.match(/add_header Content-Security-Policy "([^"]+)"/);
    if (!m) throw new Error('deploy/nginx.conf sets no Content-Security-Policy');
    return m[1];
}

/** Starts `office-site serve --port 0` in `root`; resolves with its origin once it serves. */
function startServe(bin, root) {
    const child = spawn(bin, ['serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = [];
    child.stderr.on('data', (d) => stderr.push(d.toString()));
    return new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr.join('')}`)), 60_000);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (d) => {
            out += d.toString();
            // `serving URL` in English, `プレビューを URL で表示しています` in Japanese (the default).
            const m = out.match(/(?:serving|プレビューを) (http:\/\/127\.0\.0\.1:\d+)\//);
            if (m) {
                clearTimeout(timer);
                resolve({ child, origin: m[1], stderr });
            }
        });
        child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr.join('')}`)));
    });
}

/** Breaks the build: an unquoted `: ` after Japanese text in a title (the error's column is
 * after the Japanese characters), or a weight that is not a number. */
/**
 * Breaks the page: `link`, a link to a missing page after Japanese text (its caret sits past
 * characters twice as wide as ASCII: `本文の[リンク](@/no/such.md)`, column 4); anything else,
 * a weight that is no number.
 */
function breakBuild(root, how) {
    const page = how === 'link'
        ? '---\ntitle: 臨床研究\n---\n本文の[リンク](@/no/such.md)です。\n'
        : `---\ntitle: 臨床研究\nweight: ${how}\n---\n本文\n`;
    fs.writeFileSync(path.join(root, BROKEN), page);
}

const overlayOpen = () => {
    const el = document.getElementById('office-site-error');
    return !!el && !el.hidden && el.getBoundingClientRect().height > 0;
};

async function runAxe(page, context) {
    const source = fs.readFileSync(axePath(), 'utf8');
    // Evaluated through the DevTools protocol, which the page's policy does not govern.
    await page.evaluate(source);
    return page.evaluate(async ({ tags, rules, context }) => {
        // eslint-disable-next-line no-undef
        const all = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        // eslint-disable-next-line no-undef
        const dialog = await axe.run(context, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
        return [...all.violations, ...dialog.violations].map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }, { tags: AXE_TAGS, rules: DIALOG_RULES, context });
}

/** How far (in CSS pixels) the caret is from the left edge of the character it points at. */
function caretOffset() {
    const source = document.querySelector('#office-site-error .office-site-overlay-source');
    const pad = source.querySelector('.office-site-overlay-pad');
    const caret = source.querySelector('.office-site-overlay-caret');
    const line = source.firstChild; // " 4 | 本文の[リンク]…" then a line break
    const at = line.textContent.indexOf(' | ') + 3 + pad.textContent.length;
    const range = document.createRange();
    range.setStart(line, at);
    range.setEnd(line, at + 1);
    const char = range.getBoundingClientRect();
    return {
        dx: caret.getBoundingClientRect().left - char.left,
        char: line.textContent.slice(at, at + 1),
        before: pad.textContent,
    };
}

async function main() {
    const bin = path.resolve(process.argv[2] || path.join(REPO, 'target/release/office-site'));
    if (!fs.existsSync(bin)) throw new Error(`${bin} not found: cargo build --release first`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'office-site-overlay-'));
    const root = path.join(work, 'site');
    fs.cpSync(path.join(REPO, 'tests/fixtures/basic'), root, { recursive: true });
    const good = fs.readFileSync(path.join(root, BROKEN), 'utf8');
    const { child, origin, stderr } = await startServe(bin, root);
    const policy = deployedPolicy();
    const browser = await launchBrowser({ bypassCSP: false });
    const problems = [];
    try {
        const { context, page } = browser;
        // Every page gets the deployed site's policy, as nginx would send it.
        await context.route('**/*', async (route) => {
            if (route.request().resourceType() !== 'document') return route.continue();
            const response = await route.fetch();
            return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
        });
        await context.addInitScript(() => {
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', (e) => {
                window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
            });
        });
        const watch = (p) => {
            p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
            p.on('console', (m) => {
                if (m.type() === 'error' || /content security policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
            });
        };
        watch(page);
        const violations = async (p) => p.evaluate(() => window.__cspViolations);

        // A page open before the failure, with focus on a link of its own.
        await page.goto(origin + PHARMA, { waitUntil: 'load' });
        await page.evaluate(() => {
            window.__notReloaded = true;
            window.__link = document.querySelector('main a[href]');
            window.__link.focus();
        });
        breakBuild(root, 'link');
        await page.waitForFunction(overlayOpen, null, { timeout: 30_000 });
        check(await page.evaluate(() => window.__notReloaded === true), 'the overlay opens in place (no reload)');
        check(
            await page.evaluate(() => document.getElementById('office-site-error').contains(document.activeElement)),
            'focus moves into the overlay',
        );
        check(
            await page.evaluate(() => document.querySelector('main').getBoundingClientRect().top < document.getElementById('office-site-error').getBoundingClientRect().top),
            'the last good page is visible above the overlay',
        );
        const caret = await page.evaluate(caretOffset);
        check(
            Math.abs(caret.dx) < 1 && caret.char === '[' && caret.before === '本文の',
            `the caret sits under 「${caret.char}」 after 「${caret.before}」 (${caret.dx.toFixed(2)}px off)`,
        );
        const open = await runAxe(page, '#office-site-error');
        check(open.length === 0, `axe-core with the overlay open: ${open.length ? open.join('; ') : 'no violations'}`);

        await page.keyboard.press('Escape');
        check(await page.evaluate(() => document.getElementById('office-site-error').hidden), 'Escape closes the overlay');
        check(await page.evaluate(() => document.activeElement === window.__link), 'focus returns to the link that had it');

        // The next failed build opens it again; Tab reaches the close button.
        breakBuild(root, '二つ目の誤り');
        await page.waitForFunction(overlayOpen, null, { timeout: 30_000 });
        check(await page.evaluate(() => window.__notReloaded === true), 'the next failed build opens it again, in place');
        await page.keyboard.press('Tab');
        check(
            await page.evaluate(() => document.activeElement.classList.contains('office-site-overlay-close')),
            'Tab reaches the close button',
        );
        await page.keyboard.press('Enter');
        check(await page.evaluate(() => document.getElementById('office-site-error').hidden), 'the close button closes it');
        check(await page.evaluate(() => document.activeElement === window.__link), 'focus returns to the link again');

        // Loaded again for the same failed build, it stays closed in this tab.
        await page.reload({ waitUntil: 'load' });
        check(await page.evaluate(() => document.getElementById('office-site-error')?.hidden === true), 'a closed overlay stays closed for that build');

        // A fresh tab shows it from the start, announced and focused.
        const other = await context.newPage();
        watch(other);
        await other.goto(origin + PHARMA, { waitUntil: 'load' });
        await other.waitForFunction(overlayOpen, null, { timeout: 30_000 });
        check(
            await other.evaluate(() => document.getElementById('office-site-error') === document.activeElement),
            'a page loaded with the error focuses the overlay',
        );
        const loaded = await runAxe(other, '#office-site-error');
        check(loaded.length === 0, `axe-core on a page loaded with the overlay: ${loaded.length ? loaded.join('; ') : 'no violations'}`);
        await other.setViewportSize({ width: 320, height: 640 });
        const sideways = await other.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        check(sideways <= 1, `at 320px the document does not scroll sideways (${sideways}px)`);
        await other.keyboard.press('Escape');
        check(
            await other.evaluate(() => document.getElementById('office-site-error').hidden && document.activeElement === document.body),
            'Escape closes it and focus goes back to the page',
        );

        // Fixed: each page reloads to the new build, without the overlay.
        for (const p of [page, other]) await p.evaluate(() => { window.__beforeFix = true; });
        fs.writeFileSync(path.join(root, BROKEN), good);
        for (const p of [page, other]) {
            await p.waitForFunction(() => window.__beforeFix === undefined && document.readyState === 'complete', null, { timeout: 30_000 });
            await p.waitForLoadState('load');
            check(await p.evaluate(() => !document.getElementById('office-site-error')), 'the fix reloads the page without the overlay');
        }
        for (const p of [page, other]) {
            const v = await violations(p);
            check(v.length === 0, `no CSP violation: ${v.join('; ') || 'none'}`);
        }
        check(problems.length === 0, `no page error or console error: ${problems.join('; ') || 'none'}`);
    } finally {
        await browser.close();
        child.kill();
        fs.rmSync(work, { recursive: true, force: true });
    }
    if (failures.length) {
        console.error(`overlay-check: ${failures.length} failed\n${stderr.join('')}`);
        process.exit(1);
    }
    console.log('overlay-check: all passed');
}

main().catch((err) => {
    console.error(`overlay-check: ${err.stack || err}`);
    process.exit(1);
});
