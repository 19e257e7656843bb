// screens/rounds.js (inspector, admin): a joint-inspection round: progress
// per line, the findings of the inside-work checks (GET
// /api/v1/checks/boundaries) on the map and in a list, and the report
// downloads (GET /api/v1/rounds/{n}/report).

import { api, query } from '../api.js';
import { h, clear, message, table, field } from '../dom.js';
import { download } from '../download.js';
import { createMap, fitTo, leaflet } from '../map.js';
import { href } from '../router.js';

// The report's forms (api/api_reports.c).
const REPORTS = [
  { label: '联检报告（HTML）', params: { format: 'html' }, name: 'report.html' },
  { label: '问题清单（CSV）', params: { format: 'csv', table: 'findings' }, name: 'findings.csv' },
  { label: '界桩登记表（CSV）', params: { format: 'csv', table: 'register' }, name: 'register.csv' },
  { label: '界桩成果表（CSV）', params: { format: 'csv', table: 'coordinates' }, name: 'coordinates.csv' },
  { label: '问题图层（GeoJSON）', params: { format: 'geojson' }, name: 'findings.geojson' },
];

// Renders the round of ctx.query 'n' (default: the newest).
export default async function render(main, ctx) {
  ctx.setTitle('联检轮次');
  const { rounds } = await api('/api/v1/rounds');
  if (!ctx.isCurrent()) return null;
  main.append(h('h1', null, '联检轮次'));
  if (!rounds.length) {
    main.append(message('info', '还没有联检轮次。'));
    return null;
  }
  const sorted = [...rounds].sort((a, b) => b.number - a.number);
  const chosen = Number(ctx.query.get('n')) || sorted[0].number;
  const pick = h('select', { name: 'round', onchange: () => { location.hash = `#/rounds?n=${pick.value}`; } },
    sorted.map((r) => h('option', { value: r.number, selected: r.number === chosen }, `${r.name}（${r.status === 'open' ? '进行中' : '已结束'}）`)));
  const round = await api(`/api/v1/rounds/${chosen}`);
  if (!ctx.isCurrent()) return null;
  const pct = round.markers ? Math.round((100 * round.markers_inspected) / round.markers) : 0;
  const mapEl = h('div', { class: 'map', id: 'round-map', role: 'region', 'aria-label': '内业检查问题地图' });
  const findingsEl = h('div', null, message('info', '正在进行内业检查……'));
  const downloads = h('div', { class: 'button-row' }, REPORTS.map((r) => h('button', {
    type: 'button', class: 'secondary', dataset: { report: r.name },
    onclick: async () => {
      try {
        await download(`/api/v1/rounds/${chosen}/report${query(r.params)}`, r.name);
      } catch (err) {
        findingsEl.prepend(message('error', err.message));
      }
    },
  }, r.label)));
  main.append(
    field('轮次', pick),
    h('p', { class: 'lead', id: 'round-progress' }, `已检界桩 ${round.markers_inspected} / ${round.markers}（${pct}%），记录 ${round.records} 条，${round.lines.length} 条界线。`),
    h('progress', { max: round.markers || 1, value: round.markers_inspected, class: 'wide' }),
    h('h2', null, '报告下载'), downloads,
    h('h2', null, '内业检查'), mapEl, findingsEl,
    h('h2', null, '各界线进度'),
    table([
      { label: '界线', cell: (l) => h('a', { href: href(`/inspect/lines/${l.number}`) }, l.number) },
      { label: '两侧', cell: (l) => `${l.left.name} — ${l.right.name}` },
      { label: '联检组', cell: (l) => l.team || '' },
      { label: '已检 / 界桩', cell: (l) => `${l.markers_inspected} / ${l.markers}` },
      { label: '进度', cell: (l) => h('progress', { max: l.markers || 1, value: l.markers_inspected }) },
    ], round.lines, { empty: '本轮没有界线' }));
  const L = leaflet();
  const map = createMap(mapEl);
  try {
    const checks = await api(`/api/v1/checks/boundaries${query({ round: chosen })}`);
    if (!ctx.isCurrent()) return () => map.remove();
    const shapes = checks.findings.filter((f) => f.geometry || f.location).map((f) => {
      const style = { color: f.severity === 'error' ? '#c92a2a' : '#e67700', weight: 3, className: `finding-shape finding-${f.code}` };
      const layer = f.geometry
        ? L.geoJSON(f.geometry, { style, pointToLayer: (g, ll) => L.circleMarker(ll, { ...style, radius: 6 }) })
        : L.circleMarker([f.location.lat, f.location.lon], { ...style, radius: 6 });
      return layer.bindTooltip(f.message_zh);
    });
    const group = L.featureGroup(shapes).addTo(map);
    fitTo(map, group, 15);
    mapEl.dataset.findings = String(checks.findings.length);
    const counts = Object.entries(checks.counts || {}).map(([k, v]) => `${k} ${v}`).join('，');
    clear(findingsEl, 
      h('p', null, `检查了 ${checks.lines_checked} 条界线、${checks.markers_checked} 个界桩：${checks.findings.length} 个问题（${counts || '无'}）。`),
      table([
        { label: '级别', cell: (f) => (f.severity === 'error' ? '错误' : '提示') },
        { label: '界线', cell: (f) => f.line || '' },
        { label: '界桩', cell: (f) => (f.marker ? h('a', { href: href(`/inspect/markers/${f.marker}`) }, f.marker) : '') },
        { label: '问题', cell: (f) => f.message_zh },
      ], checks.findings, { empty: '没有问题' }));
  } catch (err) {
    clear(findingsEl, message('error', err.message));
  }
  return () => map.remove();
}
