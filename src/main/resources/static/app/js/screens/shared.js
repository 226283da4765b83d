// Shared expenses: who paid, who takes part, and the split in four modes with the exact shares shown
// as you type (computed as the server computes them, in integer minor units).

import * as store from '../store.js';
import { h, uid, replace, rerender, field, formError, clearErrors, setError, openDialog, amount, dateOf, setOptions } from '../ui.js';
import { parseAmount, plain, format, split, SPLIT_MODES, toMinor } from '../money.js';
import { submit, act, currencyField, dateField, defaultCurrency, instant, stamp, pendingBadge, emptyLine } from './common.js';

export function render(ctx) {
  const me = ctx.me.id;
  const list = h('ul', { class: 'list', id: 'shared-expenses' });
  let add = expenseForm(ctx, null, () => {});
  const holder = h('div', {}, add.form);
  const el = h('section', {}, h('h1', {}, 'Shared expenses'), list, holder);

  function refresh() {
    add.refresh();
    const expenses = store.list('group_expense').sort(store.newestFirst);
    rerender(list, expenses.length ? expenses.map((e) => {
      const rowId = uid('shared');
      const mine = e.splits?.[me];
      return h('li', { dataset: { key: e.id, id: e.id } },
        h('div', { class: 'grow', id: rowId },
          h('strong', {}, e.title), ' ', amount(e.totalAmount, e.currency), ' ',
          h('span', { class: 'muted' }, `${dateOf(e.date)} · paid by ${store.nameOf(e.paidBy, me)}`),
          pendingBadge(e),
          h('div', { class: 'muted shares' }, 'Shares: ',
            (e.participants || Object.keys(e.splits || {})).map((p, i) => [i ? ', ' : '',
              h('span', { class: 'share', dataset: { user: p } }, `${store.nameOf(p, me)} ${format(toMinor(e.splits?.[p] ?? '0', e.currency), e.currency)}`)])),
          mine !== undefined ? null : h('div', { class: 'muted' }, 'You are not part of this one')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small secondary', 'aria-describedby': rowId, onclick: () => edit(ctx, e) }, 'Edit'),
          h('button', { type: 'button', class: 'small danger', 'aria-describedby': rowId, onclick: () => remove(e) }, 'Delete')));
    }) : emptyLine('No shared expenses yet.'));
  }

  refresh();
  return { el, refresh, title: 'Shared expenses' };
}

/** People you can split with: you and your friends who have an id on the server, or a group's members. */
function candidates(ctx, groupId, existing) {
  const me = ctx.me.id;
  const people = new Map([[me, 'You']]);
  if (groupId) {
    const group = store.find('group', groupId);
    for (const m of group?.members || []) if (m.userId !== me) people.set(m.userId, m.name);
  } else {
    for (const f of store.list('friend').sort((a, b) => a.name.localeCompare(b.name))) {
      if (f.friendUserId) people.set(f.friendUserId, f.name);
    }
  }
  for (const p of existing?.participants || []) if (!people.has(p)) people.set(p, store.nameOf(p, me));
  return people;
}

