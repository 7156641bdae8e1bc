// Gemini: Export Conversation…: the current (or a chosen) conversation as Markdown with its images in a
// folder beside it, or as JSON, written where the user picks, then opened.
import * as vscode from 'vscode';
import { conversationToJson, conversationToMarkdown } from '../../core/history/exportConversation';
import type { ConversationData } from '../../core/conversation/types';

export type ExportFormat = 'markdown' | 'json';

const TEXT = {
  get pickTitle() { return vscode.l10n.t('Export the conversation as'); },
  markdown: 'Markdown',
  get markdownDetail() { return vscode.l10n.t('Turns, code blocks, tool activity and sources; images as files beside it'); },
  json: 'JSON',
  get jsonDetail() { return vscode.l10n.t('The transcript with its interaction ids'); },
  get nothing() { return vscode.l10n.t('There is no conversation to export yet.'); },
  get saveTitle() { return vscode.l10n.t('Export Conversation'); },
  done: (path: string) => vscode.l10n.t('Exported the conversation to {0}.', path),
};

const safeName = (title: string) => (title || 'conversation').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim().slice(0, 80) || 'conversation';

/** `target`/`format` skip the questions (tests); the user otherwise picks both. Returns the file written. */
export async function exportConversation(data: ConversationData | undefined, opts: { format?: ExportFormat; target?: vscode.Uri } = {}): Promise<vscode.Uri | undefined> {
  if (!data || !data.turns.length) {
    void vscode.window.showInformationMessage(TEXT.nothing);
    return undefined;
  }
  const format = opts.format ?? (await vscode.window.showQuickPick([
    { label: TEXT.markdown, detail: TEXT.markdownDetail, format: 'markdown' as const },
    { label: TEXT.json, detail: TEXT.jsonDetail, format: 'json' as const },
  ], { title: TEXT.pickTitle }))?.format;
  if (!format) return undefined;
  const ext = format === 'markdown' ? 'md' : 'json';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = opts.target ?? await vscode.window.showSaveDialog({
    title: TEXT.saveTitle,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeName(data.title)}.${ext}`) } : {}),
    filters: { [format === 'markdown' ? 'Markdown' : 'JSON']: [ext] },
  });
  if (!target) return undefined;
  if (format === 'json') {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(conversationToJson(data)));
  } else {
    const base = target.path.split('/').pop()!.replace(/\.[^.]*$/, '');
    const mediaFolder = `${base}-files`;
    const { markdown, files } = conversationToMarkdown(data, mediaFolder);
    if (files.length) {
      const dir = vscode.Uri.joinPath(target, '..', mediaFolder);
      await vscode.workspace.fs.createDirectory(dir);
      for (const f of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, f.name), Buffer.from(f.data, 'base64'));
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
  }
  await vscode.window.showTextDocument(target, { preview: false });
  void vscode.window.showInformationMessage(TEXT.done(vscode.workspace.asRelativePath(target, false)));
  return target;
}
