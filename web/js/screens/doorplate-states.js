// screens/doorplate-states.js (staff): plate states moved forward in bulk
// (D3: produced 制作, active 上墙启用) by scanning the plates' QR codes or
// typing their codes, one PATCH /api/v1/doorplates/{code} per plate, each
// result shown.

import { api } from '../api.js';
import { h, clear, field, table } from '../dom.js';
import { href } from '../router.js';
import { codeOf, PLATE_STATES } from '../doorplates-data.js';
import { today } from '../place-actions.js';

// The states this screen moves plates to.
const TARGETS = ['produced', 'active'];

// Renders the bulk form.
export default async function render(main, ctx) {
  ctx.setTitle('门牌状态批量变更');
  const codes = [];
  const scan = h('input', { name: 'scan', autocomplete: 'off', spellcheck: 'false', placeholder: '扫描门牌二维码或输入编码后回车' });
  const list = h('ul', { class: 'code-list', id: 'code-list' });
  const state = h('select', { name: 'state' }, TARGETS.map((s) => h('option', { value: s }, PLATE_STATES[s])));
  const date = h('input', { name: 'date', type: 'date', value: today() });
  const results = h('div', { 'aria-live': 'polite' });
  function showCodes() {
    clear(list, ...codes.map((c) => h('li', null, h('code', null, c), ' ',
      h('button', { type: 'button', class: 'link', 'aria-label': `移除 ${c}`, onclick: () => { codes.splice(codes.indexOf(c), 1); showCodes(); } }, '移除'))));
    list.dataset.count = String(codes.length);
  }
  function add(text) {
    for (const part of text.split(/[\s,;，；]+/)) {
      const c = codeOf(part);
      if (c && !codes.includes(c)) codes.push(c);
    }
    showCodes();
  }
  scan.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    add(scan.value);
    scan.value = '';
  });
  scan.addEventListener('paste', (ev) => {
    ev.preventDefault();
    add(ev.clipboardData.getData('text'));
  });
  const run = h('button', {
    type: 'submit', name: 'apply',
  }, '执行');
  main.append(
    h('nav', { class: 'crumbs' }, h('a', { href: href('/doorplates') }, '门牌编制'), ' › 状态批量变更'),
    h('h1', null, '门牌状态批量变更'),
    h('form', {
      class: 'card',
      onsubmit: async (ev) => {
        ev.preventDefault();
        if (scan.value.trim()) {
          add(scan.value);
          scan.value = '';
        }
        if (!codes.length) return;
        run.disabled = true;
        const rows = [];
        for (const code of codes) {
          try {
            const p = await api(`/api/v1/doorplates/${encodeURIComponent(code)}`, {
              method: 'PATCH', body: { state: state.value, date: date.value },
            });
            rows.push({ code, ok: true, text: `${p.address?.short || ''}：${PLATE_STATES[p.state] || p.state}` });
          } catch (err) {
            rows.push({ code, ok: false, text: err.message });
          }
        }
        run.disabled = false;
        const good = rows.filter((r) => r.ok).length;
        clear(results, 
          h('p', { class: `msg ${good === rows.length ? 'msg-ok' : 'msg-warn'}`, id: 'bulk-summary' }, `成功 ${good} 块，失败 ${rows.length - good} 块。`),
          table([
            { label: '编码', cell: (r) => h('code', null, r.code) },
            { label: '结果', cell: (r) => h('span', { class: r.ok ? 'ok' : 'failed' }, r.ok ? '成功' : '失败') },
            { label: '说明', cell: (r) => r.text },
          ], rows));
        codes.length = 0;
        showCodes();
      },
    },
    field('门牌编码', scan, '扫码枪扫描后自动回车；也可粘贴多行编码'),
    list,
    field('变更为', state),
    field('日期', date),
    run),
    results);
  scan.focus();
}
