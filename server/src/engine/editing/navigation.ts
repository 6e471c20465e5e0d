import type { Position } from '../findings';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';
import { asRecord, podTemplateLocation, valueAt } from '../workspace/podTemplate';
import type { PathSegment, YamlFile } from '../yaml/documents';
import { pathAtPosition } from './cursor';
import { customKindOf, type CustomKind } from './customResources';
import type { CustomResourceRegistry } from '../../api/crd/registry';
import type { Location } from './types';
import { findReferenced, referenceTarget, inSelector, inTemplateLabels, namespaceOf, objectNameRange, pathRange, selectorOf, selectorsPicking, templateLabelsOf, templateLabelsPath, templatesSelectedBy } from './workspaceFacts';

/**
 * Go to definition: from a selector to the pod templates it picks; from a name that refers to
 * another object (ConfigMap, Secret, PVC, ServiceAccount, Ingress backend, scale target) to
 * that object. Find references: from a template's labels to the selectors that pick them, and
 * from a ConfigMap/Secret/PVC/ServiceAccount's name to the places that use it.
 */
export function definition(file: YamlFile, position: Position, index: WorkspaceIndex, crds?: CustomResourceRegistry): Location[] {
  const at = pathAtPosition(file, position);
  if (!at || !at.doc.kind) return [];
  const { doc, path } = at;
  const custom = customKindOf(doc, crds);
  if (custom) return crdLocation(custom, path, index);
  const kind = doc.kind!;
  const ns = namespaceOf(doc);

  if (inSelector(kind, path)) {
    const sel = selectorOf(kind, doc.value);
    if (!sel) return [];
    return templatesSelectedBy(index, ns, sel.selector).map((o) => templateLocation(o));
  }

  if (at.on !== 'value') return [];
  const value = valueAt(doc.value, path);
  if (typeof value !== 'string' || value === '') return [];
  const target = referenceTarget(doc.value, kind, path);
  if (target) {
    const found = findReferenced(index, target, ns, value);
    return found.map((o) => ({ uri: o.uri, range: objectNameRange(o.file, o.doc) }));
  }
  // configMapKeyRef.key / secretKeyRef.key: the key inside the object
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'key' && (parent === 'configMapKeyRef' || parent === 'secretKeyRef')) {
    const name = asRecord(valueAt(doc.value, path.slice(0, -1)))?.name;
    if (typeof name !== 'string') return [];
    const out: Location[] = [];
    for (const o of index.lookup(parent === 'configMapKeyRef' ? 'ConfigMap' : 'Secret', ns, name)) {
      for (const section of ['data', 'stringData', 'binaryData']) {
        const r = pathRange(o.file, o.doc, [section, value], 'key');
        if (r) out.push({ uri: o.uri, range: r });
      }
    }
    return out;
  }
  return [];
}

/**
 * From a custom resource to its CRD: `kind`/`apiVersion` to the CRD's names, a field to where the
 * CRD's schema declares it (when the schema has it), else the CRD itself.
 */
function crdLocation(custom: CustomKind, path: PathSegment[], index: WorkspaceIndex): Location[] {
  const { crd, version } = custom;
  const file = index.file(crd.source);
  const doc = file && crd.docIndex !== undefined ? file.docs[crd.docIndex] : undefined;
  if (!file || !doc) return [{ uri: crd.source, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  let target: PathSegment[] | undefined;
  if (path.length === 1 && (path[0] === 'kind' || path[0] === 'apiVersion')) target = path[0] === 'kind' ? ['spec', 'names', 'kind'] : ['spec', 'versions', version.index, 'name'];
  else if (path.length > 0 && !crd.fromCatalog) {
    const schemaPath: PathSegment[] = ['spec', 'versions', version.index, 'schema', 'openAPIV3Schema'];
    let s = version.schema;
    for (const seg of path) {
      if (!s) break;
      if (typeof seg === 'number') {
        if (!s.items) break;
        schemaPath.push('items');
        s = s.items;
      } else if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, seg)) {
        schemaPath.push('properties', seg);
        s = s.properties[seg];
      } else break;
    }
    target = schemaPath;
  }
  const range = (target && pathRange(file, doc, target, 'key')) ?? objectNameRange(file, doc);
  return [{ uri: crd.source, range }];
}

function templateLocation(o: IndexedObject): Location {
  const labelsPath = templateLabelsPath(o.kind);
  const r = labelsPath ? pathRange(o.file, o.doc, labelsPath, 'key') : undefined;
  if (r) return { uri: o.uri, range: r };
  const loc = podTemplateLocation(o.kind);
  const t = loc && loc.path.length ? pathRange(o.file, o.doc, loc.path, 'key') : undefined;
  return { uri: o.uri, range: t ?? objectNameRange(o.file, o.doc) };
}

const REFERABLE = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ServiceAccount']);

export function references(file: YamlFile, position: Position, index: WorkspaceIndex, includeDeclaration = true): Location[] {
  const at = pathAtPosition(file, position);
  if (!at || !at.doc.kind) return [];
  const { doc, path } = at;
  const kind = doc.kind!;
  const ns = namespaceOf(doc);
  const out: Location[] = [];

  if (inTemplateLabels(kind, path)) {
    const labels = templateLabelsOf(kind, doc.value) ?? {};
    for (const site of selectorsPicking(index, ns, labels)) {
      const r = pathRange(site.obj.file, site.obj.doc, site.path, 'key');
      out.push({ uri: site.obj.uri, range: r ?? objectNameRange(site.obj.file, site.obj.doc) });
    }
    if (includeDeclaration) {
      const p = templateLabelsPath(kind);
      const r = p ? pathRange(file, doc, p, 'key') : undefined;
      if (r) out.unshift({ uri: file.uri, range: r });
    }
    return out;
  }

  if (path.length === 2 && path[0] === 'metadata' && path[1] === 'name' && doc.name) {
    const name = doc.name;
    if (includeDeclaration) out.push({ uri: file.uri, range: objectNameRange(file, doc) });
    for (const o of index.objects()) {
      if (o.namespace !== ns) continue;
      if (REFERABLE.has(kind)) {
        for (const ref of o.references) {
          if (ref.kind !== kind || ref.name !== name) continue;
          const r = pathRange(o.file, o.doc, ref.path, 'value');
          if (r) out.push({ uri: o.uri, range: r });
        }
      }
      if (kind === 'Service') {
        // Ingress backends and StatefulSets naming the Service
        const v = o.doc.value;
        if (o.kind === 'StatefulSet' && valueAt(v, ['spec', 'serviceName']) === name) {
          const r = pathRange(o.file, o.doc, ['spec', 'serviceName'], 'value');
          if (r) out.push({ uri: o.uri, range: r });
        }
        if (o.kind === 'Ingress') for (const p of ingressBackendPaths(v)) if (valueAt(v, p) === name) {
          const r = pathRange(o.file, o.doc, p, 'value');
          if (r) out.push({ uri: o.uri, range: r });
        }
      }
    }
    return out;
  }

  if (inSelector(kind, path)) {
    // References of a selector: the templates it picks (same as definition).
    return definition(file, position, index);
  }
  return out;
}

function ingressBackendPaths(v: unknown): PathSegment[][] {
  const out: PathSegment[][] = [['spec', 'defaultBackend', 'service', 'name']];
  const rules = valueAt(v, ['spec', 'rules']);
  if (Array.isArray(rules)) {
    rules.forEach((rule, i) => {
      const paths = valueAt(rule, ['http', 'paths']);
      if (Array.isArray(paths)) paths.forEach((_, j) => out.push(['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service', 'name']));
    });
  }
  return out;
}
