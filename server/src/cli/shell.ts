// Placeholder until the simulator's shell lands (its owner replaces this file).
export async function runShell(_argv: string[]): Promise<number> {
  process.stderr.write('kube-rehearsal: shell is not available yet\n');
  return 2;
}
