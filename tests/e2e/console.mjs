// console.mjs: the console's shell: sign-in, the role shown, navigation
// per role, keyboard use at phone width, sign-out, the static files'
// headers as the browser gets them.
import assert from 'node:assert/strict';
import { BASE, TOKENS, PHONE, DESKTOP, test, shoot, signIn, signOut } from './lib.mjs';

test('sign-in refuses a wrong token and accepts a staff token', async (page) => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('form.signin');
  await shoot(page, 'signin');
  await page.fill('input[name=token]', 'not-a-token');
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('form.signin .msg-error');
  assert.match(await page.textContent('form.signin .msg-error'), /无效/);
  await page.fill('input[name=token]', TOKENS.staff);
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('#whoami[data-role=staff]');
  assert.equal(await page.textContent('#whoami .user-name'), 'staff-e2e');
  assert.equal(await page.textContent('#whoami .user-role'), '地名办工作人员');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('diming.token')), TOKENS.staff);
  await page.waitForSelector('main .lead');
  assert.match(await page.textContent('main .lead'), /会宁县（620422），下辖 28 个乡级区划/);
  await shoot(page, 'home-staff');
});

test('navigation shows each role only its screens', async (page) => {
  const navOf = async () => page.$$eval('#nav a', (as) => as.map((a) => a.textContent));
  await signIn(page, 'staff');
  const staffNav = await navOf();
  assert.ok(staffNav.includes('行政区划'));
  assert.ok(!staffNav.includes('审计日志'));
  await page.goto(`${BASE}/#/audit`);
  await page.waitForSelector('main h1');
  assert.equal(await page.textContent('main h1'), '无权访问');
  await signOut(page);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('diming.token')), null);
  await signIn(page, 'admin');
  assert.ok((await navOf()).includes('审计日志'));
  await page.click('#nav a[data-path="/audit"]');
  await page.waitForSelector('main table tbody tr');
  assert.equal(await page.textContent('main h1'), '审计日志');
  await shoot(page, 'audit-admin');
});

test('a phone user reaches every screen of the menu with the keyboard', async (page) => {
  await page.setViewportSize(PHONE);
  await signIn(page, 'inspector');
  assert.equal(await page.textContent('#whoami .user-role'), '界线巡检员');
  assert.equal(await page.isVisible('#nav'), false, 'the menu is folded at phone width');
  await page.waitForSelector('main .lead');
  await page.focus('.nav-toggle');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#nav.open');
  assert.equal(await page.getAttribute('.nav-toggle', 'aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(first, '首页', 'the menu follows its button');
  const items = await page.$$eval('#nav a', (as) => as.map((a) => a.textContent));
  for (let i = 0; i < items.indexOf('行政区划'); i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '行政区划');
  await page.keyboard.press('Enter');
  await page.waitForSelector('main h1:has-text("乡级区划")');
  assert.equal(await page.isVisible('#nav'), false, 'the menu folds after a choice');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `no sideways scrolling at 360 px (width ${scrollWidth})`);
  await page.setViewportSize(DESKTOP);
});

test('static files come with types, ETags, 304s and gzip', async (page) => {
  const resp = await page.goto(`${BASE}/js/main.js`);
  const hd = resp.headers();
  assert.equal(hd['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(hd['content-encoding'], 'gzip', 'Chromium asks for gzip and gets it');
  assert.match(hd.etag, /^"[0-9a-f]{16}-gz"$/);
  assert.equal(hd['cache-control'], 'no-cache');
  const again = await page.evaluate(async (etag) => {
    const r = await fetch('/js/main.js', { headers: { 'If-None-Match': etag }, cache: 'no-store' });
    return r.status;
  }, hd.etag);
  assert.equal(again, 304);
});
