// The inputs form: one control per field of the task (defaults filled in), the
// stand-in values for `${...}` references, and field errors shown beside
// their fields.
import {el, plain, show} from './util.js';
import {fieldFacts} from './reference.js';

const REFERENCE = /(?<!\$)\$\{([^}]*)\}/g;

function isWholeReference(text) {
  return /^\$\{[^}]*\}$/.test(text) && !text.startsWith('$${');
}

// "open.output.items[0].id" -> ['open', 'output', 'items', 0, 'id']
function referencePath(inside) {
  const keys = [];
  for (const match of inside.trim().matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    keys.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return keys;
}

function setPath(target, keys, value) {
  let node = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === undefined || typeof node[key] !== 'object') node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
}

function displayDefault(field) {
  if (field.default === undefined) return '';
  if (field.type === 'array' && Array.isArray(field.default)) return field.default.join('\n');
  return plain(field.default);
}

// The form text of a field, typed as the field's type says.
function readValue(field, raw) {
  const text = raw.trim();
  if (text === '') return undefined;
  if (isWholeReference(text)) return text;
  switch (field.type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : raw;
    case 'array':
      return raw.split('\n').map((line) => line.trim()).filter(Boolean);
    case 'object':
    case 'any':
      try {
        return JSON.parse(text);
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

// The form shows a field's first sentence; the Reference tab has all of it.
function firstSentence(text) {
  const match = text.match(/^.*?[.!?](?=\s|$)/s);
  return match ? match[0] : text;
}

function control(field, id) {
  const common = {id, name: field.path, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': `doc-${field.path} error-${field.path}`};
  if (field.type === 'array' || field.type === 'object' || field.type === 'any' ||
      (field.type === 'string' && field.max_length > 200)) {
    return el('textarea', {...common, rows: field.type === 'string' ? 3 : 2,
      placeholder: field.type === 'array' ? 'one per line' : ''});
  }
  const input = el('input', {...common, type: 'text', inputmode: field.type === 'integer' ? 'numeric' : undefined});
  if (field.enum) input.setAttribute('list', `list-${field.path}`);
  return input;
}

export class InputsForm {
  constructor({fields, standIns, standInFields, message}) {
    this.fieldsNode = fields;
    this.standInsNode = standIns;
    this.standInFieldsNode = standInFields;
    this.messageNode = message;
    this.task = null;
    this.overridden = [];
    this.standInValues = new Map();
    this.fieldsNode.addEventListener('input', () => {
      this.refreshStandIns();
      this.summariseConnection();
    });
  }

  // Builds the form for `task`; `overridden` names the keys the sandbox
  // replaces in test requests.
  load(task, overridden) {
    this.task = task;
    this.overridden = overridden;
    this.standInValues.clear();
    const all = task.fields || [];
    // Containers such as `from` get no control of their own: their members do.
    this.fields = all.filter((f) => !all.some((g) => g.path.startsWith(`${f.path}.`)));
    const isConnection = (f) => ['connection', 'header'].includes(f.location);
    const inputs = this.fields.filter((f) => !isConnection(f));
    const connection = this.fields.filter(isConnection);
    // The connection (version, region, base URL, token) rarely changes: it
    // starts folded, with its current values in the summary line.
    this.fieldsNode.replaceChildren(
      this.fields.length ? '' : el('p', {class: 'hint'}, 'This task takes free-form inputs: write them in the workflow file.'),
      inputs.length ? el('fieldset', {class: 'group'}, el('legend', {}, 'Inputs'), inputs.map((f) => this.fieldRow(f))) : '',
      connection.length ? el('details', {class: 'group connection', id: 'connection'},
        el('summary', {}, el('span', {class: 'group-title'}, 'Connection'), el('span', {class: 'group-values', id: 'connection-values'})),
        connection.map((f) => this.fieldRow(f))) : '');
    this.summariseConnection();
    this.clearErrors();
    this.refreshStandIns();
  }

  summariseConnection() {
    const node = document.getElementById('connection-values');
    if (!node) return;
    const parts = this.fields.filter((f) => ['connection', 'header'].includes(f.location)).map((f) => {
      if (this.overridden.includes(f.path.split('.')[0])) return `${f.path}: sandbox`;
      const value = this.input(f.path).value.trim();
      if (!value) return '';
      return `${f.path}: ${f.secret ? (isWholeReference(value) ? value.replace(/^\$\{workflow\.secrets\.(.*)\}$/, 'secret $1') : '***') : value}`;
    }).filter(Boolean);
    node.textContent = parts.join(' · ');
  }

  fieldRow(field) {
    const id = `field-${field.path}`;
    const input = control(field, id);
    input.value = displayDefault(field);
    const facts = fieldFacts(field);
    const top = field.path.split('.')[0];
    const replaced = this.overridden.includes(top);
    return el('div', {class: 'field', dataset: {path: field.path}},
      el('div', {class: 'field-head'},
        el('label', {for: id}, field.path),
        el('span', {class: 'type'}, field.type + (field.items ? ` of ${field.items.type}` : '')),
        field.required ? el('span', {class: 'tag tag-required'}, 'required') : el('span', {class: 'tag'}, 'optional'),
        field.secret ? el('span', {class: 'tag tag-secret'}, 'secret') : '',
        replaced ? el('span', {class: 'tag tag-sandbox'}, 'set by the sandbox') : ''),
      input,
      field.enum ? el('datalist', {id: `list-${field.path}`}, field.enum.map((v) => el('option', {value: v}))) : '',
      el('div', {class: 'field-doc', id: `doc-${field.path}`, title: field.description || undefined},
        firstSentence(field.description || ''),
        facts.allowed ? el('span', {class: 'facts'}, ` Allowed: ${facts.allowed}.`) : '',
        facts.default ? el('span', {class: 'facts'}, ' Default: ', el('code', {}, facts.default), '.') : ''),
      el('div', {class: 'field-error', id: `error-${field.path}`, role: 'alert', hidden: true}));
  }

  input(path) {
    return document.getElementById(`field-${path}`);
  }

  // The `with:` values. For a workflow step, values equal to their default are
  // left out, so that the step says only what differs.
  values({forWorkflow = false} = {}) {
    const withValues = {};
    for (const field of this.fields) {
      const raw = this.input(field.path).value;
      if (forWorkflow && raw.trim() === displayDefault(field).trim()) continue;
      const value = readValue(field, raw);
      if (value !== undefined) setPath(withValues, field.path.split('.'), value);
    }
    return withValues;
  }

  // Every `${...}` in the form: [{text, inside, field}].
  references() {
    const found = new Map();
    for (const field of this.fields) {
      if (this.overridden.includes(field.path.split('.')[0])) continue;
      const raw = this.input(field.path).value;
      for (const match of raw.matchAll(REFERENCE)) {
        if (!found.has(match[0])) {
          found.set(match[0], {text: match[0], inside: match[1], field, whole: raw.trim() === match[0]});
        }
      }
    }
    return [...found.values()];
  }

  refreshStandIns() {
    const references = this.references();
    const wanted = new Set(references.map((r) => r.text));
    for (const row of [...this.standInFieldsNode.children]) {
      if (!wanted.has(row.dataset.reference)) row.remove();
    }
    const present = new Set([...this.standInFieldsNode.children].map((row) => row.dataset.reference));
    references.forEach((reference, index) => {
      if (present.has(reference.text)) return;
      const row = this.standInRow(reference, index);
      this.standInFieldsNode.append(row);
    });
    show(this.standInsNode, references.length > 0);
  }

  standInRow(reference, index) {
    const keys = referencePath(reference.inside);
    const id = `stand-in-${index}-${Date.now()}`;
    const row = el('div', {class: 'field stand-in', dataset: {reference: reference.text}});
    const label = el('label', {for: id}, el('code', {}, reference.text));
    if (keys[0] === 'workflow' && keys[1] === 'secrets') {
      row.append(el('div', {class: 'field-head'}, el('code', {}, reference.text)),
        el('div', {class: 'field-doc'}, `A secret: wf serve reads ${keys[2]} from its environment or --secrets-file. `
          + 'It is never shown; answers show *** instead.'));
      return row;
    }
    const supported = (keys[0] === 'workflow' && ['input', 'variables'].includes(keys[1]) && keys.length >= 3) ||
      (keys[0] !== 'workflow' && keys[1] === 'output' && keys.length >= 2);
    if (!supported) {
      row.append(el('div', {class: 'field-head'}, el('code', {}, reference.text)),
        el('div', {class: 'field-doc'}, 'Only a workflow run can give this a value.'));
      return row;
    }
    const input = el('input', {id, type: 'text', spellcheck: 'false', autocomplete: 'off',
      placeholder: `value for ${reference.field.path}`, dataset: {reference: reference.text}});
    input.value = this.standInValues.get(reference.text) ?? '';
    input.addEventListener('input', () => this.standInValues.set(reference.text, input.value));
    row.append(el('div', {class: 'field-head'}, label, el('span', {class: 'type'}, `for ${reference.field.path}`)), input);
    return row;
  }

  // {"input": {...}, "variables": {...}, "steps": {"ID": {...}}} for the references.
  standIns() {
    const result = {input: {}, variables: {}, steps: {}};
    for (const reference of this.references()) {
      const raw = this.standInValues.get(reference.text);
      if (raw === undefined || raw === '') continue;
      const keys = referencePath(reference.inside);
      let value = raw;
      if (reference.whole && ['integer', 'number'].includes(reference.field.type) && /^-?\d+(\.\d+)?$/.test(raw.trim())) {
        value = Number(raw.trim());
      } else if (reference.field.type !== 'string' && /^[[{]/.test(raw.trim())) {
        // A stand-in for a string field stays text, as the field's own value does.
        try {
          value = JSON.parse(raw);
        } catch { /* keep the text */ }
      }
      if (keys[0] === 'workflow') setPath(result[keys[1] === 'input' ? 'input' : 'variables'], keys.slice(2), value);
      else setPath(result.steps, [keys[0], ...keys.slice(2)], value);
    }
    return result;
  }

  clearErrors() {
    for (const node of this.fieldsNode.querySelectorAll('.field-error')) {
      node.hidden = true;
      node.textContent = '';
      node.classList.remove('warning');
    }
    for (const node of this.fieldsNode.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    this.message('');
  }

  // The field a path such as "from.type", "attachment_urls[2]" or "from" belongs to.
  fieldFor(path) {
    if (!path) return null;
    let candidate = path;
    while (candidate) {
      if (this.fields.some((f) => f.path === candidate)) return candidate;
      const member = this.fields.find((f) => f.path.startsWith(`${candidate}.`));
      if (member) return member.path;
      const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
      candidate = cut > 0 ? candidate.slice(0, cut) : '';
    }
    return null;
  }

  // Shows each {path, message} beside its field; returns the messages that
  // belong to no field.
  showErrors(errors, {warning = false} = {}) {
    const unplaced = [];
    let first = null;
    for (const error of errors || []) {
      const path = this.fieldFor(error.path);
      if (!path) {
        unplaced.push(error.message);
        continue;
      }
      const node = document.getElementById(`error-${path}`);
      node.textContent = node.textContent ? `${node.textContent} ${error.message}` : error.message;
      node.classList.toggle('warning', warning);
      node.hidden = false;
      const folded = node.closest('details');
      if (folded) folded.open = true;
      if (!warning) {
        this.input(path).setAttribute('aria-invalid', 'true');
        first = first || this.input(path);
      }
    }
    if (first) first.scrollIntoView({block: 'center', behavior: 'smooth'});
    return unplaced;
  }

  message(text) {
    this.messageNode.textContent = text;
    show(this.messageNode, Boolean(text));
  }
}
