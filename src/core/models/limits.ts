// What a model can take and give, as VS Code's model picker needs it: tool calling and image input from the
// core's per-model capability table (src/core/models/models.ts), token limits by kind of model.
import { modelCapabilities } from './models';

export interface ModelLimits {
  maxInputTokens: number;
  maxOutputTokens: number;
  toolCalling: boolean;
  imageInput: boolean;
}

/** Gemini 2.5 and 3.x text models: 1M-token context, 64K output, function calling, image input. */
const TEXT_MODEL: ModelLimits = { maxInputTokens: 1_048_576, maxOutputTokens: 65_536, toolCalling: true, imageInput: true };
/** Image-generation models have a small context and no function calling. */
const IMAGE_MODEL: ModelLimits = { maxInputTokens: 65_536, maxOutputTokens: 32_768, toolCalling: false, imageInput: true };

export function modelLimits(model: string): ModelLimits {
  const id = model.toLowerCase();
  const caps = modelCapabilities(model);
  const base = /-image\b|image-/.test(id) || caps.imageOutput ? IMAGE_MODEL : TEXT_MODEL;
  return { ...base, toolCalling: caps.functionTools, imageInput: caps.imageInput };
}

/** "gemini-3.5-flash" → "Gemini 3.5 Flash"; ids stay recognisable, only the casing changes. */
export function modelDisplayName(model: string): string {
  return model.split('-').map((w) => (/^\d/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}
