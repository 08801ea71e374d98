// The editor in a real headless Chromium: search, pick the task, read its
// reference, fill the form, see a field error beside its field, Preview, Test
// request against the built-in sandbox, see the conversation id, Add to
// workflow, and check the file on disk with `wf validate`.
//
//   node editor.test.mjs [BUILD_DIR]      (default: ../../build, or $WF_BUILD_DIR)
//
// Exits 77 (CTest's SKIP_RETURN_CODE) when Chromium or node_modules is missing;
// scripts/install-browser-deps installs both. Leaves a screenshot of the filled
// page and its response in BUILD_DIR/artifacts/editor.png; with
// WF_UPDATE_DOCS_SCREENSHOT=1 it also refreshes docs/editor.png.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(here, '../..');
const build = path.resolve(process.argv[2] || process.env.WF_BUILD_DIR || path.join(source, 'build'));
const wf = path.join(build, 'bin/wf');
const chromiumPath = process.env.WF_CHROMIUM || '/usr/bin/chromium';
const SKIP = 77;

for (const [what, where] of [['Chromium', chromiumPath], ['node_modules (npm ci)', path.join(here, 'node_modules/playwright-core')]]) {
  if (!fs.existsSync(where)) {
    console.log(`SKIPPED: ${what} is missing at ${where}; run scripts/install-browser-deps`);
    process.exit(SKIP);
  }
}
if (!fs.existsSync(wf)) {
  console.error(`${wf} is missing: build wf first`);
  process.exit(1);
}
const {chromium} = await import('playwright-core');

