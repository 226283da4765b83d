// /app/invite/<code>: opening an invite link accepts it (after signing in, if need be).

import * as api from '../api.js';
import * as store from '../store.js';
import { h, replace } from '../ui.js';
import { authForms, problemOf } from './auth.js';

export function render(ctx, code) {
  const body = h('div', { id: 'invite-result', 'aria-live': 'polite' });
  const el = h('section', {}, h('h1', {}, 'Invite'), body);

  async function accept() {
    replace(body, h('p', {}, 'Accepting the invite…'));
    try {
      const answer = await api.call('POST', '/api/invites/accept', { inviteCode: code });
      const friend = answer.json.friend;
      if (friend) await store.serverPut('friend', friend);
      replace(body,
        h('p', { class: 'panel', role: 'status' }, `You and ${friend?.name || 'your friend'} are now friends.`),
        h('p', {}, h('a', { href: '/app/' }, 'See your balances'), ' · ', h('a', { href: '/app/friends' }, 'Your friends')));
    } catch (e) {
      const offline = e instanceof api.Offline;
      const message = e instanceof api.Problem && e.status === 404
        ? 'This invite link is not valid any more: it was used, revoked or has expired. Ask for a new one.'
        : problemOf(e).message;
      replace(body, h('p', { class: 'notice', role: 'alert' }, message),
        offline ? h('button', { type: 'button', onclick: accept }, 'Try again') : h('a', { href: '/app/' }, 'Go to Hisaab'));
    }
  }

  if (api.current()) {
    accept();
  } else {
    replace(body, authForms(ctx, {
      intro: 'Sign in or create an account to accept this invite.',
      after: async () => {
        ctx.go(location.pathname, { replace: true });
      },
    }));
  }
  return { el, title: 'Invite' };
}
