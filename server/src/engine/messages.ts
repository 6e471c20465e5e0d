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
  'duplicate-object-across-files': '{kind} "{name}"{namespace} is also defined in {file}{more}; whichever is applied last wins',
  'duplicate-object-across-files.more': ' and {count} other file(s)',
  'selector-immutable': 'spec.selector is immutable once the {kind} exists: changing the label "{key}" later will be rejected (field is immutable); keep version labels in the template only',
  'suspicious-quantity.cpu': '{raw} CPU is {cores} cores, more than any node has{meant}',
  'suspicious-quantity.memory-milli': 'memory {raw} is {bytes} bytes ("m" means milli, not mega){meant}',
  'suspicious-quantity.memory-tiny': 'memory {raw} is {bytes} bytes, too little for any container to start{meant}',
  'suspicious-quantity.did-you-mean': '; did you mean {value}?',
  'probe-never-succeeds': '{probe} can never succeed: {image} starts serving after about {readyAt}s, but the probe gives up first ({budget}); the container will be killed and restarted forever. Raise failureThreshold or periodSeconds{startup}',
  'probe-never-succeeds.startup': ', or add a startupProbe',
  'probe-never-succeeds.budget-delay': 'initialDelaySeconds {delay}, then {threshold} failures every {period}s: last try at {giveUpAt}s',
  'probe-never-succeeds.budget': '{threshold} failures × periodSeconds {period}: last try at {giveUpAt}s',
  'service-target-port.name': 'targetPort {target} is not a {protocol} port name of any selected container ({targets}){names}: these pods get no endpoints for this port',
  'service-target-port.names': '; named ports there: {names}',
  'service-target-port.no-names': '; they declare no named ports',
  'service-target-port.number': 'targetPort {port} is not a containerPort of any selected container ({targets}); they declare {declared}',
  'list.and-more': '{items} and {count} more',
  // Pod Security: the admission plugin's own words ({violation}) stay English; the consequence is ours.
  'pod-security.enforce': '{violation}: {source} enforces {level}, so the API server refuses this pod',
  'pod-security.enforce-owner': '{violation}: {source} enforces {level}, so the API server refuses the pods this {kind} creates (FailedCreate) and it never becomes ready',
  'pod-security.warn': '{violation}: {source} warns on {level}, so kubectl apply prints this as a warning',
  'pod-security.audit': '{violation}: {source} audits {level}, so the API server records it in the audit log',
  'pod-security.namespace': 'namespace "{namespace}"',
  'pod-security.namespace-setting': 'namespace "{namespace}" (no pod-security labels; kubeRehearsal.podSecurity)',
  'pod-security.label-error': '{error} (pods in this namespace are then held to restricted:latest)',
  // Selectors that match nothing, or the pods of another controller.
  'service-selects-nothing.closest': 'selector {{selector}} matches no pod template in namespace "{namespace}" in the workspace: the Service will have no endpoints{hint}',
  'pdb-selects-nothing': 'selector {selector} matches no pod template in namespace "{namespace}" in the workspace: this budget protects nothing{hint}',
  'network-policy-selects-nothing': 'podSelector {selector} matches no pod template in namespace "{namespace}" in the workspace: this policy applies to no pods{hint}',
  'near-miss.key-typo': '; did you mean `{have}: {want}` ({target} has `{have}`, not `{key}`)?',
  'near-miss.value-typo': '; did you mean `{key}: {have}` ({target} has `{key}: {have}`, not `{key}: {want}`)?',
  'near-miss.closest': '; closest: {target} ({reasons})',
  'selector-failure.wants': '{key}: selector wants {want}, template has {actual}',
  'selector-failure.wants-one-of': '{key}: selector wants one of {values}, template has {actual}',
  'selector-failure.no-label': 'no such label',
  'selector-failure.excludes': '{key}: selector excludes {value} (NotIn)',
  'selector-failure.exists': '{key}: selector requires the label to exist, template has none',
  'selector-failure.absent': '{key}: selector requires the label to be absent, template sets {actual}',
  'list.semicolon': '{first}; {rest}',
  'selector-overlap.selects-theirs': 'this selector ({selector}) matches the pods of {object}{file}: both controllers will manage the same pods in namespace "{namespace}"; give each a distinguishing label',
  'selector-overlap.selected-by': "the selector of {object} ({selector}) matches this template's pods{file}: both controllers will manage the same pods in namespace \"{namespace}\"; give each a distinguishing label",
  'selector-overlap.in-file': ' (in {file})',
  // Best-practice rules (the production and strict profiles): what, then why.
  'resources-missing': 'container "{container}" has no {missing}: without requests the scheduler places it blind, and without a memory limit it can starve the other pods on its node',
  'probes-missing': 'container "{container}" serves on port {port} but has no readinessProbe{liveness}: Services send it traffic before it can answer and while it cannot',
  'probes-missing.no-liveness': ' (nor a liveness probe)',
  'privileged-container': 'container "{container}" runs privileged: it has root\'s full power over the node (devices, kernel settings), so a compromise of it is a compromise of the node',
  'dangerous-capabilities': 'container "{container}" adds capability {capability}: {why}',
  'dangerous-capabilities.net-raw': 'raw sockets allow spoofing and sniffing on the pod network',
  'dangerous-capabilities.escape': "it lets the process escape most of the container's isolation",
  'run-as-root.pod-user': 'the pod runs as root (runAsUser: 0): a process that breaks out of the container is root on the node',
  'run-as-root.pod-non-root-false': 'the pod allows root (runAsNonRoot: false): a process that breaks out of the container is root on the node',
  'run-as-root.container-user': 'container "{container}" runs as root (runAsUser: 0): a process that breaks out of the container is root on the node',
  'run-as-root.container-non-root-false': 'container "{container}" allows root (runAsNonRoot: false): a process that breaks out of the container is root on the node',
  'run-as-non-root-missing': 'container "{container}" does not set runAsNonRoot: true: if its image\'s user is root (as most are), it runs as root',
  'privilege-escalation-allowed': 'container "{container}" does not set allowPrivilegeEscalation: false: a setuid program in it can gain more privileges than its process has',
  'capabilities-not-dropped': 'container "{container}" does not drop ALL capabilities: it keeps the runtime\'s default set (CHOWN, SETUID, NET_BIND_SERVICE, ...) that few programs need',
  'writable-root-filesystem': 'container "{container}" can write to its root filesystem: an intruder can change its programs; set readOnlyRootFilesystem: true and mount an emptyDir where it must write',
  'host-namespaces.hostNetwork': 'hostNetwork: true: the pod sees and binds every interface of the node, outside the isolation of a container',
  'host-namespaces.hostPID': 'hostPID: true: the pod sees and can signal every process of the node, outside the isolation of a container',
  'host-namespaces.hostIPC': "hostIPC: true: the pod shares the node's shared memory, outside the isolation of a container",
  'host-path-volume': 'volume "{volume}" mounts {path} of the node: the pod depends on that node\'s files and can read or change them',
  'host-path-volume.any': 'volume "{volume}" mounts a node directory: the pod depends on that node\'s files and can read or change them',
  'host-port': 'container "{container}" binds port {port} of its node: only one such pod fits per node, and the port is open outside the cluster network; use a Service',
  'secret-in-env.name': '{name} is named like a secret and its value is written in plain text (not shown here): anyone who can read this object sees it; use a Secret and valueFrom.secretKeyRef',
  'secret-in-env.value': '{name} looks like a key or token and its value is written in plain text (not shown here): anyone who can read this object sees it; use a Secret and valueFrom.secretKeyRef',
  'secret-in-configmap.name': 'ConfigMap key "{key}" is named like a secret (value not shown): ConfigMaps are not meant for secrets (readable by more people, not encrypted at rest); move it to a Secret',
  'secret-in-configmap.value': 'ConfigMap key "{key}" looks like a key or token (value not shown): ConfigMaps are not meant for secrets (readable by more people, not encrypted at rest); move it to a Secret',
  'rbac-wildcard.verbs': '"*" in verbs grants every verb (including delete, escalate, impersonate where they apply): list what is needed',
  'rbac-wildcard.resources': '"*" in resources grants every resource of the groups, including Secrets and ones added later: list what is needed',
  'cluster-admin-binding.cluster': 'binds cluster-admin: its subjects can do everything in every namespace; bind a role with only the permissions they use',
  'cluster-admin-binding.namespace': 'binds cluster-admin: its subjects can do everything in namespace "{namespace}"; bind a role with only the permissions they use',
  'rbac-sensitive-access.secrets': 'grants reading Secrets: whoever holds this role reads every password and token in its scope',
  'rbac-sensitive-access.exec': 'grants {resource}: whoever holds this role runs commands inside the pods in its scope',
  'pdb-no-eviction.max': 'maxUnavailable: {value}: no pod it covers can ever be evicted, so node drains and cluster upgrades block on it',
  'pdb-no-eviction.min': 'minAvailable: 100%: no pod it covers can ever be evicted, so node drains and cluster upgrades block on it',
  'single-replica': '{kind} {name} runs one replica: a node drain, a crash or a rollout leaves it with no pod serving',
  'single-replica.default': '{kind} {name} runs one replica (replicas defaults to 1): a node drain, a crash or a rollout leaves it with no pod serving',
  'replicas-without-spread': '{count} replicas with no podAntiAffinity or topologySpreadConstraints: the scheduler may put them all on one node, which then takes them all down',
  'hpa-single-min-replica.default': 'minReplicas defaults to 1: in a quiet hour the workload runs one pod, and a drain or a crash leaves nothing serving',
  'hpa-single-min-replica.one': 'minReplicas is 1: in a quiet hour the workload runs one pod, and a drain or a crash leaves nothing serving',
  'naked-pod': 'a bare Pod is not recreated when its node fails or it is evicted; run it from a Deployment (or a Job, for a task)',
  'default-service-account': 'the pod runs as the namespace\'s "default" ServiceAccount: every permission granted to it is shared by every such pod; give the workload its own ServiceAccount',
  'service-account-token-automount': 'the pod gets a token for the Kubernetes API mounted: if it never calls the API, set automountServiceAccountToken: false so an intruder cannot use it',
  'service-type-nodeport': 'type NodePort opens the port on every node, outside any Ingress or load balancer in front of them; prefer ClusterIP behind an Ingress or a LoadBalancer',
  'cronjob-starting-deadline': 'no startingDeadlineSeconds: a run missed while the controller was down or the schedule was suspended starts whenever it catches up, however late; say how late a run may still start',
  'cronjob-concurrency-policy': 'no concurrencyPolicy: the default Allow starts a new run while the last one still runs, so slow runs pile up; choose Forbid or Replace (or Allow on purpose)',
  'ingress-no-tls': 'no spec.tls: the Ingress serves plain HTTP, so requests and cookies cross the network readable',
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
  'related.selector': '{object} selector',
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
  'fix.restricted-security-context': 'Add a securityContext that meets the restricted Pod Security level',
  'fix.add-readiness-probe': 'Add a readiness probe on port {port}',
  'fix.add-resources': 'Add resources with requests and a memory limit (adjust the amounts)',
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
