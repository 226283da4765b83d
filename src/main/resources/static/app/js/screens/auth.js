// Signing in and creating an account.

import * as api from '../api.js';
import { h, field, formError, showProblem, clearErrors, setError, say } from '../ui.js';

/** The sign-in and create-account forms; `after(user)` runs once signed in. */
export function authForms(ctx, { intro, after } = {}) {
  const box = h('div', { class: 'auth' });
  const show = (which) => {
    box.replaceChildren(which === 'register' ? registerForm() : signInForm());
    box.querySelector('input')?.focus();
  };

  const done = async (user) => {
    await ctx.signedIn(user);
    say(`Signed in as ${user.name}`);
    if (after) await after(user);
    else ctx.go('/app/', { replace: true });
  };

  function signInForm() {
    const email = field({ label: 'Email', type: 'email', fields: ['email', 'phone'], autocomplete: 'username', required: true });
    const password = field({ label: 'Password', type: 'password', fields: ['password'], autocomplete: 'current-password', required: true });
    const form = h('form', { class: 'panel', novalidate: true },
      h('h2', {}, 'Sign in'), formError(), email.wrap, password.wrap,
      h('button', { type: 'submit' }, 'Sign in'),
      h('p', {}, 'New here? ', h('button', { type: 'button', class: 'secondary small', onclick: () => show('register') }, 'Make an account')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!email.input.value.trim()) return setError(email.input, 'Enter your email');
      if (!password.input.value) return setError(password.input, 'Enter your password');
      try {
        const user = await api.signIn('login', { email: email.input.value.trim(), password: password.input.value });
        await done(user);
      } catch (e) {
        showProblem(form, problemOf(e, { 401: 'Wrong email or password' }));
      }
    });
    return form;
  }

  function registerForm() {
    const name = field({ label: 'Name', fields: ['name'], autocomplete: 'name', required: true, maxlength: 255 });
    const email = field({ label: 'Email', type: 'email', fields: ['email', 'phone'], autocomplete: 'email', required: true });
    const password = field({ label: 'Password', type: 'password', fields: ['password'], autocomplete: 'new-password', required: true, minlength: 8, hint: 'At least 8 characters' });
    const form = h('form', { class: 'panel', novalidate: true },
      h('h2', {}, 'Create account'), formError(), name.wrap, email.wrap, password.wrap,
      h('button', { type: 'submit' }, 'Create account'),
      h('p', {}, 'Have an account? ', h('button', { type: 'button', class: 'secondary small', onclick: () => show('signin') }, 'Go to sign in')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      let bad = false;
      if (!name.input.value.trim()) { setError(name.input, 'Enter your name'); bad = true; }
      if (!email.input.value.trim()) { setError(email.input, 'Enter your email'); bad = true; }
      if (password.input.value.length < 8) { setError(password.input, 'Use at least 8 characters'); bad = true; }
      if (bad) return;
      try {
        const user = await api.signIn('register', {
          name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value,
        });
        await done(user);
      } catch (e) {
        const problem = problemOf(e);
        if (e instanceof api.Problem && e.status === 409 && !problem.errors.length) {
          problem.errors = [{ field: 'email', message: problem.message }];
        }
        showProblem(form, problem);
      }
    });
    return form;
  }

  box.append(signInForm());
  return h('div', {}, intro ? h('p', { class: 'notice' }, intro) : '', box);
}

/** A thrown error as {message, errors} for a form. */
export function problemOf(e, messages = {}) {
  if (e instanceof api.Offline) return { message: 'The server cannot be reached. Check your connection and try again.', errors: [] };
  if (e instanceof api.Problem) {
    return { message: messages[e.status] || e.message, errors: e.status === 401 ? [] : [...e.errors] };
  }
  return { message: e.message || 'Something went wrong', errors: [] };
}

export function render(ctx) {
  const el = h('section', {}, h('h1', {}, 'Welcome to Hisaab'),
    h('p', { class: 'muted' }, 'Track what you spend, split bills with friends and keep udhari straight.'),
    authForms(ctx));
  return { el, title: 'Sign in' };
}
