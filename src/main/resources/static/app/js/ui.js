// DOM helpers: elements from data (never markup from strings), labelled fields, errors beside them.

import { format, formatText, toMinor } from './money.js';

let ids = 0;
export const uid = (prefix = 'f') => `${prefix}-${++ids}`;

/** An element: h('button', {class: 'x', onclick: fn}, 'Save'). Strings become text, never markup. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'for') el.htmlFor = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    // As attributes too, so a form's reset() goes back to them.
    else if (name === 'value') { if (tag === 'input' || tag === 'option') el.setAttribute('value', value); el.value = value; }
    else if (name === 'checked') el.defaultChecked = el.checked = !!value;
    else if (name === 'selected') el.defaultSelected = el.selected = !!value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A labelled input (or select/textarea) with an error line tied to it. `fields` are the API's names for
 * it, so a server error naming one lands here.
 */
export function field({ label, type = 'text', value = '', fields = [], options, required, hint, ...rest }) {
  const id = uid('field');
  const errorId = `${id}-error`;
  let input;
  const common = { id, name: fields[0] || id, 'aria-describedby': errorId, required, dataset: { fields: fields.join(' ') }, ...rest };
  if (type === 'select') {
    input = h('select', common, (options || []).map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  } else if (type === 'textarea') {
    input = h('textarea', { ...common, rows: 2 });
    input.value = value ?? '';
  } else {
    input = h('input', { ...common, type, value: value ?? '' });
  }
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'muted', id: `${id}-hint` }, hint) : null,
    input,
    h('p', { class: 'error', id: errorId }));
  return { wrap, input, error: wrap.querySelector('.error') };
}

export function setOptions(select, options, keep = true) {
  const same = select.options.length === options.length
    && options.every(([v, text], i) => select.options[i].value === v && select.options[i].text === text);
  if (same) return;
  const current = select.value;
  replace(select, options.map(([v, text]) => h('option', { value: v }, text)));
  if (keep && options.some(([v]) => v === current)) select.value = current;
}

/** Shows a problem's field errors beside their fields; the rest in the form's own error line. */
export function showProblem(form, problem) {
  clearErrors(form);
  const general = form.querySelector(':scope > .form-error');
  const unplaced = [];
  for (const error of problem.errors || []) {
    const input = fieldFor(form, error.field);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const line = input.closest('form').querySelector(`[id="${input.getAttribute('aria-describedby')}"]`);
      if (line) line.textContent = line.textContent ? `${line.textContent}; ${error.message}` : capitalise(error.message);
      else unplaced.push(`${error.field}: ${error.message}`);
    } else {
      unplaced.push(`${error.field}: ${error.message}`);
    }
  }
  const message = unplaced.length ? unplaced.join('; ') : problem.errors?.length ? '' : problem.message;
  if (general) general.textContent = message || '';
  const first = form.querySelector('[aria-invalid="true"]');
  (first || general)?.focus?.();
}

function fieldFor(form, name) {
  for (const input of form.querySelectorAll('[data-fields]')) {
    const names = input.dataset.fields.split(' ');
    if (names.includes(name)) return input;
  }
  if (name && name.includes('.')) return fieldFor(form, name.split('.')[0]);
  return null;
}

export function setError(input, message) {
  input.setAttribute('aria-invalid', 'true');
  const line = document.getElementById(input.getAttribute('aria-describedby'))
    || input.closest('form')?.querySelector(`[id="${input.getAttribute('aria-describedby')}"]`);
  if (line) line.textContent = message;
}

export function clearErrors(form) {
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const line of form.querySelectorAll('.error')) line.textContent = '';
}

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

export function formError() {
  return h('p', { class: 'error form-error', role: 'alert', tabindex: '-1' });
}

/** An amount for people: currency code and exact decimals; `sign` colours a net. */
export function amount(minorOrText, currency, sign) {
  const minor = typeof minorOrText === 'bigint' ? minorOrText : toMinor(minorOrText, currency);
  const cls = sign ? (minor > 0n ? 'amount owed' : minor < 0n ? 'amount owe' : 'amount') : 'amount';
  return h('span', { class: cls }, format(sign ? (minor < 0n ? -minor : minor) : minor, currency));
}

export { formatText };

export function say(text) {
  const status = document.getElementById('announce') || document.body.appendChild(
    h('div', { id: 'announce', class: 'skip', role: 'status', 'aria-live': 'polite' }));
  status.textContent = '';
  setTimeout(() => { status.textContent = text; }, 30);
}

/** A modal dialog (the platform's: focus stays in it, Escape closes it). Resolves when it closes. */
export function openDialog(title, build) {
  const dialog = document.getElementById('dialog');
  const close = () => dialog.open && dialog.close();
  if (dialog.open) dialog.close();
  replace(dialog, h('h2', { id: 'dialog-title' }, title), build(close));
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
}

export function todayLocal() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The API's time as the date the user picked (dates are stored as midnight UTC). */
export function dateOf(iso) {
  return (iso || '').slice(0, 10);
}

/**
 * Replaces a list's items and keeps the keyboard where it was: the same button of the same row
 * (rows carry data-key) gets focus back after a live update redraws the list.
 */
export function rerender(container, children) {
  const active = document.activeElement;
  let keep = null;
  if (active && active !== container && container.contains(active)) {
    const row = active.closest('[data-key]');
    if (row) keep = { key: row.dataset.key, text: active.textContent };
  }
  replace(container, children);
  if (keep) {
    const row = [...container.querySelectorAll('[data-key]')].find((r) => r.dataset.key === keep.key);
    const target = row && [...row.querySelectorAll('button, a, input, select')].find((b) => b.textContent === keep.text);
    (target || container.closest('section')?.querySelector('h1'))?.focus();
  }
}
