// screens/inspect.js (inspector): the lines of the open round for my team
// (a choice kept on this phone), each with its progress, and the
// records waiting in the outbox.

import { h, clear, message, field } from '../dom.js';
import { href } from '../router.js';
import { myTeam, openRound, setMyTeam } from '../inspect-data.js';
import { list as outboxList, remove as outboxRemove, retry as outboxRetry, flush, onChange } from '../outbox.js';

// Renders my round.
export default async function render(main, ctx) {
  ctx.setTitle('巡检');
  const round = await openRound();
  if (!ctx.isCurrent()) return null;
  if (!round) {
    main.append(h('h1', null, '巡检'), message('info', '目前没有进行中的联检轮次。'));
    return null;
  }
  const teams = [...new Set(round.lines.map((l) => l.team).filter(Boolean))].sort();
  const team = h('select', { name: 'team' }, h('option', { value: '' }, '全部联检组'),
    teams.map((t) => h('option', { value: t, selected: t === myTeam() }, t)));
  const lines = h('ul', { class: 'line-list' });
  function showLines() {
    const mine = round.lines.filter((l) => !team.value || l.team === team.value);
    clear(lines, ...mine.map((l) => h('li', null,
      h('a', { class: 'line-card', href: href(`/inspect/lines/${l.number}`), dataset: { line: l.number } },
        h('strong', null, `${l.number} `), `${l.left.name} — ${l.right.name}`,
        h('span', { class: 'progress-text' }, `已检 ${l.markers_inspected} / ${l.markers} 桩`),
        h('progress', { max: l.markers || 1, value: l.markers_inspected }),
        h('small', { class: 'hint' }, `${l.team || ''} · ${l.left_rep || ''} · ${l.right_rep || ''}`)))));
    if (!mine.length) lines.append(h('li', null, message('info', '该联检组在本轮没有界线。')));
  }
  team.addEventListener('change', () => { setMyTeam(team.value); showLines(); });
  const queue = h('section', { class: 'card queue-list', 'aria-label': '待发送记录' });
  async function showQueue() {
    const items = await outboxList();
    clear(queue, h('h2', null, `待发送记录（${items.length}）`));
    if (!items.length) {
      queue.append(h('p', { class: 'hint' }, '所有记录均已发送。'));
      return;
    }
    queue.append(h('ul', null, items.map((it) => h('li', { class: it.error ? 'queue-failed' : '' },
      `${it.marker} · ${it.record.observed_at.slice(0, 16).replace('T', ' ')} · ${it.photos.length} 张照片`,
      it.error ? [h('div', { class: 'msg msg-error' }, `服务器拒收：${it.error.message}`),
        h('button', { type: 'button', class: 'secondary', onclick: async () => { await outboxRetry(it.client_id); flush(); } }, '重试'),
        h('button', { type: 'button', class: 'secondary', onclick: () => outboxRemove(it.client_id) }, '删除')] : null))),
    h('button', { type: 'button', onclick: () => flush() }, '立即发送'));
  }
  const stop = onChange(() => showQueue());
  main.append(
    h('h1', null, `巡检：${round.name}`),
    h('p', { class: 'hint' }, `${round.start_date} 起 · 共 ${round.lines.length} 条界线，已检 ${round.markers_inspected} / ${round.markers} 个界桩`),
    field('我的联检组', team),
    lines, queue);
  showLines();
  await showQueue();
  return stop;
}
