import type { Finding, Fix } from '../../engine/findings';
import { renderMessage, type Catalog, type MessageRef } from '../../engine/messages';
import { KOREAN } from './ko';

// The server's language is the client's (InitializeParams.locale: VS Code and code-server send
// their display language). Only this adapter localizes: the engine and the CLI stay English.

const CATALOGS: Record<string, Catalog> = { ko: KOREAN };

let catalog: Catalog | undefined;

/** Picks the catalog for a BCP 47 locale ("ko", "ko-KR"); any other language keeps English. */
export function setClientLocale(locale: string | undefined): void {
  catalog = locale ? CATALOGS[locale.toLowerCase().split(/[-_]/)[0]] : undefined;
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
