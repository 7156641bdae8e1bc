// Turns a save(conversation) into the records it needs, at the moment save() is called (later edits of
// the live conversation are not part of that save). Only turns whose signature changed since the last
// plan are encoded, so a save costs O(changed turns), not O(conversation).
import type { ConversationData, ModelTurn, Turn } from '../model';
import { line, turnKey, type JournalState, type Line } from './journalState';
import { extractMedia } from './mediaRefs';

export interface SavePlan {
  /** The live conversation, to plan again from scratch if this plan cannot be applied as it is. */
  source: ConversationData;
  createdAt: number;
  /** Turn ids in order. */
  ids: string[];
  /** New lines by key: changed turns, the title and the head. */
  updates: Map<string, Line>;
  media: Map<string, Uint8Array>;
  /** True when `updates` holds every turn (then the plan can also rewrite the journal). */
  full: boolean;
}

/**
 * Cheap fingerprint of what can change in a turn. A user turn never changes; a model turn changes when it
 * finishes, is resumed or is retried, and each of those moves one of these fields.
 */
export function turnSignature(t: Turn): string {
  if (t.role === 'user') return `u|${t.at}|${t.text.length}|${t.attachments?.length ?? 0}`;
  const m = t as ModelTurn;
  return ['m', m.state, m.status, m.startedAt, m.finishedAt, m.parts.length, m.interactionIds.length, m.wire?.length,
    m.usage?.total, m.usage?.output, m.error?.message, m.notice, m.model].join('|');
}

/** `known`: signatures as of the previous plan (updated in place); undefined = encode every turn. */
export function planSave(data: ConversationData, known: Map<string, string> | undefined): SavePlan {
  const full = !known;
  const sigs = known ?? new Map<string, string>();
  const updates = new Map<string, Line>();
  const media = new Map<string, Uint8Array>();
  const ids: string[] = [];
  for (const t of data.turns) {
    ids.push(t.id);
    const sig = turnSignature(t);
    if (!full && sigs.get(t.id) === sig) continue;
    sigs.set(t.id, sig);
    const turn = extractMedia(t, media);
    const finished = t.role === 'model' && (t as ModelTurn).state !== 'streaming';
    updates.set(turnKey(t.id), line(finished ? { op: 'turnFinished', turn } : { op: 'turnStarted', turn }));
  }
  if (known && known.size > ids.length) {
    const present = new Set(ids);
    for (const id of known.keys()) if (!present.has(id)) known.delete(id);
  }
  updates.set('title', line({ op: 'title', title: data.title }));
  updates.set('head', line({ op: 'head', updatedAt: data.updatedAt, ...(data.lastInteractionId ? { lastInteractionId: data.lastInteractionId } : {}) }));
  return { source: data, createdAt: data.createdAt, ids, updates, media, full };
}

export type Diff =
  | { kind: 'append'; lines: { key: string; line: Line | undefined }[] }
  /** The journal's turn order does not match (or a turn is missing from an incremental plan). */
  | { kind: 'needsFullPlan' }
  | { kind: 'rewrite' };

/** What to append so the journal says what the plan says; `line: undefined` = the turn was removed. */
export function diffPlan(state: JournalState, plan: SavePlan): Diff {
  const wanted = new Set(plan.ids);
  const out: { key: string; line: Line | undefined }[] = [];
  const existing: string[] = [];
  for (const id of state.turnIds()) {
    if (wanted.has(id)) existing.push(id);
    else out.push({ key: turnKey(id), line: undefined });
  }
  // Turns already in the journal keep their places; new turns can only come after them.
  for (let i = 0; i < existing.length; i++) {
    if (plan.ids[i] !== existing[i]) return plan.full ? { kind: 'rewrite' } : { kind: 'needsFullPlan' };
  }
  for (let i = existing.length; i < plan.ids.length; i++) {
    if (!plan.updates.has(turnKey(plan.ids[i]))) return plan.full ? { kind: 'rewrite' } : { kind: 'needsFullPlan' };
  }
  for (const [key, l] of plan.updates) if (state.lines.get(key)?.text !== l.text) out.push({ key, line: l });
  return { kind: 'append', lines: out };
}
