import { kubectlYaml } from '../sim/kubectl/printers';

/**
 * `kubectl edit` in the VS Code terminal: the object as kubectl puts it in the editor, and the
 * change the saved text makes, sent as a JSON merge patch (so fields the user did not touch, and
 * whatever the controllers changed meanwhile, are left alone).
 */

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

export function editableYaml(obj: unknown): string {
  return HEADER + kubectlYaml(obj);
}

/** The object as the diff sees it (identical to what was shown). */
export function stripForEdit(obj: unknown): unknown {
  return JSON.parse(JSON.stringify(obj));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 7386: the patch that turns `before` into `after` (undefined: no change). */
export function mergePatchBetween(before: unknown, after: unknown): unknown {
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? undefined : after;
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) {
      patch[k] = v;
      continue;
    }
    const sub = mergePatchBetween(before[k], v);
    if (sub !== undefined) patch[k] = sub;
  }
  return Object.keys(patch).length ? patch : undefined;
}
