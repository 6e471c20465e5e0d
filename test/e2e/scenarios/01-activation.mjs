// The extension activates when a YAML file opens: its Output channel appears among the channels
// and its language server publishes a diagnostic for the file (the client alone is not enough).
import { scenario, check } from '../framework.mjs';

scenario('extension activates on a YAML file', async (ctx) => {
  const e = ctx.expect.activation;
  await ctx.openFile(e.file);

  // The Output view's channel list names "Kube Rehearsal" once the language client has started.
  await ctx.runCommand('Output: Show Output Channels...');
  await ctx.quickInput(null, 'Kube Rehearsal', 'Kube Rehearsal').catch((err) => {
    throw new Error(`the extension did not activate on ${e.file}: no "Kube Rehearsal" Output channel (${err.message})`);
  });
  const output = await ctx.waitForText('.panel .output-view, .panel [id="workbench.panel.output"]', /\S/, 20_000, 'text in the Kube Rehearsal Output channel').catch(() => '');

  await ctx.openProblems();
  const rows = await ctx.waitFor(
    async () => {
      const r = await ctx.problemsFor(e.file);
      return r.some((p) => p.line === e.line && p.text.includes(e.mentions)) ? r : null;
    },
    45_000,
    async () =>
      `the extension activated but its language server published no diagnostic for ${e.file}: expected one mentioning "${e.mentions}" at [Ln ${e.line}]; ` +
      `Problems panel: ${JSON.stringify((await ctx.problemsText()).slice(0, 500))}; Kube Rehearsal output: ${JSON.stringify(output.slice(0, 500))}`,
  );
  check(rows.every((p) => p.line !== undefined), `problem rows without a [Ln, Col] position: ${JSON.stringify(rows)}`);
});
