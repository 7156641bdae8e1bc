// Context mentions of the composer's `@` picker (@problems, @selection, @folder, @changes, @terminal) as
// text for the model: a header that says what it is, and one fenced body. Pure: the host gathers the
// data (diagnostics, git diffs, terminal text) and shows the chip; this module only formats and caps.
// The headers are model-facing framing like "File `x`:", so they stay English.
import { escapeName, quoteName } from '../editor/prompts';

export type MentionKind = 'problems' | 'selection' | 'folder' | 'changes' | 'terminal';

/** What a mention sends: `header` (no trailing colon) above `body` fenced as `language`. */
export interface MentionContent {
  kind: MentionKind;
  /** The chip's name, also typed into the message as `@name`. */
  name: string;
  header: string;
  body: string;
  language: string;
  /** The chip's tooltip, in the display language (the host localises it). */
  detail: string;
}

// ---- @problems ----------------------------------------------------------------------------------------

export type ProblemSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface Problem {
  /** Workspace-relative path. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  severity: ProblemSeverity;
  source?: string;
  code?: string;
  message: string;
}

/** Most problems listed in one mention; the header still gives the total. */
export const MAX_PROBLEMS = 300;

const SEVERITY_ORDER: Record<ProblemSeverity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** One problem as `path:line:col severity source(code) message`, on one line. */
export function problemLine(p: Problem): string {
  const source = p.source ? ` ${escapeName(p.source)}${p.code ? `(${escapeName(p.code)})` : ''}` : p.code ? ` (${escapeName(p.code)})` : '';
  // A message's own line breaks would look like more problems.
  const message = escapeName(p.message.trim().replace(/\s*\r?\n\s*/g, ' '));
  return `${escapeName(p.path)}:${p.line}:${p.col} ${p.severity}${source} ${message}`;
}

/** Errors first, then by path and position, so the cap keeps the ones that matter most. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || a.path.localeCompare(b.path) || a.line - b.line || a.col - b.col);
}

/** `file`: the current file's problems only; otherwise the whole workspace's. */
export function problemsMention(problems: readonly Problem[], opts: { file?: string; detail: string; name: string; max?: number }): MentionContent {
  const max = opts.max ?? MAX_PROBLEMS;
  const sorted = sortProblems(problems);
  const listed = sorted.slice(0, max);
  const lines = listed.map(problemLine);
  if (sorted.length > listed.length) lines.push(`… and ${sorted.length - listed.length} more (not listed)`);
  const where = opts.file !== undefined ? `in ${quoteName(opts.file)}` : 'in the workspace';
  const count = sorted.length > listed.length ? `${sorted.length}, the first ${listed.length} listed` : `${sorted.length}`;
  return { kind: 'problems', name: opts.name, header: `Problems ${where} (${count})`, body: lines.join('\n'), language: 'text', detail: opts.detail };
}

/** Counts by severity, for the picker's description: errors, warnings, and the rest. */
export function countProblems(problems: readonly Problem[]): { errors: number; warnings: number; others: number } {
  let errors = 0, warnings = 0, others = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else if (p.severity === 'warning') warnings++;
    else others++;
  }
  return { errors, warnings, others };
}

// ---- @selection ---------------------------------------------------------------------------------------

export function selectionMention(s: { path: string; languageId: string; startLine: number; endLine: number; text: string; name: string; detail: string }): MentionContent {
  const range = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
  return { kind: 'selection', name: s.name, header: `Selection in ${quoteName(s.path)}, ${range}`, body: s.text, language: s.languageId, detail: s.detail };
}

// ---- @folder ------------------------------------------------------------------------------------------

/** Most entries (folders and files) a tree listing shows. */
export const MAX_TREE_ENTRIES = 500;

interface TreeNode { dirs: Map<string, TreeNode>; files: string[] }

/**
 * An indented tree of `files` (workspace-relative paths, `/`-separated) under `folder` ('' for the root):
 * folders first, then files, each sorted; at most `max` entries, then how many were left out.
 * `incomplete`: the file search stopped at its limit, so the listing says it may miss some.
 * `linksOut`: how many files under the folder were left out because they lead outside the workspace
 * (links, or files in linked folders): the listing says so, without naming them.
 */
export function treeListing(folder: string, files: readonly string[], opts: { max?: number; incomplete?: boolean; linksOut?: number } = {}): { text: string; files: number; entries: number; listed: number } {
  const max = opts.max ?? MAX_TREE_ENTRIES;
  const prefix = folder ? `${folder.replace(/\/+$/, '')}/` : '';
  const root: TreeNode = { dirs: new Map(), files: [] };
  let count = 0;
  for (const f of files) {
    if (prefix && !f.startsWith(prefix)) continue;
    const parts = f.slice(prefix.length).split('/').filter(Boolean);
    if (!parts.length) continue;
    count++;
    let node = root;
    for (const dir of parts.slice(0, -1)) {
      let next = node.dirs.get(dir);
      if (!next) node.dirs.set(dir, next = { dirs: new Map(), files: [] });
      node = next;
    }
    node.files.push(parts.at(-1)!);
  }
  const lines: string[] = [escapeName(prefix || './')];
  let entries = 0;
  let listed = 0;
  const walk = (node: TreeNode, depth: number) => {
    const indent = '  '.repeat(depth);
    for (const [name, child] of [...node.dirs].sort(([a], [b]) => a.localeCompare(b))) {
      entries++;
      if (listed < max) { lines.push(`${indent}${escapeName(name)}/`); listed++; }
      walk(child, depth + 1);
    }
    for (const name of [...node.files].sort((a, b) => a.localeCompare(b))) {
      entries++;
      if (listed < max) { lines.push(`${indent}${escapeName(name)}`); listed++; }
    }
  };
  walk(root, 1);
  if (entries > listed) lines.push(`… and ${entries - listed} more entries (not listed)`);
  if (opts.linksOut) lines.push(`… (${opts.linksOut} file${opts.linksOut === 1 ? '' : 's'} left out: links to places outside the workspace)`);
  if (opts.incomplete) lines.push('… (the listing stopped at the file search limit; there may be more files)');
  return { text: lines.join('\n'), files: count, entries, listed };
}

