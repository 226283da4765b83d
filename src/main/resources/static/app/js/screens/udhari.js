// Udhari: money lent to or borrowed from one friend, pending until either of you settles it.

import * as store from '../store.js';
import { h, uid, rerender, field, formError, clearErrors, setError, openDialog, amount, dateOf, setOptions } from '../ui.js';
import { parseAmount, plain } from '../money.js';
import { submit, act, currencyField, dateField, defaultCurrency, instant, stamp, pendingBadge, emptyLine } from './common.js';

export function render(ctx) {
  const me = ctx.me.id;
  const pending = h('ul', { class: 'list', id: 'udhari-pending' });
  const settled = h('ul', { class: 'list', id: 'udhari-settled' });
  const add = udhariForm(ctx, null, () => {});
  const el = h('section', {}, h('h1', {}, 'Udhari'),
    h('h2', {}, 'Pending'), pending, add.form, h('h2', {}, 'Settled'), settled);

  function row(u) {
    const rowId = uid('udhari');
    const name = store.nameOf(u.friendId, me);
    const mine = !u.createdBy || u.createdBy === me;
    return h('li', { dataset: { key: u.id, id: u.id } },
      h('div', { class: 'grow', id: rowId },
        u.type === 0 ? `You lent ${name} ` : `${name} lent you `, amount(u.amount, u.currency), ' ',
        h('span', { class: 'muted' }, `${dateOf(u.date)}${u.description ? ` · ${u.description}` : ''}`), pendingBadge(u)),
      h('div', { class: 'actions' },
        u.status === 0 ? h('button', { type: 'button', class: 'small', 'aria-describedby': rowId, onclick: () => settle(u) }, 'Mark settled') : null,
        mine ? h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => edit(ctx, u) }, 'Edit') : null,
        mine ? h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => remove(u) }, 'Delete') : null));
  }

  function refresh() {
    add.refresh();
    const all = store.list('udhari').sort(store.newestFirst);
    const open = all.filter((u) => u.status === 0);
    const done = all.filter((u) => u.status !== 0);
    rerender(pending, open.length ? open.map(row) : emptyLine('Nothing pending.'));
    rerender(settled, done.length ? done.map(row) : emptyLine('Nothing settled yet.'));
  }

  refresh();
  return { el, refresh, title: 'Udhari' };
}

function udhariForm(ctx, existing, close, onSaved) {
  const me = ctx.me.id;
  const friend = field({ label: 'Friend', type: 'select', value: existing?.friendId || '', fields: ['friendId'], options: [], required: true });
  const typeName = uid('type');
  const lent = h('input', { type: 'radio', name: typeName, value: '0', checked: !existing || existing.type === 0 });
  const borrowed = h('input', { type: 'radio', name: typeName, value: '1', checked: existing?.type === 1 });
  const typeError = h('p', { class: 'error', id: uid('type-error') });
  const type = h('fieldset', { dataset: { fields: 'type' }, 'aria-describedby': typeError.id }, h('legend', {}, 'Type'),
    h('label', { class: 'inline' }, lent, 'I lent'), h('label', { class: 'inline' }, borrowed, 'I borrowed'));
  const amountField = field({ label: 'Amount', inputmode: 'decimal', value: existing?.amount || '', fields: ['amount'], required: true });
  const currency = currencyField(existing?.currency || defaultCurrency(ctx));
  const date = dateField(existing ? dateOf(existing.date) : null);
  const description = field({ label: 'Description', value: existing?.description || '', fields: ['description'], maxlength: 2000 });
  const form = h('form', { class: existing ? '' : 'panel', novalidate: true, id: existing ? null : 'add-udhari' },
    existing ? null : h('h2', {}, 'Lend or borrow'),
    formError(), friend.wrap, type, typeError, h('div', { class: 'row' }, amountField.wrap, currency.wrap), date.wrap, description.wrap,
    existing
      ? [h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')]
      : h('button', { type: 'submit' }, 'Add udhari'));

  function refresh() {
    const friends = store.list('friend').filter((f) => f.friendUserId).sort((a, b) => a.name.localeCompare(b.name));
    const options = [['', 'Choose a friend'], ...friends.map((f) => [f.friendUserId, f.name])];
    if (existing && !friends.some((f) => f.friendUserId === existing.friendId)) options.push([existing.friendId, store.nameOf(existing.friendId, me)]);
    if (document.activeElement !== friend.input) setOptions(friend.input, options);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const code = currency.input.value;
    const parsed = parseAmount(amountField.input.value, code);
    let bad = false;
    if (!friend.input.value) { setError(friend.input, 'Choose a friend'); bad = true; }
    if (parsed.error) { setError(amountField.input, `Amount ${parsed.error}`); bad = true; }
    if (!date.input.value) { setError(date.input, 'Pick a date'); bad = true; }
    if (bad) return;
    const id = existing?.id || crypto.randomUUID();
    const body = {
      friendId: friend.input.value,
      type: borrowed.checked ? 1 : 0,
      amount: plain(parsed.minor, code),
      currency: code,
      description: description.input.value.trim() || undefined,
      status: existing?.status ?? 0,
      date: date.input.value,
    };
    if (!existing) body.id = id;
    const local = {
      ...(existing || {}), ...body, id, description: body.description || null, date: instant(body.date),
      createdBy: existing?.createdBy || me, settledAt: existing?.settledAt || null, ...stamp(existing),
    };
    delete local._pending;
    const path = existing ? `/api/udhari/${id}` : '/api/udhari';
    submit(form, () => store.enqueue({
      entity: 'udhari', id, op: existing ? 'update' : 'create', method: existing ? 'PUT' : 'POST', path, body, local,
      label: `Udhari with ${store.nameOf(body.friendId, me)}`,
    }), () => {
      onSaved?.();
      if (existing) return close();
      form.reset();
      friend.input.focus();
    });
  });

  refresh();
  if (existing) friend.input.value = existing.friendId;
  return { form, refresh };
}

/** The edit dialog; `prefill` (a conflict's own values) replaces what is shown, `onSaved` runs on Save. */
export function edit(ctx, u, { prefill, onSaved } = {}) {
  openDialog('Edit udhari', (close) => udhariForm(ctx, prefill ? { ...u, ...prefill } : u, close, onSaved).form);
}

function settle(u) {
  const local = { ...u, status: 1, settledAt: new Date().toISOString() };
  delete local._pending;
  act(() => store.enqueue({ entity: 'udhari', id: u.id, op: 'action', method: 'POST', path: `/api/udhari/${u.id}/settle`, body: {}, local, label: 'Settle udhari' }));
}

function remove(u) {
  act(() => store.enqueue({ entity: 'udhari', id: u.id, op: 'delete', method: 'DELETE', path: `/api/udhari/${u.id}`, label: 'Udhari' }));
}
