// The function tools the extension declares so Gemini can look at the workspace, and the pure rules
// around them: path containment, argument checks, result size limits. The executors that touch VS Code
// live in src/vscode/tools/workspaceTools.ts.
import type { FunctionDeclaration } from '../conversation/types';

export const WORKSPACE_TOOLS: readonly FunctionDeclaration[] = [
  {
    name: 'read_file',
    description: 'Read a text file of the open workspace, optionally only a range of lines. Lines are numbered from 1. Use it to look at code before answering questions about it.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the workspace root, e.g. "src/main.ts".' },
        startLine: { type: 'integer', minimum: 1, description: 'First line to return (1-based, inclusive). Default: 1.' },
        endLine: { type: 'integer', minimum: 1, description: 'Last line to return (inclusive). Default: the end of the file.' },
      },
      required: ['path'],
    },
  },
  {
    name: 'list_directory',
    description: 'List the files and folders directly inside a folder of the workspace. Folder names end with "/".',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Folder path relative to the workspace root; "" or "." for the root.' } },
    },
  },
  {
    name: 'find_files',
    description: 'Find files in the workspace whose path matches a glob pattern, e.g. "**/*.test.ts". Files excluded by the user\'s settings are skipped.',
    parameters: {
      type: 'object',
      properties: {
        glob: { type: 'string', description: 'Glob pattern relative to the workspace root.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 500, description: 'At most this many paths (default 100).' },
      },
      required: ['glob'],
    },
  },
  {
    name: 'search_text',
    description: 'Search the text of the workspace files for a string (or a regular expression) and return matching lines as path:line: text.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'The text to look for (case-insensitive unless isRegex is true).' },
        isRegex: { type: 'boolean', description: 'Treat query as a JavaScript regular expression.' },
        include: { type: 'string', description: 'Only search files matching this glob, e.g. "src/**/*.ts".' },
        maxResults: { type: 'integer', minimum: 1, maximum: 500, description: 'At most this many matching lines (default 100).' },
      },
      required: ['query'],
    },
  },
  {
    name: 'get_diagnostics',
    description: 'Get the problems (errors, warnings) VS Code currently reports for a file of the workspace, with line numbers.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'File path relative to the workspace root.' } },
      required: ['path'],
    },
  },
  {
    name: 'list_open_editors',
    description: 'List the files open in editor tabs, marking the active one, with the selected line range of visible editors.',
    parameters: { type: 'object', properties: {} },
  },
];

export const WORKSPACE_TOOL_NAMES: ReadonlySet<string> = new Set(WORKSPACE_TOOLS.map((t) => t.name));

/** Results bigger than this are cut, with a note telling the model how to get the rest. */
export const MAX_TOOL_RESULT_CHARS = 20_000;

export function limitResult(text: string, maxChars = MAX_TOOL_RESULT_CHARS): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const lines = cut.split('\n').length;
  return `${cut}\n\n[Truncated: the result had ${text.length} characters; only the first ${maxChars} (${lines} lines) are shown. Ask for a smaller range or a narrower pattern.]`;
}

export type PathCheck = { ok: true; root: string; relative: string } | { ok: false; message: string };

export interface PathRules {
  /** Windows rules: drive letters and names compare case-insensitively; reserved device names are refused. */
  windows?: boolean;
}

// User-visible sentences, in one place (to be routed through vscode.l10n.t later).
const PATH_MESSAGES = {
  noFolder: 'No workspace folder is open.',
  notString: 'The path must be a string.',
  invalid: 'Invalid path.',
  outside: (input: string) => `Refused: ${input} is outside the workspace.`,
  reserved: (input: string) => `Refused: ${input} names a Windows device (CON, NUL, COM1…), not a file.`,
};

/** CON, PRN, AUX, NUL, COM0-9, LPT0-9 (also with an extension, `nul.txt`, and the superscript digits). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/**
 * Resolves a path the model gave against the workspace roots (absolute paths of the root folders, POSIX
 * style or as VS Code's Uri.path writes Windows ones: `/c:/ws`). Relative paths are taken from the first
 * root; absolute ones must lie inside a root. Anything that escapes (`..`, another absolute path) is refused.
 * This is the check on the text; what a link points to is checked on the disk (fsGuard.ts).
 */
