// Messages of our own words (not Kubernetes'), each with an id and named arguments, so an editor can
// show them in the user's language. The engine only ever renders the English templates below; the
// LSP adapter renders the same id and arguments from its catalog for the client's locale
// (server/src/lsp/l10n). Texts Kubernetes itself prints (API server errors, event messages) are
// passed as arguments and never translated.

/** English templates: `{name}` is replaced by the argument of that name. */
export const ENGLISH = {
  'unknown-kind.did-you-mean': 'unknown kind "{kind}"{scope}; did you mean {suggestion}?',
  'unknown-kind.scope': ' in {apiVersion}',
  'unknown-kind.suggestion-api': '"{kind}" (apiVersion: {apiVersion})',
  'service-selects-nothing': 'selector {{selector}} matches no pod template in namespace "{namespace}" in the workspace: the Service will have no endpoints',
  'service-selects-nothing.key-typo':
    'selector {{selector}} matches no pod template in namespace "{namespace}" in the workspace: the Service will have no endpoints; did you mean `{have}: {want}` ({target} has `{have}`, not `{key}`)?',
  'service-selects-nothing.value-typo':
    'selector {{selector}} matches no pod template in namespace "{namespace}" in the workspace: the Service will have no endpoints; did you mean `{key}: {have}` ({target} has `{key}: {have}`, not `{key}: {want}`)?',
  'probe-port-unknown.named': '{field}: the {probe} uses port {port}, which container {container} does not declare; the container\'s named ports are {names}',
  'probe-port-unknown.none': '{field}: the {probe} uses port {port}, which container {container} does not declare; the container declares no named ports',
  'image-latest-tag.untagged': 'image "{image}" has no tag, so it means "{image}:latest": imagePullPolicy defaults to Always and the version can change on every pull; pin a tag',
  'image-latest-tag.latest': 'image "{image}" uses :latest: imagePullPolicy defaults to Always and the version can change on every pull; pin a tag',
  'dry-run.at': '{message} (at {time})',
  'dry-run.in-build': '{message} (in the build of {kustomization})',
  'dry-run-unschedulable': 'Pending: {reason}',
  'dry-run-never-ready': 'readiness probe never succeeds: {reason}',
  'dry-run-image-pull': 'image {image}: {reason}; {outcome}',
  'dry-run-image-pull.owners-stay': 'pods of {kind} {name} stay in ImagePullBackOff',
  'dry-run-image-pull.pod-stays': 'pod {name} stays in ImagePullBackOff',
  'dry-run-image-pull.rollout-stalls-one': 'the rollout stalls with 1 old pod serving',
  'dry-run-image-pull.rollout-stalls': 'the rollout stalls with {count} old pods serving',
  'dry-run-crashloop.pod': 'pod {name} ends in CrashLoopBackOff: container {container} {exit} and restartPolicy is {restartPolicy}',
  'dry-run-crashloop.owner': 'the pod of {kind} {name} ends in CrashLoopBackOff: container {container} {exit} and restartPolicy is {restartPolicy}',
  'dry-run-crashloop.owner-plural': 'pods of {kind} {name} end in CrashLoopBackOff: container {container} {exit} and restartPolicy is {restartPolicy}',
  'dry-run-crashloop.exit-code': 'exits with code {code}',
  'dry-run-crashloop.exits': 'exits',
} as const;

export type MessageId = keyof typeof ENGLISH;

/** A message by id; an argument may itself be a message (rendered in the same language). */
export interface MessageRef {
  id: MessageId;
  args: Record<string, string | MessageRef>;
}

export type Catalog = Partial<Record<MessageId, string>>;

/** Renders a message from `catalog`, falling back to English for ids (and nested ids) it lacks. */
export function renderMessage(ref: MessageRef, catalog?: Catalog): string {
  const template = catalog?.[ref.id] ?? ENGLISH[ref.id];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const arg = ref.args[name];
    if (arg === undefined) return whole;
    return typeof arg === 'string' ? arg : renderMessage(arg, catalog);
  });
}

export function msg(id: MessageId, args: MessageRef['args'] = {}): MessageRef {
  return { id, args };
}

/** The English text and its message reference, ready to spread into a Finding. */
export function localizable(ref: MessageRef): { message: string; l10n: MessageRef } {
  return { message: renderMessage(ref), l10n: ref };
}
