// Per-workspace persistence: a small index (conversation list, interaction ids, sizes) plus, per
// conversation, an append-only journal (`<id>.jsonl`, see storage/journalFormat.ts) and content-addressed
// media (`media/<sha256>`). A save appends only what changed; the journal is compacted in the background
// once it is mostly dead records. Conversations in the old format (`<id>.json`, rewritten whole) are
// migrated on first use. The VS Code adapter supplies the index (workspaceState) and the folder.
import type { ConversationData, ModelTurn } from '../conversation/types';
import { isDiskFull, joinPath, type StorageFs } from './fsPort';
import { encodeRecord, JOURNAL_VERSION, parseJournal } from './journalFormat';
import { JournalState, line, replay } from './journalState';
import { MediaStore } from './mediaStore';
import { collectRefs, restoreMedia, restoreMediaLazy } from './mediaRefs';
import { diffPlan, marksOf, planSave, type SavePlan, type TurnMarks } from './savePlan';
import { storageMessages } from '../l10n/storageStrings';

export interface IndexEntry {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Every interaction id of the conversation, oldest first (for restore and delete on the server). */
  interactionIds: string[];
  lastInteractionId?: string;
  /** Journal plus the media it refers to, in bytes (shown in the history). */
  sizeBytes?: number;
}

/** Where the index lives (workspaceState in VS Code). */
export interface IndexBackend {
  readIndex(): IndexEntry[] | undefined;
  writeIndex(entries: IndexEntry[]): Promise<void>;
}

export interface StoreOptions {
  /** Compact when dead bytes exceed both this (default 1 MiB)… */
  compactMinDeadBytes?: number;
  /** …and this share of the file (default 0.5). */
  compactDeadRatio?: number;
  /** Errors of background work (compaction, collecting media); they never lose data. */
  onBackgroundError?(e: Error): void;
  /** Called when a compaction starts and ends (the fault-injection test kills the process in between). */
  onCompaction?(phase: 'start' | 'end'): void;
  /**
   * Media of an opened conversation is read from its file each time it is used, not held in memory
   * (needs a StorageFs with readFileSync).
   */
  lazyMedia?: boolean;
}

/** What a load could not bring back; only the turn in flight at a crash can be in `tornBytes`. */
export interface Recovery {
  skippedRecords: number;
  tornBytes: number;
  missingMedia: number;
}

export interface OpenResult {
  data: ConversationData;
  /** Set when the journal was damaged: tell the user once (the store rewrites it clean). */
  recovered?: Recovery;
}

/** A save that did not reach the disk; `message` is what the user should read. */
export class StorageError extends Error {
  constructor(message: string, readonly diskFull: boolean, override readonly cause?: unknown) {
    super(message);
    this.name = 'StorageError';
  }
}

const OLD_FORMAT = 1;
const enc = new TextEncoder();

export class ConversationStore {
  /** Every disk operation is chained: two quick saves never interleave their writes. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The journal as written, per conversation seen in this session. */
  private readonly journals = new Map<string, JournalState>();
  /** What the last planned save saw of each turn (see planSave); dropped when a write fails. */
  private readonly planned = new Map<string, TurnMarks>();
  /** Bumped when a write fails: saves planned before that assumed it succeeded, so they plan again. */
  private readonly epochs = new Map<string, number>();
  private readonly media: MediaStore;
  /** Conversations known to be in the journal format (no old file left to migrate). */
  private readonly current = new Set<string>();
  private readonly compactMinDead: number;
  private readonly compactRatio: number;

  constructor(private readonly index: IndexBackend, private readonly fs: StorageFs, private readonly dir: string, private readonly options: StoreOptions = {}) {
    this.media = new MediaStore(fs, joinPath(dir, 'media'));
    this.compactMinDead = options.compactMinDeadBytes ?? 1024 * 1024;
    this.compactRatio = options.compactDeadRatio ?? 0.5;
  }

