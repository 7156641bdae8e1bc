// The models catalogue: what `models.list` said for this key (cached a day, per key hash), merged with the
// static table (src/core/models/models.ts), which is only the fallback when there is no key or listing failed.
// It also decides what a configured id that the list lacks has become (retired → 404, rerouted → served
// by another model) and which current id replaces it. Pure: the host does the calls and the storage.
import type { ListedModel } from '../gemini/client';
import { DEFAULT_MODEL, DEFAULT_MODELS, modelCapabilities, retiredReplacement } from './models';

export const CATALOGUE_TTL_MS = 24 * 60 * 60 * 1000;

/** What the host keeps in globalState: never the key, only a SHA-256 of it (hex). */
export interface CachedModels {
  keyHash: string;
  fetchedAt: number;
  models: ListedModel[];
}

/** The cached list when it is this key's and less than a day old; undefined = list again. */
export function cachedModels(cache: CachedModels | undefined, keyHash: string, now: number): ListedModel[] | undefined {
  if (!cache || cache.keyHash !== keyHash || !Array.isArray(cache.models)) return undefined;
  if (!(now - cache.fetchedAt >= 0 && now - cache.fetchedAt < CATALOGUE_TTL_MS)) return undefined;
  return cache.models;
}

export interface CatalogueEntry {
  id: string;
  displayName: string;
  /** Client function tools / MCP (what the tool toggles and agentic mode need). */
  tools: boolean;
  images: boolean;
  thinking: boolean;
  inputTokenLimit?: number;
  /** 'configured' = in the user's list; 'api' = offered by the key's list only. */
  group: 'configured' | 'api';
}

/** Chat models of the list: those that generate content (not embeddings, TTS-only or Imagen). */
function isChatModel(m: ListedModel): boolean {
  return m.methods.includes('generateContent') && /^gemini-/.test(m.id) && !/embedding|tts/.test(m.id);
}

function entry(id: string, listed: ListedModel | undefined, group: CatalogueEntry['group']): CatalogueEntry {
  const caps = modelCapabilities(id);
  return {
    id,
    displayName: listed?.displayName || id,
    tools: caps.functionTools,
    images: caps.imageInput,
    // The API's own flag wins over the table (which may lag behind the service).
    thinking: listed?.thinking ?? caps.thinking,
    ...(listed?.inputTokenLimit ? { inputTokenLimit: listed.inputTokenLimit } : {}),
    group,
  };
}

/**
 * The picker's entries: the configured ids first (with the list's display names), then the other chat
 * models the key can use. Without a list (no key, listing failed): the configured ids only, from the table.
 */
export function buildCatalogue(configured: readonly string[], listed: readonly ListedModel[] | undefined): CatalogueEntry[] {
  const byId = new Map((listed ?? []).map((m) => [m.id, m]));
  const out = configured.map((id) => entry(id, byId.get(id), 'configured'));
  if (!listed) return out;
  for (const m of listed) {
    if (isChatModel(m) && !configured.includes(m.id)) out.push(entry(m.id, m, 'api'));
  }
  return out;
}

/** Configured ids the list does not name: each needs a `models.get` to tell retired from rerouted. */
export function unlistedIds(configured: readonly string[], listed: readonly ListedModel[]): string[] {
  const ids = new Set(listed.map((m) => m.id));
  return [...new Set(configured)].filter((id) => !ids.has(id));
}

/** What `models.get` said for an unlisted id: 404, another model's name, or the same one (fine). */
export type Resolution = { id: string; kind: 'retired' } | { id: string; kind: 'rerouted'; to: string };

export function resolveGet(id: string, got: { notFound: true } | { servedBy: string }): Resolution | undefined {
  if ('notFound' in got) return { id, kind: 'retired' };
  return got.servedBy !== id ? { id, kind: 'rerouted', to: got.servedBy } : undefined;
}

/**
 * The current id to write instead: the serving model for a rerouted id; for a retired one, the known
 * successor when the key can use it, else the first default the list offers, else the default model.
 */
export function replacementFor(r: Resolution, listed: readonly ListedModel[]): string {
  if (r.kind === 'rerouted') return r.to;
  const ids = new Set(listed.map((m) => m.id));
  const known = retiredReplacement(r.id);
  if (known && (ids.has(known) || !ids.size)) return known;
  return DEFAULT_MODELS.find((d) => ids.has(d)) ?? DEFAULT_MODEL;
}
