import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { checkFiles } from '../../server/src/engine/check';
import { normalizeSettings } from '../../server/src/engine/config';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';

/**
 * The production profile on real public manifests (../shared/corpora): every finding it adds over
 * the learner profile was reviewed, and belongs to one of the classes below, each a statement a
 * reviewer agrees with about the example (the corpus is documentation and demos, not hardened
 * production configuration). A new class, or a finding outside them, fails the test for review.
 */

const corpora = join(__dirname, '..', '..', '..', 'shared', 'corpora');

const REVIEWED: Record<string, string> = {
  'resources-missing': 'containers of the examples without requests or a memory limit (most demos leave them out)',
  'probes-missing': 'serving containers (a containerPort) of Deployments, StatefulSets, DaemonSets and RCs without a readiness probe',
  'naked-pod': 'bare Pods: most kubernetes.io examples are single Pods',
  'host-path-volume': 'hostPath volumes: node agents (DaemonSets of monitoring vendors), storage and volume examples',
  'host-namespaces': 'hostNetwork/hostPID/hostIPC of node agents (newrelic, sysdig) and networking examples',
  'host-port': 'hostPort in old examples (tomcat sidecar, mongo, storm, minio, sysdig, flocker)',
  'privileged-container': 'privileged node agents, an NFS server, an init container that sets sysctls',
  'secret-in-env': 'literal passwords, access keys and API-key placeholders in env values (MySQL, MinIO, Galera, Sysdig, shopping assistant)',
  'rbac-wildcard': 'the prometheus-adapter ClusterRole of the vLLM HPA example grants "*" resources and verbs',
  'single-replica': 'Deployments with one replica and no HorizontalPodAutoscaler scaling them',
  'hpa-single-min-replica': 'HorizontalPodAutoscalers with minReplicas 1 (php-apache, vLLM)',
};

function workspaceOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] === 'kubernetes-examples') return parts.slice(0, 3).join('/');
  if (parts[0] === 'microservices-demo') return parts.slice(0, 2).join('/');
  return rel;
}

test('production profile on the corpus: every added finding is in a reviewed class; values of secrets never printed', (t) => {
  if (!existsSync(corpora)) {
    t.skip('production profile sweep: ../shared not present');
    return;
  }
  const groups = new Map<string, YamlFile[]>();
  const texts = new Map<string, string>();
  for (const path of walkManifestFiles(corpora)) {
    const rel = relative(corpora, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    texts.set(path, text);
    const g = workspaceOf(rel);
    groups.set(g, [...(groups.get(g) ?? []), parseYamlFile(path, text)]);
  }
  const key = (uri: string, f: { code: string; range: { start: { line: number; character: number } } }) => `${uri}:${f.range.start.line}:${f.range.start.character}:${f.code}`;
  const learner = new Set<string>();
  const added = new Map<string, number>();
  const outside: string[] = [];
  for (const files of groups.values()) {
    for (const [uri, fs] of checkFiles(files)) for (const f of fs) learner.add(key(uri, f));
    for (const [uri, fs] of checkFiles(files, { settings: normalizeSettings({ profile: 'production' }) })) {
      for (const f of fs) {
        if (learner.has(key(uri, f))) continue;
        added.set(f.code, (added.get(f.code) ?? 0) + 1);
        if (!REVIEWED[f.code]) outside.push(`${relative(corpora, uri)}:${f.range.start.line + 1} ${f.code} ${f.message}`);
        if (f.code === 'secret-in-env' || f.code === 'secret-in-configmap') {
          const line = texts.get(uri)!.split('\n')[f.range.start.line];
          const value = /value:\s*"?([^"\s#]+)/.exec(line)?.[1];
          if (value && value.length > 3) assert.ok(!f.message.includes(value), `the message of ${f.code} shows the value: ${f.message}`);
        }
      }
    }
  }
  t.diagnostic(`production adds: ${[...added].sort().map(([c, n]) => `${c} ${n}`).join(', ')}`);
  assert.deepEqual(outside, [], 'findings outside the reviewed classes');
  assert.ok((added.get('resources-missing') ?? 0) > 0 && (added.get('secret-in-env') ?? 0) > 0, 'the sweep ran');
});
