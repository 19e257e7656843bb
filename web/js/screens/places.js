// screens/places.js (staff): the register of place names: search by
// Chinese, full pinyin or initials (with suggestions as one types), filters
// by category, township and status, a page at a time.

import { api, query } from '../api.js';
import { h, clear, message, table, field } from '../dom.js';
import { go, href } from '../router.js';
import { categories, STATUS_NAMES } from '../places-data.js';
import { children, homeCounty } from '../units-data.js';

const MATCH_NAMES = {
  exact: '完全一致', prefix: '前缀', substring: '包含', pinyin: '拼音', initials: '首字母', former: '曾用名',
};

// Renders the register.
export default async function render(main, ctx) {
  ctx.setTitle('地名');
  const county = await homeCounty();
  const [cats, towns] = await Promise.all([categories(), children(county.code)]);
  if (!ctx.isCurrent()) return;
  const q = h('input', { name: 'q', type: 'search', value: ctx.query.get('q') || '', autocomplete: 'off',
    placeholder: '汉字、全拼或首字母，如 会师南路 / huishinanlu / hsnl', list: 'place-suggestions' });
  const suggestions = h('datalist', { id: 'place-suggestions' });
  const category = h('select', { name: 'category' }, h('option', { value: '' }, '全部类别'),
    cats.map((c) => h('option', { value: c.code, selected: c.code === ctx.query.get('category') },
      `${c.code} ${c.class} / ${c.subclass}`)));
  const unit = h('select', { name: 'unit' }, h('option', { value: '' }, '全部乡镇'),
    towns.map((t) => h('option', { value: t.code, selected: t.code === ctx.query.get('unit') }, t.name)));
  const status = h('select', { name: 'status' }, h('option', { value: '' }, '全部状态'),
    Object.entries(STATUS_NAMES).map(([k, v]) =>
      h('option', { value: k, selected: k === ctx.query.get('status') }, v)));
  const out = h('div', { class: 'register' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, '下一页');
  let cursor = null;
  let seq = 0;

  async function load(reset) {
    const mine = ++seq;
    if (reset) cursor = null;
    const params = { q: q.value.trim(), category: category.value, unit: unit.value,
      status: status.value, limit: 50, cursor };
    try {
      const r = await api(`/api/v1/places${query(params)}`);
      if (mine !== seq || !ctx.isCurrent()) return;
      if (reset) clear(out, h('p', { class: 'count' }, `共 ${r.total} 条`));
      out.append(table([
        { label: '标准名称', cell: (p) => h('a', { href: href(`/places/${p.id}`) }, p.name) },
        { label: '拼音', cell: (p) => p.pinyin },
        { label: '类别', cell: (p) => p.category.subclass },
        { label: '所在', cell: (p) => p.area || '' },
        { label: '状态', cell: (p) => STATUS_NAMES[p.status] || p.status },
        { label: '匹配', cell: (p) => (p.match ? `${MATCH_NAMES[p.match] || p.match}${p.match === 'former' ? `：${p.matched_name}` : ''}` : '') },
      ], r.places, { empty: '没有符合条件的地名' }));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (err) {
      if (mine === seq) clear(out, message('error', err.message));
    }
  }

  let suggestSeq = 0;
  async function suggest() {
    const text = q.value.trim();
    const mine = ++suggestSeq;
    if (!text) return;
    try {
      const r = await api(`/api/v1/autocomplete${query({ q: text, limit: 10 })}`);
      if (mine !== suggestSeq) return;
      clear(suggestions, ...r.suggestions.map((s) => h('option', { value: s.name })));
    } catch {
      // suggestions are a help only; the search itself reports errors
    }
  }

  more.addEventListener('click', () => load(false));
  q.addEventListener('input', suggest);
  const form = h('form', {
    class: 'filters', role: 'search',
    onsubmit: (ev) => {
      ev.preventDefault();
      go(`/places${query({ q: q.value.trim(), category: category.value, unit: unit.value, status: status.value })}`);
    },
  }, field('查找', q), field('类别', category), field('乡镇', unit), field('状态', status),
  h('button', { type: 'submit' }, '查询'));
  main.append(
    h('div', { class: 'title-row' }, h('h1', null, '地名登记簿'),
      h('a', { class: 'button', href: href('/places/new') }, '新地名申报'),
      h('a', { class: 'button secondary', href: href('/places/overdue') }, '逾期备案公告')),
    form, suggestions, out, more);
  await load(true);
}
