// screens/place-new.js (staff): proposing a new standard name.  The rule
// check (GET /api/v1/places/check) runs as the officer types and shows
// every finding with its rule and source article; warnings are
// acknowledged here; the place is saved as a draft or proposed at once
// (POST /api/v1/places), with a geometry drawn on the map or the unit it
// lies in.

import { api, query } from '../api.js';
import { h, clear, message, field } from '../dom.js';
import { Drawing } from '../draw.js';
import { FindingsList } from '../findings.js';
import { createMap, fitTo, polygonLayer, unitFeature } from '../map.js';
import { go } from '../router.js';
import { categories } from '../places-data.js';
import { children, homeCounty, withGeometries } from '../units-data.js';

const KIND_NAMES = { point: '点', line: '线', polygon: '面' };
const CHECK_DELAY_MS = 250; // typing pause before the check is asked

// Renders the form.
export default async function render(main, ctx) {
  ctx.setTitle('新地名申报');
  const county = await homeCounty();
  const [cats, towns] = await Promise.all([categories(), children(county.code)]);
  if (!ctx.isCurrent()) return null;

  const name = h('input', { name: 'name', required: true, autocomplete: 'off', maxlength: 20 });
  const category = h('select', { name: 'category', required: true },
    cats.map((c) => h('option', { value: c.code, selected: c.code === '0801' }, `${c.code} ${c.class} / ${c.subclass}`)));
  const unit = h('select', { name: 'unit', required: true },
    towns.map((t) => h('option', { value: t.code }, t.name)));
  const location = h('input', { name: 'location', placeholder: '如：西起文昌路，东至枝阳路' });
  const meaning = h('textarea', { name: 'meaning', rows: 2 });
  const origin = h('textarea', { name: 'origin', rows: 2 });
  const kind = h('select', { name: 'kind' });
  const reading = h('p', { class: 'reading', 'aria-live': 'polite' });
  const findings = new FindingsList();
  const status = h('div', { class: 'status' });
  const mapEl = h('div', { class: 'map map-small', id: 'new-place-map', role: 'region', 'aria-label': '绘制位置的地图' });
  const geomInfo = h('p', { class: 'hint geom-info' }, '未绘制：将按所选乡镇登记。');

  let checkSeq = 0;
  let timer = null;
  async function check() {
    const mine = ++checkSeq;
    const text = name.value.trim();
    if (!text) {
      clear(reading);
      findings.el.replaceChildren();
      return;
    }
    try {
      const r = await api(`/api/v1/places/check${query({ name: text, category: category.value, unit: unit.value })}`);
      if (mine !== checkSeq) return;
      clear(reading, h('strong', null, r.name), ` ${r.pinyin_toned}（${r.pinyin}）· 专名 ${r.specific} · 通名 ${r.generic}`);
      findings.show(r);
    } catch (err) {
      if (mine !== checkSeq) return;
      clear(reading);
      findings.el.replaceChildren(message('error', err.message));
    }
  }
  function checkSoon() {
    clearTimeout(timer);
    timer = setTimeout(check, CHECK_DELAY_MS);
  }
  function fillKinds() {
    const c = cats.find((x) => x.code === category.value);
    clear(kind, ...(c?.geometry || ['point']).map((k) => h('option', { value: k }, KIND_NAMES[k] || k)));
    drawing.setKind(kind.value);
  }

  async function submit(propose) {
    const geometry = drawing.geometry();
    const body = {
      name: name.value.trim(), category: category.value,
      location: location.value.trim() || undefined,
      meaning: meaning.value.trim() || undefined,
      origin: origin.value.trim() || undefined,
      status: propose ? 'proposed' : 'draft',
    };
    if (geometry) body.geometry = geometry; else body.unit = unit.value;
    if (propose) body.acknowledgements = findings.acknowledgements();
    clear(status, message('info', '正在提交……'));
    try {
      const place = await api('/api/v1/places', { method: 'POST', body });
      go(`/places/${place.id}`);
    } catch (err) {
      clear(status, message('error', err.message));
      if (err.detail.findings) findings.show(err.detail.findings);
    }
  }

  const form = h('form', { class: 'card place-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); submit(true); } },
    field('标准名称', name, '专名 + 通名，如 文昌北路'),
    reading,
    field('类别', category),
    field('所在乡镇', unit, '同名同音的检查范围依类别而定（N3）'),
    h('h2', null, '规则检查'),
    findings.el,
    field('位置描述', location, '公告内容之一（N6）'),
    field('含义', meaning),
    field('由来', origin),
    h('h2', null, '位置'),
    field('绘制为', kind),
    mapEl,
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'secondary', name: 'add-center', onclick: () => drawing.add(map.getCenter()) }, '添加地图中心点'),
      h('button', { type: 'button', class: 'secondary', onclick: () => drawing.undo() }, '撤销一点'),
      h('button', { type: 'button', class: 'secondary', onclick: () => drawing.clear() }, '清除')),
    geomInfo,
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'secondary', name: 'draft', onclick: () => submit(false) }, '保存草稿'),
      h('button', { type: 'submit', name: 'propose' }, '提出申报')),
    status);
  main.append(h('h1', null, '新地名申报'), form);

  const map = createMap(mapEl);
  const drawing = new Drawing(map, (g) => {
    geomInfo.textContent = g ? `已绘制${KIND_NAMES[kind.value]}，${g.type === 'Point' ? 1 : drawing.points.length} 个点。`
      : '未绘制：将按所选乡镇登记。';
  });
  fillKinds();
  kind.addEventListener('change', () => drawing.setKind(kind.value));
  name.addEventListener('input', checkSoon);
  category.addEventListener('change', () => { fillKinds(); check(); });
  unit.addEventListener('change', async () => {
    check();
    const [t] = await withGeometries([{ code: unit.value }]);
    showTown(t);
  });
  let townLayer = null;
  function showTown(t) {
    if (townLayer) townLayer.remove();
    townLayer = t.geometry ? polygonLayer([unitFeature(t)], { className: 'unit-shape' }).addTo(map) : null;
    if (townLayer) fitTo(map, townLayer);
  }
  const [first] = await withGeometries([{ code: unit.value }]);
  if (ctx.isCurrent()) showTown(first);
  name.focus();
  return () => { clearTimeout(timer); map.remove(); };
}
