/**
 * Problems-panel wording of a finding: the part a person reads first. The API server's messages
 * end some explanations with examples and the regular expression it validated against
 * ("(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]...')"); in a one-line
 * list that tail pushes the rest of the message out of sight. The editor's diagnostic drops it
 * and the hover on the range shows the full text; the CLI and reports keep the full message.
 */

// `(e.g. 'a',  or 'b', regex used for validation is '...')`: quoted parts may hold parentheses.
const REGEX_TAIL = /\s*\((?:e\.g\. (?:'[^']*'|[^'()])*?,\s*)?regex used for validation is '[^']*'\)/g;

export function shortMessage(message: string): string {
  if (!message.includes('regex used for validation')) return message;
  return message.replace(REGEX_TAIL, '');
}
