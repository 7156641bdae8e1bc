// What the live API has refused, learned per model: a thinking level answered with a 400 "not a supported
// thinking level", tool search (`tool_search`, `defer_loading`) answered with a 400 naming it, a tool type ("Tool
// type 'google_maps' … is not supported by model …") or an input kind ("Audio input modality is not enabled …"). Each
// is remembered with its date, left out of later requests for that model (in the panel and in VS Code's own chat
// alike: one store), and forgotten after REFUSAL_TTL_DAYS so a fix on Google's side is picked up. The memory lives wherever the host puts it (VS Code's globalState through a small port); without a port,
// for this process only.

/** Where the refusals are kept: VS Code's globalState in the extension, a Map in tests. */
export interface RefusalMemoryPort {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void> | void;
}

export const REFUSALS_KEY = 'geminiInteractions.learnedRefusals';
export const REFUSAL_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What was refused: a thinking level (`level` names it), tool search (`level` is TOOL_SEARCH), a tool (`level` is
 * its wire type, e.g. `google_maps`) or an input kind (`level` is `image`, `audio`, `video` or `document`).
 */
export type RefusalKind = 'thinkingLevel' | 'toolSearch' | 'tool' | 'inputKind';
const KINDS: readonly string[] = ['thinkingLevel', 'toolSearch', 'tool', 'inputKind'];

/** The `level` of a tool search refusal (an entry of the same shape as a level's, with `kind: 'toolSearch'`). */
export const TOOL_SEARCH = 'tool_search';

/**
 * One refusal: the level, when it was refused, and the server's words. Entries stored before tool search was
 * learned have no `kind`: they are thinking levels.
 */
export interface LearnedRefusal {
  model: string;
  level: string;
  at: number;
  message?: string;
  kind?: RefusalKind;
}

export const kindOf = (r: LearnedRefusal): RefusalKind => r.kind ?? 'thinkingLevel';

export class LearnedRefusals {
  private readonly port: RefusalMemoryPort;

  constructor(port?: RefusalMemoryPort, private readonly now: () => number = Date.now, readonly ttlDays = REFUSAL_TTL_DAYS) {
    this.port = port ?? memoryPort();
  }

  /** The refusals still in force (stale or malformed entries are left out), read afresh: another window may have learned one. */
  all(): LearnedRefusal[] {
    const raw = this.port.get(REFUSALS_KEY);
    return (Array.isArray(raw) ? raw : []).filter((r): r is LearnedRefusal =>
      !!r && typeof r === 'object' && typeof r.model === 'string' && typeof r.level === 'string' && typeof r.at === 'number'
      && (r.kind === undefined || KINDS.includes(r.kind))
      && this.now() - r.at < this.ttlDays * DAY_MS && r.at <= this.now() + DAY_MS);
  }

  /** The refusal of this level (or of tool search, with kind 'toolSearch') for this model, while it is in force. */
  refused(model: string, level: string, kind: RefusalKind = 'thinkingLevel'): LearnedRefusal | undefined {
    return this.all().find((r) => r.model === model && r.level === level && kindOf(r) === kind);
  }

  /** The refusal of tool search for this model, while it is in force. */
  refusedToolSearch(model: string): LearnedRefusal | undefined {
    return this.refused(model, TOOL_SEARCH, 'toolSearch');
  }

  /** What is refused for this model, of one kind (tool types, input kinds…), while in force. */
  refusedOf(model: string, kind: RefusalKind): LearnedRefusal[] {
    return this.all().filter((r) => r.model === model && kindOf(r) === kind);
  }

  /** Remembers a refusal (dated now), replacing an older one of the same kind, level and model; stale ones are dropped. */
  async learn(model: string, level: string, message?: string, kind: RefusalKind = 'thinkingLevel'): Promise<void> {
    const next = [
      ...this.all().filter((r) => !(r.model === model && r.level === level && kindOf(r) === kind)),
      { model, level, at: this.now(), ...(message ? { message: message.slice(0, 300) } : {}), ...(kind === 'thinkingLevel' ? {} : { kind }) },
    ];
    await this.port.update(REFUSALS_KEY, next);
  }

  /** Remembers that this model refused tool search (dated now). */
  async learnToolSearch(model: string, message?: string): Promise<void> {
    await this.learn(model, TOOL_SEARCH, message, 'toolSearch');
  }

  /** Forgets one refusal (the command that lists them): the next request tries it again. */
  async forget(model: string, level: string, kind: RefusalKind): Promise<void> {
    await this.port.update(REFUSALS_KEY, this.all().filter((r) => !(r.model === model && r.level === level && kindOf(r) === kind)));
  }

  /** Forgets everything (a command or a test). */
  async clear(): Promise<void> {
    await this.port.update(REFUSALS_KEY, []);
  }
}

/** A memory for this process only (tests, and hosts without storage). */
export function memoryPort(): RefusalMemoryPort {
  const m = new Map<string, unknown>();
  return { get: (k) => m.get(k), update: (k, v) => void m.set(k, v) };
}
