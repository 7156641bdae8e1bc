// Host side of the models catalogue: lists the models for the current key or Google Cloud project (through the
// client, on demand: the picker, Set API Key, the retired-model check), keeps the list in globalState a day under a
// SHA-256 of the key or project (never the key), and asks `models.get` about configured ids the list lacks.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ClientConfig, ListedModel } from '../../core/gemini/client';
import { classifyError } from '../../core/gemini/errors';
import { cachedModels, resolveGet, type CachedModels, type Resolution } from '../../core/models/catalogue';
import { useListedModels } from '../../core/models/listedModels';
import type { CommandHandlers } from '../panel/router';

export const MODELS_CACHE_KEY = 'geminiInteractions.modelsCache';

export const keyHash = (key: string): string => createHash('sha256').update(key).digest('hex');

export class ModelCatalogueHost {
  private inflight: Promise<ListedModel[] | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly target: () => Promise<{ cacheKey: string; config: ClientConfig } | undefined>, private readonly log: { warn(m: string): void }) {}

  /** The cached list for the current key or project, without any request (undefined: none, or older than a day). */
  async cached(): Promise<ListedModel[] | undefined> {
    const key = (await this.target())?.cacheKey;
    const hit = key ? cachedModels(this.state.get<CachedModels>(MODELS_CACHE_KEY), keyHash(key), Date.now()) : undefined;
    // Request building and VS Code's model picker read what the API said (core/models/listedModels.ts).
    if (hit) useListedModels(hit);
    return hit;
  }

  /** Set API Key listed them already: keep them (no second call). */
  async store(key: string, models: ListedModel[]): Promise<void> {
    await this.state.update(MODELS_CACHE_KEY, { keyHash: keyHash(key), fetchedAt: Date.now(), models } satisfies CachedModels);
    useListedModels(models);
    this.changed.fire();
  }

  /** The list for the current key: cached, else one listing; undefined when there is no key or it failed (fallback). */
  async listed(): Promise<ListedModel[] | undefined> {
    const hit = await this.cached();
    if (hit) return hit;
    return (this.inflight ??= this.fetch().finally(() => { this.inflight = undefined; }));
  }

  private async api(): Promise<{ key: string; api: import('../../core/gemini/client').ModelsApi } | undefined> {
    // The key goes to a workspace-chosen endpoint or project only after the chat's own consent question.
    const target = await this.target();
    if (!target) return undefined;
    const { createModelsApi } = await import('../../core/gemini/client');
    return { key: target.cacheKey, api: await createModelsApi(target.config) };
  }

  private async fetch(): Promise<ListedModel[] | undefined> {
    try {
      const c = await this.api();
      if (!c) return undefined;
      const models = await c.api.listModels(AbortSignal.timeout(15_000));
      await this.store(c.key, models);
      return models;
    } catch (e) {
      this.log.warn(`models.list failed (the static model list is used): ${classifyError(e).message}`);
      return undefined;
    }
  }

  /** What each unlisted id has become (retired: 404; rerouted: served by another model); other errors: unknown, skipped. */
  async resolve(ids: string[]): Promise<Resolution[]> {
    const c = await this.api();
    if (!c) return [];
    const out: Resolution[] = [];
    for (const id of ids) {
      try {
        const r = resolveGet(id, { servedBy: (await c.api.getModel(id, AbortSignal.timeout(15_000))).id });
        if (r) out.push(r);
      } catch (e) {
        const kind = classifyError(e).kind;
        if (kind === 'modelNotFound' || kind === 'notFound') out.push({ id, kind: 'retired' });
        else this.log.warn(`models.get ${id} failed: ${classifyError(e).message}`);
      }
    }
    return out;
  }
}

/** The model picker was opened: list the key's models (answered by the next state, once the list arrives). */
export function modelHandlers(catalogue: Pick<ModelCatalogueHost, 'listed'>): Pick<CommandHandlers, 'listModels'> {
  return { listModels: () => { void catalogue.listed(); } };
}
