// Recognises the two key formats Google issues for the Gemini API, so Set API Key can warn about a paste
// that is neither (a truncated key, a project id, a whole .env line) before any request. ASSUMPTION (the
// wire reference documents no key format): classic keys are `AIza` + 35 characters of [0-9A-Za-z_-];
// the newer keys start with `AQ.` followed by a long base64url-style body. An unrecognised format is a
// warning, never a refusal: Google may issue yet another format, and the API is the judge.
export type KeyFormat = 'classic' | 'newer' | 'unknown';

const CLASSIC = /^AIza[0-9A-Za-z_-]{35}$/;
const NEWER = /^AQ\.[0-9A-Za-z_-]{30,}$/;

export function keyFormat(key: string): KeyFormat {
  const k = key.trim();
  if (CLASSIC.test(k)) return 'classic';
  if (NEWER.test(k)) return 'newer';
  return 'unknown';
}
