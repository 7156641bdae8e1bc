// Improve Selection: the prompt that asks for a replacement of the selected code, and splicing the
// answer's code into the file in place of the selection.
import { fenceFor, quoteName, rangeText, type SelectionInput } from '../editor/prompts';
import { fencedBlocks } from './fencedBlocks';
import { promptTexts, type PromptTexts } from '../editor/promptTexts';

export function improvePrompt(instruction: string, input: SelectionInput, t: PromptTexts = promptTexts()): string {
  const s = input.selections[0]!;
  const fence = fenceFor(s.text);
  const where = rangeText(s.startLine, s.endLine, t);
  return [
    `${instruction.trim() || t.improveInstruction}.`,
    t.improveReply,
    '',
    `${quoteName(input.path)}, ${where}:`,
    `${fence}${input.languageId}`,
    s.text,
    fence,
  ].join('\n');
}

/** The code of the answer's first fenced block (the replacement), without its fence. */
export function replacementFrom(answer: string): string | undefined {
  return fencedBlocks(answer)[0];
}

/** The file's text with [start, end) replaced; keeps the selection's trailing newline as it was. */
export function spliceReplacement(text: string, start: number, end: number, code: string): string {
  const selected = text.slice(start, end);
  let replacement = code;
  if (selected.endsWith('\n') && !replacement.endsWith('\n')) replacement += '\n';
  if (!selected.endsWith('\n') && replacement.endsWith('\n')) replacement = replacement.slice(0, -1);
  return text.slice(0, start) + replacement + text.slice(end);
}

