// One WebSocket per tab: authenticated with its first message, resumed with `since` (the highest change
// applied) after every disconnect, so no change is missed or applied twice. On a fresh start or
// `resync_required`, every list is fetched again while the changes arriving meanwhile wait their turn.

import * as api from './api.js';
import * as store from './store.js';

const LISTS = ['friend', 'invite', 'personal_expense', 'group_expense', 'udhari', 'settlement'];
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

let socket = null;
let attempt = 0;
let reconnectTimer = null;
let heartbeat = null;
let lastHeard = 0;
let reloading = null;
let buffered = [];
let applying = Promise.resolve();
let stopped = true;
const statusListeners = new Set();

export function onStatus(listener) {
  statusListeners.add(listener);
}

function status(online) {
  store.meta.online = online;
  for (const listener of statusListeners) listener(online);
  store.emit();
}

export function start() {
  stopped = false;
  connect();
}

export function stop() {
  stopped = true;
  clearTimeout(reconnectTimer);
  clearInterval(heartbeat);
  if (socket) {
    socket.onclose = null;
    socket.close(1000);
    socket = null;
  }
  status(false);
}

/** Connects now (the network may be back) unless a socket is already open or opening. */
export function nudge() {
  if (stopped || (socket && socket.readyState <= WebSocket.OPEN)) return;
  clearTimeout(reconnectTimer);
  connect();
}

function later() {
  if (stopped) return;
  clearTimeout(reconnectTimer);
  const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
  attempt += 1;
  reconnectTimer = setTimeout(connect, delay);
}

async function connect() {
  if (stopped || !api.current()) return;
  let token;
  try {
    token = await api.token();
  } catch (e) {
    if (e instanceof api.Problem && e.status === 401) return; // signed out
    later();
    return;
  }
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    const hello = { type: 'auth', token };
    if (store.meta.loaded && store.meta.cursor !== null) hello.since = store.meta.cursor;
    ws.send(JSON.stringify(hello));
    lastHeard = Date.now();
    clearInterval(heartbeat);
    heartbeat = setInterval(() => {
      if (Date.now() - lastHeard > 50_000) ws.close(4000, 'No answer');
      else if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
    }, 20_000);
  };
  ws.onmessage = (event) => {
    lastHeard = Date.now();
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    received(message);
  };
  ws.onclose = (event) => {
    clearInterval(heartbeat);
    if (socket === ws) socket = null;
    status(false);
    if (event.code === 4401) {
      api.refresh(true).then(() => { attempt = 0; later(); }, (e) => { if (!(e instanceof api.Problem && e.status === 401)) later(); });
    } else {
      later();
    }
  };
}

// A new access token for a socket that is open: sent before the old one expires, so it stays open.
api.onSession((session) => {
  if (!session) {
    stop();
    return;
  }
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'auth', token: session.token }));
});

function received(message) {
  switch (message.type) {
    case 'auth_success':
      attempt = 0;
      status(true);
      if (!store.meta.loaded || store.meta.cursor === null) reload(message.cursor);
      store.pump();
      probeGroups();
      break;
    case 'resync_required':
      reload(message.cursor);
      break;
    case 'auth_error':
      break; // the close that follows (4401) refreshes and reconnects
    case 'pong':
      break;
    default:
      if (typeof message.seq === 'number') {
        if (reloading) buffered.push(message);
        else applying = applying.then(() => apply(message)).catch(() => {});
      }
  }
}

async function apply(change) {
  if (store.meta.cursor !== null && change.seq <= store.meta.cursor) return;
  if (change.entity === 'user') {
    if (change.data && change.op !== 'deleted') await api.updateUser(change.data);
    await store.setCursor(change.seq);
  } else if (change.op === 'deleted') {
    await store.serverDelete(change.entity, change.id ?? change.data?.id, change.seq);
  } else if (change.data) {
    await store.serverPut(change.entity, change.data, change.seq);
  } else {
    await store.setCursor(change.seq);
  }
}

/** Every list again, as of `cursor` or later; changes that arrive meanwhile are applied after. */
function reload(cursor) {
  if (reloading) return reloading;
  buffered = [];
  reloading = (async () => {
    try {
      const lists = {};
      const results = await Promise.all(LISTS.map((entity) => api.list(store.PATHS[entity])));
      LISTS.forEach((entity, i) => { lists[entity] = results[i]; });
      const groups = await groupList();
      if (groups) lists.group = groups;
      await store.replaceAll(lists, cursor);
      const me = await api.call('GET', '/api/users/me');
      await api.updateUser(me.json);
      await learnNames();
    } finally {
      const waiting = buffered;
      buffered = [];
      reloading = null;
      for (const change of waiting) applying = applying.then(() => apply(change)).catch(() => {});
    }
  })();
  reloading.catch(() => {
    // Offline half-way: the next connection starts over (nothing was marked loaded).
  });
  return reloading;
}

/** Groups exist only on servers that have them: a 404 hides the screen. */
async function groupList() {
  try {
    const groups = await api.list(store.PATHS.group);
    await store.setMeta('groups', true);
    return groups;
  } catch (e) {
    if (e instanceof api.Problem && e.status === 404) {
      await store.setMeta('groups', false);
      return null;
    }
    throw e;
  }
}

async function probeGroups() {
  if (store.meta.groups !== null || reloading) return;
  try { await groupList(); } catch { /* asked again on the next connection */ }
}

/** Names of people the balances name who are not your friends (fellow group members). */
async function learnNames() {
  try {
    const answer = await api.call('GET', '/api/balances');
    const names = { ...store.meta.names };
    for (const row of answer.json?.byFriend || []) names[row.friendUserId] = row.name;
    await store.setMeta('names', names);
  } catch { /* names are a nicety */ }
}

/** Fetch the lists again now (after accepting an invite, which moves many objects at once). */
export function refreshAll() {
  return reload(store.meta.cursor ?? 0);
}
