// Validates the geminiInteractions.apiBaseUrl setting into something the SDK can use.
import { englishMessages, type Messages } from '../l10n/coreStrings';

const SETTING = 'geminiInteractions.apiBaseUrl';

export type EndpointCheck = { ok: true; baseUrl: string | undefined } | { ok: false; message: string };

export function checkBaseUrl(raw: string | undefined, m: Messages = englishMessages): EndpointCheck {
  const value = (raw ?? '').trim();
  if (!value) return { ok: true, baseUrl: undefined };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: m.t('endpointInvalid', SETTING, value) };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: m.t('endpointScheme', SETTING, value) };
  }
  if (url.search || url.hash) {
    return { ok: false, message: m.t('endpointQuery', SETTING, value) };
  }
  return { ok: true, baseUrl: trimTrailingSlashes(value) };
}

/** `value` without its trailing slashes; a loop, because /\/+$/ is quadratic on a long run of slashes. */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47 /* / */) end--;
  return value.slice(0, end);
}
