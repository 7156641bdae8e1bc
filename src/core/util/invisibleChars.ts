// Characters that do not show as themselves: controls, bidi embeddings/overrides/isolates, zero-width and
// other invisible format characters. One list for every place that must show text as it is: file names in
// prompts and tool results (written as `\u{202E}`), and the approval card's path, arguments and diff (drawn
// as a marked `<U+202E>`, with a warning). Pure and linear: one regex pass, no backtracking.

/**
 * The characters, one class (used with the `u` flag):
 * - C0 controls except tab, newline and carriage return (those depend on the place, see below), DEL, C1;
 * - bidi: ALM U+061C, LRM/RLM U+200E/U+200F, embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069
 *   (U+202E shows `txt.exe` as `exe.txt`, and a changed line can read as a comment);
 * - zero-width space and non-joiner U+200B/U+200C (the joiner U+200D: see ZWJ), word joiner and invisible
 *   operators U+2060–U+2064, the deprecated format characters U+206A–U+206F, BOM U+FEFF, line and paragraph
 *   separators U+2028/U+2029;
 * - other invisible ones: soft hyphen U+00AD, combining grapheme joiner U+034F, Hangul fillers (U+115F,
 *   U+1160, U+3164, U+FFA0: letters to JavaScript, so an invisible variable name), Khmer inherent vowels
 *   U+17B4/U+17B5, Mongolian vowel separator U+180E, interlinear annotation U+FFF9–U+FFFB, tag characters
 *   U+E0000–U+E007F, and the variation selectors supplement U+E0100–U+E01EF (bytes hidden after a
 *   visible character, as malware in extensions did).
 * The variation selectors U+FE00–U+FE0F stay: emoji need U+FE0F, and they are not enough to hide data
 * (one of 16 values per character, which the supplement completes).
 */
const INVISIBLE_CLASS = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E'
  + '\\u200B\\u200C\\u200E\\u200F\\u2028-\\u202E\\u2060-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\u{E0000}-\\u{E007F}\\u{E0100}-\\u{E01EF}]';

/**
 * The zero-width joiner (U+200D) too, except between two emoji, where it joins them into one (👩‍💻): there
 * it hides nothing, and an escape would break every such emoji of a README.
 */
const ZWJ = '\\u200D(?:(?<!\\p{Extended_Pictographic}[\\u{FE0F}\\u{1F3FB}-\\u{1F3FF}]?\\u200D)|(?!\\p{Extended_Pictographic}))';

/**
 * Where the text is shown:
 * - 'name': a file name or other one-line value: tab, newline and carriage return are escaped too;
 * - 'text': multi-line text (a diff, pretty JSON): tabs and line ends stay, a carriage return only where it
 *   ends a line (CRLF files), not a lone one in the middle of a line.
 */
export type InvisibleMode = 'name' | 'text';

/** A run of characters to escape (a run, so a long string of zero-width characters is one match). */
const RUNS: Record<InvisibleMode, RegExp> = {
  // The class lists a joiner and combining marks (U+200C, U+034F, U+17B4) on purpose, each matched alone (`u`).
  /* eslint-disable no-misleading-character-class */
  name: new RegExp(`(?:${INVISIBLE_CLASS}|${ZWJ}|[\\t\\n\\r])+`, 'gu'),
  text: new RegExp(`(?:${INVISIBLE_CLASS}|${ZWJ}|\\r(?!\\n|$))+`, 'gu'),
  /* eslint-enable no-misleading-character-class */
};

/** One piece of a text: `text` the original characters; `escaped` set when they are a run shown as escapes. */
export interface InvisiblePiece { text: string; escaped?: string }

/** How one character is written where it is drawn: `<U+202E>`. */
export function codePointEscape(c: string): string {
  return `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Whether `text` holds any character that would be escaped. */
export function hasInvisible(text: string, mode: InvisibleMode = 'text'): boolean {
  const re = RUNS[mode];
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/** `text` with every such character written by `escape` (one character at a time; `<U+202E>` by default). */
export function escapeInvisible(text: string, mode: InvisibleMode = 'text', escape: (c: string) => string = codePointEscape): string {
  return text.replace(RUNS[mode], (run) => escapeRun(run, escape));
}

/** Every character of a run escaped (by code point: a tag character is one escape, not two halves). */
function escapeRun(run: string, escape: (c: string) => string): string {
  let out = '';
  for (const c of run) out += escape(c);
  return out;
}

/** `text` cut into what is shown as it is and the escaped runs, in order, so a view can mark the escapes. */
export function splitInvisible(text: string, mode: InvisibleMode = 'text'): InvisiblePiece[] {
  const re = RUNS[mode];
  const pieces: InvisiblePiece[] = [];
  let at = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) pieces.push({ text: text.slice(at, m.index) });
    pieces.push({ text: m[0], escaped: escapeRun(m[0], codePointEscape) });
    at = m.index + m[0].length;
  }
  re.lastIndex = 0;
  if (at < text.length || !pieces.length) pieces.push({ text: text.slice(at) });
  return pieces;
}
