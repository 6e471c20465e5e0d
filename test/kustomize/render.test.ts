import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Finding } from '../../server/src/engine/findings';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { checkFiles } from '../../server/src/engine/check';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';
import { checkWithKustomize, graphOf, rootLabel } from '../../server/src/engine/kustomize/checkBuilds';
import { RenderCache } from '../../server/src/engine/kustomize/render';
import { findKustomize } from '../../server/src/engine/kustomize/runner';
import { normalizeSettings } from '../../server/src/engine/config';

/**
 * Kustomizations checked through the real kustomize (kubectl kustomize or kustomize on PATH):
 * checking a root reports what checking `kubectl kustomize <root>` output reports, placed on the
 * source lines that say it.
 */

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test-fixtures', 'kustomize');
const corpora = join(root, '..', 'shared', 'corpora');
const tool = findKustomize();
const NO_TOOL = 'neither kustomize nor kubectl is on PATH: kustomize rendering not tested';

function read(dir: string): YamlFile[] {
  return walkManifestFiles(dir).map((p) => parseYamlFile(p, readFileSync(p, 'utf8')));
}

function brief(uri: string, f: Finding): string {
  return `${relative(fixtures, uri)}:${f.range.start.line + 1} ${f.code}`;
}

const TAG = / \(in the builds? of ([^)]*)\)$/;

/** `code message` of every finding the pipeline attributes to the build of `label`. */
function fromBuild(findings: Map<string, Finding[]>, label: string): Set<string> {
  const out = new Set<string>();
  for (const fs of findings.values()) {
    for (const f of fs) {
      const m = TAG.exec(f.message);
      if (m && m[1].split(', ').includes(label)) out.add(`${f.code} ${f.message.replace(TAG, '')}`);
    }
  }
  return out;
}

