// The API key's commands: Set API Key (stored in secret storage, then checked against the API) and Clear API Key.
import * as vscode from 'vscode';
import type { ListedModel } from '../../core/gemini/client';
import type { ApiKeyStore } from './apiKeyStore';
import { checkNewKey } from './keyCheck';

export interface KeyCommandDeps {
  keys: ApiKeyStore;
  /** Set API Key listed the models for a new key (the check call): the catalogue can keep them. */
  onModelsListed?(key: string, models: ListedModel[]): void;
  /** Only under a test runner: the key may come as an argument (a command link must not set the user's key). */
  testMode: boolean;
}

export function registerKeyCommands({ keys, onModelsListed, testMode }: KeyCommandDeps): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.setApiKey', async (value?: unknown) => {
      // Tests set the key by argument; everyone else (a command link too) gets the password box.
      const key = testMode && typeof value === 'string' ? value : await vscode.window.showInputBox({
        title: vscode.l10n.t('Gemini API Key'),
        prompt: vscode.l10n.t('Paste your Gemini API key (from Google AI Studio). It is stored in VS Code\'s secret storage.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 8 ? vscode.l10n.t('That does not look like an API key.') : undefined),
      });
      if (!key?.trim()) return;
      await keys.set(key.trim());
      // Saved first (a key that cannot be checked now, offline, is still the user's choice), then checked.
      const check = await checkNewKey(key.trim());
      if (check.models) onModelsListed?.(key.trim(), check.models);
      return { result: check.result, format: check.format, message: check.message, models: check.models?.length };
    }),

    reg('geminiInteractions.clearApiKey', async () => {
      await keys.clear();
      const env = (await keys.get())?.source === 'environment';
      void vscode.window.showInformationMessage(env
        ? vscode.l10n.t('Gemini API key removed from secret storage. The {0} environment variable is still used.', 'GEMINI_API_KEY')
        : vscode.l10n.t('Gemini API key removed from secret storage.'));
    }),
  ];
}
