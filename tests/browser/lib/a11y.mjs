// axe-core (WCAG 2.0/2.1 A and AA rules) on every page in headless Chromium, and the 320px
// check: at a 320px-wide viewport the document must not scroll horizontally.

import { createRequire } from 'node:module';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';

const require = createRequire(import.meta.url);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export function axePath() {
    return path.join(path.dirname(require.resolve('axe-core/package.json')), 'axe.min.js');
}

export function axeVersion() {
    return require('axe-core/package.json').version;
}

const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };

// Runs in the page: after layout at 320px, does the document scroll sideways, and which
// elements stick out (the innermost ones, so the report names the culprit, not its ancestors)?
function measureOverflow() {
    const de = document.documentElement;
    const scrollWidth = de.scrollWidth;
    const clientWidth = de.clientWidth;
    const result = { scrollWidth, clientWidth, overflows: scrollWidth > clientWidth + 1, offenders: [] };
    if (!result.overflows) return result;
    const selectorOf = (el) => {
        const parts = [];
        for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
            if (e.id) {
                parts.unshift(`${e.localName}#${CSS.escape(e.id)}`);
                break;
            }
            let s = e.localName;
            const cls = [...e.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
            s += cls;
            if (e.parentElement) {
                const same = [...e.parentElement.children].filter((c) => c.localName === e.localName);
                if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
            }
            parts.unshift(s);
            if (e.localName === 'body') break;
        }
        return parts.join(' > ');
    };
    const wide = [];
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.right > clientWidth + 1) wide.push(el);
    }
    const set = new Set(wide);
    // keep the innermost: elements none of whose descendants also overflow
    const innermost = wide.filter((el) => ![...el.querySelectorAll('*')].some((d) => set.has(d)));
    for (const el of innermost.slice(0, 5)) {
        const r = el.getBoundingClientRect();
        result.offenders.push({
            selector: selectorOf(el),
            left: Math.round(r.left),
            right: Math.round(r.right),
            width: Math.round(r.width),
            text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60),
        });
    }
    return result;
}

/**
 * pages: [{ url, label, expectStatus }]. Returns { ok, pages: [...], violations: [...],
 * overflow: [...], warnings: [...], stats }.
 */
export async function runAxe({ pages, onProgress = null, timeoutMs = 30_000 }) {
    const scriptPath = axePath();
    const violations = [];
    const overflow = [];
    const warnings = [];
    const failures = [];
    let nodes = 0;
    const browser = await launchBrowser({ viewport: DESKTOP });
    const { page } = browser;
    page.setDefaultTimeout(timeoutMs);
    let current = null;
    page.on('pageerror', (err) => current && warnings.push({ page: current.label, kind: 'uncaught exception', message: String(err.message || err).split('\n')[0] }));
    page.on('console', (msg) => {
        // "Failed to load resource" duplicates the response check below.
        if (current && msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
            warnings.push({ page: current.label, kind: 'console error', message: msg.text().slice(0, 300) });
        }
    });
    page.on('response', (res) => {
        if (!current || res.status() < 400) return;
        if (res.request().isNavigationRequest() && res.request().frame() === page.mainFrame()) return; // checked below
        warnings.push({ page: current.label, kind: `HTTP ${res.status()}`, message: res.url() });
    });
    page.on('requestfailed', (req) => current && warnings.push({ page: current.label, kind: 'request failed', message: `${req.url()} (${req.failure()?.errorText})` }));
    try {
        let done = 0;
        for (const p of pages) {
            current = p;
            try {
                await page.setViewportSize(DESKTOP);
                const res = await page.goto(p.url, { waitUntil: 'load' });
                const status = res ? res.status() : 0;
                if (status !== (p.expectStatus || 200)) {
                    failures.push({ page: p.label, message: `answered HTTP ${status}` });
                }
                await page.addScriptTag({ path: scriptPath });
                const axe = await page.evaluate(async (tags) => {
                    // eslint-disable-next-line no-undef
                    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                    return {
                        violations: r.violations.map((v) => ({
                            id: v.id,
                            impact: v.impact,
                            help: v.help,
                            helpUrl: v.helpUrl,
                            nodes: v.nodes.map((n) => ({
                                target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
                                html: n.html.slice(0, 200),
                                summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
                            })),
                        })),
                        incomplete: r.incomplete.length,
                    };
                }, AXE_TAGS);
                for (const v of axe.violations) {
                    violations.push({ page: p.label, url: p.url, ...v });
                    nodes += v.nodes.length;
                }
                await page.setViewportSize(NARROW);
                await page.evaluate(async () => {
                    await document.fonts.ready;
                    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
                });
                const o = await page.evaluate(measureOverflow);
                if (o.overflows) overflow.push({ page: p.label, url: p.url, ...o });
            } catch (err) {
                failures.push({ page: p.label, message: String(err.message || err).split('\n')[0] });
            }
            done++;
            if (onProgress) onProgress(done, pages.length);
        }
    } finally {
        current = null;
        await browser.close();
    }
    return {
        ok: violations.length === 0 && overflow.length === 0 && failures.length === 0,
        violations,
        overflow,
        failures,
        warnings,
        stats: { pages: pages.length, violations: violations.length, nodes, overflow: overflow.length },
    };
}
