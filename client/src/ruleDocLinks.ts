import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bundledRuleLine, headingLines, RULES_DOC_WEB } from './ruleDocs';

/**
 * Rule links into the docs bundled with the extension (see ruleDocs.ts): diagnostics' code links
 * open `docs/rules.md` of the .vsix at the rule's heading, shown rendered. Works offline, and the
 * page is the one of the installed version.
 */
export class RuleDocLinks implements vscode.Disposable {
  private readonly file: string;
  private readonly lines: Map<string, number> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.file = context.asAbsolutePath(path.join('docs', 'rules.md'));
    try {
      this.lines = headingLines(readFileSync(this.file, 'utf8'));
    } catch {
      // Not bundled (a build without docs): the links stay on the web.
      this.lines = undefined;
    }
    // Run from the repository (F5), docs/rules.md is the developer's own file: leave it as text.
    if (this.lines && context.extensionMode !== vscode.ExtensionMode.Development) {
      this.disposables.push(vscode.window.onDidChangeActiveTextEditor((editor) => void this.render(editor)));
    }
  }

  /** The bundled page for a link to the web one (undefined: keep the link as it is). */
  targetOf(href: string): vscode.Uri | undefined {
    const line = this.lines && bundledRuleLine(href, this.lines);
    return line ? vscode.Uri.file(this.file).with({ fragment: `L${line}` }) : undefined;
  }

  /** The bundled page of a rule id. */
  targetOfRule(code: string): vscode.Uri | undefined {
    return this.targetOf(`${RULES_DOC_WEB}#${code}`);
  }

  /** Diagnostics as the language server sent them, their rule links pointed at the bundled page. */
  rewrite(diagnostics: vscode.Diagnostic[]): void {
    for (const d of diagnostics) {
      if (typeof d.code !== 'object' || d.code === null) continue;
      const target = this.targetOf(d.code.target.toString(true));
      if (target) d.code = { value: d.code.value, target };
    }
  }

  /**
   * The bundled page opened as text (a rule link) is shown rendered instead, scrolled to the line
   * the link selected; the text editor is closed. Nothing else opens files inside the extension.
   */
  private async render(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || editor.document.uri.scheme !== 'file' || path.resolve(editor.document.uri.fsPath) !== path.resolve(this.file)) return;
    // The editor becomes active before the link's selection (`#L<line>`) is applied to it.
    if (editor.selection.active.line === 0) {
      await new Promise<void>((resolve) => {
        const done = () => { sub.dispose(); clearTimeout(timer); resolve(); };
        const sub = vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === editor) done(); });
        const timer = setTimeout(done, 500);
      });
    }
    const line = editor.selection.active.line;
    // The preview opens at the editor's first visible line.
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', editor.document.uri);
    } catch {
      return; // no Markdown preview (the built-in extension disabled): the text stays open at the rule
    }
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && path.resolve(tab.input.uri.fsPath) === path.resolve(this.file)) await vscode.window.tabGroups.close(tab);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
