import type { YamlDoc, YamlFile } from '../yaml/documents';
import { rangeForPath, type PathSegment } from '../yaml/documents';
import type { Range } from '../findings';
import { canonicalKind, parseObjectRef, type SimPod, type SimSnapshot } from './contract';
import { snapshotIndex } from './snapshotIndex';

/**
 * Maps simulated objects back to the manifests that define them: a pod to the template of the
 * workload that made it (through ReplicaSet, Job and CronJob owners), a container to its entry.
 */

/** A Kubernetes object of a manifest file (the workspace index's objects have this shape and more). */
export interface ManifestObject {
  uri: string;
  file: YamlFile;
  doc: YamlDoc;
  kind: string;
  name?: string;
  /** metadata.namespace, or `default` */
  namespace: string;
}

export interface ManifestLocation {
  uri: string;
  range: Range;
}

/** Where the pod spec lives inside each kind of manifest. */
export const POD_SPEC_PATH: Record<string, PathSegment[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export class ManifestLocator {
  private readonly byKey = new Map<string, ManifestObject>();
  /** Cluster-scoped objects by kind and name: a namespace written on one is dropped by the API server. */
  private readonly byKindName = new Map<string, ManifestObject>();

  constructor(objects: readonly ManifestObject[], private readonly snapshot: SimSnapshot) {
    for (const o of objects) {
      if (!o.name) continue;
      this.byKey.set(`${o.kind}/${o.namespace}/${o.name}`, o);
      if (!this.byKindName.has(`${o.kind}/${o.name}`)) this.byKindName.set(`${o.kind}/${o.name}`, o);
    }
  }

  manifest(kind: string, namespace: string, name: string): ManifestObject | undefined {
    return this.byKey.get(`${canonicalKind(kind)}/${namespace || 'default'}/${name}`)
      ?? (namespace ? undefined : this.byKey.get(`${canonicalKind(kind)}//${name}`) ?? this.byKindName.get(`${canonicalKind(kind)}/${name}`));
  }

  /** The manifest a simulated object comes from: itself, or the nearest owner written in a file. */
  source(kind: string, namespace: string, name: string, depth = 0): ManifestObject | undefined {
    const k = canonicalKind(kind);
    const own = this.manifest(k, namespace, name);
    if (own || depth > 4) return own;
    const owner = this.ownerOf(k, namespace, name);
    return owner ? this.source(owner.kind, namespace, owner.name, depth + 1) : undefined;
  }

  private ownerOf(kind: string, namespace: string, name: string): { kind: string; name: string } | undefined {
    const fromRef = (r: string | null | undefined) => {
      if (!r) return undefined;
      const p = parseObjectRef(r);
      return { kind: canonicalKind(p.kind), name: p.name };
    };
    if (kind === 'Pod') {
      const pod = snapshotIndex(this.snapshot).pod(namespace, name);
      if (pod) return fromRef(pod.owner);
      // A pod that is gone: `<rs>-<5 chars>`, `<statefulset>-<ordinal>` or `<job>-<5 chars>`.
      const m = /^(.*)-[a-z0-9]+$/.exec(name);
      return m ? this.guessOwner(namespace, m[1]) : undefined;
    }
    if (kind === 'ReplicaSet') {
      const w = snapshotIndex(this.snapshot).workload('ReplicaSet', namespace, name);
      if (w?.owner) return fromRef(w.owner);
      const m = /^(.*)-[a-z0-9]+$/.exec(name);
      return m && this.manifest('Deployment', namespace, m[1]) ? { kind: 'Deployment', name: m[1] } : undefined;
    }
    if (kind === 'Job') {
      const j = snapshotIndex(this.snapshot).job(namespace, name);
      if (j?.owner) return fromRef(j.owner);
      const m = /^(.*)-\d+$/.exec(name);
      return m && this.manifest('CronJob', namespace, m[1]) ? { kind: 'CronJob', name: m[1] } : undefined;
    }
    return undefined;
  }

  private guessOwner(namespace: string, prefix: string): { kind: string; name: string } | undefined {
    for (const kind of ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']) {
      if (this.snapshot.workloads.some((w) => w.kind === kind && w.name === prefix && w.namespace === namespace)) return { kind, name: prefix };
      if (kind === 'Job' && this.snapshot.jobs.some((j) => j.name === prefix && j.namespace === namespace)) return { kind, name: prefix };
      if (this.manifest(kind, namespace, prefix)) return { kind, name: prefix };
    }
    const m = /^(.*)-[a-z0-9]+$/.exec(prefix);
    if (m && this.manifest('Deployment', namespace, m[1])) return { kind: 'ReplicaSet', name: prefix };
    return undefined;
  }

  /** Path of the pod spec inside the pod's source manifest. */
  podSpec(pod: Pick<SimPod, 'namespace' | 'name'>): { object: ManifestObject; specPath: PathSegment[] } | undefined {
    const object = this.source('Pod', pod.namespace, pod.name);
    const specPath = object && POD_SPEC_PATH[object.kind];
    return object && specPath ? { object, specPath } : undefined;
  }

  /** Index of a container in a pod spec, by name. */
  containerIndex(object: ManifestObject, specPath: PathSegment[], container: string): number {
    const spec = valueAt(object.doc.value, specPath) as { containers?: { name?: string }[] } | undefined;
    return (spec?.containers ?? []).findIndex((c) => c?.name === container);
  }

  /** The range of a path; rangeForPath falls back to the nearest existing parent, then the document head. */
  range(object: ManifestObject, path: PathSegment[], prefer: 'key' | 'value' = 'key'): Range {
    return rangeForPath(object.file, object.doc, path, prefer);
  }

  /** Where selecting an object in the tree should take the editor. */
  locate(kind: string, namespace: string, name: string, container?: string): ManifestLocation | undefined {
    const k = canonicalKind(kind);
    if (k === 'Pod') {
      const ps = this.podSpec({ namespace, name });
      if (!ps) return undefined;
      const { object, specPath } = ps;
      if (container) {
        const i = this.containerIndex(object, specPath, container);
        if (i >= 0) return { uri: object.uri, range: this.range(object, [...specPath, 'containers', i, 'name'], 'value') };
      }
      // The template (its metadata line) for owned pods; the Pod's own head for bare pods.
      const at = object.kind === 'Pod' ? ['metadata', 'name'] : [...specPath.slice(0, -1)];
      return { uri: object.uri, range: this.range(object, at, object.kind === 'Pod' ? 'value' : 'key') };
    }
    const object = this.source(k, namespace, name);
    if (!object) return undefined;
    return { uri: object.uri, range: this.range(object, ['metadata', 'name'], 'value') };
  }
}

export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
