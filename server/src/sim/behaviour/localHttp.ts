/**
 * `curl` and `wget` inside a container, to a server of the same pod (`localhost`, `127.0.0.1`,
 * the pod's name or IP): answered by the same servers `kubectl port-forward` reaches
 * (`answerPort`), so what a learner reads with `kubectl exec web -- curl -s localhost` is what
 * port-forward serves. Other hosts stay an assumption (the caller's): traffic between pods is not
 * simulated.
 */
import { answerPort, reasonPhrase, type HttpResponse } from './httpServer';
import type { ServiceWindow } from './process';
import type { Vfs } from './shell/vfs';
import { normalizePath } from './shell/vfs';

export interface LocalHost {
  readonly services: ServiceWindow[];
  readonly fs: Vfs;
  readonly clock: number;
  readonly epoch: number;
  readonly hostname: string;
  readonly podIP: string;
  readonly userland: 'busybox' | 'gnu' | 'none';
}

interface Out {
  stdout: string;
  stderr: string;
  code: number;
}

/** curl flags that take a value (short and long). */
const CURL_VALUES = new Set(['-o', '--output', '-w', '--write-out', '-X', '--request', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '-A', '--user-agent', '-m', '--max-time', '--connect-timeout', '-u', '--user', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '--retry', '-x', '--proxy', '-F', '--form', '-r', '--range', '--cacert', '-E', '--cert', '-K', '--config', '-T', '--upload-file', '--resolve']);
const WGET_VALUES = new Set(['-O', '--output-document', '-T', '--timeout', '--header', '-U', '--user-agent', '-t', '--tries', '-P', '--directory-prefix', '-Y', '-e']);

function target(url: string, host: LocalHost): { host: string; port: number; path: string } | undefined {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:') return undefined;
  const name = u.hostname.replace(/^\[|\]$/g, '');
  if (!['localhost', '127.0.0.1', '::1', host.hostname, host.podIP].includes(name)) return undefined;
  return { host: u.hostname, port: Number(u.port || 80), path: (u.pathname || '/') + u.search };
}

const headText = (r: HttpResponse, keepAlive: boolean) =>
  [`HTTP/1.1 ${r.status} ${reasonPhrase(r.status)}`, ...r.headers.map(([k, v]) => `${k}: ${v}`), `Connection: ${keepAlive ? 'keep-alive' : 'close'}`].join('\r\n') + '\r\n\r\n';

/** Splits `-sSf` into `-s -S -f`; a value flag takes the rest of the group (`-qO-`) or the next argument. */
function expandShort(args: string[], values: Set<string>): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (/^-[a-zA-Z]{2}/.test(a) || /^-[a-zA-Z]-$/.test(a)) {
      for (let i = 1; i < a.length; i++) {
        const f = '-' + a[i];
        out.push(f);
        if (values.has(f) && i < a.length - 1) {
          out.push(a.slice(i + 1));
          break;
        }
      }
    } else out.push(a);
  }
  return out;
}

function parse(args: string[], values: Set<string>): { flags: Map<string, string | true>; positional: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const list = expandShort(args, values);
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) flags.set(a.slice(0, eq), a.slice(eq + 1));
    else if (values.has(a)) flags.set(a, list[++i] ?? '');
    else if (a.startsWith('-') && a !== '-') flags.set(a, true);
    else positional.push(a);
  }
  return { flags, positional };
}

const has = (flags: Map<string, string | true>, ...names: string[]) => names.some((n) => flags.has(n));
const value = (flags: Map<string, string | true>, ...names: string[]) => {
  for (const n of names) {
    const v = flags.get(n);
    if (typeof v === 'string') return v;
  }
  return undefined;
};

