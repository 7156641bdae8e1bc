// Shared shapes of the emulator. The wire format is loose JSON, so most things are plain records;
// only the parts the emulator itself reasons about get a name.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: unknown };

/** A step as it travels on the wire (`{type, ...}`); the emulator never drops unknown fields of replayed steps. */
export type Step = JsonObject & { type: string };

/** One SSE event, in the order it is (or would be) written. `event_id` is set when the event is appended to a timeline. */
export type SseEvent = JsonObject & { event_type: string; event_id?: string };

export type Status =
  | 'in_progress'
  | 'requires_action'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'incomplete'
  | 'budget_exceeded'
  | 'queued'
  | 'requires_continuation';

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'requires_action', 'completed', 'failed', 'cancelled', 'incomplete', 'budget_exceeded', 'requires_continuation',
]);

export interface Usage {
  total_input_tokens?: number;
  total_output_tokens?: number;
  total_thought_tokens?: number;
  total_cached_tokens?: number;
  total_tool_use_tokens?: number;
  total_tokens?: number;
  input_tokens_by_modality?: { modality: string; tokens: number }[];
  output_tokens_by_modality?: { modality: string; tokens: number }[];
  grounding_tool_count?: { type: string; count: number }[];
}

/** A scenario request: `{name, ...params}` (see README for the names and params). */
export interface ScenarioSpec {
  name: string;
  [param: string]: unknown;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
