// The wf editor page: search the catalog, pick a task, read its reference,
// fill its inputs, Preview or Test request, and add it to a workflow. Talks to
// wf serve only through its JSON API (docs/editor.md).
import {$, api, csrfFromPage, el, setCsrfToken, setupTabs, show} from './util.js';
import {renderReference, renderRequestSettings} from './reference.js';
import {InputsForm} from './form.js';
import {ResponsePanel} from './response.js';
import {AddToWorkflow} from './workflow.js';

const state = {session: null, tasks: [], active: -1, task: null};

const form = new InputsForm({fields: $('fields'), standIns: $('stand-ins'),
  standInFields: $('stand-in-fields'), message: $('form-message')});
const taskTabs = setupTabs(document.querySelector('[data-tabs="task"]'));
const response = new ResponsePanel(setupTabs(document.querySelector('[data-tabs="response"]')));
const adder = new AddToWorkflow(form);

// --- catalog -------------------------------------------------------------

function renderCatalog() {
  const list = $('task-list');
  list.replaceChildren(...state.tasks.map((task, index) => el('li', {
    role: 'option', id: `option-${index}`, class: `task-option${task.available ? '' : ' unavailable'}`,
    'aria-selected': String(index === state.active), 'aria-disabled': task.available ? undefined : 'true',
    title: task.reason || undefined, dataset: {id: task.id},
    onclick: () => pick(task.id),
  }, el('span', {class: 'option-title'}, task.title),
  el('span', {class: 'option-meta'}, el('code', {}, task.id), task.category ? ` · ${task.category}` : ''))));
  const count = state.tasks.length;
  $('catalog-count').textContent = count ? `${count} task${count === 1 ? '' : 's'}` : 'No task matches.';
  $('search').setAttribute('aria-activedescendant', state.active >= 0 ? `option-${state.active}` : '');
}

let searchTimer = null;
async function search() {
  const query = $('search').value;
  const {status, body} = await api('GET', `/api/tasks?q=${encodeURIComponent(query)}`);
  if ($('search').value !== query) return;  // a newer search is on its way
  state.tasks = status === 200 ? body.tasks : [];
  state.active = state.tasks.length ? 0 : -1;
  renderCatalog();
}

function moveActive(step) {
  if (!state.tasks.length) return;
  state.active = (state.active + step + state.tasks.length) % state.tasks.length;
  renderCatalog();
  $(`option-${state.active}`)?.scrollIntoView({block: 'nearest'});
}

$('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 120);
});
$('search').addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') moveActive(1);
  else if (event.key === 'ArrowUp') moveActive(-1);
  else if (event.key === 'Enter' && state.active >= 0) pick(state.tasks[state.active].id, {focusForm: true});
  else return;
  event.preventDefault();
});

// --- the task ------------------------------------------------------------

function overriddenKeys(task) {
  const keys = [];
  for (const o of state.session?.overrides || []) {
    if (task.id.startsWith(o.task_prefix)) keys.push(...o.keys);
  }
  return keys;
}

async function pick(id, {focusForm = false} = {}) {
  const {status, body} = await api('GET', `/api/tasks/${encodeURIComponent(id)}`);
  if (status !== 200) {
    form.message(body.error);
    return;
  }
  const task = body;
  state.task = task;
  state.active = state.tasks.findIndex((t) => t.id === id);
  renderCatalog();
  $('task-title').textContent = task.title;
  $('task-id').textContent = task.id;
  $('task-category').textContent = task.category || task.source;
  $('task-summary').textContent = task.summary || '';
  renderReference($('pane-reference'), task);
  renderRequestSettings($('pane-request'), task);
  form.load(task, overriddenKeys(task));
  if (state.session?.intercom_base_url && !state.session.sandbox && form.input('base_url')) {
    form.input('base_url').value = state.session.intercom_base_url;
  }
  $('send').disabled = !task.testable;
  $('send').title = task.testable ? 'Ctrl+Enter' : 'This task can reach any URL, so the editor only previews it.';
  adder.load(task);
  response.clear();
  show($('task-empty'), false);
  show($('task-view'), true);
  show($('add-card'), true);
  taskTabs.select('tab-inputs');
  history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  if (focusForm) $('fields').querySelector('input, textarea')?.focus();
}

// --- test requests -------------------------------------------------------

async function testRequest(dryRun) {
  if (!state.task || (!dryRun && !state.task.testable)) return;
  form.clearErrors();
  show($('busy'), true);
  $('send').disabled = $('preview').disabled = true;
  const {status, body} = await api('POST', '/api/test-request', {
    task: state.task.id, with: form.values(), dry_run: dryRun, stand_ins: form.standIns()});
  show($('busy'), false);
  $('preview').disabled = false;
  $('send').disabled = !state.task.testable;
  const notes = [];
  if (body.state) {
    response.show(body);
    notes.push(...form.showErrors(body.errors));
    form.showErrors((body.warnings || []).filter((w) => w.path), {warning: true});
    if (body.state === 'invalid' && body.error?.message) notes.push(body.error.message);
  } else {
    response.showError(status, body);
    notes.push(...form.showErrors(body.errors || []));
    if (!body.errors?.length) notes.push(body.error);
  }
  form.message(notes.filter(Boolean).join(' '));
}

$('inputs-form').addEventListener('submit', (event) => {
  event.preventDefault();
  testRequest(false);
});
$('preview').addEventListener('click', () => testRequest(true));

document.addEventListener('keydown', (event) => {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    $('search').focus();
    $('search').select();
  } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && state.task) {
    event.preventDefault();
    testRequest(event.shiftKey);
  }
});

// --- start ---------------------------------------------------------------

async function start() {
  const {status, body} = await api('GET', '/api/session');
  if (status === 200) {
    state.session = body;
    if (!csrfFromPage()) setCsrfToken(body.csrf_token);
    if (body.sandbox) {
      $('sandbox-badge').textContent = `Sandbox · Intercom requests go to ${body.sandbox}, not a real workspace`;
      show($('sandbox-badge'), true);
    }
  }
  await Promise.all([search(), adder.refresh()]);
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted) await pick(wanted);
  $('search').focus();
}

start();
