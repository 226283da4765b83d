// What the screens share: sending a form's write, currency and date fields, money text.

import * as store from '../store.js';
import { field, showProblem, say, todayLocal, h, openDialog } from '../ui.js';
import { COMMON_CURRENCIES } from '../money.js';
import { problemOf } from './auth.js';

/**
 * Sends a write made by a form. Offline it is kept for later at once; online the form waits for the
 * server (a refusal shows beside the fields, the values stay), or for a few seconds at most.
 */
export async function submit(form, write, done) {
  const button = form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  try {
    const { n, answer } = await write();
    if (n === null) return done(null);
    if (!store.meta.online) {
      store.release(n);
      say('Saved on this device: it will be sent when you are back online');
      return done(null);
    }
    const slow = new Promise((resolve) => setTimeout(() => resolve(slow), 8000));
    try {
      const result = await Promise.race([answer, slow]);
      if (result === slow || result === store.QUEUED) {
        store.release(n);
        say('Saved on this device: still sending');
        return done(null);
      }
      say('Saved');
      return done(result);
    } catch (e) {
      if (e && e.status === 409 && e.current) {
        say('It was changed elsewhere meanwhile: see the notice at the top');
        return done(null);
      }
      showProblem(form, problemOf(e));
    }
  } finally {
    if (button) button.disabled = false;
  }
}

export function currencyField(value, fields = ['currency']) {
  const options = [...new Set([value, ...COMMON_CURRENCIES].filter(Boolean))].map((c) => [c, c]);
  return field({ label: 'Currency', type: 'select', value, fields, options });
}

export function dateField(value) {
  return field({ label: 'Date', type: 'date', value: value || todayLocal(), fields: ['date'], required: true });
}

export function defaultCurrency(ctx) {
  return ctx.me?.defaultCurrency || 'INR';
}

export function pendingBadge(object) {
  return object && object._pending ? h('span', { class: 'pending-badge', title: 'Not yet on the server' }, 'waiting to sync') : null;
}

/** The API's midnight-UTC form of a picked date. */
export function instant(date) {
  return `${date}T00:00:00Z`;
}

export function stamp(previous) {
  const now = new Date().toISOString();
  return { createdAt: previous?.createdAt || now, updatedAt: now, version: previous?.version ?? 0 };
}

export function emptyLine(text) {
  return h('li', { class: 'empty' }, text);
}

/**
 * A write from a button (delete, settle, revoke): offline it waits in the outbox; online a refusal is
 * shown in a dialog.
 */
export async function act(write) {
  const { n, answer } = await write();
  if (n === null) return null;
  if (!store.meta.online) {
    store.release(n);
    say('Saved on this device: it will be sent when you are back online');
    return null;
  }
  try {
    const result = await answer;
    say(result === store.QUEUED ? 'Saved on this device: it will be sent when you are back online' : 'Done');
    return result;
  } catch (e) {
    if (e && e.status === 409 && e.current) return null;
    const { message } = problemOf(e);
    openDialog('That did not work', (close) => h('div', {}, h('p', { role: 'alert' }, message),
      h('button', { type: 'button', onclick: close }, 'OK')));
    return null;
  }
}

/** A call that needs the server now (invites): its problem in a dialog. */
export function explain(e) {
  const { message } = problemOf(e);
  return openDialog('That did not work', (close) => h('div', {}, h('p', { role: 'alert' }, message),
    h('button', { type: 'button', onclick: close }, 'OK')));
}
