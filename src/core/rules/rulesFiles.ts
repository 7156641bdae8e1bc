// Rules files (AGENTS.md, GEMINI.md, .gemini/instructions.md): which paths the setting lists, how their
// bytes are cut to the caps without splitting a character, and how they merge with the user's own system
// instruction. Pure: the host (src/vscode/rules/rulesFiles.ts) reads the files, checks trust and real paths.

/** `geminiInteractions.instructionFiles` by default, in this order. */
export const DEFAULT_INSTRUCTION_FILES = ['AGENTS.md', 'GEMINI.md', '.gemini/instructions.md'] as const;
/** At most this much of one file goes into the system instruction. */
export const INSTRUCTION_FILE_MAX_BYTES = 64 * 1024;
/** At most this much of all rules files together (they go into every request). */
export const INSTRUCTIONS_TOTAL_MAX_BYTES = 128 * 1024;

/** A rules file as read: its workspace-relative path and its bytes (`cut`: the file was longer than these). */
export interface RulesFileRead {
  path: string;
  bytes: Uint8Array;
  cut?: boolean;
}

export interface MergedRules {
  /** The files' part of the system instruction, or undefined when no file had text. */
  text?: string;
  /** Paths whose text is in `text`, in order. */
  used: string[];
  /** Paths cut short: by their own cap ('file') or because the total ran out ('total'; possibly to nothing). */
  cuts: { path: string; reason: 'file' | 'total' }[];
}

/**
 * The setting's paths, cleaned: strings, `/` separators, workspace-relative (no absolute path, drive or
 * `..` segment: a rules file is a file of the workspace), each once, in the setting's order.
 * Not a list: the default. An empty list turns rules files off.
 */
export function instructionPaths(setting: unknown): string[] {
  if (!Array.isArray(setting)) return [...DEFAULT_INSTRUCTION_FILES];
  const out: string[] = [];
  for (const v of setting) {
    if (typeof v !== 'string') continue;
    const p = v.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    if (!p || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').some((s) => s === '..')) continue;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * UTF-8 text of at most `max` bytes of `bytes`, cut at a character boundary (never half a character, which
 * would decode to U+FFFD). `truncated`: `bytes` is already a cut prefix (its last character may be
 * incomplete). `cut` says whether anything was dropped.
 */
export function utf8Prefix(bytes: Uint8Array, max: number, truncated = false): { text: string; cut: boolean } {
  if (bytes.byteLength <= max && !truncated) return { text: new TextDecoder().decode(bytes), cut: false };
  let end = Math.max(0, Math.min(max, bytes.byteLength));
  // Back off continuation bytes (10xxxxxx) so the cut falls before the start of a character.
  if (end < bytes.byteLength) while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  else end = completeEnd(bytes, end);
  return { text: new TextDecoder().decode(bytes.subarray(0, end)), cut: true };
}

/** `end`, or the start of the last character before it when that character is incomplete. */
function completeEnd(bytes: Uint8Array, end: number): number {
  let start = end - 1;
  while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start--;
  if (start < 0) return end;
  const lead = bytes[start]!;
  const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + length > end ? start : end;
}

/** The header that names a rules file in the system instruction (for the model, not the user). */
export function rulesHeader(path: string): string {
  return `--- Rules file: ${path} ---`;
}

/**
 * Files in the given order, each under its header, separated by a blank line; each at most `fileMax` bytes
 * and all of them (headers included) at most `totalMax`. A file with no text (after trimming) is skipped.
 */
export function mergeRules(files: readonly RulesFileRead[], fileMax = INSTRUCTION_FILE_MAX_BYTES, totalMax = INSTRUCTIONS_TOTAL_MAX_BYTES): MergedRules {
  const enc = new TextEncoder();
  const blocks: string[] = [];
  const used: string[] = [];
  const cuts: MergedRules['cuts'] = [];
  let left = totalMax;
  for (const f of files) {
    const own = utf8Prefix(f.bytes, fileMax, f.cut);
    const text = own.text.trim();
    if (!text) continue;
    const head = `${blocks.length ? '\n\n' : ''}${rulesHeader(f.path)}\n\n`;
    const headBytes = enc.encode(head).byteLength;
    if (headBytes >= left) {
      cuts.push({ path: f.path, reason: 'total' });
      left = 0;
      continue;
    }
    const body = utf8Prefix(enc.encode(text), left - headBytes);
    if (body.cut) cuts.push({ path: f.path, reason: 'total' });
    else if (own.cut || f.cut) cuts.push({ path: f.path, reason: 'file' });
    if (!body.text.trim()) { left = 0; continue; }
    blocks.push(head + body.text);
    used.push(f.path);
    left -= headBytes + enc.encode(body.text).byteLength;
  }
  return { ...(blocks.length ? { text: blocks.join('') } : {}), used, cuts };
}

/**
 * The system instruction sent: the user's `geminiInteractions.systemInstruction` first (their own words
 * frame the project's), then the rules files; either alone when the other is empty.
 */
export function combineSystemInstruction(setting: string | undefined, rules: string | undefined): string | undefined {
  const parts = [setting?.trim(), rules?.trim()].filter((s): s is string => !!s);
  return parts.length ? parts.join('\n\n') : undefined;
}
