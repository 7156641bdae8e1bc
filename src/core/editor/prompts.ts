// Prompt text and message parts built from editor content: selections and attached files.
import type { InputPart, Media, UserAttachment } from '../conversation/types';
import { escapeInvisible } from '../util/invisibleChars';
import { promptTexts, type PromptTexts } from './promptTexts';

export interface SelectionInput {
  /** Workspace-relative path, or the untitled document's name. */
  path: string;
  languageId: string;
  selections: { startLine: number; endLine: number; text: string; /** notebook cell, 1-based */ cell?: number }[];
  /** Set when the code is the block around the cursor rather than a selection. */
  enclosingBlock?: boolean;
}

// ---- names as data -------------------------------------------------------------------------------------

/**
 * A name with every character that does not show as itself (controls and newlines, bidi, zero-width and the
 * others of src/core/util/invisibleChars.ts) written as a visible escape (`\n`, `\u{202E}`): the same name,
 * inert. A newline would start a new "instruction" line; U+202E shows `txt.exe` as `exe.txt`.
 */
export function escapeName(name: string): string {
  return escapeInvisible(name, 'name', (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`;
  });
}

/**
 * A file name quoted as data in markdown: escaped, in a code span whose backtick run is longer than any
 * inside it, so neither backticks, HTML, `command:` links nor newlines in the name act as markup or text
 * of the prompt.
 */
export function quoteName(name: string): string {
  const safe = escapeName(name);
  let longest = 0;
  for (const m of safe.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const ticks = '`'.repeat(longest + 1);
  // A code span that starts or ends with a backtick needs a space inside its delimiters.
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${safe}${pad}${ticks}`;
}

/** A fence longer than any backtick run inside the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  let longest = 2;
  for (const m of code.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(longest + 1);
}

function fenced(code: string, languageId: string): string {
  const fence = fenceFor(code);
  return `${fence}${languageId}\n${code}\n${fence}`;
}

export function rangeText(startLine: number, endLine: number, t: PromptTexts = promptTexts()): string {
  return startLine === endLine ? t.line(startLine) : t.lines(startLine, endLine);
}

/** Explain Selection's prompt, in the words of `t` (the display language), so the answer is in it too. */
export function selectionPrompt(input: SelectionInput, t: PromptTexts = promptTexts()): string {
  const blocks = input.selections.map((s) => {
    const where = s.cell !== undefined ? `${quoteName(input.path)}, ${t.cell(s.cell)}, ${rangeText(s.startLine, s.endLine, t)}` : `${quoteName(input.path)}, ${rangeText(s.startLine, s.endLine, t)}`;
    return `${where}:\n${fenced(s.text, input.languageId)}`;
  });
  const what = input.enclosingBlock ? t.explainBlock : input.selections.length > 1 ? t.explainSelections : t.explainCode;
  return `${what}: ${t.explainAsk}\n\n${blocks.join('\n\n')}`;
}

/** The message Explain Selection sends: one text part with the prompt and every fenced selection. */
export function selectionMessage(input: SelectionInput, t: PromptTexts = promptTexts()): { parts: InputPart[]; text: string } {
  const text = selectionPrompt(input, t);
  return { parts: [{ kind: 'text', text }], text };
}

// ---- attached files ---------------------------------------------------------------------------------

/** A file ready to go into a message: its text, or its media as inline data or an uploaded `uri`. */
export type PreparedAttachment =
  | { kind: 'text'; path: string; name: string; languageId: string; text: string; sizeBytes: number; truncated?: { lines: number; totalLines: number };
    /** Says what the text is instead of "File `path`" (a context mention such as @problems). */
    header?: string }
  | { kind: Media['type']; path: string; name: string; mimeType: string; sizeBytes: number; data?: string; uri?: string };

/** How a text file is framed: path and language, fenced, and a note when only the first part is sent. */
export function fileTextBlock(a: Extract<PreparedAttachment, { kind: 'text' }>): string {
  const note = a.truncated ? ` (first ${a.truncated.lines} of ${a.truncated.totalLines} lines)` : '';
  return `${a.header ?? `File ${quoteName(a.path)}`}${note}:\n${fenced(a.text, a.languageId)}`;
}

/** The user's question, then each file: text as framed text, media as a label plus its content block. */
export function fileMessage(question: string, files: PreparedAttachment[]): { parts: InputPart[]; text: string; attachments: UserAttachment[] } {
  const parts: InputPart[] = [];
  if (question.trim()) parts.push({ kind: 'text', text: question });
  for (const f of files) {
    if (f.kind === 'text') {
      parts.push({ kind: 'text', text: fileTextBlock(f) });
    } else {
      parts.push({ kind: 'text', text: `File ${quoteName(f.path)} (${escapeName(f.mimeType)}):` });
      parts.push({ kind: 'media', media: { type: f.kind, mimeType: f.mimeType, name: f.name, sizeBytes: f.sizeBytes, ...(f.uri ? { uri: f.uri } : { data: f.data ?? '' }) } });
    }
  }
  return { parts, text: question, attachments: files.map(attachmentMeta) };
}

export function attachmentMeta(f: PreparedAttachment): UserAttachment {
  return { name: f.name, mimeType: f.kind === 'text' ? `text/x-${f.languageId}` : f.mimeType, sizeBytes: f.sizeBytes, kind: f.kind };
}
