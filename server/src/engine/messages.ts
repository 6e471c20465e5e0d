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
  'dry-run-no-endpoints': 'Service {name} has no ready endpoints{why}',
  'dry-run-no-endpoints.not-ready-one': ': 1 matching pod is not ready',
  'dry-run-no-endpoints.not-ready': ': {count} matching pods are not ready',
  'dry-run-no-endpoints.no-match': ': no pod matches the selector {selector}',
  'dry-run-rollout-stalled': 'Deployment {name} exceeds its progress deadline: {reason}',
  'dry-run-rollout-stalled.no-progress': 'the rollout makes no progress',
  'dry-run-job-failed': 'Job {name} fails',
  'dry-run-job-failed.event': 'Job {name} fails: {reason}: {message}',
  'dry-run-create-failed': '{kind} {name} cannot create its pods: {reason}',
  'dry-run-config-error.pod': 'pod {name} stays in CreateContainerConfigError{detail}',
  'dry-run-config-error.owner': 'the pod of {kind} {name} stays in CreateContainerConfigError{detail}',
  'dry-run-config-error.owner-plural': 'pods of {kind} {name} stay in CreateContainerConfigError{detail}',
  'dry-run-liveness': 'liveness probe fails: {reason}; container {container} is restarted{restarts}',
  'dry-run-liveness.restarts-one': ' (1 restart by {time})',
  'dry-run-liveness.restarts': ' ({count} restarts by {time})',
  'dry-run-oom': 'container {container} is OOMKilled: it uses more memory than its limit{limit}',
  'dry-run-error-exit': 'pod {name} ends in Error: container {container} exits with code {code}',
  // Lists of quoted values (schema messages): "a", "b" or "c".
  'list.or': '{items} or {last}',
  // Schema findings (engine/schema/messages.ts).
  'unknown-field': 'unknown field "{field}" in {label}',
  'unknown-field.did-you-mean': 'unknown field "{field}" in {label}; did you mean {suggestions}?',
  'unknown-field.misplaced': 'unknown field "{field}" in {label}: "{name}" belongs under "{home}" (check its indentation)',
  'unknown-field.expected': 'unknown field "{field}" in {label}; expected one of {allowed}',
  'missing-required-field': 'missing required field "{field}" in {where}',
  'missing-required-field.api-version': 'missing required field "apiVersion": {kind} needs apiVersion: {apiVersion}',
  'missing-required-field.kind': 'missing required field "kind": say which {apiVersion} object this is (for example kind: {kinds})',
  'wrong-type': '{where} must be {expected}, but found {found}',
  'wrong-type.quote': '{where} must be {expected}, but found {found}; quote it: "{text}"',
  'wrong-type.document': 'the document',
  'value-not-in-enum': '{where} must be one of {allowed}, but found {found}',
  'value-not-in-enum.did-you-mean': '{where} must be one of {allowed}, but found {found}; did you mean "{best}"?',
  'type.integer': 'an integer',
  'type.number': 'a number',
  'type.string': 'a string',
  'type.boolean': 'true or false',
  'type.object': 'a map of fields (key: value)',
  'type.array': 'a list (items starting with "- ")',
  'type.null': 'nothing',
  'type.int-or-string': 'an integer or a string (e.g. 8080 or "http")',
  'type.quantity': 'a quantity (e.g. 500m, 128Mi or 2)',
  'type.either': '{a} or {b}',
  'found.nothing': 'nothing',
  'found.list': 'a list',
  'found.timestamp': 'a timestamp',
  'found.string': 'the string {value}',
  'found.number': 'the number {value}',
  'found.decimal': 'the decimal number {value}',
  'found.boolean': 'the boolean {value}',
  'found.map': 'a map of fields',
  'duplicate-key': 'duplicate key: this key is already set earlier in the same map; kubectl keeps this later value and silently drops the earlier one',
  'cluster-scoped-namespace': 'metadata.namespace: {kind} is cluster-scoped (spec.scope: Cluster in its CRD): the API server ignores the namespace and stores the object without one',
  // Rules whose words are ours (the API server's "Invalid value: ..." texts stay English).
  'missing-reference': '{kind} "{name}" is not defined in namespace "{namespace}" anywhere in the workspace; the pod will not start until it exists in the cluster',
  'missing-reference.service': '{kind} "{name}" is not defined in namespace "{namespace}" anywhere in the workspace; the pods get no stable DNS names until it exists',
  'probe-port-undeclared': 'the {probe} targets port {port}, but container {container} declares only {declared}',
  'probe-http-path': 'the {probe} httpGet has no path, so the kubelet requests "/"; set the health endpoint explicitly',
  'hpa-target': 'scaleTargetRef {kind} "{name}" is not defined in namespace "{namespace}" anywhere in the workspace: the autoscaler will report FailedGetScale; did you mean "{suggestion}"?',
  'ingress-backend.service': 'Service "{service}" is not defined in namespace "{namespace}" anywhere in the workspace: this backend will answer 503; did you mean "{suggestion}"?',
  'duplicate-object': '{kind} "{name}"{namespace} is already defined in this file (document {document}); applying the file keeps only the last one',
  'duplicate-object.namespace': ' in namespace "{namespace}"',
  // Hovers (engine/editing/hover.ts); Markdown. Field documentation is Kubernetes' own and stays English.
  'hover.not-built-in': '**{kind}** is not a built-in kind of Kubernetes 1.36.',
  'hover.namespaced': 'namespaced',
  'hover.cluster-scoped': 'cluster-scoped',
  'hover.served-as': 'Served as {versions}',
  'hover.api-reference-kind': 'API reference: {kind}',
  'hover.api-reference': 'API reference',
  'hover.serves': '`{apiVersion}` serves **{kind}**',
  'hover.serves-also': '`{apiVersion}` serves **{kind}** (also {versions})',
  'hover.does-not-serve-one': '`{apiVersion}` does not serve **{kind}** in Kubernetes 1.36: {versions} does',
  'hover.does-not-serve-many': '`{apiVersion}` does not serve **{kind}** in Kubernetes 1.36: {versions} do',
  'hover.required': 'required',
  'hover.optional': 'optional',
  'hover.allowed-values': 'Allowed values: {values}',
  'hover.default': 'Default: {value}',
  'hover.int-or-string': 'A number, or a string such as a named port or a percentage',
  'hover.quantity': 'A quantity such as `500m`, `1`, `128Mi` or `1Gi`',
  'hover.requires': 'Requires: {fields}',
  'hover.not-a-field': '`{path}` is not a field of {kind} (`{apiVersion}`).',
  'hover.selector': 'Selector `{selector}` in namespace `{namespace}`',
  'hover.selector-empty': '(empty)',
  'hover.own-template-matches': '- its own pod template: matches',
  'hover.own-template-mismatch': '- its own pod template: **does not match**',
  'hover.matches': '- matches {object} ({file})',
  'hover.this-file': 'this file',
  'hover.matches-none': '- matches no pod template in the workspace',
  'hover.and-more': '- and {count} more',
  'hover.selected-by-service': '- its pods are selected by {object} (`{selector}`)',
  'hover.no-service': '- no Service in the workspace selects its pods',
  'hover.labels-unselected': 'No Service or controller in the workspace selects these labels.',
  'hover.selected-by': 'Selected by:',
  'hover.this-kind': 'this {kind}',
  'hover.simulator': '**Simulator:** {summary}',
  'hover.unknown-image': "Unknown to the simulator's image catalog: describe its behaviour in `.kube-rehearsal.yaml` to change these assumptions.",
  'hover.known-tags': 'Known tags: {tags}',
  'hover.no-pod-template': 'The selector picks no pod template in the workspace.',
  'hover.reaches': 'Reaches:',
  'hover.port-hit': 'container `{container}` port {port}{name}',
  'hover.no-named-port': '- {object}: **no container declares a port named `{target}`**',
  'hover.no-port': '- {object}: no container declares port {target} (traffic still goes there if the process listens)',
  // Dry-run CodeLens titles (server/src/lsp/services/simulate.ts); the status is kubectl's words.
  'lens.dry-run': 'Dry run',
  'lens.status': 'Dry run: {status}',
  'lens.rejected': 'Dry run: not simulated (rejected by the API server)',
  'lens.replaced': 'Dry run: replaced by the same {kind} in {file}',
  // Related locations of findings (shown under them in the Problems panel).
  'related.first-definition': 'first definition',
  'related.other-definition': 'other definition',
  'related.selector-requirement': 'the selector requirement that fails',
  'related.labels': '{kind} {name} labels',
  'related.template-labels': '{kind} {name} template labels',
  'related.containers': '{kind} {name} containers',
  'related.service-ports': 'Service {name} ports',
  // Quick-fix titles.
  'fix.change-kind': 'Change kind to {kind}',
  'fix.change-kind-api': 'Change kind to {kind} (apiVersion {apiVersion})',
  'fix.add-api-version': 'Add apiVersion: {apiVersion}',
  'fix.rename-field': 'Rename to "{name}"',
  'fix.move-field': 'Move "{field}" under "{home}"',
  'fix.add-required-field': 'Add required field "{field}"',
  'fix.quote-value': 'Quote the value as "{text}"',
  'fix.change-value-quoted': 'Change to "{value}"',
  'fix.change-value': 'Change to {value}',
  'fix.move-restart-policy': 'Move "restartPolicy" to the pod spec',
  'fix.remove-namespace': 'Remove metadata.namespace',
  'fix.point-probe': 'Point the probe at port {port}',
  'fix.declare-port': 'Declare port {port} on the container',
  'fix.rename-container': 'Rename the container to "{name}"',
  'fix.set-restart-policy': 'Set restartPolicy to {policy}',
  'fix.selector-key': 'Change the selector key to {key}',
  'fix.selector-value': 'Change the selector to {key}: {value}',
  'fix.selector-to-template': 'Make the selector match the template labels',
  'fix.template-to-selector': 'Copy the selector into the template labels',
  'fix.change-api-version': 'Change apiVersion to {apiVersion}',
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

/** A quick fix's title and its message reference, ready to spread into a Fix. */
export function fixTitle(ref: MessageRef): { title: string; l10n: MessageRef } {
  return { title: renderMessage(ref), l10n: ref };
}

/** `"a", "b" or "c"`: the values quoted, the last joined by the language's "or". */
export function orListRef(values: readonly string[]): string | MessageRef {
  const q = values.map((v) => JSON.stringify(v));
  if (q.length <= 1) return q.join('');
  return msg('list.or', { items: q.slice(0, -1).join(', '), last: q[q.length - 1] });
}

/** The English text and its message reference, ready to spread into a Finding. */
export function localizable(ref: MessageRef): { message: string; l10n: MessageRef } {
  return { message: renderMessage(ref), l10n: ref };
}
