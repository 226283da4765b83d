// Personal expenses (private) and the month's summary by category.

import * as store from '../store.js';
import { h, uid, replace, rerender, field, formError, clearErrors, setError, openDialog, amount, dateOf } from '../ui.js';
import { parseAmount, plain } from '../money.js';
import { submit, act, currencyField, dateField, defaultCurrency, instant, stamp, pendingBadge, emptyLine } from './common.js';

const thisMonth = () => new Date().toISOString().slice(0, 7);

export function render(ctx) {
  const month = field({ label: 'Month', type: 'month', value: thisMonth(), fields: [] });
  const summary = h('div', { class: 'panel', id: 'summary', 'aria-live': 'polite' });
  const expenses = h('ul', { class: 'list', id: 'personal-expenses' });
  const add = expenseForm(ctx, null, () => {});
  const el = h('section', {},
    h('h1', {}, 'Personal expenses'),
    month.wrap,
    summary,
    expenses,
    add);
  month.input.addEventListener('change', () => refresh());

  function refresh() {
    const chosen = month.input.value || thisMonth();
    const { totals, byCategory, expenses: list } = store.monthSummary(chosen);
    replace(summary,
      h('h3', {}, `Spent in ${chosen}`),
      totals.length
        ? totals.map((t) => h('p', { dataset: { currency: t.currency } }, amount(t.total, t.currency), ` in ${t.count} ${t.count === 1 ? 'expense' : 'expenses'}`))
        : h('p', {}, 'Nothing this month.'),
      byCategory.length
        ? h('table', { class: 'compare', id: 'by-category' },
          h('caption', { class: 'muted' }, 'By category'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Category'), h('th', { scope: 'col' }, 'Total'), h('th', { scope: 'col' }, 'Count'))),
          h('tbody', {}, byCategory.map((c) => h('tr', {}, h('td', {}, c.category), h('td', {}, amount(c.total, c.currency)), h('td', {}, String(c.count))))))
        : null);
    rerender(expenses, list.length ? list.map((e) => {
      const rowId = uid('personal');
      return h('li', { dataset: { key: e.id, id: e.id } },
        h('div', { class: 'grow', id: rowId },
          h('strong', {}, e.title), ' ', amount(e.amount, e.currency), ' ',
          h('span', { class: 'muted' }, `${dateOf(e.date)}${e.category ? ` · ${e.category}` : ''}`), pendingBadge(e)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => edit(ctx, e) }, 'Edit'),
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => remove(e) }, 'Delete')));
    }) : emptyLine('No expenses in this month.'));
  }

  refresh();
  return { el, refresh, title: 'Personal expenses' };
}

/** The add form (existing = null) or the edit form of an expense. */
function expenseForm(ctx, existing, close, onSaved) {
  const title = field({ label: 'Title', value: existing?.title || '', fields: ['title'], required: true, maxlength: 255 });
  const currency = currencyField(existing?.currency || defaultCurrency(ctx));
  const amountField = field({ label: 'Amount', inputmode: 'decimal', value: existing ? existing.amount : '', fields: ['amount'], required: true });
  const category = field({ label: 'Category', value: existing?.category || '', fields: ['category'], maxlength: 100, list: 'categories' });
  const date = dateField(existing ? dateOf(existing.date) : null);
  const description = field({ label: 'Description', type: 'textarea', value: existing?.description || '', fields: ['description'], maxlength: 2000 });
  const categories = h('datalist', { id: 'categories' },
    [...new Set(store.list('personal_expense').map((e) => e.category).filter(Boolean))].map((c) => h('option', { value: c })));
  const form = h('form', { class: existing ? '' : 'panel', novalidate: true, id: existing ? null : 'add-personal' },
    existing ? null : h('h2', {}, 'Add an expense'),
    formError(), title.wrap, h('div', { class: 'row' }, amountField.wrap, currency.wrap), h('div', { class: 'row' }, category.wrap, date.wrap), description.wrap, categories,
    existing
      ? [h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', class: 'danger', onclick: () => { remove(existing); close(); } }, 'Delete'),
        h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')]
      : h('button', { type: 'submit' }, 'Add expense'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const code = currency.input.value;
    const parsed = parseAmount(amountField.input.value, code);
    let bad = false;
    if (!title.input.value.trim()) { setError(title.input, 'Enter a title'); bad = true; }
    if (parsed.error) { setError(amountField.input, `Amount ${parsed.error}`); bad = true; }
    if (!date.input.value) { setError(date.input, 'Pick a date'); bad = true; }
    if (bad) return;
    const id = existing?.id || crypto.randomUUID();
    const body = {
      title: title.input.value.trim(),
      amount: plain(parsed.minor, code),
      currency: code,
      category: category.input.value.trim() || undefined,
      description: description.input.value.trim() || undefined,
      date: date.input.value,
    };
    if (!existing) body.id = id;
    const local = {
      ...(existing || {}), ...body, id, userId: ctx.me.id, category: body.category || null, description: body.description || null,
      date: instant(body.date), ...stamp(existing),
    };
    delete local._pending;
    const path = existing ? `/api/personal-expenses/${id}` : '/api/personal-expenses';
    submit(form, () => store.enqueue({
      entity: 'personal_expense', id, op: existing ? 'update' : 'create', method: existing ? 'PUT' : 'POST', path, body, local, label: `Expense ${body.title}`,
    }), () => {
      onSaved?.();
      if (existing) close();
      else {
        form.reset();
        title.input.focus();
      }
    });
  });
  return form;
}

/** The edit dialog; `prefill` (a conflict's own values) replaces what is shown, `onSaved` runs on Save. */
export function edit(ctx, expense, { prefill, onSaved } = {}) {
  const shown = prefill ? { ...expense, ...prefill } : expense;
  openDialog(`Edit ${expense.title}`, (close) => expenseForm(ctx, shown, close, onSaved));
}

function remove(expense) {
  act(() => store.enqueue({ entity: 'personal_expense', id: expense.id, op: 'delete', method: 'DELETE', path: `/api/personal-expenses/${expense.id}`, label: `Expense ${expense.title}` }));
}
