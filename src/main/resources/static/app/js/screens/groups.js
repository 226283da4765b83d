// Groups (a trip, a flat): shown only when the server has them (GET /api/groups answers).

import * as api from '../api.js';
import * as store from '../store.js';
import { h, uid, replace, rerender, field, formError, clearErrors, setError, openDialog, amount, say } from '../ui.js';
import { submit, act, explain, currencyField, dateField, defaultCurrency, instant, stamp, pendingBadge, emptyLine } from './common.js';
import { parseAmount, plain, format, toMinor } from '../money.js';
import { problemOf } from './auth.js';

export function render(ctx) {
  const me = ctx.me.id;
  const list = h('ul', { class: 'list', id: 'groups' });
  const create = groupForm(ctx);
  const el = h('section', {}, h('h1', {}, 'Groups'), create.form, h('h2', {}, 'Your groups'), list);
  let gone = false;

  function refresh() {
    if (gone) return;
    create.refresh();
    // Newest first (createdAt, then id), as GET /api/groups lists them.
    const groups = store.list('group').sort((a, b) => (b.createdAt || '').localeCompare(a.createdAt || '') || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
    rerender(list, groups.length ? groups.map((g) => {
      const rowId = uid('group');
      return h('li', { class: 'group', dataset: { key: g.id, id: g.id } },
        h('div', { class: 'grow', id: rowId },
          h('strong', {}, g.name), ' ', h('span', { class: 'muted' }, g.currency || ''), pendingBadge(g),
          h('div', { class: 'muted members' }, (g.members || []).map((m) => (m.userId === me ? 'You' : m.name)).join(', ')),
          balancesView(ctx, g, rowId),
          deleteError(g)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => edit(ctx, g) }, 'Edit'),
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => addMember(ctx, g) }, 'Add member'),
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => leave(ctx, g) }, 'Leave'),
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => deleteGroup(g, refresh) }, 'Delete')));
    }) : emptyLine('No groups yet.'));
    for (const g of groups) fetchBalances(g, refresh);
  }

  refresh();
  return { el, refresh, title: 'Groups', unmount: () => { gone = true; } };
}

// ---- a group's nets and transfer plan ------------------------------------------------------------
// The plan is the server's (GET /api/groups/{id}/balances, with its fewest-transfers rule): asked
// again whenever anything the group's balances depend on changes here (the group, its expenses, its
// settlements, live or from this device), and kept from the last answer while offline.

const answers = new Map();

/** What the group's balances depend on, as this device holds it now. */
function signature(group) {
  const parts = [`g${group.version ?? 0}${group._pending ? 'p' : ''}`];
  for (const entity of ['group_expense', 'settlement']) {
    for (const o of store.list(entity)) {
      if (o.groupId === group.id) parts.push(`${o.id}.${o.version ?? 0}${o._pending ? 'p' : ''}`);
    }
  }
  return parts.sort().join(',');
}

function balancesOf(group) {
  return answers.get(group.id) || {};
}

function fetchBalances(group, redraw) {
  const entry = answers.get(group.id) || {};
  answers.set(group.id, entry);
  const wanted = signature(group);
  if (group._pending && !store.serverCopy('group', group.id)) return; // not on the server yet
  if (entry.fetching || entry.sig === wanted || !store.meta.online) return;
  if (entry.failed === wanted && Date.now() - entry.failedAt < 10_000) return;
  entry.fetching = true;
  api.call('GET', `/api/groups/${group.id}/balances`).then((answer) => {
    entry.answer = answer.json;
    entry.sig = wanted;
  }, () => {
    // Offline or gone: the last answer stays; asked again on a later change.
    entry.failed = wanted;
    entry.failedAt = Date.now();
  }).finally(() => {
    entry.fetching = false;
    redraw();
  });
}