  list(): IndexEntry[] {
    return [...(this.index.readIndex() ?? [])].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  entry(id: string): IndexEntry | undefined {
    return this.index.readIndex()?.find((e) => e.id === id);
  }

  /** Resolves when queued work (background compaction included) is done. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** The stored transcript, or undefined when it is missing or unreadable. */
  async load(id: string): Promise<ConversationData | undefined> {
    return (await this.open(id))?.data;
  }

  /** Like load, and says what a damaged journal lost. */
  async open(id: string): Promise<OpenResult | undefined> {
    checkId(id);
    return this.enqueue(() => this.openNow(id));
  }

  /**
   * The stored turns without their media and without repairing anything (history search reads every
   * conversation once); the old format is read as is.
   */
  async loadWithoutMedia(id: string): Promise<ConversationData | undefined> {
    checkId(id);
    return this.enqueue(async () => {
      const bytes = await this.fs.readFile(this.journalPath(id));
      if (!bytes) {
        const old = await this.fs.readFile(this.oldPath(id));
        return old ? parseOldFormat(new TextDecoder().decode(old)) : undefined;
      }
      const { data, deleted } = replay(parseJournal(bytes), id);
      return deleted ? undefined : data;
    });
  }

  // async, yet planned synchronously: the snapshot is taken when save() is called.
  async save(data: ConversationData): Promise<void> {
    checkId(data.id);
    const plan = planSave(data, this.planned.get(data.id));
    this.planned.set(data.id, plan.marks);
    const entry: IndexEntry = {
      id: data.id, title: data.title, createdAt: data.createdAt, updatedAt: data.updatedAt, interactionIds: plan.interactionIds,
      ...(data.lastInteractionId ? { lastInteractionId: data.lastInteractionId } : {}),
    };
    const epoch = this.epochs.get(data.id) ?? 0;
    return this.enqueue(() => this.applySave(epoch === (this.epochs.get(data.id) ?? 0) ? plan : planSave(data, undefined), entry));
  }

  /** Removes the conversation locally and returns its interaction ids (to delete on the server). */
  async delete(id: string): Promise<string[]> {
    checkId(id);
    return this.enqueue(async () => {
      const ids = await this.deleteNow(id);
      await this.collectMedia();
      return ids;
    });
  }

  /** Removes every conversation of the workspace; returns all their interaction ids. */
  deleteAll(): Promise<string[]> {
    return this.enqueue(async () => {
      const ids: string[] = [];
      const names = new Set((this.index.readIndex() ?? []).map((e) => e.id));
      for (const f of await this.fs.readdir(this.dir)) {
        const m = /^([A-Za-z0-9_-]+)\.jsonl?$/.exec(f);
        if (m) names.add(m[1]);
      }
      for (const id of names) ids.push(...await this.deleteNow(id));
      await this.collectMedia();
      return ids;
    });
  }

  async rename(id: string, title: string): Promise<void> {
    const data = await this.load(id);
    if (data) {
      data.title = title;
      await this.save(data);
      return;
    }
    // No local transcript (it can still be restored from the server): rename the index entry.
    await this.enqueue(async () => {
      const entries = this.index.readIndex() ?? [];
      const entry = entries.find((e) => e.id === id);
      if (entry) {
        entry.title = title;
        await this.index.writeIndex(entries);
      }
    });
  }

  /** Fills in the size of entries saved before sizes were kept (old format, or another version). */
  measureSizes(): Promise<boolean> {
    return this.enqueue(async () => {
      const entries = this.index.readIndex() ?? [];
      let changed = false;
      for (const e of entries) {
        if (e.sizeBytes !== undefined) continue;
        const size = this.journals.has(e.id) ? this.sizeOf(this.journals.get(e.id)!) : await this.fs.size(this.journalPath(e.id)) ?? await this.fs.size(this.oldPath(e.id));
        if (size === undefined) continue;
        e.sizeBytes = size;
        changed = true;
      }
      if (changed) await this.index.writeIndex(entries);
      return changed;
    });
  }

  // ---- internals ------------------------------------------------------------------------------------

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private journalPath(id: string): string { return joinPath(this.dir, `${id}.jsonl`); }
  private oldPath(id: string): string { return joinPath(this.dir, `${id}.json`); }

  private async openNow(id: string): Promise<OpenResult | undefined> {
    await this.migrate(id, true);
    const bytes = await this.fs.readFile(this.journalPath(id));
    if (!bytes) {
      this.forget(id);
      return undefined;
    }
    const parsed = parseJournal(bytes);
    const { state, data, deleted } = replay(parsed, id);
    if (deleted || !data) {
      this.forget(id);
      if (deleted) await this.fs.unlink(this.journalPath(id));
      return undefined;
    }
    // A record torn by a crash is cut off before anything is appended after it.
    if (parsed.tornBytes) await this.fs.truncate(this.journalPath(id), parsed.appendOffset);
    this.journals.set(id, state);
    const missingMedia = await this.restore(data);
    this.planned.set(id, marksOf(data));
    // A turn that was streaming when the window closed did not finish (marked after the signatures, so
    // the next save records it as stopped).
    for (const t of data.turns) if (t.role === 'model' && t.state === 'streaming') t.state = 'stopped';
    if (!parsed.damaged && !parsed.tornBytes && !missingMedia) return { data };
    // Rewritten without the damaged records, so the loss is reported once.
    if (parsed.damaged) void this.enqueue(() => this.compact(id, data.createdAt, true)).catch((e) => this.options.onBackgroundError?.(e));
    return { data, recovered: { skippedRecords: parsed.damaged, tornBytes: parsed.tornBytes, missingMedia } };
  }

  /** Puts media back into the turns; each hash is read once and its string shared by every reference. */
  private async restore(data: ConversationData): Promise<number> {
    const refs = new Map<string, number>();
    collectRefs(data.turns, refs);
    if (this.options.lazyMedia && this.fs.readFileSync) {
      const present = new Set<string>();
      for (const [sha, n] of refs) if (await this.media.has(sha, n)) present.add(sha);
      return restoreMediaLazy(data.turns, (sha) => this.media.getBase64Sync(sha), (sha) => present.has(sha)).missing;
    }
    const loaded = new Map<string, string | undefined>();
    for (const sha of refs.keys()) loaded.set(sha, await this.media.getBase64(sha));
    return restoreMedia(data.turns, (sha) => loaded.get(sha)).missing;
  }

  private async state(id: string): Promise<JournalState> {
    await this.migrate(id);
    const path = this.journalPath(id);
    const known = this.journals.get(id);
    const size = await this.fs.size(path) ?? 0;
    // Someone else changed the file (or it is new to this session): read what it really holds.
    if (known && known.fileBytes === size) return known;
    const bytes = await this.fs.readFile(path);
    const parsed = bytes ? parseJournal(bytes) : undefined;
    const state = parsed ? replay(parsed, id).state : new JournalState();
    if (parsed?.tornBytes) await this.fs.truncate(path, parsed.appendOffset);
    this.journals.set(id, state);
    return state;
  }

  private async applySave(planned: SavePlan, entry: IndexEntry): Promise<void> {
    const id = planned.source.id;
    let plan = planned;
    let state = await this.state(id);
    let diff = diffPlan(state, plan);
    if (diff.kind === 'needsFullPlan') {
      plan = planSave(plan.source, undefined);
      diff = diffPlan(state, plan);
    }
    if (diff.kind === 'needsFullPlan') throw new Error('unreachable: a full plan always applies'); // for the type checker
    try {
      if (diff.kind === 'rewrite') {
        await this.putMedia(plan);
        state = await this.rewrite(id, plan);
      } else {
        const text = this.appendText(state, id, plan, diff.lines);
        if (text) {
          await this.putMedia(plan);
          await this.append(state, id, text);
          for (const { key, line: l } of diff.lines) {
            if (l) state.set(key, l);
            else state.remove(key);
          }
          for (const [sha, bytes] of plan.media) state.media.set(sha, bytes.length);
        }
      }
    } catch (e) {
      // The next save plans every turn again, so nothing this one meant to write is skipped.
      this.planned.delete(id);
      this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
      throw toStorageError(e);
    }
    await this.writeEntry({ ...entry, sizeBytes: this.sizeOf(state) });
    if (state.deadBytes > this.compactMinDead && state.deadBytes > state.fileBytes * this.compactRatio) {
      void this.enqueue(() => this.compact(id, plan.createdAt)).catch((e) => this.options.onBackgroundError?.(e));
    }
  }

  private appendText(state: JournalState, id: string, plan: SavePlan, lines: { key: string; line: { text: string } | undefined }[]): string {
    let text = '';
    if (state.fileBytes === 0) {
      const header = line({ op: 'conversation', v: JOURNAL_VERSION, id, createdAt: plan.createdAt });
      text += header.text;
      state.header = header;
    }
    for (const { key, line: l } of lines) text += l ? l.text : encodeRecord({ op: 'turnRemoved', turnId: key.slice(2) });
    return state.fileBytes === 0 && !lines.length ? '' : text;
  }

  private async append(state: JournalState, id: string, text: string): Promise<void> {
    const bytes = enc.encode(text);
    const path = this.journalPath(id);
    await this.fs.mkdir(this.dir);
    try {
      await this.fs.appendFile(path, bytes);
    } catch (e) {
      // A part of the record may be on disk: cut it off, so the journal ends on a whole record again.
      await this.fs.truncate(path, state.fileBytes).catch(() => undefined);
      if (state.fileBytes === 0) state.header = undefined;
      throw e;
    }
    state.fileBytes += bytes.length;
  }

  private async putMedia(plan: SavePlan): Promise<void> {
    for (const [sha, bytes] of plan.media) await this.media.put(sha, bytes);
  }

  /** A fresh journal from a full plan: temporary file, fsync, atomic rename. */
  private async rewrite(id: string, plan: SavePlan): Promise<JournalState> {
    const state = new JournalState();
    for (const tid of plan.ids) {
      const key = `t:${tid}`;
      state.set(key, plan.updates.get(key)!);
    }
    for (const [sha, bytes] of plan.media) state.media.set(sha, bytes.length);
    state.set('title', plan.updates.get('title')!);
    state.set('head', plan.updates.get('head')!);
    await this.replaceJournal(id, state, plan.createdAt);
    this.journals.set(id, state);
    return state;
  }

  private async compact(id: string, createdAt: number, force = false): Promise<void> {
    const state = this.journals.get(id);
    if (!state || (!force && state.deadBytes <= this.compactMinDead)) return;
    // The file must still be the one this state describes (a delete or an outside change wins).
    if ((await this.fs.size(this.journalPath(id))) !== state.fileBytes && !force) return;
    this.options.onCompaction?.('start');
    await this.replaceJournal(id, state, createdAt);
    this.options.onCompaction?.('end');
    const entries = this.index.readIndex() ?? [];
    const entry = entries.find((e) => e.id === id);
    if (entry) {
      entry.sizeBytes = this.sizeOf(state);
      await this.index.writeIndex(entries);
    }
  }

  /** Writes the state's live lines to `<id>.jsonl.tmp`, fsyncs, renames over the journal. */
  private async replaceJournal(id: string, state: JournalState, createdAt: number): Promise<void> {
    const bytes = enc.encode(state.compactedText(id, createdAt));
    const path = this.journalPath(id);
    const tmp = `${path}.tmp`;
    await this.fs.mkdir(this.dir);
    try {
      await this.fs.writeFile(tmp, bytes);
      await this.fs.rename(tmp, path);
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw e;
    }
    state.fileBytes = bytes.length;
  }

  /** Old format (`<id>.json`, format 1) → journal; the old file goes only once the journal is on disk. */
  /** `always`: look even if this session already saw the journal (an open is rare; a save is not). */
  private async migrate(id: string, always = false): Promise<void> {
    if (this.current.has(id) && !always) return;
    const old = this.oldPath(id);
    if ((await this.fs.size(old)) === undefined) {
      this.current.add(id);
      return;
    }
    if ((await this.fs.size(this.journalPath(id))) !== undefined) {
      await this.fs.unlink(old); // a crash after the rename left it behind
      this.current.add(id);
      return;
    }
    const bytes = await this.fs.readFile(old);
    const data = bytes && parseOldFormat(new TextDecoder().decode(bytes));
    if (!data) return; // unreadable: left alone, as the old code did
    const plan = planSave(data, undefined);
    await this.putMedia(plan);
    await this.rewrite(id, plan);
    await this.fs.unlink(old);
    this.current.add(id);
    const entries = this.index.readIndex() ?? [];
    const entry = entries.find((e) => e.id === id);
    if (entry) {
      entry.sizeBytes = this.sizeOf(this.journals.get(id)!);
      await this.index.writeIndex(entries);
    }
  }

  private async deleteNow(id: string): Promise<string[]> {
    const entry = this.entry(id);
    const path = this.journalPath(id);
    // Recorded first: a crash before the unlink still leaves the conversation deleted.
    if ((await this.fs.size(path)) !== undefined) {
      const bytes = enc.encode(encodeRecord({ op: 'deleted' }));
      await this.fs.appendFile(path, bytes).catch(() => undefined);
    }
    await this.index.writeIndex((this.index.readIndex() ?? []).filter((e) => e.id !== id));
    await this.fs.unlink(path);
    await this.fs.unlink(this.oldPath(id));
    this.forget(id);
    return entry?.interactionIds ?? [];
  }

  /** Deletes media that no journal refers to any more. */
  private async collectMedia(): Promise<void> {
    const referenced = new Set<string>();
    for (const f of await this.fs.readdir(this.dir)) {
      // A compaction a crash interrupted left its temporary file (the journal itself is intact).
      if (f.endsWith('.jsonl.tmp')) await this.fs.unlink(joinPath(this.dir, f));
      if (!f.endsWith('.jsonl')) continue;
      const text = new TextDecoder().decode(await this.fs.readFile(joinPath(this.dir, f)) ?? new Uint8Array());
      for (const m of text.matchAll(/"\$cas":"([0-9a-f]{64})"/g)) referenced.add(m[1]);
    }
    try {
      await this.media.collect(referenced);
    } catch (e) {
      this.options.onBackgroundError?.(e as Error);
    }
  }

  private async writeEntry(entry: IndexEntry): Promise<void> {
    const entries = (this.index.readIndex() ?? []).filter((e) => e.id !== entry.id);
    entries.push(entry);
    await this.index.writeIndex(entries);
  }

  private sizeOf(state: JournalState): number {
    return state.fileBytes + state.mediaBytes;
  }

  private forget(id: string): void {
    this.journals.delete(id);
    this.planned.delete(id);
    this.current.delete(id);
  }
}

export function indexEntryOf(data: ConversationData): IndexEntry {
  const ids: string[] = [];
  for (const t of data.turns) {
    if (t.role !== 'model') continue;
    const own = (t as ModelTurn).interactionIds;
    for (let i = 0; i < own.length; i++) ids.push(own[i]);
  }
  return {
    id: data.id,
    title: data.title,
    createdAt: data.createdAt,
    updatedAt: data.updatedAt,
    interactionIds: ids,
    ...(data.lastInteractionId ? { lastInteractionId: data.lastInteractionId } : {}),
  };
}

/** A conversation as the old format stored it, or undefined when it is not one. */
export function parseOldFormat(text: string): ConversationData | undefined {
  try {
    const parsed = JSON.parse(text);
    if (parsed?.format !== OLD_FORMAT || !parsed.conversation || !Array.isArray(parsed.conversation.turns)) return undefined;
    return parsed.conversation as ConversationData;
  } catch {
    return undefined;
  }
}

function toStorageError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  if (isDiskFull(e)) return new StorageError(storageMessages.diskFull, true, e);
  return new StorageError(storageMessages.saveFailed((e as Error)?.message ?? String(e)), false, e);
}

function checkId(id: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`invalid conversation id: ${id}`);
}
