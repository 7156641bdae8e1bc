// The window's one Gemini client and its trust checks: the client is cached per backend, key and endpoint; the API key
// goes to an endpoint set by the workspace's settings only once the user allowed it, and requests go to a Google Cloud
// project chosen by the workspace's settings only once the user allowed that project; a missing key or project and a
// bad base URL are told in the panel's words. The panel, uploads, the model list and VS Code's native chat all go through it.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ClientConfig, InteractionsApi } from '../../core/gemini/client';
import type { Logger } from '../../core/conversation/types';
import type { BackendChoice } from '../../core/gemini/backendChoice';
import { readEndpoint, workspaceEndpoint } from '../settings/settings';
import { readBackend } from '../settings/backendSettings';
import type { ApiKeyStore } from './apiKeyStore';

/** Base URLs from this workspace's settings that the user allowed to receive the API key. */
const ALLOWED_ENDPOINTS_KEY = 'geminiInteractions.allowedWorkspaceEndpoints';
/** Google Cloud projects this workspace's settings chose that the user allowed. */
const ALLOWED_PROJECTS_KEY = 'geminiInteractions.allowedWorkspaceProjects';

/** Why no request can go out now, and the button that fixes it. */
export interface ConfigurationProblem {
  message: string;
  action: 'setApiKey' | 'openSettings';
  /** The setting Open Settings shows (default: the base URL). */
  setting?: string;
}

/** The client and configuration checks (key in SecretStorage, base URL with its trust rules, the backend). */
export interface ApiAccess {
  api(): Promise<InteractionsApi>;
  configurationProblem(): Promise<ConfigurationProblem | undefined>;
}

/** A modal question with one action; undefined = declined (tests answer it without a dialog). */
export type Ask = (message: string, detail: string, action: string) => Thenable<string | undefined>;

const askModal: Ask = (message, detail, action) => vscode.window.showWarningMessage(message, { modal: true, detail }, action);

export class GeminiAccess implements ApiAccess {
  private apiCache: { sig: string; api: Promise<InteractionsApi> } | undefined;
  /** Open "allow this workspace's …?" questions, so concurrent requests ask once. */
  private readonly questions = new Map<string, Promise<boolean>>();
  /** The question asked about a workspace's endpoint or project (tests replace it). */
  ask: Ask = askModal;

  constructor(private readonly keys: ApiKeyStore, private readonly workspaceState: vscode.Memento, private readonly log: Logger) {}

  /** The one client of this window (backend, key and base URL as configured); the native chat uses it too. */
  async api(): Promise<InteractionsApi> {
    const { config } = await this.clientConfig(true);
    const sig = JSON.stringify([config.googleCloud ?? null, config.apiKey ?? null, config.baseUrl, config.apiVersion]);
    if (this.apiCache?.sig !== sig) {
      // The SDK module is loaded here, on the first request, never during activation.
      const { createInteractionsApi } = await import('../../core/gemini/client');
      this.apiCache = { sig, api: createInteractionsApi(config) };
      if (config.googleCloud) this.log.info(`requests go to Google Cloud: project ${config.googleCloud.project || '(express mode)'}, location ${config.googleCloud.location}`);
    }
    return this.apiCache.api;
  }

  /**
   * The client's configuration, after the trust questions (`ask`: false = never ask, throw instead) and a scope that
   * names the account or project without a secret in it (the model list cache, uploads).
   */
  async clientConfig(ask: boolean): Promise<{ config: ClientConfig; scope: string; backend: BackendChoice }> {
    const backend = readBackend();
    const endpoint = readEndpoint();
    const key = await this.keys.get();
    if (backend.backend === 'geminiApi' && !key) throw Object.assign(new Error('No API key'), { status: 401 });
    const fromWorkspace = workspaceEndpoint();
    if (fromWorkspace && !(await this.allowWorkspaceEndpoint(fromWorkspace, ask))) {
      throw new Error(vscode.l10n.t('Not sent: this workspace\'s settings point {0} at {1}, and your API key goes there only if you allow it. Retry to be asked again, or remove the setting from the workspace.', 'geminiInteractions.apiBaseUrl', fromWorkspace));
    }
    if (!endpoint.ok) throw new Error(endpoint.message);
    if (backend.backend === 'googleCloud') {
      if (backend.workspaceChoice && !(await this.allowWorkspaceProject(backend.workspaceChoice.project, ask))) {
        throw new Error(vscode.l10n.t('Not sent: this workspace\'s settings send Gemini requests to the Google Cloud project {0}, which decides where your code goes and who pays. Retry to be asked again, or remove the setting from the workspace.', backend.workspaceChoice.project || '?'));
      }
      // No project: Google Cloud's express mode with the API key, when there is one.
      if (!backend.project && !key) throw new Error((await this.configurationProblem())?.message ?? 'No Google Cloud project');
      const googleCloud = { project: backend.project ?? '', location: backend.location };
      return {
        backend,
        config: { googleCloud, baseUrl: endpoint.baseUrl, ...(backend.project ? {} : { apiKey: key!.key }) },
        scope: uploadScope('googleCloud', backend.project, backend.location, endpoint.baseUrl, backend.project ? undefined : key?.key),
      };
    }
    return {
      backend,
      config: { apiKey: key!.key, baseUrl: endpoint.baseUrl, apiVersion: endpoint.apiVersion },
      scope: uploadScope(key!.key, endpoint.baseUrl, endpoint.apiVersion),
    };
  }

