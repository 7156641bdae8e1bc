// Per-workspace persistence: a small index (conversation list, interaction ids) plus one transcript file
// per conversation, written atomically by the backend. The VS Code adapter maps the index to
// workspaceState and the files to the workspace storage folder.
import type { ConversationData, ModelTurn } from './model';

export interface IndexEntry {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Every interaction id of the conversation, oldest first (for restore and delete on the server). */
  interactionIds: string[];
  lastInteractionId?: string;
}

export interface StoreBackend {
  readIndex(): IndexEntry[] | undefined;
  writeIndex(entries: IndexEntry[]): Promise<void>;
  readText(name: string): Promise<string | undefined>;
  /** Must write a temporary file and rename it, so a crash never leaves a half-written transcript. */
  writeTextAtomic(name: string, text: string): Promise<void>;
  delete(name: string): Promise<void>;
}

const FORMAT = 1;

export class ConversationStore {
  /** Saves are chained so two quick saves never interleave their writes. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly backend: StoreBackend) {}

  list(): IndexEntry[] {
    return [...(this.backend.readIndex() ?? [])].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  entry(id: string): IndexEntry | undefined {
    return this.backend.readIndex()?.find((e) => e.id === id);
  }

  /** The stored transcript, or undefined when its file is missing or unreadable. */
  async load(id: string): Promise<ConversationData | undefined> {
    const text = await this.backend.readText(fileName(id));
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text);
      if (parsed?.format !== FORMAT || !parsed.conversation || !Array.isArray(parsed.conversation.turns)) return undefined;
      const data = parsed.conversation as ConversationData;
      // A turn that was streaming when the window closed did not finish.
      for (const t of data.turns) if (t.role === 'model' && t.state === 'streaming') t.state = 'stopped';
      return data;
    } catch {
      return undefined;
    }
  }

  save(data: ConversationData): Promise<void> {
    const snapshot = JSON.stringify({ format: FORMAT, conversation: data });
    const entry = indexEntryOf(data);
    const run = this.queue.then(async () => {
      await this.backend.writeTextAtomic(fileName(data.id), snapshot);
      const entries = (this.backend.readIndex() ?? []).filter((e) => e.id !== data.id);
      entries.push(entry);
      await this.backend.writeIndex(entries);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Removes the conversation locally and returns its interaction ids (to delete on the server). */
  async delete(id: string): Promise<string[]> {
    await this.queue; // a save in flight may still add interaction ids
    const entry = this.entry(id);
    await this.backend.writeIndex((this.backend.readIndex() ?? []).filter((e) => e.id !== id));
    await this.backend.delete(fileName(id)).catch(() => undefined);
    return entry?.interactionIds ?? [];
  }

  async rename(id: string, title: string): Promise<void> {
    const data = await this.load(id);
    if (data) {
      data.title = title;
      await this.save(data);
      return;
    }
    // No local transcript (it can still be restored from the server): rename the index entry.
    await this.queue;
    const entries = this.backend.readIndex() ?? [];
    const entry = entries.find((e) => e.id === id);
    if (entry) {
      entry.title = title;
      await this.backend.writeIndex(entries);
    }
  }
}

export function indexEntryOf(data: ConversationData): IndexEntry {
  const ids: string[] = [];
  for (const t of data.turns) if (t.role === 'model') ids.push(...(t as ModelTurn).interactionIds);
  return {
    id: data.id,
    title: data.title,
    createdAt: data.createdAt,
    updatedAt: data.updatedAt,
    interactionIds: ids,
    ...(data.lastInteractionId ? { lastInteractionId: data.lastInteractionId } : {}),
  };
}

function fileName(id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`invalid conversation id: ${id}`);
  return `${id}.json`;
}
