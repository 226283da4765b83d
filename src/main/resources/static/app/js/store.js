// What the user sees, kept in IndexedDB so the app works offline, and the outbox of writes not yet
// sent. Every write is applied here first (shown at once, marked as waiting) and sent in order when the
// server can be reached; creates carry ids chosen here, so sending one again is harmless.

import * as db from './db.js';
import * as api from './api.js';
import { parseScaled, toMinor, decimals } from './money.js';

export const PATHS = {
  friend: '/api/friends',
  invite: '/api/invites',
  personal_expense: '/api/personal-expenses',
  group_expense: '/api/group-expenses',
  udhari: '/api/udhari',
  settlement: '/api/settlements',
  group: '/api/groups',
};

const records = new Map();
let outbox = [];
let problems = [];
const waiters = new Map();
/** What a form's wait answers when its write stays in the outbox for now. */
export const QUEUED = Symbol('queued');
const listeners = new Set();
export const meta = { cursor: null, loaded: false, groups: null, names: {}, online: false, sending: false };

const channel = 'BroadcastChannel' in self ? new BroadcastChannel('hisaab-data') : null;
let reloadTimer = null;
channel?.addEventListener('message', () => {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => load().then(emit), 50);
});

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let emitQueued = false;
export function emit() {
  if (emitQueued) return;
  emitQueued = true;
  queueMicrotask(() => {
    emitQueued = false;
    for (const listener of listeners) listener();
  });
}

function changed() {
  emit();
  channel?.postMessage('changed');
}

export async function load() {
  records.clear();
  for (const record of await db.all('objects')) records.set(record.key, record);
  outbox = (await db.all('outbox')).sort((a, b) => a.n - b.n);
  problems = (await db.all('problems')).sort((a, b) => a.at.localeCompare(b.at));
  meta.cursor = (await db.get('meta', 'cursor')) ?? null;
  meta.loaded = (await db.get('meta', 'loaded')) === true;
  meta.groups = (await db.get('meta', 'groups')) ?? null;
  meta.names = (await db.get('meta', 'names')) || {};
}

/** Forgets everything of the previous user (sign out, or another account signing in here); keeps the session. */
export async function reset() {
  await db.transact(['meta', 'objects', 'outbox', 'problems'], (s, req) => Promise.all([
    req(s.objects.clear()),
    req(s.outbox.clear()),
    req(s.problems.clear()),
    ...['cursor', 'loaded', 'groups', 'names', 'owner'].map((name) => req(s.meta.delete(name))),
  ]));
  await load();
  changed();
}

/** Whose data this browser holds. */
export function ownerOf() {
  return db.get('meta', 'owner');
}

export function setOwner(userId) {
  return db.put('meta', userId, 'owner');
}

const keyOf = (entity, id) => `${entity}:${id}`;

function view(record) {
  if (!record) return null;
  if (record.local) return record.local.deleted ? null : { ...record.local, _pending: true };
  return record.server;
}

export function list(entity) {
  const out = [];
  for (const record of records.values()) {
    if (record.entity !== entity) continue;
    const shown = view(record);
    if (shown) out.push(shown);
  }
  return out;
}

export function find(entity, id) {
  return view(records.get(keyOf(entity, id)));
}

export function serverCopy(entity, id) {
  return records.get(keyOf(entity, id))?.server || null;
}

export function waiting() {
  return outbox.length;
}

export function openProblems() {
  return problems;
}

/** Newest first by date, then id, as the server lists them. */
export function newestFirst(a, b) {
  return (b.date || '').localeCompare(a.date || '') || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);
}

// ---- what the server says ------------------------------------------------------------------------

const newer = (stored, incoming) => !stored || (stored.version ?? 0) <= (incoming.version ?? 0);

/** One object as the server has it now (a change, or the answer to a write). */
export async function serverPut(entity, object, cursor) {
  const key = keyOf(entity, object.id);
  await db.transact(['objects', 'meta'], async (s, req) => {
    const record = (await req(s.objects.get(key))) || { key, entity, id: object.id, server: null, local: null };
    if (newer(record.server, object)) record.server = object;
    await req(s.objects.put(record));
    if (cursor !== undefined) await req(s.meta.put(cursor, 'cursor'));
    records.set(key, record);
  });
  if (cursor !== undefined) meta.cursor = cursor;
  if (entity === 'group') await setMeta('groups', true);
  changed();
}

