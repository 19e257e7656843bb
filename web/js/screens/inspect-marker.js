// screens/inspect-marker.js (inspector): one boundary marker: its
// registered position and reference objects, its records, and the record
// form: the phone's position with its accuracy (browser geolocation), the
// condition (B3), the action (B4) with both parties, notes and photos from
// the camera.  A record goes to the outbox and is sent from there, at once
// when there is a connection, later when there is none.

import { api } from '../api.js';
import { h, clear, message, field, table } from '../dom.js';
import { createMap, fitTo, leaflet } from '../map.js';
import { href } from '../router.js';
import { ACTIONS, CONDITIONS, conditionColor, distanceM, openRound } from '../inspect-data.js';
import { flush, newClientId, put } from '../outbox.js';

const GEO_TIMEOUT_MS = 30000; // how long the phone may take to find itself

// Renders the marker of ctx.params.id.
export default async function render(main, ctx) {
  let marker;
  let round;
  let line;
  try {
    [marker, round] = await Promise.all([
      api(`/api/v1/markers/${encodeURIComponent(ctx.params.id)}`), openRound()]);
    line = await api(`/api/v1/boundary-lines/${encodeURIComponent(marker.line)}`);
  } catch (err) {
    main.append(h('h1', null, '界桩'), message('error', err.message));
    return null;
  }
  if (!ctx.isCurrent()) return null;
  ctx.setTitle(`界桩 ${marker.id}`);
  const roundLine = round?.lines.find((l) => l.number === marker.line);
  const mapEl = h('div', { class: 'map map-small', id: 'marker-map', role: 'region', 'aria-label': '界桩位置地图' });
  main.append(
    h('nav', { class: 'crumbs' }, h('a', { href: href('/inspect') }, '巡检'), ' › ',
      h('a', { href: href(`/inspect/lines/${marker.line}`) }, marker.line), ' › ', marker.id),
    h('h1', null, `界桩 ${marker.id} `, h('span', { class: 'badge', id: 'marker-condition', style: `background:${conditionColor(marker.condition?.code)};color:#fff` }, marker.condition?.zh || '—')),
    h('dl', { class: 'facts' },
      h('dt', null, '登记位置'), h('dd', { class: 'registered' }, `${marker.lon.toFixed(7)}, ${marker.lat.toFixed(7)}（CGCS2000）`),
      h('dt', null, '平面坐标'), h('dd', null, `X ${marker.y.toFixed(2)}  Y ${marker.x.toFixed(2)}（CGCS2000 3° 带 105°E）`),
      h('dt', null, '类型 / 材质'), h('dd', null, `${marker.type} · ${marker.material || '—'} · ${marker.year_set || '—'} 年埋设`)),
    h('h2', null, '方位物'),
    table([
      { label: '方位物', cell: (r) => r.name },
      { label: '方位角', cell: (r) => `${r.bearing_deg.toFixed(1)}°` },
      { label: '距离', cell: (r) => `${r.distance_m.toFixed(1)} 米` },
    ], marker.refs || [], { empty: '无登记方位物' }),
    mapEl);
  const L = leaflet();
  const map = createMap(mapEl);
  const registered = L.circleMarker([marker.lat, marker.lon], {
    radius: 9, color: '#fff', weight: 2, fillColor: conditionColor(marker.condition?.code), fillOpacity: 1, className: 'marker-dot',
  }).bindTooltip('登记位置');
  L.geoJSON(line.geometry, { style: { color: '#1d4e89', weight: 3, className: 'boundary-line' } }).addTo(map);
  for (const m of line.markers) {
    if (m.id === marker.id) continue;
    L.circleMarker([m.lat, m.lon], { radius: 4, color: conditionColor(m.condition?.code), className: 'other-marker' })
      .bindTooltip(m.id).addTo(map);
  }
  const group = L.featureGroup([registered]).addTo(map);
  fitTo(map, group, 17);

  if (round && roundLine) {
    main.append(recordForm(marker, round, roundLine, ctx, map));
  } else {
    main.append(message('info', round ? `界线 ${marker.line} 不在${round.name}中。` : '目前没有进行中的联检轮次。'));
  }
  main.append(h('h2', null, '巡检记录'), records(marker.records || []));
  return () => map.remove();
}

// records(list): the marker's records, newest first, with photo thumbnails.
function records(list) {
  if (!list.length) return h('p', { class: 'hint', id: 'records' }, '尚无记录。');
  return h('ul', { class: 'records', id: 'records' }, list.map((r) => h('li', { class: 'record', dataset: { clientId: r.client_id || '' } },
    h('div', null, h('strong', null, r.condition?.zh || ''), ` · ${r.action?.zh || '无'} · 第 ${r.round} 轮 · ${r.observed_at}`),
    h('div', { class: 'hint' }, [r.inspector, r.parties?.left, r.parties?.right].filter(Boolean).join(' · '),
      r.distance_m != null ? ` · 距登记位置 ${r.distance_m.toFixed(2)} 米` : ''),
    r.notes ? h('div', { class: 'record-notes' }, r.notes) : null,
    (r.photos || []).length ? h('div', { class: 'photos' }, r.photos.map((p) =>
      h('a', { href: `/api/v1/photos/${p.sha256}`, target: '_blank', rel: 'noopener' },
        h('img', { src: `/api/v1/photos/${p.sha256}`, alt: '巡检照片', loading: 'lazy' })))) : null)));
}

