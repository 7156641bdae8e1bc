// A click on a codebase-index citation in the panel: opens the cited file of the workspace at the lines the cited
// text is on now (core/codeIndex/citationLines.ts), and says when the file changed since it was indexed or no longer
// has the text. The path comes from a document's metadata, so it is checked like any path from outside: relative,
// no `..`, inside a workspace folder, and its real location too.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { locateQuote } from '../../core/codeIndex/citationLines';
import type { Logger } from '../../core/conversation/types';
import type { CommandHandlers } from '../panel/router';

/** The workspace file a citation's path names, or undefined when it is not a plain path inside a folder. */
export function citedFile(path: string): vscode.Uri | undefined {
  if (!path || path.length > 1024 || /^[\\/]|^[a-z]:|\\|\0/i.test(path) || path.split('/').some((s) => s === '..' || s === '.')) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return vscode.Uri.joinPath(folders[0]!.uri, path);
  const [head, ...rest] = path.split('/');
  const folder = folders.find((f) => f.name === head);
  return folder && rest.length ? vscode.Uri.joinPath(folder.uri, ...rest) : undefined;
}

export async function openCitation(msg: { path: string; quote?: string; sha256?: string }, log: Logger): Promise<'opened' | 'moved' | 'notFound' | 'refused'> {
  const uri = citedFile(msg.path);
  if (!uri) {
    log.warn(`citation path refused: ${JSON.stringify(msg.path.slice(0, 200))}`);
    void vscode.window.showWarningMessage(vscode.l10n.t('The cited file {0} is not a file of this workspace.', JSON.stringify(msg.path.slice(0, 200))));
    return 'refused';
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('The cited file {0} is no longer in the workspace.', msg.path));
    return 'notFound';
  }
  const changed = !!msg.sha256 && createHash('sha256').update(bytes).digest('hex') !== msg.sha256;
  const at = msg.quote ? locateQuote(new TextDecoder().decode(bytes), msg.quote) : undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const range = at ? new vscode.Range(at.startLine - 1, 0, at.endLine - 1, doc.lineAt(Math.min(at.endLine - 1, doc.lineCount - 1)).text.length) : undefined;
  await vscode.window.showTextDocument(doc, { preview: true, ...(range ? { selection: range } : {}) });
  if (range) vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (!at && msg.quote) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The cited text is no longer in {0}: the file changed since it was indexed.', msg.path));
    return 'moved';
  }
  if (changed) void vscode.window.showInformationMessage(vscode.l10n.t('{0} changed since it was indexed; the cited text is on lines {1}–{2} now.', msg.path, at!.startLine, at!.endLine));
  return 'opened';
}

export function citationHandlers(log: Logger): Pick<CommandHandlers, 'openCitation'> {
  return { openCitation: (m) => openCitation(m, log) };
}
