// Improve Selection: the prompt that asks for a replacement of the selected code, and splicing the
// answer's code into the file in place of the selection.
import { fenceFor, quoteName, type SelectionInput } from '../prompts';

export const DEFAULT_IMPROVE_INSTRUCTION = 'Improve this code';

export function improvePrompt(instruction: string, input: SelectionInput): string {
  const s = input.selections[0]!;
  const fence = fenceFor(s.text);
  const where = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
  return [
    `${instruction.trim() || DEFAULT_IMPROVE_INSTRUCTION}.`,
    'Reply with the complete replacement for the selected code in one fenced code block (only that code, ready to',
    'replace the selection, with the same indentation), then explain the changes briefly.',
    '',
    `${quoteName(input.path)}, ${where}:`,
    `${fence}${input.languageId}`,
    s.text,
    fence,
  ].join('\n');
}

/** The code of the answer's first fenced block (the replacement), without its fence. */
export function replacementFrom(answer: string): string | undefined {
  const m = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n\1[ \t]*$/m.exec(answer);
  if (m) return m[2]!;
  return undefined;
}

/** The file's text with [start, end) replaced; keeps the selection's trailing newline as it was. */
export function spliceReplacement(text: string, start: number, end: number, code: string): string {
  const selected = text.slice(start, end);
  let replacement = code;
  if (selected.endsWith('\n') && !replacement.endsWith('\n')) replacement += '\n';
  if (!selected.endsWith('\n') && replacement.endsWith('\n')) replacement = replacement.slice(0, -1);
  return text.slice(0, start) + replacement + text.slice(end);
}

