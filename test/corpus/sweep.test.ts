import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { checkFiles } from '../../server/src/engine/check';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';
import { findRemovedApi } from '../../server/src/engine/version/featureTable';
import type { Finding } from '../../server/src/engine/findings';


/**
 * A sweep over real public manifests (../shared/corpora). Every finding is reported. Files that
 * are valid upstream must produce no error or warning; documents of kubernetes-examples/_archived
 * that use removed APIs must be flagged as removed.
 */

const corpora = join(__dirname, '..', '..', '..', 'shared', 'corpora');

/**
 * Findings that are real mistakes in the corpus snapshot (the file was broken at the pinned
 * upstream commit), each checked by hand against the 1.36 API: they must keep being reported.
 */
const KNOWN_UPSTREAM_MISTAKES: Record<string, { code: string; why: string }> = {
  'k8s-website/content/en/examples/application/job/cronjob.yaml': { code: 'removed-api-version', why: 'batch/v1beta1 CronJob, removed in 1.25 (the snapshot predates the page update)' },
  'k8s-website/content/en/examples/pods/pod-with-node-affinity.yaml': { code: 'wrong-type', why: 'requiredDuringSchedulingIgnoredDuringExecution is a NodeSelector object, not a list of weighted preferences' },
  'k8s-website/content/en/examples/pods/probe/grpc-liveness.yaml': { code: 'unknown-field', why: 'the probe field is "grpc"; "gRPC" is rejected by strict field validation' },
};

/** Files checked together, as a user would open them: one example (or one repository part) at a time. */
function workspaceOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] === 'kubernetes-examples') return parts.slice(0, 3).join('/');
  if (parts[0] === 'microservices-demo') return parts.slice(0, 2).join('/');
  return rel; // k8s-website: every example stands alone
}

function toRel(p: string): string {
  return relative(corpora, p).split(sep).join('/');
}

test('corpus sweep: no false positives on real manifests, removed APIs flagged', (t) => {
  if (!existsSync(corpora)) {
    t.skip('corpus sweep: ../shared not present');
    return;
  }
  const groups = new Map<string, YamlFile[]>();
  for (const path of walkManifestFiles(corpora)) {
    const rel = toRel(path);
    const file = parseYamlFile(path, readFileSync(path, 'utf8'));
    const g = workspaceOf(rel);
    groups.set(g, [...(groups.get(g) ?? []), file]);
  }
  const all = new Map<string, Finding[]>();
  for (const files of groups.values()) for (const [uri, findings] of checkFiles(files)) all.set(toRel(uri), findings);

  let documents = 0;
  const lines: string[] = [];
  const falsePositives: string[] = [];
  const missedRemovals: string[] = [];
  const multipleNotes: string[] = [];
  for (const files of groups.values()) {
    for (const file of files) {
      const rel = toRel(file.uri);
      const findings = all.get(rel) ?? [];
      documents += file.docs.length;
      for (const f of findings) lines.push(`${rel}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}`);
      const archived = rel.startsWith('kubernetes-examples/_archived/');
      const known = KNOWN_UPSTREAM_MISTAKES[rel];
      if (known) assert.ok(findings.some((f) => f.code === known.code), `${rel} should still report ${known.code}: ${known.why}`);
      if (!archived) {
        for (const f of findings) {
          if ((f.severity === 'error' || f.severity === 'warning') && f.code !== known?.code) falsePositives.push(`${rel}:${f.range.start.line + 1} ${f.code} ${f.message}`);
        }
      }
      for (const doc of file.docs) {
        const line = file.lines.positionAt(doc.start).line;
        const end = file.lines.positionAt(doc.end).line;
        const inDoc = findings.filter((f) => f.range.start.line >= line && (f.range.start.line < end || doc.end === file.text.length));
        if (inDoc.filter((f) => f.code === 'custom-resource').length > 1) multipleNotes.push(`${rel}#${doc.index}`);
        if (archived && doc.isKubernetes && findRemovedApi(doc.apiVersion!, doc.kind!) && !inDoc.some((f) => f.code === 'removed-api-version')) {
          missedRemovals.push(`${rel}#${doc.index} ${doc.apiVersion} ${doc.kind}`);
        }
      }
    }
  }
  const removedFlagged = lines.filter((l) => l.includes('_archived/') && l.includes(' removed-api-version ')).length;
  t.diagnostic(`${all.size} files, ${documents} documents, ${lines.length} findings (${removedFlagged} removed APIs in _archived)`);
  for (const l of lines) t.diagnostic(l);
  assert.ok(removedFlagged >= 10, 'the archived examples use removed APIs');
  assert.deepEqual(falsePositives, [], 'errors or warnings on files that are valid upstream');
  assert.deepEqual(missedRemovals, [], 'archived documents using removed APIs that were not flagged');
  assert.deepEqual(multipleNotes, [], 'more than one custom-resource note on a document');
});
