// Judges the requests wf sends with an independent validator: Stoplight Prism
// mocks Intercom's published 2.12 description on a loopback port and refuses
// (422) any request that breaks its schema. The description gives from.id both
// `format: uuid` and a length of 24, which no Intercom id satisfies, so that
// one line is dropped in a temporary copy.
//
//   node tests/prism/prism.test.mjs BUILD_DIR
// Exit 0: passed; 1: failed; 77: skipped (Prism or the description missing).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const build = path.resolve(process.argv[2] || path.join(root, 'build'));
const wf = path.join(build, 'bin', 'wf');
const prismBin = path.join(here, 'node_modules', '.bin', 'prism');
const specCandidates = [
  process.env.WF_INTERCOM_OPENAPI,
  path.join(root, '..', 'shared', 'intercom', 'openapi', 'intercom-api-2.12.yaml'),
].filter(Boolean);
const spec = specCandidates.find((p) => fs.existsSync(p));
if (!fs.existsSync(prismBin) || !spec) {
  console.log(`skipped: ${!spec ? 'Intercom 2.12 description not found' : 'prism not installed (npm ci in tests/prism)'}`);
  process.exit(77);
}

// The temporary copy without from.id's contradictory `format: uuid`.
const lines = fs.readFileSync(spec, 'utf8').split('\n');
const start = lines.findIndex((l) => l.trim() === 'create_conversation_request:');
const uuid = lines.findIndex((l, i) => i > start && l.trim() === 'format: uuid');
if (start < 0 || uuid < 0 || uuid - start > 40) throw new Error('cannot find from.id format line in the description');
lines.splice(uuid, 1);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-prism-'));
const patched = path.join(tmp, 'intercom-api-2.12.yaml');
fs.writeFileSync(patched, lines.join('\n'));

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const port = await freePort();
const prism = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), patched], { stdio: ['ignore', 'pipe', 'pipe'] });
let prismLog = '';
prism.stdout.on('data', (d) => { prismLog += d; });
prism.stderr.on('data', (d) => { prismLog += d; });
const deadline = Date.now() + 60000;
while (!/Prism is listening/.test(prismLog)) {
  if (Date.now() > deadline || prism.exitCode !== null) {
    console.error(prismLog);
    throw new Error('prism did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, INTERCOM_ACCESS_TOKEN: 'prism-check-token-0123456789' };

let failures = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${name}`);
  if (!ok) { failures++; console.log(detail); }
}
function testRequest(withArgs) {
  const args = ['test-request', 'intercom.create_conversation', '--json', '--with', `base_url=${base}`];
  for (const w of withArgs) args.push('--with', w);
  const r = spawnSync(wf, args, { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: (() => { try { return JSON.parse(r.stdout); } catch { return null; } })() };
}

const cases = [
  ['a minimal request', ['from.type=user', 'from.id=6762f0a21bb69f9f2193bb01', 'body=Hello there']],
  ['every body field', ['from.type=lead', 'from.id=6762f0a21bb69f9f2193bb11', 'body=Quotes " and \\ and é and a\nnew line',
    'created_at=1671028894', 'attachment_urls=[https://example.com/a.png, https://example.com/b.png]', 'message_type=inapp']],
  ['an email with a subject', ['from.type=contact', 'from.id=6762f0a21bb69f9f2193bb02', 'body=Hi', 'message_type=email', 'subject=Thanks']],
  ['another API version', ['from.type=user', 'from.id=6762f0a21bb69f9f2193bb01', 'body=Hi', 'intercom_version=2.11']],
];
for (const [name, withArgs] of cases) {
  const r = testRequest(withArgs);
  const status = r.json && r.json.response ? r.json.response.status : null;
  check(`Prism accepts ${name}`, r.code === 0 && status === 200, JSON.stringify(r.json && r.json.response, null, 2) || r.err);
}

// The validator is real: a request that breaks the schema is refused.
const bad = spawnSync(wf, ['test-request', 'http', '--json', '--with', `url=${base}/conversations`, '--with', 'method=POST',
  '--with', 'headers={Authorization: Bearer x, Accept: application/json, Intercom-Version: "2.12"}',
  '--with', 'body={from: {type: robot, id: short}}'], { env, encoding: 'utf8' });
const badJson = (() => { try { return JSON.parse(bad.stdout); } catch { return null; } })();
check('Prism refuses a request that breaks the schema', badJson && badJson.response && badJson.response.status === 422,
  bad.stdout || bad.stderr);

prism.kill('SIGTERM');
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
