/**
 * How background work in slices (the workspace scan, the check of every file after it) lets the
 * client's messages go first.
 *
 * vscode-jsonrpc 8 (the stream reader under vscode-languageserver) takes two immediates from the
 * bytes to the handler: the poll phase reads them and the reader's semaphore queues an immediate
 * that decodes the message and hands it to the connection, whose queue handles it in one more
 * immediate. A slice that queues its successor with a bare `setImmediate` is ahead of both: a
 * request that arrived during a slice waited for that slice and then for two more (the workspace
 * bench's answers took several slices plus the request's own time). Queued three immediates out,
 * the next slice comes after the handling of whatever the poll read while the slice ran, so the
 * slice in progress is all a request waits for. Bytes that arrive during the hops themselves
 * start the count again (when the input stream is known: `watchIncoming`). Each hop is one turn
 * of the event loop (a poll with no wait: microseconds). test/lsp/slices.test.ts checks this
 * against the installed library over a real pipe.
 */

const HOPS = 3;
let arrivals = 0;

/** The stream the client's messages come in on (stdin): its reads restart the hops. */
export function watchIncoming(input: NodeJS.ReadableStream): void {
  input.on('data', () => arrivals++);
}

export function afterMessagesRead(next: () => void): void {
  let seen = arrivals;
  let hops = 0;
  const hop = (): void => {
    if (arrivals !== seen) {
      seen = arrivals;
      hops = 0;
    }
    if (++hops >= HOPS) next();
    else setImmediate(hop);
  };
  setImmediate(hop);
}

/** afterMessagesRead as a promise, for async loops. */
export function messagesRead(): Promise<void> {
  return new Promise((resolve) => afterMessagesRead(resolve));
}
