// Writes the server did not take: a conflict (the object changed elsewhere first) shows both versions
// and lets the user redo the change on top of the current one; a refusal shows what was sent and why.

import * as store from '../store.js';
import { h, replace, dateOf } from '../ui.js';
import { formatText } from '../money.js';
import * as personal from './personal.js';
import * as shared from './shared.js';
import * as udhari from './udhari.js';
import * as friends from './friends.js';
import * as groups from './groups.js';

const EDITORS = { personal_expense: personal.edit, group_expense: shared.edit, udhari: udhari.edit, friend: friends.edit, group: groups.edit };
const NAMES = {
  title: 'Title', amount: 'Amount', totalAmount: 'Amount', currency: 'Currency', date: 'Date', paidBy: 'Paid by',
  participants: 'Participants', splitMode: 'Split', splits: 'Split values', category: 'Category', description: 'Description',
  friendId: 'Friend', type: 'Type', status: 'Status', name: 'Name', email: 'Email', phone: 'Phone', note: 'Note',
  simplifyDebts: 'Simplify debts',
};

export function renderNotices(container, ctx) {
  const me = ctx.me?.id;
  const problems = me ? store.openProblems() : [];
  replace(container, problems.map((p) => (p.kind === 'conflict' ? conflict(ctx, p) : refusal(p))));
}

function shown(name, value, currency, me) {
  if (value === undefined || value === null || value === '') return '—';
  if (name === 'date') return dateOf(String(value));
  if ((name === 'amount' || name === 'totalAmount') && currency) {
    try { return formatText(String(value), currency); } catch { return String(value); }
  }
  if (name === 'paidBy' || name === 'friendId') return store.nameOf(value, me);
  if (name === 'participants') return value.map((p) => store.nameOf(p, me)).join(', ');
  if (name === 'splits' && typeof value === 'object') return Object.entries(value).map(([p, v]) => `${store.nameOf(p, me)} ${v}`).join(', ');
  if (name === 'simplifyDebts') return value ? 'yes' : 'no';
  if (name === 'type') return Number(value) === 0 ? 'lent' : 'borrowed';
  if (name === 'status') return Number(value) === 0 ? 'pending' : 'settled';
  return String(value);
}

function table(p, me) {
  const attempted = p.attempted || {};
  const current = p.current || {};
  const names = Object.keys(attempted).filter((n) => n !== 'id' && n !== 'version' && NAMES[n]);
  const theirsOf = (n) => (n === 'splits' ? (current.splitMode === 'exact' ? current.splits : current.splitValues || current.splits) : current[n]);
  return h('table', { class: 'compare' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'Your change'), h('th', { scope: 'col' }, 'Now on the server'))),
    h('tbody', {}, names.map((n) => {
      const yours = shown(n, attempted[n], attempted.currency || current.currency, me);
      const theirs = shown(n, theirsOf(n), current.currency, me);
      return h('tr', { class: yours === theirs ? '' : 'differs' }, h('th', { scope: 'row' }, NAMES[n]), h('td', { class: 'yours' }, yours), h('td', { class: 'theirs' }, theirs));
    })));
}

/** The attempted body in the shape an edit form starts from (dates as times, split values where the form reads them). */
function prefillOf(p) {
  const a = { ...p.attempted };
  delete a.id;
  if (a.date) a.date = `${String(a.date).slice(0, 10)}T00:00:00Z`;
  if (p.entity === 'group_expense' && a.splits) {
    if (a.splitMode === 'exact') a.splitValues = null;
    else { a.splitValues = a.splits; a.splits = p.current.splits; }
  }
  return a;
}

function conflict(ctx, p) {
  const me = ctx.me.id;
  const what = p.current?.title || p.current?.name || p.current?.description || p.label || 'This item';
  const deleting = p.op === 'delete';
  const edit = EDITORS[p.entity];
  return h('div', { class: 'notice conflict', role: 'alert', dataset: { problem: p.id, entity: p.entity, id: p.objectId } },
    h('p', {}, h('strong', {}, `“${what}” was changed on another device before your change reached the server.`)),
    deleting
      ? h('p', {}, 'You deleted it; it now looks like this on the server.')
      : h('p', {}, 'Nothing is lost: here are both. Redo your change on top of the current one, or keep the current one.'),
    table(p, me),
    deleting
      ? h('button', { type: 'button', class: 'danger', onclick: () => {
        store.enqueue({ entity: p.entity, id: p.objectId, op: 'delete', method: 'DELETE', path: p.path, label: p.label });
        store.dismiss(p.id);
      } }, 'Delete anyway')
      : edit ? h('button', { type: 'button', onclick: () => {
        const current = store.find(p.entity, p.objectId) || p.current;
        edit(ctx, current, { prefill: prefillOf(p), onSaved: () => store.dismiss(p.id) });
      } }, 'Edit again') : null,
    h('button', { type: 'button', class: 'secondary', onclick: () => store.dismiss(p.id) }, 'Keep theirs'));
}

function refusal(p) {
  const fieldErrors = (p.errors || []).map((e) => `${NAMES[e.field] || e.field}: ${e.message}`);
  return h('div', { class: 'notice refused', role: 'alert', dataset: { problem: p.id, entity: p.entity, id: p.objectId } },
    h('p', {}, h('strong', {}, `${p.label || 'A change'} made while offline was not accepted.`)),
    h('p', {}, p.message || `The server answered ${p.status}`),
    fieldErrors.length ? h('ul', {}, fieldErrors.map((e) => h('li', {}, e))) : null,
    p.attempted ? h('p', { class: 'muted' }, 'What you entered: ',
      Object.entries(p.attempted).filter(([n]) => NAMES[n]).map(([n, v]) => `${NAMES[n]} ${shown(n, v, p.attempted.currency, null)}`).join(' · ')) : null,
    h('button', { type: 'button', class: 'secondary', onclick: () => store.dismiss(p.id) }, 'Dismiss'));
}
