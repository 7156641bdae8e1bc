// Builds Interactions API request bodies from the extension's own types.
import type { InputPart, TurnSettings } from '../model';

type Json = Record<string, unknown>;

/** Wire content blocks for one user message. */
export function inputContent(parts: InputPart[]): Json[] {
  return parts.map((p) => {
    if (p.kind === 'text') return { type: 'text', text: p.text };
    const m = p.media;
    return {
      type: m.type,
      ...(m.data !== undefined ? { data: m.data } : {}),
      ...(m.uri !== undefined ? { uri: m.uri } : {}),
      ...(m.mimeType ? { mime_type: m.mimeType } : {}),
    };
  });
}

/** The `user_input` step that records a user message in stateless history. */
export function userInputStep(parts: InputPart[]): Json {
  return { type: 'user_input', content: inputContent(parts) };
}

export interface BuildRequest {
  settings: TurnSettings;
  /** The new user message (absent when the input is `steps`, e.g. function results). */
  input: InputPart[] | Json[];
  /** Continue a stored server-side chain. */
  previousInteractionId?: string;
  /** Stateless: earlier wire steps (user_input steps and output steps, verbatim). */
  history?: unknown[];
}

export function buildCreateBody(req: BuildRequest): Json {
  const { settings } = req;
  const isInputParts = req.input.length > 0 && 'kind' in (req.input[0] as object);
  const newSteps: unknown[] = isInputParts ? [userInputStep(req.input as InputPart[])] : req.input;
  let input: unknown;
  if (req.history?.length) input = [...req.history, ...newSteps];
  else if (isInputParts) input = inputContent(req.input as InputPart[]);
  else input = req.input;

  const body: Json = { model: settings.model, input };
  if (req.previousInteractionId && !req.history) body.previous_interaction_id = req.previousInteractionId;
  if (!settings.store) body.store = false;
  if (settings.systemInstruction?.trim()) body.system_instruction = settings.systemInstruction;
  const tools = buildTools(settings);
  if (tools.length) body.tools = tools;
  const gen = buildGenerationConfig(settings);
  if (gen) body.generation_config = gen;
  return body;
}

function buildTools(settings: TurnSettings): Json[] {
  const tools: Json[] = [];
  if (settings.tools.codeExecution) tools.push({ type: 'code_execution' });
  if (settings.tools.urlContext) tools.push({ type: 'url_context' });
  if (settings.tools.googleSearch) tools.push({ type: 'google_search' });
  return tools;
}

function buildGenerationConfig(settings: TurnSettings): Json | undefined {
  const g = settings.generation;
  if (!g) return undefined;
  const out: Json = {};
  if (g.temperature !== undefined) out.temperature = g.temperature;
  if (g.maxOutputTokens !== undefined) out.max_output_tokens = g.maxOutputTokens;
  if (g.thinkingLevel) out.thinking_level = g.thinkingLevel;
  if (g.thinkingSummaries !== undefined) out.thinking_summaries = g.thinkingSummaries ? 'auto' : 'none';
  return Object.keys(out).length ? out : undefined;
}

/** Rough request size, for the request-bytes benchmark and logs. */
export function bodyBytes(body: Json): number {
  return new TextEncoder().encode(JSON.stringify(body)).length;
}
