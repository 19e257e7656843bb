// screens/settings.js: this browser's settings: the optional base-map tile
// layer and the home county.

import { api } from '../api.js';
import { h, clear, message, field } from '../dom.js';
import { getSettings, saveSettings, tileUrlProblem } from '../settings-store.js';
import { forgetCounty } from '../units-data.js';

// Renders the settings form.
export default async function render(main, ctx) {
  ctx.setTitle('设置');
  const s = getSettings();
  const counties = (await api('/api/v1/units?level=county')).units;
  if (!ctx.isCurrent()) return;
  const tileUrl = h('input', { name: 'tileUrl', type: 'url', value: s.tileUrl, placeholder: 'https://.../{z}/{x}/{y}.png' });
  const subdomains = h('input', { name: 'tileSubdomains', value: s.tileSubdomains, placeholder: 'abc' });
  const attribution = h('input', { name: 'tileAttribution', value: s.tileAttribution });
  const county = h('select', { name: 'county' },
    h('option', { value: '' }, '登记簿中的第一个县'),
    counties.map((c) => h('option', { value: c.code, selected: c.code === s.county }, `${c.name}（${c.code}）`)));
  const status = h('div', { class: 'status' });
  main.append(
    h('h1', null, '设置'),
    h('form', {
      class: 'card',
      onsubmit: (ev) => {
        ev.preventDefault();
        const problem = tileUrlProblem(tileUrl.value.trim());
        if (problem) {
          clear(status, message('error', problem));
          return;
        }
        saveSettings({
          tileUrl: tileUrl.value, tileSubdomains: subdomains.value,
          tileAttribution: attribution.value, county: county.value,
        });
        forgetCounty();
        clear(status, message('ok', '已保存，只对本浏览器有效。'));
      },
    },
    h('h2', null, '底图'),
    h('p', { class: 'hint' }, '可选。填写 Web 墨卡托（EPSG:3857）XYZ 瓦片地址，例如本县瓦片服务或带密钥的天地图 _w 图层。'
      + '天地图为 CGCS2000，与登记数据一致；高德、腾讯等 GCJ-02 底图会偏移数百米，不要使用。不填则只显示登记簿自身的矢量图层。'),
    field('瓦片地址', tileUrl, '含 {z}、{x}、{y}，可含 {s}'),
    field('子域', subdomains, '替换 {s} 的字符，例如 01234567'),
    field('版权说明', attribution),
    h('h2', null, '本县'),
    field('工作的县', county),
    h('button', { type: 'submit' }, '保存'),
    status));
}
