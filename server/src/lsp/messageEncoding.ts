import { AbstractMessageWriter, type Diagnostic, type Message, type MessageWriter } from 'vscode-languageserver/node';

/**
 * JSON encoding of outgoing messages that serializes each diagnostic once.
 *
 * LSP republishes every diagnostic of a file on each change (about 9,000 on a 10,000-document
 * file, 5 MB of JSON), while an edit changes only a few of them. The diagnostics service hands
 * out the same Diagnostic object for an unchanged finding (diagnostics.ts), and no Diagnostic is
 * changed once published, so each one's UTF-8 JSON is kept with it, and a publication copies the
 * unchanged stretches of the file's last one and adds the kept bytes of the others: the bytes
 * JSON.stringify would give for the whole message.
 */

const PUBLISH = 'textDocument/publishDiagnostics';
const PLACEHOLDER = '"diagnostics":0';
const encoded = new WeakMap<Diagnostic, Buffer>();

/**
 * A diagnostic's UTF-8 JSON, made once and kept with it. The diagnostics service calls it ahead of
 * publishing, a slice of a large list at a time, so the publication itself only concatenates.
 */
export function diagnosticBytes(d: Diagnostic): Buffer {
  let b = encoded.get(d);
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(d), 'utf8');
    encoded.set(d, b);
  }
  return b;
}

/**
 * The last publication of each file: its bytes, its diagnostics and where each one's JSON starts
 * in them (`at[i]`; `at[n]` is the end of the list). Each entry runs to its separator included
 * (the comma after it, or the list's closing bracket after the last one).
 */
interface Publication {
  diagnostics: readonly unknown[];
  bytes: Buffer;
  at: Int32Array;
  /** The memory `bytes` is the start of (a large publication's is reused, below). */
  memory: Buffer;
}
const lastPublications = new Map<string, Publication>();

/**
 * A publication this large is made in memory reused from the one before the file's last
 * publication once its write is done (the writer tells, `writing`): 5 MB of fresh memory per
 * edit costs page faults, several ms of CPU, more than the copy itself.
 */
const REUSED_BYTES = 256 * 1024;
/** Memory of publications handed to the stream and not yet written out. */
const writing = new WeakSet<Buffer>();
/** For each file, the memory of the publication before its last one (free once written). */
const spare = new Map<string, Buffer>();

function memoryFor(uri: string | undefined, size: number): Buffer {
  if (size < REUSED_BYTES || uri === undefined) return Buffer.allocUnsafe(size);
  const free = spare.get(uri);
  if (free && free.length >= size && !writing.has(free)) {
    spare.delete(uri);
    return free;
  }
  // Room to grow: the next publications of this file reuse it while they fit.
  return Buffer.allocUnsafeSlow(Math.ceil(size * 1.125));
}

/** The reusable memory each large publication's bytes lie in. */
const memoryOf = new WeakMap<Buffer, Buffer>();

/**
 * The message as UTF-8 JSON. A publication is made from the file's last one: an edit changes a
 * few diagnostics in the middle of the list, so the bytes of those before and after them (the
 * same objects) are copied from it in two blocks, and only the changed ones are taken one by one
 * from their kept bytes. On 9,000 diagnostics (5 MB) that is two memory copies instead of
 * 18,000 small ones.
 */
