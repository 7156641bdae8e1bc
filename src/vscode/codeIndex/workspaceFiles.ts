// The workspace's files as the codebase index sees them: every file of the workspace folders that no ignore rule
// excludes (each folder's .gitignore files, `files.exclude`, `search.exclude` and `geminiInteractions.index.exclude`)
// and that core/codeIndex/indexSelection.ts accepts (no secrets, binaries, lock files or files over the size cap),
// with its content hash. Files are read one at a time and dropped after hashing, so memory does not grow with the
// workspace; their paths are workspace-relative with `/` (the folder's name first in a multi-root workspace).
import { createHash } from 'node:crypto';
import ignore, { type Ignore } from 'ignore';
import * as vscode from 'vscode';
import { excludedByName, isBinaryHead, type Exclusion } from '../../core/codeIndex/indexSelection';
import { SECTION } from '../settings/settings';

export interface IndexCandidate {
  uri: vscode.Uri;
  path: string;
}

/** One glob of everything the settings exclude (true entries of files.exclude and search.exclude, and index.exclude). */
export function excludeGlob(): string | undefined {
  const on = (v: unknown) => (v && typeof v === 'object' ? Object.entries(v as Record<string, unknown>).filter(([, x]) => x === true).map(([k]) => k) : []);
  const globs = [
    ...on(vscode.workspace.getConfiguration('files').get('exclude')),
    ...on(vscode.workspace.getConfiguration('search').get('exclude')),
    ...(vscode.workspace.getConfiguration(SECTION).get<unknown[]>('index.exclude') ?? []).filter((g): g is string => typeof g === 'string' && g.trim() !== ''),
    '**/.git/**', '**/node_modules/**',
  ];
  return globs.length ? `{${[...new Set(globs)].join(',')}}` : undefined;
}

/** The index's path of a file: workspace-relative, with the folder name first when there are several folders. */
export function indexPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1).replace(/\\/g, '/');
}

/** The .gitignore rules of the workspace, by the folder each file sits in. */
export async function gitignoreRules(token?: vscode.CancellationToken): Promise<(path: string) => boolean> {
  const files = await vscode.workspace.findFiles('**/.gitignore', '{**/node_modules/**,**/.git/**}', 10_000, token);
  const rules: { dir: string; ig: Ignore }[] = [];
  for (const f of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
      const path = indexPath(f);
      rules.push({ dir: path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '', ig: ignore().add(text) });
    } catch { /* unreadable: no rules from it */ }
  }
  return (path) => rules.some((r) => path.startsWith(r.dir) && path.length > r.dir.length && r.ig.ignores(path.slice(r.dir.length)));
}

/** Every file the ignore rules leave in (not read yet). */
export async function indexCandidates(token?: vscode.CancellationToken): Promise<IndexCandidate[]> {
  const [uris, ignored] = await Promise.all([vscode.workspace.findFiles('**/*', excludeGlob(), undefined, token), gitignoreRules(token)]);
  return uris.map((uri) => ({ uri, path: indexPath(uri) })).filter((c) => !ignored(c.path)).sort((a, b) => a.path.localeCompare(b.path));
}

export type ReadCandidate = { path: string; content: Uint8Array; hash: string; size: number } | { path: string; excluded: Exclusion | 'gone' };

/** Reads one candidate: its content and hash, or why it is left out. */
export async function readCandidate(c: IndexCandidate): Promise<ReadCandidate> {
  let size: number;
  try { size = (await vscode.workspace.fs.stat(c.uri)).size; } catch { return { path: c.path, excluded: 'gone' }; }
  const byName = excludedByName(c.path, size);
  if (byName) return { path: c.path, excluded: byName };
  let content: Uint8Array;
  try { content = await vscode.workspace.fs.readFile(c.uri); } catch { return { path: c.path, excluded: 'gone' }; }
  if (isBinaryHead(content)) return { path: c.path, excluded: 'binary' };
  const again = excludedByName(c.path, content.length);
  if (again) return { path: c.path, excluded: again };
  return { path: c.path, content, hash: createHash('sha256').update(content).digest('hex'), size: content.length };
}