/** An object the server deleted. A local change waiting for it is kept until the server refuses it. */
export async function serverDelete(entity, id, cursor) {
  const key = keyOf(entity, id);
  await db.transact(['objects', 'meta', 'outbox'], async (s, req) => {
    const record = await req(s.objects.get(key));
    const waitingHere = (await req(s.outbox.getAll())).some((item) => item.key === key);
    if (record && waitingHere) {
      record.server = null;
      await req(s.objects.put(record));
      records.set(key, record);
    } else {
      await req(s.objects.delete(key));
      records.delete(key);
    }
    if (cursor !== undefined) await req(s.meta.put(cursor, 'cursor'));
  });
  if (cursor !== undefined) meta.cursor = cursor;
  changed();
}

export async function setCursor(cursor) {
  meta.cursor = cursor;
  await db.put('meta', cursor, 'cursor');
}

export async function setMeta(name, value) {
  if (meta[name] === value) return;
  meta[name] = value;
  await db.put('meta', value, name);
  changed();
}

/** Every list fetched anew: the server's copies replace ours (local changes waiting stay on top). */
export async function replaceAll(lists, cursor) {
  await db.transact(['objects', 'meta', 'outbox'], async (s, req) => {
    const waitingKeys = new Set((await req(s.outbox.getAll())).map((item) => item.key));
    const existing = await req(s.objects.getAll());
    for (const [entity, objects] of Object.entries(lists)) {
      const seen = new Set();
      const byKey = new Map(existing.filter((r) => r.entity === entity).map((r) => [r.key, r]));
      for (const object of objects) {
        const key = keyOf(entity, object.id);
        seen.add(key);
        const record = byKey.get(key) || { key, entity, id: object.id, server: null, local: null };
        if (newer(record.server, object)) record.server = object;
        await req(s.objects.put(record));
      }
      for (const [key, record] of byKey) {
        if (seen.has(key)) continue;
        if (waitingKeys.has(key)) {
          record.server = null;
          await req(s.objects.put(record));
        } else {
          await req(s.objects.delete(key));
        }
      }
    }
    await req(s.meta.put(cursor, 'cursor'));
    await req(s.meta.put(true, 'loaded'));
  });
  await load();
  changed();
}

// ---- the outbox ----------------------------------------------------------------------------------

/**
 * Records a write: shown at once as `local`, sent when possible. op is create, update (PUT), delete, or
 * action (a POST on the object such as settle). Answers a promise of the server's object, rejected with
 * the server's problem if it refuses; a form that stops waiting leaves later refusals to the notices.
 */
export async function enqueue({ entity, id, op, method, path, body, label, local }) {
  const key = keyOf(entity, id);
  const n = await db.transact(['outbox', 'objects'], async (s, req) => {
    const items = (await req(s.outbox.getAll())).filter((item) => item.key === key).sort((a, b) => a.n - b.n);
    const last = items[items.length - 1];
    const open = last && !last.sending ? last : null;
    const record = (await req(s.objects.get(key))) || { key, entity, id, server: null, local: null };
    let number = null;
    let drop = false;
    if (op === 'update' && open && (open.op === 'create' || open.op === 'update')) {
      // Folded into a create not sent yet: one POST with the latest values (blanks left out).
      open.body = open.op === 'create'
        ? Object.fromEntries(Object.entries({ ...body, id }).filter(([, v]) => v !== '' && v !== undefined))
        : body;
      open.label = label;
      await req(s.outbox.put(open));
      number = open.n;
    } else if (op === 'delete' && open && open.op === 'create' && items.length === 1) {
      await req(s.outbox.delete(open.n));
      drop = !record.server;
    } else if (op === 'delete' && open && open.op === 'update') {
      Object.assign(open, { op: 'delete', method: 'DELETE', path, body: undefined, label });
      await req(s.outbox.put(open));
      number = open.n;
    } else {
      const item = { key, entity, op, method, path, body, label, at: new Date().toISOString() };
      if (last) item.after = last.n;
      else item.base = op === 'create' ? undefined : record.server?.version;
      number = await req(s.outbox.add(item));
    }
    if (drop) {
      await req(s.objects.delete(key));
    } else {
      record.local = op === 'delete' ? { deleted: true } : local;
      await req(s.objects.put(record));
    }
    return number;
  });
  await load();
  changed();
  const answer = n === null ? Promise.resolve(null) : new Promise((resolve, reject) => waiters.set(n, { resolve, reject }));
  pump();
  return { n, answer };
}

/** Stops waiting for an answer: a refusal then becomes a notice. */
export function release(n) {
  waiters.delete(n);
}

let pumping = false;
let retryTimer = null;

