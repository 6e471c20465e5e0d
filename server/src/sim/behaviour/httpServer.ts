/**
 * What a container's server answers to one connection on one of its ports: refused, a server that
 * does not speak HTTP, or an HTTP response. The status is the one the probes see (`httpStatus`, the
 * same routes); the body is the file under the server's document root when it has one (nginx's
 * welcome page is its `index.html`, as changed by the container or a mounted ConfigMap), otherwise
 * empty: the model knows what a server answers, not what it writes. `kubectl port-forward` through
 * `serve` asks this (nothing on the machine is contacted).
 */
import { globMatch } from './shell/glob';
import type { ServiceWindow } from './process';
import type { PortProtocol } from './profile';
import type { Vfs } from './shell/vfs';
import { normalizePath } from './shell/vfs';

export interface HttpRequest {
  method: string;
  /** The request target as sent (`/index.html?x=1`). */
  target: string;
}

export interface HttpResponse {
  status: number;
  headers: [string, string][];
  /** Empty for HEAD and for statuses without a body. */
  body: string;
}

export type PortAnswer = { refused: true } | { protocol: PortProtocol; response?: HttpResponse };

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number): string => REASONS[status] ?? '';

const TYPES: Record<string, string> = { html: 'text/html', htm: 'text/html', txt: 'text/plain', css: 'text/css', js: 'application/javascript', json: 'application/json', xml: 'text/xml', svg: 'image/svg+xml' };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 9110's date, at the virtual time (the server's clock is the simulation's). */
function httpDate(unixSeconds: number): string {
  const d = new Date(Math.floor(unixSeconds) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** The status a server window answers for `path` at time `at`. */
export function httpStatus(w: ServiceWindow, path: string, at: number, port: number): number {
  const elapsed = at - w.routeBase;
  for (const r of w.routes) {
    if (r.port !== undefined && r.port !== port) continue;
    if (r.afterSeconds !== undefined && elapsed < r.afterSeconds) continue;
    if (r.untilSeconds !== undefined && elapsed >= r.untilSeconds) continue;
    if (!(r.path === path || (r.path.includes('*') && globMatch(r.path, path)))) continue;
    if (r.statusFromPath) {
      const code = Number(path.slice(r.path.indexOf('*')).split('/')[0]);
      return Number.isInteger(code) && code >= 100 && code <= 599 ? code : 400;
    }
    return r.status;
  }
  return w.httpDefaultStatus;
}

/** The window serving `port` at `at` (TCP before UDP: a connection is TCP). */
export function openWindow(services: readonly ServiceWindow[], port: number, at: number): ServiceWindow | undefined {
  return services.find((w) => w.port === port && w.protocol !== 'UDP' && w.readyAt <= at && (w.until === undefined || at < w.until));
}

/**
 * The answer of the container's servers to a connection on `port` at `at` (seconds since the
 * epoch given), and to `request` when one was read.
 */
export function answerPort(services: readonly ServiceWindow[], fs: Vfs, port: number, at: number, epochSeconds: number, request?: HttpRequest): PortAnswer {
  const w = openWindow(services, port, at);
  if (!w) return { refused: true };
  if (w.protocol !== 'HTTP' || !request) return { protocol: w.protocol };
  const path = request.target.replace(/[?#].*$/, '') || '/';
  const status = httpStatus(w, path, at, port);
  let body = '';
  let type = 'text/plain';
  if (w.docRoot && status === 200) {
    const file = normalizePath('.' + decodeURIComponentSafe(path) + (path.endsWith('/') ? 'index.html' : ''), w.docRoot);
    // Inside the document root only (`..` cannot leave it, as the server resolves it).
    const entry = file.startsWith(w.docRoot.replace(/\/$/, '') + '/') ? fs.get(file) : undefined;
    if (entry?.type === 'file') {
      body = entry.content;
      type = TYPES[file.split('.').pop()!.toLowerCase()] ?? 'application/octet-stream';
    }
  }
  const headers: [string, string][] = [['Date', httpDate(epochSeconds + at)]];
  if (body) headers.push(['Content-Type', type]);
  const bodyless = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (!bodyless) headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return { protocol: 'HTTP', response: { status, headers, body: request.method === 'HEAD' || bodyless ? '' : body } };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
