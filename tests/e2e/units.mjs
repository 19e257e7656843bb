// units.mjs: the administrative units: 28 township polygons on the map
// from the units API, the table, a township's page from a click on the map.
import assert from 'node:assert/strict';
import { BASE, test, shoot, signIn, pointsInside } from './lib.mjs';

test('the township layer draws 28 polygons; a click on one opens its page', async (page) => {
  await signIn(page, 'staff');
  await page.click('#nav a[data-path="/units"]');
  await page.waitForSelector('#units-map[data-polygons]');
  assert.equal(await page.getAttribute('#units-map', 'data-polygons'), '28');
  assert.equal(await page.locator('#units-map path.township').count(), 28);
  assert.equal(await page.locator('main table tbody tr').count(), 28);
  await shoot(page, 'units');

  const sel = '#units-map path.township[data-code="620422100"]';
  const code = await page.getAttribute(sel, 'data-code');
  const [at] = await pointsInside(page, sel, 1);
  assert.ok(at, 'some point of 会师镇 can be clicked');
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('main .unit-code');
  assert.equal(await page.textContent('main .unit-code'), code);
  assert.equal(await page.textContent('main h1'), '会师镇');
  assert.match(await page.textContent('main .crumbs'), /甘肃省 › 白银市 › 会宁县 › 会师镇/);
  assert.equal(await page.locator('#unit-map path.unit-shape').count(), 1);
  const villages = page.locator('main table').nth(1).locator('tbody tr');
  assert.equal(await villages.count(), 21, '会师镇 has 21 village-level units');
  await shoot(page, 'unit');

  // A village from the table: no polygon, its parents as links.
  await villages.first().locator('a').click();
  await page.waitForSelector('main .unit-code:text-matches("^620422100\\\\d{3}$")');
  assert.match(await page.textContent('main .msg-info'), /没有登记边界/);
  await page.click('main .crumbs a:has-text("会师镇")');
  await page.waitForSelector('main h1:text-is("会师镇")');
});

test('a base tile layer set in 设置 is drawn under the vector layers', async (page) => {
  await signIn(page, 'admin');
  await page.click('#nav a[data-path="/settings"]');
  await page.fill('input[name=tileUrl]', 'ftp://tiles/{z}/{x}/{y}.png');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('main .msg-error');
  // A tile server on the same host (this one answers 404: the map must not care).
  await page.fill('input[name=tileUrl]', `${BASE}/tiles/{z}/{x}/{y}.png`);
  await page.click('main form button[type=submit]');
  await page.waitForSelector('main .msg-ok');
  await shoot(page, 'settings');
  await page.click('#nav a[data-path="/units"]');
  await page.waitForSelector('#units-map[data-polygons="28"]');
  await page.waitForSelector('#units-map img.leaflet-tile', { state: 'attached' });
  const src = await page.getAttribute('#units-map img.leaflet-tile', 'src');
  assert.match(src, new RegExp(`^${BASE}/tiles/\\d+/\\d+/\\d+\\.png$`));
  // Back to no base map for the other tests (settings live in this browser).
  await page.click('#nav a[data-path="/settings"]');
  await page.fill('input[name=tileUrl]', '');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('main .msg-ok');
});
