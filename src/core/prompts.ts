// Prompt text built from editor content.

export interface SelectionInput {
  path: string;
  languageId: string;
  selections: { startLine: number; endLine: number; text: string }[];
}

/** A fence longer than any backtick run inside the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function selectionPrompt(input: SelectionInput): string {
  const blocks = input.selections.map((s) => {
    const fence = fenceFor(s.text);
    const range = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
    return `\`${input.path}\`, ${range}:\n${fence}${input.languageId}\n${s.text}\n${fence}`;
  });
  const what = input.selections.length > 1 ? 'these code selections' : 'this code';
  return `Explain ${what}: what it does, how it works, and anything surprising.\n\n${blocks.join('\n\n')}`;
}
