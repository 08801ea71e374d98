// "Add to workflow": writes the task as a step (a chosen id, the form's inputs
// and `set:` for the outputs the person ticks) into a workflow file through
// POST /api/workflows/{name}/steps, and shows the file that results.
import {$, api, el, show} from './util.js';

const NEW_FILE = '__new__';

function highlightStep(yaml, stepId) {
  const lines = yaml.replace(/\n$/, '').split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*- id: "?${stepId}"?\\s*$`).test(line));
  let end = start;
  if (start >= 0) {
    const indent = lines[start].indexOf('-');
    end = start + 1;
    while (end < lines.length) {
      const line = lines[end];
      const own = line.search(/\S/);
      if (own >= 0 && own <= indent) break;
      end += 1;
    }
  }
  return lines.map((line, i) => el('span', {class: i >= start && i < end && start >= 0 ? 'line added' : 'line'}, `${line}\n`));
}

export class AddToWorkflow {
  constructor(form) {
    this.form = form;
    this.task = null;
    this.workflows = [];
    $('add-workflow').addEventListener('change', () => this.selectionChanged());
    $('add-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  async refresh(keep) {
    const {status, body} = await api('GET', '/api/workflows');
    this.workflows = status === 200 ? body.workflows : [];
    const select = $('add-workflow');
    const previous = keep || select.value;
    select.replaceChildren(
      ...this.workflows.map((w) => el('option', {value: w.name},
        w.file + (w.valid ? '' : '  (has errors)'))),
      el('option', {value: NEW_FILE}, 'New workflow file…'));
    if ([...select.options].some((o) => o.value === previous)) select.value = previous;
    this.selectionChanged();
  }

  load(task) {
    this.task = task;
    const outputs = (task.outputs || []).filter((o) => o.name !== 'response');
    $('add-outputs').replaceChildren(...outputs.map((o) => el('div', {class: 'add-output'},
      el('input', {type: 'checkbox', id: `add-out-${o.name}`, dataset: {output: o.name}}),
      el('label', {for: `add-out-${o.name}`}, el('code', {}, o.name)),
      el('span', {class: 'arrow', 'aria-hidden': 'true'}, '→'),
      el('input', {type: 'text', class: 'var-name', value: o.name, 'aria-label': `variable name for ${o.name}`,
        spellcheck: 'false', autocomplete: 'off', dataset: {variable: o.name}}))));
    show($('add-result'), false);
    this.selectionChanged();
  }

  selectionChanged() {
    const isNew = $('add-workflow').value === NEW_FILE;
    show($('add-new-row'), isNew);
    if (this.task) $('add-step-id').value = this.freeStepId();
  }

  // The task id's last part, made unique within the chosen workflow.
  freeStepId() {
    const base = this.task.id.split('.').pop().replace(/[^A-Za-z0-9_]/g, '_');
    const chosen = this.workflows.find((w) => w.name === $('add-workflow').value);
    const taken = new Set((chosen?.steps || []).map((s) => s.id));
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
    return id;
  }

  async submit() {
    const selected = $('add-workflow').value;
    const name = selected === NEW_FILE ? $('add-new-name').value.trim() : selected;
    const id = $('add-step-id').value.trim();
    if (!name) return this.report(false, 'Give the new workflow file a name.', []);
    if (!id) return this.report(false, 'Give the step an id.', []);
    const step = {id, task: this.task.id, with: this.form.values({forWorkflow: true})};
    const set = {};
    for (const box of $('add-outputs').querySelectorAll('input[type=checkbox]:checked')) {
      const output = box.dataset.output;
      const variable = $('add-outputs').querySelector(`input[data-variable="${output}"]`).value.trim() || output;
      set[variable] = `\${${id}.output.${output}}`;
    }
    if (Object.keys(set).length) step.set = set;
    $('add-step').disabled = true;
    const {status, body} = await api('POST', `/api/workflows/${encodeURIComponent(name)}/steps`, step);
    $('add-step').disabled = false;
    if (status === 200 || status === 201) {
      this.report(true, `Added step '${id}' to ${body.file}${status === 201 ? ' (a new file)' : ''}; `
        + 'the file passes validation.', [], body.yaml, id);
      await this.refresh(body.name);
    } else {
      this.report(false, body.error || `The step was not added (HTTP ${status}).`, body.errors || []);
    }
  }

  report(ok, message, errors, yaml, stepId) {
    show($('add-result'), true);
    $('add-message').textContent = message;
    $('add-message').className = ok ? 'add-message ok' : 'add-message bad';
    $('add-errors').replaceChildren(...errors.map((e) => el('li', {}, e)));
    const pre = $('add-yaml');
    if (yaml) {
      pre.replaceChildren(...highlightStep(yaml, stepId));
      show(pre, true);
      const added = pre.querySelector('.added');
      if (added) pre.scrollTop = Math.max(0, added.offsetTop - pre.offsetTop - 24);
      $('add-result').scrollIntoView({block: 'nearest'});
    } else {
      show(pre, false);
    }
  }
}
