// The webview's strings and formats in the display language. The host writes the table into the page
// (<body data-ui>, src/vscode/panel/webviewHtml.ts) so it is there before anything is drawn; English when it is
// absent (test pages) and for any key it lacks. Numbers, sizes, durations and dates go through Intl for the same
// language.
import { UI_EN, type UiKey, type UiStrings } from '../../core/l10n/ui/en';
import type { UiLanguage } from '../../core/l10n/uiStrings';

let strings: Partial<UiStrings> = UI_EN;
let locale = 'en';

export function setLanguage(ui: UiLanguage | undefined): void {
  if (!ui?.strings) return;
  strings = ui.strings;
  try {
    locale = Intl.getCanonicalLocales(ui.locale)[0] ?? 'en';
  } catch {
    locale = 'en'; // a tag Intl does not take
  }
  document.documentElement.lang = locale;
}

export function currentLocale(): string {
  return locale;
}

/** The string of `key` with {0}, {1}… filled from `args`. */
export function t(key: UiKey, ...args: (string | number)[]): string {
  const template = strings[key] ?? UI_EN[key];
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

type PluralBase = UiKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;

/** A plural pair `<base>_one` / `<base>_other`, chosen by Intl.PluralRules; {0} is the formatted count. */
export function tn(base: PluralBase, n: number, ...rest: (string | number)[]): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? 'one' : 'other';
  return t(`${base}_${form}` as UiKey, formatNumber(n), ...rest);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A duration in seconds with one decimal ("1.2 s", "1,2 s"): Intl's unit style would say "1.2 sec" in English. */
export function formatSeconds(ms: number): string {
  return t('footer.seconds', formatDecimal(ms / 1000));
}

/** A decimal with one fraction digit, for sizes ("1.5 KB"). */
export function formatDecimal(n: number): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}

/** A size in bytes ("512 B", "1.5 KB", "15.0 MB"), localized; the one byte format of the webview. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return t('size.b', formatNumber(bytes));
  if (bytes < 1024 * 1024) return t('size.kb', formatDecimal(bytes / 1024));
  return t('size.mb', formatDecimal(bytes / 1024 / 1024));
}

/** A time today ("14:05"), else a date ("2 déc. 2026"). */
export function formatWhen(ms: number, now = new Date()): string {
  const d = new Date(ms);
  return d.toDateString() === now.toDateString()
    ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The language the host wrote into the page; read once, when this module loads (before the view is built). */
function languageOfPage(): UiLanguage | undefined {
  const raw = typeof document !== 'undefined' ? document.body?.dataset.ui : undefined;
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as UiLanguage;
  } catch {
    return undefined;
  }
}
setLanguage(languageOfPage());