export function resolveWorkspacePath(roots: readonly string[], input: unknown, rules: PathRules = {}): PathCheck {
  if (!roots.length) return { ok: false, message: PATH_MESSAGES.noFolder };
  if (typeof input !== 'string') return { ok: false, message: PATH_MESSAGES.notString };
  const raw = input.trim().replace(/\\/g, '/');
  if (raw.includes('\0')) return { ok: false, message: PATH_MESSAGES.invalid };
  const windows = rules.windows ?? roots.some((r) => DRIVE.test(r));
  if (windows) {
    // Device names open a device wherever they appear; a colon past the drive names an alternate data stream.
    const segs = raw.replace(DRIVE, '').split('/');
    if (segs.some((seg) => WINDOWS_RESERVED.test(seg.replace(/[. ]+$/, '')))) return { ok: false, message: PATH_MESSAGES.reserved(input) };
    if (segs.some((seg) => seg.includes(':'))) return { ok: false, message: PATH_MESSAGES.invalid };
  }
  const isAbsolute = raw.startsWith('/') || DRIVE.test(raw);
  if (isAbsolute) {
    const abs = normalize(raw);
    for (const root of roots) {
      const relative = relativeInside(normalize(root), abs, windows);
      if (relative !== undefined) return { ok: true, root, relative };
    }
    return { ok: false, message: PATH_MESSAGES.outside(input) };
  }
  const rel = normalize(raw === '.' ? '' : raw);
  if (rel === '..' || rel.startsWith('../') || DRIVE.test(rel)) return { ok: false, message: PATH_MESSAGES.outside(input) };
  return { ok: true, root: roots[0], relative: rel };
}

/** A drive letter at the start, with or without Uri.path's leading slash: `C:/`, `/c:/`, `c:` alone. */
const DRIVE = /^\/?[A-Za-z]:(\/|$)/;

/**
 * The path of `abs` relative to `root` (both normalized), or undefined when it is not inside. On Windows
 * the drive letter's slash form and case do not matter (`C:\\ws\\a.ts` is inside `/c:/ws`), nor does the
 * case of names (NTFS compares them case-insensitively).
 */
export function relativeInside(root: string, abs: string, windows = false): string | undefined {
  // Segments, with Uri.path's slash before a drive letter dropped; compared one by one (lower-casing a
  // whole string can change its length, so no prefix slicing).
  const segs = (p: string) => p.replace(/\\/g, '/').replace(/^\/(?=[A-Za-z]:(\/|$))/, '').split('/').filter(Boolean);
  const r = segs(root);
  const a = segs(abs);
  // A POSIX root is absolute by its leading slash; both must agree on being drive paths or not.
  const drive = (p: string) => DRIVE.test(p.replace(/\\/g, '/'));
  if (drive(root) !== drive(abs)) return undefined;
  if (a.length < r.length) return undefined;
  const same = (x: string, y: string) => (windows ? x.toLowerCase() === y.toLowerCase() : x === y);
  for (let i = 0; i < r.length; i++) if (!same(r[i], a[i])) return undefined;
  return a.slice(r.length).join('/');
}

/** Collapses `.`, `..` and repeated slashes; keeps a leading `/` or drive letter. */
function normalize(p: string): string {
  const leading = p.startsWith('/') ? '/' : '';
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..' && !(out.length === 1 && /^[A-Za-z]:$/.test(out[0]))) out.pop();
      else if (!leading && !(out.length === 1 && /^[A-Za-z]:$/.test(out[0]))) out.push('..');
      continue;
    }
    out.push(seg);
  }
  return leading + out.join('/');
}

/** Reads an optional positive integer argument. */
export function intArg(args: Record<string, unknown>, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = args[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(v)));
}

/** Lines `start..end` (1-based, inclusive) of a text, numbered, with a header. */
export function lineRange(text: string, start?: number, end?: number): string {
  const lines = text.split(/\r?\n/);
  const from = Math.max(1, start ?? 1);
  const to = Math.min(lines.length, end ?? lines.length);
  if (from > lines.length) return `[The file has ${lines.length} lines; line ${from} does not exist.]`;
  const width = String(to).length;
  const body = lines.slice(from - 1, to).map((l, i) => `${String(from + i).padStart(width)}  ${l}`).join('\n');
  return `Lines ${from}-${to} of ${lines.length}:\n${body}`;
}

// ---- approval -----------------------------------------------------------------------------------------

export type { ApprovalDecision } from '../panel/protocol';

export const DENIED_RESULT = 'The user denied this tool call. Do not retry it; continue without it or ask the user.';
