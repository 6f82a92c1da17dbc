// The Nu HTML Checker (vnu.jar from the vnu-jar package), run once, in one JVM, over every file.

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export function vnuJarPath() {
    // The package's main module exports the jar's path (a String object).
    const dir = path.dirname(require.resolve('vnu-jar/package.json'));
    return path.join(dir, 'build', 'dist', 'vnu.jar');
}

export function javaVersion(java = 'java') {
    const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) return null;
    return (r.stderr || r.stdout).split('\n')[0].trim();
}

// Errors of vnu's CSS checker (based on the old W3C CSS validator) about CSS that every current
// browser supports. They are listed as "ignored" in the report, not counted.
export const CSS_FALSE_POSITIVES = [
    /^CSS: Unrecognized at-rule “@(container|property|scope|starting-style|view-transition)”/,
    /^CSS: “(container|container-type|container-name|view-transition-name|text-wrap-style|text-wrap-mode|interpolate-size)”: Property “[^”]+” doesn't exist/,
];

/**
 * Runs vnu over htmlFiles (and cssFiles with --also-check-css when given). Returns
 * { ok, errors: [{ file, line, column, message, extract }], ignored: [...], version, fatal }.
 * root: file names in the report are relative to it.
 */
export async function runVnu({ root, htmlFiles, cssFiles = [], java = process.env.JAVA || 'java' }) {
    const jar = vnuJarPath();
    const files = [...htmlFiles, ...cssFiles];
    const result = { ok: false, errors: [], ignored: [], version: null, fatal: null, files: files.length };
    if (files.length === 0) {
        result.ok = true;
        return result;
    }
    if (!javaVersion(java)) {
        result.fatal = `\`${java}\` not found: run tests/browser/setup.sh (it installs default-jre-headless)`;
        return result;
    }
    // --no-langdetect: the language guess only ever gives a warning, which --errors-only drops.
    const args = ['-Xss8m', '-jar', jar, '--errors-only', '--no-langdetect', '--format', 'json', '--stdout', '--exit-zero-always'];
    if (cssFiles.length) args.push('--also-check-css');
    args.push(...files.map((f) => path.resolve(f)));
    const { code, stdout, stderr } = await new Promise((resolve) => {
        const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => err.push(d));
        child.on('error', (e) => resolve({ code: -1, stdout: '', stderr: String(e) }));
        child.on('close', (c) => resolve({ code: c, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
    // With --stdout the JSON report is on stdout (vnu's default is stderr).
    const text = (stdout.trim().startsWith('{') ? stdout : stderr).trim();
    let report;
    try {
        report = JSON.parse(text);
    } catch {
        result.fatal = `vnu exited ${code} without a JSON report:\n${(stderr + stdout).slice(0, 4000)}`;
        return result;
    }
    result.version = report.version || null;
    const rel = (url) => {
        if (!url) return '(unknown file)';
        try {
            return path.relative(root, fileURLToPath(url)).split(path.sep).join('/');
        } catch {
            return url;
        }
    };
    for (const m of report.messages || []) {
        if (m.type !== 'error' && m.type !== 'non-document-error') continue;
        const item = {
            file: rel(m.url),
            line: m.lastLine ?? m.firstLine ?? null,
            column: m.firstColumn ?? m.lastColumn ?? null,
            message: m.message,
            extract: m.extract || null,
            type: m.type,
        };
        if (CSS_FALSE_POSITIVES.some((re) => re.test(m.message || ''))) result.ignored.push(item);
        else result.errors.push(item);
    }
    result.ok = result.errors.length === 0;
    return result;
}
