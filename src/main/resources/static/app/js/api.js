// HTTP to the server: the session (access token refreshed before it expires, refresh token kept in
// IndexedDB across reloads), problem+json errors, and "offline" when the server cannot be reached.

import * as db from './db.js';

/** The server answered with an error (problem+json). */
export class Problem extends Error {
  constructor(status, body, retryAfter) {
    super(body?.detail || body?.error || `The server answered ${status}`);
    this.status = status;
    this.body = body || {};
    this.errors = body?.errors || [];
    this.current = body?.current;
    this.retryAfter = retryAfter;
  }

  /** Worth sending again later: nothing was done (busy, rate limited, database restarting). */
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
}

/** The server could not be reached at all. */
export class Offline extends Error {
  constructor() {
    super('You are offline');
  }
}

const REFRESH_EARLY_MS = 60_000;
let session = null;
let timer = null;
const listeners = new Set();
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('hisaab-session') : null;

export function onSession(listener) {
  listeners.add(listener);
}

function changed() {
  for (const listener of listeners) listener(session);
}

export function current() {
  return session;
}

export async function loadSession() {
  session = (await db.get('meta', 'session')) || null;
  schedule();
  return session;
}

channel?.addEventListener('message', async (event) => {
  // Another tab signed in, refreshed or signed out: use what it stored.
  if (event.data === 'session') {
    session = (await db.get('meta', 'session')) || null;
    schedule();
    changed();
  }
});

async function save(answer, user) {
  session = {
    user: answer.user || user,
    token: answer.token,
    refreshToken: answer.refreshToken,
    expiresAt: Date.now() + Number(answer.expiresIn) * 1000,
  };
  await db.put('meta', session, 'session');
  schedule();
  channel?.postMessage('session');
  changed();
}

export async function updateUser(user) {
  if (!session || session.user.id !== user.id) return;
  session = { ...session, user };
  await db.put('meta', session, 'session');
  changed();
}

function schedule() {
  clearTimeout(timer);
  if (!session) return;
  const wait = Math.max(5_000, session.expiresAt - Date.now() - REFRESH_EARLY_MS);
  timer = setTimeout(() => refresh(false).catch(() => { timer = setTimeout(() => refresh(false).catch(() => {}), 15_000); }), wait);
}

async function request(method, path, { body, token, ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new Offline();
  }
  const text = await response.text().catch(() => '');
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    if (response.status >= 500 && !json && response.status !== 503) throw new Offline();
    throw new Problem(response.status, json, response.headers.get('Retry-After'));
  }
  return { status: response.status, json, headers: response.headers };
}

function withLock(name, work) {
  return navigator.locks ? navigator.locks.request(name, work) : work();
}

/**
 * A new access token. Tabs take turns (a refresh token works once: two tabs sending the same one would
 * look like a stolen token and end the session), and a tab that waited uses what the other one got.
 */
export function refresh(force) {
  const mine = session?.refreshToken;
  return withLock('hisaab-refresh', async () => {
    const stored = await db.get('meta', 'session');
    if (!stored) {
      session = null;
      changed();
      throw new Problem(401, { error: 'Signed out' });
    }
    const fresh = stored.expiresAt - Date.now() > REFRESH_EARLY_MS;
    const otherTabRefreshed = mine !== undefined && stored.refreshToken !== mine && fresh;
    if (otherTabRefreshed || (!force && fresh)) {
      session = stored;
      schedule();
      changed();
      return session;
    }
    try {
      const answer = await request('POST', '/api/auth/refresh', { body: { refreshToken: stored.refreshToken } });
      await save(answer.json, stored.user);
      return session;
    } catch (e) {
      if (e instanceof Problem && (e.status === 401 || e.status === 400)) {
        await endSession();
      }
      throw e;
    }
  });
}

/** A token that is good for a while yet (refreshed first when it is about to expire). */
export async function token() {
  if (!session) throw new Problem(401, { error: 'Signed out' });
  if (session.expiresAt - Date.now() < 30_000) await refresh(false);
  return session.token;
}

/** An authenticated call; a 401 refreshes the token once and tries again. */
export async function call(method, path, body, options = {}) {
  try {
    return await request(method, path, { body, token: await token(), ifMatch: options.ifMatch });
  } catch (e) {
    if (!(e instanceof Problem) || e.status !== 401 || !session) throw e;
    await refresh(true);
    return request(method, path, { body, token: session.token, ifMatch: options.ifMatch });
  }
}

/** Every page of a list (the server pages with X-Next-Cursor). */
export async function list(path) {
  const items = [];
  let before = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await call('GET', `${path}${separator}limit=1000${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    items.push(...(answer.json || []));
    before = answer.headers.get('X-Next-Cursor');
  } while (before);
  return items;
}

/** Registers or logs in; answers the user. */
export async function signIn(kind, fields) {
  const answer = await request('POST', kind === 'register' ? '/api/auth/register' : '/api/auth/login', { body: fields });
  await save(answer.json);
  return session.user;
}

/** Ends this session on the server (best effort) and here. */
export async function signOut() {
  const refreshToken = session?.refreshToken;
  if (refreshToken) {
    try { await call('POST', '/api/auth/logout', { refreshToken }); } catch { /* offline: it expires */ }
  }
  await endSession();
}

async function endSession() {
  clearTimeout(timer);
  session = null;
  await db.remove('meta', 'session');
  channel?.postMessage('session');
  changed();
}
