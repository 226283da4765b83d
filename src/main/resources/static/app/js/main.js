// The app: routes under /app/, the header's sync status, notices for conflicts and refused writes.

import * as api from './api.js';
import * as store from './store.js';
import * as live from './live.js';
import { h, replace, openDialog, say } from './ui.js';
import * as auth from './screens/auth.js';
import * as home from './screens/home.js';
import * as friends from './screens/friends.js';
import * as personal from './screens/personal.js';
import * as shared from './screens/shared.js';
import * as udhari from './screens/udhari.js';
import * as groups from './screens/groups.js';
import * as invite from './screens/invite.js';
import { renderNotices } from './screens/notices.js';

const ROUTES = [
  { path: '/app/', screen: home, nav: 'Balances' },
  { path: '/app/shared', screen: shared, nav: 'Shared' },
  { path: '/app/udhari', screen: udhari, nav: 'Udhari' },
  { path: '/app/personal', screen: personal, nav: 'Personal' },
  { path: '/app/friends', screen: friends, nav: 'Friends' },
  { path: '/app/groups', screen: groups, nav: 'Groups', when: () => store.meta.groups === true },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let mounted = null;

export function go(path, { replace: replacing = false } = {}) {
  if (replacing) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route();
}

function context() {
  return { me: api.current()?.user, go, signedIn };
}

function route() {
  const path = location.pathname.replace(/\/+$/, '') || '/app';
  const session = api.current();
  let screen;
  let param = null;
  const inviteMatch = path.match(/^\/app\/invite\/([^/]+)$/);
  if (inviteMatch) {
    screen = invite;
    param = decodeURIComponent(inviteMatch[1]);
  } else if (!session) {
    screen = auth;
  } else {
    const found = ROUTES.find((r) => (r.path.replace(/\/$/, '') || '/app') === path && (!r.when || r.when()));
    screen = found ? found.screen : home;
  }
  mounted?.unmount?.();
  mounted = screen.render(context(), param);
  replace(main, mounted.el);
  document.title = `${mounted.title} · Hisaab`;
  renderChrome();
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    if (document.activeElement === document.body || !main.contains(document.activeElement)) heading.focus({ preventScroll: true });
  }
}

function renderChrome() {
  const session = api.current();
  nav.hidden = !session;
  if (session) {
    const here = location.pathname.replace(/\/+$/, '') || '/app';
    replace(nav, ROUTES.filter((r) => !r.when || r.when()).map((r) => {
      const target = r.path.replace(/\/$/, '') || '/app';
      return h('a', { href: r.path, 'aria-current': target === here ? 'page' : null }, r.nav);
    }));
  }
  const who = document.getElementById('who');
  replace(who, session ? [
    h('span', { class: 'who-name' }, session.user.name), ' ',
    h('button', { type: 'button', class: 'small secondary signout', onclick: signOut }, 'Sign out'),
  ] : []);
  renderStatus();
  renderNotices(document.getElementById('notices'), context());
}

function renderStatus() {
  const session = api.current();
  const el = document.getElementById('status');
  if (!session) {
    el.textContent = '';
    return;
  }
  const waiting = store.waiting();
  const state = store.meta.online ? (waiting ? (store.meta.sending ? 'Sending' : 'Online') : 'Online') : 'Offline';
  el.dataset.state = state.toLowerCase();
  el.dataset.waiting = String(waiting);
  el.textContent = waiting ? `${state} · ${waiting} ${waiting === 1 ? 'change' : 'changes'} waiting` : state;
}

async function signOut() {
  const waiting = store.waiting();
  if (waiting) {
    const sure = await confirmDialog(
      'Sign out?',
      `${waiting} ${waiting === 1 ? 'change has' : 'changes have'} not reached the server yet and would be lost.`,
      'Sign out');
    if (!sure) return;
  }
  live.stop();
  await api.signOut();
  await store.reset();
  go('/app/', { replace: true });
  say('Signed out');
}

function confirmDialog(title, text, action) {
  let answer = false;
  return openDialog(title, (close) => h('div', {},
    h('p', {}, text),
    h('button', { type: 'button', class: 'danger', onclick: () => { answer = true; close(); } }, action),
    h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'))).then(() => answer);
}

/** Called after signing in: data of another account that used this browser before is dropped. */
export async function signedIn(user) {
  const owner = await store.ownerOf();
  if (owner && owner !== user.id) await store.reset();
  await store.setOwner(user.id);
  live.start();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/app/') || link.target) return;
  event.preventDefault();
  go(url.pathname + url.search);
});

window.addEventListener('popstate', route);
window.addEventListener('online', () => live.nudge());

async function boot() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => { /* no offline shell */ });
  }
  await store.load();
  const session = await api.loadSession();
  store.subscribe(() => {
    mounted?.refresh?.();
    renderChrome();
  });
  api.onSession((s) => {
    if (!s) {
      route();
    } else {
      renderChrome();
    }
  });
  route();
  if (session) live.start();
}

boot().catch((e) => {
  replace(main, h('div', { class: 'notice' }, h('p', {}, `Hisaab could not start: ${e.message}`)));
});

export { route };
