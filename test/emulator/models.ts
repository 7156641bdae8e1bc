// The emulator's own per-model table (kept apart from the product's src/core/models/models.ts on purpose, so a
// wrong product table fails against it). What the live service does with a model that does not take a
// setting: retired ids are gone (404), an unsupported thinking level is a 400 with the live message, older
// models reject thinking_level outright, image models take only some (or no) tools.
import { HttpError, invalidRequest, rpcError } from './errors';
import type { CreateRequest } from './validate';
import type { JsonObject } from './types';

interface ModelInfo {
  /** Accepted thinking_level values; [] = the model rejects thinking_level. */
  levels: string[];
  /** Tool types it takes. */
  tools: string[];
}

const FLASH = ['minimal', 'low', 'medium', 'high'];
const ALL_TOOLS = ['function', 'mcp_server', 'google_search', 'url_context', 'code_execution', 'google_maps', 'file_search', 'computer_use'];

const MODELS: Record<string, ModelInfo> = {
  'gemini-3.8-flash': { levels: [...FLASH, 'xhigh'], tools: ALL_TOOLS },
  'gemini-3.7-flash': { levels: FLASH, tools: ALL_TOOLS },
  'gemini-3.6-flash': { levels: FLASH, tools: ALL_TOOLS },
  'gemini-3.5-flash': { levels: FLASH, tools: ALL_TOOLS },
  'gemini-3.5-flash-lite': { levels: FLASH, tools: ALL_TOOLS },
  'gemini-3-flash-preview': { levels: FLASH, tools: ALL_TOOLS },
  'gemini-3.1-flash-lite': { levels: FLASH, tools: ALL_TOOLS },
  'gemini-3.1-pro-preview': { levels: ['low', 'medium', 'high', 'xhigh'], tools: ALL_TOOLS },
  'gemini-2.5-flash-lite': { levels: [], tools: ALL_TOOLS },
  'gemini-3.1-flash-image': { levels: ['minimal', 'high'], tools: ['google_search'] },
  'gemini-3-pro-image': { levels: ['low', 'high'], tools: ['google_search'] },
  'gemini-2.5-flash-image': { levels: [], tools: [] },
  // The -latest aliases (typed in the SDK) point at the current Flash and Pro.
  'gemini-flash-latest': { levels: [...FLASH, 'xhigh'], tools: ALL_TOOLS },
  'gemini-pro-latest': { levels: ['low', 'medium', 'high', 'xhigh'], tools: ALL_TOOLS },
};

/** Retired 2026-12-01. */
export const RETIRED_MODELS = new Set(['gemini-2.5-pro', 'gemini-2.5-flash']);

export const KNOWN_MODELS = Object.keys(MODELS);

/**
 * Rejects what the model does not take. Ids outside the table (tests use ids like `m`) are served with
 * every capability: the emulator is strict about the models it knows.
 */
export function checkModel(req: CreateRequest, apiVersion: string): void {
  const model = req.model;
  if (model === undefined) return;
  if (RETIRED_MODELS.has(model)) throw modelNotFound(model, apiVersion);
  const info = MODELS[model];
  if (!info) return;
  const gc = (req.generation_config ?? {}) as JsonObject;
  if (gc.thinking_level !== undefined) {
    if (!info.levels.length) throw invalidRequest(`thinking_level is not supported for model ${model}.`);
    if (!info.levels.includes(String(gc.thinking_level))) throw invalidRequest(`'${String(gc.thinking_level)}' is not a supported thinking level.`);
  }
  for (const [i, t] of (req.tools ?? []).entries()) {
    if (!info.tools.includes(String(t.type))) throw invalidRequest(`Tool type '${String(t.type)}' at 'tools[${i}]' is not supported by model ${model}.`);
  }
}

function modelNotFound(model: string, apiVersion: string): HttpError {
  return rpcError(404, `models/${model} is not found for API version ${apiVersion}, or is not supported for interactions. Call ListModels to see the list of available models and their supported methods.`, undefined, {}, 'NOT_FOUND');
}

// ── GET /{version}/models and /{version}/models/{id} (ModelService, what `ai.models.list()` / `.get()` call) ──
// Live shape (ai.google.dev/api/models): {models:[Model], nextPageToken}; Model = {name:'models/<id>',
// baseModelId?, version, displayName, description, inputTokenLimit, outputTokenLimit,
// supportedGenerationMethods, temperature, maxTemperature, topP, topK, thinking}. pageSize defaults to
// 50, at most 1000. Retired ids are absent from the list and `GET models/<id>` answers 404 for them;
// a rerouted id is absent from the list too, and `GET models/<id>` answers with the model that serves it
// (its `name` differs from the one asked for), as the live service does for a preview id moved to GA.

/** Preview ids the emulator reroutes to the model that now serves them. */
export const REROUTED_MODELS: Readonly<Record<string, string>> = { 'gemini-3-flash-preview': 'gemini-3.8-flash' };

const DISPLAY: Record<string, string> = {
  'gemini-flash-latest': 'Gemini Flash Latest',
  'gemini-pro-latest': 'Gemini Pro Latest',
};

function displayName(id: string): string {
  if (DISPLAY[id]) return DISPLAY[id];
  // gemini-3.8-flash → Gemini 3.8 Flash; -preview → Preview; -lite → Lite.
  return id.split('-').map((w) => (/^\d/.test(w) ? w : w[0]!.toUpperCase() + w.slice(1))).join(' ');
}

export function modelResource(id: string): JsonObject {
  const info = MODELS[id]!;
  const isImage = id.includes('image');
  const version = /preview/.test(id) ? `${id.replace(/^gemini-/, '')}` : '001';
  return {
    name: `models/${id}`,
    ...(id.endsWith('-latest') ? {} : { baseModelId: id }),
    version,
    displayName: displayName(id),
    description: isImage ? `${displayName(id)}: image generation and editing.` : `${displayName(id)}: fast, multimodal, agentic.`,
    inputTokenLimit: isImage ? 65536 : 1048576,
    outputTokenLimit: isImage ? 32768 : 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: info.levels.length > 0,
  };
}

/** The listed models: the table minus the rerouted preview ids (retired ids are not in the table). */
function listedIds(): string[] {
  return KNOWN_MODELS.filter((id) => !(id in REROUTED_MODELS));
}

export function listModels(pageSizeRaw: string | null, pageToken: string | null): JsonObject {
  const pageSize = pageSizeRaw === null ? 50 : Number(pageSizeRaw);
  if (!Number.isInteger(pageSize) || pageSize < 0) throw rpcError(400, `Invalid value at 'page_size' (TYPE_INT32), "${pageSizeRaw}"`);
  const size = Math.min(pageSize || 50, 1000);
  const ids = listedIds();
  let start = 0;
  if (pageToken !== null && pageToken !== '') {
    start = ids.indexOf(Buffer.from(pageToken, 'base64url').toString());
    if (start < 0) throw rpcError(400, 'Invalid page token.');
  }
  const page = ids.slice(start, start + size);
  const next = ids[start + size];
  return { models: page.map(modelResource), ...(next ? { nextPageToken: Buffer.from(next).toString('base64url') } : {}) };
}

export function getModel(id: string): JsonObject {
  const served = REROUTED_MODELS[id] ?? id;
  if (RETIRED_MODELS.has(id) || !MODELS[served]) throw rpcError(404, `models/${id} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
  return modelResource(served);
}
