// The host's side of history search: a compact text per conversation (what the user and the model wrote;
// no thoughts, tool payloads or media), built once from its journal and then kept up to date as turns
// finish, so opening the history never re-reads every journal. The webview gets only what it lacks.
import type { ConversationData } from '../conversation/types';

/** One conversation's searchable text, stamped with the `updatedAt` it was built from. */
export interface SearchTextDoc { id: string; updatedAt: number; text: string }

/** Past this, a conversation's text is cut (its first part is searched): bounds the webview's memory. */
export const MAX_SEARCH_TEXT = 200_000;

/** The text of the user and model turns, whitespace collapsed, one line per turn. */
export function conversationSearchText(data: Pick<ConversationData, 'turns'>): string {
  const lines: string[] = [];
  let length = 0;
  for (const t of data.turns) {
    let text = '';
    if (t.role === 'user') text = t.text;
    else for (const p of t.parts) if (p.kind === 'text') text += (text ? ' ' : '') + p.text;
    text = text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    lines.push(text);
    length += text.length + 1;
    if (length >= MAX_SEARCH_TEXT) break;
  }
  return lines.join('\n').slice(0, MAX_SEARCH_TEXT);
}

export class SearchTextCache {
  private readonly texts = new Map<string, SearchTextDoc>();

  /** `load`: the stored conversation without its media, for one not seen yet in this session. */
  constructor(private readonly load: (id: string) => Promise<Pick<ConversationData, 'turns' | 'updatedAt'> | undefined>) {}

  /** After a save: the conversation as it is now. */
  put(data: Pick<ConversationData, 'id' | 'turns' | 'updatedAt'>): void {
    this.texts.set(data.id, { id: data.id, updatedAt: data.updatedAt, text: conversationSearchText(data) });
  }

  remove(id: string): void { this.texts.delete(id); }

  clear(): void { this.texts.clear(); }

  /** Cached without reading anything. */
  peek(id: string): SearchTextDoc | undefined { return this.texts.get(id); }

  /**
   * The texts of `entries` that the webview does not have at that `updatedAt` (`known`); a conversation
   * changed elsewhere (another window) is read again. Forgets conversations no longer listed.
   */
  async missing(entries: readonly { id: string; updatedAt: number }[], known: Readonly<Record<string, number>>): Promise<SearchTextDoc[]> {
    const out: SearchTextDoc[] = [];
    const listed = new Set<string>();
    for (const { id, updatedAt } of entries) {
      listed.add(id);
      if (known[id] === updatedAt) continue;
      let doc = this.texts.get(id);
      if (!doc || doc.updatedAt !== updatedAt) {
        const data = await this.load(id).catch(() => undefined);
        doc = { id, updatedAt, text: data ? conversationSearchText(data) : '' };
        this.texts.set(id, doc);
      }
      out.push(doc);
    }
    for (const id of [...this.texts.keys()]) if (!listed.has(id)) this.texts.delete(id);
    return out;
  }
}
