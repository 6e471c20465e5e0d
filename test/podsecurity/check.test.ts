import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles } from '../../server/src/engine/check';
import { normalizeSettings } from '../../server/src/engine/config';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import type { Finding } from '../../server/src/engine/findings';

/** `check` reports Pod Security violations where the namespace (in the workspace) or the setting applies a level. */

const NS = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels:
${labels}`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
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
          securityContext:
            privileged: true
`;

function run(files: Record<string, string>, settings: Record<string, unknown> = {}): { text: string; findings: Finding[] } {
  const parsed = Object.entries(files).map(([uri, text]) => parseYamlFile(uri, text));
  const out = checkFiles(parsed, { settings: normalizeSettings(settings) });
  return { text: files['file:///web.yaml'], findings: (out.get('file:///web.yaml') ?? []).filter((f) => f.code === 'pod-security') };
}

function at(text: string, f: Finding): string {
  const li = new LineIndex(text);
  return `${f.range.start.line}:${text.slice(li.offsetAt(f.range.start), li.offsetAt(f.range.end))}`;
}

test('enforce=restricted: one error per failing control, on its field, in the admission words', () => {
  const { text, findings } = run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/enforce: restricted\n'), 'file:///web.yaml': DEPLOYMENT });
  const got = findings.map((f) => [at(text, f), f.severity, f.message.replace(/: namespace .*$/, '')]);
  assert.deepEqual(got, [
    ['17:securityContext', 'error', 'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false)'],
    ['17:securityContext', 'error', 'violates PodSecurity "restricted:latest": unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"])'],
    ['17:securityContext', 'error', 'violates PodSecurity "restricted:latest": runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true)'],
    ['17:securityContext', 'error', 'violates PodSecurity "restricted:latest": seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'],
    ['18:true', 'error', 'violates PodSecurity "restricted:latest": privileged (container "web" must not set securityContext.privileged=true)'],
  ]);
  assert.match(findings[0].message, /: namespace "prod" enforces restricted, so the API server refuses the pods this Deployment creates \(FailedCreate\) and it never becomes ready$/);
});

test('warn and audit are warnings and information; enforce wins for a control both report', () => {
  const { text, findings } = run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/warn-version: v1.30\n'), 'file:///web.yaml': DEPLOYMENT });
  const bySeverity = findings.map((f) => `${f.severity} ${at(text, f)} ${/"([a-z]+:[a-z0-9.]+)"/.exec(f.message)![1]}`);
  assert.deepEqual(bySeverity, [
    'warning 17:securityContext restricted:v1.30',
    'warning 17:securityContext restricted:v1.30',
    'warning 17:securityContext restricted:v1.30',
    'warning 17:securityContext restricted:v1.30',
    'error 18:true baseline:latest',
  ]);
  assert.match(findings[0].message, /^would violate PodSecurity .*namespace "prod" warns on restricted, so kubectl apply prints this as a warning$/);
  const audit = run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/audit: baseline\n'), 'file:///web.yaml': DEPLOYMENT }).findings;
  assert.deepEqual(audit.map((f) => f.severity), ['information']);
});

test('no labels and no setting: nothing; kubeRehearsal.podSecurity applies a level to unlabelled namespaces only', () => {
  assert.deepEqual(run({ 'file:///web.yaml': DEPLOYMENT }).findings, []);
  const dflt = run({ 'file:///web.yaml': DEPLOYMENT }, { podSecurity: 'baseline' }).findings;
  assert.equal(dflt.length, 1);
  assert.match(dflt[0].message, /privileged \(container "web".*namespace "prod" \(no pod-security labels; kubeRehearsal.podSecurity\) enforces baseline/);
  const labelled = run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/enforce: privileged\n'), 'file:///web.yaml': DEPLOYMENT }, { podSecurity: 'restricted' }).findings;
  assert.deepEqual(labelled, [], 'a labelled namespace follows its labels');
});

test('a pod that meets restricted has no finding; a bare Pod, a CronJob and a fixed template are placed right', () => {
  const fixed = DEPLOYMENT.replace(
    '            privileged: true\n',
    '            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            capabilities:\n              drop: ["ALL"]\n            seccompProfile:\n              type: RuntimeDefault\n',
  );
  assert.deepEqual(run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/enforce: restricted\n'), 'file:///web.yaml': fixed }).findings, []);
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: web
  namespace: prod
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          hostPID: true
          containers:
            - name: c
              image: busybox:1.36
`;
  const r = run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/enforce: baseline\n'), 'file:///web.yaml': cron });
  assert.deepEqual(r.findings.map((f) => at(r.text, f)), ['12:true']);
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\nspec:\n  volumes:\n    - name: h\n      hostPath:\n        path: /\n  containers:\n    - name: c\n      image: busybox:1.36\n';
  const p = run({ 'file:///ns.yaml': NS('    pod-security.kubernetes.io/enforce: baseline\n'), 'file:///web.yaml': pod });
  assert.deepEqual(p.findings.map((f) => at(p.text, f)), ['8:hostPath']);
  assert.match(p.findings[0].message, /hostPath volumes \(volume "h"\): namespace "prod" enforces baseline, so the API server refuses this pod$/);
});

test('an invalid pod-security label value is reported on the Namespace', () => {
  const parsed = [parseYamlFile('file:///ns.yaml', NS('    pod-security.kubernetes.io/enforce: strict\n'))];
  const f = (checkFiles(parsed).get('file:///ns.yaml') ?? []).filter((x) => x.code === 'pod-security');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, 5);
  assert.match(f[0].message, /Invalid value: "strict": must be one of privileged, baseline, restricted/);
});
