// The one way to save a media part of model output to a file: the save dialog (unless the caller chose the
// file), a default name from the part, and an extension that follows the bytes' real type.
import * as vscode from 'vscode';
import type { ModelTurn } from '../../core/conversation/types';
import { extensionFor, mediaFileName } from '../../core/panel/mediaFiles';
import type { RequestHandlers } from './router';

/** The words of the two ways in: any media from the panel's Save button, or an image by its index (tests). */
const WORDS = {
  media: {
    get title() { return vscode.l10n.t('Save to Workspace'); },
    get missing() { return vscode.l10n.t('That image is no longer in this conversation.'); },
  },
  image: {
    get title() { return vscode.l10n.t('Save Image'); },
    get missing() { return vscode.l10n.t('There is no image to save here.'); },
  },
};

/**
 * Saves part `index` of `turn`; resolves with where it went (undefined: the dialog was closed). Throws when
 * there is no such media part (`only: 'image'`: no such image). A typed extension that does not match the
 * bytes is replaced ("fox.jpg" for PNG data is saved as "fox.png"). The user is told where it went, unless the
 * caller chose the target.
 */
export async function saveMediaPart(turn: ModelTurn | undefined, index: number, options: { target?: vscode.Uri; only?: 'image' } = {}): Promise<vscode.Uri | undefined> {
  const words = options.only === 'image' ? WORDS.image : WORDS.media;
  const part = turn?.parts[index];
  if (part?.kind !== 'media' || !part.media.data || (options.only && part.media.type !== options.only)) throw new Error(words.missing);
  const media = part.media;
  const ext = extensionFor(media);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const chosen = options.target ?? await vscode.window.showSaveDialog({
    title: words.title,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, mediaFileName(media)) } : {}),
    filters: { [media.mimeType ?? media.type]: [ext] },
  });
  if (!chosen) return undefined;
  const target = chosen.path.toLowerCase().endsWith(`.${ext}`) ? chosen : chosen.with({ path: chosen.path.replace(/\.[A-Za-z0-9]+$/, '') + `.${ext}` });
  await vscode.workspace.fs.writeFile(target, Buffer.from(media.data!, 'base64'));
  if (!options.target) void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target, false)));
  return target;
}

/** "Save to workspace" on a media part: answers with the workspace-relative path it went to. */
export function saveMediaRequests(modelTurn: (turnId: string) => ModelTurn | undefined): Pick<RequestHandlers, 'saveMedia'> {
  return {
    saveMedia: async (r) => {
      const saved = await saveMediaPart(r.turnId ? modelTurn(r.turnId) : undefined, r.index);
      return saved ? { savedTo: vscode.workspace.asRelativePath(saved, false) } : {};
    },
  };
}
