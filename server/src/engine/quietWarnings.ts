/**
 * The YAML library warns through process.emitWarning about map keys that are collections
 * (what Helm's `{{ x }}` reads as). The checker already treats such documents as templates, so
 * that warning is noise on a user's terminal or in the server log; every other warning stays.
 */
export function silenceYamlKeyWarnings(): void {
  const original = process.emitWarning.bind(process) as (...a: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning?.message ?? '';
    if (text.startsWith('Keys with collection values will be stringified')) return;
    original(warning, ...rest);
  }) as typeof process.emitWarning;
}
