// The emulator's own per-model table (kept apart from the product's src/core/models.ts on purpose, so a
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
