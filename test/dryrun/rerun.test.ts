import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLspClient, type LspClient } from '../support/server';
import { SIMULATE_REQUEST, TIME_REQUEST, type DryRunResult } from '../../server/src/engine/dryrun/protocol';

/**
 * Re-running the dry run in the language server after an edit: when the simulated input is the
 * last run's (runInputs.ts) and the session has not moved since, its simulation is reused, and
 * the result is the one a fresh run gives (lines, locations and refusals from the edited text).
 */

const deployment = (name: string, replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.27\n        readinessProbe:\n          httpGet:\n            path: /\n            port: 80\n`;
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n`;
const APP = [deployment('web', 2), service('web'), deployment('api', 1), service('api'), deployment('broken', 1).replace('nginx:1.27', 'nginx:no-such-tag')].join('---\n');
const BAD = deployment('bad', 1).replace('replicas: 1', 'replicas: one');

let client: LspClient;
let version = 1;

before(async () => {
  client = await startLspClient({
    prefix: 'kr-rerun-',
    files: (ws) => {
      writeFileSync(join(ws, 'app.yaml'), APP);
      writeFileSync(join(ws, 'bad.yaml'), BAD);
    },
  });
});

after(() => client?.stop());

const reuses = () => client.logs.filter((l) => /its simulation is reused/.test(l)).length;

async function run(params: Record<string, unknown> = {}): Promise<DryRunResult> {
  for (let i = 0; i < 100; i++) {
    const r = await client.conn.sendRequest<DryRunResult>(SIMULATE_REQUEST, { scope: 'workspace', ...params });
    if (r.files.length >= 1) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`the workspace was never indexed: ${client.logs.join('')}`);
}

/** A fresh run of the current files: a run of other inputs in between, so the next one cannot reuse. */
async function freshRun(): Promise<DryRunResult> {
  await run({ seed: 7 });
  const before = reuses();
  const r = await run();
  assert.equal(reuses(), before, 'the run after another seed simulates again');
  return r;
}

/** Files whose predictions went away get an empty list: that depends on the run before, not on this one. */
const comparable = (r: DryRunResult) => JSON.stringify({ ...r, diagnostics: r.diagnostics.filter((d) => d.diagnostics.length > 0) });

async function edit(name: string, text: string): Promise<void> {
  const uri = client.uri(name);
  if (version === 1 || !openDocs.has(uri)) {
    openDocs.add(uri);
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++version, text } });
  } else await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
}
const openDocs = new Set<string>();

test('an edit that keeps the simulated input reuses the last simulation, and the result is a fresh run\'s', { timeout: 300_000 }, async () => {
  const first = await run();
  assert.ok(first.snapshot.pods.length >= 4, `${first.snapshot.pods.length} pods`);
  assert.ok((first.rejected ?? []).some((r) => r.uri === client.uri('bad.yaml')), 'bad.yaml is refused');
  const webAt = first.locations['Deployment//web'] ?? Object.entries(first.locations).find(([k]) => k.includes('web'))?.[1];
  assert.ok(webAt, 'the web Deployment has a location');

  // Comments and spacing above everything: every line moves, nothing simulated changes.
  const commented = `# the shop's services\n\n${APP.replace('replicas: 2', 'replicas:   2  # two for now')}`;
  await edit('app.yaml', commented);
  let before = reuses();
  const reused = await run();
  assert.equal(reuses(), before + 1, `the simulation is reused; the log says: ${client.logs.slice(-5).join(' | ')}`);
  const fresh = await freshRun();
  assert.equal(comparable(reused), comparable(fresh), 'the reused result is the fresh run\'s');
  assert.notDeepEqual(reused.locations, first.locations, 'locations follow the edited lines');
  assert.ok(reused.diagnostics.some((d) => d.uri === client.uri('app.yaml') && d.diagnostics.length > 0), 'the missing tag is predicted on the edited file');

  // The refused document edited and still refused: not simulated before or after.
  await edit('bad.yaml', `# still wrong\n${BAD.replace('nginx:1.27', 'nginx:1.26')}`);
  await run(); // the fresh run above ran last: this one reuses it
  before = reuses();
  await edit('bad.yaml', `# still wrong, again\n\n${BAD.replace('nginx:1.27', 'nginx:1.25')}`);
  const refusedAgain = await run();
  assert.equal(reuses(), before + 1, 'an edit of a refused document reuses the simulation');
  assert.equal(comparable(refusedAgain), comparable(await freshRun()), 'and gives the fresh run\'s result');
  assert.ok((refusedAgain.rejected ?? []).some((r) => r.uri === client.uri('bad.yaml') && r.range?.start.line === 7), `the refusal is placed on the edited text: ${JSON.stringify(refusedAgain.rejected)}`);

  // A simulated value changes: the whole run again.
  await edit('app.yaml', commented.replace('replicas: 1', 'replicas: 2'));
  before = reuses();
  const scaled = await run();
  assert.equal(reuses(), before, 'a changed replica count simulates again');
  assert.ok(scaled.snapshot.pods.length > reused.snapshot.pods.length, 'with one more pod');

  // The session moved (time control): the same inputs are simulated again.
  await client.conn.sendRequest(TIME_REQUEST, { action: 'seek', time: 5 });
  before = reuses();
  await run();
  assert.equal(reuses(), before, 'a session moved by the time controls is not reused');
});
