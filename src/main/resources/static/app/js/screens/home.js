// Balances per person and currency, totals, settling up, and the settlements made.

import * as store from '../store.js';
import { h, uid, replace, rerender, amount, field, formError, clearErrors, setError, openDialog, dateOf } from '../ui.js';
import { parseAmount, plain, format } from '../money.js';
import { submit, dateField, instant, stamp, pendingBadge, emptyLine } from './common.js';

export function render(ctx) {
  const me = ctx.me.id;
  const totals = h('div', { class: 'panel', id: 'totals' });
  const people = h('ul', { class: 'list', id: 'balances' });
  const settlements = h('ul', { class: 'list', id: 'settlements' });
  const el = h('section', {},
    h('h1', {}, 'Balances'),
    totals,
    h('h2', {}, 'With each person'),
    people,
    h('h2', {}, 'Settlements'),
    settlements);

  function refresh() {
    const nets = store.balances(me);
    const sums = new Map();
    for (const entry of nets) {
      for (const [currency, net] of entry.byCurrency) {
        const sum = sums.get(currency) || { owed: 0n, owe: 0n };
        if (net > 0n) sum.owed += net;
        if (net < 0n) sum.owe -= net;
        sums.set(currency, sum);
      }
    }
    const currencies = [...sums.keys()].filter((c) => sums.get(c).owed || sums.get(c).owe).sort();
    replace(totals, currencies.length
      ? currencies.map((currency) => {
        const { owed, owe } = sums.get(currency);
        return h('p', { dataset: { currency } },
          'Owed to you ', amount(owed, currency), ' · you owe ', amount(owe, currency), ' · net ', amount(owed - owe, currency, true));
      })
      : h('p', { id: 'all-settled' }, 'All settled up.'));

    const rows = [];
    for (const entry of nets.sort((a, b) => store.nameOf(a.person, me).localeCompare(store.nameOf(b.person, me)))) {
      const name = store.nameOf(entry.person, me);
      for (const [currency, net] of [...entry.byCurrency].sort(([a], [b]) => a.localeCompare(b))) {
        if (net === 0n) continue;
        const rowId = uid('balance');
        rows.push(h('li', { dataset: { person: entry.person, currency, key: `${entry.person}:${currency}` } },
          h('div', { class: 'grow', id: rowId },
            h('strong', {}, name), ' ',
            h('span', { class: 'net', dataset: { net: net.toString() } },
              net > 0n ? 'owes you ' : 'you owe ', amount(net, currency, true))),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'small', 'aria-describedby': rowId, onclick: () => settleUp(ctx, entry.person, name, currency, net) }, 'Settle up'),
            h('button', { type: 'button', class: 'small secondary', 'aria-expanded': 'false', 'aria-describedby': rowId, onclick: (e) => toggleItems(e.currentTarget, entry, currency) }, 'Details'))));
      }
    }
    rerender(people, rows.length ? rows : emptyLine('Nobody owes anybody anything.'));

    const list = store.list('settlement').sort(store.newestFirst);
    rerender(settlements, list.length ? list.map((s) => {
      const paidByMe = s.fromUserId === me;
      const other = paidByMe ? s.toUserId : s.fromUserId;
      const rowId = uid('settlement');
      return h('li', { dataset: { id: s.id, key: s.id } },
        h('div', { class: 'grow', id: rowId },
          paidByMe ? `You paid ${store.nameOf(other, me)} `
            : s.toUserId === me ? `${store.nameOf(other, me)} paid you `
              : `${store.nameOf(s.fromUserId, me)} paid ${store.nameOf(s.toUserId, me)} `,
          amount(s.amount, s.currency), ' ', h('span', { class: 'muted' }, `on ${dateOf(s.date)}${s.note ? ` · ${s.note}` : ''}`), pendingBadge(s)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => removeSettlement(s) }, 'Delete')));
    }) : emptyLine('No settlements yet.'));
  }

  refresh();
  return { el, refresh, title: 'Balances' };
}

function toggleItems(button, entry, currency) {
  const li = button.closest('li');
  const open = button.getAttribute('aria-expanded') === 'true';
  li.querySelector('.items')?.remove();
  button.setAttribute('aria-expanded', String(!open));
  if (open) return;
  const items = entry.items.filter((i) => i.currency === currency).sort(store.newestFirst);
  li.append(h('ul', { class: 'list items' }, items.map((item) => h('li', {},
    h('span', { class: 'grow' }, `${dateOf(item.date)} · ${item.title} `, h('span', { class: 'muted' }, label(item.kind))),
    amount(item.effect, currency, true)))));
}

function label(kind) {
  return { group_expense: 'shared expense', udhari: 'udhari', settlement: 'settlement' }[kind] || kind;
}

/** Records a payment for the whole net (or part of it) in that currency. */
function settleUp(ctx, person, name, currency, net) {
  const me = ctx.me.id;
  const owed = net < 0n ? -net : net;
  const theyPay = net > 0n;
  const amountField = field({ label: 'Amount', inputmode: 'decimal', value: plain(owed, currency), fields: ['amount'], required: true });
  const date = dateField();
  const note = field({ label: 'Note', fields: ['note'], maxlength: 2000 });
  openDialog(`Settle up with ${name}`, (close) => {
    const form = h('form', { novalidate: true },
      h('p', {}, theyPay ? `${name} pays you ` : `You pay ${name} `, h('strong', {}, format(owed, currency)), '.'),
      formError(), amountField.wrap, date.wrap, note.wrap,
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(form);
      const parsed = parseAmount(amountField.input.value, currency);
      if (parsed.error) return setError(amountField.input, `Amount ${parsed.error}`);
      if (!date.input.value) return setError(date.input, 'Pick a date');
      const id = crypto.randomUUID();
      const body = {
        id,
        fromUserId: theyPay ? person : me,
        toUserId: theyPay ? me : person,
        amount: plain(parsed.minor, currency),
        currency,
        date: date.input.value,
        note: note.input.value.trim() || undefined,
      };
      const local = { ...body, note: body.note || null, date: instant(body.date), createdBy: me, ...stamp() };
      submit(form, () => store.enqueue({ entity: 'settlement', id, op: 'create', method: 'POST', path: '/api/settlements', body, local, label: `Settlement with ${name}` }), close);
    });
    return form;
  });
}

function removeSettlement(settlement) {
  store.enqueue({
    entity: 'settlement', id: settlement.id, op: 'delete', method: 'DELETE',
    path: `/api/settlements/${settlement.id}`, label: 'Settlement',
  });
}
