import type { Range } from '../../server/src/engine/findings';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';

/** Applies non-overlapping text edits as an editor would: last first, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const li = new LineIndex(text);
  const withOffsets = edits.map((e) => ({ s: li.offsetAt(e.range.start), e: li.offsetAt(e.range.end), t: e.newText }));
  withOffsets.sort((a, b) => b.s - a.s || b.e - a.e);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