function balancesView(ctx, group, rowId) {
  const me = ctx.me.id;
  const { answer, sig } = balancesOf(group);
  if (!answer) return h('p', { class: 'muted group-balances' }, 'Balances load when online.');
  const nameIn = (userId) => (userId === me ? 'You' : (group.members || []).find((m) => m.userId === userId)?.name
    || (answer.nets || []).find((n) => n.userId === userId)?.name || store.nameOf(userId, me));
  const nets = [...(answer.nets || [])].sort((a, b) => nameIn(a.userId).localeCompare(nameIn(b.userId)) || a.currency.localeCompare(b.currency));
  const transfers = answer.transfers || [];
  const stale = sig !== signature(group);
  return h('div', { class: 'group-balances' },
    stale ? h('p', { class: 'muted' }, store.meta.online ? 'Updating…' : 'As of the last sync') : null,
    nets.length
      ? h('ul', { class: 'list nets' }, nets.map((n) => {
        const owes = n.net.startsWith('-');
        const who = nameIn(n.userId);
        return h('li', { dataset: { person: n.userId, currency: n.currency } },
          h('span', { class: 'grow' }, who === 'You' ? (owes ? 'You owe ' : 'You are owed ') : (owes ? `${who} owes ` : `${who} is owed `),
            amount(owes ? n.net.slice(1) : n.net, n.currency)));
      }))
      : h('p', { class: 'settled' }, 'Everyone is settled up.'),
    transfers.length ? [h('h3', {}, 'To settle up'), h('ul', { class: 'list plan' }, transfers.map((t) => {
      const from = nameIn(t.fromUserId);
      const to = nameIn(t.toUserId);
      const text = from === 'You' ? `You pay ${to} ` : `${from} pays ${to === 'You' ? 'you' : to} `;
      const mine = t.fromUserId === me || t.toUserId === me;
      return h('li', { dataset: { from: t.fromUserId, to: t.toUserId, currency: t.currency } },
        h('span', { class: 'grow' }, text, amount(t.amount, t.currency)),
        mine && !stale ? h('div', { class: 'actions' }, h('button', {
          type: 'button', class: 'small', 'aria-describedby': rowId,
          onclick: () => recordPayment(ctx, group, t, from, to),
        }, 'Record payment')) : null);
    }))] : null);
}

/** Records one transfer of the plan as a settlement in the group (the amount may be changed). */
function recordPayment(ctx, group, transfer, from, to) {
  const me = ctx.me.id;
  const currency = transfer.currency;
  const amountField = field({ label: 'Amount', inputmode: 'decimal', value: transfer.amount, fields: ['amount'], required: true });
  const date = dateField();
  const note = field({ label: 'Note', fields: ['note'], maxlength: 2000 });
  const payer = from === 'You' ? 'You pay' : `${from} pays`;
  openDialog(`Settle up in ${group.name}`, (close) => {
    const form = h('form', { novalidate: true },
      h('p', {}, `${payer} ${to === 'You' ? 'you' : to} `, h('strong', {}, format(toMinor(transfer.amount, currency), currency)), '.'),
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
        fromUserId: transfer.fromUserId,
        toUserId: transfer.toUserId,
        amount: plain(parsed.minor, currency),
        currency,
        groupId: group.id,
        date: date.input.value,
        note: note.input.value.trim() || undefined,
      };
      const local = { ...body, note: body.note || null, date: instant(body.date), createdBy: me, ...stamp() };
      submit(form, () => store.enqueue({ entity: 'settlement', id, op: 'create', method: 'POST', path: '/api/settlements', body, local, label: `Settlement in ${group.name}` }), close);
    });
    return form;
  });
}

function groupForm(ctx) {
  const name = field({ label: 'Name', fields: ['name'], required: true, maxlength: 255 });
  const currency = currencyField(defaultCurrency(ctx));
  const members = h('fieldset', { dataset: { fields: 'members' } }, h('legend', {}, 'Members'));
  const form = h('form', { class: 'panel', novalidate: true, id: 'add-group' }, h('h2', {}, 'New group'),
    formError(), name.wrap, currency.wrap, members, h('button', { type: 'submit' }, 'Create group'));

  function refresh() {
    if (members.contains(document.activeElement)) return;
    const checked = new Set([...members.querySelectorAll('input:checked')].map((i) => i.value));
    replace(members, h('legend', {}, 'Members'), store.list('friend').filter((f) => f.friendUserId).sort((a, b) => a.name.localeCompare(b.name))
      .map((f) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value: f.friendUserId, checked: checked.has(f.friendUserId) }), f.name)));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!name.input.value.trim()) return setError(name.input, 'Enter a name');
    const id = crypto.randomUUID();
    const chosen = [...members.querySelectorAll('input:checked')].map((i) => i.value);
    const body = { id, name: name.input.value.trim(), currency: currency.input.value, members: [ctx.me.id, ...chosen] };
    const local = {
      ...body, simplifyDebts: true, createdBy: ctx.me.id, ...stamp(),
      members: body.members.map((userId) => ({ userId, name: store.nameOf(userId, ctx.me.id), registered: true })),
    };
    submit(form, () => store.enqueue({ entity: 'group', id, op: 'create', method: 'POST', path: '/api/groups', body, local, label: `Group ${body.name}` }), () => {
      form.reset();
      refresh();
    });
  });
  refresh();
  return { form, refresh };
}

function addMember(ctx, group) {
  const inGroup = new Set((group.members || []).map((m) => m.userId));
  const options = store.list('friend').filter((f) => f.friendUserId && !inGroup.has(f.friendUserId)).map((f) => [f.friendUserId, f.name]);
  const who = field({ label: 'Friend', type: 'select', fields: ['userId'], options: [['', 'Choose a friend'], ...options] });
  openDialog(`Add to ${group.name}`, (close) => {
    const form = h('form', { novalidate: true }, formError(), who.wrap, h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!who.input.value) return setError(who.input, 'Choose a friend');
      try {
        const answer = await api.call('POST', `/api/groups/${group.id}/members`, { userId: who.input.value });
        await store.serverPut('group', answer.json);
        close();
      } catch (e) {
        explain(e);
      }
    });
    return form;
  });
}

