// dom.js: building elements without innerHTML, so that no text from the
// registry is ever parsed as markup.

// h(tag, attrs, ...children): a new element.  attrs: plain attributes,
// except `class`, `on*` handlers (functions), `dataset` (object) and
// boolean properties (checked, disabled, hidden, required, selected) set as
// properties.  children: strings, numbers, nodes, arrays of them; null,
// undefined and false are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (['checked', 'disabled', 'hidden', 'required', 'selected', 'value'].includes(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

// append(el, children): adds children (as h takes them) at the end of el.
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

// clear(el, ...children): replaces every child of el by children (as h
// takes them: null, undefined and false are skipped) and returns el.
export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// table(columns, rows, opts): a table.  columns: [{label, cell(row) ->
// child}]; rows: array; opts.caption; opts.empty: the text shown when
// there are no rows.
export function table(columns, rows, opts = {}) {
  const head = h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c.label)));
  const body = rows.length
    ? rows.map((r) => h('tr', null, columns.map((c) => h('td', null, c.cell(r)))))
    : [h('tr', null, h('td', { colspan: columns.length, class: 'empty' }, opts.empty || '无'))];
  return h('div', { class: 'table-wrap' },
    h('table', null,
      opts.caption ? h('caption', null, opts.caption) : null,
      h('thead', null, head),
      h('tbody', null, body)));
}

// message(kind, text): a notice box; kind is 'error', 'warn', 'ok' or 'info'.
export function message(kind, text) {
  return h('p', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

// field(label, control, hint): a labelled form row around control.
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 10)}`;
  control.id = id;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}
