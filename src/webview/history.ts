// The conversation list of this workspace: most recent first, each with its title, date and size on disk,
// to open, rename or delete; and "delete all" for the whole workspace. A list of named buttons, so keyboard
// and screen-reader users get the same actions.
import type { ConversationSummary } from '../core/protocol';
import { button, el } from './dom';
import { post } from './host';
import { formatWhen, t as tr } from './i18n';
import { formatSize } from './cards';

export class HistoryView {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly deleteAll: HTMLButtonElement;

  constructor(private readonly close: () => void) {
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
    this.list = el('ul', 'history-list');
    this.list.setAttribute('aria-labelledby', 'history-heading');
    this.element.append(head, this.list);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  render(conversations: ConversationSummary[], currentId: string | undefined): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.history-item')?.dataset.id;
    const items = [...conversations].sort((a, b) => b.updatedAt - a.updatedAt).map((c) => this.item(c, c.id === currentId));
    if (!items.length) {
      const li = el('li', 'history-empty');
      li.textContent = tr('history.empty');
      items.push(li);
    }
    this.list.replaceChildren(...items);
    this.deleteAll.disabled = !conversations.length;
    if (focusedId) this.list.querySelector<HTMLElement>(`.history-item[data-id="${CSS.escape(focusedId)}"] .history-open`)?.focus();
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
    return li;
  }
}

function srOnly(text: string): HTMLElement {
  const s = el('span', 'sr-only');
  s.textContent = text;
  return s;
}
