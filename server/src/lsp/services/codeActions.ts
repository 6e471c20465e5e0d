import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Finding } from '../../engine/findings';
import type { ServerContext, Service } from '../context';
import { toDiagnostic } from './diagnostics';
import { localizedTitle } from '../l10n/index';

/** Quick fixes: every Finding.fix of the diagnostics under the cursor, for any code. */

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActionsFor(uri: string, version: number | undefined, findings: readonly Finding[], params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
  const matched: { finding: Finding; diagnostic: Diagnostic }[] = [];
  const fromContext = params.context.diagnostics ?? [];
  for (const d of fromContext) {
    // The diagnostic comes back as it was published (toDiagnostic: shortened, in the client's
    // language), so two findings of one rule on one range are told apart by that text; the rule
    // id and range alone still find the finding when a client rewrote the message.
    const f = findings.find((x) => x.code === d.code && sameRange(x.range, d.range) && toDiagnostic(x).message === d.message) ?? findings.find((x) => x.code === d.code && sameRange(x.range, d.range));
    if (f) matched.push({ finding: f, diagnostic: d });
  }
  if (matched.length === 0 && fromContext.length === 0) {
    // Clients that send no diagnostics still get the fixes of findings at the requested range.
    for (const f of findings) if (overlaps(f.range, params.range)) matched.push({ finding: f, diagnostic: toDiagnostic(f) });
  }
  const actions: CodeAction[] = [];
  for (const { finding, diagnostic } of matched) {
    for (const fix of finding.fixes ?? []) {
      actions.push({
        title: localizedTitle(fix),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred ?? false,
        edit:
          version !== undefined
            ? { documentChanges: [{ textDocument: { uri, version }, edits: fix.edits }] }
            : { changes: { [uri]: fix.edits } },
      });
    }
  }
  return actions;
}

export const codeActionsService: Service = {
  name: 'codeActions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } }),
  register(ctx: ServerContext): void {
    ctx.connection.onCodeAction(
      ctx.safe('codeAction', [] as CodeAction[], (params: CodeActionParams) => {
        const uri = params.textDocument.uri;
        const stored = ctx.findings(uri);
        const open = ctx.documents.get(uri);
        const findings: Finding[] = [];
        // Fixes computed for an older version would edit the wrong text: offer none until re-validated.
        if (stored && !(open && stored.version !== undefined && open.version !== stored.version)) findings.push(...stored.findings);
        // The dry run's predictions (published by the client in its own collection) bring their
        // fixes while the file is the text that was simulated.
        const predicted = ctx.dryRunFindings(uri);
        if (predicted && predicted.text === (open ? open.getText() : ctx.file(uri)?.text)) findings.push(...predicted.findings);
        if (findings.length === 0) return [];
        const version = open?.version ?? stored?.version;
        const useVersion = open && ctx.clientCapabilities().workspace?.workspaceEdit?.documentChanges ? version : undefined;
        return codeActionsFor(uri, useVersion, findings, params);
      }),
    );
  },
};
