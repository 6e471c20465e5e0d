import type { YamlDoc, YamlFile } from '../yaml/documents';

/**
 * Every Kubernetes object in the workspace, across files, updated file by file.
 * (Owned by the semantic-rules work: it grows labels, templates, ports and references.)
 */
export interface IndexedObject {
  uri: string;
  file: YamlFile;
  doc: YamlDoc;
  apiVersion: string;
  kind: string;
  name?: string;
  /** metadata.namespace, or `default` when absent */
  namespace: string;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, YamlFile>();
  private objectsCache: IndexedObject[] | undefined;

  update(file: YamlFile): void {
    this.files.set(file.uri, file);
    this.objectsCache = undefined;
  }

  remove(uri: string): void {
    this.files.delete(uri);
    this.objectsCache = undefined;
  }

  file(uri: string): YamlFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): YamlFile[] {
    return [...this.files.values()];
  }

  objects(): IndexedObject[] {
    if (!this.objectsCache) {
      const out: IndexedObject[] = [];
      for (const file of this.files.values()) {
        for (const doc of file.docs) {
          if (!doc.isKubernetes) continue;
          out.push({ uri: file.uri, file, doc, apiVersion: doc.apiVersion!, kind: doc.kind!, name: doc.name, namespace: doc.namespace ?? 'default' });
        }
      }
      this.objectsCache = out;
    }
    return this.objectsCache;
  }
}
