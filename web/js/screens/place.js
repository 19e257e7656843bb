// screens/place.js (staff): one place name: its facts, names through time
// and events (history), documents, map, the rule findings with their
// acknowledgements, the steps its status allows, and its announcement.

import { api } from '../api.js';
import { h, clear, message, table } from '../dom.js';
import { FindingsList } from '../findings.js';
import { createMap, fitTo, leaflet } from '../map.js';
import { actionForm } from '../place-actions.js';
import {
  ACTION_NAMES, ACTIONS_BY_STATUS, APPROVED_STATUSES, DOCUMENT_KINDS, STATUS_NAMES,
} from '../places-data.js';
import { href } from '../router.js';

// Steps that send the reviewer's acknowledgements.
const ACKNOWLEDGING = ['propose', 'review', 'approve', 'rename'];

// Renders the place of ctx.params.id.
export default async function render(main, ctx) {
  const id = ctx.params.id;
  let map = null;
  async function load() {
    const [place, history] = await Promise.all([
      api(`/api/v1/places/${encodeURIComponent(id)}`),
      api(`/api/v1/places/${encodeURIComponent(id)}/history`),
    ]);
    return { place, history };
  }
  let data;
  try {
    data = await load();
  } catch (err) {
    main.append(h('h1', null, '地名'), message('error', err.message));
    return null;
  }
  if (!ctx.isCurrent()) return null;

  async function show({ place, history }) {
    if (map) map.remove();
    map = null;
    clear(main);
    ctx.setTitle(place.name);
    const findings = new FindingsList();
    const status = h('div', { class: 'status', 'aria-live': 'polite' });
    main.append(
      h('nav', { class: 'crumbs' }, h('a', { href: href('/places') }, '地名登记簿'), ' › ', place.name),
      h('h1', null, place.name, ' ', h('span', { class: `badge status-${place.status}`, id: 'place-status', dataset: { status: place.status } },
        STATUS_NAMES[place.status] || place.status)),
      h('p', { class: 'reading' }, `${place.pinyin_toned}（${place.pinyin}）`),
      facts(place));
    if (place.geometry) {
      const mapEl = h('div', { class: 'map map-small', id: 'place-map', role: 'region', 'aria-label': `${place.name}位置地图` });
      main.append(mapEl);
      map = createMap(mapEl);
      const L = leaflet();
      const layer = L.geoJSON(place.geometry, {
        style: { color: '#b3261e', weight: 4, className: 'place-shape' },
        pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 8, color: '#b3261e', className: 'place-shape' }),
      }).addTo(map);
      fitTo(map, layer, 16);
    }

    // The steps the status allows, each with its own small form.
    const actions = ACTIONS_BY_STATUS[place.status] || [];
    const stepBox = h('section', { class: 'card steps', 'aria-label': '办理' }, h('h2', null, '办理'));
    if (!actions.length) stepBox.append(h('p', null, '该地名已销名，不能再办理。'));
    for (const action of actions) {
      const form = actionForm(action, place);
      stepBox.append(h('form', {
        class: 'step', dataset: { action },
        onsubmit: async (ev) => {
          ev.preventDefault();
          const body = form.body();
          if (ACKNOWLEDGING.includes(action)) body.acknowledgements = findings.acknowledgements();
          clear(status, message('info', '正在提交……'));
          try {
            await api(`/api/v1/places/${place.id}/transitions`, { method: 'POST', body });
            show(await load());
          } catch (err) {
            const d = err.detail;
            const extra = d.allowed ? `（当前可办理：${d.allowed.map((a) => ACTION_NAMES[a] || a).join('、') || '无'}）`
              : d.missing ? `（缺少：${d.missing.map((k) => DOCUMENT_KINDS[k] || k).join('、')}）` : '';
            clear(status, message('error', `${err.message}${extra}`));
            if (d.findings) findings.show(d.findings);
          }
        },
      }, form.el, h('button', { type: 'submit' }, ACTION_NAMES[action])));
    }
    stepBox.append(status);
    main.append(stepBox);

    main.append(h('h2', null, '规则检查'), findings.el);
    if (place.findings) findings.show(place.findings);
    else findings.el.append(h('p', { class: 'hint' }, '名称已批准；规则检查在申报、审核时进行。'));

    if (APPROVED_STATUSES.includes(place.status)) {
      main.append(h('h2', null, '公告'),
        h('p', null, h('a', {
          class: 'button secondary', id: 'announcement-link', target: '_blank', rel: 'noopener',
          href: `/api/v1/places/${place.id}/announcement?format=html`,
        }, '打开公告（可打印）')));
    }

    main.append(
      h('h2', null, '申报材料'),
      table([
        { label: '材料', cell: (d) => DOCUMENT_KINDS[d.kind] || d.kind },
        { label: '文号或链接', cell: (d) => (/^https?:\/\//.test(d.reference) ? h('a', { href: d.reference, target: '_blank', rel: 'noopener noreferrer' }, d.reference) : d.reference) },
        { label: '标题', cell: (d) => d.title || '' },
        { label: '日期', cell: (d) => d.date || '' },
      ], place.documents || [], { empty: '尚无材料' }),
      h('h2', null, '名称沿革'),
      table([
        { label: '名称', cell: (n) => n.name },
        { label: '拼音', cell: (n) => n.pinyin },
        { label: '类型', cell: (n) => ({ current: '现名', former: '曾用名', alias: '别名' }[n.kind] || n.kind) },
        { label: '启用', cell: (n) => n.valid_from || '—' },
        { label: '停用', cell: (n) => n.valid_to || '—' },
      ], place.names || [], { empty: '无' }),
      h('h2', null, '办理记录'),
      table([
        { label: '时间', cell: (e) => e.at },
        { label: '办理人', cell: (e) => e.actor },
        { label: '事项', cell: (e) => ACTION_NAMES[e.action] || e.action },
        { label: '状态', cell: (e) => `${STATUS_NAMES[e.from] || e.from || '—'} → ${STATUS_NAMES[e.to] || e.to || '—'}` },
      ], history.events, { empty: '无' }));
  }
  await show(data);
  return () => { if (map) map.remove(); };
}

// facts(place): the register's fields of a place.
function facts(p) {
  const row = (k, v) => (v ? [h('dt', null, k), h('dd', null, v)] : null);
  return h('dl', { class: 'facts' },
    row('地名代码', p.code),
    row('专名 / 通名', `${p.specific} / ${p.generic}`),
    row('类别', `${p.category.code} ${p.category.class} / ${p.category.subclass}`),
    row('所在区划', (p.units || []).map((u) => u.name).join('、')),
    row('位置描述', p.location),
    row('含义', p.meaning),
    row('由来', p.origin),
    row('历史沿革', p.history),
    row('批准机关', p.approved_by),
    row('批准日期', p.approval_date),
    row('备案日期', p.filed_on),
    row('公告日期', p.announced_on),
    row('启用日期', p.valid_from),
    row('地名文化遗产', p.protected ? '列入保护名录（N8）' : null));
}