// recordForm(marker, round, line, ctx, map): the record form.
function recordForm(marker, round, line, ctx, map) {
  const L = leaflet();
  let position = null; // {lon, lat, accuracy_m}
  let here = null;
  const posText = h('p', { class: 'position', 'aria-live': 'polite' }, '尚未定位。');
  const locate = h('button', { type: 'button', class: 'secondary', name: 'locate' }, '获取当前位置');
  const condition = h('select', { name: 'condition' }, CONDITIONS.map((c) => h('option', { value: c.code }, c.zh)));
  const action = h('select', { name: 'action' }, ACTIONS.map((a) => h('option', { value: a.code }, a.zh)));
  const partyLeft = h('input', { name: 'party_left', value: line.left_rep || '' });
  const partyRight = h('input', { name: 'party_right', value: line.right_rep || '' });
  const inspector = h('input', { name: 'inspector', value: ctx.user.name });
  const notes = h('textarea', { name: 'notes', rows: 3 });
  const photos = h('input', { name: 'photos', type: 'file', accept: 'image/*', capture: 'environment', multiple: true });
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const partiesHint = h('small', { class: 'hint' });
  function showPartiesRule() {
    const a = ACTIONS.find((x) => x.code === action.value);
    partiesHint.textContent = a?.parties ? '维修、更换、复位须双方人员在场（B4）。' : '';
  }
  action.addEventListener('change', showPartiesRule);

  locate.addEventListener('click', () => {
    if (!navigator.geolocation) {
      posText.textContent = '此浏览器不能定位。';
      return;
    }
    posText.textContent = '正在定位……';
    navigator.geolocation.getCurrentPosition((p) => {
      position = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: p.coords.accuracy };
      const d = distanceM(marker.lon, marker.lat, position.lon, position.lat);
      posText.textContent = `${position.lon.toFixed(7)}, ${position.lat.toFixed(7)} · 精度 ±${position.accuracy_m.toFixed(1)} 米 · 距登记位置约 ${d.toFixed(1)} 米`;
      if (here) here.remove();
      here = L.circle([position.lat, position.lon], { radius: position.accuracy_m, color: '#1c7ed6', className: 'here' }).addTo(map);
    }, (e) => {
      posText.textContent = `无法定位：${e.message || e.code}`;
    }, { enableHighAccuracy: true, timeout: GEO_TIMEOUT_MS, maximumAge: 0 });
  });

  const form = h('form', {
    class: 'card record-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      const record = {
        client_id: newClientId(),
        round: round.number,
        observed_at: new Date().toISOString(),
        inspector: inspector.value.trim() || undefined,
        condition: condition.value,
        action: action.value,
        party_left: partyLeft.value.trim() || undefined,
        party_right: partyRight.value.trim() || undefined,
        notes: notes.value.trim() || undefined,
      };
      if (position) Object.assign(record, { lon: position.lon, lat: position.lat, crs: 'EPSG:4326', accuracy_m: position.accuracy_m });
      const files = [...photos.files];
      await put({ client_id: record.client_id, marker: marker.id, record, photos: files, queued_at: record.observed_at });
      clear(status, message('info', '记录已存入待发送队列，正在发送……'));
      const r = await flush();
      if (!ctx.isCurrent()) return;
      if (r.offline) {
        clear(status, message('warn', '没有网络：记录已保存在本机，联网后自动发送。'));
      } else {
        clear(status, message(r.failed ? 'error' : 'ok', r.failed ? '有记录被服务器拒收，请在巡检页查看。' : '记录已发送。'));
        const fresh = await api(`/api/v1/markers/${encodeURIComponent(marker.id)}`);
        form.parentNode?.querySelector('#records')?.replaceWith(records(fresh.records || []));
      }
      notes.value = '';
      photos.value = '';
    },
  },
  h('h2', null, `记录本次巡检（${round.name}）`),
  h('div', { class: 'button-row' }, locate), posText,
  field('界桩状况', condition),
  field('处理', action), partiesHint,
  field(`${line.left.name}方人员`, partyLeft),
  field(`${line.right.name}方人员`, partyRight),
  field('记录人', inspector),
  field('备注', notes),
  field('照片', photos, '可直接拍照，最多 8 张'),
  h('button', { type: 'submit', name: 'save' }, '保存记录'),
  status);
  showPartiesRule();
  return form;
}