export function encodeMessage(msg: Message): Buffer {
  const m = msg as Message & { method?: string; params?: { uri?: unknown; diagnostics?: unknown } };
  const diagnostics = m.method === PUBLISH ? m.params?.diagnostics : undefined;
  const uri = typeof m.params?.uri === 'string' ? m.params.uri : undefined;
  if (Array.isArray(diagnostics) && diagnostics.length === 0 && uri !== undefined) {
    lastPublications.delete(uri);
    spare.delete(uri);
  }
  if (!Array.isArray(diagnostics) || diagnostics.length === 0) return Buffer.from(JSON.stringify(msg), 'utf8');
  // The message with a placeholder for the list: quotes inside string values are escaped, so the
  // only unescaped `"diagnostics":0` is the placeholder member.
  const head = JSON.stringify({ ...m, params: { ...m.params, diagnostics: 0 } });
  const placeholder = head.lastIndexOf(PLACEHOLDER);
  if (placeholder < 0) return Buffer.from(JSON.stringify(msg), 'utf8');
  const before = Buffer.from(`${head.slice(0, placeholder)}"diagnostics":[`, 'utf8');
  const after = Buffer.from(head.slice(placeholder + PLACEHOLDER.length), 'utf8');
  const last = uri !== undefined ? lastPublications.get(uri) : undefined;
  const n = diagnostics.length;
  const m0 = last ? last.diagnostics.length : 0;
  // The diagnostics kept at the start and at the end of the list (the same objects, the same bytes).
  let kept = 0;
  let keptEnd = 0;
  if (last) {
    const old = last.diagnostics;
    while (kept < n && kept < m0 && old[kept] === diagnostics[kept]) kept++;
    while (keptEnd < n - kept && keptEnd < m0 - kept && old[m0 - 1 - keptEnd] === diagnostics[n - 1 - keptEnd]) keptEnd++;
  }
  let size = before.length + after.length;
  if (last) size += last.at[kept] - last.at[0] + (last.at[m0] - last.at[m0 - keptEnd]);
  for (let i = kept; i < n - keptEnd; i++) size += diagnosticBytes(diagnostics[i] as Diagnostic).length + 1;
  const memory = memoryFor(uri, size);
  const bytes = memory.length === size ? memory : memory.subarray(0, size);
  if (size >= REUSED_BYTES) memoryOf.set(bytes, memory);
  const at = new Int32Array(n + 1);
  let pos = before.copy(bytes as unknown as Uint8Array, 0);
  if (last && kept > 0) {
    const shift = pos - last.at[0];
    for (let i = 0; i <= kept; i++) at[i] = last.at[i] + shift;
    pos += last.bytes.copy(bytes as unknown as Uint8Array, pos, last.at[0], last.at[kept]);
    bytes[pos - 1] = 0x2c; // `,` (the copied block may have ended the list)
  }
  for (let i = kept; i < n - keptEnd; i++) {
    at[i] = pos;
    pos += diagnosticBytes(diagnostics[i] as Diagnostic).copy(bytes as unknown as Uint8Array, pos);
    bytes[pos++] = 0x2c;
  }
  if (last && keptEnd > 0) {
    const from = last.at[m0 - keptEnd];
    const shift = pos - from;
    for (let k = keptEnd; k >= 1; k--) at[n - k] = last.at[m0 - k] + shift;
    pos += last.bytes.copy(bytes as unknown as Uint8Array, pos, from, last.at[m0]);
  }
  bytes[pos - 1] = 0x5d; // `]` after the last diagnostic
  at[n] = pos;
  after.copy(bytes as unknown as Uint8Array, pos);
  if (uri !== undefined) {
    // The last publication's memory is free for the one after this (once written).
    if (last && last.memory.length >= REUSED_BYTES) spare.set(uri, last.memory);
    lastPublications.set(uri, { diagnostics: diagnostics.slice(), bytes, at, memory });
  }
  return bytes;
}

/**
 * Writes each message to a stream (stdout) as soon as it is sent, framed as the base protocol
 * says, with encodeMessage. vscode-jsonrpc's stream writer queues every write behind a lock that
 * takes a turn of the event loop (setImmediate): during a workspace scan or a sliced check that
 * turn comes after the next slice, so each answer and publication waited one slice more. Writes
 * here are synchronous in call order (stdout to a pipe is, on Linux), so no lock is needed.
 */
export class DirectMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    try {
      const body = encodeMessage(msg);
      // Two writes rather than one concatenation (a copy of 5 MB for a large publication).
      this.out.write(Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii') as unknown as Uint8Array);
      // Not reused for another publication until the stream has written it out.
      const memory = memoryOf.get(body);
      if (memory) writing.add(memory);
      this.out.write(body as unknown as Uint8Array, () => {
        if (memory) writing.delete(memory);
      });
      return Promise.resolve();
    } catch (e) {
      this.fireError(e, msg, ++this.errors);
      return Promise.reject(e);
    }
  }

  end(): void {
    this.out.end();
  }
}
