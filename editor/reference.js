// The task's reference (every field, the headers, the outputs, the errors) and
// its prepared request settings, both drawn from the task's describe JSON.
import {el, plain, pretty} from './util.js';

function allowedText(field) {
  const parts = [];
  if (field.enum) parts.push(field.enum.join(', '));
  if (field.min_length !== undefined) parts.push(`at least ${field.min_length} character${field.min_length === 1 ? '' : 's'}`);
  if (field.max_length !== undefined) parts.push(`at most ${field.max_length} characters`);
  if (field.minimum !== undefined && field.maximum !== undefined) parts.push(`${field.minimum} to ${field.maximum}`);
  else if (field.minimum !== undefined) parts.push(`from ${field.minimum}`);
  if (field.max_items !== undefined) parts.push(`at most ${field.max_items} items`);
  if (field.format) parts.push(field.format);
  return parts.join('; ');
}

export function fieldFacts(field) {
  return {allowed: allowedText(field), default: field.default === undefined ? '' : plain(field.default)};
}

function table(caption, head, rows) {
  return el('table', {class: 'ref'},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, rows));
}

function headerRows(request) {
  return (request.headers || []).map((h) => el('tr', {},
    el('td', {}, el('code', {}, h.name)),
    el('td', {}, el('code', {}, h.value)),
    el('td', {}, h.default === undefined ? '' : el('code', {}, plain(h.default))),
    el('td', {}, h.secret ? 'secret, always shown as ***' : '')));
}

export function renderReference(pane, task) {
  const fields = task.fields || [];
  // One block per field rather than a wide table: the column is narrow and
  // the descriptions are long.
  const fieldBlocks = fields.map((f) => {
    const facts = fieldFacts(f);
    return el('div', {class: 'ref-field', dataset: {path: f.path}},
      el('div', {class: 'ref-head'},
        el('code', {class: 'ref-name'}, f.path),
        el('span', {class: 'type'}, f.type + (f.items ? ` of ${f.items.type}` : '')),
        f.required ? el('span', {class: 'tag tag-required'}, 'required') : el('span', {class: 'tag'}, 'optional'),
        f.secret ? el('span', {class: 'tag tag-secret'}, 'secret') : '',
        f.location ? el('span', {class: 'muted small'}, `in the ${f.location}`) : ''),
      (facts.allowed || facts.default) ? el('dl', {class: 'ref-facts'},
        facts.allowed ? [el('dt', {}, 'Allowed'), el('dd', {}, facts.allowed)] : '',
        facts.default ? [el('dt', {}, 'Default'), el('dd', {}, el('code', {}, facts.default))] : '') : '',
      f.description ? el('p', {class: 'ref-desc'}, f.description) : '');
  });
  const outputRows = (task.outputs || []).map((o) => el('tr', {},
    el('td', {}, el('code', {}, o.name)), el('td', {}, o.type), el('td', {class: 'desc'}, o.description || '')));
  const errorRows = (task.errors || []).map((e) => el('tr', {},
    el('td', {}, String(e.status)), el('td', {}, el('code', {}, e.code)),
    el('td', {class: 'desc'}, e.meaning), el('td', {}, e.retry)));
  pane.replaceChildren(
    task.description ? el('p', {class: 'lead'}, task.description) : '',
    el('h3', {class: 'sub'}, 'Fields (the keys of with:)'),
    el('div', {class: 'ref-fields'}, fieldBlocks),
    task.request?.headers?.length ? table('Headers', ['Header', 'Value', 'Default', ''], headerRows(task.request)) : '',
    outputRows.length ? table('Outputs', ['Output', 'Type', 'Description'], outputRows) : '',
    errorRows.length ? table('Errors', ['Status', 'Code', 'Meaning', 'Retry'], errorRows) : '',
    task.docs_url ? el('p', {class: 'muted'}, 'Built from ', el('a', {href: task.docs_url, target: '_blank', rel: 'noreferrer'}, task.docs_url)) : '');
}

export function renderRequestSettings(pane, task) {
  const request = task.request || {};
  const baseUrls = Object.entries(request.base_urls || {});
  pane.replaceChildren(
    el('div', {class: 'request-line'},
      el('span', {class: 'method'}, request.method || ''), el('code', {}, request.url || '')),
    baseUrls.length ? table('Base URL by region', ['Region', 'Base URL'],
      baseUrls.map(([region, url]) => el('tr', {}, el('td', {}, el('code', {}, region)), el('td', {}, el('code', {}, url))))) : '',
    table('Headers', ['Header', 'Value', 'Default', ''], headerRows(request)),
    el('h3', {class: 'sub'}, 'Body template'),
    el('pre', {class: 'code'}, pretty(request.body ?? '')),
    request.optional_body_fields?.length
      ? el('p', {class: 'muted'}, 'Left out of the body when not given: ', request.optional_body_fields.join(', ')) : '',
    el('p', {class: 'muted'}, request.idempotent === false
      ? 'Not idempotent: sending it twice creates two objects, so an unclear failure is not retried.'
      : `Idempotent: ${plain(request.idempotent)}`),
    task.allowed_origins?.length
      ? el('p', {class: 'muted'}, 'Test requests from the editor may go to: ', task.allowed_origins.join(', ')) : '');
}
