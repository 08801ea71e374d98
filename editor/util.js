// Small helpers shared by the editor's modules: building DOM nodes, talking to
// the wf serve JSON API, and keyboard-friendly tabs.

// el('div', {class: 'x', onclick: f}, child, 'text', ...) -> HTMLElement.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

export function show(node, visible) {
  node.hidden = !visible;
}

// Values as people read them: strings as they are, the rest as JSON.
export function plain(value) {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function pretty(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

let csrfToken = document.querySelector('meta[name="wf-csrf"]')?.content || '';

// The CSRF token, from the page or (when the page was not served by wf serve
// with its token filled in) from /api/session.
export function setCsrfToken(token) {
  csrfToken = token;
}
export function csrfFromPage() {
  return csrfToken && !csrfToken.startsWith('{{') ? csrfToken : '';
}

// Calls the API; resolves to {status, body}. Never rejects for HTTP errors:
// the caller looks at status and body.error.
export async function api(method, path, body) {
  const options = {method, headers: {Accept: 'application/json'}, credentials: 'same-origin'};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  if (method !== 'GET') options.headers['X-WF-CSRF'] = csrfToken;
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    return {status: 0, body: {error: `The wf server did not answer (${error.message}). Is wf serve still running?`}};
  }
  let parsed;
  try {
    parsed = await response.json();
  } catch {
    parsed = {error: `The server answered HTTP ${response.status} without JSON.`};
  }
  return {status: response.status, body: parsed};
}

// Wires a role=tablist: click or arrow keys select a tab and show its panel.
export function setupTabs(tablist) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab, false);
  });
  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    let next = null;
    if (event.key === 'ArrowRight') next = tabs[(index + 1) % tabs.length];
    if (event.key === 'ArrowLeft') next = tabs[(index - 1 + tabs.length) % tabs.length];
    if (event.key === 'Home') next = tabs[0];
    if (event.key === 'End') next = tabs[tabs.length - 1];
    if (next) {
      event.preventDefault();
      select(next, true);
    }
  });
  return {select: (id) => select(document.getElementById(id), false)};
}
