// A small static HTTP server for a built site, on 127.0.0.1 and a free port, under a base path.
//
//   const server = await startServer({ root: 'output', basePath: '/sub/' });
//   server.url      // 'http://127.0.0.1:PORT/sub/'
//   server.resolve('/sub/teams/')   // { file: '/abs/output/teams/index.html' } or { status, ... }
//   await server.close();
//
// Rules: only GET and HEAD; a URL outside the base path is 404; `/x/` serves `x/index.html`;
// a directory asked for without its slash answers 301 to the slashed URL (as nginx does); a
// missing file answers 404 with the nearest 404.html above it as the body (a language's own,
// en/404.html, as deploy/nginx.conf serves it, else ROOT/404.html) when it exists; `..`, NUL bytes,
// backslashes, bad percent-encoding and symlinks leading out of the root are refused.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

const TEXT = '; charset=utf-8';
export const CONTENT_TYPES = {
    '.html': 'text/html' + TEXT,
    '.htm': 'text/html' + TEXT,
    '.css': 'text/css' + TEXT,
    '.js': 'text/javascript' + TEXT,
    '.mjs': 'text/javascript' + TEXT,
    '.svg': 'image/svg+xml' + TEXT,
    '.xml': 'application/xml' + TEXT,
    '.xsl': 'application/xml' + TEXT,
    '.json': 'application/json' + TEXT,
    '.webmanifest': 'application/manifest+json' + TEXT,
    '.txt': 'text/plain' + TEXT,
    '.md': 'text/plain' + TEXT,
    '.csv': 'text/csv' + TEXT,
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.avif': 'image/avif',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.ttf': 'font/ttf',
    '.otf': 'font/otf',
    '.pdf': 'application/pdf',
    '.wasm': 'application/wasm',
    // pagefind's index files
    '.pf_meta': 'application/octet-stream',
    '.pf_index': 'application/octet-stream',
    '.pf_fragment': 'application/octet-stream',
    '.pagefind': 'application/octet-stream',
};

export function contentType(file) {
    return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/** '/sub/path' → '/sub/path/', '' → '/', 'sub' → '/sub/'. */
export function normalizeBasePath(basePath) {
    let p = (basePath || '/').trim();
    if (!p.startsWith('/')) p = '/' + p;
    if (!p.endsWith('/')) p += '/';
    return p.replace(/\/{2,}/g, '/');
}

/** The URL path (under basePath, percent-encoded) at which a file of the site is served. */
export function urlPathForFile(root, file, basePath) {
    const rel = path.relative(root, file).split(path.sep);
    if (rel[rel.length - 1] === 'index.html') rel[rel.length - 1] = '';
    return normalizeBasePath(basePath) + rel.map(encodeURIComponent).join('/');
}

/**
 * Maps a URL path to what the server answers, without reading the body:
 * { status: 200, file } | { status: 301, location } | { status: 404 } | { status: 400 | 403 }.
 */
export function resolvePath(root, basePath, urlPath) {
    basePath = normalizeBasePath(basePath);
    let rest;
    if (urlPath === basePath.slice(0, -1)) return { status: 301, location: basePath };
    if (!urlPath.startsWith(basePath)) return { status: 404 };
    rest = urlPath.slice(basePath.length);
    let decoded;
    try {
        decoded = decodeURIComponent(rest);
    } catch {
        return { status: 400 };
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
    const segments = decoded.split('/');
    if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };
    const realRoot = fs.realpathSync(root);
    let file = path.join(realRoot, ...segments.filter((s) => s !== ''));
    if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return { status: 403 };
    let stat;
    try {
        stat = fs.statSync(file);
    } catch {
        return { status: 404 };
    }
    if (stat.isDirectory()) {
        if (!decoded.endsWith('/') && decoded !== '') return { status: 301, location: urlPath + '/' };
        file = path.join(file, 'index.html');
        try {
            stat = fs.statSync(file);
        } catch {
            return { status: 404 };
        }
    }
    if (!stat.isFile()) return { status: 404 };
    // A symlink must not lead out of the root.
    let real;
    try {
        real = fs.realpathSync(file);
    } catch {
        return { status: 404 };
    }
    if (!real.startsWith(realRoot + path.sep)) return { status: 403 };
    return { status: 200, file: real };
}

/**
 * Starts the server. Options: root (the site folder), basePath (default '/'), host
 * (default 127.0.0.1), port (default 0: a free port), log (a function for each request, or null).
 */
export async function startServer({ root, basePath = '/', host = '127.0.0.1', port = 0, log = null }) {
    root = path.resolve(root);
    if (!fs.statSync(root).isDirectory()) throw new Error(`not a folder: ${root}`);
    basePath = normalizeBasePath(basePath);
    // The 404 page for a missing URL: the one in the nearest folder above it that has one.
    const notFoundPage = (urlPath) => {
        let rest = urlPath.startsWith(basePath) ? urlPath.slice(basePath.length) : '';
        let segments;
        try {
            segments = decodeURIComponent(rest).split('/').filter((s) => s && s !== '.' && s !== '..');
        } catch {
            segments = [];
        }
        for (let n = segments.length; n > 0; n--) {
            const candidate = path.join(root, ...segments.slice(0, n), '404.html');
            if (fs.existsSync(candidate)) return candidate;
        }
        return path.join(root, '404.html');
    };

    const server = http.createServer(async (req, res) => {
        const send = (status, headers, body) => {
            res.writeHead(status, headers);
            res.end(req.method === 'HEAD' ? undefined : body);
            if (log) log(`${status} ${req.method} ${req.url}`);
        };
        try {
            if (req.method !== 'GET' && req.method !== 'HEAD') {
                return send(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
            }
            let urlPath;
            try {
                urlPath = new URL(req.url, 'http://localhost').pathname;
            } catch {
                return send(400, { 'content-type': 'text/plain; charset=utf-8' }, 'bad request\n');
            }
            const r = resolvePath(root, basePath, urlPath);
            if (r.status === 200) {
                const body = await fsp.readFile(r.file);
                return send(200, {
                    'content-type': contentType(r.file),
                    'content-length': body.length,
                    'cache-control': 'no-cache',
                }, body);
            }
            if (r.status === 301) {
                return send(301, { location: r.location, 'content-type': 'text/plain; charset=utf-8' }, `moved to ${r.location}\n`);
            }
            if (r.status === 404) {
                let body = 'not found\n';
                let type = 'text/plain; charset=utf-8';
                const page = notFoundPage(urlPath);
                if (fs.existsSync(page)) {
                    body = await fsp.readFile(page);
                    type = 'text/html; charset=utf-8';
                }
                return send(404, { 'content-type': type }, body);
            }
            const text = r.status === 403 ? 'forbidden\n' : 'bad request\n';
            return send(r.status, { 'content-type': 'text/plain; charset=utf-8' }, text);
        } catch (err) {
            if (!res.headersSent) send(500, { 'content-type': 'text/plain; charset=utf-8' }, `server error: ${err.message}\n`);
            else res.destroy();
        }
    });
    // Keep-alive sockets would hold close() open.
    server.keepAliveTimeout = 1000;

    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
    });
    const address = server.address();
    const origin = `http://${host}:${address.port}`;
    return {
        origin,
        basePath,
        root,
        port: address.port,
        url: origin + basePath,
        resolve: (urlPath) => resolvePath(root, basePath, urlPath),
        close: () => new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections?.();
        }),
    };
}
