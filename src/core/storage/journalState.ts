// What one conversation's journal holds, kept as the latest line per key ('title', 'head', 't:<turn id>')
// in the order turns first appeared. Replaying a parsed journal builds it; saving diffs against it, so
// only what changed is appended; compaction writes exactly these lines to a new file.
import type { ConversationData, Turn } from '../conversation/types';
import { encodeRecord, JOURNAL_VERSION, type JournalRecord, type ParsedJournal } from './journalFormat';
import { collectRefs } from './mediaRefs';

export interface Line { text: string; bytes: number }

export const turnKey = (turnId: string) => `t:${turnId}`;
const isTurnKey = (key: string) => key.startsWith('t:');

export function line(record: JournalRecord): Line {
  const text = encodeRecord(record);
  return { text, bytes: Buffer.byteLength(text) };
}

export class JournalState {
  readonly lines = new Map<string, Line>();
  header: Line | undefined;
  /** Bytes in the file (appends grow it; compaction shrinks it to liveBytes). */
  fileBytes = 0;
  /** Media referenced by the lines, by hash, with their sizes (for the size shown in the history). */
  readonly media = new Map<string, number>();
  private live = 0;

  get liveBytes(): number {
    return this.live + (this.header?.bytes ?? 0);
  }

  get deadBytes(): number {
    return Math.max(0, this.fileBytes - this.liveBytes);
  }

  get mediaBytes(): number {
    let n = 0;
    for (const b of this.media.values()) n += b;
    return n;
  }

  set(key: string, l: Line): void {
    const old = this.lines.get(key);
    this.live += l.bytes - (old?.bytes ?? 0);
    this.lines.set(key, l);
    if (!old && isTurnKey(key)) this.order?.push(key.slice(2));
  }

  remove(key: string): void {
    this.live -= this.lines.get(key)?.bytes ?? 0;
    if (this.lines.delete(key) && isTurnKey(key)) this.order = undefined;
  }

  /** Turn ids in order (cached: a save asks for them every time). */
  turnIds(): string[] {
    if (this.order) return this.order;
    const ids: string[] = [];
    for (const k of this.lines.keys()) if (isTurnKey(k)) ids.push(k.slice(2));
    this.order = ids;
    return ids;
  }
  private order: string[] | undefined;

  /** The text of a compacted journal: the header and the live lines, nothing dead. */
  compactedText(id: string, createdAt: number): string {
    this.header ??= line({ op: 'conversation', v: JOURNAL_VERSION, id, createdAt });
    let text = this.header.text;
    for (const l of this.lines.values()) text += l.text;
    return text;
  }
}

export interface Replayed {
  state: JournalState;
  /** Turns still hold media references; undefined when the journal has no records at all. */
  data: ConversationData | undefined;
  deleted: boolean;
}

export function replay(parsed: ParsedJournal, id: string): Replayed {
  const state = new JournalState();
  state.fileBytes = parsed.appendOffset;
  const turns = new Map<string, Turn>();
  let createdAt: number | undefined;
  let title = '';
  let head: { updatedAt: number; lastInteractionId?: string } | undefined;
  let deleted = false;
  for (const { record: r, line: text } of parsed.lines) {
    const l: Line = { text, bytes: Buffer.byteLength(text) };
    switch (r.op) {
      case 'conversation':
        state.header = l;
        createdAt = r.createdAt;
        break;
      case 'turnStarted':
      case 'turnFinished':
        if (!r.turn || typeof r.turn.id !== 'string') break;
        turns.set(r.turn.id, r.turn);
        state.set(turnKey(r.turn.id), l);
        collectRefs(r.turn, state.media);
        break;
      case 'turnRemoved':
        turns.delete(r.turnId);
        state.remove(turnKey(r.turnId));
        break;
      case 'title':
        title = r.title;
        state.set('title', l);
        break;
      case 'head':
        head = r;
        state.set('head', l);
        break;
      case 'deleted':
        deleted = true;
        break;
    }
  }
  if (!parsed.lines.length) return { state, data: undefined, deleted };
  const list = [...turns.values()];
  const first = list[0] as { at?: number; startedAt?: number } | undefined;
  const created = createdAt ?? first?.at ?? first?.startedAt ?? 0;
  const data: ConversationData = {
    id, title, createdAt: created, updatedAt: head?.updatedAt ?? created, turns: list,
    ...(head?.lastInteractionId ? { lastInteractionId: head.lastInteractionId } : {}),
  };
  return { state, data, deleted };
}
