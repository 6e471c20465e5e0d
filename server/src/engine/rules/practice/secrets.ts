import type { Finding } from '../../findings';
import { msg } from '../../messages';
import { asArray, asRecord } from '../../workspace/podTemplate';
import { containersOf } from '../containerIterate';
import type { Rule } from '../index';
import { isTemplatedValue, podTemplateOf, practice } from './support';

/**
 * Secrets written in plain text where anyone who can read the object (or `kubectl describe` it)
 * sees them. Names are matched as whole words (`DB_PASSWORD`, `apiKey`); values only by their
 * shape. A value is never repeated in a message.
 */

const SECRET_WORDS = /(?:^|[^a-z])(?:password|passwd|pwd|secret|token|api[-_]?key|apikey|private[-_]?key|access[-_]?key|secret[-_]?key|client[-_]?secret|credentials?|auth[-_]?key)(?:$|[^a-z])/i;
/** Names that hold where a secret is, or what it is called, not the secret. */
const NOT_A_SECRET = /(?:[-_.](?:file|path|dir|name|names|ref|id|url|uri|key[-_]?id|length|ttl|expiry|expires|timeout|enabled|header|type|mode|secret[-_]?name|user|username))$|^(?:.*[-_])?(?:file|path)$|(?:^|[-_])(?:allow|random|require|required|enable|disable|skip|generate)(?:[-_]|$)|initial[-_]cluster[-_]token/i;

/** Split camelCase so `apiKey` and `dbPassword` read as words. */
function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

export function secretName(name: string): boolean {
  const w = words(name);
  return SECRET_WORDS.test(w) && !NOT_A_SECRET.test(w);
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A random-looking token: long, no spaces or separators of prose, paths or URLs, letters and digits mixed, high entropy. */
export function looksLikeKey(value: string): boolean {
  if (value.length < 24 || value.length > 512) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  return entropy(value) >= 4.2;
}

/** A value that stands for nothing secret: empty, a placeholder, a reference. */
function placeholder(v: string): boolean {
  return v.trim() === '' || isTemplatedValue(v) || /^\$\(.+\)$/.test(v) || /^<.*>$/.test(v) || /^(?:changeme|change-me|todo|xxx+|\*+|none|null|false|true|yes|no|on|off|[01])$/i.test(v.trim());
}

export const secretInEnv: Rule = {
  id: 'secret-in-env',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A container environment variable holds what looks like a secret in plain text (by its name or its value).',
  check(ctx) {
    if (!podTemplateOf(ctx)) return [];
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      asArray(container.env).forEach((e, i) => {
        const env = asRecord(e);
        if (!env || typeof env.name !== 'string' || env.value === undefined || env.value === null) return;
        const value = String(env.value);
        if (placeholder(value)) return;
        const byName = secretName(env.name);
        if (!byName && !looksLikeKey(value)) return;
        out.push(practice(secretInEnv, ctx, [...path, 'env', i, 'value'], msg(byName ? 'secret-in-env.name' : 'secret-in-env.value', { name: env.name })));
      });
    }
    return out;
  },
};

export const secretInConfigMap: Rule = {
  id: 'secret-in-configmap',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A ConfigMap key holds what looks like a secret (by its name or its value).',
  check(ctx) {
    if (ctx.doc.kind !== 'ConfigMap') return [];
    const data = asRecord(asRecord(ctx.doc.value)?.data);
    if (!data) return [];
    const out: Finding[] = [];
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const value = String(v);
      // File contents (several lines) are configuration files, not one secret.
      if (value.includes('\n') || placeholder(value)) continue;
      const byName = secretName(k) && !k.includes('.');
      if (!byName && !looksLikeKey(value)) continue;
      out.push(practice(secretInConfigMap, ctx, ['data', k], msg(byName ? 'secret-in-configmap.name' : 'secret-in-configmap.value', { key: k })));
    }
    return out;
  },
};
