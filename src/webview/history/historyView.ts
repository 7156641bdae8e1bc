// The conversation list of this workspace: most recent first, each with its title, date and size on disk,
// to open, rename or delete; and "delete all" for the whole workspace. A list of named buttons, so keyboard
// and screen-reader users get the same actions. A search box on top filters it as the user types (title
// and the text of the turns, see src/core/history/historySearch.ts); the host sends each conversation's text once
// per change when the list opens, so a keystroke never waits for the host.
import { HistorySearch, markPieces, type MarkRange, type SearchHit } from '../../core/history/historySearch';
import type { ConversationSummary } from '../../core/panel/protocol';
import { button, el } from '../shared/dom';
import { post, request } from '../shared/host';
import { formatSize, formatWhen, t as tr, tn } from '../shared/i18n';

/** The list item of one conversation, and what its title and snippet show now (to skip unchanged ones). */
interface Item {
  li: HTMLLIElement;
  title: HTMLElement;
  titleText: string;
  snippet: HTMLElement;
  shown: string;
  /** The hit to draw once the item scrolls near the screen (set for matches below the first screenfuls). */
  pending?: SearchHit | null;
}

/** Matches whose marks are drawn in the keystroke itself (more than a screenful); the rest when scrolled to. */
const EAGER_ITEMS = 40;

/** How long typing pauses before the number of results is announced (not on every keystroke). */
const ANNOUNCE_DELAY_MS = 400;

