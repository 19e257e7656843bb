// findings.js: rule findings (from GET /api/v1/places/check or a refused
// write) as a list: rule id, the article it comes from, the message, what
// it is about, and for acknowledgeable ones a checkbox and a note, the
// reviewer's acknowledgement sent with the next step.

import { h } from './dom.js';
import { href } from './router.js';
import { RULE_SOURCES, STATUS_NAMES } from './places-data.js';

// about(f): what a finding points at: the other place, the character, the word.
function about(f) {
  const parts = [];
  if (f.place) {
    parts.push('与 ', h('a', { href: href(`/places/${f.place.id}`) }, f.place.name),
      `（${f.place.area || ''}，${STATUS_NAMES[f.place.status] || f.place.status}）`);
  }
  if (f.char) parts.push(`字“${f.char}”（第 ${f.position + 1} 字）`);
  if (f.word) parts.push(`词“${f.word}”${f.note ? `（${f.note}）` : ''}`);
  if (f.expected) parts.push(`应为 ${[f.expected].flat().join('、')}`);
  return parts.length ? h('div', { class: 'finding-about' }, parts) : null;
}

// FindingsList: renders findings into an element and remembers the
// acknowledgements typed for them.
export class FindingsList {
  constructor() {
    this.el = h('div', { class: 'findings', 'aria-live': 'polite' });
    this.acks = new Map(); // key -> {checked, note}
  }

  // show(result): result has errors and warnings (arrays of findings).
  show(result) {
    const errors = result.errors || [];
    const warnings = result.warnings || [];
    this.el.replaceChildren();
    if (!errors.length && !warnings.length) {
      this.el.append(h('p', { class: 'msg msg-ok finding-none' }, '规则检查未发现问题。'));
      return;
    }
    const list = h('ul', { class: 'finding-list' });
    for (const f of [...errors, ...warnings]) list.append(this.item(f));
    this.el.append(list);
  }

  // item(f): one finding, with the acknowledgement controls when it has them.
  item(f) {
    const severity = f.severity === 'error' ? 'error' : 'warning';
    const li = h('li', { class: `finding finding-${severity}`, dataset: { rule: f.rule, code: f.code, key: f.key } },
      h('div', { class: 'finding-head' },
        h('span', { class: 'finding-rule' }, f.rule),
        h('span', { class: 'finding-severity' }, severity === 'error' ? '错误' : '警告'),
        h('span', { class: 'finding-message' }, f.message_zh)),
      about(f),
      h('div', { class: 'finding-source' }, `依据：${RULE_SOURCES[f.rule] || f.rule}`));
    if (f.acknowledged) {
      li.append(h('div', { class: 'finding-ack' },
        `已由 ${f.acknowledged.by} 于 ${f.acknowledged.at} 确认：${f.acknowledged.note || ''}`));
    } else if (f.acknowledgeable) {
      const state = this.acks.get(f.key) || { checked: false, note: '' };
      this.acks.set(f.key, state);
      const box = h('input', {
        type: 'checkbox', class: 'ack-box', checked: state.checked,
        onchange: () => { state.checked = box.checked; },
      });
      const note = h('input', {
        type: 'text', class: 'ack-note', value: state.note, placeholder: '核实结论，例如：确无特定联系',
        'aria-label': `${f.rule} 核实结论`,
        oninput: () => { state.note = note.value; },
      });
      li.append(h('div', { class: 'finding-ack-form' },
        h('label', null, box, ' 已核实，确认可以使用'), note));
    }
    return li;
  }

  // acknowledgements(): [{key, note}] of the findings checked as verified.
  acknowledgements() {
    return [...this.acks.entries()]
      .filter(([key, s]) => s.checked && this.el.querySelector(`[data-key="${CSS.escape(key)}"]`))
      .map(([key, s]) => ({ key, note: s.note.trim() || '已核实' }));
  }
}
