// doorplates.mjs: compiling a doorplate number by a click on the map
// (proposal with its reason, then confirmation); a print batch of
// selected plates downloaded and one plate's QR decoded with zbarimg; the
// D1 problems report on the map; plate states moved in bulk by typed codes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, test, shoot, signIn } from './lib.mjs';

const TOWN = '620422100'; // 会师镇, the county seat, where the streets are

// apiGet(page, path): GET path's JSON from inside the page (same origin).
async function apiGet(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

// clearSpotNear(page, selector): a viewport point 20-60 px beside the
// element's middle where a click reaches the map itself (no street, no
// plate), or null.
async function clearSpotNear(page, selector) {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    for (let d = 20; d <= 60; d += 4) {
      for (const [x, y] of [[cx, cy - d], [cx, cy + d], [cx - d, cy], [cx + d, cy]]) {
        const hit = document.elementFromPoint(x, y);
        if (hit && !hit.closest('.leaflet-interactive, .leaflet-marker-icon, .leaflet-control')) return { x, y };
      }
    }
    return null;
  });
}

test('a doorplate number is proposed by a click on the map and confirmed', async (page) => {
  await signIn(page, 'staff');
  await page.goto(`${BASE}/#/doorplates?unit=${TOWN}`);
  await page.waitForSelector('#plates-map[data-streets]');
  assert.ok(Number(await page.getAttribute('#plates-map', 'data-streets')) > 0);
  // A street the D1 report finds nothing on, so the numbering is consistent.
  const report = await apiGet(page, `/api/v1/doorplates/problems?unit=${TOWN}`);
  const troubled = new Set(report.problems.flatMap((p) => (p.addresses || []).map((a) => String(a.street))));
  const streetId = await page.$eval('select[name=street]', (s, bad) => [...s.options]
    .map((o) => o.value).find((v) => v && !bad.includes(v)), [...troubled]);
  assert.ok(streetId, 'a street without problems');
  const streetName = await page.$eval(`select[name=street] option[value="${streetId}"]`, (o) => o.textContent);
  await page.selectOption('select[name=street]', streetId);
  await page.waitForSelector('#plates-map[data-plates]');
  const line = `#plates-map path.street[data-street="${streetId}"]`;
  await page.locator(line).scrollIntoViewIfNeeded();
  const at = await clearSpotNear(page, line);
  assert.ok(at, `a free spot beside ${streetName}`);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#proposed-number');
  const proposed = await page.textContent('#proposed-number');
  assert.ok(proposed.startsWith(streetName) && /\d+(-\d+)?号$/.test(proposed), proposed);
  assert.ok((await page.textContent('.proposal .why')).length > 4, 'the reason is shown');
  await shoot(page, 'doorplate-proposal');
  await page.click('form.proposal-form button[name=confirm]');
  await page.waitForSelector('.proposal[data-created]');
  const code = await page.getAttribute('.proposal', 'data-created');
  const plate = await apiGet(page, `/api/v1/doorplates/${code}`);
  assert.equal(`${plate.address.street.name}${plate.address.number}号`, proposed);
  assert.equal(plate.address.township.code, TOWN);
});

test("a street's numbering rule is shown and changed on the compiling screen", async (page) => {
  await signIn(page, 'staff');
  await page.goto(`${BASE}/#/doorplates?unit=${TOWN}`);
  await page.waitForSelector('#plates-map[data-streets]');
  await page.selectOption('select[name=street]', { label: '会师路' });
  await page.waitForSelector('form.rule-form');
  const id = await page.$eval('select[name=street]', (s) => s.value);
  const before = await apiGet(page, `/api/v1/streets/${id}/numbering`);
  assert.equal(await page.$eval('select[name=odd_side]', (s) => s.value), before.odd_side);
  assert.equal(await page.$eval('select[name=direction]', (s) => s.value), before.direction);
  const flipped = before.odd_side === 'left' ? 'right' : 'left';
  await page.selectOption('select[name=odd_side]', flipped);
  await page.fill('input[name=spacing_m]', '6.5');
  await page.click('button[name=save-rule]');
  await page.waitForSelector(`.numbering-rule[data-saved="${flipped} ${before.direction} 6.5"]`);
  const after = await apiGet(page, `/api/v1/streets/${id}/numbering`);
  assert.equal(after.odd_side, flipped);
  assert.equal(after.spacing_m, 6.5);
  await shoot(page, 'doorplate-numbering-rule');
  // A spacing outside 1-100 m is refused by the form itself; nothing changes.
  await page.fill('input[name=spacing_m]', '500');
  await page.click('button[name=save-rule]');
  assert.equal(await page.$eval('input[name=spacing_m]', (e) => e.validity.valid), false);
  assert.equal((await apiGet(page, `/api/v1/streets/${id}/numbering`)).spacing_m, 6.5);
  // Back as it was, for the tests that follow.
  await page.selectOption('select[name=odd_side]', before.odd_side);
  await page.fill('input[name=spacing_m]', String(before.spacing_m));
  await page.click('button[name=save-rule]');
  await page.waitForSelector(`.numbering-rule[data-saved="${before.odd_side} ${before.direction} ${before.spacing_m}"]`);
});

