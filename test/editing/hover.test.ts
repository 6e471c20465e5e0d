import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/engine/editing/hover';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { withCursor } from './helpers';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: Always
          ports:
            - containerPort: 80
`;

/** Hover at the first occurrence of `at` in DEPLOY, `offsetIn` characters into it. */
function hoverAt(text: string, at: string, offsetIn = 1, env = {}, uri = 'file:///w/deploy.yaml') {
  const i = text.indexOf(at);
  assert.ok(i >= 0, at);
  const { file, position } = withCursor(text.slice(0, i + offsetIn) + '|' + text.slice(i + offsetIn), uri);
  return hover(file, position, env);
}

test('a field: path, type, optional, default, reference link with the type anchor', () => {
  const h = hoverAt(DEPLOY, 'replicas')!;
  assert.match(h.contents.value, /^`spec\.replicas` · `integer \(int32\)` · optional/);
  assert.match(h.contents.value, /Default: `1`/);
  assert.match(h.contents.value, /\(https:\/\/kubernetes\.io\/docs\/reference\/kubernetes-api\/workload-resources\/deployment-v1\/#DeploymentSpec\)/);
  assert.deepEqual(h.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 10 } });
});

test('enum values on the value, required fields, container link to the Pod page', () => {
  const h = hoverAt(DEPLOY, 'Always', 2)!;
  assert.match(h.contents.value, /`spec\.template\.spec\.containers\[\]\.imagePullPolicy` · `string` · optional/);
  assert.match(h.contents.value, /Allowed values: `Always`, `Never`, `IfNotPresent`/);
  assert.match(h.contents.value, /workload-resources\/pod-v1\/#Container\)/);
  const c = hoverAt(DEPLOY, 'containers')!;
  assert.match(c.contents.value, /`\[\]Container` · required/);
  assert.match(c.contents.value, /Requires: `name`/);
  const port = hoverAt(DEPLOY, 'containerPort')!;
  assert.match(port.contents.value, /· required/);
});

test('int-or-string, quantity and common definitions', () => {
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n      targetPort: http\n';
  const h = hoverAt(svc, 'targetPort')!;
  assert.match(h.contents.value, /`int-or-string`/);
  assert.match(h.contents.value, /service-resources\/service-v1\//);
  const meta = hoverAt(svc, 'name: s', 1)!;
  assert.match(meta.contents.value, /common-definitions\/object-meta\/#ObjectMeta/);
  const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      resources:\n        limits:\n          memory: 128Mi\n';
  assert.match(hoverAt(pod, 'memory')!.contents.value, /`quantity`/);
});

test('kind: served versions and scope; unknown fields and kinds say so', () => {
  const h = hoverAt('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n', 'Horizontal', 3)!;
  assert.match(h.contents.value, /\*\*HorizontalPodAutoscaler\*\* · `autoscaling\/v2` · namespaced/);
  assert.match(h.contents.value, /`autoscaling\/v1`/);
  assert.match(h.contents.value, /workload-resources\/horizontal-pod-autoscaler-v2\/#HorizontalPodAutoscaler/);
  const typo = hoverAt(DEPLOY.replace('replicas', 'replica'), 'replica')!;
  assert.match(typo.contents.value, /`spec\.replica` is not a field of Deployment/);
  assert.match(hoverAt('apiVersion: v1\nkind: Pods\n', 'Pods')!.contents.value, /not a built-in kind/);
});

test('no copied description prose: only facts and the link', () => {
  const h = hoverAt(DEPLOY, 'selector')!;
  assert.ok(!/Label selector for pods/i.test(h.contents.value));
  assert.ok(h.contents.value.length < 800);
});

test('selector: which pod templates and Services it matches', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/deploy.yaml', DEPLOY));
  index.update(parseYamlFile('file:///w/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\nspec:\n  selector:\n    app: web\n'));
  index.update(parseYamlFile('file:///w/svc2.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  selector:\n    app: wbe\n'));
  const h = hoverAt(DEPLOY, 'matchLabels', 1, { index })!;
  assert.match(h.contents.value, /Selector `app=web` in namespace `default`/);
  assert.match(h.contents.value, /its own pod template: matches/);
  assert.match(h.contents.value, /selected by Service web-svc/);
  assert.ok(!/typo/.test(h.contents.value));
  const svcText = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\nspec:\n  selector:\n    app: web\n';
  const s = hoverAt(svcText, 'selector', 1, { index }, 'file:///w/svc.yaml')!;
  assert.match(s.contents.value, /matches Deployment web \(deploy\.yaml\)/);
  const typo = hoverAt('apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  selector:\n    app: wbe\n', 'app', 1, { index }, 'file:///w/svc2.yaml')!;
  assert.match(typo.contents.value, /matches no pod template in the workspace/);
  const labels = hoverAt(DEPLOY, 'app: web\n    spec', 1, { index })!;
  assert.match(labels.contents.value, /Selected by:\n- this Deployment \(`app=web`\)\n- Service web-svc \(`app=web`\)/);
});

test('image: what the simulator assumes', () => {
  const images = {
    images: () => [],
    describe: (image: string) => (image.startsWith('nginx') ? { known: true, summary: 'nginx serves HTTP on port 80 after about 1 s', tags: ['1.27', 'latest'] } : { known: false, summary: 'unknown image: starts at once and runs until stopped' }),
  };
  const h = hoverAt(DEPLOY, 'nginx:1.27', 2, { images })!;
  assert.match(h.contents.value, /\*\*Simulator:\*\* nginx serves HTTP on port 80/);
  assert.match(h.contents.value, /Known tags: `1\.27`, `latest`/);
  const u = hoverAt(DEPLOY.replace('nginx:1.27', 'acme/app:3'), 'acme', 2, { images })!;
  assert.match(u.contents.value, /Unknown to the simulator's image catalog/);
});

test('hover works on a document that does not parse (line fallback)', () => {
  const broken = 'apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: Never\n  containers:\n    - name: a\n      image: [unclosed\n';
  const h = hoverAt(broken, 'restartPolicy')!;
  assert.match(h.contents.value, /`spec\.restartPolicy` · `string`/);
});

test('apiVersion: whether it serves the kind, and which versions do', () => {
  const ok = hoverAt('apiVersion: apps/v1\nkind: Deployment\n', 'apps', 2)!;
  assert.match(ok.contents.value, /`apps\/v1` serves \*\*Deployment\*\*/);
  const wrong = hoverAt('apiVersion: v1\nkind: Deployment\n', 'v1', 1)!;
  assert.match(wrong.contents.value, /`v1` does not serve \*\*Deployment\*\* in Kubernetes 1\.36: `apps\/v1` does/);
});

test('Service targetPort: which container port it reaches in the selected pods', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/deploy.yaml', DEPLOY.replace('- containerPort: 80', '- containerPort: 80\n              name: http')));
  const svc = (tp: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 8080\n      targetPort: ${tp}\n`;
  assert.match(hoverAt(svc('http'), 'targetPort', 1, { index }, 'file:///w/svc.yaml')!.contents.value, /Deployment web: container `web` port 80 \(`http`\)/);
  assert.match(hoverAt(svc('80'), 'targetPort', 1, { index }, 'file:///w/svc.yaml')!.contents.value, /container `web` port 80/);
  assert.match(hoverAt(svc('htp'), 'targetPort', 1, { index }, 'file:///w/svc.yaml')!.contents.value, /no container declares a port named `htp`/);
});

test('in a half-typed document the line under the cursor decides the path', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  sel\n  replicas: 2\n';
  const h = hoverAt(text, 'replicas')!;
  assert.match(h.contents.value, /^`spec\.replicas` · `integer \(int32\)`/);
});