function expenseForm(ctx, existing, close, onSaved) {
  const me = ctx.me.id;
  const title = field({ label: 'Title', value: existing?.title || '', fields: ['title'], required: true, maxlength: 255 });
  const total = field({ label: 'Amount', inputmode: 'decimal', value: existing?.totalAmount || '', fields: ['totalAmount', 'amount'], required: true });
  const currency = currencyField(existing?.currency || defaultCurrency(ctx));
  const date = dateField(existing ? dateOf(existing.date) : null);
  const groupOptions = () => [['', 'No group'], ...store.list('group').map((g) => [g.id, g.name])];
  const groupField = field({ label: 'Group', type: 'select', value: existing?.groupId || '', fields: ['groupId'], options: groupOptions() });
  const paidBy = field({ label: 'Paid by', type: 'select', value: existing?.paidBy || me, fields: ['paidBy'], options: [] });
  const mode = field({
    label: 'Split', type: 'select', value: existing?.splitMode || 'equal', fields: ['splitMode'],
    options: Object.entries(SPLIT_MODES).map(([value, { label }]) => [value, label]),
  });
  const peopleError = h('p', { class: 'error', id: uid('participants-error') });
  const people = h('fieldset', { class: 'participants', dataset: { fields: 'participants' }, 'aria-describedby': peopleError.id },
    h('legend', {}, 'Participants'));
  const rows = h('div', { class: 'split-rows', id: uid('split') });
  const verdict = h('p', { class: 'split-verdict', id: uid('verdict'), 'aria-live': 'polite' });
  const form = h('form', { class: existing ? '' : 'panel', novalidate: true, id: existing ? null : 'add-shared' },
    existing ? null : h('h2', {}, 'Add a shared expense'),
    formError(), title.wrap, h('div', { class: 'row' }, total.wrap, currency.wrap), date.wrap, groupField.wrap,
    people, peopleError, paidBy.wrap, mode.wrap, rows, verdict,
    existing
      ? [h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', class: 'danger', onclick: () => { remove(existing); close(); } }, 'Delete'),
        h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')]
      : h('button', { type: 'submit' }, 'Add expense'));

  // Typed split values per person survive redraws (switching modes, adding people).
  const typed = new Map();
  if (existing && existing.splitMode !== 'equal') {
    const source = existing.splitMode === 'exact' ? existing.splits : existing.splitValues || {};
    for (const [person, value] of Object.entries(source || {})) typed.set(`${existing.splitMode}:${person}`, value);
  }
  let chosen = new Set(existing ? existing.participants : [me]);

  function drawPeople() {
    const options = candidates(ctx, groupField.input.value, existing);
    chosen = new Set([...chosen].filter((p) => options.has(p)));
    if (!chosen.size) chosen.add(me);
    replace(people, h('legend', {}, 'Participants'), [...options].map(([id, name]) => {
      const box = h('input', { type: 'checkbox', value: id, checked: chosen.has(id), dataset: { person: id } });
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(id); else chosen.delete(id);
        drawPayers();
        drawSplit();
      });
      return h('label', { class: 'inline' }, box, name);
    }));
    drawPayers();
  }

  function ordered() {
    const options = candidates(ctx, groupField.input.value, existing);
    return [...options.keys()].filter((p) => chosen.has(p)).map((p) => [p, options.get(p)]);
  }

  function drawPayers() {
    setOptions(paidBy.input, ordered().map(([id, name]) => [id, name]));
  }

  function drawSplit() {
    const how = mode.input.value;
    const code = currency.input.value;
    const list = ordered();
    const unit = how === 'exact' ? code : how === 'percent' ? '%' : how === 'shares' ? 'shares' : null;
    replace(rows, list.map(([id, name]) => {
      const out = h('output', { class: 'share-preview', dataset: { person: id } });
      if (!unit) return h('div', { class: 'split-row', dataset: { person: id } }, h('span', {}, name), h('span'), out);
      const input = h('input', {
        id: uid('split'), inputmode: 'decimal', value: typed.get(`${how}:${id}`) ?? '', dataset: { person: id, fields: `splits.${id}` },
        'aria-describedby': verdict.id,
      });
      input.addEventListener('input', () => {
        typed.set(`${how}:${id}`, input.value);
        preview();
      });
      return h('div', { class: 'split-row', dataset: { person: id } }, h('label', { for: input.id }, `${name} (${unit})`), input, out);
    }));
    preview();
  }

  /** The exact shares for what is typed now, or what is missing. */
  function compute() {
    const code = currency.input.value;
    const parsed = parseAmount(total.input.value, code);
    const list = ordered();
    if (parsed.error) return { error: total.input.value.trim() ? `Amount ${parsed.error}` : 'Enter the amount to see the shares', list };
    const how = mode.input.value;
    const values = list.map(([id]) => typed.get(`${how}:${id}`) ?? '');
    return { ...split(parsed.minor, code, how, values), total: parsed.minor, list, values, how, code };
  }

  function preview() {
    const result = compute();
    for (const input of rows.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    const outputs = [...rows.querySelectorAll('output')];
    outputs.forEach((out, i) => { out.textContent = result.shares ? format(result.shares[i], result.code) : '—'; });
    for (const e of result.errors || []) rows.querySelectorAll('input')[e.index]?.setAttribute('aria-invalid', 'true');
    verdict.textContent = result.shares
      ? `Adds up to ${format(result.total, result.code)}`
      : result.errors ? `${result.list[result.errors[0].index][1]}: ${result.errors[0].message}` : result.error || '';
    verdict.classList.toggle('error', !result.shares);
    return result;
  }

  function refresh() {
    // Friends and groups may change while the form is open (live): redraw choices, keep what is typed.
    const options = groupOptions();
    groupField.wrap.hidden = store.meta.groups !== true || options.length === 1;
    setOptions(groupField.input, options);
    if (!people.contains(document.activeElement)) {
      const payer = paidBy.input.value;
      drawPeople();
      if (payer && chosen.has(payer)) paidBy.input.value = payer;
    }
  }

  total.input.addEventListener('input', preview);
  currency.input.addEventListener('change', drawSplit);
  mode.input.addEventListener('change', drawSplit);
  groupField.input.addEventListener('change', () => {
    // A group's expenses are in the group's currency unless the user picks another.
    const code = store.find('group', groupField.input.value)?.currency;
    if (code && !currencyTouched) {
      if (![...currency.input.options].some((o) => o.value === code)) currency.input.append(h('option', { value: code }, code));
      currency.input.value = code;
    }
    drawPeople();
    drawSplit();
  });
  let currencyTouched = Boolean(existing);
  currency.input.addEventListener('change', () => { currencyTouched = true; });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    peopleError.textContent = '';
    const result = preview();
    let bad = false;
    if (!title.input.value.trim()) { setError(title.input, 'Enter a title'); bad = true; }
    const parsed = parseAmount(total.input.value, currency.input.value);
    if (parsed.error) { setError(total.input, `Amount ${parsed.error}`); bad = true; }
    if (!date.input.value) { setError(date.input, 'Pick a date'); bad = true; }
    if (!chosen.has(me) && !groupField.input.value) { peopleError.textContent = 'You must be one of the participants'; bad = true; }
    if (!parsed.error && !result.shares) bad = true;
    if (bad) return;
    const id = existing?.id || crypto.randomUUID();
    const participants = result.list.map(([p]) => p);
    const body = {
      title: title.input.value.trim(),
      totalAmount: plain(result.total, result.code),
      currency: result.code,
      paidBy: paidBy.input.value,
      participants,
      splitMode: result.how,
      date: date.input.value,
    };
    if (existing?.description) body.description = existing.description;
    if (groupField.input.value) body.groupId = groupField.input.value;
    if (result.how !== 'equal') {
      body.splits = Object.fromEntries(participants.map((p, i) => [p, normalise(result.values[i])]));
    }
    if (!existing) body.id = id;
    const local = {
      ...(existing || {}), ...body, id, description: body.description || null,
      splits: Object.fromEntries(participants.map((p, i) => [p, plain(result.shares[i], result.code)])),
      splitValues: result.how === 'percent' || result.how === 'shares' ? body.splits : null,
      date: instant(body.date), createdBy: existing?.createdBy || me, updatedBy: me, ...stamp(existing),
    };
    delete local._pending;
    const path = existing ? `/api/group-expenses/${id}` : '/api/group-expenses';
    submit(form, () => store.enqueue({
      entity: 'group_expense', id, op: existing ? 'update' : 'create', method: existing ? 'PUT' : 'POST', path, body, local, label: `Shared expense ${body.title}`,
    }), () => {
      onSaved?.();
      if (existing) return close();
      form.reset();
      currencyTouched = false;
      typed.clear();
      chosen = new Set([me]);
      drawPeople();
      drawSplit();
      title.input.focus();
    });
  });

  drawPeople();
  if (existing) paidBy.input.value = existing.paidBy;
  drawSplit();
  refresh();
  return { form, refresh };
}

function normalise(text) {
  return (text || '').trim() || '0';
}

/** The edit dialog; `prefill` (a conflict's own values) replaces what is shown, `onSaved` runs on Save. */
export function edit(ctx, expense, { prefill, onSaved } = {}) {
  const shown = prefill ? { ...expense, ...prefill } : expense;
  openDialog(`Edit ${expense.title}`, (close) => expenseForm(ctx, shown, close, onSaved).form);
}

function remove(expense) {
  act(() => store.enqueue({ entity: 'group_expense', id: expense.id, op: 'delete', method: 'DELETE', path: `/api/group-expenses/${expense.id}`, label: `Shared expense ${expense.title}` }));
}