const LEAD_ID = '6762f0a21bb69f9f2193bb11';
const TASK_TITLE = 'Intercom: Create Conversation';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts `wf serve` and resolves once it printed its address.
function startServer(port, workflows) {
  const child = spawn(wf, ['serve', '--sandbox', '--port', String(port), '--workflows', workflows],
    {stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wf serve did not start:\n${output}`)), 15000);
    const read = (chunk) => {
      output += chunk;
      const editor = output.match(/the editor is at (http:\/\/\S+)/);
      const sandbox = output.match(/local sandbox at (http:\/\/\S+)/);
      if (editor && sandbox) {
        clearTimeout(timer);
        resolve({child, url: editor[1], sandboxUrl: sandbox[1], output: () => output});
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`wf serve exited with ${code}:\n${output}`)));
  });
}

async function sandboxRequests(sandboxUrl) {
  const response = await fetch(`${sandboxUrl}/__sandbox/requests`);
  return response.json();
}

let server;
// Never leave a wf serve behind, even when the test is killed by its timeout.
process.on('exit', () => server?.child.exitCode === null && server.child.kill('SIGKILL'));
let browser;
let page;
let workflows;
const pageErrors = [];

before(async () => {
  workflows = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-browser-'));
  fs.cpSync(path.join(source, 'workflows'), workflows, {recursive: true});
  server = await startServer(await freePort(), workflows);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  page = await browser.newPage({viewport: {width: 1280, height: 800}});
  page.setDefaultTimeout(10000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  if (server) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, `wf serve should stop cleanly on SIGTERM:\n${server.output()}`);
  }
  if (workflows) fs.rmSync(workflows, {recursive: true, force: true});
});

const field = (name) => page.locator(`[id="field-${name}"]`);
const fieldError = (name) => page.locator(`.field[data-path="${name}"] .field-error`);

test('the editor flow: search, reference, field error, preview, test request, add to workflow', async (t) => {
  await t.test('search finds the task and picking it shows its reference', async () => {
    await page.goto(server.url);
    await page.keyboard.press('/');
    await page.locator('#search').fill('create conversation');
    const option = page.locator('#task-list [role="option"]', {hasText: TASK_TITLE});
    await option.waitFor();
    await page.locator('#search').press('Enter');
    await page.locator('#task-title', {hasText: TASK_TITLE}).waitFor();

    await page.locator('#tab-reference').click();
    const reference = page.locator('#pane-reference');
    for (const text of ['from.type', 'user, lead, contact', 'attachment_urls', 'Intercom-Version', 'conversation_id']) {
      assert.ok((await reference.textContent()).includes(text), `the reference shows ${text}`);
    }
    await page.locator('#tab-request').click();
    const settings = await page.locator('#pane-request').textContent();
    assert.ok(settings.includes('POST') && settings.includes('{base_url}/conversations'));
    assert.ok(settings.includes('Authorization') && settings.includes('Bearer {access_token}'));
    await page.locator('#tab-inputs').click();
    assert.equal(await field('intercom_version').inputValue(), '2.12', 'defaults are filled in');
    assert.equal(await field('region').inputValue(), 'us');
  });

  await t.test('a field error shows beside its field and nothing is sent', async () => {
    await field('from.type').fill('robot');
    await field('from.id').fill(LEAD_ID);
    await field('body').fill('Hi! Thanks for signing up. Anything we can help with?');
    await page.locator('#send').click();
    const error = fieldError('from.type');
    await error.waitFor({state: 'visible'});
    assert.equal(await error.textContent(), "from.type is 'robot'; allowed: user, lead, contact");
    assert.equal(await field('from.type').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#resp-status').textContent(), 'Invalid inputs · nothing sent');
    assert.deepEqual(await sandboxRequests(server.sandboxUrl), []);
  });

  await t.test('a reference takes a stand-in value, and Preview shows the redacted request', async () => {
    await field('from.type').fill('lead');
    await field('from.id').fill('${workflow.input.lead_id}');
    const standIn = page.locator('#stand-in-fields input[data-reference="${workflow.input.lead_id}"]');
    await standIn.fill(LEAD_ID);
    await page.locator('#preview').click();
    await page.locator('#resp-status', {hasText: 'Preview · not sent'}).waitFor();
    assert.equal(await fieldError('from.type').isVisible(), false, 'the old error is gone');
    const request = await page.locator('#resp-request').textContent();
    assert.ok(request.includes(`POST ${server.sandboxUrl}/conversations`));
    assert.ok(request.includes('Authorization: Bearer ***'));
    assert.ok(request.includes(LEAD_ID), 'the stand-in value is used');
    assert.ok(!request.includes('sandbox-token'), 'the token is redacted');
    assert.deepEqual(await sandboxRequests(server.sandboxUrl), []);
  });

  await t.test('Test request sends to the sandbox and shows the conversation id', async () => {
    await page.locator('#send').click();
    await page.locator('#resp-status', {hasText: '200 OK'}).waitFor();
    const conversationId = await page.locator('dd[data-output="conversation_id"]').textContent();
    assert.match(conversationId, /^\S+$/);
    assert.match(await page.locator('#resp-elapsed').textContent(), /^\d+\.\d ms$/);
    assert.ok((await page.locator('#resp-body').textContent()).includes(`"conversation_id": "${conversationId}"`));
    await page.locator('#rtab-curl').click();
    assert.ok((await page.locator('#resp-curl').textContent()).startsWith('curl '));
    await page.locator('#rtab-body').click();
    const sent = await sandboxRequests(server.sandboxUrl);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].status, 200);

    await page.evaluate(() => { document.querySelector('.task').scrollTop = 0; });
    fs.mkdirSync(path.join(build, 'artifacts'), {recursive: true});
    const shot = path.join(build, 'artifacts/editor.png');
    await page.screenshot({path: shot});
    if (process.env.WF_UPDATE_DOCS_SCREENSHOT === '1') fs.copyFileSync(shot, path.join(source, 'docs/editor.png'));
  });

  await t.test('Add to workflow writes a step that passes wf validate', async () => {
    await page.locator('#add-workflow').selectOption('welcome_new_lead');
    await page.locator('#add-step-id').fill('greet_again');
    await page.locator('#add-out-conversation_id').check();
    await page.locator('input[data-variable="conversation_id"]').fill('editor_conversation_id');
    await page.locator('#add-step').click();
    await page.locator('#add-message.ok').waitFor();
    assert.match(await page.locator('#add-message').textContent(), /Added step 'greet_again' to welcome_new_lead\.yaml/);
    const added = await page.locator('#add-yaml .added').allTextContents();
    assert.ok(added.join('').includes('- id: greet_again'), 'the new step is highlighted');

    const file = path.join(workflows, 'welcome_new_lead.yaml');
    const yaml = fs.readFileSync(file, 'utf8');
    assert.equal(await page.locator('#add-yaml').textContent(), yaml);
    const start = yaml.indexOf('  - id: greet_again\n');
    assert.ok(start > 0, 'the step is in the file');
    const step = yaml.slice(start, yaml.indexOf('\noutputs:', start));
    assert.equal(step, [
      '  - id: greet_again',
      '    task: intercom.create_conversation',
      '    with:',
      '      from: {type: lead, id: "${workflow.input.lead_id}"}',
      '      body: Hi! Thanks for signing up. Anything we can help with?',
      '    set:',
      '      editor_conversation_id: "${greet_again.output.conversation_id}"',
    ].join('\n'), 'defaults and stand-in values are left out');
    const validate = spawnSync(wf, ['validate', file], {encoding: 'utf8'});
    assert.equal(validate.status, 0, `wf validate: ${validate.stdout}${validate.stderr}`);
  });

  await t.test('an invalid step is refused and the file is unchanged', async () => {
    const file = path.join(workflows, 'welcome_new_lead.yaml');
    const before = fs.readFileSync(file, 'utf8');
    await page.locator('#add-step-id').fill('greet_again');  // already taken
    await page.locator('#add-step').click();
    await page.locator('#add-message.bad').waitFor();
    assert.ok((await page.locator('#add-errors').textContent()).includes('greet_again'));
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  assert.deepEqual(pageErrors, [], 'the page raised no errors');
});
