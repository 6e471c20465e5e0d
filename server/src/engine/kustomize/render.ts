import { load } from 'js-yaml';
import { resolve } from 'node:path';
import { parseYamlFile, type YamlFile } from '../yaml/documents';
import { groupOf } from '../schema/registry';
import { buildRoot, type KustomizeTool } from './runner';
import { buildInputsKey, type KustomizationGraph, type KustomizationInfo } from './discover';

/** Where kustomize says a rendered object came from (`config.kubernetes.io/origin`), with paths made absolute. */
export interface Origin {
  /** The file the object was read from. */
  path?: string;
  /** The kustomization whose generator (or transformer) made it. */
  configuredIn?: string;
  configuredBy?: { kind?: string; name?: string };
}

/** One root's build: the objects `kubectl apply -k` would send, and where each came from. */
export interface RenderedRoot {
  root: KustomizationInfo;
  /** kustomize's output as a file (uri `kustomize-build:<n>`), undefined when the build failed. */
  file?: YamlFile;
  /** Origin of each document of `file`, by document index (undefined where unknown). */
  origins: (Origin | undefined)[];
  /** kustomize's error when the build failed. */
  error?: string;
  /** Which tool built it, for messages. */
  tool: string;
}

const ORIGIN = 'config.kubernetes.io/origin';

function identity(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return undefined;
  return `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

function parseOrigin(text: unknown, wrapperDir: string): Origin | undefined {
  if (typeof text !== 'string') return undefined;
  let v: unknown;
  try {
    v = load(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const r = v as { path?: unknown; repo?: unknown; configuredIn?: unknown; configuredBy?: { kind?: unknown; name?: unknown } };
  // A remote origin (repo set) has no local file to point at.
  if (r.repo !== undefined) return {};
  return {
    path: typeof r.path === 'string' ? resolve(wrapperDir, r.path) : undefined,
    configuredIn: typeof r.configuredIn === 'string' ? resolve(wrapperDir, r.configuredIn) : undefined,
    configuredBy: r.configuredBy && typeof r.configuredBy === 'object' ? { kind: typeof r.configuredBy.kind === 'string' ? r.configuredBy.kind : undefined, name: typeof r.configuredBy.name === 'string' ? r.configuredBy.name : undefined } : undefined,
  };
}

let buildCounter = 0;

/** Builds one root with kustomize and reads its output and origins. */
export async function renderRoot(tool: KustomizeTool, root: KustomizationInfo, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<RenderedRoot> {
  const build = await buildRoot(tool, root.dir, options);
  if (!build.plain.ok) return { root, origins: [], error: build.plain.error, tool: tool.label };
  const file = parseYamlFile(`kustomize-build:${++buildCounter}`, build.plain.yaml);
  const byIdentity = new Map<string, Origin | undefined>();
  if (build.annotated.ok) {
    try {
      const docs = build.annotated.yaml.split(/^---$/m).map((d) => load(d));
      for (const d of docs) {
        const id = identity(d);
        const annotations = (d as { metadata?: { annotations?: Record<string, unknown> } } | undefined)?.metadata?.annotations;
        if (id) byIdentity.set(id, parseOrigin(annotations?.[ORIGIN], build.wrapperDir));
      }
    } catch {
      // Origins are a help for placing findings; without them findings land on the kustomization.
    }
  }
  const origins = file.docs.map((d) => {
    const id = identity(d.value);
    return id ? byIdentity.get(id) : undefined;
  });
  return { root, file, origins, tool: tool.label };
}

/** Renders, cached by the content of every file a build reads: a root is rebuilt only after one of them changed. */
export class RenderCache {
  private readonly cache = new Map<string, { key: string; rendered: Promise<RenderedRoot> }>();

  async render(tool: KustomizeTool, graph: KustomizationGraph, root: KustomizationInfo, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<RenderedRoot> {
    const key = buildInputsKey(graph, root, tool.command + ' ' + tool.args.join(' '));
    const hit = this.cache.get(root.dir);
    if (hit && hit.key === key) return hit.rendered;
    const rendered = renderRoot(tool, root, options);
    this.cache.set(root.dir, { key, rendered });
    // A cancelled build is not kept: the next ask builds again.
    rendered.then((r) => {
      if (r.error && options.signal?.aborted && this.cache.get(root.dir)?.rendered === rendered) this.cache.delete(root.dir);
    });
    return rendered;
  }

  /** Forgets roots that are gone. */
  retain(dirs: Iterable<string>): void {
    const keep = new Set(dirs);
    for (const d of this.cache.keys()) if (!keep.has(d)) this.cache.delete(d);
  }
}
