// screens/doorplates.js (staff): compiling doorplate numbers on the map.
// Pick a township and a street (on the map or from the list); a click
// where a new building stands asks for the number it should get and why
// (POST /api/v1/doorplates/propose, which writes nothing); confirming
// registers the address and its plate (POST /api/v1/doorplates).  The
// street's numbering rule (D2: odd side, direction, spacing) is shown and
// can be changed (GET/PUT /api/v1/streets/{id}/numbering).  The street's
// plates are drawn clustered and listed; selected plates are downloaded
// as a print batch (a ZIP of plate SVGs with a manifest).

import { api } from '../api.js';
import { h, clear, message, field, table } from '../dom.js';
import { saveBlob } from '../download.js';
import { createMap, fitTo, leaflet } from '../map.js';
import { BATCH_MAX, plateBatch } from '../plate-batch.js';
import { href } from '../router.js';
import { PLATE_KINDS, PLATE_STATES, platesOf, streetsOf } from '../doorplates-data.js';
import { children, homeCounty } from '../units-data.js';

// Renders the compiling screen.
export default async function render(main, ctx) {
  ctx.setTitle('门牌编制');
  const county = await homeCounty();
  const towns = await children(county.code);
  if (!ctx.isCurrent()) return null;
  const L = leaflet();
  const townCode = ctx.query.get('unit') || towns[0]?.code;
  const town = h('select', { name: 'unit', onchange: () => { location.hash = `#/doorplates?unit=${town.value}`; } },
    towns.map((t) => h('option', { value: t.code, selected: t.code === townCode }, t.name)));
  const street = h('select', { name: 'street' }, h('option', { value: '' }, '正在读取街路巷……'));
  const mapEl = h('div', { class: 'map', id: 'plates-map', role: 'region', 'aria-label': '门牌编制地图：先选街路巷，再点击新建筑位置' });
  const proposalEl = h('div', { class: 'proposal', 'aria-live': 'polite' });
  const ruleEl = h('div', { class: 'numbering-rule' });
  const platesEl = h('div', { class: 'plates' });
  main.append(
    h('div', { class: 'title-row' }, h('h1', null, '门牌编制'),
      h('a', { class: 'button secondary', href: href(`/doorplates/problems?unit=${townCode}`) }, '问题报告'),
      h('a', { class: 'button secondary', href: href('/doorplates/states') }, '状态批量变更')),
    h('div', { class: 'filters' }, field('乡镇', town), field('街路巷', street)),
    h('p', { class: 'hint' }, '选定街路巷后，在地图上点击新建筑所在位置，系统按该街路巷的编号规则（D2）给出建议门牌号。'),
    h('div', { class: 'split' }, h('div', null, mapEl,
      h('div', { class: 'button-row' }, h('button', {
        type: 'button', class: 'secondary', name: 'propose-center',
        onclick: () => propose(map.getCenter()),
      }, '在地图中心位置编号')),
      h('p', { class: 'hint' }, '键盘：用方向键移动地图，使新建筑位于中心十字处，再按上面的按钮。'),
      proposalEl, ruleEl), platesEl));

  const map = createMap(mapEl);
  const [streets, villages] = await Promise.all([streetsOf(townCode), children(townCode)]);
  if (!ctx.isCurrent()) return () => map.remove();
  clear(street, h('option', { value: '' }, '选择街路巷'),
    ...streets.map((s) => h('option', { value: s.id }, s.name)));
  const lines = new Map();
  const streetLayer = L.featureGroup(streets.filter((s) => s.geometry).map((s) => {
    const line = L.geoJSON(s.geometry, { style: { color: '#5a6472', weight: 5, className: 'street' } })
      .bindTooltip(s.name)
      .on('click', (ev) => { L.DomEvent.stopPropagation(ev); choose(s.id); });
    line.on('add', () => line.eachLayer((l) => { l.getElement().dataset.street = String(s.id); }));
    lines.set(s.id, line);
    return line;
  })).addTo(map);
  fitTo(map, streetLayer, 16);
  mapEl.dataset.streets = String(lines.size);

  let current = null; // {street, plates}
  let plateLayer = null;
  let pending = null; // the proposal marker

  async function choose(id) {
    street.value = String(id);
    const s = streets.find((x) => x.id === Number(id));
    if (!s) return;
    for (const [sid, line] of lines) line.setStyle({ color: sid === s.id ? '#1d4e89' : '#5a6472', weight: sid === s.id ? 7 : 5 });
    clear(proposalEl);
    const [list, rule] = await Promise.all([platesOf({ street: s.id }),
      api(`/api/v1/streets/${s.id}/numbering`)]);
    if (!ctx.isCurrent()) return;
    current = { street: s, plates: list.plates };
    showPlates(list.truncated);
    showRule(rule);
  }

  // The street's numbering rule as a form; saving sends the three members.
  function showRule(rule) {
    const odd = h('select', { name: 'odd_side' },
      h('option', { value: 'left', selected: rule.odd_side === 'left' }, '左单右双（单号在左侧）'),
      h('option', { value: 'right', selected: rule.odd_side === 'right' }, '左双右单（单号在右侧）'));
    const direction = h('select', { name: 'direction' },
      h('option', { value: 'forward', selected: rule.direction === 'forward' }, '自线的起点编号'),
      h('option', { value: 'reverse', selected: rule.direction === 'reverse' }, '自线的终点编号'));
    const spacing = h('input', { name: 'spacing_m', type: 'number', min: '1', max: '100', step: '0.5', value: String(rule.spacing_m) });
    const status = h('div', { 'aria-live': 'polite' });
    clear(ruleEl, h('form', {
      class: 'card rule-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          const saved = await api(`/api/v1/streets/${current.street.id}/numbering`, {
            method: 'PUT', body: { odd_side: odd.value, direction: direction.value, spacing_m: Number(spacing.value) },
          });
          clear(status, message('ok', `已保存：${saved.odd_side === 'left' ? '左单右双' : '左双右单'}，${saved.direction === 'forward' ? '自起点' : '自终点'}编号，间距 ${saved.spacing_m} 米。`));
          ruleEl.dataset.saved = `${saved.odd_side} ${saved.direction} ${saved.spacing_m}`;
        } catch (err) {
          clear(status, message('error', err.message));
        }
      },
    },
    h('h2', null, `${current.street.name}的编号规则`),
    field('单双号', odd), field('编号方向', direction),
    field('门牌间距（米）', spacing, '新街道按距离分配门牌号时每个号所占的临街长度'),
    h('button', { type: 'submit', class: 'secondary', name: 'save-rule' }, '保存编号规则'),
    status));
  }

  function showPlates(truncated) {
    if (plateLayer) plateLayer.remove();
    plateLayer = (L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.featureGroup());
    for (const p of current.plates) {
      if (!p.point) continue;
      L.circleMarker([p.point.lat, p.point.lon], { radius: 5, color: '#1d4e89', fillOpacity: 0.8, className: 'plate-dot' })
        .bindTooltip(p.address?.short || p.code).addTo(plateLayer);
    }
    plateLayer.addTo(map);
    mapEl.dataset.plates = String(current.plates.length);
    const boxes = new Map();
    const all = h('input', { type: 'checkbox', 'aria-label': '全选', onchange: () => { for (const b of boxes.values()) b.checked = all.checked; } });
    const progress = h('span', { class: 'hint', 'aria-live': 'polite' });
    const batch = h('button', {
      type: 'button', name: 'batch',
      onclick: async () => {
        const chosen = current.plates.filter((p) => boxes.get(p.code)?.checked);
        if (!chosen.length) {
          progress.textContent = '请先勾选门牌。';
          return;
        }
        batch.disabled = true;
        try {
          const blob = await plateBatch(chosen, (d, n) => { progress.textContent = `正在生成 ${d} / ${n}`; });
          saveBlob(blob, `plates-${current.street.name}-${chosen.length}.zip`);
          progress.textContent = `已下载 ${chosen.length} 块门牌。`;
        } catch (err) {
          progress.textContent = `无法生成：${err.message}`;
        } finally {
          batch.disabled = false;
        }
      },
    }, '下载打印批次（ZIP）');
    clear(platesEl, 
      h('h2', null, `${current.street.name}：${current.plates.length} 块门牌`),
      truncated ? message('warn', '门牌过多，只列出一部分。') : null,
      h('div', { class: 'button-row' }, batch, progress),
      h('p', { class: 'hint' }, `一批最多 ${BATCH_MAX} 块。`),
      table([
        { label: h('span', null, all), cell: (p) => { const b = h('input', { type: 'checkbox', name: 'plate', value: p.code, 'aria-label': p.code }); boxes.set(p.code, b); return b; } },
        { label: '门牌', cell: (p) => p.address?.short || '' },
        { label: '种类', cell: (p) => PLATE_KINDS[p.kind] || p.kind },
        { label: '状态', cell: (p) => PLATE_STATES[p.state] || p.state },
        { label: '编码', cell: (p) => h('code', null, p.code) },
      ], current.plates, { empty: '该街路巷还没有门牌' }));
  }

  // A proposal for the clicked point, with the confirm form.
  async function propose(ll) {
    if (!current) {
      clear(proposalEl, message('warn', '请先选择街路巷。'));
      return;
    }
    if (pending) pending.remove();
    pending = L.circleMarker(ll, { radius: 8, color: '#b3261e', className: 'proposal-dot' }).addTo(map);
    const point = { lon: Number(ll.lng.toFixed(7)), lat: Number(ll.lat.toFixed(7)) };
    clear(proposalEl, message('info', '正在计算建议门牌号……'));
    let r;
    try {
      r = await api('/api/v1/doorplates/propose', { method: 'POST', body: { street: current.street.id, ...point } });
    } catch (err) {
      clear(proposalEl, message('error', err.message));
      return;
    }
    const near = current.plates.find((p) => p.code === (r.neighbours?.before || r.neighbours?.after)?.code);
    const village = h('select', { name: 'village' }, villages.map((v) =>
      h('option', { value: v.code, selected: v.code === near?.address?.village?.code }, v.name)));
    const number = h('input', { name: 'number', value: r.proposal.number, inputmode: 'numeric' });
    const status = h('div', { 'aria-live': 'polite' });
    clear(proposalEl, h('form', {
      class: 'card proposal-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          const plate = await api('/api/v1/doorplates', {
            method: 'POST', body: { street: current.street.id, number: number.value.trim(), unit: village.value, ...point },
          });
          clear(status, message('ok', `已登记 ${plate.address.short}，编码 ${plate.code}。`));
          proposalEl.dataset.created = plate.code;
          const list = await platesOf({ street: current.street.id });
          current.plates = list.plates;
          showPlates(list.truncated);
        } catch (err) {
          clear(status, message('error', err.message));
        }
      },
    },
    h('p', { class: 'proposed-number' }, '建议门牌号：', h('strong', { id: 'proposed-number' }, `${current.street.name}${r.proposal.number}号`)),
    h('p', { class: 'why' }, r.explanation_zh),
    h('p', { class: 'hint' }, `距起点 ${r.position.measure_m} 米，位于${r.position.side === 'left' ? '左' : '右'}侧（${r.position.parity === 'odd' ? '单号' : '双号'}）；规则：${r.street.rule.odd_side === 'left' ? '左单右双' : '左双右单'}，${r.street.rule.direction === 'forward' ? '自起点编号' : '自终点编号'}。`),
    field('门牌号', number, '可按实地情况调整'),
    field('所属村（社区）', village),
    h('button', { type: 'submit', name: 'confirm' }, '确认编号'),
    status));
  }

  map.on('click', (ev) => propose(ev.latlng));
  street.addEventListener('change', () => street.value && choose(street.value));
  if (ctx.query.get('street')) await choose(ctx.query.get('street'));
  return () => map.remove();
}
