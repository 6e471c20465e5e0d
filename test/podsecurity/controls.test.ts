import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePod, forbiddenDetail, MAX_POLICY_MINOR, namespacePolicy, policyText, violatesMessage, type LevelVersion } from '../../server/src/api/podSecurity/policy';
import { controlsFor } from '../../server/src/api/podSecurity/checks';

/** Every control of the Pod Security Standards (Kubernetes 1.36): a pod that fails it and one that passes. */

const restricted: LevelVersion = { level: 'restricted', version: 'latest' };
const baseline: LevelVersion = { level: 'baseline', version: 'latest' };

/** A pod that passes restricted: the starting point every case changes one thing of. */
function goodPod(): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  return {
    metadata: { name: 'p', annotations: {} },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  };
}

type Pod = ReturnType<typeof goodPod>;
const c0 = (p: Pod) => (p.spec.containers as Record<string, unknown>[])[0];
const sc0 = (p: Pod) => c0(p).securityContext as Record<string, unknown>;

interface Case {
  id: string;
  lv: LevelVersion;
  bad: (p: Pod) => void;
  reason: string;
  detail: string;
  field: (string | number)[];
  /** A variant that the control accepts. */
  good?: (p: Pod) => void;
}

const CASES: Case[] = [
  { id: 'hostNamespaces', lv: baseline, bad: (p) => Object.assign(p.spec, { hostNetwork: true, hostIPC: true }), reason: 'host namespaces', detail: 'hostNetwork=true, hostIPC=true', field: ['spec', 'hostNetwork'], good: (p) => Object.assign(p.spec, { hostNetwork: false }) },
  { id: 'privileged', lv: baseline, bad: (p) => (sc0(p).privileged = true), reason: 'privileged', detail: 'container "c" must not set securityContext.privileged=true', field: ['spec', 'containers', 0, 'securityContext', 'privileged'], good: (p) => (sc0(p).privileged = false) },
  { id: 'capabilities_baseline', lv: baseline, bad: (p) => (sc0(p).capabilities = { add: ['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW'] }), reason: 'non-default capabilities', detail: 'container "c" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add', field: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 1], good: (p) => (sc0(p).capabilities = { add: ['CHOWN', 'NET_BIND_SERVICE'] }) },
  { id: 'hostPathVolumes', lv: baseline, bad: (p) => (p.spec.volumes = [{ name: 'data', emptyDir: {} }, { name: 'host', hostPath: { path: '/var' } }]), reason: 'hostPath volumes', detail: 'volume "host"', field: ['spec', 'volumes', 1, 'hostPath'], good: (p) => (p.spec.volumes = [{ name: 'data', emptyDir: {} }]) },
  { id: 'hostPorts', lv: baseline, bad: (p) => (c0(p).ports = [{ containerPort: 80, hostPort: 8080 }, { containerPort: 443, hostPort: 443 }]), reason: 'hostPort', detail: 'container "c" uses hostPorts 443, 8080', field: ['spec', 'containers', 0, 'ports', 0, 'hostPort'], good: (p) => (c0(p).ports = [{ containerPort: 80, hostPort: 0 }]) },
  { id: 'appArmorProfile', lv: baseline, bad: (p) => (sc0(p).appArmorProfile = { type: 'Unconfined' }), reason: 'forbidden AppArmor profile', detail: 'container "c" must not set AppArmor profile type to "Unconfined"', field: ['spec', 'containers', 0, 'securityContext', 'appArmorProfile', 'type'], good: (p) => (sc0(p).appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s' }) },
  { id: 'appArmorProfile (annotation)', lv: baseline, bad: (p) => (p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' }), reason: 'forbidden AppArmor profile', // joinQuote wraps without escaping, as upstream does.
    detail: 'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/c="unconfined""', field: ['metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/c'], good: (p) => (p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' }) },
  { id: 'seLinuxOptions', lv: baseline, bad: (p) => ((p.spec.securityContext as Record<string, unknown>).seLinuxOptions = { type: 'spc_t', user: 'system_u' }), reason: 'seLinuxOptions', detail: 'pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set', field: ['spec', 'securityContext', 'seLinuxOptions', 'type'], good: (p) => ((p.spec.securityContext as Record<string, unknown>).seLinuxOptions = { type: 'container_engine_t', level: 's0:c1' }) },
  { id: 'procMount', lv: baseline, bad: (p) => (sc0(p).procMount = 'Unmasked'), reason: 'procMount', detail: 'container "c" must not set securityContext.procMount to "Unmasked"', field: ['spec', 'containers', 0, 'securityContext', 'procMount'], good: (p) => (sc0(p).procMount = 'Default') },
  { id: 'seccompProfile_baseline', lv: baseline, bad: (p) => ((p.spec.securityContext as Record<string, unknown>).seccompProfile = { type: 'Unconfined' }), reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"', field: ['spec', 'securityContext', 'seccompProfile', 'type'], good: (p) => ((p.spec.securityContext as Record<string, unknown>).seccompProfile = { type: 'Localhost', localhostProfile: 'x.json' }) },
  { id: 'sysctls', lv: baseline, bad: (p) => ((p.spec.securityContext as Record<string, unknown>).sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }, { name: 'kernel.msgmax', value: '1' }]), reason: 'forbidden sysctls', detail: 'kernel.msgmax', field: ['spec', 'securityContext', 'sysctls', 1, 'name'], good: (p) => ((p.spec.securityContext as Record<string, unknown>).sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }]) },
  { id: 'windowsHostProcess', lv: baseline, bad: (p) => (sc0(p).windowsOptions = { hostProcess: true }), reason: 'hostProcess', detail: 'container "c" must not set securityContext.windowsOptions.hostProcess=true', field: ['spec', 'containers', 0, 'securityContext', 'windowsOptions', 'hostProcess'], good: (p) => (sc0(p).windowsOptions = { hostProcess: false }) },
  { id: 'hostProbesAndHostLifecycle', lv: baseline, bad: (p) => (c0(p).readinessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }), reason: 'probe or lifecycle host', detail: 'container "c" uses probe or lifecycle host "10.0.0.1"', field: ['spec', 'containers', 0, 'readinessProbe', 'httpGet', 'host'], good: (p) => (c0(p).readinessProbe = { httpGet: { host: '', port: 80 } }) },
  { id: 'restrictedVolumes', lv: restricted, bad: (p) => (p.spec.volumes = [{ name: 'nfs', nfs: { server: 'x', path: '/' } }, { name: 'h', hostPath: { path: '/' } }]), reason: 'restricted volume types', detail: 'volumes "nfs", "h" use restricted volume types "hostPath", "nfs"', field: ['spec', 'volumes', 0, 'nfs'], good: (p) => (p.spec.volumes = [{ name: 'i', image: { reference: 'x:1' } }, { name: 'c', configMap: { name: 'c' } }]) },
  { id: 'allowPrivilegeEscalation', lv: restricted, bad: (p) => delete sc0(p).allowPrivilegeEscalation, reason: 'allowPrivilegeEscalation != false', detail: 'container "c" must set securityContext.allowPrivilegeEscalation=false', field: ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], good: (p) => (p.spec.os = { name: 'windows' }) },
  { id: 'runAsNonRoot', lv: restricted, bad: (p) => delete (p.spec.securityContext as Record<string, unknown>).runAsNonRoot, reason: 'runAsNonRoot != true', detail: 'pod or container "c" must set securityContext.runAsNonRoot=true', field: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], good: (p) => (sc0(p).runAsNonRoot = true) },
  { id: 'runAsNonRoot (explicit false)', lv: restricted, bad: (p) => (sc0(p).runAsNonRoot = false), reason: 'runAsNonRoot != true', detail: 'container "c" must not set securityContext.runAsNonRoot=false', field: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], good: (p) => Object.assign(p.spec, { hostUsers: false }) },
  { id: 'runAsUser', lv: restricted, bad: (p) => (sc0(p).runAsUser = 0), reason: 'runAsUser=0', detail: 'container "c" must not set runAsUser=0', field: ['spec', 'containers', 0, 'securityContext', 'runAsUser'], good: (p) => (sc0(p).runAsUser = 1000) },
  { id: 'seccompProfile_restricted', lv: restricted, bad: (p) => delete (p.spec.securityContext as Record<string, unknown>).seccompProfile, reason: 'seccompProfile', detail: 'pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"', field: ['spec', 'containers', 0, 'securityContext', 'seccompProfile', 'type'], good: (p) => (sc0(p).seccompProfile = { type: 'RuntimeDefault' }) },
  { id: 'capabilities_restricted', lv: restricted, bad: (p) => (sc0(p).capabilities = { add: ['NET_BIND_SERVICE', 'CHOWN'] }), reason: 'unrestricted capabilities', detail: 'container "c" must set securityContext.capabilities.drop=["ALL"]; container "c" must not include "CHOWN" in securityContext.capabilities.add', field: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], good: (p) => (sc0(p).capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }) },
  { id: 'procMount_restricted', lv: restricted, bad: (p) => Object.assign(p.spec, { hostUsers: false }) && (sc0(p).procMount = 'Unmasked'), reason: 'procMount', detail: 'container "c" must not set securityContext.procMount to "Unmasked"', field: ['spec', 'containers', 0, 'securityContext', 'procMount'] },
];

