import type { Finding, Fix } from '../../engine/findings';
import { renderMessage, type Catalog, type MessageRef } from '../../engine/messages';
import { KOREAN } from './ko';
import { koreanAssumption, koreanSettingProblem, koreanStop, koreanSummary } from './simulatorKo';

// The server's language is the client's (InitializeParams.locale: VS Code and code-server send
// their display language). Only this adapter localizes: the engine and the CLI stay English.

const CATALOGS: Record<string, Catalog> = { ko: KOREAN };

/** The simulator's prose (image summaries, assumptions) by locale: sentence in, translation or undefined out. */
interface SimulatorProse {
  summary(english: string): string | undefined;
  assumption(english: string): string | undefined;
  stop(english: string): string | undefined;
  settingProblem(english: string): string | undefined;
  /** "Kube Rehearsal: {problem} (and {count} more, see the output)" */
  moreProblems(problem: string, count: number): string;
}
const SIMULATOR: Record<string, SimulatorProse> = {
  ko: { summary: koreanSummary, assumption: koreanAssumption, stop: koreanStop, settingProblem: koreanSettingProblem, moreProblems: (p, n) => `${p} (그 밖에 ${n}개, 출력 창을 확인하세요)` },
};

let catalog: Catalog | undefined;
let simulator: SimulatorProse | undefined;

/** Picks the catalog for a BCP 47 locale ("ko", "ko-KR"); any other language keeps English. */
export function setClientLocale(locale: string | undefined): void {
  const language = locale?.toLowerCase().split(/[-_]/)[0];
  catalog = language ? CATALOGS[language] : undefined;
  simulator = language ? SIMULATOR[language] : undefined;
}

/** An image catalog summary of the simulator in the client's language where known, else as written. */
export function localizedImageSummary(english: string): string {
  return simulator?.summary(english) ?? english;
}

/** The simulator's assumptions in the client's language where known (the same list in English). */
export function localizedAssumptions<T extends { message: string }>(list: T[]): T[] {
  const s = simulator;
  if (!s) return list;
  // A template's thousands of pods repeat one sentence: each is translated once.
  const seen = new Map<string, string>();
  const say = (m: string) => seen.get(m) ?? seen.set(m, s.assumption(m) ?? m).get(m)!;
  return list.map((a) => ({ ...a, message: say(a.message) }));
}

/** The finding's message in the client's language where catalogued, else its English text. */
export function localizedMessage(f: Finding): string {
  return f.l10n && catalog ? renderMessage(f.l10n, catalog) : f.message;
}

/** A quick fix's title in the client's language where catalogued, else its English title. */
export function localizedTitle(fix: Fix): string {
  return fix.l10n && catalog ? renderMessage(fix.l10n, catalog) : fix.title;
}

/** Any of our catalogued texts (hovers) in the client's language. */
export function localizedText(ref: MessageRef): string {
  return renderMessage(ref, catalog);
}

/** Why a dry run stopped early, in the client's language where known. */
export function localizedStop(english: string | undefined): string | undefined {
  return english === undefined ? undefined : (simulator?.stop(english) ?? english);
}

/** The warning about invalid globs in the settings, in the client's language where known. */
export function localizedSettingProblems(problems: readonly string[]): string {
  const first = simulator?.settingProblem(problems[0]) ?? problems[0];
  if (problems.length === 1) return first;
  return simulator ? simulator.moreProblems(first, problems.length - 1) : `${first} (and ${problems.length - 1} more, see the output)`;
}
