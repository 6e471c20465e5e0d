/**
 * The API machinery's name and label validators (`k8s.io/apimachinery/pkg/util/validation`),
 * returning the API server's messages. An empty list means valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const maxLen = (n: number) => `must be no more than ${n} characters`;

export const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1035_LABEL_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export function dns1123Label(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push(maxLen(63));
  if (!DNS1123_LABEL.test(s)) errs.push(DNS1123_LABEL_MESSAGE);
  return errs;
}

export function dns1123Subdomain(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 253) errs.push(maxLen(253));
  if (!DNS1123_SUBDOMAIN.test(s)) errs.push(DNS1123_SUBDOMAIN_MESSAGE);
  return errs;
}

export function dns1035Label(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push(maxLen(63));
  if (!DNS1035_LABEL.test(s)) errs.push(DNS1035_LABEL_MESSAGE);
  return errs;
}

/**
 * Verdicts of the two checks every label runs, by input: workspaces repeat the same keys and
 * values thousands of times. The lists are frozen: callers share them.
 */
const qualifiedNameVerdicts = new Map<string, readonly string[]>();
const labelValueVerdicts = new Map<string, readonly string[]>();
const VERDICT_CACHE_LIMIT = 5000;

function remembered(cache: Map<string, readonly string[]>, s: string, check: (s: string) => string[]): readonly string[] {
  let v = cache.get(s);
  if (!v) {
    if (cache.size >= VERDICT_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(s, (v = Object.freeze(check(s))));
  }
  return v;
}

/** Label and annotation keys: `[prefix/]name` (IsQualifiedName). */
export function qualifiedName(s: string): readonly string[] {
  return remembered(qualifiedNameVerdicts, s, checkQualifiedName);
}

function checkQualifiedName(s: string): string[] {
  const parts = s.split('/');
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of dns1123Subdomain(prefix)) errs.push(`prefix part ${e}`);
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) errs.push(QUALIFIED_NAME_MESSAGE);
  return errs;
}

export function labelValue(s: string): readonly string[] {
  return remembered(labelValueVerdicts, s, checkLabelValue);
}

function checkLabelValue(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE.test(s)) errs.push(LABEL_VALUE_MESSAGE);
  return errs;
}

/** IANA service names, used for container port names (IsValidPortName). */
export function portName(s: string): string[] {
  const errs: string[] = [];
  if (s.length < 1 || s.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(s)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(s)) errs.push('must contain at least one letter (a-z)');
  if (s.includes('--')) errs.push('must not contain consecutive hyphens');
  if (s.startsWith('-') || s.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** The nearest valid DNS-1123 label to `s` (for the lowercase quick fix), or undefined. */
export function toDns1123Label(s: string): string | undefined {
  const t = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return t && DNS1123_LABEL.test(t) ? t : undefined;
}
