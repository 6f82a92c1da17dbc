// HTML and CSS reading for the checks: parse5 (the WHATWG parsing algorithm, so it reads a page
// the way a browser does, broken markup included) and a small CSS url() scanner.

import { parse } from 'parse5';

export function parseHtml(text) {
    return parse(text, { sourceCodeLocationInfo: true });
}

/** Calls fn(element) for every element, in document order (template contents included). */
export function walk(node, fn) {
    const stack = [node];
    while (stack.length) {
        const n = stack.pop();
        if (n.tagName) fn(n);
        const kids = [];
        if (n.content && n.content.childNodes) kids.push(...n.content.childNodes);
        if (n.childNodes) kids.push(...n.childNodes);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
}

export function attr(el, name) {
    const a = el.attrs && el.attrs.find((x) => x.name === name);
    return a ? a.value : null;
}

function textOf(node) {
    let s = '';
    const stack = [node];
    while (stack.length) {
        const n = stack.pop();
        if (n.nodeName === '#text') s += n.value;
        if (n.childNodes) for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]);
    }
    return s;
}

const lineOf = (el) => (el.sourceCodeLocation ? el.sourceCodeLocation.startLine : null);

/** The URLs of a srcset attribute (descriptors dropped), per the HTML spec's candidate parsing. */
export function parseSrcset(value) {
    const urls = [];
    let i = 0;
    const s = value || '';
    while (i < s.length) {
        while (i < s.length && /[\s,]/.test(s[i])) i++;
        if (i >= s.length) break;
        let start = i;
        while (i < s.length && !/\s/.test(s[i])) i++;
        let url = s.slice(start, i);
        if (url.endsWith(',')) {
            url = url.replace(/,+$/, '');
        } else {
            // skip the descriptors, up to a comma outside parentheses
            let depth = 0;
            while (i < s.length) {
                const c = s[i];
                if (c === '(') depth++;
                else if (c === ')') depth = Math.max(0, depth - 1);
                else if (c === ',' && depth === 0) break;
                i++;
            }
        }
        if (url) urls.push(url);
    }
    return urls;
}

/** url(...) and @import references in a style sheet: [{ url, line }]. */
export function extractCssRefs(css) {
    const refs = [];
    // Blank out comments, keeping line breaks so that line numbers stay right.
    const text = css.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
    const lineAt = (index) => text.slice(0, index).split('\n').length;
    const urlRe = /url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|([^)"'\s]*))\s*\)/gi;
    let m;
    while ((m = urlRe.exec(text))) {
        const url = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
        refs.push({ url, line: lineAt(m.index) });
    }
    const importRe = /@import\s+(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')/gi;
    while ((m = importRe.exec(text))) {
        refs.push({ url: (m[1] ?? m[2]).replace(/\\(.)/g, '$1'), line: lineAt(m.index) });
    }
    return refs.filter((r) => r.url && !/^data:/i.test(r.url));
}

/** The URL of a <meta http-equiv="refresh" content="0; url=..."> value, or '' for a plain reload. */
export function refreshTarget(content) {
    const m = /^\s*[\d.]+\s*(?:[;,]\s*(?:url\s*=\s*)?(.*))?$/i.exec(content || '');
    if (!m) return null;
    let url = (m[1] || '').trim();
    if ((url.startsWith('"') && url.endsWith('"')) || (url.startsWith("'") && url.endsWith("'"))) url = url.slice(1, -1);
    return url;
}

// <link rel> values whose href names an origin or something not to fetch.
const LINK_RELS_NOT_FETCHED = new Set(['preconnect', 'dns-prefetch']);

/**
 * Reads a parsed page: { refs: [{ url, kind, line }], ids: Set, base: string|null,
 * refresh: string|null (the meta refresh target, when the page has one) }.
 */
export function readPage(doc) {
    const refs = [];
    const ids = new Set();
    let base = null;
    let refresh = null;
    const add = (url, kind, el) => {
        if (url == null) return;
        url = url.trim();
        if (url === '') return;
        refs.push({ url, kind, line: lineOf(el) });
    };
    walk(doc, (el) => {
        const tag = el.tagName;
        const id = attr(el, 'id');
        if (id !== null && id !== '') ids.add(id);
        switch (tag) {
            case 'base':
                if (base === null && attr(el, 'href')) base = attr(el, 'href');
                break;
            case 'a':
            case 'area': {
                const name = attr(el, 'name');
                if (tag === 'a' && name) ids.add(name);
                add(attr(el, 'href'), `<${tag} href>`, el);
                break;
            }
            case 'link': {
                const rels = (attr(el, 'rel') || '').toLowerCase().split(/\s+/).filter(Boolean);
                if (rels.some((r) => LINK_RELS_NOT_FETCHED.has(r))) break;
                add(attr(el, 'href'), `<link rel="${rels.join(' ')}">`, el);
                if (attr(el, 'imagesrcset')) for (const u of parseSrcset(attr(el, 'imagesrcset'))) add(u, '<link imagesrcset>', el);
                break;
            }
            case 'img':
                add(attr(el, 'src'), '<img src>', el);
                for (const u of parseSrcset(attr(el, 'srcset'))) add(u, '<img srcset>', el);
                break;
            case 'source':
                add(attr(el, 'src'), '<source src>', el);
                for (const u of parseSrcset(attr(el, 'srcset'))) add(u, '<source srcset>', el);
                break;
            case 'script':
                add(attr(el, 'src'), '<script src>', el);
                break;
            case 'video':
                add(attr(el, 'src'), '<video src>', el);
                add(attr(el, 'poster'), '<video poster>', el);
                break;
            case 'audio':
            case 'track':
            case 'iframe':
            case 'embed':
                add(attr(el, 'src'), `<${tag} src>`, el);
                break;
            case 'object':
                add(attr(el, 'data'), '<object data>', el);
                break;
            case 'input':
                if ((attr(el, 'type') || '').toLowerCase() === 'image') add(attr(el, 'src'), '<input src>', el);
                break;
            case 'form': {
                const method = (attr(el, 'method') || 'get').toLowerCase();
                if (method === 'get') add(attr(el, 'action'), '<form action>', el);
                break;
            }
            case 'use':
            case 'image':
                add(attr(el, 'href'), `<${tag} href>`, el);
                break;
            case 'meta':
                if ((attr(el, 'http-equiv') || '').toLowerCase() === 'refresh') {
                    const t = refreshTarget(attr(el, 'content'));
                    if (t !== null) {
                        refresh = t;
                        add(t, '<meta http-equiv="refresh">', el);
                    }
                }
                break;
            case 'style':
                for (const r of extractCssRefs(textOf(el))) refs.push({ url: r.url, kind: '<style> url()', line: (lineOf(el) || 1) + r.line - 1 });
                break;
            default:
                break;
        }
        const style = attr(el, 'style');
        if (style) for (const r of extractCssRefs(style)) add(r.url, 'style="url()"', el);
    });
    return { refs, ids, base, refresh };
}
