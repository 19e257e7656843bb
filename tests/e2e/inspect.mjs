// inspect.mjs: inspection on a phone: the lines of the round, a line's
// markers in order, a marker's page; a record with the phone's position
// and a camera photo made while the network is cut waits in the outbox
// (its count shown), and arrives exactly once when the network returns.
// The round overview: progress, check findings on the map, a report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, PHONE, DESKTOP, test, shoot, signIn } from './lib.mjs';

// markerRecords(page, id): the marker's records as the API has them.
async function markerRecords(page, id) {
  return page.evaluate(async (mid) => (await (await fetch(`/api/v1/markers/${mid}`)).json()).records, id);
}

test('an inspection recorded offline with a photo is queued and arrives once', async (page) => {
  await page.setViewportSize(PHONE);
  await signIn(page, 'inspector');
  // The outbox count comes from IndexedDB after the page has drawn.
  await page.waitForSelector('#outbox[data-count]', { state: 'attached' });
  assert.equal(await page.getAttribute('#outbox', 'data-count'), '0');
  await page.goto(`${BASE}/#/inspect`);
  await page.waitForSelector('.line-card');
  await shoot(page, 'inspect-lines');
  await page.setViewportSize(PHONE);
  const lineNumber = await page.getAttribute('.line-card >> nth=0', 'data-line');
  await page.click('.line-card >> nth=0');
  await page.waitForSelector('#line-map path.marker-dot');
  const ids = await page.$$eval('main a.marker-link', (as) => as.map((a) => a.textContent));
  assert.ok(ids.length > 0);
  assert.deepEqual(ids, [...ids].sort(), 'markers in B5 order');
  assert.ok(ids.every((id) => id.startsWith(lineNumber)), 'the markers of this line');
  assert.equal(await page.locator('#line-map path.marker-dot').count(), ids.length);
  await shoot(page, 'inspect-line');
  await page.setViewportSize(PHONE);

  const markerId = ids[0];
  await page.click(`main a.marker-link:text-is("${markerId}")`);
  await page.waitForSelector('form.record-form');
  const before = await markerRecords(page, markerId);
  const reg = await page.evaluate(async (mid) => (await (await fetch(`/api/v1/markers/${mid}`)).json()), markerId);

  // The phone's position: 0.3 m north of the registered one, ±4 m.
  const ctx = page.context();
  await ctx.grantPermissions(['geolocation'], { origin: BASE });
  await ctx.setGeolocation({ latitude: reg.lat + 0.0000027, longitude: reg.lon, accuracy: 4 });
  await page.click('form.record-form button[name=locate]');
  await page.waitForSelector('form.record-form .position:has-text("精度 ±4.0 米")');

  // The network goes; the record waits in the outbox.
  const notes = `离线记录 ${process.pid}`;
  await ctx.setOffline(true);
  await page.selectOption('select[name=condition]', 'faded');
  await page.selectOption('select[name=action]', 'repainted');
  await page.fill('textarea[name=notes]', notes);
  const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 64, height: 64 } });
  await page.setInputFiles('input[name=photos]', { name: 'marker.png', mimeType: 'image/png', buffer: photo });
  await page.click('form.record-form button[name=save]');
  await page.waitForSelector('form.record-form .msg-warn');
  await page.waitForSelector('#outbox[data-count="1"]');
  await shoot(page, 'inspect-offline');

  // The network returns: the outbox empties by itself, the record is there once.
  await ctx.setOffline(false);
  await page.waitForSelector('#outbox[data-count="0"]');
  const after = await markerRecords(page, markerId);
  const mine = after.filter((r) => r.notes === notes);
  assert.equal(mine.length, 1, 'stored exactly once');
  assert.equal(after.length, before.length + 1);
  assert.equal(mine[0].condition.code, 'faded');
  assert.equal(mine[0].photos.length, 1);
  assert.ok(mine[0].client_id.startsWith('web-'));
  assert.ok(Math.abs(mine[0].distance_m - 0.3) < 0.1, `distance ${mine[0].distance_m}`);
  assert.ok(mine[0].observed.accuracy_m === 4);

  // Pressing the badge again sends nothing twice.
  await page.click('#outbox');
  await page.waitForSelector('#outbox[data-count="0"]');
  assert.equal((await markerRecords(page, markerId)).filter((r) => r.notes === notes).length, 1);
  await page.reload();
  await page.waitForSelector(`#records li.record:has-text("${notes}") .photos img`);
  await shoot(page, 'inspect-marker');

  // Without a signal the line seen before opens again (the service worker's copy).
  await page.setViewportSize(PHONE);
  await ctx.setOffline(true);
  await page.click(`main .crumbs a:text-is("${lineNumber}")`);
  await page.waitForSelector('#line-map path.marker-dot');
  assert.equal(await page.locator('main a.marker-link').count(), ids.length);
  await ctx.setOffline(false);
});

test('the round overview shows progress, check findings on the map and downloads a report', async (page) => {
  await signIn(page, 'admin');
  await page.click('#nav a[data-path="/rounds"]');
  await page.waitForSelector('#round-progress');
  assert.match(await page.textContent('#round-progress'), /已检界桩 \d+ \/ \d+/);
  await page.waitForSelector('#round-map[data-findings]', { timeout: 120000 });
  const n = Number(await page.getAttribute('#round-map', 'data-findings'));
  assert.ok(n > 0, 'the demonstration round has findings');
  assert.ok(await page.locator('#round-map path.finding-shape').count() > 0);
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.click('button[data-report="findings.csv"]'),
  ]);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.ok(csv.split('\n').length > n, 'one line per finding and a header');
  await shoot(page, 'rounds');
  await page.setViewportSize(DESKTOP);
});
