// Which models the extension offers and what each one accepts. The live service rejects a request that
// asks a model for something it does not take (e.g. 400 "'minimal' is not a supported thinking level"), so
// requests are shaped from this table. Unknown ids get permissive defaults: the table may lag behind the
// service, and the one rejection we can recover from (an unsupported thinking level) is retried without it.

export type ThinkingLevel = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export const THINKING_LEVELS: readonly ThinkingLevel[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];

export type BuiltInTool = 'google_search' | 'url_context' | 'code_execution' | 'google_maps' | 'file_search';

export interface ModelCapabilities {
  /** Takes `thinking_level` / `thinking_summaries` at all (older models reject them outright). */
  thinking: boolean;
  /** The `thinking_level` values it accepts (empty when `thinking` is false). */
  thinkingLevels: readonly ThinkingLevel[];
  /** Google's server-side tools it takes. */
  builtInTools: readonly BuiltInTool[];
  /** Client function tools and MCP servers. */
  functionTools: boolean;
  imageInput: boolean;
  imageOutput: boolean;
}

export const DEFAULT_MODEL = 'gemini-3.8-flash';
/** The default `geminiInteractions.models` (the current Flash line, newest first, and the current Pro). */
export const DEFAULT_MODELS: readonly string[] = ['gemini-3.8-flash', 'gemini-3.7-flash', 'gemini-3.6-flash', 'gemini-3.5-flash-lite', 'gemini-3.1-pro-preview'];

/** Retired ids (2026-12-01) and what replaces them. */
export const RETIRED_MODELS: Readonly<Record<string, string>> = {
  'gemini-2.5-pro': 'gemini-3.1-pro-preview',
  'gemini-2.5-flash': 'gemini-3.8-flash',
};

const ALL_TOOLS: readonly BuiltInTool[] = ['google_search', 'url_context', 'code_execution', 'google_maps', 'file_search'];
const FLASH_LEVELS: readonly ThinkingLevel[] = ['minimal', 'low', 'medium', 'high'];

const chat = (thinkingLevels: readonly ThinkingLevel[]): ModelCapabilities => ({
  thinking: thinkingLevels.length > 0, thinkingLevels, builtInTools: ALL_TOOLS, functionTools: true, imageInput: true, imageOutput: false,
});
const image = (thinkingLevels: readonly ThinkingLevel[], builtInTools: readonly BuiltInTool[]): ModelCapabilities => ({
  thinking: thinkingLevels.length > 0, thinkingLevels, builtInTools, functionTools: false, imageInput: true, imageOutput: true,
});

const TABLE: Readonly<Record<string, ModelCapabilities>> = {
  // low/medium/high only [DOC Vertex 3.8 Flash guide]; 3.7 Flash is routed to 3.8 Flash.
  'gemini-3.8-flash': chat(['low', 'medium', 'high']),
  'gemini-3.7-flash': chat(['low', 'medium', 'high']),
  'gemini-3.6-flash': chat(FLASH_LEVELS),
  'gemini-3.5-flash': chat(FLASH_LEVELS),
  'gemini-3.5-flash-lite': chat(FLASH_LEVELS),
  'gemini-3-flash-preview': chat(FLASH_LEVELS),
  'gemini-3.1-flash-lite': chat(FLASH_LEVELS),
  // Pro does not take 'minimal' (the live 400 that started this table).
  'gemini-3.1-pro-preview': chat(['low', 'medium', 'high']),
  // 2.5-era models have a token budget instead and reject thinking_level.
  'gemini-2.5-flash-lite': chat([]),
  'gemini-3.1-flash-image': image(['minimal', 'high'], ['google_search']),
  'gemini-3-pro-image': image(['low', 'high'], ['google_search']),
  'gemini-2.5-flash-image': image([], []),
};

/** Unknown (newer, aliased, custom) ids: send what the user asked for and let the service decide. */
const UNKNOWN: ModelCapabilities = chat(THINKING_LEVELS);

export function modelCapabilities(model: string): ModelCapabilities {
  return TABLE[model] ?? UNKNOWN;
}

export function isKnownModel(model: string): boolean {
  return model in TABLE;
}

const staticReplacement = (model: string): string | undefined => retiredReplacement(model);

export function retiredReplacement(model: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(RETIRED_MODELS, model) ? RETIRED_MODELS[model] : undefined;
}

/** One place a retired id is set: a settings scope and the key (`model` or `models`). */
export interface RetiredSetting {
  key: 'model' | 'models';
  scope: string;
  retired: string[];
  /** The value to write back: the replacement id, or the list with replacements (deduplicated). */
  fixed: string | string[];
}

/**
 * Finds retired ids in the values of `model` and `models` per settings scope (the `inspect()` values
 * VS Code gives, keyed by scope name). Pure, so the notice's quick fix is unit-tested.
 */
export function findRetiredSettings(values: { key: 'model' | 'models'; scope: string; value: unknown }[],
  /** What replaces an id (undefined = current); by default the static table, or what the API said. */
  retiredReplacement: (id: string) => string | undefined = staticReplacement): RetiredSetting[] {
  const out: RetiredSetting[] = [];
  for (const { key, scope, value } of values) {
    if (key === 'model' && typeof value === 'string') {
      const to = retiredReplacement(value);
      if (to) out.push({ key, scope, retired: [value], fixed: to });
    }
    if (key === 'models' && Array.isArray(value)) {
      const retired = value.filter((m): m is string => typeof m === 'string' && retiredReplacement(m) !== undefined);
      if (!retired.length) continue;
      const fixed: string[] = [];
      for (const m of value) {
        const v = typeof m === 'string' ? retiredReplacement(m) ?? m : m;
        if (!fixed.includes(v)) fixed.push(v);
      }
      out.push({ key, scope, retired, fixed });
    }
  }
  return out;
}

/** The retired ids to tell the user about: those found that the notice has not named before (empty = no notice). */
export function retiredToAnnounce(found: RetiredSetting[], alreadyShown: readonly string[]): string[] {
  const ids = [...new Set(found.flatMap((f) => f.retired))].sort();
  return ids.some((id) => !alreadyShown.includes(id)) ? ids : [];
}