/** Sends what waits, oldest first, one at a time; stops at the first sign of being offline. */
export async function pump() {
  if (pumping || !api.current()) return;
  pumping = true;
  clearTimeout(retryTimer);
  try {
    const run = async (lock) => {
      if (lock === null) return;
      for (;;) {
        const items = (await db.all('outbox')).sort((a, b) => a.n - b.n);
        const item = items[0];
        if (!item) break;
        if (!item.sending) {
          item.sending = true;
          await db.put('outbox', item);
        }
        meta.sending = true;
        emit();
        let answer;
        try {
          answer = await api.call(item.method, item.path, item.body, { ifMatch: item.after ? undefined : item.base });
        } catch (e) {
          if (e instanceof api.Offline || (e instanceof api.Problem && (e.retryable || e.status === 401))) {
            if (e instanceof api.Offline) meta.online = false;
            // Forms stop waiting: their writes stay here and go out once the server answers again.
            for (const waiter of waiters.values()) waiter.resolve(QUEUED);
            waiters.clear();
            retryTimer = setTimeout(pump, e.retryAfter ? Number(e.retryAfter) * 1000 : 10_000);
            break;
          }
          await refused(item, e);
          continue;
        }
        await succeeded(item, answer.json);
      }
    };
    if (navigator.locks) await navigator.locks.request('hisaab-outbox', { ifAvailable: true }, run);
    else await run(true);
  } finally {
    pumping = false;
    meta.sending = false;
    await load();
    emit();
  }
}

async function succeeded(item, object) {
  const saved = object && object.id ? object : null;
  await db.transact(['outbox', 'objects'], async (s, req) => {
    await req(s.outbox.delete(item.n));
    const rest = await req(s.outbox.getAll());
    for (const other of rest) {
      if (other.after === item.n) {
        other.base = saved?.version;
        delete other.after;
        await req(s.outbox.put(other));
      }
    }
    const stillWaiting = rest.some((other) => other.key === item.key);
    const record = (await req(s.objects.get(item.key))) || { key: item.key, entity: item.entity, id: item.key.split(':')[1], server: null, local: null };
    if (item.op === 'delete') {
      if (stillWaiting) {
        record.server = null;
        await req(s.objects.put(record));
      } else {
        await req(s.objects.delete(item.key));
      }
    } else {
      if (saved && newer(record.server, saved)) record.server = saved;
      if (!stillWaiting) record.local = null;
      await req(s.objects.put(record));
    }
  });
  const waiter = waiters.get(item.n);
  waiters.delete(item.n);
  waiter?.resolve(saved);
  await load();
  changed();
}

async function refused(item, problem) {
  // A write sent again after its answer was lost: the server already holds exactly it.
  if (item.op === 'delete' && problem.status === 404) return succeeded(item, null);
  if (item.op === 'create' && problem.status === 409) {
    try {
      const stored = await api.call('GET', `${item.path}/${item.body.id}`);
      return succeeded(item, stored.json);
    } catch { /* somebody else's id, or gone: refused below */ }
  }
  if (item.op === 'update' && problem.status === 409 && problem.current && sameContent(item.body, problem.current)) {
    return succeeded(item, problem.current);
  }
  const conflict = problem.status === 409 && problem.current ? problem.current : null;
  const waiter = waiters.get(item.n);
  waiters.delete(item.n);
  await db.transact(['outbox', 'objects', 'problems'], async (s, req) => {
    // Later writes to the same object built on this one: they go with it into the notice.
    const related = (await req(s.outbox.getAll())).filter((other) => other.key === item.key);
    const attempted = related.filter((other) => other.body).map((other) => other.body).pop() || item.body;
    const lastOp = related[related.length - 1]?.op || item.op;
    for (const other of related) await req(s.outbox.delete(other.n));
    const record = await req(s.objects.get(item.key));
    if (record) {
      record.local = null;
      if (conflict) record.server = conflict;
      if (record.server) await req(s.objects.put(record));
      else await req(s.objects.delete(item.key));
    }
    if (!waiter || conflict) {
      await req(s.problems.put({
        id: crypto.randomUUID(),
        kind: conflict ? 'conflict' : 'refused',
        entity: item.entity,
        objectId: item.key.slice(item.entity.length + 1),
        op: lastOp,
        path: item.path,
        label: item.label,
        attempted,
        current: conflict,
        status: problem.status,
        message: problem.message,
        errors: problem.errors,
        at: new Date().toISOString(),
      }));
    }
  });
  waiter?.reject(problem);
  await load();
  changed();
}

export async function dismiss(problemId) {
  await db.remove('problems', problemId);
  await load();
  changed();
}

