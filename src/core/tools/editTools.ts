// The edit tools Gemini may call next to the read tools: propose_edit (exact search/replace pairs, or a whole
// new content), create_file and delete_file. Pure rules: argument checks, applying the replacements, and
// the diff the approval card shows. Writing happens only after the user allowed the call (src/vscode).
import { structuredPatch } from 'diff';
import type { FunctionDeclaration } from '../conversation/types';

export const EDIT_TOOLS: readonly FunctionDeclaration[] = [
  {
    name: 'propose_edit',
    description: 'Propose a change to an existing text file of the workspace. Give either `edits` (exact search/replace pairs: each `search` must occur exactly once in the file, copied exactly, with enough context to be unique) or `content` (the whole new file). The user sees the diff and decides; the result says whether it was applied.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the workspace root.' },
        edits: {
          type: 'array',
          description: 'Replacements applied in order.',
          items: { type: 'object', properties: { search: { type: 'string' }, replace: { type: 'string' } }, required: ['search', 'replace'] },
        },
        content: { type: 'string', description: 'The complete new content of the file (instead of edits).' },
      },
      required: ['path'],
    },
  },
  {
    name: 'create_file',
    description: 'Propose a new text file in the workspace. Fails if the file exists (use propose_edit then). The user sees it and decides.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the workspace root.' },
        content: { type: 'string', description: 'The content of the new file.' },
      },
      required: ['path', 'content'],
    },
  },
  {
    name: 'delete_file',
    description: 'Propose deleting a file of the workspace. The user sees it and decides.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'File path relative to the workspace root.' } },
      required: ['path'],
    },
  },
];

export const EDIT_TOOL_NAMES: ReadonlySet<string> = new Set(EDIT_TOOLS.map((t) => t.name));

export class EditToolError extends Error {}

/** What an edit call would change: the text before (undefined: the file does not exist) and after (undefined: deleted). */
export interface PlannedEdit {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

/**
 * The new content of a propose_edit / create_file / delete_file call on a file whose current text is `current`
 * (undefined when the file does not exist). Throws EditToolError with a message for the model.
 */
export function planEdit(name: string, args: Record<string, unknown>, current: string | undefined): PlannedEdit {
  const path = typeof args.path === 'string' ? args.path : '';
  if (!path.trim()) throw new EditToolError('The path must be a non-empty string.');
  if (name === 'delete_file') {
    if (current === undefined) throw new EditToolError(`${path} does not exist.`);
    return { path, before: current, after: undefined };
  }
  if (name === 'create_file') {
    if (current !== undefined) throw new EditToolError(`${path} already exists: use propose_edit to change it.`);
    if (typeof args.content !== 'string') throw new EditToolError('create_file needs `content` (a string).');
    return { path, before: undefined, after: args.content };
  }
  if (name !== 'propose_edit') throw new EditToolError(`Unknown edit tool ${name}.`);
  if (current === undefined) throw new EditToolError(`${path} does not exist: use create_file for a new file.`);
  if (typeof args.content === 'string' && args.edits === undefined) return { path, before: current, after: args.content };
  if (!Array.isArray(args.edits) || !args.edits.length) throw new EditToolError('propose_edit needs `edits` (a non-empty list of {search, replace}) or `content`.');
  return { path, before: current, after: applyReplacements(current, args.edits) };
}

/** Applies exact search/replace pairs in order; each search must occur exactly once in the text at that point. */
export function applyReplacements(text: string, edits: unknown[]): string {
  let out = text;
  edits.forEach((e, i) => {
    const { search, replace } = (e ?? {}) as { search?: unknown; replace?: unknown };
    if (typeof search !== 'string' || typeof replace !== 'string') throw new EditToolError(`Edit ${i + 1}: search and replace must be strings.`);
    if (!search) throw new EditToolError(`Edit ${i + 1}: search is empty.`);
    const at = out.indexOf(search);
    if (at < 0) throw new EditToolError(`Edit ${i + 1}: the search text was not found in the file (it must match exactly, whitespace included). Read the file again and copy the lines exactly.`);
    if (out.indexOf(search, at + 1) >= 0) throw new EditToolError(`Edit ${i + 1}: the search text occurs more than once; add surrounding lines so it is unique.`);
    out = out.slice(0, at) + replace + out.slice(at + search.length);
  });
  return out;
}

export interface DiffSummary {
  added: number;
  removed: number;
  /** A unified diff (hunks only, 3 lines of context), capped for the approval card. */
  text: string;
}

const MAX_DIFF_CHARS = 20_000;

/** Lines added and removed, and the unified diff of before → after. */
export function diffSummary(path: string, before: string | undefined, after: string | undefined): DiffSummary {
  const patch = structuredPatch(path, path, before ?? '', after ?? '', '', '', { context: 3 });
  let added = 0;
  let removed = 0;
  const lines: string[] = [];
  for (const h of patch.hunks) {
    lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) {
      if (l.startsWith('+')) added++;
      else if (l.startsWith('-')) removed++;
      lines.push(l);
    }
  }
  let text = lines.join('\n');
  if (text.length > MAX_DIFF_CHARS) text = `${text.slice(0, MAX_DIFF_CHARS)}\n… (diff cut at ${MAX_DIFF_CHARS} characters; open it in the diff editor to see all of it)`;
  return { added, removed, text };
}
