// lib.mjs: what the browser tests share: Debian's Chromium driven by
// playwright-core (installed by scripts/web-deps into var/npm), a tiny
// sequential test runner, screenshots at phone and desktop widths, and a
// guard that fails on any request leaving the server or any page error.
//
// Environment (set by tests/integration/test_web.sh):
//   DIMING_BASE       the server, "http://127.0.0.1:PORT"
//   DIMING_NPM        the npm directory holding node_modules/playwright-core
//   DIMING_ARTIFACTS  where screenshots and downloads go
//   DIMING_TOKEN_*    tokens: ADMIN, STAFF, INSPECTOR
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = need('DIMING_BASE');
export const ARTIFACTS = need('DIMING_ARTIFACTS');
export const TOKENS = {
  admin: need('DIMING_TOKEN_ADMIN'),
  staff: need('DIMING_TOKEN_STAFF'),
  inspector: need('DIMING_TOKEN_INSPECTOR'),
};
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };
const CHROMIUM = process.env.DIMING_CHROMIUM || '/usr/bin/chromium';

// need(name): the environment variable's value; throws when it is unset.
function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through tests/integration/test_web.sh)`);
  return v;
}

// loadPlaywright(): playwright-core from DIMING_NPM; throws when missing.
function loadPlaywright() {
  const require = createRequire(join(need('DIMING_NPM'), 'package.json'));
  return require('playwright-core');
}

// launch(profile): Debian's Chromium, headless, with the flags a root
// sandbox and a machine without outside network need, in the new empty
// profile directory profile.
async function launch(profile) {
  const { chromium } = loadPlaywright();
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    locale: 'zh-CN',
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// guard(page): records requests to anything but the server (data: and
// blob: URLs are local) and uncaught page errors; check() throws if any.
export function guard(page) {
  const outside = [];
  const errors = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(`${BASE}/`) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    check() {
      if (outside.length) throw new Error(`requests outside the server: ${outside.join(', ')}`);
      if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    },
  };
}

// shoot(page, name): saves NAME-phone.png and NAME-desktop.png of the page
// as it is now, then leaves it at desktop width.
export async function shoot(page, name) {
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`), fullPage: true });
}

// signIn(page, role): opens the console and signs in with the role's token;
// resolves once the role is shown.
export async function signIn(page, role) {
  await page.goto(`${BASE}/`);
  await page.fill('input[name=token]', TOKENS[role]);
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector(`#whoami[data-role=${role}]`);
}

// signOut(page): signs out through the header's button.
export async function signOut(page) {
  await page.click('.user button');
  await page.waitForSelector('form.signin');
}

// pointsInside(page, selector, n): up to n viewport points, far apart,
// where a click lands on the element (found by scanning a grid over its
// bounding box, after scrolling the element into view).
export async function pointsInside(page, selector, n) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  return page.$eval(selector, (el, want) => {
    const r = el.getBoundingClientRect();
    const found = [];
    for (let i = 1; i < 20; i++) {
      for (let j = 1; j < 20; j++) {
        const x = r.left + (r.width * ((i * 7) % 20)) / 20;
        const y = r.top + (r.height * j) / 20;
        const far = found.every((p) => Math.hypot(p.x - x, p.y - y) > 40);
        if (far && document.elementFromPoint(x, y) === el) found.push({ x, y });
        if (found.length === want) return found;
      }
    }
    return found;
  }, n);
}

const tests = [];

// test(name, fn): registers fn(page) to run in order.
export function test(name, fn) {
  tests.push({ name, fn });
}

// run(): runs every registered test in one browser, each in a new page;
// prints "ok"/"not ok" lines and "N passed, N failed"; exits 1 on failure.
export async function run() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'diming-chromium-'));
  const browser = await launch(profile);
  let passed = 0;
  let failed = 0;
  try {
    for (const t of tests) {
      const page = await browser.newPage();
      page.setDefaultTimeout(30000);
      const g = guard(page);
      try {
        await t.fn(page);
        g.check();
        passed++;
        console.log(`ok - ${t.name}`);
      } catch (err) {
        failed++;
        console.log(`not ok - ${t.name}\n  ${String(err.stack || err).split('\n').join('\n  ')}`);
        await page.screenshot({ path: join(ARTIFACTS, `FAILED-${t.name.replace(/\W+/g, '_')}.png`) })
          .catch(() => {});
      } finally {
        await browser.setOffline(false); // a test that failed offline leaves the network on
        await page.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed || passed === 0) process.exit(1);
}
