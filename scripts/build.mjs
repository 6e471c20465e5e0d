// Bundles the extension client, the language server and the CLI with esbuild.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify: !process.argv.includes('--no-minify'),
  logLevel: 'warning',
  legalComments: 'none',
  // Inputs are listed so the licenses of the bundled packages can be shipped (see writeNotices).
  metafile: true,
};

mkdirSync('dist', { recursive: true });
// Ajv validators as code, so the server and CLI do not compile them at start-up.
await import('./gen-validators.mjs');
const results = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
writeNotices(results);

/**
 * dist/THIRD_PARTY_NOTICES.txt: the license of every npm package bundled into dist (their
 * licenses ask for the notice to travel with copies; the bundles themselves carry no comments).
 */
function writeNotices(buildResults) {
  const packages = new Map();
  for (const r of buildResults) {
    for (const input of Object.keys(r.metafile.inputs)) {
      // The innermost node_modules holds the package the file belongs to (nested copies included).
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const m = /^((?:@[^/]+\/)?[^/]+)\//.exec(input.slice(at + 'node_modules/'.length));
      if (!m) continue;
      packages.set(input.slice(0, at + 'node_modules/'.length) + m[1], m[1]);
    }
  }
  const sections = [];
  for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(dir).find((f) => /^(?:licen[cs]e|copying)(?:\.(?:md|txt))?$/i.test(f));
    const text = licenseFile ? readFileSync(join(dir, licenseFile), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    sections.push(`${name} ${pkg.version} (${pkg.license ?? 'unknown license'})\n${'-'.repeat(60)}\n${text}\n`);
  }
  const header = 'Kube Rehearsal bundles the following npm packages into dist/. Their licenses follow.\n\n';
  writeFileSync('dist/THIRD_PARTY_NOTICES.txt', header + sections.join('\n'));
  if (!existsSync('dist/THIRD_PARTY_NOTICES.txt')) throw new Error('notices not written');
}
if (watch) console.log('watch mode is not supported; run npm run build again');
