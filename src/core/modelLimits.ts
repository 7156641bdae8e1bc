// What a model can take and give, as VS Code's model picker needs it. One small lookup on purpose: when
// the core gets a full per-model capability table, only this function changes.

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
  if (/-image\b|image-/.test(id)) return IMAGE_MODEL;
  return TEXT_MODEL;
}

/** "gemini-3.5-flash" → "Gemini 3.5 Flash"; ids stay recognisable, only the casing changes. */
export function modelDisplayName(model: string): string {
  return model.split('-').map((w) => (/^\d/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}
