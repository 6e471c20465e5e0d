import { fixTitle, msg, type MessageRef } from '../messages';
import type { Finding, Fix } from '../findings';
import { asRecord } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { containersOf } from './containerIterate';
import { parseQuantity, QUANTITY_REGEX_MESSAGE } from './quantity';
import { fieldPath, finding, isTemplated, replaceValueEdit } from './ruleSupport';

const KINDS = ['requests', 'limits'] as const;

function eachQuantity(ctx: RuleContext, fn: (raw: unknown, resource: string, path: (string | number)[], which: 'requests' | 'limits', containerPath: readonly (string | number)[]) => void): void {
  for (const { container, path } of containersOf(ctx)) {
    const res = asRecord(container.resources);
    if (!res) continue;
    for (const which of KINDS) {
      const m = asRecord(res[which]);
      if (!m) continue;
      for (const [resource, raw] of Object.entries(m)) fn(raw, resource, [...path, 'resources', which, resource], which, path);
    }
  }
}

/** A quantity kubectl cannot parse (`1GB`, `1.5 Gi`, `half`) or a negative one. */
export const invalidQuantity: Rule = {
  id: 'invalid-quantity',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A resource request or limit is not a valid Kubernetes quantity.',
  check(ctx) {
    const out: Finding[] = [];
    eachQuantity(ctx, (raw, resource, path) => {
      if (isTemplated(raw) || raw === null || raw === undefined) return;
      const q = parseQuantity(raw);
      const shown = `${fieldPath(path.slice(0, -1))}[${resource}]`;
      if (!q) {
        const fixText = typeof raw === 'string' ? suggestFor(raw) : undefined;
        const edit = fixText ? replaceValueEdit(ctx, path, fixText) : undefined;
        const fixes: Fix[] = edit ? [{ ...fixTitle(msg('fix.change-value', { value: fixText ?? '' })), edits: [edit], preferred: true }] : [];
        out.push(finding(invalidQuantity, ctx, path, `${shown}: Invalid value: ${JSON.stringify(raw)}: ${QUANTITY_REGEX_MESSAGE}${fixText ? ` (did you mean ${fixText}?)` : ''}`, { fixes }));
      } else if (q.value < 0) {
        out.push(finding(invalidQuantity, ctx, path, `${shown}: Invalid value: ${JSON.stringify(String(raw))}: must be greater than or equal to 0`));
      }
    });
    return out;
  },
};

/** `1GB` -> `1G`, `512MB` -> `512M`, `1gi` -> `1Gi`, `2 Gi` -> `2Gi`. */
function suggestFor(raw: string): string | undefined {
  const m = /^\s*([0-9.]+)\s*([kKmMgGtTpPeE])(i?)[bB]?\s*$/.exec(raw);
  if (!m) return undefined;
  const unit = m[2] === 'k' || m[2] === 'K' ? (m[3] ? 'Ki' : 'k') : m[2].toUpperCase() + (m[3] ? 'i' : '');
  const s = m[1] + unit;
  return parseQuantity(s) && s !== raw ? s : undefined;
}

const BYTE_SUFFIX = /^(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/;

/**
 * Valid syntax, probably wrong meaning: `cpu: 500M` is 500 million cores (meant `500m`),
 * `memory: 512m` is half a byte and `memory: 256` is 256 bytes (meant `Mi`).
 */
export const suspiciousQuantity: Rule = {
  id: 'suspicious-quantity',
  defaultSeverity: 'warning',
  description: 'A CPU or memory quantity parses but almost certainly means something else (500M cores, 512m bytes).',
  check(ctx) {
    const out: Finding[] = [];
    eachQuantity(ctx, (raw, resource, path) => {
      if (isTemplated(raw)) return;
      const q = parseQuantity(raw);
      if (!q) return;
      let meant: string | undefined;
      let why: MessageRef;
      if (resource === 'cpu' && BYTE_SUFFIX.test(q.suffix)) {
        meant = q.suffix === 'M' || q.suffix === 'Mi' ? `${q.number}m` : undefined;
        why = msg('suspicious-quantity.cpu', { raw: String(raw), cores: q.value.toExponential(0) });
      } else if (resource === 'cpu' && q.value > 1024) {
        why = msg('suspicious-quantity.cpu', { raw: String(raw), cores: String(q.value) });
        meant = q.suffix === '' ? `${q.number}m` : undefined;
      } else if (resource === 'memory' && q.suffix === 'm') {
        meant = `${q.number}Mi`;
        why = msg('suspicious-quantity.memory-milli', { raw: String(raw), bytes: String(q.value) });
      } else if (resource === 'memory' && q.value > 0 && q.value < 1024 * 1024) {
        meant = q.suffix === '' ? `${q.number}Mi` : undefined;
        why = msg('suspicious-quantity.memory-tiny', { raw: String(raw), bytes: String(q.value) });
      } else return;
      const edit = meant ? replaceValueEdit(ctx, path, meant) : undefined;
      out.push(
        finding(suspiciousQuantity, ctx, path, { ...why, args: { ...why.args, meant: meant ? msg('suspicious-quantity.did-you-mean', { value: meant }) : '' } }, {
          fixes: edit ? [{ ...fixTitle(msg('fix.change-value', { value: meant ?? '' })), edits: [edit], preferred: true }] : [],
        }),
      );
    });
    return out;
  },
};

/** requests must not exceed limits (ValidateResourceRequirements). */
export const requestsExceedLimits: Rule = {
  id: 'requests-exceed-limits',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A container requests more of a resource than its limit allows.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx)) {
      const res = asRecord(container.resources);
      const req = asRecord(res?.requests);
      const lim = asRecord(res?.limits);
      if (!req || !lim) continue;
      for (const [resource, raw] of Object.entries(req)) {
        const rq = parseQuantity(raw);
        const lq = parseQuantity(lim[resource]);
        if (!rq || !lq || rq.value <= lq.value) continue;
        const reqPath = [...path, 'resources', 'requests', resource];
        out.push(finding(requestsExceedLimits, ctx, reqPath, `${fieldPath([...path, 'resources', 'requests'])}: Invalid value: ${JSON.stringify(String(raw))}: must be less than or equal to ${resource} limit of ${String(lim[resource])}`));
      }
    }
    return out;
  },
};
