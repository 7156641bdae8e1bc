// The chat webview's strings in every language: the host picks the table of the display language and
// writes it into the view's page; the webview falls back to English for anything missing.
import { pickLocale, type Locale } from './locale';
import { UI_EN, type UiKey, type UiStrings } from './ui/en';
import { UI_FR } from './ui/fr';
import { UI_PT_BR } from './ui/ptBr';

export { UI_EN, type UiKey, type UiStrings };

export const UI_TABLES: Record<Locale, UiStrings> = { en: UI_EN, fr: UI_FR, 'pt-br': UI_PT_BR };

/** What the webview needs to speak the display language: a BCP 47 tag for Intl, and the strings. */
export interface UiLanguage {
  locale: string;
  strings: UiStrings;
}

export function uiLanguage(language: string | undefined): UiLanguage {
  const locale = pickLocale(language);
  // Intl gets the display language as VS Code reports it (e.g. "fr-ca"), the strings its translation.
  return { locale: locale === 'en' ? (language || 'en') : language!, strings: UI_TABLES[locale] };
}
