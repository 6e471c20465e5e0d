import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigText } from '../../server/src/cli/serve';
import { readManifestsFor, readPlainFile } from '../../server/src/cli/simulate';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { startServer, type RunningServer } from '../../server/src/serve/server';
import { assertSamePrintouts, hasKubectl, kubectlWith, type KubectlResult } from './samePrintouts';

/**
 * A kubectl course's commands, each typed into the built-in shell and run by the real kubectl
 * against `serve` over the same cluster (test-fixtures/kubectl-course: a Deployment with config,
 * secrets, probes and volumes, Services of each type, a Job, a CronJob, a StatefulSet with claims,
 * a DaemonSet, a claim, an Ingress, an HPA, a crashing pod and one with a missing image), six and a
 * half minutes in. What each prints must be the same, byte for byte (describe's event ages aside).
 * Not compared: describe of a Secret or ConfigMap of several keys (kubectl lists them in Go's random map order).
 */

const SKIP = !hasKubectl && 'kubectl is not on the PATH: the comparison of the shell with the real kubectl is skipped';
if (SKIP) console.log(`# ${SKIP}`);

let server: RunningServer;
let dir: string;
let kubectl: (args: string[]) => Promise<KubectlResult>;

before(async () => {
  if (SKIP) return;
  dir = mkdtempSync(join(tmpdir(), 'kr-course-'));
  const sim = createSimulation({
    objects: [], seed: 1, horizon: 3600,
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    io: { readManifests: readManifestsFor, readFile: readPlainFile },
  });
  sim.runKubectl(['apply', '-f', 'test-fixtures/kubectl-course']);
  sim.runUntil(400);
  server = await startServer({ sim, token: 'course-token-0123456789', port: 0, speed: 1, tickMs: 50, epochMs: (s) => s.core.epochMs });
  server.clock.pause();
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigText(server.url, 'course-token-0123456789', server.ca));
  kubectl = kubectlWith(kubeconfig, join(dir, 'cache'));
});

after(async () => {
  if (SKIP) return;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const same = (lines: string[]) => assertSamePrintouts(server, kubectl, lines);

test('pods: get (wide, labels, -L, -l), -o yaml|json|jsonpath|custom-columns, describe', { skip: SKIP }, () => same([
  'get pods', 'get pods -o wide', 'get pods --show-labels', 'get pods -L app', 'get pods -l app=shop',
  'get pod badimage -o yaml', 'get pod badimage -o json', 'get pod db-0 -o yaml',
  'get pods -o jsonpath={.items[*].metadata.name}', 'get pods -o custom-columns=NAME:.metadata.name,STATUS:.status.phase',
  'get pods -o yaml', 'get pods --field-selector=status.phase=Running', 'get pods -o wide -A',
  'describe pod crasher', 'describe pod badimage', 'describe pods -l app=shop', 'describe pod db-0', 'describe pods -l app=log-agent',
]));

test('deployments, replica sets, services, endpoints', { skip: SKIP }, () => same([
  'get deploy', 'get deploy -o wide', 'get deploy shop -o yaml', 'get deploy shop -o json', 'describe deploy shop',
  'get deploy -o json', 'get rs', 'get rs -o wide', 'describe rs', 'get rs -l app=shop -o name',
  'get svc', 'get svc -o wide', 'get svc shop -o yaml', 'get svc db -o yaml', 'get svc shop-np -o json', 'describe svc shop', 'describe svc shop-np', 'describe svc db',
  'get endpoints', 'get ep shop', 'get ep -o wide', 'describe endpoints shop',
]));

test('config maps, secrets, jobs, cron jobs, namespaces, nodes', { skip: SKIP }, () => same([
  'get cm', 'get cm app-config -o yaml', 'get secrets', 'get secret db-secret -o yaml', 'describe secret api-token',
  'get jobs', 'get jobs -o wide', 'describe job pi', 'get cronjobs', 'get cj -o wide', 'describe cronjob hello',
  'get job pi -o yaml', 'get cj hello -o yaml',
  'get ns', 'get ns default -o yaml', 'describe ns default', 'get nodes', 'get nodes -o wide', 'get sa', 'describe sa default',
]));

test('claims, stateful sets, daemon sets, ingress, autoscalers', { skip: SKIP }, () => same([
  'get pvc', 'get pvc -o wide', 'get pvc uploads -o yaml', 'describe pvc uploads',
  'get sts', 'get sts -o wide', 'get sts db -o yaml', 'describe sts db', 'get ds', 'get ds -o wide', 'get ds log-agent -o yaml', 'describe ds log-agent',
  'get ingress', 'get ingress shop -o yaml', 'describe ingress shop', 'get hpa', 'get hpa shop -o yaml', 'describe hpa shop',
]));

test('rollouts, logs, events, get all', { skip: SKIP }, () => same([
  'rollout status deployment/shop', 'rollout history deployment/shop', 'rollout history deployment/shop --revision=1',
  'rollout status statefulset/db', 'rollout history statefulset/db', 'rollout status daemonset/log-agent',
  'logs crasher', 'logs job/pi', 'logs deploy/shop', 'logs db-0 --tail=2',
  'get events', 'get events -A', 'events', 'events -A', 'events --for pod/crasher', 'events --types=Warning', 'events -n nope',
  'get all', 'get all -A',
]));
