import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Simulation } from '../sim';

/**
 * `pods/exec` over the WebSocket protocol kubectl 1.30+ speaks (`v5.channel.k8s.io`, else v4):
 * each binary message starts with its channel (1 stdout, 2 stderr, 3 the final metav1.Status).
 * The command runs in the behaviour model's interpreter, as `kubectl exec` in the simulated shell:
 * nothing is executed on this machine. Only commands without stdin are served: an interactive
 * session (`-i`, `-it`) is answered with a Status that says so.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff]) : (() => {
    const b = Buffer.alloc(10);
    b[0] = 0x80 | opcode;
    b[1] = 127;
    b.writeBigUInt64BE(BigInt(n), 2);
    return b;
  })();
  return Buffer.concat([new Uint8Array(head), new Uint8Array(payload)]);
}

function channel(ch: number, data: string): Buffer {
  return frame(0x2, Buffer.concat([new Uint8Array([ch]), new Uint8Array(Buffer.from(data))]));
}

function reject(socket: Duplex, code: number, status: Record<string, unknown>): void {
  const body = JSON.stringify(status);
  socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : code === 401 ? 'Unauthorized' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

const failure = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

/** Handles an upgrade request (the HTTP answer is an error Status when it is not one this serves). */
export function serveExec(sim: Simulation, req: IncomingMessage, socket: Duplex, authorized: boolean): void {
  if (!authorized) return reject(socket, 401, failure(401, 'Unauthorized', 'Unauthorized'));
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)$/.exec(url.pathname);
  if (!m) return reject(socket, 404, failure(404, 'NotFound', 'the server could not find the requested resource'));
  const [, namespace, name, sub] = m.map(decodeURIComponent);
  if (sub !== 'exec') return reject(socket, 400, failure(400, 'BadRequest', `pods/${sub} is not served by kube-rehearsal serve: use "kubectl exec" with a command, or "kube-rehearsal shell"`));
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  const protocol = PROTOCOLS.find((p) => offered.includes(p));
  const key = req.headers['sec-websocket-key'];
  if (!protocol || typeof key !== 'string' || String(req.headers.upgrade).toLowerCase() !== 'websocket')
    return reject(socket, 400, failure(400, 'BadRequest', `kube-rehearsal serve speaks the WebSocket protocols ${PROTOCOLS.join(', ')} for pods/exec (kubectl 1.30 or later)`));
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
  // What the client sends (stdin, close signals) is not read: only commands without stdin are served.
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  const finish = (status: Record<string, unknown>, output = '') => {
    if (output) socket.write(channel(1, output));
    socket.write(channel(3, JSON.stringify(status)));
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  };
  const q = url.searchParams;
  const command = q.getAll('command');
  const pod = sim.core.store.get('Pod', namespace, name);
  if (!pod) return finish(failure(404, 'NotFound', `pods "${name}" not found`));
  const container = q.get('container') ?? pod.spec?.containers?.[0]?.name;
  if (q.get('stdin') === 'true' || q.get('stdin') === '1')
    return finish(failure(400, 'BadRequest', 'an interactive session (kubectl exec -i/-it) is not served by kube-rehearsal serve: run the command without -i, or use "kube-rehearsal shell" (kubectl exec -it there opens the interpreted shell)'));
  sim.runUntil(sim.time);
  const r = sim.core.execSource?.(pod, container, command);
  if (!r || 'error' in r) return finish(failure(500, 'InternalError', `Internal error occurred: ${r && 'error' in r ? r.error : `container not found ("${container}")`}`));
  if (r.notFound)
    return finish(failure(500, 'InternalError', `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": executable file not found in $PATH: unknown`));
  const code = r.exitCode ?? 0;
  if (code === 0) return finish({ metadata: {}, status: 'Success' }, r.output);
  finish({
    metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  }, r.output);
}
