// place-actions.js: the forms of the naming procedure's steps (POST
// /api/v1/places/{id}/transitions): each asks only what its step needs:
// review the N5 documents, approve the authority and date, rename the new
// name; propose, review, approve and rename send the acknowledgements.

import { h, field } from './dom.js';
import { DOCUMENT_KINDS } from './places-data.js';

// today(): the local date as YYYY-MM-DD.
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// documentRows(): a form part for the documents of a review, with
// rows() -> [{kind, reference, title, date}] of the filled rows.
function documentRows(existing) {
  const have = new Set(existing.map((d) => d.kind));
  const rows = Object.entries(DOCUMENT_KINDS).map(([kind, label]) => {
    const reference = h('input', { name: `doc-${kind}`, placeholder: '文号、网址或附件编号' });
    const title = h('input', { name: `doc-${kind}-title`, placeholder: '标题（可选）' });
    const date = h('input', { name: `doc-${kind}-date`, type: 'date' });
    return {
      kind,
      el: h('fieldset', { class: 'doc-row' },
        h('legend', null, `${label}${have.has(kind) ? '（已登记，可补充）' : ''}`),
        field('文号或链接', reference), field('标题', title), field('日期', date)),
      value: () => (reference.value.trim()
        ? { kind, reference: reference.value.trim(), title: title.value.trim() || undefined, date: date.value || undefined }
        : null),
    };
  });
  return { el: h('div', { class: 'doc-rows' }, rows.map((r) => r.el)), rows: () => rows.map((r) => r.value()).filter(Boolean) };
}

// actionForm(action, place): {el, body()} for the step; body() is the
// transition's JSON without the acknowledgements.
export function actionForm(action, place) {
  const date = h('input', { name: 'date', type: 'date', value: today() });
  const authority = h('input', { name: 'authority', value: '会宁县人民政府' });
  const note = h('input', { name: 'note' });
  switch (action) {
    case 'review': {
      const docs = documentRows(place.documents || []);
      return {
        el: h('div', null, h('p', { class: 'hint' }, '批准前须登记三份材料（N5）：综合评估、专家论证、征求意见。'), docs.el),
        body: () => ({ action, documents: docs.rows() }),
      };
    }
    case 'approve':
      return {
        el: h('div', null, field('批准机关', authority), field('批准日期', date)),
        body: () => ({ action, authority: authority.value.trim(), date: date.value }),
      };
    case 'file':
    case 'announce':
      return {
        el: h('div', null, field(action === 'file' ? '备案日期' : '公告日期', date)),
        body: () => ({ action, date: date.value }),
      };
    case 'rename': {
      const name = h('input', { name: 'new-name' });
      const plan = h('textarea', { name: 'protection_plan', rows: 2 });
      return {
        el: h('div', null, field('新名称', name), field('批准机关', authority), field('批准日期', date),
          place.protected ? field('保护方案（N8）', plan) : null),
        body: () => ({ action, name: name.value.trim(), authority: authority.value.trim(), date: date.value,
          protection_plan: place.protected ? plan.value.trim() : undefined }),
      };
    }
    case 'cancel':
      return {
        el: h('div', null, field('批准机关', authority), field('销名日期', date), field('原因', note)),
        body: () => ({ action, authority: authority.value.trim(), date: date.value, note: note.value.trim() || undefined }),
      };
    default:
      return { el: h('div'), body: () => ({ action }) };
  }
}
