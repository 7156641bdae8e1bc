// The edit tools Gemini may call next to the read tools: propose_edit (exact search/replace pairs, or a whole
// new content), create_file and delete_file. Pure rules: argument checks, applying the replacements, and
// the diff the approval card shows. Writing happens only after the user allowed the call (src/vscode).
import { structuredPatch } from 'diff';
import type { FunctionDeclaration } from '../conversation/types';
import { hasInvisible } from '../util/invisibleChars';
import { countLines } from '../util/lines';

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
    return { path, before: undefined, after: checkedContent(args.content) };
  }
  if (name !== 'propose_edit') throw new EditToolError(`Unknown edit tool ${name}.`);
  if (current === undefined) throw new EditToolError(`${path} does not exist: use create_file for a new file.`);
  if (typeof args.content === 'string' && args.edits === undefined) return { path, before: current, after: checkedContent(args.content) };
  if (!Array.isArray(args.edits) || !args.edits.length) throw new EditToolError('propose_edit needs `edits` (a non-empty list of {search, replace}) or `content`.');
  return { path, before: current, after: applyReplacements(current, args.edits) };
}

/** At most this many search/replace pairs per call, and this many characters in all of them (each is a scan of the file). */
export const MAX_EDITS = 100;
export const MAX_EDIT_CHARS = 1024 * 1024;

/** New content over the edit size limit is refused, as an existing file over it would be. */
function checkedContent(content: string): string {
  if (content.length > MAX_EDIT_CHARS) throw new EditToolError(`The content is too large (${content.length} characters; at most ${MAX_EDIT_CHARS}).`);
  return content;
}

/** Applies exact search/replace pairs in order; each search must occur exactly once in the text at that point. */
export function applyReplacements(text: string, edits: unknown[]): string {
  if (edits.length > MAX_EDITS) throw new EditToolError(`Too many edits (${edits.length}); give at most ${MAX_EDITS}, or the whole new content.`);
  let total = 0;
  for (const e of edits) {
    const { search, replace } = (e ?? {}) as { search?: unknown; replace?: unknown };
    total += (typeof search === 'string' ? search.length : 0) + (typeof replace === 'string' ? replace.length : 0);
  }
  if (total > MAX_EDIT_CHARS) throw new EditToolError(`The edits are too large (${total} characters in all; at most ${MAX_EDIT_CHARS}).`);
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
  /**
   * 'all' when `text` is the whole diff; 'cut' when it was cut for the card; 'none' when the diff was
   * abandoned as too costly (the counts are then the lines of the whole before and after). Unless 'all',
   * the user must see the change in the diff editor before allowing it.
   */
  shown: 'all' | 'cut' | 'none';
  /** Diff lines not on the card ('cut'). */
  hiddenLines?: number;
  /**
   * The diff (all of it, also a cut tail) holds invisible or direction-changing characters
   * (src/core/util/invisibleChars.ts): the card shows them as escapes, with a warning.
   */
  invisible?: true;
}

const MAX_DIFF_CHARS = 20_000;
/**
 * jsdiff runs synchronously on the extension host: past this many changed lines or this long it gives up,
 * so a model that rewrites a huge file cannot freeze the host before the card is even shown.
 */
const DIFF_LIMITS = { maxEditLength: 4000, timeout: 250 };

/** No file, or an empty one, has no lines to add or remove. */
const lineCount = (text: string | undefined): number => (text ? countLines(text) : 0);

/** Lines added and removed, and the unified diff of before → after (bounded: see DIFF_LIMITS). */
export function diffSummary(path: string, before: string | undefined, after: string | undefined): DiffSummary {
  const patch = structuredPatch(path, path, before ?? '', after ?? '', '', '', { context: 3, ...DIFF_LIMITS });
  if (!patch) return { added: lineCount(after), removed: lineCount(before), text: '', shown: 'none' };
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
  const text = lines.join('\n');
  const invisible = hasInvisible(text) ? { invisible: true as const } : {};
  if (text.length <= MAX_DIFF_CHARS) return { added, removed, text, shown: 'all', ...invisible };
  // Cut at a line end, and say how many lines the card does not show.
  const cut = text.lastIndexOf('\n', MAX_DIFF_CHARS);
  const shownText = text.slice(0, cut > 0 ? cut : MAX_DIFF_CHARS);
  return { added, removed, text: shownText, shown: 'cut', hiddenLines: lines.length - lineCount(shownText), ...invisible };
}
