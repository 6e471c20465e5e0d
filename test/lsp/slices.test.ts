import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/**
 * Background work in slices (the workspace scan, the check of every file after it, the dry run)
 * must let a request that arrives during a slice be handled right after that slice, not after the
 * next one too (engine/giveWay.ts). Checked over a real pipe against the installed vscode-jsonrpc, whose reader
 * and connection queue take immediates of their own; the bare setImmediate is measured too, so the
 * test shows the difference it guards.
 */
async function slicesWaited(mode: 'giveWay' | 'bare', requests: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'slicedServer.ts'), mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.listen();
  try {
    await conn.sendRequest('start');
    const waited: number[] = [];
    for (let i = 0; i < requests; i++) {
      // At a different point of a slice each time.
      await new Promise((r) => setTimeout(r, 3 + ((i * 7) % 11)));
      waited.push(await conn.sendRequest<number>('probe'));
    }
    await conn.sendRequest('stop');
    return waited;
  } finally {
    conn.dispose();
    child.kill();
  }
}

test('a request that arrives during a background slice is handled before the next slice starts', { timeout: 60_000 }, async () => {
  const gw = await slicesWaited('giveWay', 30);
  const bare = await slicesWaited('bare', 30);
  const late = (xs: number[]): number => xs.filter((x) => x > 0).length;
  console.log(`slices started between a request's arrival and its handling: giveWay ${gw.join(' ')}; bare setImmediate ${bare.join(' ')}`);
  // A message split over two reads on a loaded machine could arrive late: allowed once or twice.
  assert.ok(late(gw) <= 2, `giveWay: ${late(gw)} of 30 requests waited for a further slice`);
  assert.ok(gw.every((x) => x <= 1), 'never more than one further slice');
  // What the pause is for: with a bare setImmediate most requests wait for one more slice.
  assert.ok(late(bare) >= 20, `bare setImmediate: only ${late(bare)} of 30 waited for a further slice`);
});
