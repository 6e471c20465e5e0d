import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { splitDocuments } from '../server/src/engine/yaml/documents';

/**
 * Benchmark inputs built from the real manifests in ../shared/corpora, repeated to size, written
 * to the git-ignored bench/work/ folder. Every repetition moves its namespaced objects to
 * namespaces of its own and renames its objects (`-r<k>` on metadata.name, or a `# copy k`
 * comment where there is no name), so that no document's text repeats: a server that caches by
 * text gets no free hits from the repetition.
 */

export const WORK_DIR = join(__dirname, 'work');
export const CORPORA_DIR = join(__dirname, '..', '..', 'shared', 'corpora');

export interface Workload {
  id: string;
  label: string;
  path: string;
  documents: number;
  lines: number;
  bytes: number;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
}

export function corpusFiles(): string[] {
  const out: string[] = [];
  if (existsSync(CORPORA_DIR)) walk(CORPORA_DIR, out);
  return out;
}

/** Documents of the corpus that look like Kubernetes objects, as text (each ending in a newline, no `---`). */
export function corpusDocuments(): string[] {
  const docs: string[] = [];
  for (const file of corpusFiles()) {
    const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    if (text.includes('{{')) continue; // Helm templates are not plain manifests
    for (const { start, end } of splitDocuments(text)) {
      let d = text.slice(start, end).replace(/^(?:---|\.\.\.)[^\n]*\n?/, '');
      if (!/^kind:/m.test(d) || !/^apiVersion:/m.test(d)) continue;
      if (!d.endsWith('\n')) d += '\n';
      docs.push(d);
    }
  }
  return docs;
}

let namespacedKinds: Map<string, boolean> | undefined;
function isNamespaced(kind: string): boolean | undefined {
  if (!namespacedKinds) {
    namespacedKinds = new Map();
    const index = JSON.parse(readFileSync(join(__dirname, '..', 'schemas', 'index.json'), 'utf8')).kinds as { kind: string; namespaced: boolean }[];
    for (const k of index) namespacedKinds.set(k.kind, k.namespaced);
  }
  return namespacedKinds.get(kind);
}

/**
 * Copy k of a namespaced object moves to namespace `<its namespace or default>-r<k>`: each copy
 * of the corpus is then a self-consistent set of objects in namespaces of its own, as a large
 * real repository would be, instead of k identical workloads fighting over the same pods.
 */
function moveNamespace(doc: string, copy: number): string {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(doc)?.[1];
  if (!kind || isNamespaced(kind) !== true) return doc;
  const meta = /^metadata:[ \t]*\n((?:[ \t]*#.*\n|[ \t]+.*\n)*)/m.exec(doc);
  if (!meta) return doc;
  const block = meta[1];
  const ns = /^([ \t]+)namespace:[ \t]*["']?([A-Za-z0-9.-]+)["']?[ \t]*$/m.exec(block);
  const at = meta.index + meta[0].length - block.length;
  if (ns) {
    const indent = ns[1];
    if (indent.length !== (/^([ \t]+)\S/m.exec(block)?.[1].length ?? -1)) return doc;
    const line = `${indent}namespace: ${ns[2]}-r${copy}`;
    return doc.slice(0, at + ns.index) + line + doc.slice(at + ns.index + ns[0].length);
  }
  const indent = /^([ \t]+)\S/m.exec(block)?.[1];
  if (!indent) return doc;
  return doc.slice(0, at) + `${indent}namespace: default-r${copy}\n` + doc.slice(at);
}

function renamed(doc: string, copy: number): string {
  if (copy === 0) return doc;
  doc = moveNamespace(doc, copy);
  const m = /^(metadata:\n(?:[ \t]*#.*\n|[ \t]+.*\n)*?[ \t]+name:[ \t]*)(["']?)([A-Za-z0-9.-]+)\2[ \t]*$/m.exec(doc);
  if (m) {
    const at = m.index + m[1].length;
    return doc.slice(0, at) + m[2] + `${m[3]}-r${copy}` + m[2] + doc.slice(at + m[2].length * 2 + m[3].length);
  }
  return `# copy ${copy}\n${doc}`;
}

/** The first `count` documents of the corpus repeated round-robin, or as many as reach `lines`. */
export function buildText(docs: readonly string[], limit: { documents?: number; lines?: number }): { text: string; documents: number } {
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; ; i++) {
    if (limit.documents !== undefined && parts.length >= limit.documents) break;
    if (limit.lines !== undefined && lines >= limit.lines) break;
    const doc = renamed(docs[i % docs.length], Math.floor(i / docs.length));
    parts.push(doc);
    lines += doc.split('\n').length; // content lines + the `---` separator
  }
  return { text: parts.join('---\n'), documents: parts.length };
}

export function buildWorkloads(): Workload[] {
  const docs = corpusDocuments();
  if (docs.length === 0) throw new Error(`no manifests found under ${CORPORA_DIR}`);
  mkdirSync(WORK_DIR, { recursive: true });
  const specs: { id: string; limit: { documents?: number; lines?: number } }[] = [
    { id: 'docs-100', limit: { documents: 100 } },
    { id: 'docs-1000', limit: { documents: 1000 } },
    { id: 'docs-10000', limit: { documents: 10000 } },
    { id: 'lines-5000', limit: { lines: 5000 } },
  ];
  return specs.map(({ id, limit }) => {
    const { text, documents } = buildText(docs, limit);
    const path = join(WORK_DIR, `${id}.yaml`);
    writeFileSync(path, text);
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const label = limit.lines ? `${lines.toLocaleString('en-US')}-line file (${documents} docs)` : `${documents.toLocaleString('en-US')} documents (${lines.toLocaleString('en-US')} lines)`;
    return { id, label, path, documents, lines, bytes: Buffer.byteLength(text) };
  });
}

export function describeCorpus(): { files: number; documents: number; root: string } {
  return { files: corpusFiles().length, documents: corpusDocuments().length, root: relative(join(__dirname, '..'), CORPORA_DIR) };
}
