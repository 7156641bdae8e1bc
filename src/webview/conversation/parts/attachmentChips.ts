// The files attached to a user message, as chips under it.
import type { UserTurn } from '../../../core/conversation/types';
import { el } from '../../shared/dom';
import { formatSize, t as tr } from '../../shared/i18n';

/** The files a user attached to a message, as chips: name, type, size. */
export function attachmentChips(t: UserTurn): HTMLElement | undefined {
  if (!t.attachments?.length) return undefined;
  const ul = el('ul', 'attachments');
  ul.setAttribute('aria-label', tr('turns.attachments'));
  for (const a of t.attachments) {
    const li = el('li', 'chip');
    const icon = el('span', `codicon ${a.kind === 'image' ? 'codicon-file-media' : a.kind === 'text' ? 'codicon-file-code' : 'codicon-file'}`);
    icon.setAttribute('aria-hidden', 'true');
    const name = el('span', 'chip-name');
    name.textContent = a.name;
    const meta = el('span', 'chip-meta');
    meta.textContent = `${a.mimeType} · ${formatSize(a.sizeBytes)}`;
    li.title = `${a.name} (${a.mimeType}, ${formatSize(a.sizeBytes)})`;
    li.append(icon, name, meta);
    ul.append(li);
  }
  return ul;
}
