/**
 * The Node.js options the language server process is started with: by the VS Code client
 * (extension.ts) and, exactly the same, by the bench (bench/servers.ts). No vscode import here,
 * so the bench can read it.
 *
 * `--max-semi-space-size=4` (MiB): V8 grows the young generation of a busy process up to two
 * semi-spaces of 16 MiB and keeps them once grown, so after the open of a large file about 28 MiB
 * of the server's resident memory was an empty nursery (130 MiB resident after opening 1,000
 * documents, of which a 58 MiB heap holding 29 MiB of objects). At 4 MiB the open of that file
 * leaves about 110 MiB resident; its CPU time did not measurably change (in-process opens of the
 * 1,000- and 10,000-document files, docs/benchmarks.md): what the open keeps is promoted either
 * way, and what it drops dies young in either size.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