/** `code message` of every finding of `kubectl kustomize <dir>` output checked as a file. */
function direct(dir: string): Set<string> {
  const yaml = execFileSync(tool!.command, [...tool!.args, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const tmp = mkdtempSync(join(tmpdir(), 'kr-direct-'));
  try {
    const path = join(tmp, 'built.yaml');
    writeFileSync(path, yaml);
    const file = parseYamlFile(path, yaml);
    return new Set(checkFiles([file]).get(path)!.map((f) => `${f.code} ${f.message}`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function assertSameAsDirect(dir: string): Promise<number> {
  const files = read(dir);
  const result = await checkWithKustomize(files, { tool, baseDir: dir });
  let compared = 0;
  for (const b of result.builds) {
    const label = rootLabel(dir, b.root.dir);
    assert.equal(b.error, undefined, `${label} builds`);
    assert.deepEqual([...fromBuild(result.findings, label)].sort(), [...direct(b.root.dir)].sort(), `findings of ${label}`);
    compared++;
  }
  // Every finding lands in a workspace file, never in the rendered text.
  for (const uri of result.findings.keys()) assert.ok(!uri.startsWith('kustomize-build:'), uri);
  return compared;
}

test('roots are kustomizations nothing else names; bases and components are not roots', { skip: !tool && NO_TOOL }, () => {
  const graph = graphOf(read(fixtures));
  assert.deepEqual(graph.roots().map((r) => relative(fixtures, r.dir)), ['overlays/dev', 'overlays/prod']);
});

test('fixtures: each root reports what checking its kubectl kustomize output reports, on source lines', { skip: !tool && NO_TOOL }, async () => {
  assert.equal(await assertSameAsDirect(fixtures), 2);
  const result = await checkWithKustomize(read(fixtures), { tool, baseDir: fixtures });
  const all = [...result.findings].flatMap(([uri, fs]) => fs.map((f) => brief(uri, f)));
  assert.deepEqual(all.sort(), [
    // the service targets a port name the containers do not have: in both builds, on the base's line
    // (one finding each: the messages name each build's Deployment)
    'base/service.yaml:10 service-target-port',
    'base/service.yaml:10 service-target-port',
    // the inline JSON 6902 patch that sets imagePullPolicy: Sometimes
    'overlays/prod/kustomization.yaml:17 value-not-in-enum',
    // the strategic merge patch file sets requests above limits
    'overlays/prod/replicas.yaml:16 requests-exceed-limits',
  ]);
  const service = result.findings.get(join(fixtures, 'base/service.yaml'))!;
  assert.deepEqual(service.map((f) => TAG.exec(f.message)?.[1]).sort(), ['overlays/dev', 'overlays/prod']);
  assert.match(service.find((f) => f.message.includes('overlays/prod'))!.message, /Deployment prod-shop/);
  // The generated Secret and ConfigMap (with their hash suffixes) are what the Deployment refers to.
  assert.ok(![...result.findings.values()].flat().some((f) => f.code === 'missing-reference'));
});

test('corpora: every root builds and reports what its kubectl kustomize output reports', { skip: (!tool && NO_TOOL) || (!existsSync(corpora) && 'corpus sweep: ../shared not present') }, async () => {
  let compared = 0;
  for (const repo of ['microservices-demo', 'kubernetes-examples', 'k8s-website']) {
    const dir = join(corpora, repo);
    if (graphOf(read(dir)).size > 0) compared += await assertSameAsDirect(dir);
  }
  assert.ok(compared >= 5, `compared ${compared} roots`);
});

/**
 * No finding of the corpora's builds is loud. (In microservices-demo's memorystore and spanner test
 * builds a component deletes the redis-cart Deployment while the network-policies component keeps
 * its policy: a policy for pods that are not there, which nothing else comes close to, is quiet.)
 */
const TRUE_BUILD_FINDINGS = new Set<string>();

test('corpora checked with their kustomizations built: no false error or warning', { skip: (!tool && NO_TOOL) || (!existsSync(corpora) && 'corpus sweep: ../shared not present') }, async (t) => {
  const loudFindings: string[] = [];
  for (const repo of ['microservices-demo', 'kubernetes-examples', 'k8s-website']) {
    const dir = join(corpora, repo);
    if (graphOf(read(dir)).size === 0) continue;
    const result = await checkWithKustomize(read(dir), { tool, baseDir: dir });
    for (const [uri, fs] of result.findings) {
      for (const f of fs) {
        if (f.severity !== 'error' && f.severity !== 'warning') continue;
        const key = `${relative(corpora, uri)} ${f.code}`;
        t.diagnostic(`${relative(corpora, uri)}:${f.range.start.line + 1} ${f.severity} ${f.code} ${f.message}`);
        if (!TRUE_BUILD_FINDINGS.has(key)) loudFindings.push(key);
      }
    }
  }
  assert.deepEqual(loudFindings, []);
});

test('only an absolute kustomize is ever found: never one shipped in the workspace or on a relative PATH entry', { skip: process.platform === 'win32' && 'POSIX permissions' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-kbin-'));
  try {
    for (const name of ['kustomize', 'kubectl']) {
      writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, name), 0o755);
    }
    const relativeDir = relative(process.cwd(), dir);
    const found = findKustomize(undefined, { PATH: ['.', '', relativeDir].join(':') });
    assert.equal(found, undefined, 'relative PATH entries are skipped');
    assert.equal(findKustomize(join(relativeDir, 'kustomize'), { PATH: '' }), undefined, 'a relative configured path is refused');
    const absolute = findKustomize(join(dir, 'kubectl'), { PATH: '' });
    assert.equal(absolute?.label, 'kubectl kustomize');
    assert.ok(absolute!.args.includes('--enable-helm=false') && absolute!.args.includes('--enable-alpha-plugins=false'));
    assert.ok(!absolute!.args.some((a) => /=true$/.test(a)), 'nothing is switched on');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a build that fails shows kustomize\'s message on the line naming the culprit; remote bases are not fetched', { skip: !tool && NO_TOOL }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-kfail-'));
  try {
    mkdirSync(join(dir, 'missing'));
    writeFileSync(join(dir, 'missing', 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n  - no-such-file.yaml\n');
    writeFileSync(join(dir, 'missing', 'deployment.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    mkdirSync(join(dir, 'remote'));
    writeFileSync(join(dir, 'remote', 'kustomization.yaml'), 'resources:\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1\n');
    const started = Date.now();
    const result = await checkWithKustomize(read(dir), { tool, baseDir: dir });
    const missing = result.findings.get(join(dir, 'missing', 'kustomization.yaml'))!;
    assert.deepEqual(missing.map((f) => [f.code, f.range.start.line]), [['kustomize-build', 2]]);
    assert.match(missing[0].message, /failed for missing: .*no-such-file\.yaml/);
    const remote = result.findings.get(join(dir, 'remote', 'kustomization.yaml'))!;
    assert.deepEqual(remote.map((f) => [f.code, f.range.start.line]), [['kustomize-build', 1]]);
    assert.ok(Date.now() - started < 15_000, 'a remote base fails at once, without the network');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('renders are cached by the content of the files a build reads', { skip: !tool && NO_TOOL }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-kcache-'));
  try {
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - cm.yaml\nnamePrefix: a-\n');
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n');
    const cache = new RenderCache();
    const graph = () => graphOf(read(dir));
    const first = await cache.render(tool!, graph(), graph().roots()[0]);
    assert.equal(await cache.render(tool!, graph(), graph().roots()[0]), first, 'same files: the same render');
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n');
    const second = await cache.render(tool!, graph(), graph().roots()[0]);
    assert.notEqual(second, first);
    assert.equal(second.file!.docs[0].name, 'a-two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A finding two builds share names both, in the same words on every run. Builds run concurrently,
 * and on a busy machine the build with origin annotations can fail once (its time limit); before,
 * that build's findings then moved to its kustomization, so the shared finding named whichever
 * build had not failed: it alternated from run to run. A tool that fails the first annotated build
 * it is asked for (whichever root that is) stands in for the busy machine.
 */
test('a finding shared by two builds is attributed the same way on every run, even when one build is slow to annotate', { skip: !tool && NO_TOOL }, async () => {
  const dir = join(root, 'test-fixtures', 'kustomize-shared');
  const state = mkdtempSync(join(tmpdir(), 'kr-kflaky-'));
  try {
    const script = join(state, 'flaky-kustomize');
    // kustomize runs with a bare environment: the state folder is written into the script.
    writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do last="$a"; done\ncase "$last" in *kube-rehearsal-kustomize-*) if mkdir ${JSON.stringify(join(state, 'failed-once'))} 2>/dev/null; then echo "Error: simulated time limit" >&2; exit 1; fi;; esac\nexec ${JSON.stringify(tool!.command)} "$@"\n`);
    chmodSync(script, 0o755);
    const flaky = { ...tool!, command: script };
    const render = (m: Map<string, Finding[]>) =>
      [...m].flatMap(([uri, fs]) => fs.map((f) => `${relative(dir, uri)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`)).sort();
    const expected = render((await checkWithKustomize(read(dir), { tool, baseDir: dir })).findings);
    assert.deepEqual(expected.map((l) => l.replace(/ \S+ must be one of .*(\(in the builds of [^)]*\))$/, ' $1')), ['base/deployment.yaml:18:28 value-not-in-enum (in the builds of overlays/blue, overlays/green)']);
    const runs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      rmSync(join(state, 'failed-once'), { recursive: true, force: true });
      runs.push(render((await checkWithKustomize(read(dir), { tool: flaky, baseDir: dir })).findings));
      assert.ok(existsSync(join(state, 'failed-once')), 'the flaky tool failed one annotated build');
    }
    assert.deepEqual(runs[0], runs[1], 'two runs report the same');
    assert.deepEqual(runs[0], expected, 'a transient failure changes nothing');
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('builds are judged under the settings of the workspace: profile, rule levels, .kube-rehearsal.yaml', { skip: !tool && NO_TOOL }, async () => {
  const dir = join(root, 'test-fixtures', 'kustomize-patched');
  const codes = async (settings: Parameters<typeof normalizeSettings>[0], extra: YamlFile[] = []) => {
    const result = await checkWithKustomize([...read(dir), ...extra], { tool, baseDir: dir, settings: normalizeSettings(settings) });
    return [...result.findings.values()].flat().map((f) => `${f.code}${TAG.exec(f.message) ? ` (${TAG.exec(f.message)![1]})` : ''}`).sort();
  };
  // The overlay's patch gives the container its resources: production has nothing to say about them.
  const production = await codes({ profile: 'production' });
  assert.ok(!production.some((c) => c.startsWith('resources-missing')), production.join(', '));
  // Strict: the build's security checks, on the base's lines, naming the overlay.
  const strict = await codes({ profile: 'strict' });
  assert.ok(strict.includes('capabilities-not-dropped (overlay)'), strict.join(', '));
  assert.ok(strict.includes('image-latest-tag (overlay)'), strict.join(', '));
  // A rule the user turned off is off in the builds too.
  assert.ok(!(await codes({ profile: 'strict', rules: { 'image-latest-tag': 'off' } })).some((c) => c.startsWith('image-latest-tag')));
  // The repository's .kube-rehearsal.yaml profile applies to the builds.
  const config = parseYamlFile(join(dir, '.kube-rehearsal.yaml'), 'profile: strict\n');
  assert.ok((await codes({}, [config])).includes('capabilities-not-dropped (overlay)'));
  assert.ok(!(await codes({})).some((c) => c.startsWith('capabilities-not-dropped')), 'learner: none');
});
