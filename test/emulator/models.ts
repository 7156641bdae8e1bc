// What the live service does with a model or agent id, from the emulator's own cited facts (facts.ts, never the
// product's tables, so a wrong product table fails against it): routed ids are answered by the serving model
// under its rules and its name; retired agents and unknown agents are 404; a thinking level or tool the model
// does not take is a 400 with the live message; a paid-tier-only model is refused for the free-tier key.
import { HttpError, invalidRequest, rpcError } from './errors';
import { AGENT_FACTS, FREE_TIER_KEY, MODEL_FACTS, PAID_TIER_MESSAGE, type ServedModel } from './facts';
import type { CreateRequest } from './validate';
import type { JsonObject } from './types';

/**
 * What the 2.5 ids (retired after 2026-12-01) get: 'route' (default, as Google documents: answered by the
 * serving model), or 404 / 503, as some proxies answer (§8 item 23).
 */
export type RetiredAnswer = 'route' | 404 | 503;

/**
 * A capability Google withdrew from a served model after the facts were read: a tool type, or an input kind
 * (`image`, `audio`, `video`, `document`). Google changes models every few weeks (INTERACTIONS-API.md "What
 * changed"); this plays such a change, with the live wording, so a client's memory of refusals can be tested.
 */
export interface Withdrawal {
  model: string;
  tool?: string;
  input?: string;
}

export interface ModelRules {
  retiredAnswer: RetiredAnswer;
  withdrawn?: Withdrawal[];
}

/** Ids the table knows (served, aliases and routed). */
export const KNOWN_MODELS = Object.keys(MODEL_FACTS);

/** Routed ids and the model that answers them. */
export const ROUTED_MODELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(MODEL_FACTS).flatMap(([id, f]) => (f.state === 'routed' ? [[id, f.to]] : [])));

/** The served row an id resolves to (routed ids: the serving model's), or undefined for ids outside the table. */
export function servedFact(id: string): { id: string; fact: ServedModel } | undefined {
  let cur = id;
  for (let hops = 0; hops < 4; hops++) {
    const f = MODEL_FACTS[cur];
    if (!f) return undefined;
    if (f.state === 'served') return { id: cur, fact: f };
    cur = f.to;
  }
  return undefined;
}

/**
 * Checks a create against the model's or agent's rules and returns the id that answers (echoed in `model`):
 * the serving id for a routed one. Ids outside the table (tests use ids like `m`) are served with every
 * capability: the emulator is strict about the models it knows.
 */
export function checkModel(req: CreateRequest, apiVersion: string, rules: ModelRules, apiKey?: string): string | undefined {
  if (req.agent !== undefined) {
    const a = AGENT_FACTS[req.agent];
    if (!a || a.state === 'retired') throw agentNotFound(req.agent);
    return undefined;
  }
  const model = req.model;
  if (model === undefined) return undefined;
  const row = MODEL_FACTS[model];
  if (row?.state === 'routed' && row.retired && rules.retiredAnswer !== 'route') {
    if (rules.retiredAnswer === 503) throw rpcError(503, 'The model is overloaded. Please try again later.', undefined, {}, 'UNAVAILABLE');
    throw modelNotFound(model, apiVersion);
  }
  const served = servedFact(model);
  if (!served) return model;
  const info = served.fact;
  if (info.paidOnly && apiKey === FREE_TIER_KEY) throw rpcError(403, PAID_TIER_MESSAGE(served.id), undefined, {}, 'PERMISSION_DENIED');
  const gc = (req.generation_config ?? {}) as JsonObject;
  if (gc.thinking_level !== undefined) {
    if (!info.levels.length) throw invalidRequest(`thinking_level is not supported for model ${served.id}.`);
    if (!(info.levels as readonly string[]).includes(String(gc.thinking_level))) throw invalidRequest(`'${String(gc.thinking_level)}' is not a supported thinking level.`);
  }
  for (const [i, t] of (req.tools ?? []).entries()) {
    const withdrawn = rules.withdrawn?.some((w) => w.model === served.id && w.tool === String(t.type));
    if (!info.tools.includes(String(t.type)) || withdrawn) throw invalidRequest(`Tool type '${String(t.type)}' at 'tools[${i}]' is not supported by model ${served.id}.`);
  }
  for (const w of rules.withdrawn ?? []) {
    if (w.model !== served.id || !w.input || !inputKinds(req.input).has(w.input)) continue;
    // [INF] The wording of generateContent's refusal of a modality a model does not take ("Image input modality is
    // not enabled for models/…", reported for Gemma models); the Interactions API's own was not captured.
    throw invalidRequest(`${w.input.charAt(0).toUpperCase()}${w.input.slice(1)} input modality is not enabled for models/${served.id}`);
  }
  return served.id;
}

/** The content types of an input: a string, content blocks, or steps whose `content` holds blocks. */
function inputKinds(input: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) { v.forEach(visit); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as JsonObject;
    if (typeof o.type === 'string') out.add(o.type);
    if (Array.isArray(o.content)) o.content.forEach(visit);
  };
  visit(input);
  return out;
}

function modelNotFound(model: string, apiVersion: string): HttpError {
  return rpcError(404, `models/${model} is not found for API version ${apiVersion}, or is not supported for interactions. Call ListModels to see the list of available models and their supported methods.`, undefined, {}, 'NOT_FOUND');
}

/** Live text not captured [INF]: the interaction service's not_found shape, naming the agent. */
function agentNotFound(agent: string): HttpError {
  return rpcError(404, `agents/${agent} is not found or is no longer available.`, undefined, {}, 'NOT_FOUND');
}

// ── GET /{version}/models and /{version}/models/{id} (ModelService, what `ai.models.list()` / `.get()` call) ──
// Live shape (ai.google.dev/api/models): {models:[Model], nextPageToken}; Model = {name:'models/<id>',
// baseModelId?, version, displayName, description, inputTokenLimit, outputTokenLimit,
// supportedGenerationMethods, temperature, maxTemperature, topP, topK, thinking}. pageSize defaults to
// 50, at most 1000. Routed ids (retired ones included) are absent from the list, and `GET models/<id>`
// answers with the model that serves them (its `name` differs from the one asked for); with the
// retired-ids switch on 404/503, `GET models/<id>` of a retired id is a 404.

export function modelResource(id: string): JsonObject {
  const info = (MODEL_FACTS[id] as ServedModel);
  const isImage = id.includes('image') || id.includes('banana');
  const version = /preview/.test(id) ? `${id.replace(/^gemini-/, '')}` : '001';
  return {
    name: `models/${id}`,
    ...(info.aliasOf ? {} : { baseModelId: id }),
    version,
    displayName: info.displayName,
    description: isImage ? `${info.displayName}: image generation and editing.` : `${info.displayName}: fast, multimodal, agentic.`,
    inputTokenLimit: info.inputTokenLimit,
    outputTokenLimit: info.outputTokenLimit,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: info.levels.length > 0,
  };
}

/** The listed models: the served rows (aliases included), never a routed id. */
function listedIds(): string[] {
  return KNOWN_MODELS.filter((id) => MODEL_FACTS[id]!.state === 'served');
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

export function getModel(id: string, rules: ModelRules): JsonObject {
  const row = MODEL_FACTS[id];
  const served = servedFact(id);
  if (!served || (row?.state === 'routed' && row.retired && rules.retiredAnswer !== 'route')) {
    throw rpcError(404, `models/${id} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
  }
  return modelResource(served.id);
}
