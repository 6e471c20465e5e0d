import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkFiles } from '../../server/src/engine/check';
import { RULES } from '../../server/src/engine/rules/index';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';

/**
 * The semantic rules over every manifest in ../shared/corpora, through checkFiles (the same path
 * as the CLI and the server: patch files skipped, templated documents skipped).
 *
 * Workspaces are chosen the way people open these projects: microservices-demo and
 * kubernetes-examples as one workspace each; the kubernetes.io examples one file at a time
 * (each is a standalone snippet of a docs page), except the guestbook tutorial, whose files are
 * applied together.
 */

const CORPORA = join(__dirname, '..', '..', '..', 'shared', 'corpora');
const RULE_CODES = new Set(RULES.map((r) => r.id));

/** Real problems in upstream files, kept on purpose: `path:line code`. */
const KNOWN_UPSTREAM_PROBLEMS: Record<string, string> = {
  'k8s-website/content/en/examples/application/guestbook/frontend-service.yaml:19 service-selects-nothing':
    'the Service selects tier: frontend, but the frontend Deployment labels its pods app.kubernetes.io/component: frontend, so the Service has no endpoints',
};

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function load(paths: string[]): YamlFile[] {
  return paths.map((p) => parseYamlFile(pathToFileURL(p).toString(), readFileSync(p, 'utf8')));
}

test('semantic rules over ../shared/corpora: no warnings or errors beyond known upstream problems', (t) => {
  if (!existsSync(CORPORA)) {
    t.skip('corpus sweep: ../shared not present');
    return;
  }
  const workspaces: string[][] = [yamlFiles(join(CORPORA, 'microservices-demo')), yamlFiles(join(CORPORA, 'kubernetes-examples'))];
  const website = yamlFiles(join(CORPORA, 'k8s-website'));
  const guestbook = website.filter((p) => p.includes('/application/guestbook/'));
  workspaces.push(guestbook, ...website.filter((p) => !guestbook.includes(p)).map((p) => [p]));

  const unexpected: string[] = [];
  const seenKnown = new Set<string>();
  const infoCounts = new Map<string, number>();
  let documents = 0;
  for (const paths of workspaces) {
    const files = load(paths);
    documents += files.reduce((n, f) => n + f.docs.filter((d) => d.isKubernetes).length, 0);
    for (const [uri, findings] of checkFiles(files)) {
      const rel = relative(CORPORA, new URL(uri).pathname);
      for (const f of findings) {
        if (!RULE_CODES.has(f.code)) continue;
        if (f.severity === 'information' || f.severity === 'hint') {
          infoCounts.set(f.code, (infoCounts.get(f.code) ?? 0) + 1);
          continue;
        }
        const key = `${rel}:${f.range.start.line + 1} ${f.code}`;
        if (KNOWN_UPSTREAM_PROBLEMS[key]) seenKnown.add(key);
        else unexpected.push(`${key}: ${f.message}`);
      }
    }
  }
  t.diagnostic(`${documents} Kubernetes documents; information findings: ${JSON.stringify(Object.fromEntries([...infoCounts].sort()))}`);
  assert.ok(documents > 300, `expected the corpora to hold hundreds of documents, found ${documents}`);
  assert.deepEqual(unexpected, []);
  // A known problem that no longer fires means the rule changed: update the list.
  assert.deepEqual([...seenKnown].sort(), Object.keys(KNOWN_UPSTREAM_PROBLEMS).sort());
  // Information is allowed but must stay rare compared with the number of documents.
  const info = [...infoCounts.values()].reduce((a, b) => a + b, 0);
  assert.ok(info < documents / 2, `${info} information findings for ${documents} documents`);
});
