// Groups (a trip, a flat): shown only when the server has them (GET /api/groups answers).

import * as api from '../api.js';
import * as store from '../store.js';
import { h, uid, replace, rerender, field, formError, clearErrors, setError, openDialog, amount } from '../ui.js';
import { submit, act, explain, currencyField, defaultCurrency, stamp, pendingBadge, emptyLine } from './common.js';

export function render(ctx) {
  const me = ctx.me.id;
  const list = h('ul', { class: 'list', id: 'groups' });
  const create = groupForm(ctx);
  const el = h('section', {}, h('h1', {}, 'Groups'), create.form, h('h2', {}, 'Your groups'), list);

  function refresh() {
    create.refresh();
    const groups = store.list('group').sort((a, b) => (b.createdAt || '').localeCompare(a.createdAt || ''));
    rerender(list, groups.length ? groups.map((g) => {
      const rowId = uid('group');
      return h('li', { dataset: { key: g.id, id: g.id } },
        h('div', { class: 'grow', id: rowId },
          h('strong', {}, g.name), ' ', h('span', { class: 'muted' }, g.currency || ''), pendingBadge(g),
          h('div', { class: 'muted' }, (g.members || []).map((m) => (m.userId === me ? 'You' : m.name)).join(', '))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => showBalances(ctx, g) }, 'Group balances'),
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => addMember(ctx, g) }, 'Add member'),
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => leave(ctx, g) }, 'Leave')));
    }) : emptyLine('No groups yet.'));
  }

  refresh();
  return { el, refresh, title: 'Groups' };
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

async function showBalances(ctx, group) {
  let answer;
  try {
    answer = (await api.call('GET', `/api/groups/${group.id}/balances`)).json;
  } catch (e) {
    return explain(e);
  }
  const me = ctx.me.id;
  const nameIn = (userId) => (userId === me ? 'You' : (group.members || []).find((m) => m.userId === userId)?.name || store.nameOf(userId, me));
  openDialog(`${group.name}: balances`, (close) => h('div', {},
    (answer.nets || []).length
      ? h('ul', { class: 'list' }, answer.nets.map((n) => h('li', {}, h('span', { class: 'grow' }, nameIn(n.userId)), amount(n.net.replace('-', ''), n.currency, false),
        h('span', { class: 'muted' }, n.net.startsWith('-') ? ' owes' : ' is owed'))))
      : h('p', {}, 'Everyone is settled up.'),
    (answer.transfers || []).length ? [h('h3', {}, 'To settle up'), h('ul', { class: 'list' }, answer.transfers.map((t) =>
      h('li', {}, `${nameIn(t.fromUserId)} pays ${nameIn(t.toUserId)} `, amount(t.amount, t.currency))))] : null,
    h('button', { type: 'button', onclick: close }, 'Close')));
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
