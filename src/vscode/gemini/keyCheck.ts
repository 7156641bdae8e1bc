// Set API Key's check of a new key: warn about a paste in neither of Google's key formats (saved anyway,
// the API is the judge), then one cheap call (list the models) under a progress notification, and say
// whether the key works: invalid, blocked/restricted, or not checkable (network, workspace endpoint).
import * as vscode from 'vscode';
import { keyFormat } from '../../core/gemini/apiKeyFormat';
import { classifyError, MANAGE_KEYS_URL } from '../../core/gemini/errors';
import type { ListedModel } from '../../core/gemini/client';
import { hostMessages } from '../l10n/coreStrings';
import { readEndpoint, workspaceEndpoint } from '../settings/settings';

export type KeyCheckResult = 'ok' | 'invalid' | 'blocked' | 'network' | 'failed' | 'skipped';

export interface KeyCheck {
  result: KeyCheckResult;
  format: ReturnType<typeof keyFormat>;
  /** The models the key can use, when the check succeeded. */
  models?: ListedModel[];
  message: string;
}

const CHECK_TIMEOUT_MS = 15_000;

export async function checkNewKey(key: string): Promise<KeyCheck> {
  const format = keyFormat(key);
  if (format === 'unknown') {
    void vscode.window.showWarningMessage(vscode.l10n.t('This does not look like a Gemini API key (they start with "AIza" or "AQ."). It was saved anyway; the check tells whether the API accepts it.'));
  }
  const endpoint = readEndpoint();
  // A key is never sent to an endpoint the workspace's settings chose without the user's consent (asked on
  // the first request); nor to a base URL that does not parse.
  if (workspaceEndpoint() || !endpoint.ok) {
    const message = vscode.l10n.t('Gemini API key saved in secret storage (not checked: {0} is set by this workspace or invalid).', 'geminiInteractions.apiBaseUrl');
    void vscode.window.showInformationMessage(message);
    return { result: 'skipped', format, message };
  }
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the Gemini API key…'), cancellable: true },
    async (_p, token) => {
      const ctl = new AbortController();
      const sub = token.onCancellationRequested(() => ctl.abort());
      const timer = setTimeout(() => ctl.abort(new DOMException('timeout', 'TimeoutError')), CHECK_TIMEOUT_MS);
      try {
        const { createModelsApi } = await import('../../core/gemini/client');
        const api = await createModelsApi({ apiKey: key, baseUrl: endpoint.baseUrl });
        return { models: await api.listModels(ctl.signal) };
      } catch (e) {
        return { error: e };
      } finally {
        clearTimeout(timer);
        sub.dispose();
      }
    });
  if ('models' in outcome && outcome.models) {
    const message = vscode.l10n.t('Gemini API key saved in secret storage. It works: {0} models available.', outcome.models.length);
    void vscode.window.showInformationMessage(message);
    return { result: 'ok', format, models: outcome.models, message };
  }
  const c = classifyError(outcome.error, hostMessages);
  const result: KeyCheckResult = c.kind === 'keyInvalid' || c.kind === 'auth' ? 'invalid' : c.kind === 'keyBlocked' ? 'blocked'
    : c.kind === 'network' || c.kind === 'aborted' ? 'network' : 'failed';
  const manage = vscode.l10n.t('Manage API Keys');
  const message = result === 'network' || result === 'failed'
    ? vscode.l10n.t('Gemini API key saved in secret storage, but it could not be checked: {0}', c.message)
    : c.message;
  const shown = result === 'invalid' || result === 'blocked'
    ? vscode.window.showErrorMessage(message, manage)
    : vscode.window.showWarningMessage(message);
  void Promise.resolve(shown).then((choice) => { if (choice === manage) void vscode.env.openExternal(vscode.Uri.parse(MANAGE_KEYS_URL)); });
  return { result, format, message };
}
