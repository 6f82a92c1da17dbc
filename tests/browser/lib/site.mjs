// The files of a built site, as the checks see them.

import fs from 'node:fs';
import path from 'node:path';
import { parseHtml, walk, attr, refreshTarget } from './html.mjs';
import { urlPathForFile } from './server.mjs';

/** Every file under root (absolute paths, sorted), skipping any `pagefind/` folder. */
export function listFiles(root) {
    const out = [];
    const visit = (dir) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name === 'pagefind' || entry.name === 'node_modules') continue;
                visit(full);
            } else if (entry.isFile()) {
                out.push(full);
            }
        }
    };
    visit(root);
    return out.sort();
}

/** True when the page holds a <meta http-equiv="refresh"> with a target (an alias page). */
export function isRedirectPage(file) {
    const doc = parseHtml(fs.readFileSync(file, 'utf8'));
    let found = false;
    walk(doc, (el) => {
        if (el.tagName === 'meta' && (attr(el, 'http-equiv') || '').toLowerCase() === 'refresh' && refreshTarget(attr(el, 'content'))) found = true;
    });
    return found;
}

/** Where a missing page is asked for, under the folder of each 404 page. */
export const MISSING = '__office-site-check-missing__/a/b/';

/**
 * Describes the site: { root, htmlFiles, cssFiles, pages } where pages are the HTML files that
 * must be reachable and are visited in the browser: { file, rel, urlPath, kind } with kind
 * 'page' | 'redirect' | 'notfound'. A 404 page is the site's (404.html) or a language's (in its
 * folder, en/404.html); `missingPath` is a missing URL that it answers for.
 */
export function describeSite(root, basePath) {
    root = path.resolve(root);
    const files = listFiles(root);
    const htmlFiles = files.filter((f) => /\.html?$/i.test(f));
    const cssFiles = files.filter((f) => /\.css$/i.test(f));
    const pages = htmlFiles.map((file) => {
        const rel = path.relative(root, file).split(path.sep).join('/');
        let kind = 'page';
        if (rel === '404.html' || rel.endsWith('/404.html')) kind = 'notfound';
        else if (isRedirectPage(file)) kind = 'redirect';
        const urlPath = urlPathForFile(root, file, basePath);
        const missingPath = kind === 'notfound' ? urlPath.replace(/404\.html$/, MISSING) : undefined;
        return { file, rel, urlPath, kind, missingPath };
    });
    return { root, htmlFiles, cssFiles, pages };
}