function leave(ctx, group) {
  act(() => store.enqueue({ entity: 'group', id: group.id, op: 'delete', method: 'DELETE', path: `/api/groups/${group.id}/members/${ctx.me.id}`, label: `Group ${group.name}` }));
}

// ---- changing and deleting a group ---------------------------------------------------------------
// A change goes through the outbox like every other edit (PATCH with If-Match the version edited, kept
// on this device while offline). Deleting needs the server now: it is refused (409) while any group net
// is open, and that refusal is shown beside the group, not later as a notice.

const deleteErrors = new Map();

/** Why the last delete here was refused, while nothing it depends on has changed since. */
function deleteError(group) {
  const refusal = deleteErrors.get(group.id);
  if (!refusal) return null;
  if (refusal.sig !== signature(group)) {
    deleteErrors.delete(group.id);
    return null;
  }
  return h('p', { class: 'error group-error', role: 'alert' }, refusal.message);
}

/** The Edit form of a group (also "Edit again" from a conflict notice, with the user's values over the current ones). */
export function edit(ctx, group, { prefill, onSaved } = {}) {
  const shown = prefill ? { ...group, ...prefill } : group;
  const name = field({ label: 'Name', fields: ['name'], required: true, maxlength: 255, value: shown.name });
  const currency = currencyField(shown.currency || defaultCurrency(ctx));
  const simplifyId = uid('field');
  const simplify = h('input', { type: 'checkbox', id: simplifyId, name: 'simplifyDebts', checked: shown.simplifyDebts !== false, dataset: { fields: 'simplifyDebts' } });
  openDialog(`Edit ${group.name}`, (close) => {
    const form = h('form', { novalidate: true, id: 'edit-group' }, formError(), name.wrap, currency.wrap,
      h('div', { class: 'field' }, h('label', { class: 'inline', for: simplifyId }, simplify, 'Simplify debts'),
        h('p', { class: 'muted' }, 'Settle up with the fewest payments, not one per pair.')),
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!name.input.value.trim()) return setError(name.input, 'Enter a name');
      const current = store.find('group', group.id) || group;
      const body = { name: name.input.value.trim(), currency: currency.input.value, simplifyDebts: simplify.checked };
      const onServer = store.serverCopy('group', group.id);
      // Not on the server yet: the change folds into the waiting create, which must keep its members.
      const sent = onServer ? body : { ...body, members: (current.members || []).map((m) => m.userId) };
      const local = { ...current, ...body, updatedAt: new Date().toISOString() };
      delete local._pending;
      deleteErrors.delete(group.id);
      submit(form, () => store.enqueue({ entity: 'group', id: group.id, op: 'update', method: 'PATCH', path: `/api/groups/${group.id}`, body: sent, local, label: `Group ${body.name}` }), () => {
        onSaved?.();
        close();
      });
    });
    return form;
  });
}

function deleteGroup(group, redraw) {
  openDialog(`Delete ${group.name}?`, (close) => {
    const form = h('form', { novalidate: true }, formError(),
      h('p', {}, 'The group goes for every member, with its expenses and settlements. This works only while everyone is settled up, and needs a connection.'),
      h('button', { type: 'submit', class: 'danger' }, 'Delete group'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      close();
      const shown = (message) => {
        const now = store.find('group', group.id);
        if (message && now) deleteErrors.set(group.id, { message, sig: signature(now) });
        else deleteErrors.delete(group.id);
        redraw();
      };
      if (!store.meta.online) return shown('Deleting a group needs a connection: try again when you are online.');
      if (store.find('group', group.id)?._pending) return shown('This group has changes waiting to sync: delete it once they are sent.');
      try {
        await api.call('DELETE', `/api/groups/${group.id}`, undefined, { ifMatch: store.serverCopy('group', group.id)?.version });
        deleteErrors.delete(group.id);
        await store.serverDelete('group', group.id);
        say(`${group.name} was deleted`);
      } catch (e) {
        if (e instanceof api.Problem && e.status === 404) {
          deleteErrors.delete(group.id);
          await store.serverDelete('group', group.id);
          return;
        }
        if (e instanceof api.Problem && e.status === 409 && e.current) {
          await store.serverPut('group', e.current);
          return shown('The group was changed elsewhere meanwhile: look at it again, then delete.');
        }
        if (e instanceof api.Offline) return shown('Deleting a group needs a connection: try again when you are online.');
        shown(problemOf(e).message);
      }
    });
    return form;
  });
}
