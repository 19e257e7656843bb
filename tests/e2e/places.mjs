// places.mjs: the place-name screens: the register searched by pinyin,
// initials and former names; a new street name whose homophone warning
// (N3) shows with its rule and article as it is typed, acknowledged,
// proposed, reviewed with the three documents (N5), approved, and its
// announcement (N6) opened and printed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, BASE, test, shoot, signIn, pointsInside } from './lib.mjs';

// daysAgo(n): the local date n days before today, YYYY-MM-DD.
function daysAgo(n) {
  const d = new Date(Date.now() - n * 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
const approved = daysAgo(30);
const due = daysAgo(15);

test('the register finds names by initials, full pinyin and former names', async (page) => {
  await signIn(page, 'staff');
  await page.click('#nav a[data-path="/places"]');
  await page.fill('input[name=q]', 'hsnl');
  await page.click('form.filters button[type=submit]');
  await page.waitForSelector('main .register tbody tr td a:text-is("会师南路")');
  await page.fill('input[name=q]', '南大街');
  await page.click('form.filters button[type=submit]');
  await page.waitForSelector('main .register td:text-is("曾用名：南大街")');
  const first = await page.textContent('main .register tbody tr td a');
  assert.equal(first, '会师南路');
  await shoot(page, 'places-register');
});

test('a new street name: homophone warning, acknowledged, walked to approved, announcement printed', async (page) => {
  await signIn(page, 'staff');
  await page.goto(`${BASE}/#/places/new`);
  await page.waitForSelector('#new-place-map path.unit-shape');
  await page.selectOption('select[name=category]', '0801');
  await page.selectOption('select[name=unit]', '620422100');
  await page.waitForSelector('#new-place-map path.unit-shape');
  await page.locator('input[name=name]').pressSequentially('汇师南路');

  // The check runs as the officer types: N3 homophone of 会师南路, a warning.
  const warning = page.locator('.finding[data-code="n3_homophone"]');
  await warning.waitFor();
  assert.equal(await warning.locator('.finding-rule').textContent(), 'N3');
  assert.equal(await warning.locator('.finding-severity').textContent(), '警告');
  assert.match(await warning.locator('.finding-source').textContent(), /《地名管理条例》第九条/);
  assert.match(await warning.locator('.finding-about').textContent(), /会师南路/);
  assert.match(await page.textContent('.reading'), /Huìshī Nánlù/);

  // Where it lies: a line of two clicks inside 会师镇; where it runs.
  await page.selectOption('select[name=kind]', 'line');
  const pts = await pointsInside(page, '#new-place-map path.unit-shape', 2);
  assert.equal(pts.length, 2, 'two points inside 会师镇');
  for (const p of pts) await page.mouse.click(p.x, p.y);
  await page.waitForSelector('#new-place-map path.drawn-shape', { state: 'attached' });
  await page.fill('input[name=location]', '西起会师南路，东至文昌路');
  await warning.locator('.ack-box').check();
  await warning.locator('.ack-note').fill('两路相距较远，经核实不致混淆');
  await shoot(page, 'place-new');
  await page.click('form.place-form button[name=propose]');

  // The place page: proposed, the warning shown as acknowledged.
  await page.waitForSelector('#place-status[data-status="proposed"]');
  assert.equal(await page.textContent('main h1 .badge'), '已申报');
  assert.match(await page.textContent('.finding[data-code="n3_homophone"] .finding-ack'), /经核实不致混淆/);

  // Review with the three documents of N5, then approve.
  await page.fill('form.step[data-action="review"] input[name="doc-evaluation"]', '会民发〔2026〕12号');
  await page.fill('form.step[data-action="review"] input[name="doc-expert_review"]', '专家论证纪要 2026-01');
  await page.fill('form.step[data-action="review"] input[name="doc-consultation"]', '征求意见公示 2026-02');
  await page.click('form.step[data-action="review"] button[type=submit]');
  await page.waitForSelector('#place-status[data-status="under_review"]');
  assert.equal(await page.locator('main table').first().locator('tbody tr').count(), 3);
  await page.fill('form.step[data-action="approve"] input[name=date]', approved);
  await page.click('form.step[data-action="approve"] button[type=submit]');
  await page.waitForSelector('#place-status[data-status="approved"]');
  assert.ok(await page.isVisible('form.step[data-action="file"]'));
  assert.ok(await page.isVisible('form.step[data-action="announce"]'));
  assert.equal(await page.locator('form.step[data-action="approve"]').count(), 0);
  await shoot(page, 'place-approved');

  // The announcement, ready to print: the six fields of N6.
  const link = await page.getAttribute('#announcement-link', 'href');
  await page.goto(new URL(link, BASE).href);
  const text = await page.textContent('body');
  for (const want of ['汇师南路', 'Huishi Nanlu', '会师镇', '西起会师南路，东至文昌路', '会宁县人民政府']) {
    assert.ok(text.includes(want), `the announcement shows ${want}`);
  }
  await page.pdf({ path: join(ARTIFACTS, 'announcement.pdf'), format: 'A4' });
  await shoot(page, 'announcement');

  // Approved 30 days ago, neither filed nor announced: overdue (N6, 15 days).
  await page.goto(`${BASE}/#/places/overdue`);
  const row = page.locator('main tbody tr', { has: page.locator('a:text-is("汇师南路")') });
  await row.waitFor();
  const late = await row.textContent();
  assert.ok(late.includes(approved) && late.includes(due) && late.includes('备案、公告'), late);
  await shoot(page, 'places-overdue');
});
