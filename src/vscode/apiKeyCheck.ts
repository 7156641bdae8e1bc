// Set API Key checks a new key with one cheap call (listing the models the key can use) and says whether
// it works, so a pasted key that is wrong, blocked or unrestricted is found now, not at the first message.
// The key is saved before the check: an unreachable network (or a proxy the check cannot pass) must not
// keep the user from setting it.
import * as vscode from 'vscode';
import type { InteractionsApi } from '../core/gemini/client';
import { classifyError, type ErrorKind } from '../core/gemini/errors';
import { MANAGE_KEYS_URL } from '../core/apiKeyFormat';
import { hostMessages } from './coreMessages';
import type { Logger } from '../core/model';

export type KeyCheckOutcome = 'works' | 'rejected' | 'notChecked';

export interface KeyCheck {
  outcome: KeyCheckOutcome;
  /** The error's kind when it did not work (auth, keyBlocked, network, …). */
  kind?: ErrorKind;
  /** How many models the key can use, when it works. */
  models?: number;
  /** What the user was told. */
  message: string;
}

/** Runs the check under a cancellable progress notification and tells the user the outcome. */
export async function checkApiKey(api: () => Promise<InteractionsApi>, log: Logger): Promise<KeyCheck> {
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the Gemini API key…'), cancellable: true },
    async (_progress, token): Promise<KeyCheck> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const models = await (await api()).listModels(abort.signal);
        return { outcome: 'works', models: models.length, message: vscode.l10n.t('Gemini API key saved in secret storage. It works: {0} models are available to it.', models.length) };
      } catch (e) {
        const c = classifyError(e, hostMessages);
        if (c.kind === 'auth' || c.kind === 'keyBlocked' || c.kind === 'permission') {
          return { outcome: 'rejected', kind: c.kind, message: vscode.l10n.t('Gemini API key saved, but the Gemini API does not accept it: {0}', c.message) };
        }
        const why = c.kind === 'aborted' ? vscode.l10n.t('the check was cancelled') : c.message;
        return { outcome: 'notChecked', kind: c.kind, message: vscode.l10n.t('Gemini API key saved in secret storage. It could not be checked ({0}); the first message will tell.', why) };
      } finally {
        sub.dispose();
      }
    },
  );
  log.info(`API key check: ${check.outcome}${check.kind ? ` (${check.kind})` : ''}${check.models !== undefined ? `, ${check.models} models` : ''}`);
  if (check.outcome === 'works') void vscode.window.showInformationMessage(check.message);
  else if (check.outcome === 'notChecked') void vscode.window.showWarningMessage(check.message);
  else {
    const manage = vscode.l10n.t('Manage API Keys');
    const again = vscode.l10n.t('Set API Key');
    void vscode.window.showErrorMessage(check.message, manage, again).then((choice) => {
      if (choice === manage) void vscode.env.openExternal(vscode.Uri.parse(MANAGE_KEYS_URL));
      if (choice === again) void vscode.commands.executeCommand('geminiInteractions.setApiKey');
    });
  }
  return check;
}
