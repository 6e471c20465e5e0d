// The extension activates when a YAML file opens: its Output channel exists and shows the language
// server's log, and the server publishes a diagnostic for the file (a started client alone is not enough).
import { scenario } from '../framework.mjs';

scenario('extension activates on a YAML file', async (ctx) => {
  const e = ctx.expect.activation;
  await ctx.openFile(e.file);

  // The channel picker fills asynchronously after the command opens it: try a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.runCommand('Output: Show Output Channels...');
      await ctx.page.waitForTimeout(1000);
      await ctx.quickInput(null, 'Kube Rehearsal', 'Kube Rehearsal');
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      await ctx.page.keyboard.press('Escape');
      await ctx.page.waitForTimeout(2000);
    }
  }
  const output = await ctx
    .waitForText('.panel .monaco-editor .view-lines', /\S/, 20_000, 'any text in the "Kube Rehearsal" Output channel')
    .catch((err) => `(${err.message})`);

  await ctx.waitForProblems(e.file, [{ what: `the language server's diagnostic for ${e.file}`, mentions: e.mentions, lines: [e.line] }]).catch((err) => {
    err.message = `the extension activated (Output channel "Kube Rehearsal" exists) but ${err.message}; the channel said: ${JSON.stringify(output.slice(0, 400))}`;
    throw err;
  });
});
