// Loads every page of a built site through nginx running deploy/nginx.conf (HTTPS, with a
// throwaway self-signed certificate, the site laid out as a deploy folder: current ->
// releases/ID/site) in headless Chromium, with the Content-Security-Policy enforced, and fails
// on any CSP violation (a `securitypolicyviolation` event or a console message about the
// policy), on a page without the policy header, and on a page error.
//
//   node tests/browser/csp-check.mjs OUTPUT --base-path /iryou-innovation/
//
// Needs nginx and openssl (apt-get install nginx openssl) besides what setup.sh installs.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { describeSite } from './lib/site.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const RELEASE = '20110107T000000.000Z-csp-check';

function usage(message) {
    if (message) console.error(`csp-check: ${message}`);
    console.error('usage: node tests/browser/csp-check.mjs OUTPUT --base-path /iryou-innovation/');
    process.exit(2);
}

function parseArgs(argv) {
    const opts = { output: null, basePath: '/' };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--base-path') opts.basePath = argv[++i];
        else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
        else if (!opts.output) opts.output = argv[i];
        else usage(`unexpected argument ${argv[i]}`);
    }
    if (!opts.output || !fs.existsSync(opts.output)) usage('OUTPUT must be a built site');
    if (!opts.basePath.endsWith('/')) opts.basePath += '/';
    return opts;
}

function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

async function waitForPort(port, child, log) {
    const deadline = Date.now() + 20_000;
    for (;;) {
        const ok = await new Promise((resolve) => {
            const c = net.connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
            c.on('error', () => resolve(false));
        });
        if (ok) return;
        if (child.exitCode !== null || Date.now() > deadline) {
            throw new Error(`nginx did not start: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
}

/** deploy/nginx.conf with its ports, certificate and deploy folder replaced (as tests/nginx.rs does). */
function nginxConfig(work, deployPath, ports) {
    let block = fs.readFileSync(path.join(REPO, 'deploy/nginx.conf'), 'utf8');
    const replacements = [
        ['listen 80;', `listen 127.0.0.1:${ports.redirect};`],
        ['listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`],
        ['/etc/ssl/certs/www.example.go.jp.pem', `${work}/cert.pem`],
        ['/etc/ssl/private/www.example.go.jp.key', `${work}/key.pem`],
        ['/var/www/iryou-innovation/current;', `"${deployPath}/current";`],
        ['root /var/www;', `root ${work}/www;`],
    ];
    for (const [from, to] of replacements) {
        if (!block.includes(from)) throw new Error(`deploy/nginx.conf has no \`${from}\``);
        block = block.split(from).join(to);
    }
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${work}/${t};`).join('\n');
    return `daemon off;\nmaster_process off;\npid ${work}/nginx.pid;\nerror_log ${work}/error.log;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n${temp}\n${block}\n}\n`;
}

async function startNginx(output) {
    const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
    if (!nginx) throw new Error('nginx is not installed (apt-get install nginx)');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'office-site-csp-'));
    const deployPath = path.join(work, 'deploy');
    const release = path.join(deployPath, 'releases', RELEASE, 'site');
    fs.mkdirSync(path.dirname(release), { recursive: true });
    fs.cpSync(path.resolve(output), release, { recursive: true });
    fs.symlinkSync(`releases/${RELEASE}/site`, path.join(deployPath, 'current'));
    fs.mkdirSync(path.join(work, 'www'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=www.example.go.jp',
        '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem')], { stdio: 'ignore' });
    const ports = { redirect: await freePort(), https: await freePort() };
    fs.writeFileSync(path.join(work, 'nginx.conf'), nginxConfig(work, deployPath, ports));
    const child = spawn(nginx, ['-p', work, '-c', path.join(work, 'nginx.conf')], { stdio: 'ignore' });
    await waitForPort(ports.https, child, path.join(work, 'error.log'));
    return {
        port: ports.https,
        stop: () => {
            child.kill();
            fs.rmSync(work, { recursive: true, force: true });
        },
    };
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const site = describeSite(opts.output, opts.basePath);
    const server = await startNginx(opts.output);
    const origin = `https://127.0.0.1:${server.port}`;
    const browser = await launchBrowser({ bypassCSP: false, ignoreHTTPSErrors: true });
    const failures = [];
    let loaded = 0;
    try {
        const { page } = browser;
        await page.addInitScript(() => {
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', (e) => {
                window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
            });
        });
        let consoleMessages = [];
        page.on('console', (m) => {
            if (/content security policy/i.test(m.text())) consoleMessages.push(m.text());
        });
        page.on('pageerror', (e) => consoleMessages.push(`page error: ${e.message}`));
        const visits = site.pages
            .filter((p) => p.kind !== 'redirect')
            .map((p) => (p.kind === 'notfound' ? p.missingPath : p.urlPath));
        // The search page runs its library (fetching the index) only with a query.
        const search = visits.find((v) => /\/search\/$/.test(v));
        if (search) visits.push(`${search}?q=${encodeURIComponent('医療')}`);
        for (const url of visits) {
            consoleMessages = [];
            const response = await page.goto(origin + url, { waitUntil: 'networkidle' });
            const csp = response && (await response.headerValue('content-security-policy'));
            if (!csp) failures.push(`${url}: no Content-Security-Policy header`);
            const violations = await page.evaluate(() => window.__cspViolations || []);
            for (const v of [...violations, ...consoleMessages]) failures.push(`${url}: ${v}`);
            loaded++;
        }
    } finally {
        await browser.close();
        server.stop();
    }
    for (const f of failures) console.error(`csp-check: ${f}`);
    console.log(`csp-check: ${loaded} pages loaded through nginx (deploy/nginx.conf, HTTPS): ${failures.length} CSP violations or errors`);
    process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
    console.error(`csp-check: ${e.stack || e}`);
    process.exit(1);
});
