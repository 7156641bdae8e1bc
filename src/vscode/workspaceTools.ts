// Executes the workspace function tools (declared in src/core/tools/workspaceTools.ts) through the VS Code
// API. Every path goes through resolveWorkspacePath: anything outside the workspace folders is refused.
import * as vscode from 'vscode';
import type { FunctionCall, FunctionOutcome } from '../core/model';
import { intArg, limitResult, lineRange, resolveWorkspacePath } from '../core/tools/workspaceTools';

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
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) throw new Error(`${String(a.path)} is a folder; use list_directory.`);
      if (stat.size > MAX_FILE_BYTES) throw new Error(`${String(a.path)} is too large (${stat.size} bytes); read a range of a smaller file.`);
      // An open editor may hold unsaved changes: read what the user sees.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (!open && text.includes('\u0000')) throw new Error(`${String(a.path)} looks like a binary file.`);
      const start = typeof a.startLine === 'number' ? intArg(a, 'startLine', 1) : undefined;
      const end = typeof a.endLine === 'number' ? intArg(a, 'endLine', Number.MAX_SAFE_INTEGER) : undefined;
      return `${vscode.workspace.asRelativePath(uri, false)}\n${lineRange(text, start, end)}`;
    }
    case 'list_directory': {
      const uri = resolve(a.path ?? '');
      const entries = await vscode.workspace.fs.readDirectory(uri);
      entries.sort(([x, tx], [y, ty]) => (ty & vscode.FileType.Directory) - (tx & vscode.FileType.Directory) || x.localeCompare(y));
      const lines = entries.map(([name, type]) => (type & vscode.FileType.Directory ? `${name}/` : name));
      return lines.length ? lines.join('\n') : '(empty folder)';
    }
    case 'find_files': {
      if (typeof a.glob !== 'string' || !a.glob.trim()) throw new Error('glob is required.');
      if (a.glob.includes('..')) throw new Error('Refused: the pattern leaves the workspace.');
      const max = intArg(a, 'maxResults', 100, 500);
      const files = await vscode.workspace.findFiles(a.glob, undefined, max + 1, cancellation(signal));
      const paths = files.map((f) => vscode.workspace.asRelativePath(f, false)).sort();
      const more = paths.length > max ? `\n[More than ${max} files match; narrow the pattern.]` : '';
      return paths.length ? paths.slice(0, max).join('\n') + more : `No files match ${a.glob}.`;
    }
    case 'search_text':
      return searchText(a, signal);
    case 'get_diagnostics': {
      const uri = resolve(a.path);
      const diags = vscode.languages.getDiagnostics(uri);
      if (!diags.length) return `No problems reported for ${vscode.workspace.asRelativePath(uri, false)} (the file may need to be open for its language server to check it).`;
      const sev = ['error', 'warning', 'info', 'hint'];
      return diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${sev[d.severity]}${d.source ? ` [${d.source}]` : ''}: ${d.message}`).join('\n');
    }
    case 'list_open_editors': {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      const lines: string[] = [];
      for (const group of vscode.window.tabGroups.all) {
        for (const tab of group.tabs) {
          const input = tab.input as { uri?: vscode.Uri } | undefined;
          if (!input?.uri) continue;
          const rel = vscode.workspace.asRelativePath(input.uri, false);
          const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === input.uri!.toString());
          const sel = visible && !visible.selection.isEmpty ? ` (selected lines ${visible.selection.start.line + 1}-${visible.selection.end.line + 1})` : '';
          lines.push(`${rel}${input.uri.toString() === active ? ' [active]' : ''}${tab.isDirty ? ' [unsaved]' : ''}${sel}`);
        }
      }
      return lines.length ? lines.join('\n') : 'No editors are open.';
    }
    default:
      throw new Error(`Unknown tool ${call.name}.`);
  }
}

function roots(): vscode.Uri[] {
  return vscode.workspace.workspaceFolders?.map((f) => f.uri) ?? [];
}

function resolve(path: unknown): vscode.Uri {
  const rs = roots();
  const check = resolveWorkspacePath(rs.map((r) => r.path), path);
  if (!check.ok) throw new Error(check.message);
  const root = rs.find((r) => r.path === check.root)!;
  return check.relative ? vscode.Uri.joinPath(root, ...check.relative.split('/')) : root;
}

async function searchText(a: Record<string, unknown>, signal?: AbortSignal): Promise<string> {
  if (typeof a.query !== 'string' || !a.query) throw new Error('query is required.');
  const max = intArg(a, 'maxResults', 100, 500);
  const re = a.isRegex === true ? new RegExp(a.query) : new RegExp(a.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  const include = typeof a.include === 'string' && a.include && !a.include.includes('..') ? a.include : '**/*';
  const files = await vscode.workspace.findFiles(include, undefined, 2000, cancellation(signal));
  const hits: string[] = [];
  for (const f of files.sort((x, y) => x.path.localeCompare(y.path))) {
    if (signal?.aborted || hits.length > max) break;
    let text: string;
    try {
      const stat = await vscode.workspace.fs.stat(f);
      if (stat.size > MAX_FILE_BYTES) continue;
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
    } catch {
      continue;
    }
    if (text.includes('\u0000')) continue;
    const rel = vscode.workspace.asRelativePath(f, false);
    text.split(/\r?\n/).forEach((line, i) => {
      // Long lines are cut before matching: a model-written regex must not stall the extension host.
      if (hits.length <= max && re.test(line.length > 2000 ? line.slice(0, 2000) : line)) hits.push(`${rel}:${i + 1}: ${line.trim().slice(0, 300)}`);
    });
  }
  if (!hits.length) return `No matches for ${JSON.stringify(a.query)}.`;
  const more = hits.length > max ? `\n[More than ${max} matches; narrow the search.]` : '';
  return hits.slice(0, max).join('\n') + more;
}

function cancellation(signal?: AbortSignal): vscode.CancellationToken | undefined {
  if (!signal) return undefined;
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}
