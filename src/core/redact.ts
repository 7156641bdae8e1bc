// Keeps secrets out of logs: every line written to the log goes through here.

const KEY_PATTERNS = [
  /AIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /(x-goog-api-key["']?\s*[:=]\s*["']?)[^"',\s}]+/gi,
  /([?&]key=)[^&\s]+/gi,
];

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[REDACTED]');
  }
  for (const re of KEY_PATTERNS) out = out.replace(re, (m, prefix) => (typeof prefix === 'string' && m.startsWith(prefix) ? `${prefix}[REDACTED]` : '[REDACTED]'));
  return out;
}
