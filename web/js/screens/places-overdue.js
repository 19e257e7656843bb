// screens/places-overdue.js (staff): approved names whose filing or
// announcement is late (N6: within 15 days of approval).

import { api } from '../api.js';
import { h, table } from '../dom.js';
import { href } from '../router.js';

const MISSING = { file: '备案', announce: '公告' };

// Renders the overdue list.
export default async function render(main, ctx) {
  ctx.setTitle('逾期备案公告');
  const r = await api('/api/v1/places/overdue');
  if (!ctx.isCurrent()) return;
  main.append(
    h('h1', null, '逾期未备案、未公告的地名'),
    h('p', { class: 'hint' }, `批准后 ${r.deadline_days} 日内应备案并公告（N6，《地名管理条例》第十三、十四条）。截至 ${r.as_of}。`),
    table([
      { label: '地名', cell: (p) => h('a', { href: href(`/places/${p.id}`) }, p.name) },
      { label: '批准日期', cell: (p) => p.approval_date },
      { label: '期限', cell: (p) => p.due },
      { label: '未办', cell: (p) => p.missing.map((m) => MISSING[m] || m).join('、') },
      { label: '逾期天数', cell: (p) => p.days_late },
    ], r.places, { empty: '没有逾期的地名' }));
}
