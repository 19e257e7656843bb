// outbox-badge.js: the header's always-visible count of inspection
// records waiting to be sent; a press sends them now.  The outbox is also
// sent when the browser comes back online and when the badge is mounted.

import { h } from './dom.js';
import { count, flush, onChange } from './outbox.js';

let badge = null; // the mounted button, or null

// show(c): writes the count into the mounted badge.
function show(c) {
  if (!badge) return;
  badge.querySelector('.outbox-count').textContent = String(c);
  badge.dataset.count = String(c);
  badge.classList.toggle('outbox-waiting', c > 0);
}

onChange(show);
window.addEventListener('online', () => { if (badge) flush(); });

// mountOutboxBadge(el): shows the badge in el (replacing one mounted before).
export function mountOutboxBadge(el) {
  badge = h('button', {
    type: 'button', class: 'outbox', id: 'outbox', title: '待发送的巡检记录，按下立即发送',
    onclick: () => flush(),
  }, '待发送 ', h('span', { class: 'outbox-count' }, '0'));
  el.append(badge);
  count().then(show).catch(() => show(0));
  if (navigator.onLine) flush();
}
