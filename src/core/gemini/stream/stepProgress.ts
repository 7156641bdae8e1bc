// Resume bookkeeping's data: how far into each step of an interaction the stream has got, and which part of a
// delta is new when a resumed stream replays what was already applied. The translator (streamTranslator.ts)
// moves the cursors; this file holds the slots and the arithmetic.
import type { Json } from './wireJson';

/**
 * How far into a step the stream has got, per kind of delta: characters for text-like deltas (text,
 * function arguments, signature fragments), items for the rest. Resuming after a sparse `event_id` replays
 * events the client already applied; comparing the server's position with what was applied skips them.
 */
export type Progress = Record<string, number>;

export interface StepSlot {
  raw: Json;
  /** Part indices (turn-wide) produced by this step, in order. */
  parts: number[];
  /** What has been applied to `raw` (and told to the listener). */
  applied: Progress;
  /** The server's position in this step: equal to `applied`, except while a resumed stream replays. */
  seen: Progress;
}

export interface Hop {
  id: string;
  slots: Map<number, StepSlot>;
  /** Each slot's `seen` at the last event that carried an `event_id` (where a resume starts again). */
  atCursor: Map<number, Progress>;
  /** Slots whose position changed since that event. */
  dirty: Set<number>;
}

export function newHop(id: string): Hop {
  return { id, slots: new Map(), atCursor: new Map(), dirty: new Set() };
}

/** Which progress counter a delta advances, and by how much (characters or items). */
function measure(delta: Json): { key: string; size: number } {
  switch (delta.type) {
    case 'text': return { key: 'text', size: typeof delta.text === 'string' ? delta.text.length : 0 };
    case 'arguments_delta': {
      const f = typeof delta.arguments === 'string' ? delta.arguments : typeof delta.partial_arguments === 'string' ? delta.partial_arguments : '';
      return { key: 'args', size: f.length };
    }
    case 'thought_signature': return { key: 'sig', size: typeof delta.signature === 'string' ? delta.signature.length : 0 };
    case 'text_annotation_delta': case 'text_annotation':
      return { key: 'annotations', size: Array.isArray(delta.annotations) ? delta.annotations.length : 0 };
    case 'image': case 'audio': case 'video': case 'document': return { key: 'media', size: 1 };
    case 'thought_summary': return { key: 'summary', size: 1 };
    default: return { key: `other:${String(delta.type)}`, size: 1 };
  }
}

/**
 * The part of a delta not applied yet: all of it normally; nothing, or only the tail, when a resumed
 * stream replays what was received before the cut. Advances the slot's counters.
 */
export function freshPart(slot: StepSlot, delta: Json): Json | undefined {
  const { key, size } = measure(delta);
  const seen = slot.seen[key] ?? 0;
  const applied = slot.applied[key] ?? 0;
  const skip = Math.min(Math.max(applied - seen, 0), size);
  slot.seen[key] = seen + size;
  slot.applied[key] = Math.max(applied, seen + size);
  if (size === 0) return delta;
  if (skip === size) return undefined;
  if (skip === 0) return delta;
  switch (key) {
    case 'text': return { ...delta, text: delta.text.slice(skip) };
    case 'args': return typeof delta.arguments === 'string' ? { ...delta, arguments: delta.arguments.slice(skip) } : { ...delta, partial_arguments: delta.partial_arguments.slice(skip) };
    case 'sig': return { ...delta, signature: delta.signature.slice(skip) };
    case 'annotations': return { ...delta, annotations: delta.annotations.slice(skip) };
    default: return delta;
  }
}
