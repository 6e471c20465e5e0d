import { readdirSync, statSync } from 'node:fs';
import { readRegularFile } from '../engine/safeRead';
import { join } from 'node:path';
import { parseYamlFile } from '../engine/yaml/documents';
import type { ManifestRead } from '../sim/kubectl/kubectl';

/**
 * `kubectl ... -f PATH` in the CLI shell, read as kubectl reads it: a file, or the `.json`,
 * `.yaml` and `.yml` files of a directory (its subdirectories too with `-R`), relative to the
 * shell's working directory. Each object keeps the file name as the user wrote it, for messages.
 */

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** A bound on what one `-f` may read (a directory of a whole repository is not a manifest). */
const MAX_FILES = 2000;

export function readManifestPath(path: string, opts: { recursive?: boolean; cwd?: string } = {}): ManifestRead {
  const cwd = opts.cwd ?? process.cwd();
  const full = path.startsWith('/') ? path : join(cwd, path);
  if (/^https?:\/\//.test(path)) return { objects: [], error: `error: unable to read URL "${path}": the simulated shell has no network` };
  let st;
  try {
    st = statSync(full);
  } catch {
    return { objects: [], error: `error: the path "${path}" does not exist` };
  }
  const files: { shown: string; full: string; within?: string[] }[] = [];
  if (st.isDirectory()) {
    const visit = (shown: string, dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      } catch {
        return;
      }
      for (const e of entries) {
        if (files.length >= MAX_FILES) return;
        const childFull = join(dir, e.name);
        const childShown = shown.endsWith('/') ? shown + e.name : `${shown}/${e.name}`;
        if (e.isDirectory()) {
          if (opts.recursive) visit(childShown, childFull);
        } else if (MANIFEST_FILE.test(e.name) && (e.isFile() || e.isSymbolicLink())) files.push({ shown: childShown, full: childFull, within: [full] });
      }
    };
    visit(path, full);
  } else files.push({ shown: path, full });
  const out: ManifestRead = { objects: [], sources: [] };
  for (const f of files) {
    // Only regular files, never more than the read limit; in a folder, a symlink only to a file
    // inside that folder (a named file is read as named, as kubectl does).
    const r = readRegularFile(f.full, { within: f.within });
    if (!r.ok) {
      if (f.within && (r.reason === 'not-regular' || r.reason === 'outside')) continue;
      return { objects: [], error: `error: open ${f.shown}: ${r.reason === 'denied' ? 'permission denied' : r.reason === 'missing' ? 'no such file or directory' : r.message}` };
    }
    const problem = addManifests(f.shown, r.text, out);
    if (problem) return { ...out, error: problem };
  }
  return out;
}

/** Adds the objects of one file's text (a `kind: List` item by item); returns kubectl's error for a broken document. */
export function addManifests(shown: string, text: string, out: ManifestRead): string | undefined {
  const file = parseYamlFile(shown, text);
  if (file.tooLarge) return `error: error parsing ${shown}: the file is too large`;
  for (const doc of file.docs) {
    if (doc.empty) continue;
    // A repeated key is no error to kubectl: its YAML to JSON keeps the later value (as doc.value does).
    const err = doc.syntaxErrors.find((e) => e.code !== 'DUPLICATE_KEY');
    if (err) {
      const line = file.lines.positionAt(doc.start + err.pos[0]).line + 1;
      return `error: error parsing ${shown}: error converting YAML to JSON: yaml: line ${line}: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
    }
    const v = doc.value;
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = v as Record<string, unknown>;
    if (o.kind === undefined || o.kind === '') return `error: error validating "${shown}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`;
    if (o.apiVersion === undefined || o.apiVersion === '') return `error: error validating "${shown}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`;
    const items = o.kind === 'List' && Array.isArray(o.items) ? (o.items as unknown[]).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)) : [o];
    for (const item of items) {
      out.objects.push(item);
      out.sources!.push(shown);
    }
  }
  return undefined;
}
