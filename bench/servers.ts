import { join } from 'node:path';
import { kubernetesSchemaFiles } from './k8sSchemaForYls';
import type { ServerSpec } from './lspClient';
import { SERVER_EXEC_ARGV } from '../client/src/serverProcess';

/** The two servers under comparison, configured for the same Kubernetes 1.36 schema. */

const ROOT = join(__dirname, '..');
export const YLS_VERSION: string = require(join(ROOT, 'node_modules', 'yaml-language-server', 'package.json')).version;
/** The version yaml-language-server puts into the schema URI it asks for (the files served are ours). */
const K8S_VERSION = '1.36.0';

export function ourServer(): ServerSpec {
  return {
    name: 'kube-rehearsal',
    // Started as the VS Code client starts it: the same Node.js options (client/src/serverProcess.ts).
    args: [...SERVER_EXEC_ARGV, join(ROOT, 'dist', 'server.js'), '--stdio'],
    settings: { kubeRehearsal: {}, 'files.exclude': {} },
  };
}

export function yamlLanguageServer(): ServerSpec {
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    kubernetesVersion: K8S_VERSION,
    // Every YAML file is validated as Kubernetes (the `kubernetes` keyword). The CRD store stays
    // on as in the editor's defaults: that is what makes the server pick the one schema of each
    // document's kind (without it every document is matched against all kinds' schemas, about
    // ten times slower). Nothing is fetched: the CRD catalog requests it makes for custom
    // resources are answered with an empty schema, as no CRD schema exists offline.
    schemas: { kubernetes: ['*.yaml', '*.yml'] },
    kubernetesCRDStore: { enable: true },
    schemaStore: { enable: false },
    maxItemsComputed: 5000,
  };
  return {
    name: `yaml-language-server ${YLS_VERSION}`,
    args: [join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    settings: { yaml, http: {}, '[yaml]': {}, editor: {}, files: {} },
    content: kubernetesSchemaFiles(ROOT),
    fallbackContent: '{}',
    afterInitialized: [{ method: 'yaml/registerContentRequest' }],
  };
}
