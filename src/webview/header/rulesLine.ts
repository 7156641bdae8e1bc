// The line under the panel header that names the rules files sent with every request (AGENTS.md, ...),
// each a button that asks the host to open it; or says they are not used in an untrusted workspace.
import type { RulesInfo } from '../../core/panel/protocol';
import { el } from '../shared/dom';
import { post } from '../shared/host';
import { t } from '../shared/i18n';

export class RulesLine {
  readonly element: HTMLElement;
  private shown = '';

  constructor() {
    this.element = el('div', 'rules-line');
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', t('rules.label'));
    this.element.hidden = true;
  }

  update(info: RulesInfo | undefined): void {
    const key = JSON.stringify(info ?? null);
    if (key === this.shown) return; // keeps the focus on a button across state messages
    this.shown = key;
    this.element.replaceChildren();
    if (info?.untrusted) {
      const note = el('span', 'rules-untrusted');
      const icon = el('span', 'codicon codicon-workspace-untrusted');
      icon.setAttribute('aria-hidden', 'true');
      const text = el('span');
      text.textContent = t('rules.untrusted');
      note.append(icon, text);
      this.element.append(note);
      this.element.hidden = false;
      return;
    }
    const files = info?.files ?? [];
    this.element.hidden = files.length === 0;
    if (!files.length) return;
    const prefix = el('span', 'rules-prefix');
    prefix.textContent = t('rules.prefix');
    this.element.append(prefix);
    files.forEach((path, i) => {
      const b = el('button', 'rules-file');
      b.type = 'button';
      b.textContent = path;
      b.title = t('rules.open', path);
      b.setAttribute('aria-label', t('rules.open', path));
      b.addEventListener('click', () => post({ type: 'openRulesFile', path }));
      if (i > 0) this.element.append(document.createTextNode(', '));
      this.element.append(b);
    });
  }
}