export class HistoryView {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly deleteAll: HTMLButtonElement;
  private readonly searchBox: HTMLInputElement;
  private readonly noMatch: HTMLLIElement;
  private readonly index = new HistorySearch();
  /** The `updatedAt` of each conversation text the index holds (what the host need not send again). */
  private readonly textStamps = new Map<string, number>();
  private items = new Map<string, Item>();
  private conversations: ConversationSummary[] = [];
  private fetching: 'idle' | 'busy' | 'again' = 'idle';
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ids of the items near the screen now (they are drawn at once even below the first screenfuls). */
  private readonly near = new Set<string>();
  /** Draws the marks of items below the first screenfuls when they come near the screen. */
  private readonly nearScreen = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const id = (e.target as HTMLElement).dataset.id!;
      if (!e.isIntersecting) {
        this.near.delete(id);
        continue;
      }
      this.near.add(id);
      const item = this.items.get(id);
      if (item?.pending !== undefined) {
        const hit = item.pending ?? undefined;
        item.pending = undefined;
        this.showHit(item, hit);
      }
    }
  }, { rootMargin: '400px 0px' });
  private foldTimer: ReturnType<typeof setTimeout> | undefined;

  /** `announce`: the view's polite live region (the result count goes there). */
  constructor(private readonly close: () => void, private readonly announceText: (text: string) => void = () => {}) {
    this.element = el('section', 'history');
    this.element.setAttribute('aria-label', tr('history.label'));
    this.element.hidden = true;
    const head = el('div', 'history-head');
    const h = el('h2');
    h.textContent = tr('history.label');
    h.id = 'history-heading';
    const newChat = button(tr('history.newChat'), 'history-new', 'codicon-add', true);
    newChat.addEventListener('click', () => { post({ type: 'newChat' }); this.close(); });
    const closeButton = button(tr('history.close'), 'history-close', 'codicon-close');
    closeButton.addEventListener('click', () => this.close());
    const deleteAll = button(tr('history.deleteAll'), 'history-delete-all', 'codicon-clear-all');
    // The host asks for confirmation in a modal dialog (a webview cannot show one).
    deleteAll.addEventListener('click', () => post({ type: 'deleteAllConversations' }));
    this.deleteAll = deleteAll;
    head.append(h, newChat, deleteAll, closeButton);
    const search = el('div', 'history-search');
    const label = el('label', 'sr-only');
    label.htmlFor = 'history-search-input';
    label.textContent = tr('history.searchLabel');
    this.searchBox = el('input', 'history-search-input');
    this.searchBox.id = 'history-search-input';
    this.searchBox.type = 'search';
    this.searchBox.placeholder = tr('history.searchPlaceholder');
    this.searchBox.spellcheck = false;
    this.searchBox.autocomplete = 'off';
    this.searchBox.addEventListener('input', () => this.filter(true));
    this.searchBox.addEventListener('keydown', (e) => {
      // Escape clears the search first; once empty it closes the list (the handler below).
      if (e.key === 'Escape' && this.searchBox.value) {
        e.preventDefault();
        e.stopPropagation();
        this.searchBox.value = '';
        this.filter(true);
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.list.querySelector<HTMLElement>('.history-item:not([hidden]) .history-open')?.focus();
      }
    });
    const icon = el('span', 'codicon codicon-search');
    icon.setAttribute('aria-hidden', 'true');
    search.append(label, icon, this.searchBox);
    this.list = el('ul', 'history-list');
    this.list.setAttribute('aria-labelledby', 'history-heading');
    this.noMatch = el('li', 'history-no-match');
    this.noMatch.textContent = tr('history.noMatch');
    this.element.append(head, search, this.list);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
  }

  /** The list was opened: fetch the conversation texts it lacks (only those that changed since). */
  opened(): void {
    void this.fetchTexts();
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  render(conversations: ConversationSummary[], currentId: string | undefined): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.history-item')?.dataset.id;
    this.conversations = [...conversations].sort((a, b) => b.updatedAt - a.updatedAt);
    this.items = new Map();
    this.nearScreen.disconnect();
    this.near.clear();
    const lis: HTMLLIElement[] = this.conversations.map((c) => this.item(c, c.id === currentId));
    if (!lis.length) {
      const li = el('li', 'history-empty');
      li.textContent = tr('history.empty');
      lis.push(li);
    }
    this.noMatch.hidden = true;
    this.list.replaceChildren(...lis, this.noMatch);
    this.deleteAll.disabled = !conversations.length;
    // Titles are searched too; texts of conversations that changed are fetched while the list is open.
    this.index.retain(this.conversations.map((c) => c.id));
    for (const c of this.conversations) {
      this.index.setTitle(c.id, c.title || tr('history.untitled'));
    }
    for (const id of [...this.textStamps.keys()]) if (!this.items.has(id)) this.textStamps.delete(id);
    this.filter(false);
    if (this.open) void this.fetchTexts();
    if (focusedId) this.list.querySelector<HTMLElement>(`.history-item[data-id="${CSS.escape(focusedId)}"] .history-open`)?.focus();
  }

  /** Shows only the conversations that match the search box, with the words marked. */
  private filter(typed: boolean): void {
    const hits = this.index.search(this.searchBox.value);
    let shown = 0;
    // Hidden items keep stale marks (redrawn when they show again); matches below the first screenfuls are
    // marked when they scroll near the screen, so a keystroke over 1,000 matches stays within a frame.
    for (const c of this.conversations) {
      const item = this.items.get(c.id)!;
      const hit = hits ? hits.get(c.id) : undefined;
      const visible = !hits || hit !== undefined;
      if (item.li.hidden === visible) item.li.hidden = !visible;
      if (!visible) continue;
      if (shown++ < EAGER_ITEMS || this.near.has(c.id)) {
        item.pending = undefined;
        this.showHit(item, hit);
      } else item.pending = hit ?? null;
    }
    this.noMatch.hidden = !hits || shown > 0 || !this.conversations.length;
    if (typed) this.announce(hits ? shown : undefined);
  }

  private showHit(item: Item, hit: SearchHit | undefined): void {
    const key = hit ? `${rangesKey(hit.titleMarks)}|${hit.snippet ? `${hit.snippet.text}|${rangesKey(hit.snippet.marks)}` : ''}` : '';
    if (key === item.shown) return;
    item.shown = key;
    setMarked(item.title, item.titleText, hit?.titleMarks ?? []);
    const s = hit?.snippet;
    item.snippet.hidden = !s;
    if (!s) {
      item.snippet.replaceChildren();
      return;
    }
    setMarked(item.snippet, s.text, s.marks);
    if (s.cutStart) item.snippet.prepend('…');
    if (s.cutEnd) item.snippet.append('…');
  }

  /** "N conversations", politely, once typing pauses; nothing when the search was cleared. */
  private announce(count: number | undefined): void {
    clearTimeout(this.announceTimer);
    if (count === undefined) return;
    this.announceTimer = setTimeout(() => this.announceText(tn('history.results', count)), ANNOUNCE_DELAY_MS);
  }

  /** Prepares new texts for matching in short tasks, so the first keystroke does not pay for it. */
  private foldInBackground(): void {
    clearTimeout(this.foldTimer);
    const step = () => {
      if (!this.index.foldPending(performance.now() + 8, () => performance.now())) this.foldTimer = setTimeout(step, 0);
    };
    this.foldTimer = setTimeout(step, 0);
  }

  private async fetchTexts(): Promise<void> {
    if (this.fetching !== 'idle') {
      this.fetching = 'again';
      return;
    }
    this.fetching = 'busy';
    try {
      const known: Record<string, number> = {};
      for (const [id, at] of this.textStamps) known[id] = at;
      const outcome = await request({ type: 'historySearchText', known }).outcome;
      if ('result' in outcome) {
        for (const doc of outcome.result.docs) {
          const c = this.conversations.find((x) => x.id === doc.id);
          if (!c) continue;
          this.index.set(doc.id, c.title || tr('history.untitled'), doc.text);
          this.textStamps.set(doc.id, doc.updatedAt);
        }
        if (outcome.result.docs.length && this.searchBox.value) this.filter(false);
        this.foldInBackground();
      }
    } finally {
      const again = (this.fetching as string) === 'again';
      this.fetching = 'idle';
      if (again) void this.fetchTexts();
    }
  }

  /** Moves focus into the list: the current conversation, else the first one. */
  focus(): void {
    const target = this.list.querySelector<HTMLElement>('.history-item.current .history-open')
      ?? this.list.querySelector<HTMLElement>('.history-open')
      ?? this.element.querySelector<HTMLElement>('.history-new');
    target?.focus();
  }

  private item(c: ConversationSummary, current: boolean): HTMLLIElement {
    const li = el('li', current ? 'history-item current' : 'history-item');
    li.dataset.id = c.id;
    const title = c.title || tr('history.untitled');
    const date = formatWhen(c.updatedAt);
    const open = el('button', 'history-open');
    open.type = 'button';
    const size = c.sizeBytes !== undefined ? tr('history.sizeOnDisk', formatSize(c.sizeBytes)) : undefined;
    if (current) open.setAttribute('aria-current', 'true');
    // Named by its visible text (title, date), with the separators and "current" for screen readers
    // only: an aria-label that differs from the visible text breaks voice control ("click <title>").
    const t = el('span', 'history-title');
    t.textContent = title;
    const d = el('span', 'history-date');
    d.textContent = date;
    open.append(t, srOnly(', '), d);
    if (size) {
      const z = el('span', 'history-size');
      z.textContent = size;
      open.append(srOnly(', '), z);
    }
    if (current) open.append(srOnly(tr('history.currentSuffix')));
    // Where the search words are in the conversation's text (shown only when it matches by its text).
    const snippet = el('span', 'history-snippet');
    snippet.hidden = true;
    open.append(snippet);
    this.items.set(c.id, { li, title: t, titleText: title, snippet, shown: '' });
    this.nearScreen.observe(li);
    open.addEventListener('click', () => {
      post({ type: 'switchConversation', id: c.id });
      this.close();
    });
    const rename = button(tr('history.rename', title), 'history-rename', 'codicon-edit');
    rename.addEventListener('click', () => post({ type: 'renameConversation', id: c.id }));
    const exp = button(tr('history.export', title), 'history-export', 'codicon-export');
    exp.addEventListener('click', () => post({ type: 'exportConversation', id: c.id }));
    const del = button(tr('history.delete', title), 'history-delete', 'codicon-trash');
    del.addEventListener('click', () => post({ type: 'deleteConversation', id: c.id }));
    li.append(open, rename, exp, del);
    // The item's right-click menu (package.json "webview/context"): Export Conversation… for this one.
    li.dataset.vscodeContext = JSON.stringify({ webviewSection: 'conversation', conversationId: c.id, preventDefaultContextMenuItems: true });
    return li;
  }
}

/** `text` with the ranges in <mark>: text nodes only, never markup from the text. */
function setMarked(target: HTMLElement, text: string, marks: readonly MarkRange[]): void {
  if (!marks.length) {
    target.textContent = text;
    return;
  }
  target.replaceChildren(...markPieces(text, marks).map((p) => {
    if (!p.marked) return document.createTextNode(p.text);
    const m = el('mark');
    m.textContent = p.text;
    return m;
  }));
}

function rangesKey(ranges: readonly MarkRange[]): string {
  return ranges.map((r) => `${r.start}-${r.end}`).join(',');
}

function srOnly(text: string): HTMLElement {
  const s = el('span', 'sr-only');
  s.textContent = text;
  return s;
}
