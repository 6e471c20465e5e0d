import { ApiError } from '../sim/store/store';

/**
 * metav1.Status: how the API server reports a failed request. kubectl prints
 * `Error from server (<reason>): <message>` from it, so reason, code and message must be Kubernetes'.
 */

const CODES: Record<string, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  UnsupportedMediaType: 415,
  Invalid: 422,
  UnprocessableEntity: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
};

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason: string; message: string; field?: string }[];
  /** TooManyRequests: how long the client should wait before retrying (omitted when 0, as Go's omitempty). */
  retryAfterSeconds?: number;
}

/**
 * The details of an Invalid error from the simulated API server's message
 * (`The Deployment "web" is invalid: spec.replicas: Invalid value: ...`), so kubectl prints it
 * the way it prints the real one: from the kind, the name and one cause per field.
 */
export function invalidDetails(message: string, group: string | undefined): StatusDetails | undefined {
  // `The Deployment "web" is invalid: ...` (the simulator's own) or `Deployment.apps "web" is invalid: ...` (the API server's).
  const m = /^(?:The )?([A-Za-z]+)(?:\.[\w.-]+)? "([^"]*)" is invalid: (.*)$/s.exec(message);
  if (!m) return undefined;
  let rest = m[3];
  if (rest.startsWith('[') && rest.endsWith(']')) rest = rest.slice(1, -1);
  return { name: m[2], group, kind: m[1], causes: rest.split(/, (?=[a-zA-Z][\w.[\]-]*: )/).map(causeOf) };
}

/** One field error (`spec.replicas: Invalid value: ...`) as a StatusCause. */
function causeOf(c: string): { reason: string; message: string; field: string } {
  const i = c.indexOf(': ');
  const field = i > 0 ? c.slice(0, i) : '';
  const text = i > 0 ? c.slice(i + 2) : c;
  const reason = /^Required value/.test(text) ? 'FieldValueRequired' : /^Unsupported value/.test(text) ? 'FieldValueNotSupported' : /^Forbidden/.test(text) ? 'FieldValueForbidden' : 'FieldValueInvalid';
  return { reason, message: text, field };
}

export class HttpError extends Error {
  constructor(readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
  }
}

export function statusBody(reason: string, message: string, details?: StatusDetails): { code: number; body: Record<string, unknown> } {
  // The simulator's own reasons that have no HTTP twin: a kind it does not model is a method it does not allow.
  const mapped = reason === 'NotSupported' ? 'MethodNotAllowed' : reason === 'NoMatch' ? 'BadRequest' : reason;
  const code = CODES[mapped] ?? 500;
  // A failure Status a REST handler returns itself carries a code and no reason (the eviction's 500).
  if (reason === '') return { code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code, ...(details && Object.keys(details).length ? { details } : {}) } };
  // `Unknown`: an error the API server did not turn into a Status (a 500 with no reason, its text as is).
  const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: mapped === 'Unknown' ? '' : code === 500 ? 'InternalError' : code === 422 && mapped === 'UnprocessableEntity' ? '' : mapped, code };
  if (details && Object.keys(details).length) body.details = details;
  if (body.reason === '') delete body.reason;
  return { code, body };
}

/** Any error thrown while serving a request, as the Status the client gets. */
export function statusOf(e: unknown, details?: StatusDetails): { code: number; body: Record<string, unknown> } {
  if (e instanceof HttpError) return statusBody(e.reason, e.message, e.details ?? details);
  if (e instanceof ApiError && e.reason === 'Invalid' && e.details) {
    // The verdict's own field errors: one cause per field, as the API server lists them.
    return statusBody(e.reason, e.message, { name: e.details.name, group: details?.group, kind: e.details.kind, causes: e.details.causes.map(causeOf) });
  }
  if (e instanceof ApiError) return statusBody(e.reason, e.message, (e.reason === 'Invalid' ? invalidDetails(e.message, details?.group) : undefined) ?? details);
  return statusBody('InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
}

export function successStatus(details?: StatusDetails): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
