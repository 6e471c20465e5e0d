import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { splitDocuments } from '../server/src/engine/yaml/documents';

/**
 * Benchmark inputs built from the real manifests in ../shared/corpora, repeated to size, written
 * to the git-ignored bench/work/ folder. Every repetition renames its objects (`-r<k>` on
 * metadata.name, or a `# copy k` comment where there is no name) so that no document's text
 * repeats: a server that caches by text gets no free hits from the repetition.
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

function renamed(doc: string, copy: number): string {
  if (copy === 0) return doc;
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
