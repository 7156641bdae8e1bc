// What a model can take and give, as VS Code's model picker needs it: token limits, tool calling, image input
// and the display name, from the model's row in modelFacts.ts. An unknown id gets conservative limits.
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
  const caps = modelCapabilities(model);
  return {
    maxInputTokens: f?.contextWindow ?? UNKNOWN_MODEL.nativeInputTokens,
    maxOutputTokens: f?.outputLimit ?? UNKNOWN_MODEL.nativeOutputTokens,
    toolCalling: caps.functionTools,
    imageInput: caps.imageInput,
  };
}

/** The facts' display name ("Gemini 3.5 Flash-Lite"), or the id with its words capitalised for an unknown one. */
export function modelDisplayName(model: string): string {
  return modelFact(model)?.displayName ?? model.split('-').map((w) => (/^\d/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}
