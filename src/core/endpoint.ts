// Validates the geminiInteractions.apiBaseUrl setting into something the SDK can use.

export type EndpointCheck = { ok: true; baseUrl: string | undefined } | { ok: false; message: string };

export function checkBaseUrl(raw: string | undefined): EndpointCheck {
  const value = (raw ?? '').trim();
  if (!value) return { ok: true, baseUrl: undefined };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: `The setting geminiInteractions.apiBaseUrl is not a valid URL: "${value}". Use e.g. http://127.0.0.1:8787, or leave it empty for Google's endpoint.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `The setting geminiInteractions.apiBaseUrl must start with http:// or https:// (it is "${value}").` };
  }
  if (url.search || url.hash) {
    return { ok: false, message: `The setting geminiInteractions.apiBaseUrl must not contain a query or fragment (it is "${value}").` };
  }
  return { ok: true, baseUrl: trimTrailingSlashes(value) };
}

/** `value` without its trailing slashes; a loop, because /\/+$/ is quadratic on a long run of slashes. */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47 /* / */) end--;
  return value.slice(0, end);
}
