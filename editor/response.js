// The response panel: status, elapsed time, mapped outputs, the answer's body
// and headers, the (redacted) request and its curl equivalent.
import {$, el, plain, pretty, show} from './util.js';

const REASONS = {200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout'};

function requestText(request) {
  if (!request) return '';
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers || {})) lines.push(`${name}: ${plain(value)}`);
  if (request.body !== undefined) lines.push('', pretty(request.body));
  if (request.body_text !== undefined) lines.push('', request.body_text);
  return lines.join('\n');
}

function headerRows(headers) {
  return Object.entries(headers || {}).map(([name, value]) =>
    el('tr', {}, el('th', {scope: 'row'}, name), el('td', {}, plain(value))));
}

export class ResponsePanel {
  constructor(tabs) {
    this.tabs = tabs;
    $('copy-curl').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText($('resp-curl').textContent);
        $('copy-curl').textContent = 'Copied';
      } catch {
        $('copy-curl').textContent = 'Select and copy';
      }
      setTimeout(() => { $('copy-curl').textContent = 'Copy'; }, 1500);
    });
  }

  clear() {
    show($('response-empty'), true);
    show($('response-view'), false);
  }

  status(text, kind) {
    const pill = $('resp-status');
    pill.textContent = text;
    pill.className = `pill pill-${kind}`;
  }

  messages(lines, kind) {
    const node = $('resp-message');
    node.replaceChildren(...lines.map((line) => el('p', {}, line)));
    node.className = `resp-message resp-${kind}`;
    show(node, lines.length > 0);
  }

  // A refusal or transport error: {error} with an HTTP status.
  showError(httpStatus, body) {
    show($('response-empty'), false);
    show($('response-view'), true);
    this.status(httpStatus === 403 ? 'Refused · nothing sent' : httpStatus ? `Error ${httpStatus}` : 'No answer', 'bad');
    $('resp-elapsed').textContent = '';
    $('resp-target').textContent = '';
    this.messages([body.error || 'The request failed.'], 'bad');
    show($('resp-outputs'), false);
    show($('resp-details'), false);
    $('resp-body').textContent = '';
    $('resp-headers').replaceChildren();
    $('resp-request').textContent = '';
    $('resp-curl').textContent = '';
  }

  // A test-request result (the JSON of `wf test-request --json`).
  show(result) {
    show($('response-empty'), false);
    show($('response-view'), true);
    const response = result.response;
    const state = result.state;
    if (state === 'succeeded') {
      this.status(`${response.status} ${REASONS[response.status] || ''}`.trim(), 'ok');
    } else if (state === 'prepared') {
      this.status('Preview · not sent', 'info');
    } else if (state === 'invalid') {
      this.status('Invalid inputs · nothing sent', 'warn');
    } else if (response) {
      this.status(`${response.status} ${REASONS[response.status] || ''}`.trim(), 'bad');
    } else {
      this.status('No response', 'bad');
    }
    $('resp-elapsed').textContent = result.elapsed_ms ? `${Number(result.elapsed_ms).toFixed(1)} ms` : '';
    $('resp-target').textContent = result.request
      ? `${result.request.method} ${result.request.url}${result.sandbox ? '  (sandbox)' : ''}` : '';

    const lines = [];
    if (result.error?.message) lines.push(result.error.message);
    if (state === 'invalid' && result.errors?.length) lines.push('Fix the fields marked in the form; nothing was sent.');
    for (const warning of result.warnings || []) lines.push(`Warning: ${warning.message}`);
    this.messages(lines, state === 'succeeded' || state === 'prepared' ? 'info' : 'bad');

    const outputs = Object.entries(result.outputs || {}).filter(([name]) => name !== 'response');
    $('resp-outputs-list').replaceChildren(...outputs.flatMap(([name, value]) => [
      el('dt', {}, name), el('dd', {dataset: {output: name}}, plain(value))]));
    show($('resp-outputs'), outputs.length > 0);

    if (response) {
      $('resp-body').textContent = pretty(response.body ?? '');
      $('resp-headers').replaceChildren(...headerRows(response.headers));
    } else if (result.request) {
      $('resp-body').textContent = `Not sent. The request body would be:\n\n${pretty(result.request.body ?? result.request.body_text ?? '')}`;
      $('resp-headers').replaceChildren(...headerRows(result.request.headers));
    } else {
      $('resp-body').textContent = '';
      $('resp-headers').replaceChildren();
    }
    show($('resp-details'), Boolean(response || result.request));
    $('resp-request').textContent = requestText(result.request);
    $('resp-curl').textContent = result.curl || '';
    this.tabs.select(state === 'prepared' ? 'rtab-request' : 'rtab-body');
  }
}
