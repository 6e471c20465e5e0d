import { existsSync, readFileSync } from 'node:fs';
import { parseYamlFile, type YamlFile } from '../engine/yaml/documents';
import { effectiveKubernetesVersion } from '../engine/version/kubernetesVersion';

/**
 * The target Kubernetes version of a CLI run: --kubernetes-version, else `targetVersion:` of
 * ./.kube-rehearsal.yaml or of one among the given files, else the newest. A bad targetVersion is
 * a problem to report (exit 2), not a silent fallback.
 */
export function cliKubernetesVersion(flag: string | undefined, files: readonly YamlFile[] = []): { minor: number; problem?: string } {
  const candidates = [...files];
  if (!flag && existsSync('.kube-rehearsal.yaml')) {
    try {
      candidates.unshift(parseYamlFile('.kube-rehearsal.yaml', readFileSync('.kube-rehearsal.yaml', 'utf8')));
    } catch {
      // Unreadable: the commands that read it for the cluster shape report that.
    }
  }
  const e = effectiveKubernetesVersion(flag, candidates);
  return { minor: e.minor, problem: flag ? undefined : e.problem };
}