for (const c of CASES) {
  test(`control ${c.id}: fires with the admission plugin's reason and detail, at the field`, () => {
    assert.deepEqual(evaluatePod(c.lv, goodPod()), [], 'the starting pod passes');
    const pod = goodPod();
    c.bad(pod);
    const v = evaluatePod(c.lv, pod);
    assert.equal(v.length, 1, forbiddenDetail(v));
    assert.equal(v[0].reason, c.reason);
    assert.equal(v[0].detail, c.detail);
    assert.deepEqual(v[0].fields[0], c.field);
    if (c.good) {
      const ok = goodPod();
      c.good(ok);
      assert.deepEqual(evaluatePod(c.lv, ok), [], `${c.id}: the allowed variant passes`);
    }
  });
}

test('the restricted message for a bare container is word for word what the API server says', () => {
  const pod = { metadata: { name: 'nginx' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
  assert.equal(
    violatesMessage(restricted, evaluatePod(restricted, pod)),
    'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  assert.deepEqual(evaluatePod(baseline, pod), []);
  assert.deepEqual(evaluatePod({ level: 'privileged', version: 'latest' }, { spec: { hostPID: true } }), []);
});

test('containers are visited init, regular, ephemeral; baseline controls run before restricted ones, each sorted by id', () => {
  const pod = { spec: { hostPID: true, initContainers: [{ name: 'init' }], containers: [{ name: 'app', securityContext: { privileged: true } }], ephemeralContainers: [{ name: 'debug' }] } };
  const v = evaluatePod(restricted, pod);
  assert.deepEqual(v.map((x) => x.id), ['hostNamespaces', 'privileged', 'allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);
  assert.equal(v[2].detail, 'containers "init", "app", "debug" must set securityContext.allowPrivilegeEscalation=false');
});

test('version pinning: controls and allowed values follow the policy version', () => {
  const hostProbe = { spec: { containers: [{ name: 'c', livenessProbe: { tcpSocket: { host: 'db', port: 5432 } } }] } };
  assert.equal(evaluatePod({ level: 'baseline', version: 33 }, hostProbe).length, 0, 'probe hosts are checked from v1.34');
  assert.equal(evaluatePod({ level: 'baseline', version: 34 }, hostProbe).length, 1);
  const sysctl = { spec: { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time' }] } } };
  assert.equal(evaluatePod({ level: 'baseline', version: 28 }, sysctl)[0]?.detail, 'net.ipv4.tcp_keepalive_time');
  assert.equal(evaluatePod({ level: 'baseline', version: 29 }, sysctl).length, 0);
  const selinux = { spec: { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } } };
  assert.equal(evaluatePod({ level: 'baseline', version: 30 }, selinux).length, 1);
  assert.equal(evaluatePod({ level: 'baseline', version: 31 }, selinux).length, 0);
  const root = { spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'c', securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] } };
  assert.equal(evaluatePod({ level: 'restricted', version: 22 }, root).length, 0, 'runAsUser=0 is checked from v1.23');
  assert.equal(evaluatePod({ level: 'restricted', version: 23 }, root)[0]?.reason, 'runAsUser=0');
  const userns = { spec: { hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] } };
  assert.equal(evaluatePod({ level: 'restricted', version: 34 }, userns)[0]?.reason, 'runAsNonRoot != true');
  assert.equal(evaluatePod({ level: 'restricted', version: 35 }, userns).length, 0, 'user-namespace pods are relaxed from v1.35');
  const seccompAnnotation = { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { containers: [{ name: 'c' }] } };
  assert.equal(evaluatePod({ level: 'baseline', version: 18 }, seccompAnnotation)[0]?.detail, 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"');
  assert.equal(evaluatePod({ level: 'baseline', version: 19 }, seccompAnnotation).length, 0);
  assert.equal(MAX_POLICY_MINOR, 35, 'latest is v1.35 on a 1.36 API server');
  assert.equal(controlsFor('restricted', 99).length, controlsFor('restricted', 35).length);
  assert.ok(!controlsFor('restricted', 35).some((c) => c.id === 'hostPathVolumes' || c.id === 'procMount'), 'overridden baseline controls');
});

test('namespace labels: levels, versions, warn following enforce, invalid values failing closed', () => {
  const p = namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' }).policy;
  assert.equal(policyText(p.enforce), 'baseline:v1.30');
  assert.equal(policyText(p.warn), 'baseline:v1.30', 'warn follows a stricter enforce');
  assert.equal(policyText(p.audit), 'privileged:latest');
  const q = namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' }).policy;
  assert.equal(policyText(q.warn), 'restricted:latest');
  const bad = namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'strict', 'pod-security.kubernetes.io/audit-version': '1.30' });
  assert.equal(policyText(bad.policy.enforce), 'restricted:latest');
  assert.deepEqual(bad.errors.map((e) => e.label), ['pod-security.kubernetes.io/enforce', 'pod-security.kubernetes.io/audit-version']);
  assert.equal(bad.errors[0].message, 'must be one of privileged, baseline, restricted');
  assert.equal(policyText(namespacePolicy(undefined, { enforce: restricted }).policy.enforce), 'restricted:latest');
});

test('malformed pods never throw', () => {
  for (const spec of [null, 'x', [], { containers: 'x' }, { containers: [null, 3, { securityContext: 'x', ports: 'y' }] }, { volumes: [null, { hostPath: null }] }, { securityContext: { sysctls: [null] } }]) {
    assert.doesNotThrow(() => evaluatePod(restricted, { metadata: { annotations: 'x' }, spec }));
  }
});
