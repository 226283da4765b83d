// Friends (people with an account, and placeholders for those without one yet) and invites.

import * as api from '../api.js';
import * as store from '../store.js';
import { h, uid, rerender, field, formError, clearErrors, setError, openDialog, say, showProblem } from '../ui.js';
import { submit, act, explain, stamp, pendingBadge, emptyLine } from './common.js';
import { problemOf } from './auth.js';

export function render(ctx) {
  const friends = h('ul', { class: 'list', id: 'friends' });
  const invites = h('ul', { class: 'list', id: 'invites' });
  const el = h('section', {},
    h('h1', {}, 'Friends'),
    addForm(ctx),
    h('h2', {}, 'Your friends'),
    friends,
    h('h2', {}, 'Invites you sent'),
    invites);

  function refresh() {
    const list = store.list('friend').sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    rerender(friends, list.length ? list.map((friend) => {
      const rowId = uid('friend');
      return h('li', { dataset: { key: friend.id, friend: friend.friendUserId || '' } },
        h('div', { class: 'grow', id: rowId },
          h('strong', {}, friend.name), ' ',
          h('span', { class: 'muted' }, friend.registered ? 'on Hisaab' : 'not on Hisaab yet'),
          friend.email ? h('span', { class: 'muted' }, ` · ${friend.email}`) : null,
          friend.phone ? h('span', { class: 'muted' }, ` · ${friend.phone}`) : null,
          pendingBadge(friend)),
        h('div', { class: 'actions' },
          !friend.registered && friend.friendUserId
            ? h('button', { type: 'button', class: 'small', 'aria-describedby': rowId, onclick: () => invite(ctx, { friendUserId: friend.friendUserId }, friend.name) }, 'Invite')
            : null,
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => edit(ctx, friend) }, 'Edit'),
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => remove(friend) }, 'Delete')));
    }) : emptyLine('No friends yet: add one above, or invite them.'));

    const sent = store.list('invite').sort((a, b) => (b.createdAt || '').localeCompare(a.createdAt || ''));
    rerender(invites, sent.length ? sent.map((inv) => {
      const rowId = uid('invite');
      return h('li', { dataset: { key: inv.id } },
        h('div', { class: 'grow', id: rowId },
          h('strong', {}, inv.friendName || 'Invite'), ' ',
          h('span', { class: 'muted' }, inv.status === 'pending' ? `pending until ${(inv.expiresAt || '').slice(0, 10)}` : inv.status)),
        inv.status === 'pending'
          ? h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => showLink(inv) }, 'Show link'),
            h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => revoke(inv) }, 'Revoke'))
          : null);
    }) : emptyLine('No invites sent.'));
  }

  refresh();
  return { el, refresh, title: 'Friends' };
}

function addForm(ctx) {
  const name = field({ label: 'Name', fields: ['name', 'friendName'], required: true, maxlength: 255, autocomplete: 'off' });
  const email = field({ label: 'Email', type: 'email', fields: ['email', 'friendEmail'], autocomplete: 'off', hint: 'Optional' });
  const phone = field({ label: 'Phone', type: 'tel', fields: ['phone', 'friendPhone'], autocomplete: 'off', hint: 'Optional' });
  const form = h('form', { class: 'panel', novalidate: true, id: 'add-friend' },
    h('h2', {}, 'Add a friend'),
    h('p', { class: 'muted' }, 'Add them to split with them now; invite them so they see it too.'),
    formError(), name.wrap, email.wrap, phone.wrap,
    h('button', { type: 'submit' }, 'Add friend'),
    h('button', { type: 'button', class: 'secondary', onclick: () => inviteNew() }, 'Invite'));

  const values = () => {
    clearErrors(form);
    const value = { name: name.input.value.trim(), email: email.input.value.trim(), phone: phone.input.value.trim() };
    if (!value.name) {
      setError(name.input, 'Enter a name');
      return null;
    }
    return value;
  };
  const reset = () => {
    form.reset();
    name.input.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = values();
    if (!value) return;
    const id = crypto.randomUUID();
    const body = { id, name: value.name, email: value.email || undefined, phone: value.phone || undefined };
    const local = { id, userId: ctx.me.id, friendUserId: null, name: value.name, email: value.email || null, phone: value.phone || null, registered: false, ...stamp() };
    submit(form, () => store.enqueue({ entity: 'friend', id, op: 'create', method: 'POST', path: '/api/friends', body, local, label: `Friend ${value.name}` }), reset);
  });

  async function inviteNew() {
    const value = values();
    if (!value) return;
    try {
      const answer = await api.call('POST', '/api/invites', {
        friendName: value.name, friendEmail: value.email || undefined, friendPhone: value.phone || undefined,
      });
      reset();
      await showLink(answer.json);
    } catch (e) {
      showProblem(form, problemOf(e));
    }
  }
  return form;
}

