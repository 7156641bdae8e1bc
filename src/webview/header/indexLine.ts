// The line under the panel header about the workspace's codebase index: "indexing…" while a run goes on, and
// otherwise its size, when it was updated and the changes waiting, with an Update button. Hidden when there is no
// index (the empty view offers to build one) and where none can exist (no folder, Restricted Mode).
import type { CodeIndexInfo } from '../../core/panel/protocol';
import { actionButton } from '../shared/actionButton';
import { el } from '../shared/dom';
import { formatNumber, formatWhen, t, tn } from '../shared/i18n';

export class IndexLine {
  readonly element: HTMLElement;
  private shown = '';

  constructor() {
    this.element = el('div', 'index-line');
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', t('index.label'));
    this.element.hidden = true;
  }

  update(info: CodeIndexInfo | undefined): void {
    const key = JSON.stringify(info ?? null);
    if (key === this.shown) return; // keeps the focus on a button across state messages
    this.shown = key;
    this.element.replaceChildren();
    this.element.hidden = !info || info.state === 'none';
    if (!info || info.state === 'none') return;
    const icon = el('span', `codicon ${info.state === 'indexing' ? 'codicon-sync codicon-modifier-spin' : 'codicon-database'}`);
    icon.setAttribute('aria-hidden', 'true');
    const text = el('span', 'index-text');
    this.element.setAttribute('aria-busy', String(info.state === 'indexing'));
    if (info.state === 'indexing') {
      text.textContent = t('index.indexing');
      this.element.append(icon, text);
      return;
    }
    text.textContent = [
      tn('index.ready', info.files, formatNumber(info.files)),
      info.lastRun ? t('index.updated', formatWhen(info.lastRun)) : '',
      info.pending ? tn('index.pending', info.pending, formatNumber(info.pending)) : '',
    ].filter(Boolean).join(' · ');
    this.element.append(icon, text, actionButton('updateIndex'));
  }
}
