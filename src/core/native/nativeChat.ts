// VS Code's native chat owns the message history; the Interactions API owns the conversation state on
// the server. A marker in each answer (a data part the caller keeps in the assistant message) ties the
// two: the next request finds the newest marker and sends only the messages after it, with
// previous_interaction_id. Without a usable marker the whole history is sent. Pure: no `vscode` here.
import type { Media } from '../conversation/types';

/** The data part's MIME type. Vendor-specific, so no other provider mistakes it for content. */
export const MARKER_MIME = 'application/vnd.gemini-interactions.marker+json';

export interface ChainMarker {
  /** The model that produced the interaction: a chain is only continued with the same model. */
  model: string;
  interactionId: string;
  /**
   * Signatures of the answer's function calls by call id. Full-history replay needs them (the API
   * rejects a replayed `function_call` without its signature), and the native history drops them.
   */
  signatures?: Record<string, string>;
}

/** A message of the native history in our own terms (the adapter converts VS Code's parts). */
export type NativePart =
  | { kind: 'text'; text: string }
  | { kind: 'media'; media: Media }
  | { kind: 'toolCall'; callId: string; name: string; input: Record<string, unknown> }
  | { kind: 'toolResult'; callId: string; text: string; isError?: boolean }
  | { kind: 'marker'; marker: ChainMarker };

export interface NativeMessage {
  role: 'user' | 'assistant';
  parts: NativePart[];
}

export function encodeMarker(marker: ChainMarker): string {
  return JSON.stringify({ v: 1, ...marker });
}

/** Parses a marker's JSON; anything else (a foreign or damaged part) is not a marker. */
export function decodeMarker(text: string): ChainMarker | undefined {
  let v: unknown;
  try { v = JSON.parse(text); } catch { return undefined; }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (o.v !== 1 || typeof o.model !== 'string' || !o.model || typeof o.interactionId !== 'string' || !o.interactionId) return undefined;
  const signatures = o.signatures && typeof o.signatures === 'object' && !Array.isArray(o.signatures)
    ? Object.fromEntries(Object.entries(o.signatures as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : undefined;
  return { model: o.model, interactionId: o.interactionId, ...(signatures && Object.keys(signatures).length ? { signatures } : {}) };
}

/** The newest assistant message that carries a marker, and that marker. */
export function findMarker(messages: readonly NativeMessage[]): { index: number; marker: ChainMarker } | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'assistant') continue;
    const part = [...m.parts].reverse().find((p): p is Extract<NativePart, { kind: 'marker' }> => p.kind === 'marker');
    if (part) return { index: i, marker: part.marker };
  }
  return undefined;
}

export type PlanReason = 'marker' | 'noMarker' | 'otherModel' | 'unmarkedAnswer' | 'stateless' | 'nothingNew';

export interface NativePlan {
  /** Set when the chain continues: only `tail` is sent. */
  previousInteractionId?: string;
  /** The messages the server does not have yet (all of them without a chain). */
  tail: NativeMessage[];
  /** Every message, for a request without a chain and for the fallback when the server forgot the id. */
  all: NativeMessage[];
  reason: PlanReason;
}

/**
 * Which messages to send. The chain continues only from a marker of this same model, and only when
 * everything after it is new user input: an answer after the marker (from another provider) is
 * something the server never saw, so the whole history goes instead.
 */
export function planNativeRequest(messages: readonly NativeMessage[], model: string, opts: { store: boolean; anyModel?: boolean }): NativePlan {
  const all = [...messages];
  const whole = (reason: PlanReason): NativePlan => ({ tail: all, all, reason });
  if (!opts.store) return whole('stateless');
  const found = findMarker(messages);
  if (!found) return whole('noMarker');
  if (found.marker.model !== model && !opts.anyModel) return whole('otherModel');
  const tail = all.slice(found.index + 1);
  if (tail.some((m) => m.role === 'assistant')) return whole('unmarkedAnswer');
  if (!tail.some((m) => m.parts.some((p) => p.kind !== 'marker'))) return whole('nothingNew');
  return { previousInteractionId: found.marker.interactionId, tail, all, reason: 'marker' };
}

/** Every function-call signature the history's markers remember. */
export function knownSignatures(messages: readonly NativeMessage[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of messages) {
    for (const p of m.parts) {
      if (p.kind === 'marker') for (const [id, sig] of Object.entries(p.marker.signatures ?? {})) out.set(id, sig);
    }
  }
  return out;
}

// ---- token estimate ---------------------------------------------------------------------------------

/** Fixed costs of non-text parts: what a part's framing and an image cost, roughly, in Gemini tokens. */
const PART_OVERHEAD = 3;
const IMAGE_TOKENS = 258;
const MESSAGE_OVERHEAD = 4;

/**
 * A quick estimate (about 4 characters per token plus fixed costs): VS Code calls this often while it
 * fits a prompt, so it must be cheap, and a tokenizer round trip per call would not be.
 */
export function estimateTokens(input: string | NativeMessage): number {
  if (typeof input === 'string') return Math.ceil(input.length / 4);
  let n = MESSAGE_OVERHEAD;
  for (const p of input.parts) {
    switch (p.kind) {
      case 'text': n += Math.ceil(p.text.length / 4); break;
      case 'toolResult': n += PART_OVERHEAD + Math.ceil(p.text.length / 4); break;
      case 'toolCall': n += PART_OVERHEAD + Math.ceil((p.name.length + JSON.stringify(p.input).length) / 4); break;
      case 'media': n += p.media.type === 'image' ? IMAGE_TOKENS : PART_OVERHEAD + Math.ceil((p.media.data?.length ?? 0) * 3 / 4 / 4); break;
      case 'marker': break; // never sent
    }
  }
  return n;
}
