// Placeholder until the simulator's CLI lands (its owner replaces this file).
export async function runSimulate(_argv: string[]): Promise<number> {
  process.stderr.write('kube-rehearsal: simulate is not available yet\n');
  return 2;
}
