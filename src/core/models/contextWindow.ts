// How many input tokens each model takes (its context window), for the panel header's meter. The API's
// own figure (`inputTokenLimit` from models.list) wins when the caller has it; this static table is the
// fallback and covers the ids in src/core/models/models.ts. Values are Google's published input token limits
// (ai.google.dev/gemini-api/docs/models, checked 2026-12-03): the Gemini 2.5 / 3.x text models take
// 1,048,576; the image models much less (65,536 for the Gemini 3 image models, 32,768 for 2.5 Flash Image:
// they are built for a prompt plus a few reference images, not long histories, so a chat with one fills up
// much sooner). Unknown ids get no figure: the meter then shows tokens only.

import type { Usage } from '../conversation/types';

const TEXT = 1_048_576;

const INPUT_TOKEN_LIMITS: Readonly<Record<string, number>> = {
  'gemini-3.8-flash': TEXT,
  'gemini-3.7-flash': TEXT,
  'gemini-3.6-flash': TEXT,
  'gemini-3.5-flash': TEXT,
  'gemini-3.5-flash-lite': TEXT,
  'gemini-3-flash-preview': TEXT,
  'gemini-3.1-flash-lite': TEXT,
  'gemini-3.1-pro-preview': TEXT,
  'gemini-2.5-flash-lite': TEXT,
  'gemini-2.5-pro': TEXT,
  'gemini-2.5-flash': TEXT,
  'gemini-3.1-flash-image': 65_536,
  'gemini-3-pro-image': 65_536,
  'gemini-2.5-flash-image': 32_768,
};

/** The model's input token limit: `listed` (the API's `inputTokenLimit`) when it is a positive number, else the table's. */
export function contextWindow(model: string, listed?: number): number | undefined {
  if (typeof listed === 'number' && Number.isFinite(listed) && listed > 0) return Math.floor(listed);
  return Object.prototype.hasOwnProperty.call(INPUT_TOKEN_LIMITS, model) ? INPUT_TOKEN_LIMITS[model] : undefined;
}

/** The share of the window used, as a whole percentage clamped to 0..100 (a window of 0 or less: undefined). */
export function contextPercent(used: number, window: number | undefined): number | undefined {
  if (!window || window <= 0) return undefined;
  return Math.min(100, Math.max(0, Math.round((used / window) * 100)));
}

/**
 * How much of the context a conversation uses after a turn: the input tokens (cached included) of its last
 * request, since the server holds the whole history and each request reads all of it. Output is not counted
 * until the next request reads it. Undefined without an input count.
 */
export function contextTokens(u: Usage | undefined): number | undefined {
  return u?.context ?? u?.input;
}

/** The last turn's context use in a list of turns (the newest turn with an input count). */
export function conversationContext(turns: readonly { role: string; usage?: Usage }[]): number | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const n = turns[i].role === 'model' ? contextTokens(turns[i].usage) : undefined;
    if (n !== undefined) return n;
  }
  return undefined;
}
