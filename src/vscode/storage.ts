import * as vscode from 'vscode';
import type { IndexEntry, StoreBackend } from '../core/conversationStore';

const INDEX_KEY = 'geminiInteractions.conversations';

/** Index in workspaceState; transcripts as files in the workspace storage folder (per workspace). */
export function workspaceStoreBackend(context: vscode.ExtensionContext): StoreBackend {
  const root = context.storageUri ?? context.globalStorageUri;
  const dir = vscode.Uri.joinPath(root, 'conversations');
  const fs = vscode.workspace.fs;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return {
    readIndex: () => context.workspaceState.get<IndexEntry[]>(INDEX_KEY),
    writeIndex: async (entries) => { await context.workspaceState.update(INDEX_KEY, entries); },
    async readText(name) {
      try {
        return dec.decode(await fs.readFile(vscode.Uri.joinPath(dir, name)));
      } catch {
        return undefined;
      }
    },
    async writeTextAtomic(name, text) {
      await fs.createDirectory(dir);
      const tmp = vscode.Uri.joinPath(dir, `${name}.${Date.now()}.tmp`);
      await fs.writeFile(tmp, enc.encode(text));
      await fs.rename(tmp, vscode.Uri.joinPath(dir, name), { overwrite: true });
    },
    async delete(name) {
      await fs.delete(vscode.Uri.joinPath(dir, name));
    },
  };
}
