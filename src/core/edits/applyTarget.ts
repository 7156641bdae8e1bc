// Which file a code block of an answer is meant for. Models name it in the fence info
// ("```ts src/app.ts", "```ts title=src/app.ts", "```ts:src/app.ts"), in a first-line comment
// ("// filepath: src/app.ts"), or on the line just before the block ("**src/app.ts**", "`src/app.ts`:").
// Pure: the VS Code side checks that the path is inside the workspace.

/** A plausible relative or absolute file path: no spaces, no scheme; a bare name needs an extension (or is a known one). */
const FILE_NAME = /^(?:[\w@+-][\w.@+-]*\.[A-Za-z0-9]{1,12}|\.[\w.@+-]+|Makefile|Dockerfile|LICENSE|README)$/;
// With a folder in front, any name is a file name ("config/settings", ".git/config").
const PATH_WITH_DIR = /^(?:[A-Za-z]:[\\/]|[\\/]|\.{1,2}[\\/])?(?:[\w.@+-]+[\\/])+[\w.@+-]+$/;
const isPathLike = (s: string): boolean => FILE_NAME.test(s) || PATH_WITH_DIR.test(s);

/** Longer text names no file; the patterns below never see it (model output can be any length). */
const MAX_NAMING_LINE = 400;

function cleanCandidate(raw: string): string | undefined {
  if (raw.length > MAX_NAMING_LINE) return undefined;
  let s = raw.trim();
  // Markdown decoration around a name: **x**, `x`, *x*, "x", a trailing colon.
  for (let i = 0; i < 3; i++) s = s.replace(/^[*_`'"([]+|[*_`'")\]]+$/g, '').replace(/:$/, '').trim();
  if (!s || s.length > 260 || /^[a-z][\w+.-]*:\/\//i.test(s)) return undefined;
  return isPathLike(s) ? s : undefined;
}

/** The path named in a fence's info string after the language, if any. */
export function pathFromFenceInfo(info: string): string | undefined {
  if (info.length > MAX_NAMING_LINE) return undefined;
  const words = info.trim().split(/\s+/).filter(Boolean);
  // "ts:src/a.ts" (a colon right after the language)
  const colon = /^[\w#+.-]+:(.+)$/.exec(words[0] ?? '');
  if (colon) { const p = cleanCandidate(colon[1]!); if (p) return p; }
  for (const w of words.slice(1)) {
    const kv = /^(?:title|file|filename|path|filepath)=(.+)$/i.exec(w);
    const p = cleanCandidate(kv ? kv[1]! : w);
    if (p) return p;
  }
  return undefined;
}

/** "// filepath: src/a.ts", "# file: a.py", "<!-- path: a.html -->" as the code's first line. */
export function pathFromFirstLine(code: string): string | undefined {
  const end = code.indexOf('\n');
  const first = end < 0 ? code : code.slice(0, end);
  if (first.length > MAX_NAMING_LINE) return undefined;
  const m = /^\s*(?:\/\/|#|--|;|\/\*|<!--)\s*(?:file ?path|file ?name|file|path)\s*:\s*(\S+?)\s*(?:\*\/|-->)?\s*$/i.exec(first);
  return m ? cleanCandidate(m[1]!) : undefined;
}

/** The path on the line just before the block: "**src/a.ts**", "`src/a.ts`:", "File: src/a.ts", "In `src/a.ts`:". */
export function pathFromPrecedingLine(line: string): string | undefined {
  const text = line.trim();
  if (!text || text.length > 300) return undefined;
  const whole = cleanCandidate(text.replace(/^(?:file|path|filename|in|update|updated|edit|change|create)\s*:?\s*/i, ''));
  if (whole) return whole;
  // A code span that names a file, anywhere in a short line ("Replace `src/a.ts` with:").
  const spans = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => cleanCandidate(m[1]!)).filter((p): p is string => !!p);
  return spans.length === 1 ? spans[0] : undefined;
}

export interface BlockContext {
  /** The fence's whole info string ("ts src/a.ts"). */
  info?: string;
  /** The last line of text before the block. */
  before?: string;
  code: string;
}

/** The file the block names, in order of how explicit the naming is. */
export function namedTarget(b: BlockContext): string | undefined {
  return (b.info ? pathFromFenceInfo(b.info) : undefined) ?? pathFromFirstLine(b.code) ??
    (b.before ? pathFromPrecedingLine(b.before) : undefined);
}
