/**
 * The rule ids of dry-run predictions (`predict.ts`), one line each; docs/rules.md has the long
 * form. They are stable: CI configurations and suppressions name them.
 */
export const PREDICTION_RULES: Record<string, string> = {
  'dry-run-crashloop': 'The dry run predicts that a container exits and ends in CrashLoopBackOff.',
  'dry-run-image-pull': 'The dry run predicts that an image cannot be pulled (ErrImagePull, ImagePullBackOff).',
  'dry-run-never-ready': 'The dry run predicts that a readiness probe never succeeds, so the pod never serves.',
  'dry-run-liveness': 'The dry run predicts that a liveness probe fails and the container is restarted again and again.',
  'dry-run-unschedulable': 'The dry run predicts that pods stay Pending: no node fits them (FailedScheduling).',
  'dry-run-rollout-stalled': 'The dry run predicts that a Deployment exceeds its progress deadline: the rollout stalls.',
  'dry-run-job-failed': 'The dry run predicts that a Job fails (backoff limit or active deadline exceeded).',
  'dry-run-oom': 'The dry run predicts that a container is OOMKilled: it uses more memory than its limit.',
  'dry-run-config-error': 'The dry run predicts CreateContainerConfigError: a referenced ConfigMap, Secret or key is missing.',
  'dry-run-error-exit': 'The dry run predicts that a Pod with restartPolicy Never ends in Error.',
  'dry-run-create-failed': 'The dry run predicts that the API server refuses the pods of a workload (FailedCreate: Pod Security, quota, limits).',
  'dry-run-no-endpoints': 'The dry run predicts that a Service has no ready endpoints: traffic to it fails.',
};
