// screens/audit.js (admin): the audit log, newest page last, filtered by
// entity and id, page by page (GET /api/v1/audit).

import { api, query } from '../api.js';
import { h, clear, message, table, field } from '../dom.js';

// Renders the audit log.
export default async function render(main, ctx) {
  ctx.setTitle('审计日志');
  const entity = h('input', { name: 'entity', value: ctx.query.get('entity') || '' });
  const id = h('input', { name: 'id', value: ctx.query.get('id') || '' });
  const out = h('div');
  let after = 0;
  const more = h('button', { type: 'button', hidden: true, onclick: () => load(false) }, '下一页');
  async function load(reset) {
    if (reset) {
      after = 0;
      clear(out);
    }
    try {
      const r = await api(`/api/v1/audit${query({ entity: entity.value, id: id.value, after, limit: 100 })}`);
      out.append(table([
        { label: '序号', cell: (e) => e.id },
        { label: '时间', cell: (e) => e.at },
        { label: '操作人', cell: (e) => e.actor },
        { label: '操作', cell: (e) => e.action },
        { label: '对象', cell: (e) => `${e.entity} ${e.entity_id}` },
      ], r.entries, { empty: '没有记录' }));
      after = r.next_after || 0;
      more.hidden = !r.next_after;
    } catch (err) {
      out.append(message('error', err.message));
    }
  }
  main.append(
    h('h1', null, '审计日志'),
    h('form', { class: 'filters', onsubmit: (ev) => { ev.preventDefault(); load(true); } },
      field('对象类型', entity), field('对象编号', id), h('button', { type: 'submit' }, '筛选')),
    out, more);
  await load(true);
}
