import { AbstractMessageWriter, type Diagnostic, type Message, type MessageWriter } from 'vscode-languageserver/node';

/**
 * JSON encoding of outgoing messages that serializes each diagnostic once.
 *
 * LSP republishes every diagnostic of a file on each change (about 9,000 on a 10,000-document
 * file, 5 MB of JSON), while an edit changes only a few of them. The diagnostics service hands
 * out the same Diagnostic object for an unchanged finding (diagnostics.ts), and no Diagnostic is
 * changed once published, so each one's UTF-8 JSON is kept with it and a publication is the
 * concatenation of those bytes: the bytes JSON.stringify would give for the whole message.
 */

const PUBLISH = 'textDocument/publishDiagnostics';
const PLACEHOLDER = '"diagnostics":0';
const encoded = new WeakMap<Diagnostic, Buffer>();
const COMMA = Buffer.from(',');

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

/** The message as UTF-8 JSON, the diagnostics of a publication from their kept bytes. */
export function encodeMessage(msg: Message): Buffer {
  const m = msg as Message & { method?: string; params?: { diagnostics?: unknown } };
  const diagnostics = m.method === PUBLISH ? m.params?.diagnostics : undefined;
  if (!Array.isArray(diagnostics) || diagnostics.length === 0) return Buffer.from(JSON.stringify(msg), 'utf8');
  // The message with a placeholder for the list: quotes inside string values are escaped, so the
  // only unescaped `"diagnostics":0` is the placeholder member.
  const head = JSON.stringify({ ...m, params: { ...m.params, diagnostics: 0 } });
  const at = head.lastIndexOf(PLACEHOLDER);
  if (at < 0) return Buffer.from(JSON.stringify(msg), 'utf8');
  const parts: Buffer[] = new Array(diagnostics.length * 2 + 1);
  parts[0] = Buffer.from(`${head.slice(0, at)}"diagnostics":[`, 'utf8');
  for (let i = 0; i < diagnostics.length; i++) {
    parts[2 * i + 1] = diagnosticBytes(diagnostics[i] as Diagnostic);
    parts[2 * i + 2] = COMMA;
  }
  parts[parts.length - 1] = Buffer.from(`]${head.slice(at + PLACEHOLDER.length)}`, 'utf8');
  return Buffer.concat(parts as unknown as readonly Uint8Array[]);
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
      const head = Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii');
      this.out.write(Buffer.concat([head, body] as unknown as readonly Uint8Array[]) as unknown as Uint8Array);
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
