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

/**
 * What the simulator's former hand-written validation refused is still refused, now by check's
 * rules: a gap here once let a DaemonSet without containers in, whose pods "succeeded" at once and
 * were recreated without end (the type-confusion fuzz ran for minutes).
 */
test('the API server refuses what its validation always refused, in its words', () => {
  const behaviour = createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 });
  const c = [{ name: 'c', image: 'nginx:1.27' }];
  const tpl = (spec: object, labels: object = { app: 'a' }) => ({ metadata: { labels }, spec: { containers: c, ...spec } });
  const dep = (spec: object) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'a' } }, template: tpl({}), ...spec } });
  const pod = (spec: object, metadata: object = { name: 'p' }) => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: c, ...spec } });
  const svc = (spec: object) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });
  const cases: [object, string][] = [
    [pod({}, {}), 'Pod "" is invalid: metadata.name: Required value: name or generateName is required'],
    [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [] } } } }, 'DaemonSet.apps "x" is invalid: spec.template.spec.containers: Required value'],
    [dep({ template: { metadata: { labels: { app: 'a' } } } }), 'Deployment.apps "d" is invalid: spec.template.spec.containers: Required value'],
    [pod({ containers: [] }), 'Pod "p" is invalid: spec.containers: Required value'],
    [dep({ selector: {} }), 'Deployment.apps "d" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    [dep({ template: tpl({ restartPolicy: 'Never' }) }), 'Deployment.apps "d" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    [dep({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }), 'Deployment.apps "d" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    [dep({ progressDeadlineSeconds: 5, minReadySeconds: 10 }), 'Deployment.apps "d" is invalid: spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds'],
    [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: c } } } }, 'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    [pod({ containers: [{ name: 'c', image: 'n' }, { name: 'c', image: 'm' }] }), 'Pod "p" is invalid: spec.containers[1].name: Duplicate value: "c"'],
    [pod({ containers: [{ name: 'c', image: 'n', ports: [{ containerPort: 0 }] }] }), 'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Required value'],
    [pod({ containers: [{ name: 'c', image: 'n', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] }), 'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    [svc({}), 'Service "s" is invalid: spec.ports: Required value'],
    [svc({ ports: [{ port: 80 }, { port: 81 }] }), 'Service "s" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]'],
    [svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 100 }] }), 'Service "s" is invalid: spec.ports[0].nodePort: Invalid value: 100: provided port is not in the valid range. The range of valid ports is 30000-32767'],
  ];
  for (const [obj, message] of cases) {
    const sim = createSimulation({ objects: [], behaviour, horizon: 1 });
    assert.throws(() => applyObject(sim.core, structuredClone(obj) as Record<string, unknown>), (e: unknown) => e instanceof ApiError && e.reason === 'Invalid' && e.message === message, message);
  }
  // A headless Service needs no ports; an empty initContainers list is fine; a volume with a name
  // only is defaulted to an emptyDir (SetDefaults_Volume), not refused.
  const sim = createSimulation({ objects: [], behaviour, horizon: 1 });
  applyObject(sim.core, svc({ clusterIP: 'None' }) as Record<string, unknown>);
  applyObject(sim.core, pod({ initContainers: [] }) as Record<string, unknown>);
  const { obj } = applyObject(sim.core, pod({ volumes: [{ name: 'data' }] }, { name: 'v' }) as Record<string, unknown>);
  // (The ServiceAccount plugin's token volume follows it.)
  assert.deepEqual(obj.spec.volumes[0], { name: 'data', emptyDir: {} });
  assert.match(obj.spec.volumes[1].name, /^kube-api-access-[a-z0-9]{5}$/);
});
