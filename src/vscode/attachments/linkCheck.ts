// Where a file the user hands over really is. Ask About File, attaching, drops, the `@` picker, `@folder`
// and the native chat's #file read files the user chose by name; a link inside the workspace can lead
// anywhere on the disk (`docs/setup.md -> ~/.ssh/id_rsa`). The same real-path check as the workspace tools
// (checkRealPath, src/core/tools/fsGuard.ts) tells where each file leads; the callers ask before sending
// what lies outside the workspace, and leave it out of lists. Only `file:` URIs have local links.
import * as vscode from 'vscode';
import { checkRealPath, checkRealPaths, realRoots } from '../../core/tools/fsGuard';

/** The real paths of the `file:` workspace folders (a folder that is itself a link counts as where it points). */
export function workspaceRealRoots(): Promise<string[]> {
  return realRoots((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
}

export interface OutsideTarget {
  /** The real path (links resolved): what would be read. */
  real: string;
  /** The path as written is in a workspace folder: a link in the workspace leads out. */
  writtenInside: boolean;
}

/**
 * Where a `file:` URI really leads when that is outside every workspace folder; undefined when it is
 * inside, not a local file, or gone (reading it then fails with its own message).
 */
export async function outsideTarget(uri: vscode.Uri, roots?: readonly string[]): Promise<OutsideTarget | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const check = await checkRealPath(uri.fsPath, roots ?? await workspaceRealRoots(), uri.fsPath);
  if (check.ok || check.reason !== 'outside') return undefined;
  return { real: check.real, writtenInside: !!vscode.workspace.getWorkspaceFolder(uri) };
}

/** Splits workspace files (a search's results) into those really inside and those that lead out. */
export async function splitByRealPath(uris: readonly vscode.Uri[]): Promise<{ inside: vscode.Uri[]; outside: vscode.Uri[] }> {
  const local = uris.filter((u) => u.scheme === 'file');
  const checks = await checkRealPaths(local.map((u) => u.fsPath), await workspaceRealRoots());
  const out = new Set(local.filter((_, i) => { const c = checks[i]!; return !c.ok && c.reason === 'outside'; }));
  return { inside: uris.filter((u) => !out.has(u)), outside: [...out] };
}
