import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMessage } from '../../server/src/lsp/messageEncoding';

/** The kept JSON of each diagnostic gives exactly the bytes JSON.stringify writes for the message. */

const diagnostic = (line: number, message: string) => ({
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
  severity: 2,
  code: 'duplicate-object',
  codeDescription: { href: 'https://example.test/rules.md#duplicate-object' },
  source: 'kube-rehearsal',
  message,
  relatedInformation: [{ location: { uri: 'file:///w/a.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } }, message: 'first definition' }],
});

test('a publication is encoded as JSON.stringify encodes it, with and without a version, however often its diagnostics are reused', () => {
  const a = diagnostic(3, 'plain');
  const b = diagnostic(7, 'quotes " and \\ and "diagnostics":0 and \u2028 and 😀');
  for (const [uri, version] of [['file:///w/a.yaml', 4], ['file:///w/"diagnostics":0.yaml', undefined]] as const) {
    const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics: [a, b, a] } };
    assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
    // Again: now from the kept text of a and b.
    const next = { ...msg, params: { ...msg.params, diagnostics: [b, diagnostic(9, 'new')] } };
    assert.equal(encodeMessage(next).toString('utf8'), JSON.stringify(next));
    JSON.parse(encodeMessage(next).toString('utf8'));
  }
});

test('other messages and empty publications are plain JSON.stringify', () => {
  const msgs = [
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a.yaml', diagnostics: [] } },
    { jsonrpc: '2.0', id: 3, result: { diagnostics: 0, items: [1, 2] } },
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: '"diagnostics":0' } },
  ];
  for (const m of msgs) assert.equal(encodeMessage(m).toString('utf8'), JSON.stringify(m));
});

test('publications made from the previous one of the same file give the bytes of JSON.stringify, whatever changed', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed % n;
  };
  let made = 0;
  const fresh = () => diagnostic(made, `message ${made++} "é"`);
  for (const uri of ['file:///w/one.yaml', 'file:///w/two.yaml']) {
    let list = Array.from({ length: 20 }, fresh);
    for (let round = 0; round < 300; round++) {
      const next = list.slice();
      const at = random(next.length + 1);
      // Replace, insert or remove a stretch anywhere (the ends included), or keep the list.
      const removed = random(4) === 0 ? 0 : random(Math.min(6, next.length - at) + 1);
      const added = Array.from({ length: random(4) }, () => (random(3) === 0 && list.length ? list[random(list.length)] : fresh()));
      next.splice(at, removed, ...added);
      if (round % 50 === 49) next.length = 0;
      const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: round, diagnostics: next } };
      assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg), `round ${round}`);
      list = next.length ? next : Array.from({ length: random(5) }, fresh);
    }
  }
});

test('large publications reuse their memory only once it is written, and stay the bytes of JSON.stringify', async () => {
  const { Writable } = await import('node:stream');
  const { DirectMessageWriter } = await import('../../server/src/lsp/messageEncoding');
  const uri = 'file:///w/large.yaml';
  // A stream that, like a pipe, reads each chunk only when it writes it out (`flush`).
  const pending: { chunk: Buffer; done: () => void }[] = [];
  const received: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      pending.push({ chunk, done });
    },
  });
  const flush = async (): Promise<void> => {
    while (pending.length) {
      const { chunk, done } = pending.shift()!;
      received.push(Buffer.from(chunk as unknown as Uint8Array));
      done();
      await new Promise((r) => setImmediate(r));
    }
  };
  const writer = new DirectMessageWriter(out);
  // About 600 KB per publication: over the size whose memory is reused.
  let list = Array.from({ length: 2500 }, (_, i) => diagnostic(i, `finding ${i}`));
  const sent: string[] = [];
  for (let round = 0; round < 12; round++) {
    list = list.slice();
    list[round * 100] = diagnostic(round, `changed in round ${round}`);
    const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: round, diagnostics: list } };
    sent.push(JSON.stringify(msg));
    await writer.write(msg as never);
    // The first rounds are still being written when the next is made; later ones are written out at once.
    if (round >= 6) await flush();
  }
  await flush();
  const bodies = Buffer.concat(received as unknown as Uint8Array[]).toString('utf8').split(/Content-Length: \d+\r\n\r\n/).slice(1);
  assert.equal(bodies.length, sent.length);
  for (let i = 0; i < sent.length; i++) assert.equal(bodies[i], sent[i], `publication ${i}`);
});
