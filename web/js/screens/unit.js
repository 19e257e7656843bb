// screens/unit.js: one administrative unit: its chain of parents, dates,
// former names, children and, when it has one, its polygon on a map.

import { h, message, table } from '../dom.js';
import { createMap, fitTo, polygonLayer, unitFeature } from '../map.js';
import { href } from '../router.js';
import { LEVEL_NAMES, label } from '../strings.js';
import { children, unit } from '../units-data.js';

// Renders the unit of ctx.params.code.
export default async function render(main, ctx) {
  const code = ctx.params.code;
  let u;
  try {
    u = await unit(code, true);
  } catch (err) {
    main.append(h('h1', null, '区划详情'), message('error', err.message));
    return null;
  }
  if (!ctx.isCurrent()) return null;
  ctx.setTitle(u.name);
  const kids = await children(code);
  if (!ctx.isCurrent()) return null;
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': '上级区划' },
    u.chain.map((c) => [h('a', { href: href(`/units/${c.code}`) }, c.name), ' › ']), u.name);
  const facts = h('dl', { class: 'facts' },
    h('dt', null, '区划代码'), h('dd', { class: 'unit-code' }, u.code),
    h('dt', null, '级别'), h('dd', null, label(LEVEL_NAMES, u.level)),
    h('dt', null, '启用日期'), h('dd', null, u.valid_from || '—'),
    h('dt', null, '停用日期'), h('dd', null, u.valid_to || '现行'),
    h('dt', null, '下级单位'), h('dd', null, Object.entries(u.children.by_level)
      .map(([lv, n]) => `${label(LEVEL_NAMES, lv)} ${n}`).join('，') || '无'));
  main.append(crumbs, h('h1', null, u.name), facts);
  let map = null;
  if (u.geometry) {
    const mapEl = h('div', { class: 'map', id: 'unit-map', role: 'region', 'aria-label': `${u.name}边界地图` });
    main.append(mapEl);
    map = createMap(mapEl);
    fitTo(map, polygonLayer([unitFeature(u)], { className: 'unit-shape' }).addTo(map));
  } else {
    main.append(message('info', '该区划没有登记边界。'));
  }
  main.append(
    h('h2', null, '曾用名'),
    table([
      { label: '名称', cell: (n) => n.name },
      { label: '启用', cell: (n) => n.valid_from || '—' },
      { label: '停用', cell: (n) => n.valid_to || '—' },
    ], u.former_names, { empty: '无曾用名' }),
    h('h2', null, '下级区划'),
    table([
      { label: '代码', cell: (c) => c.code },
      { label: '名称', cell: (c) => h('a', { href: href(`/units/${c.code}`) }, c.name) },
      { label: '级别', cell: (c) => label(LEVEL_NAMES, c.level) },
    ], kids, { empty: '无下级区划' }));
  return map ? () => map.remove() : null;
}