export function folderMention(folder: string, files: readonly string[], opts: { name: string; detail: string; max?: number; incomplete?: boolean; linksOut?: number }): MentionContent {
  const tree = treeListing(folder, files, opts);
  const shown = folder ? quoteName(`${folder.replace(/\/+$/, '')}/`) : 'the workspace root';
  return { kind: 'folder', name: opts.name, header: `Tree of the folder ${shown} (${tree.files} files)`, body: tree.text, language: 'text', detail: opts.detail };
}

// ---- @changes -----------------------------------------------------------------------------------------

export interface RepoChanges {
  /** The repository's folder, workspace-relative ('' or '.' for the workspace root). */
  root: string;
  staged: string;
  unstaged: string;
  /** Untracked files, which `git diff` does not show. */
  untracked: readonly string[];
}

export function hasChanges(r: RepoChanges): boolean {
  return !!(r.staged.trim() || r.unstaged.trim() || r.untracked.length);
}

/** The staged and unstaged diffs of the repositories that have changes; undefined when none has any. */
export function changesMention(repos: readonly RepoChanges[], opts: { name: string; detail: string }): MentionContent | undefined {
  const changed = repos.filter(hasChanges);
  if (!changed.length) return undefined;
  const sections: string[] = [];
  for (const r of changed) {
    const repo = changed.length > 1 || (r.root && r.root !== '.') ? ` — repository ${escapeName(r.root || '.')}` : '';
    if (r.staged.trim()) sections.push(`### Staged changes (git diff --cached)${repo}\n${r.staged.replace(/\n+$/, '')}`);
    if (r.unstaged.trim()) sections.push(`### Unstaged changes (git diff)${repo}\n${r.unstaged.replace(/\n+$/, '')}`);
    if (r.untracked.length) sections.push(`### Untracked files (not in the diff)${repo}\n${r.untracked.map(escapeName).join('\n')}`);
  }
  return { kind: 'changes', name: opts.name, header: 'Git changes (staged and unstaged)', body: sections.join('\n\n'), language: 'diff', detail: opts.detail };
}

// ---- @terminal ----------------------------------------------------------------------------------------

/** The tail of a terminal's output that a mention sends at most, in characters. */
export const MAX_TERMINAL_CHARS = 20_000;

/** Terminal control sequences (colours, cursor moves, titles, shell-integration marks) are not text. */
const ANSI = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Plain text of terminal output: control sequences out, CRLF and lone CR (progress redraws) as lines. */
export function terminalPlainText(raw: string): string {
  return raw.replace(ANSI, '').replace(/\r\n/g, '\n').split('\n').map((l) => {
    // A carriage return redraws the line: what is left is the last redraw.
    const parts = l.split('\r');
    return parts.at(-1) === '' && parts.length > 1 ? parts.at(-2)! : parts.at(-1)!;
  }).join('\n');
}

/** The last `max` characters, from a line start when one is near. */
export function tail(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const start = text.length - max;
  const nl = text.indexOf('\n', start);
  return { text: text.slice(nl >= 0 && nl - start < 200 ? nl + 1 : start), cut: true };
}

export interface TerminalCommand { commandLine?: string; output: string }

export function terminalSelectionMention(terminal: string, text: string, opts: { name: string; detail: string }): MentionContent {
  return { kind: 'terminal', name: opts.name, header: `Text selected in the terminal ${quoteName(terminal)}`, body: text.replace(/\n+$/, ''), language: 'text', detail: opts.detail };
}

/** The last commands of a terminal with their output (oldest first), capped to the last `max` characters. */
export function terminalOutputMention(terminal: string, commands: readonly TerminalCommand[], opts: { name: string; detail: string; max?: number }): MentionContent | undefined {
  const blocks = commands.map((c) => {
    const out = terminalPlainText(c.output).replace(/\n+$/, '');
    return c.commandLine ? `$ ${c.commandLine}\n${out}` : out;
  }).filter((b) => b.trim());
  if (!blocks.length) return undefined;
  const { text, cut } = tail(blocks.join('\n'), opts.max ?? MAX_TERMINAL_CHARS);
  const what = blocks.length === 1 ? 'the last command' : `the last ${blocks.length} commands`;
  return {
    kind: 'terminal', name: opts.name, header: `Output of ${what} in the terminal ${quoteName(terminal)}${cut ? ' (its end only)' : ''}`,
    body: text, language: 'text', detail: opts.detail,
  };
}