test('a print batch of three plates downloads and a plate QR decodes to its URL', async (page) => {
  await signIn(page, 'staff');
  await page.goto(`${BASE}/#/doorplates?unit=${TOWN}`);
  await page.waitForSelector('#plates-map[data-streets]');
  await page.selectOption('select[name=street]', { label: '会师路' });
  await page.waitForSelector('input[name=plate]');
  const boxes = page.locator('input[name=plate]');
  const codes = [];
  for (let i = 0; i < 3; i++) {
    await boxes.nth(i).check();
    codes.push(await boxes.nth(i).getAttribute('value'));
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[name=batch]')]);
  const dir = mkdtempSync(join(tmpdir(), 'diming-batch-'));
  try {
    const zipPath = join(dir, 'batch.zip');
    await dl.saveAs(zipPath);
    // The archive: a manifest and the three plates (python3's zipfile checks the CRCs).
    const listing = execFileSync('python3', ['-c', `
import csv, io, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
rows = list(csv.DictReader(io.StringIO(z.read('manifest.csv').decode('utf-8-sig'))))
print('\\n'.join(r['code'] + ' ' + r['url'] for r in rows))
z.extract(rows[0]['file'], sys.argv[2])
`, zipPath, dir], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(' '));
    assert.deepEqual(listing.map((r) => r[0]).sort(), [...codes].sort());
    const [firstCode, firstUrl] = listing[0];
    assert.match(firstUrl, new RegExp(`^HTTPS://.*/P/${firstCode}$`), 'D4: an HTTPS URL with the code');
    execFileSync('rsvg-convert', ['-w', '1600', '-o', join(dir, 'plate.png'), join(dir, `${firstCode}.svg`)]);
    const decoded = execFileSync('zbarimg', ['--raw', '-q', join(dir, 'plate.png')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    assert.equal(decoded, firstUrl);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the D1 problems report of a township is drawn on the map', async (page) => {
  await signIn(page, 'staff');
  await page.goto(`${BASE}/#/doorplates/problems?unit=${TOWN}`);
  await page.waitForSelector('#problems-map[data-problems]');
  const n = Number(await page.getAttribute('#problems-map', 'data-problems'));
  const report = await apiGet(page, `/api/v1/doorplates/problems?unit=${TOWN}`);
  assert.equal(n, report.problems.length);
  assert.ok(n > 0, 'the seeded problems are found');
  assert.ok(await page.locator('#problems-map path.problem-plate').count() > 0);
  assert.equal(await page.locator('main table tbody tr').count(), n);
  await shoot(page, 'doorplate-problems');
});

test('plate states move to produced in bulk from typed and scanned codes', async (page) => {
  await signIn(page, 'staff');
  const { plates } = await apiGet(page, `/api/v1/doorplates?unit=${TOWN}&limit=1000`);
  const ready = plates.filter((p) => ['compiled', 'entered'].includes(p.state)).slice(0, 2);
  assert.equal(ready.length, 2, 'two plates not yet produced');
  await page.goto(`${BASE}/#/doorplates/states`);
  await page.waitForSelector('input[name=scan]');
  await page.fill('input[name=scan]', ready[0].code);
  await page.press('input[name=scan]', 'Enter');
  await page.fill('input[name=scan]', ready[1].url); // what a scanner reads from the QR
  await page.press('input[name=scan]', 'Enter');
  await page.fill('input[name=scan]', '620422100000000000');
  await page.press('input[name=scan]', 'Enter');
  assert.equal(await page.getAttribute('#code-list', 'data-count'), '3');
  await page.selectOption('select[name=state]', 'produced');
  await page.click('button[name=apply]');
  await page.waitForSelector('#bulk-summary');
  assert.equal(await page.textContent('#bulk-summary'), '成功 2 块，失败 1 块。');
  for (const p of ready) {
    assert.equal((await apiGet(page, `/api/v1/doorplates/${p.code}`)).state, 'produced');
  }
  await shoot(page, 'doorplate-states');
});
