/**
 * How long-running background work (a dry run: its simulation, snapshots, predictions; the
 * language server's workspace scan and its check of every file) hands the event loop back between
 * two slices. A message read from the client while a slice runs is decoded and handled in two
 * turns of its own after the read (vscode-jsonrpc's reader and connection queues), and an edit is
 * re-parsed and checked one turn after that (WorkspaceState.documentChanged): with a single setImmediate the next slice ran before each of
 * those turns, so a completion waited for the rest of the slice in progress and two whole slices
 * more, and an edit's diagnostics three more. `giveWay` resumes only once no other setImmediate
 * callback is waiting, so both wait for the rest of the slice in progress only (over a real pipe:
 * test/lsp/slices.test.ts).
 */

/** Bound on the turns given away at one pause, so foreground work that keeps going cannot stall the run. */
const MAX_TURNS = 8;
/** Without a way to look at the queue: the message's turn, the turn of the work it queues, and one more. */
const BLIND_TURNS = 3;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Node lists one 'Immediate' per setImmediate callback still to run (not the one running): a few µs.
const getActive = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.bind(process);

function othersWaiting(): boolean {
  for (const r of getActive!()) if (r === 'Immediate') return true;
  return false;
}

export async function giveWay(): Promise<void> {
  for (let i = 1; i <= MAX_TURNS; i++) {
    await turn();
    if (getActive ? !othersWaiting() : i >= BLIND_TURNS) return;
  }
}
