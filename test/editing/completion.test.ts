import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completions, snippetToPlainText, withoutSnippets } from '../../server/src/engine/editing/completion';
import { simulatorImageCatalog } from '../../server/src/engine/editing/imageCatalog';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { applyItem, find, labels, withCursor } from './helpers';

const DEPLOY_HEAD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

function complete(marked: string, env = {}) {
  const { file, text, position } = withCursor(marked);
  return { items: completions(file, position, env).items, text };
}

function applied(marked: string, label: string, env = {}): string {
  const { items, text } = complete(marked, env);
  return applyItem(text, find(items, label));
}

test('kind: offers creatable kinds and fixes the apiVersion', () => {
  const out = applied('apiVersion: v1\nkind: Re|\nmetadata:\n  name: x\n', 'ReplicaSet');
  assert.equal(out, 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: x\n');
  const { items } = complete('kind: |');
  assert.ok(labels(items).includes('Deployment'));
  assert.ok(labels(items).includes('ConfigMap'));
  assert.ok(!labels(items).includes('DeploymentList'), 'List kinds are not creatable');
});

test('kind: keeps an apiVersion that already serves the kind, inserts a missing one', () => {
  assert.equal(applied('apiVersion: apps/v1\nkind: |\n', 'StatefulSet'), 'apiVersion: apps/v1\nkind: StatefulSet\n');
  assert.equal(applied('kind: Cr|', 'CronJob'), 'apiVersion: batch/v1\nkind: CronJob');
  // `apiVersion:` with no value and no space gets one
  assert.equal(applied('apiVersion:\nkind: |', 'Ingress'), 'apiVersion: networking.k8s.io/v1\nkind: Ingress');
  // right after the colon, the value gets its space
  assert.equal(applied('apiVersion: v1\nkind:|', 'Pod'), 'apiVersion: v1\nkind: Pod');
});

test('apiVersion: offers the versions of the kind already written, or every group/version', () => {
  const hpa = labels(complete('apiVersion: |\nkind: HorizontalPodAutoscaler\n').items);
  assert.deepEqual(hpa, ['autoscaling/v2', 'autoscaling/v1']);
  const all = labels(complete('apiVersion: |\n').items);
  assert.equal(all[0], 'v1');
  assert.ok(all.includes('batch/v1') && all.includes('rbac.authorization.k8s.io/v1'));
});

test('half-typed key under a Deployment spec: selector with matchLabels, required first, no present fields', () => {
  const { items, text } = complete(DEPLOY_HEAD + 'spec:\n  replicas: 2\n  sel|');
  const names = labels(items);
  assert.deepEqual(names.slice(0, 2), ['selector', 'template'], 'required fields first');
  assert.ok(!names.includes('replicas'), 'present field not offered');
  assert.ok(!names.includes('status'));
  assert.equal(applyItem(text, find(items, 'selector')), DEPLOY_HEAD + 'spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web');
});

test('template snippet writes labels consistent with the selector and a container', () => {
  const out = applied(DEPLOY_HEAD + 'spec:\n  selector:\n    matchLabels:\n      app: web\n  tem|', 'template');
  assert.equal(
    out,
    DEPLOY_HEAD +
      'spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: ',
  );
});

test('inside a list item: `- na` completes name; following keys align under the item', () => {
  const base = DEPLOY_HEAD + 'spec:\n  template:\n    spec:\n      containers:\n        - na|';
  const { items, text } = complete(base);
  assert.equal(labels(items)[0], 'name');
  assert.equal(applyItem(text, find(items, 'name')), base.replace('na|', 'name: '));
  // a second key in the same item goes at the item's content column
  const second = complete(DEPLOY_HEAD + 'spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          |');
  assert.ok(!labels(second.items).includes('name'));
  assert.equal(applyItem(second.text, find(second.items, 'ports')), second.text + 'ports:\n            - containerPort: ');
});

test('compact sequences (items at the key column) and new items', () => {
  const { items, text } = complete('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: nginx\n  - |');
  assert.equal(labels(items)[0], 'name');
  assert.ok(labels(items).includes('image'), 'a new item has no fields yet');
  assert.equal(applyItem(text, find(items, 'env')), text + 'env:\n      - name: \n        value: ');
});

test('under an array-of-objects key without a dash, fields start a new item', () => {
  const out = applied('apiVersion: v1\nkind: Service\nspec:\n  ports:\n    |', 'port');
  assert.equal(out, 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: ');
});

test('enum values: restartPolicy, imagePullPolicy, Service type, protocol, strategy type, concurrencyPolicy', () => {
  assert.deepEqual(labels(complete('apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: |').items), ['Always', 'OnFailure', 'Never']);
  assert.deepEqual(labels(complete('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      imagePullPolicy: I|').items).sort(), ['Always', 'IfNotPresent', 'Never']);
  const svc = complete('apiVersion: v1\nkind: Service\nspec:\n  type: |').items;
  assert.deepEqual(labels(svc), ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  assert.equal(find(svc, 'ClusterIP').preselect, true, 'the default is preselected');
  assert.deepEqual(labels(complete('apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      protocol: |').items), ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(labels(complete(DEPLOY_HEAD + 'spec:\n  strategy:\n    type: |').items).sort(), ['Recreate', 'RollingUpdate']);
  assert.deepEqual(labels(complete('apiVersion: batch/v1\nkind: CronJob\nspec:\n  concurrencyPolicy: |').items), ['Allow', 'Forbid', 'Replace']);
});

test('enum field snippet offers a choice with the default first', () => {
  const { items } = complete('apiVersion: v1\nkind: Service\nspec:\n  ty|');
  assert.equal(find(items, 'type').textEdit.newText, 'type: ${1|ClusterIP,NodePort,LoadBalancer,ExternalName|}');
});

test('booleans and int-or-string hints', () => {
  assert.deepEqual(labels(complete('apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: |').items), ['true', 'false']);
  const surge = labels(complete(DEPLOY_HEAD + 'spec:\n  strategy:\n    rollingUpdate:\n      maxSurge: |').items);
  assert.deepEqual(surge, ['25%', '1', '0']);
});

test('scalar list items get values, not keys', () => {
  const { items } = complete('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext:\n        capabilities:\n          drop:\n            - |');
  assert.deepEqual(items, []);
  const modes = labels(complete('apiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  volumeMode: |').items);
  assert.deepEqual(modes.sort(), ['Block', 'Filesystem']);
});

test('flow mappings: keys and values inside { }', () => {
  const { items, text } = complete('apiVersion: v1\nkind: Pod\nmetadata: {name: x, la|}\n');
  assert.ok(!labels(items).includes('name'), 'name already present in the flow mapping');
  assert.equal(applyItem(text, find(items, 'labels')), 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, labels: }\n');
  const v = complete('apiVersion: v1\nkind: Pod\nspec: {restartPolicy: |}\n');
  assert.deepEqual(labels(v.items), ['Always', 'OnFailure', 'Never']);
  const item = complete('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: a, imagePullPolicy: N|}\n');
  assert.ok(labels(item.items).includes('Never'));
});

test('CRLF files: snippets use CRLF and the indentation is right', () => {
  const out = applied('apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: api\r\nspec:\r\n  sel|\r\n', 'selector');
  assert.equal(out, 'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: api\r\nspec:\r\n  selector:\r\n    matchLabels:\r\n      app: api\r\n');
});

test('after --- a new document gets skeletons; skeleton labels are consistent', () => {
  const { items, text } = complete('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n|');
  const names = labels(items);
  for (const k of ['Deployment + Service', 'Pod', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'ConfigMap', 'Secret', 'Ingress']) assert.ok(names.includes(k), k);
  const out = applyItem(text, find(items, 'Deployment + Service'));
  const docs = out.split('\n---\n');
  assert.equal(docs.length, 3);
  const deploy = parseYamlFile('x.yaml', docs[1]).docs[0].value as any;
  const svc = parseYamlFile('x.yaml', docs[2]).docs[0].value as any;
  assert.deepEqual(deploy.spec.selector.matchLabels, deploy.spec.template.metadata.labels);
  assert.deepEqual(svc.spec.selector, deploy.spec.template.metadata.labels);
  assert.equal(svc.spec.ports[0].targetPort, deploy.spec.template.spec.containers[0].ports[0].containerPort);
});

test('an empty document offers apiVersion and kind; a non-Kubernetes YAML file gets nothing', () => {
  const { items } = complete('apiVersion: v1\n|');
  assert.ok(labels(items).includes('kind'));
  assert.ok(!labels(items).includes('apiVersion'));
  assert.deepEqual(complete('on: push\njobs:\n  build:\n    |').items, []);
  assert.deepEqual(complete('on: push\n|').items, []);
});

test('labels from the workspace: selector offers labels pod templates in the namespace carry', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/deploy.yaml', DEPLOY_HEAD + 'spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: frontend\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          ports:\n            - name: http\n              containerPort: 8080\n'));
  index.update(parseYamlFile('file:///w/other-ns.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: other\n  labels:\n    team: blue\nspec:\n  containers:\n    - name: c\n      image: busybox\n'));
  const marked = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    |';
  const { items, text } = complete(marked, { index });
  assert.deepEqual(labels(items).sort(), ['app: web', 'tier: frontend']);
  assert.equal(applyItem(text, find(items, 'tier: frontend')), marked.replace('|', 'tier: frontend'));
  // values of a label key
  const v = complete('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: |', { index });
  assert.deepEqual(labels(v.items), ['web']);
  // targetPort: the ports the selected pods declare
  const tp = complete('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: |', { index });
  assert.deepEqual(labels(tp.items), ['http', '8080']);
});

test('template labels offer the selector labels first', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n    tier: backend\n'));
  const marked = DEPLOY_HEAD + 'spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        |\n';
  const { items } = complete(marked, { index });
  assert.equal(labels(items)[0], 'app: web');
  assert.equal(items[0].preselect, true);
  assert.ok(labels(items).includes('tier: backend'));
  assert.ok(items.findIndex((i) => i.label === 'app: web') < items.findIndex((i) => i.label === 'tier: backend'));
});

test('reference names: configMapKeyRef name and key, claimName, serviceAccountName', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: info\n  MODE: fast\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec: {}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n'));
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';
  assert.deepEqual(labels(complete(pod + '  serviceAccountName: |', { index }).items), ['robot']);
  assert.deepEqual(labels(complete(pod + '  volumes:\n    - name: v\n      persistentVolumeClaim:\n        claimName: |', { index }).items), ['data']);
  const env = pod + '  containers:\n    - name: c\n      env:\n        - name: L\n          valueFrom:\n            configMapKeyRef:\n              name: settings\n              key: |';
  assert.deepEqual(labels(complete(env, { index }).items), ['LOG_LEVEL', 'MODE']);
  assert.deepEqual(labels(complete(pod + '  containers:\n    - name: c\n      envFrom:\n        - configMapRef:\n            name: |', { index }).items), ['settings']);
});

test('images from the catalog, with tags after the colon', () => {
  const images = {
    images: () => [{ name: 'nginx', tags: ['1.27', '1.25'], summary: 'web server on port 80' }, { name: 'redis', tags: ['7'] }],
    describe: () => ({ known: true, summary: '' }),
  };
  const base = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image: ';
  assert.deepEqual(labels(complete(base + '|', { images }).items), ['nginx:1.27', 'redis:7']);
  assert.equal(applied(base + 'ngi|', 'nginx:1.27', { images }), base + 'nginx:1.27');
});

test('image tags after `image: nginx:`: only that image\'s tags, each replacing the whole value, never a second key', () => {
  const images = {
    images: () => [{ name: 'nginx', tags: ['1.27', '1.25'], summary: 'web server on port 80' }, { name: 'redis', tags: ['7'] }],
    describe: () => ({ known: true, summary: '' }),
  };
  const base = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image: ';
  assert.deepEqual(labels(complete(base + 'nginx:|', { images }).items), ['nginx:1.27', 'nginx:1.25']);
  assert.equal(applied(base + 'nginx:|', 'nginx:1.25', { images }), base + 'nginx:1.25');
  assert.equal(applied(base + 'nginx:|\n      ports: []\n', 'nginx:1.25', { images }), base + 'nginx:1.25\n      ports: []\n');
  assert.equal(applied(base + 'nginx:1.2|7\n', 'nginx:1.25', { images }), base + 'nginx:1.25\n', 'the tag after the cursor is replaced too');
  assert.equal(applied(base + '"nginx:|"', 'nginx:1.25', { images }), base + 'nginx:1.25', 'a quoted value is replaced quotes and all');
  assert.deepEqual(labels(complete(base + 'mysql:|', { images }).items), [], 'an image the catalog does not know: no tags to offer');
  assert.deepEqual(labels(complete(base + 'localhost:5000/app|', { images }).items), [], 'a registry port is not a tag');
  // Right after the key's colon the value still gets its space.
  assert.equal(applied('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image:|', 'nginx:1.27', { images }), base + 'nginx:1.27');
});

test('a key being renamed keeps its value: only the name is inserted', () => {
  const { items, text } = complete('apiVersion: v1\nkind: Service\nspec:\n  selecotr|: {app: web}\n');
  assert.equal(applyItem(text, find(items, 'selector')), 'apiVersion: v1\nkind: Service\nspec:\n  selector: {app: web}\n');
});

test('works in the middle of a long multi-document file', () => {
  const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`;
  const before = Array.from({ length: 50 }, (_, i) => doc(i)).join('---\n');
  const marked = before + '---\n' + DEPLOY_HEAD + 'spec:\n  |\n---\n' + doc(99);
  const { items } = complete(marked);
  assert.deepEqual(labels(items).slice(0, 2), ['selector', 'template']);
});

test('comments and block scalars are left alone', () => {
  assert.deepEqual(complete('apiVersion: v1\nkind: Pod\n# spec: |').items, []);
  const { items } = complete('apiVersion: v1\nkind: ConfigMap\ndata:\n  script: |\n    echo hi\n    |');
  assert.deepEqual(items, []);
});

test('multi-line flow documents (KYAML): keys and values inside braces spanning lines', () => {
  const kyaml = '---\n{\n  apiVersion: "apps/v1",\n  kind: "Deployment",\n  metadata: {\n    name: "web",\n  },\n  spec: {\n    replicas: 2,\n    str|\n  },\n}\n';
  const { items, text } = complete(kyaml);
  assert.ok(!labels(items).includes('replicas'));
  assert.equal(applyItem(text, find(items, 'strategy')), kyaml.replace('str|', 'strategy: '));
  const v = complete('{\n  apiVersion: "v1",\n  kind: "Service",\n  spec: {\n    type: |\n  },\n}\n');
  assert.deepEqual(labels(v.items), ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  // half-typed: the document does not parse, kind is read from the text
  const broken = complete('{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {\n    la|\n    name: "x",\n  },\n}\n');
  assert.ok(labels(broken.items).includes('labels'));
});

test('the simulator catalog feeds image completion: pinned tags first', () => {
  const images = simulatorImageCatalog();
  const base = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image: ';
  const { items } = complete(base + '|', { images });
  const nginx = items.find((i) => i.label.startsWith('nginx:'));
  assert.ok(nginx, 'nginx is offered');
  assert.match(nginx!.label, /^nginx:\d/);
  const tags = labels(complete(base + 'busybox:|', { images }).items).filter((l) => l.startsWith('busybox:'));
  assert.ok(tags.length > 1);
  assert.ok(!tags.slice(0, -1).includes('busybox:latest'), 'latest, if offered, comes last');
});

test('resources: requests and limits prefilled; keys and quantity examples inside them', () => {
  const base = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ';
  assert.equal(applied(base + 'res|', 'resources'), base + 'resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          memory: 128Mi');
  const keys = complete(base + 'resources:\n        limits:\n          cpu: 1\n          |');
  assert.deepEqual(labels(keys.items), ['memory', 'ephemeral-storage']);
  assert.deepEqual(labels(complete(base + 'resources:\n        limits:\n          memory: |').items), ['128Mi', '256Mi', '1Gi']);
  assert.equal(applied(base + 'liv|', 'livenessProbe'), base + 'livenessProbe:\n        httpGet:\n          port: \n          path: ');
});

test('metadata gets a name at the top level, labels in a pod template', () => {
  assert.equal(applied('apiVersion: v1\nkind: ConfigMap\nmet|', 'metadata'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ');
  const base = DEPLOY_HEAD + 'spec:\n  template:\n    ';
  assert.equal(applied(base + 'me|', 'metadata'), base + 'metadata:\n      labels:\n        app: web');
});

test('matchExpressions: label keys, operators and the values templates carry; names of Services and scale targets', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/pods.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    tier: web\nspec:\n  containers: [{name: c, image: nginx}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels:\n    tier: db\nspec:\n  containers: [{name: c, image: nginx}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: front\n'));
  const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  selector:\n    matchExpressions:\n      - key: ';
  assert.deepEqual(labels(complete(pdb + '|', { index }).items), ['tier']);
  assert.deepEqual(labels(complete(pdb + 'tier\n        operator: |', { index }).items), ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  assert.deepEqual(labels(complete(pdb + 'tier\n        operator: In\n        values:\n          - |', { index }).items).sort(), ['db', 'web']);
  const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  defaultBackend:\n    service:\n      name: |';
  assert.deepEqual(labels(complete(ing, { index }).items), ['front']);
  const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef:\n    kind: Pod\n    name: |';
  assert.deepEqual(labels(complete(hpa, { index }).items), ['a', 'b']);
});

test('inside block scalar text nothing is completed, after it the structure resumes', () => {
  const base = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      command:\n        - sh\n        - -c\n        - >\n          echo start\n';
  assert.deepEqual(complete(base + '          restart|').items, []);
  assert.deepEqual(complete(base + '          restartPolicy: |').items, []);
  const after = complete(base + '      ima|');
  assert.ok(labels(after.items).includes('image'));
  assert.ok(!labels(after.items).includes('command'));
});

test('clients without snippet support get plain text with the defaults filled in', () => {
  const { file, position } = withCursor('apiVersion: v1\nkind: Service\nspec:\n  ty|');
  const plain = withoutSnippets(completions(file, position));
  const type = find(plain.items, 'type');
  assert.equal(type.insertTextFormat, 1);
  assert.equal(type.textEdit.newText, 'type: ClusterIP');
  assert.equal(snippetToPlainText('a: ${1:x\\}y}\n- ${2|A,B|}\n$0'), 'a: x}y\n- A\n');
});

test('Helm templates: nothing inside {{ }}, fields still offered around them', () => {
  const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n';
  assert.deepEqual(complete(helm.replace('.Values.replicaCount', '.Values.re|plicaCount')).items, []);
  const { items } = complete(helm + '  sel|');
  assert.ok(labels(items).includes('selector'));
});