/** An invite for one of your placeholders; the link to send them. */
async function invite(ctx, body, name) {
  try {
    const answer = await api.call('POST', '/api/invites', body);
    await showLink({ ...answer.json, friendName: answer.json.friendName || name });
  } catch (e) {
    explain(e);
  }
}

export function linkOf(inviteObject) {
  return `${location.origin}/app/invite/${encodeURIComponent(inviteObject.inviteCode)}`;
}

function showLink(inviteObject) {
  const link = linkOf(inviteObject);
  const box = field({ label: 'Invite link', value: link, readonly: true, fields: [] });
  box.input.classList.add('invite-link');
  return openDialog(`Invite ${inviteObject.friendName || 'your friend'}`, (close) => h('div', {},
    h('p', {}, 'Send them this link. When they open it and sign in, you become friends and they see what you recorded with them.'),
    h('div', { class: 'copy-row' }, box.wrap),
    h('button', { type: 'button', onclick: () => copy(box.input) }, 'Copy link'),
    navigator.share ? h('button', { type: 'button', class: 'secondary', onclick: () => navigator.share({ title: 'Hisaab invite', url: link }).catch(() => {}) }, 'Share') : null,
    h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close')));
}

async function copy(input) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand('copy');
  }
  say('Link copied');
}

/** The edit dialog; `prefill` (a conflict's own values) replaces what is shown, `onSaved` runs on Save. */
export function edit(ctx, friend, { prefill, onSaved } = {}) {
  const shown = prefill ? { ...friend, ...prefill } : friend;
  const name = field({ label: 'Name', value: shown.name, fields: ['name'], required: true, maxlength: 255 });
  const email = field({ label: 'Email', type: 'email', value: shown.email || '', fields: ['email'] });
  const phone = field({ label: 'Phone', type: 'tel', value: shown.phone || '', fields: ['phone'] });
  openDialog(`Edit ${friend.name}`, (close) => {
    const form = h('form', { novalidate: true }, formError(), name.wrap, email.wrap, phone.wrap,
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(form);
      const body = { name: name.input.value.trim(), email: email.input.value.trim(), phone: phone.input.value.trim() };
      if (!body.name) return setError(name.input, 'Enter a name');
      const local = { ...friend, ...body, email: body.email || null, phone: body.phone || null };
      delete local._pending;
      submit(form, () => store.enqueue({ entity: 'friend', id: friend.id, op: 'update', method: 'PATCH', path: `/api/friends/${friend.id}`, body, local, label: `Friend ${body.name}` }), () => {
        onSaved?.();
        close();
      });
    });
    return form;
  });
}

function remove(friend) {
  act(() => store.enqueue({ entity: 'friend', id: friend.id, op: 'delete', method: 'DELETE', path: `/api/friends/${friend.id}`, label: `Friend ${friend.name}` }));
}

async function revoke(inv) {
  try {
    await api.call('DELETE', `/api/invites/${inv.id}`);
    await store.serverPut('invite', { ...inv, status: 'revoked' });
  } catch (e) {
    explain(e);
  }
}

