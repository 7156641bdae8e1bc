// What a model can take and give, as VS Code's model picker needs it: token limits, tool calling, image input
// and the display name, from the key's models.list where it says (listedModels.ts), else the model's row in
// modelFacts.ts. An unknown id gets conservative limits.
import { listedModel } from './listedModels';
import { modelCapabilities } from './models';
import { modelFact, UNKNOWN_MODEL } from './modelFacts';

export interface ModelLimits {
  maxInputTokens: number;
  maxOutputTokens: number;
  toolCalling: boolean;
  imageInput: boolean;
}

export function modelLimits(model: string): ModelLimits {
  const f = modelFact(model);
  const l = listedModel(model);
  const caps = modelCapabilities(model);
  const positive = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined);
  return {
    maxInputTokens: positive(l?.inputTokenLimit) ?? f?.contextWindow ?? UNKNOWN_MODEL.nativeInputTokens,
    maxOutputTokens: positive(l?.outputTokenLimit) ?? f?.outputLimit ?? UNKNOWN_MODEL.nativeOutputTokens,
    toolCalling: caps.functionTools,
    imageInput: caps.imageInput,
  };
}

/** The API's display name, else the facts' ("Gemini 3.5 Flash-Lite"), else the id with its words capitalised. */
export function modelDisplayName(model: string): string {
  const l = listedModel(model);
  return (l && l.displayName !== l.id ? l.displayName : undefined) ?? modelFact(model)?.displayName ?? model.split('-').map((w) => (/^\d/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}
