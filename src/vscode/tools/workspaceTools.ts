// Executes the workspace function tools (declared in src/core/tools/workspaceTools.ts) through the VS Code
// API. Every path goes through resolveWorkspacePath (the text) and, on the disk, through the real-path
// guard (src/core/tools/fsGuard.ts): anything outside the workspace folders, links included, is refused.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { FunctionCall, FunctionOutcome } from '../../core/conversation/types';
import { intArg, limitResult, lineRange, resolveWorkspacePath } from '../../core/tools/workspaceTools';
import { checkRealPath, readRegularFile, realRoots } from '../../core/tools/fsGuard';
import type { SearchEnd } from '../../core/tools/textSearch';
import { escapeName } from '../../core/editor/prompts';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

export async function runWorkspaceTool(call: FunctionCall, token?: AbortSignal): Promise<FunctionOutcome> {
  try {
    const text = await dispatch(call, token);
    return { result: limitResult(text) };
  } catch (e) {
    return { result: `Error: ${(e as Error)?.message ?? String(e)}`, isError: true };
  }
}

async function dispatch(call: FunctionCall, signal?: AbortSignal): Promise<string> {
  const a = call.args ?? {};
  switch (call.name) {
    case 'read_file': {
      const uri = resolve(a.path);
      const real = await guard(uri, String(a.path));
      // An open editor may hold unsaved changes: read what the user sees.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await readFileLimited(uri, real, String(a.path)));
      if (!open && text.includes('\u0000')) throw new Error(`${String(a.path)} looks like a binary file.`);
      const start = typeof a.startLine === 'number' ? intArg(a, 'startLine', 1) : undefined;
      const end = typeof a.endLine === 'number' ? intArg(a, 'endLine', Number.MAX_SAFE_INTEGER) : undefined;
      return `${escapeName(vscode.workspace.asRelativePath(uri, false))}\n${lineRange(text, start, end)}`;
    }
    case 'list_directory': {
      const uri = resolve(a.path ?? '');
      await guard(uri, String(a.path ?? '.'));
      const entries = await vscode.workspace.fs.readDirectory(uri);
      entries.sort(([x, tx], [y, ty]) => (ty & vscode.FileType.Directory) - (tx & vscode.FileType.Directory) || x.localeCompare(y));
      const rs = await realRootPaths();
      const lines: string[] = [];
      for (const [name, type] of entries) {
        // A link is listed only as what it is: one that leaves the workspace is named, never followed.
        if (type & vscode.FileType.SymbolicLink && uri.scheme === 'file') {
          const child = vscode.Uri.joinPath(uri, name);
          const check = await checkRealPath(child.fsPath, rs, name);
          if (!check.ok && check.reason === 'outside') {
            lines.push(`${escapeName(name)} [${TOOL_MESSAGES.linkOutMark}]`);
            continue;
          }
        }
        lines.push(type & vscode.FileType.Directory ? `${escapeName(name)}/` : escapeName(name));
      }
      return lines.length ? lines.join('\n') : '(empty folder)';
    }
    case 'find_files': {
      if (typeof a.glob !== 'string' || !a.glob.trim()) throw new Error('glob is required.');
      if (a.glob.includes('..')) throw new Error('Refused: the pattern leaves the workspace.');
      const max = intArg(a, 'maxResults', 100, 500);
      const found = await vscode.workspace.findFiles(a.glob, undefined, max + 1, cancellation(signal));
      // The search follows links (search.followSymlinks): drop what lies outside the workspace on the disk.
      const { inside: files, outside } = await insideOnly(found);
      const paths = files.map((f) => escapeName(vscode.workspace.asRelativePath(f, false))).sort();
      const more = paths.length > max ? `\n[More than ${max} files match; narrow the pattern.]` : '';
      const skipped = outside ? `\n[${TOOL_MESSAGES.linksSkipped(outside)}]` : '';
      return paths.length ? paths.slice(0, max).join('\n') + more + skipped : `No files match ${a.glob}.${skipped}`;
    }
    case 'search_text':
      return searchText(a, signal);
    case 'get_diagnostics': {
      const uri = resolve(a.path);
      await guard(uri, String(a.path));
      const diags = vscode.languages.getDiagnostics(uri);
      if (!diags.length) return `No problems reported for ${vscode.workspace.asRelativePath(uri, false)} (the file may need to be open for its language server to check it).`;
      const sev = ['error', 'warning', 'info', 'hint'];
      return diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${sev[d.severity]}${d.source ? ` [${d.source}]` : ''}: ${d.message}`).join('\n');
    }
    case 'list_open_editors': {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      const lines: string[] = [];
      let outside = 0;
      for (const group of vscode.window.tabGroups.all) {
        for (const tab of group.tabs) {
          const input = tab.input as { uri?: vscode.Uri } | undefined;
          if (!input?.uri) continue;
          // Only the workspace's own files are named: a path elsewhere says where the user works (home
          // folder, user name, other projects); those are only counted.
          if (!vscode.workspace.getWorkspaceFolder(input.uri)) {
            outside++;
            continue;
          }
          const rel = escapeName(vscode.workspace.asRelativePath(input.uri, false));
          const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === input.uri!.toString());
          const sel = visible && !visible.selection.isEmpty ? ` (selected lines ${visible.selection.start.line + 1}-${visible.selection.end.line + 1})` : '';
          lines.push(`${rel}${input.uri.toString() === active ? ' [active]' : ''}${tab.isDirty ? ' [unsaved]' : ''}${sel}`);
        }
      }
      if (outside) lines.push(TOOL_MESSAGES.editorsOutside(outside));
      return lines.length ? lines.join('\n') : 'No editors are open.';
    }
    default:
      throw new Error(`Unknown tool ${call.name}.`);
  }
}

// User-visible sentences, in one place (to be routed through vscode.l10n.t later).
const TOOL_MESSAGES = {
  linkOutMark: 'link to outside the workspace, not followed',
  targetOutside: (real: string) => `${real} (outside the workspace: will be refused)`,
  editorsOutside: (n: number) => `(${n} more editor${n === 1 ? '' : 's'} outside the workspace, not named)`,
  linksSkipped: (n: number) => `${n} match${n === 1 ? ' was' : 'es were'} skipped: links to places outside the workspace.`,
  folder: (shown: string) => `${shown} is a folder; use list_directory.`,
  tooLarge: (shown: string, size: number) => `${shown} is too large (${size} bytes); read a range of a smaller file.`,
};

function roots(): vscode.Uri[] {
  return vscode.workspace.workspaceFolders?.map((f) => f.uri) ?? [];
}

function resolve(path: unknown): vscode.Uri {
  const rs = roots();
  const check = resolveWorkspacePath(rs.map((r) => r.path), path, { windows: process.platform === 'win32' });
  if (!check.ok) throw new Error(check.message);
  const root = rs.find((r) => r.path === check.root)!;
  return check.relative ? vscode.Uri.joinPath(root, ...check.relative.split('/')) : root;
}

/** Real paths of the `file:` workspace folders. */
function realRootPaths(): Promise<string[]> {
  return realRoots(roots().filter((r) => r.scheme === 'file').map((r) => r.fsPath));
}

/**
 * Refuses a path whose real location (links resolved) is outside the workspace folders; returns the real
 * path to read. Other file systems (virtual workspaces) have no local links: their path is what it says.
 */
async function guard(uri: vscode.Uri, shown: string): Promise<string | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const check = await checkRealPath(uri.fsPath, await realRootPaths(), shown);
  if (!check.ok) throw new Error(check.message);
  return check.real;
}

/** Reads a file with the limit enforced while reading; only regular files (never a device or a pipe). */
async function readFileLimited(uri: vscode.Uri, real: string | undefined, shown: string): Promise<Uint8Array> {
  if (real !== undefined) return (await readRegularFile(real, MAX_FILE_BYTES, shown)).data;
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new Error(TOOL_MESSAGES.folder(shown));
  if (stat.size > MAX_FILE_BYTES) throw new Error(TOOL_MESSAGES.tooLarge(shown, stat.size));
  return vscode.workspace.fs.readFile(uri);
}

/** Splits search results into those really inside the workspace and a count of links out of it. */
async function insideOnly(uris: readonly vscode.Uri[]): Promise<{ inside: vscode.Uri[]; outside: number; real: Map<vscode.Uri, string> }> {
  const rs = await realRootPaths();
  const inside: vscode.Uri[] = [];
  const real = new Map<vscode.Uri, string>();
  let outside = 0;
  for (const u of uris) {
    if (u.scheme !== 'file') {
      inside.push(u);
      continue;
    }
    const check = await checkRealPath(u.fsPath, rs, u.fsPath);
    if (check.ok) {
      inside.push(u);
      real.set(u, check.real);
    }
    else if (check.reason === 'outside') outside++;
    // Gone since the search, or unreadable: left out without a word.
  }
  return { inside, outside, real };
}

/**
 * For the approval card: where the call's path really leads when that differs from what it says (a link),
 * workspace-relative when inside, else the absolute target and that it will be refused.
 */
export async function resolvedTarget(call: FunctionCall): Promise<string | undefined> {
  const path = call.args?.path;
  if (typeof path !== 'string' && !(call.name === 'list_directory' && path === undefined)) return undefined;
  let uri: vscode.Uri;
  try {
    uri = resolve(path ?? '');
  } catch {
    return undefined; // refused on its text already; the card shows the path as written
  }
  if (uri.scheme !== 'file') return undefined;
  const rs = await realRootPaths();
  const check = await checkRealPath(uri.fsPath, rs, String(path));
  if (check.ok) return check.linked ? vscode.workspace.asRelativePath(vscode.Uri.file(check.real), false) : undefined;
  if (check.reason !== 'outside') return undefined; // does not exist: nothing to show
  try {
    return TOOL_MESSAGES.targetOutside(await realpath(uri.fsPath));
  } catch {
    return undefined;
  }
}

/** The search's time budget: a large workspace ends with a note, not with a host that seems hung. */
const SEARCH_BUDGET_MS = 10_000;

async function searchText(a: Record<string, unknown>, signal?: AbortSignal): Promise<string> {
  if (typeof a.query !== 'string' || !a.query) throw new Error('query is required.');
  const max = intArg(a, 'maxResults', 100, 500);
  // The RE2 engine is loaded on the first search, not at activation.
  const { compileQuery, searchLines, SEARCH_MESSAGES } = await import('../../core/tools/textSearch');
  const matcher = compileQuery(a.query, a.isRegex === true);
  const include = typeof a.include === 'string' && a.include && !a.include.includes('..') ? a.include : '**/*';
  const budget = { deadline: Date.now() + SEARCH_BUDGET_MS, signal };
  const found = await vscode.workspace.findFiles(include, undefined, 2000, cancellation(signal));
  const { inside: files, outside, real } = await insideOnly(found);
  const hits: string[] = [];
  let end: SearchEnd = 'more';
  for (const f of files.sort((x, y) => x.path.localeCompare(y.path))) {
    if (signal?.aborted) end = 'aborted';
    else if (Date.now() > budget.deadline) end = 'timeout';
    if (end !== 'more') break;
    let text: string;
    try {
      // The checked real path is what is read (not the link, which could be changed in between).
      text = new TextDecoder().decode(await readFileLimited(f, real.get(f), f.fsPath));
    } catch {
      continue; // too large, not a regular file, or gone: not searched
    }
    if (text.includes('\u0000')) continue;
    end = searchLines(escapeName(vscode.workspace.asRelativePath(f, false)), text, matcher, hits, max, budget);
    if (end !== 'more') break;
  }
  const notes = [
    ...(hits.length > max ? [`[More than ${max} matches; narrow the search.]`] : []),
    ...(end === 'timeout' ? [SEARCH_MESSAGES.timeUp(SEARCH_BUDGET_MS / 1000)] : end === 'aborted' ? [SEARCH_MESSAGES.stopped] : []),
    ...(outside ? [`[${TOOL_MESSAGES.linksSkipped(outside)}]`] : []),
  ];
  if (!hits.length) return [`No matches for ${JSON.stringify(a.query)}.`, ...notes].join('\n');
  return [hits.slice(0, max).join('\n'), ...notes].join('\n');
}

function cancellation(signal?: AbortSignal): vscode.CancellationToken | undefined {
  if (!signal) return undefined;
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}