/** Whether the server's object already holds what this update would write (its answer was lost). */
export function sameContent(body, current) {
  const currency = body.currency || current.currency;
  for (const [name, value] of Object.entries(body)) {
    if (name === 'id' || name === 'version' || name === 'splits') continue;
    const now = current[name];
    if (name === 'date') {
      if (String(value).slice(0, 10) !== String(now || '').slice(0, 10)) return false;
    } else if (name === 'amount' || name === 'totalAmount') {
      try {
        if (toMinor(String(value), currency) !== toMinor(String(now), currency)) return false;
      } catch {
        return false;
      }
    } else if (Array.isArray(value)) {
      if (JSON.stringify(value) !== JSON.stringify(now)) return false;
    } else if (value === null || value === undefined || value === '') {
      if (now !== null && now !== undefined && now !== '') return false;
    } else if (typeof value === 'number') {
      if (value !== now) return false;
    } else if (String(value).trim().toUpperCase() !== String(now ?? '').trim().toUpperCase()) {
      return false;
    }
  }
  if (body.splits && body.splitMode && body.splitMode !== 'equal') {
    const places = body.splitMode === 'exact' ? decimals(currency) : body.splitMode === 'percent' ? 2 : 3;
    const stored = body.splitMode === 'exact' ? current.splits : current.splitValues;
    for (const [user, value] of Object.entries(body.splits)) {
      const mine = parseScaled(String(value), places).value;
      const theirs = stored && stored[user] !== undefined ? parseScaled(String(stored[user]), places).value : undefined;
      if (mine === undefined || mine !== theirs) return false;
    }
  }
  return true;
}

// ---- what the data adds up to --------------------------------------------------------------------

/**
 * Nets per person and currency, from what is here (so offline changes count at once), by API.md's
 * rule: > 0 means they owe you. Items say what makes each net up.
 */
export function balances(me) {
  const nets = new Map();
  const add = (person, currency, amount, item) => {
    if (!person || person === me || amount === 0n) return;
    const entry = nets.get(person) || { person, byCurrency: new Map(), items: [] };
    entry.byCurrency.set(currency, (entry.byCurrency.get(currency) || 0n) + amount);
    entry.items.push({ ...item, currency, effect: amount });
    nets.set(person, entry);
  };
  for (const expense of list('group_expense')) {
    const splits = expense.splits || {};
    const item = { kind: 'group_expense', id: expense.id, date: expense.date, title: expense.title, pending: expense._pending };
    if (expense.paidBy === me) {
      for (const [person, share] of Object.entries(splits)) add(person, expense.currency, toMinor(share, expense.currency), item);
    } else if (splits[me] !== undefined) {
      add(expense.paidBy, expense.currency, -toMinor(splits[me], expense.currency), item);
    }
  }
  for (const udhari of list('udhari')) {
    if (udhari.status !== 0) continue;
    const value = toMinor(udhari.amount, udhari.currency);
    add(udhari.friendId, udhari.currency, udhari.type === 0 ? value : -value,
      { kind: 'udhari', id: udhari.id, date: udhari.date, title: udhari.description || 'Udhari', pending: udhari._pending });
  }
  for (const settlement of list('settlement')) {
    const value = toMinor(settlement.amount, settlement.currency);
    const item = { kind: 'settlement', id: settlement.id, date: settlement.date, title: settlement.note || 'Settlement', pending: settlement._pending };
    if (settlement.fromUserId === me) add(settlement.toUserId, settlement.currency, value, item);
    else if (settlement.toUserId === me) add(settlement.fromUserId, settlement.currency, -value, item);
  }
  return [...nets.values()];
}

/** A person's name: your friend's name for them, else as a group or the server's balances name them. */
export function nameOf(userId, me) {
  if (userId === me) return 'You';
  const friend = list('friend').find((f) => f.friendUserId === userId);
  if (friend) return friend.name;
  for (const group of list('group')) {
    const member = (group.members || []).find((m) => m.userId === userId);
    if (member) return member.name;
  }
  return meta.names[userId] || 'Someone';
}

/** The month's personal spending (UTC month, as the server's summary counts it). */
export function monthSummary(month) {
  const totals = new Map();
  const byCategory = new Map();
  const expenses = list('personal_expense').filter((e) => (e.date || '').startsWith(month)).sort(newestFirst);
  for (const expense of expenses) {
    const value = toMinor(expense.amount, expense.currency);
    const total = totals.get(expense.currency) || { currency: expense.currency, total: 0n, count: 0 };
    total.total += value;
    total.count += 1;
    totals.set(expense.currency, total);
    const category = expense.category || 'uncategorized';
    const key = `${category}\u0000${expense.currency}`;
    const entry = byCategory.get(key) || { category, currency: expense.currency, total: 0n, count: 0 };
    entry.total += value;
    entry.count += 1;
    byCategory.set(key, entry);
  }
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    expenses,
    totals: [...totals.values()].sort((a, b) => order(a.currency, b.currency)),
    byCategory: [...byCategory.values()].sort((a, b) => order(a.category, b.category) || order(a.currency, b.currency)),
  };
}
