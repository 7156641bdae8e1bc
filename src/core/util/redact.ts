// Keeps secrets out of logs: every line written to the log goes through here.

const KEY_PATTERNS = [
  /AIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /(x-goog-api-key["']?\s*[:=]\s*["']?)[^"',\s}]+/gi,
  /([?&]key=)[^&\s]+/gi,
];

/**
 * Replaces every known secret (the API key, each stored MCP secret), also in its URL-encoded and JSON-escaped
 * spellings (how a header or URL echoed in an error message writes it), and anything that looks like a key.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  // Longest first: a secret that contains another is replaced whole.
  const spellings = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    spellings.add(s);
    spellings.add(encodeURIComponent(s));
    spellings.add(JSON.stringify(s).slice(1, -1));
  }
  for (const s of [...spellings].sort((a, b) => b.length - a.length)) out = out.split(s).join('[REDACTED]');
  for (const re of KEY_PATTERNS) out = out.replace(re, (m, prefix) => (typeof prefix === 'string' && m.startsWith(prefix) ? `${prefix}[REDACTED]` : '[REDACTED]'));
  return out;
}
