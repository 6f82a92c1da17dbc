// Launches Debian's Chromium (/usr/bin/chromium) through playwright-core, headless, with a new
// empty profile folder that is removed on close. Never downloads a browser.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Without the background-networking flags Chromium tries to reach Google's services, and on a
// machine whose network only reaches package registries those connections are refused.
export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

/**
 * Returns { context, page, close } : one persistent context on a fresh profile folder and one
 * page in it. Options: viewport ({width, height}), bypassCSP (default true, so that axe can be
 * injected whatever the page's Content-Security-Policy says), javaScriptEnabled (default true),
 * ignoreHTTPSErrors (default false; csp-check.mjs sets it for nginx's throwaway certificate).
 */
export async function launchBrowser({ viewport = { width: 1280, height: 800 }, bypassCSP = true, javaScriptEnabled = true, ignoreHTTPSErrors = false } = {}) {
    if (!fs.existsSync(CHROMIUM)) {
        throw new Error(`${CHROMIUM} not found: run tests/browser/setup.sh (it installs Debian's chromium)`);
    }
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'office-site-chromium-'));
    let context;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: CHROMIUM,
            headless: true,
            args: CHROMIUM_ARGS,
            viewport,
            bypassCSP,
            javaScriptEnabled,
            ignoreHTTPSErrors,
            locale: 'ja-JP',
            timezoneId: 'Asia/Tokyo',
            reducedMotion: 'reduce',
            serviceWorkers: 'block',
            timeout: 60_000,
        });
    } catch (err) {
        fs.rmSync(userDataDir, { recursive: true, force: true });
        throw err;
    }
    const page = context.pages()[0] || (await context.newPage());
    return {
        context,
        page,
        close: async () => {
            try {
                await context.close();
            } finally {
                fs.rmSync(userDataDir, { recursive: true, force: true });
            }
        },
    };
}
