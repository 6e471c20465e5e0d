import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkFile } from '../../server/src/engine/check';
import { isApiServerRejection } from '../../server/src/engine/apiServerValidation';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { applyObject } from '../../server/src/sim/apiserver/apply';
import { ApiError } from '../../server/src/sim/store/store';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';

/**
 * One API server: every document `check` reports an API-server rejection for is refused by the
 * simulated API server, and every document the simulated API server refuses has such a finding.
 * Over every manifest of the fixtures (each file checked on its own, as kubectl create -f sends it).
 */

const ROOT = join(__dirname, '..', '..', 'test-fixtures');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

const REFUSALS = new Set(['Invalid', 'BadRequest', 'NoMatch']);

test('check and the simulated API server agree on what the API server refuses, over the fixtures', () => {
  const behaviour = createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 });
  const disagreements: string[] = [];
  let refused = 0;
  let admitted = 0;
  for (const path of yamlFiles(ROOT)) {
    const file = parseYamlFile(`file://${path}`, readFileSync(path, 'utf8'));
    if (file.templated) continue;
    const findings = checkFile(file).filter(isApiServerRejection);
    for (const doc of file.docs) {
      // A kustomize patch (`$patch`, files a kustomization patches with) is not sent to the API server as it is.
      if (!doc.isKubernetes || doc.templated || doc.syntaxErrors.length || doc.kind === 'List' || doc.text.includes('$patch')) continue;
      const first = file.lines.positionAt(doc.start).line;
      const last = file.lines.positionAt(doc.end).line;
      const flagged = findings.filter((f) => f.range.start.line >= first && f.range.start.line <= last && (f.range.start.line < last || doc.end === file.text.length));
      const sim = createSimulation({ objects: [], behaviour, horizon: 1 });
      let refusal: ApiError | undefined;
      try {
        applyObject(sim.core, doc.value as Record<string, unknown>);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (REFUSALS.has(e.reason)) refusal = e;
      }
      const where = `${relative(ROOT, path)}:${first + 1} ${doc.kind} ${doc.name ?? ''}`;
      if (flagged.length && !refusal) disagreements.push(`${where}: check reports ${flagged.map((f) => f.code).join(', ')} but the API server admits it`);
      if (!flagged.length && refusal) disagreements.push(`${where}: the API server refuses it (${refusal.message}) but check reports nothing it rejects`);
      if (refusal) refused++;
      else admitted++;
    }
  }
  assert.deepEqual(disagreements, []);
  // The fixtures hold both: a test over only valid (or only invalid) documents would prove nothing.
  assert.ok(refused >= 20 && admitted >= 50, `refused ${refused}, admitted ${admitted}`);
});