/** The result of `curl ARGS` when its URL is a server of this pod; undefined otherwise. */
export function localCurl(args: string[], host: LocalHost, cwd: string): Out | undefined {
  const { flags, positional } = parse(args, CURL_VALUES);
  const url = positional[0] ? target(positional[0], host) : undefined;
  if (!url) return undefined;
  const head = has(flags, '-I', '--head');
  const method = value(flags, '-X', '--request') ?? (head ? 'HEAD' : has(flags, '-d', '--data', '--data-raw', '--data-binary') ? 'POST' : 'GET');
  const answer = answerPort(host.services, host.fs, url.port, host.clock, host.epoch, { method, target: url.path });
  const silent = has(flags, '-s', '--silent');
  const showError = !silent || has(flags, '-S', '--show-error');
  if ('refused' in answer) return { stdout: '', stderr: showError ? `curl: (7) Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n` : '', code: 7 };
  // A server that does not speak HTTP: what it answers is not simulated (the caller's assumption).
  if (!answer.response) return undefined;
  const r = answer.response;
  const format = (w: string) => w.replace(/%\{(http_code|response_code)\}/g, String(r.status)).replace(/%\{size_download\}/g, String(Buffer.byteLength(r.body))).replace(/\\n/g, '\n');
  if (has(flags, '-f', '--fail') && r.status >= 400) {
    return { stdout: '', stderr: showError ? `curl: (22) The requested URL returned error: ${r.status}\n` : '', code: 22 };
  }
  let text = head ? headText(r, true) : has(flags, '-i', '--include') ? headText(r, true) + r.body : r.body;
  const output = value(flags, '-o', '--output');
  if (output !== undefined) {
    if (output !== '/dev/null' && output !== '-') host.fs.write(normalizePath(output, cwd), text, false);
    if (output !== '-') text = '';
  }
  const w = value(flags, '-w', '--write-out');
  return { stdout: text + (w ? format(w) : ''), stderr: '', code: 0 };
}

/** The result of `wget ARGS` when its URL is a server of this pod; undefined otherwise. */
export function localWget(args: string[], host: LocalHost, cwd: string): Out | undefined {
  const { flags, positional } = parse(args, WGET_VALUES);
  const url = positional[0] ? target(positional[0], host) : undefined;
  if (!url) return undefined;
  const spider = has(flags, '--spider', '-s');
  const answer = answerPort(host.services, host.fs, url.port, host.clock, host.epoch, { method: spider ? 'HEAD' : 'GET', target: url.path });
  const quiet = has(flags, '-q', '--quiet');
  const busybox = host.userland === 'busybox';
  const ip = url.host === 'localhost' ? '127.0.0.1' : url.host.replace(/^\[|\]$/g, '');
  const connecting = quiet ? '' : busybox ? `Connecting to ${url.host}:${url.port} (${ip}:${url.port})\n` : `Connecting to ${url.host} (${url.host})|${ip}|:${url.port}... `;
  if ('refused' in answer) {
    return busybox
      ? { stdout: '', stderr: `${connecting}wget: can't connect to remote host (${ip}): Connection refused\n`, code: 1 }
      : { stdout: '', stderr: quiet ? '' : `${connecting}failed: Connection refused.\n`, code: 4 };
  }
  if (!answer.response) return undefined;
  const r = answer.response;
  const serverHead = has(flags, '-S', '--server-response') ? `  HTTP/1.1 ${r.status} ${reasonPhrase(r.status)}\n` : '';
  if (r.status >= 400) {
    return busybox
      ? { stdout: '', stderr: `${connecting}${serverHead}wget: server returned error: HTTP/1.1 ${r.status} ${reasonPhrase(r.status)}\n`, code: 1 }
      : { stdout: '', stderr: quiet ? '' : `${connecting}connected.\nHTTP request sent, awaiting response... ${r.status} ${reasonPhrase(r.status)}\n${new Date((host.epoch + host.clock) * 1000).toISOString().slice(0, 19).replace('T', ' ')} ERROR ${r.status}: ${reasonPhrase(r.status)}.\n\n`, code: 8 };
  }
  const stderr = connecting + (busybox || quiet ? '' : 'connected.\n') + serverHead;
  if (spider) return { stdout: '', stderr, code: 0 };
  const output = value(flags, '-O', '--output-document') ?? (url.path.replace(/[?#].*$/, '').split('/').pop() || 'index.html');
  if (output === '-') return { stdout: r.body, stderr, code: 0 };
  host.fs.write(normalizePath(output, cwd), r.body, false);
  return { stdout: '', stderr, code: 0 };
}