  /**
   * Where the model list comes from, without asking anything: the client configuration and the cache key the list is
   * kept under (the API key, hashed by the catalogue; or the Google Cloud project and location). Undefined: nothing to
   * list with yet (no key or project, a workspace endpoint or project not allowed).
   */
  async modelsTarget(): Promise<{ cacheKey: string; config: ClientConfig } | undefined> {
    if (workspaceEndpoint()) return undefined;
    try {
      const { config } = await this.clientConfig(false);
      const cacheKey = config.googleCloud ? JSON.stringify(['googleCloud', config.googleCloud.project, config.googleCloud.location, config.baseUrl ?? '', config.apiKey ?? '']) : config.apiKey!;
      return { cacheKey, config: { ...config, apiVersion: undefined } };
    } catch {
      return undefined;
    }
  }

  /** True when a request could go out without a key question (the panel's "has a key" state). */
  async ready(): Promise<boolean> {
    return readBackend().backend === 'googleCloud' || (await this.keys.get()) !== undefined;
  }

  /** Why no request can go out now (no key or project, a bad base URL), as the panel says it; shared with the native chat. */
  async configurationProblem(): Promise<ConfigurationProblem | undefined> {
    const endpoint = readEndpoint();
    if (!endpoint.ok) return { message: endpoint.message, action: 'openSettings' };
    const backend = readBackend();
    if (backend.backend === 'googleCloud') {
      if (!backend.project && !(await this.keys.get())) {
        return { message: vscode.l10n.t('No Google Cloud project is set. Set {0} (or run "Gemini: Sign in with Google Cloud…", which finds your credentials and project).', 'geminiInteractions.googleCloud.project'), action: 'openSettings', setting: 'geminiInteractions.googleCloud.project' };
      }
      return undefined;
    }
    if (!(await this.keys.get())) {
      return { message: vscode.l10n.t('No Gemini API key is set. Run "Gemini: Set API Key" (the key is kept in VS Code\'s secret storage).'), action: 'setApiKey' };
    }
    return undefined;
  }

  /** The API client for Files API uploads, and a scope naming its project (endpoint + key, hashed). */
  async uploadApi(): Promise<{ api: InteractionsApi; scope: string }> {
    const problem = await this.configurationProblem();
    if (problem) throw new Error(problem.message);
    if (readBackend().backend === 'googleCloud') {
      throw new Error(vscode.l10n.t('Google Cloud has no Files API (it is a Gemini API service), so a file too large to send inline cannot be attached there. Attach a smaller file or a part of it, or set {0} to geminiApi for this file.', 'geminiInteractions.backend'));
    }
    const api = await this.api();
    const { scope } = await this.clientConfig(false);
    return { api, scope };
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
  private allowWorkspaceEndpoint(url: string, ask: boolean): Promise<boolean> {
    return this.allowOnce(ALLOWED_ENDPOINTS_KEY, url, ask, () => this.ask(
      vscode.l10n.t('This workspace\'s settings send Gemini requests, with your API key, to {0}.', url),
      vscode.l10n.t('{0} is set in this workspace\'s settings, not in yours. Allow it only for a proxy or emulator you trust.', 'geminiInteractions.apiBaseUrl'),
      vscode.l10n.t('Allow for This Workspace'),
    ), `the workspace's API endpoint ${url} was allowed`);
  }

  /** Asks once per workspace and project before requests go to a Google Cloud project chosen by the workspace's settings. */
  private allowWorkspaceProject(project: string, ask: boolean): Promise<boolean> {
    return this.allowOnce(ALLOWED_PROJECTS_KEY, project, ask, () => this.ask(
      vscode.l10n.t('This workspace\'s settings send your Gemini requests, with your code, to the Google Cloud project {0}.', project || '?'),
      vscode.l10n.t('{0} and {1} are set in this workspace\'s settings, not in yours. The project decides where your code is sent and who pays for the requests. Allow it only if you trust this repository and the project.', 'geminiInteractions.backend', 'geminiInteractions.googleCloud.project'),
      vscode.l10n.t('Allow for This Workspace'),
    ), `the workspace's Google Cloud project ${project} was allowed`);
  }

  /** Allowed before, or (`ask`) allowed now; one open question per value. */
  private allowOnce(stateKey: string, value: string, ask: boolean, question: () => Thenable<string | undefined>, logLine: string): Promise<boolean> {
    if ((this.workspaceState.get<string[]>(stateKey) ?? []).includes(value)) return Promise.resolve(true);
    if (!ask) return Promise.resolve(false);
    const id = `${stateKey}\n${value}`;
    let asking = this.questions.get(id);
    if (!asking) {
      asking = (async () => {
        if (!(await question())) return false;
        const allowed = this.workspaceState.get<string[]>(stateKey) ?? [];
        await this.workspaceState.update(stateKey, [...allowed, value]);
        this.log.info(logLine);
        return true;
      })().finally(() => this.questions.delete(id));
      this.questions.set(id, asking);
    }
    return asking;
  }
}

/** A name for the API project an upload belongs to, without the key in it. */
export function uploadScope(...parts: (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
