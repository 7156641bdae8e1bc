// Turns a save(conversation) into the records it needs, at the moment save() is called (later edits of
// the live conversation are not part of that save). Only turns whose signature changed since the last
// plan are encoded, so a save costs O(changed turns), not O(conversation).
import type { ConversationData, ModelTurn, Turn } from '../conversation/types';
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
  /** What the next plan compares against. */
  marks: TurnMarks;
  /** Every interaction id, oldest first (for the index), collected in the same pass over the turns. */
  interactionIds: string[];
}

/**
 * What a save remembers of a turn to tell next time whether it changed, without serialising it: a user
 * turn never changes; a model turn changes when it finishes, is resumed or retried, and each of those
 * moves one of these fields (or replaces an array or object).
 */
export interface TurnMark {
  ref: Turn;
  state?: string; status?: string; finishedAt?: number; parts?: number; ids?: number; wire?: unknown; usage?: unknown;
  error?: unknown; notice?: string; model?: string; text?: string;
}

/** Marks by turn id; `byIndex` is the fast path when the turns did not move (a lookup per turn costs more). */
export interface TurnMarks { byId: Map<string, TurnMark>; byIndex: (TurnMark | undefined)[] }

export function markOf(t: Turn): TurnMark {
  if (t.role === 'user') return { ref: t, text: t.text };
  const m = t as ModelTurn;
  return { ref: t, state: m.state, status: m.status, finishedAt: m.finishedAt, parts: m.parts.length, ids: m.interactionIds.length,
    wire: m.wire, usage: m.usage, error: m.error, notice: m.notice, model: m.model };
}

function unchanged(t: Turn, k: TurnMark | undefined): boolean {
  if (!k || k.ref !== t) return false;
  if (t.role === 'user') return k.text === t.text;
  const m = t as ModelTurn;
  return k.state === m.state && k.status === m.status && k.finishedAt === m.finishedAt && k.parts === m.parts.length
    && k.ids === m.interactionIds.length && k.wire === m.wire && k.usage === m.usage && k.error === m.error
    && k.notice === m.notice && k.model === m.model;
}

export function marksOf(data: ConversationData): TurnMarks {
  const byIndex = data.turns.map(markOf);
  return { byId: new Map(byIndex.map((k) => [k.ref.id, k])), byIndex };
}

/** `known`: marks as of the previous plan (updated in place); undefined = encode every turn. */
export function planSave(data: ConversationData, known: TurnMarks | undefined): SavePlan {
  const full = !known;
  const marks: TurnMarks = known ?? { byId: new Map(), byIndex: [] };
  const updates = new Map<string, Line>();
  const media = new Map<string, Uint8Array>();
  const n = data.turns.length;
  const ids: string[] = new Array(n);
  const interactionIds: string[] = [];
  let moved = false;
  for (let i = 0; i < n; i++) {
    const t = data.turns[i];
    ids[i] = t.id;
    if (t.role === 'model') {
      const own = (t as ModelTurn).interactionIds;
      for (let j = 0; j < own.length; j++) interactionIds.push(own[j]);
    }
    if (!full) {
      const at = marks.byIndex[i];
      if (at && at.ref === t) {
        if (unchanged(t, at)) continue;
      } else {
        if (at) moved = true; // another turn sits where this index was (a new turn at the end is not a move)
        if (unchanged(t, marks.byId.get(t.id))) continue;
      }
    }
    const mark = markOf(t);
    marks.byId.set(t.id, mark);
    marks.byIndex[i] = mark;
    const turn = extractMedia(t, media);
    const finished = t.role === 'model' && (t as ModelTurn).state !== 'streaming';
    updates.set(turnKey(t.id), line(finished ? { op: 'turnFinished', turn } : { op: 'turnStarted', turn }));
  }
  // byIndex must line up with the turns again (it does, unless turns moved), and removed turns are forgotten.
  if (moved) for (let i = 0; i < n; i++) if (marks.byIndex[i]?.ref !== data.turns[i]) marks.byIndex[i] = marks.byId.get(data.turns[i].id);
  marks.byIndex.length = n;
  if (marks.byId.size > n) {
    const present = new Set(ids);
    for (const id of marks.byId.keys()) if (!present.has(id)) marks.byId.delete(id);
  }
  updates.set('title', line({ op: 'title', title: data.title }));
  updates.set('head', line({ op: 'head', updatedAt: data.updatedAt, ...(data.lastInteractionId ? { lastInteractionId: data.lastInteractionId } : {}) }));
  return { source: data, createdAt: data.createdAt, ids, updates, media, full, marks, interactionIds };
}

export type Diff =
  | { kind: 'append'; lines: { key: string; line: Line | undefined }[] }
  /** The journal's turn order does not match (or a turn is missing from an incremental plan). */
  | { kind: 'needsFullPlan' }
  | { kind: 'rewrite' };

/** What to append so the journal says what the plan says; `line: undefined` = the turn was removed. */
export function diffPlan(state: JournalState, plan: SavePlan): Diff {
  const out: { key: string; line: Line | undefined }[] = [];
  const inJournal = state.turnIds();
  let existing = inJournal;
  // Usually the journal's turns are the plan's first turns; only otherwise look for removed ones.
  if (!isPrefix(inJournal, plan.ids)) {
    const wanted = new Set(plan.ids);
    existing = [];
    for (const id of inJournal) {
      if (wanted.has(id)) existing.push(id);
      else out.push({ key: turnKey(id), line: undefined });
    }
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

function isPrefix(a: string[], b: string[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
