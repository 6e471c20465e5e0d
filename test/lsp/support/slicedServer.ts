import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { DirectMessageWriter } from '../../../server/src/lsp/messageEncoding';
import { giveWay } from '../../../server/src/engine/giveWay';

/**
 * A language-server connection set up as lsp/main.ts sets it up over stdio, with background work
 * in busy slices of 10 ms queued after `giveWay` (argv[2] = 'giveWay', as the workspace scan and
 * the dry run do) or by a bare setImmediate ('bare'). The `probe` request answers how many slices started between the arrival of its bytes
 * on stdin and its handler: 0 when the slice in progress was all it waited for.
 */
const gw = process.argv[2] === 'giveWay';
let started = 0;
let arrivedAt = -1;
// Registered before the connection's own listener: it sees the bytes in the same poll.
process.stdin.on('data', () => {
  if (arrivedAt < 0) arrivedAt = started;
});
const conn = createConnection(ProposedFeatures.all, process.stdin, new DirectMessageWriter(process.stdout) as unknown as NodeJS.WritableStream);
let running = true;
const slice = (): void => {
  if (!running) return;
  started++;
  const end = performance.now() + 10;
  while (performance.now() < end);
  if (gw) void giveWay().then(slice);
  else setImmediate(slice);
};
conn.onRequest('start', () => {
  arrivedAt = -1;
  setImmediate(slice);
  return null;
});
conn.onRequest('probe', () => {
  const waited = started - arrivedAt;
  arrivedAt = -1;
  return waited;
});
conn.onRequest('stop', () => {
  running = false;
  return null;
});
conn.listen();
