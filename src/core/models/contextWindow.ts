// How many input tokens each model takes (its context window), for the panel header's meter. The API's
// own figure (`inputTokenLimit` from models.list) wins when the caller has it; the fallback is the model's
// row in modelFacts.ts (Google's published input token limits). Unknown ids get no figure: the meter then
// shows tokens only.

import type { Usage } from '../conversation/types';
import { modelFact } from './modelFacts';

/** The model's input token limit: `listed` (the API's `inputTokenLimit`) when it is a positive number, else the facts'. */
export function contextWindow(model: string, listed?: number): number | undefined {
  if (typeof listed === 'number' && Number.isFinite(listed) && listed > 0) return Math.floor(listed);
  return modelFact(model)?.contextWindow;
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
