// Which models the extension offers and what each one accepts, read from the one table of model facts
// (modelFacts.ts, each row with its evidence). The live service rejects a request that asks a model for
// something it does not take (e.g. 400 "'minimal' is not a supported thinking level"), so requests are shaped
// from it; a routed id takes the rules of the model that serves it. Unknown ids get conservative defaults:
// nothing is claimed for them, the user's own choices are sent, and a refused thinking level is learned.
import { listedModel } from './listedModels';
import { MODEL_FACTS, modelFact, servingModel, THINKING_LEVELS, type BuiltInTool, type ModelFact, type ThinkingLevel } from './modelFacts';

export { THINKING_LEVELS, type BuiltInTool, type ThinkingLevel };

export interface ModelCapabilities {
  /** False for an id without a row in modelFacts.ts (the "unknown model" defaults below). */
  known: boolean;
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
/**
 * The default `geminiInteractions.models`: the current Flash line, newest first, and the current Pro. No routed
 * id (3.7 Flash has been answered by 3.8 Flash since 2026-10-08): a test checks it against the facts.
 */
export const DEFAULT_MODELS: readonly string[] = ['gemini-3.8-flash', 'gemini-3.6-flash', 'gemini-3.5-flash-lite', 'gemini-3.1-pro-preview'];

/** Retired ids and what the notice offers instead (from the facts). */
export const RETIRED_MODELS: Readonly<Record<string, string>> = Object.fromEntries(
  MODEL_FACTS.filter((f) => f.retiredOn && f.replacement).map((f) => [f.id, f.replacement!]));

function capabilitiesOf(f: ModelFact): ModelCapabilities {
  return {
    known: true, thinking: f.thinkingLevels.length > 0, thinkingLevels: f.thinkingLevels, builtInTools: f.builtInTools,
    functionTools: f.functionTools, imageInput: f.inputKinds.includes('image'), imageOutput: f.imageOutput,
  };
}

/**
 * Unknown (newer, aliased, custom) ids: the user's thinking level is passed through (never one by default;
 * a refusal is learned), the configured tools are sent and the API says if one is refused.
 */
const UNKNOWN: ModelCapabilities = {
  known: false, thinking: true, thinkingLevels: THINKING_LEVELS,
  builtInTools: ['google_search', 'url_context', 'code_execution', 'google_maps', 'file_search'], functionTools: true, imageInput: true, imageOutput: false,
};

/**
 * What a model takes: its row's, or for a routed id the serving model's (Google applies those). When the key's
 * models.list says the model does not think, no thinking level or summary is sent, whatever the row says. (A
 * listed `thinking: true` adds nothing: 2.5-era models think with a budget and still reject thinking_level.)
 */
export function modelCapabilities(model: string): ModelCapabilities {
  const f = modelFact(servingModel(model)) ?? modelFact(model);
  const caps = f ? capabilitiesOf(f) : UNKNOWN;
  return listedModel(model)?.thinking === false ? { ...caps, thinking: false, thinkingLevels: [] } : caps;
}

export function isKnownModel(model: string): boolean {
  return modelFact(model) !== undefined;
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
