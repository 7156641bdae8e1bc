// The languages the extension is translated into, and how a VS Code display language maps onto them.

export const LOCALES = ['en', 'fr', 'pt-br'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * `vscode.env.language` values are lower-case BCP 47 tags ("fr", "fr-ca", "pt-br"): any French is French;
 * only Brazilian Portuguese has a translation (European Portuguese readers get English rather than pt-BR).
 */
export function pickLocale(language: string | undefined): Locale {
  const tag = (language ?? '').toLowerCase().replace('_', '-');
  if (tag === 'fr' || tag.startsWith('fr-')) return 'fr';
  if (tag === 'pt-br' || tag === 'pt') return 'pt-br';
  return 'en';
}
