import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { createBehaviourModel, type ContainerStartSpec } from '../../server/src/sim/behaviour';

const PIECES = [
  'echo a', 'echo "$X"', 'sleep 1', 'sleep 7', 'date', 'touch /tmp/f', 'rm -f /tmp/f', 'cat /tmp/f', 'false', 'true',
  'X=$((X+1))', 'mkdir -p /tmp/d', 'ls /tmp', '[ -f /tmp/f ] && echo yes || echo no', 'printf "%s\\n" "$X"', 'exit 3',
  'for i in 1 2; do echo $i; sleep 2; done', 'while [ "$X" -lt 3 ]; do X=$((X+1)); sleep 1; done', 'while true; do echo loop; sleep 5; done',
  'if [ -e /tmp/f ]; then echo e; else echo n; fi', 'trap "echo bye; exit 0" TERM', 'sleep 30 & wait',
];

function snapshot(script: string, startedAt: number) {
  const model = createBehaviourModel();
  const spec: ContainerStartSpec = { name: 'c', image: 'busybox', command: ['sh', '-c', script], env: { X: '0' }, ports: [], podName: 'p' };
  const run = model.start(spec, startedAt, startedAt + 600);
  const probes = [5, 50, 400].map((t) => run.probe({ type: 'exec', command: ['cat', '/tmp/f'] }, startedAt + t));
  const logs = run.logEntries!(startedAt + 600);
  const term = run.terminate(startedAt + 100);
  return { exit: run.exit, readyAt: run.readyAt, probes, logs, term, assumptions: run.assumptions };
}

test('same inputs give the same logs, exits, probe results and termination', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 10_000 }), (pieces, startedAt) => {
      const script = pieces.join('; ');
      assert.deepEqual(snapshot(script, startedAt), snapshot(script, startedAt));
      // Log times never go backwards and never pass the horizon.
      const { logs } = snapshot(script, startedAt);
      for (let i = 1; i < logs.length; i++) assert.ok(logs[i].at >= logs[i - 1].at);
      assert.ok(logs.every((l) => l.at <= startedAt + 600));
    }),
    { numRuns: 150, seed: 42 },
  );
});

test('a start time shifts every log time and the exit by the same amount', () => {
  const a = snapshot('echo a; sleep 3; echo b; exit 2', 0);
  const b = snapshot('echo a; sleep 3; echo b; exit 2', 1000);
  assert.deepEqual(b.logs.map((l) => l.at - 1000), a.logs.map((l) => l.at));
  assert.equal(b.exit!.at - 1000, a.exit!.at);
});

test('every container in the shared corpora starts without errors and deterministically', (t) => {
  const root = join(__dirname, '../../../shared/corpora');
  if (!existsSync(root)) { t.skip('corpus sweep: ../shared not present'); return; }
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (/\.ya?ml$/.test(n)) files.push(p); } };
  walk(root);
  const containers: Record<string, any>[] = [];
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    const rec = o as Record<string, any>;
    if (Array.isArray(rec.containers)) for (const c of [...rec.containers, ...(rec.initContainers ?? [])]) if (c && typeof c.image === 'string') containers.push(c);
    for (const v of Object.values(rec)) visit(v);
  };
  for (const f of files) {
    try { for (const d of parseAllDocuments(readFileSync(f, 'utf8'))) visit(d.toJS()); } catch { /* not YAML this parser reads */ }
  }
  assert.ok(containers.length > 100);
  const model = createBehaviourModel();
  for (const c of containers) {
    const env: Record<string, string> = {};
    for (const e of c.env ?? []) if (e?.name) env[e.name] = typeof e.value === 'string' ? e.value : 'x';
    const spec: ContainerStartSpec = {
      name: String(c.name), image: c.image, command: c.command?.map(String), args: c.args?.map(String), env,
      ports: (c.ports ?? []).filter((p: any) => typeof p?.containerPort === 'number'),
      volumeMounts: (c.volumeMounts ?? []).map((v: any) => ({ mountPath: String(v.mountPath) })),
    };
    const one = model.start(spec, 0, 600);
    const two = model.start(spec, 0, 600);
    assert.deepEqual(one.logs(600), two.logs(600), c.image);
    assert.deepEqual(one.exit, two.exit, c.image);
    assert.ok(!one.logs(600).some((l) => /syntax error|bad substitution/.test(l)), `${c.image}: ${one.logs(600).join(' / ')}`);
  }
});
