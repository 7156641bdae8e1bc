// The window's one Gemini client and its trust checks: the client is cached per key and endpoint, the API key
// goes to an endpoint set by the workspace's settings only once the user allowed it, and a missing key or a
// bad base URL is told in the panel's words. The panel, uploads and VS Code's native chat all go through it.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { InteractionsApi } from '../../core/gemini/client';
import type { Logger } from '../../core/conversation/types';
import { readEndpoint, workspaceEndpoint } from '../settings/settings';
import type { ApiKeyStore } from './apiKeyStore';

/** Base URLs from this workspace's settings that the user allowed to receive the API key. */
const ALLOWED_ENDPOINTS_KEY = 'geminiInteractions.allowedWorkspaceEndpoints';

/** Why no request can go out now, and the button that fixes it. */
export interface ConfigurationProblem {
  message: string;
  action: 'setApiKey' | 'openSettings';
}

/** The client and configuration checks (key in SecretStorage, base URL with its trust rules). */
export interface ApiAccess {
  api(): Promise<InteractionsApi>;
  configurationProblem(): Promise<ConfigurationProblem | undefined>;
}

export class GeminiAccess implements ApiAccess {
  private apiCache: { sig: string; api: Promise<InteractionsApi> } | undefined;
  /** Open "allow this workspace's endpoint?" questions, so concurrent requests ask once. */
  private readonly endpointQuestions = new Map<string, Promise<boolean>>();

  constructor(private readonly keys: ApiKeyStore, private readonly workspaceState: vscode.Memento, private readonly log: Logger) {}

  /** The one client of this window (key and base URL as configured); the native chat uses it too. */
  async api(): Promise<InteractionsApi> {
    const key = await this.keys.get();
    const endpoint = readEndpoint();
    if (!key) throw Object.assign(new Error('No API key'), { status: 401 });
    const fromWorkspace = workspaceEndpoint();
    if (fromWorkspace && !(await this.allowWorkspaceEndpoint(fromWorkspace))) {
      throw new Error(vscode.l10n.t('Not sent: this workspace\'s settings point {0} at {1}, and your API key goes there only if you allow it. Retry to be asked again, or remove the setting from the workspace.', 'geminiInteractions.apiBaseUrl', fromWorkspace));
    }
    if (!endpoint.ok) throw new Error(endpoint.message);
    const sig = JSON.stringify([key.key, endpoint.baseUrl, endpoint.apiVersion]);
    if (this.apiCache?.sig !== sig) {
      // The SDK module is loaded here, on the first request, never during activation.
      const { createInteractionsApi } = await import('../../core/gemini/client');
      this.apiCache = { sig, api: createInteractionsApi({ apiKey: key.key, baseUrl: endpoint.baseUrl, apiVersion: endpoint.apiVersion }) };
    }
    return this.apiCache.api;
  }

  /** Why no request can go out now (no key, a bad base URL), as the panel says it; shared with the native chat. */
  async configurationProblem(): Promise<ConfigurationProblem | undefined> {
    const endpoint = readEndpoint();
    if (!endpoint.ok) return { message: endpoint.message, action: 'openSettings' };
    if (!(await this.keys.get())) {
      return { message: vscode.l10n.t('No Gemini API key is set. Run "Gemini: Set API Key" (the key is kept in VS Code\'s secret storage).'), action: 'setApiKey' };
    }
    return undefined;
  }

  /** The API client for Files API uploads, and a scope naming its project (endpoint + key, hashed). */
  async uploadApi(): Promise<{ api: InteractionsApi; scope: string }> {
    const problem = await this.configurationProblem();
    if (problem) throw new Error(problem.message);
    const api = await this.api();
    const key = await this.keys.get();
    const endpoint = readEndpoint();
    return { api, scope: uploadScope(key?.key, endpoint.ok ? endpoint.baseUrl : '', endpoint.apiVersion) };
  }

  /** The File Search stores API (the codebase index), with the same key and endpoint checks as the chat. */
  async fileSearchApi(): Promise<import('../../core/gemini/fileSearchApi').FileSearchApi> {
    await this.api(); // the key and endpoint checks (and the workspace-endpoint question) of every request
    const key = await this.keys.get();
    const endpoint = readEndpoint();
    if (!key || !endpoint.ok) throw new Error(vscode.l10n.t('No Gemini API key is set. Run "Gemini: Set API Key" (the key is kept in VS Code\'s secret storage).'));
    const { createFileSearchApi } = await import('../../core/gemini/fileSearchApi');
    return createFileSearchApi({ apiKey: key.key, baseUrl: endpoint.baseUrl });
  }

  /** Asks once per workspace and URL before the API key goes to an endpoint set by the workspace's settings. */
  private allowWorkspaceEndpoint(url: string): Promise<boolean> {
    if ((this.workspaceState.get<string[]>(ALLOWED_ENDPOINTS_KEY) ?? []).includes(url)) return Promise.resolve(true);
    let asking = this.endpointQuestions.get(url);
    if (!asking) {
      asking = (async () => {
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('This workspace\'s settings send Gemini requests, with your API key, to {0}.', url),
          { modal: true, detail: vscode.l10n.t('{0} is set in this workspace\'s settings, not in yours. Allow it only for a proxy or emulator you trust.', 'geminiInteractions.apiBaseUrl') },
          vscode.l10n.t('Allow for This Workspace'),
        );
        if (!choice) return false;
        const allowed = this.workspaceState.get<string[]>(ALLOWED_ENDPOINTS_KEY) ?? [];
        await this.workspaceState.update(ALLOWED_ENDPOINTS_KEY, [...allowed, url]);
        this.log.info(`the workspace's API endpoint ${url} was allowed`);
        return true;
      })().finally(() => this.endpointQuestions.delete(url));
      this.endpointQuestions.set(url, asking);
    }
    return asking;
  }
}

/** A name for the API project an upload belongs to, without the key in it. */
export function uploadScope(...parts: (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
