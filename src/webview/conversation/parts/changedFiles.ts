// The files an answer's edit tools changed: each opens its diff, and Undo reverts the turn.
import type { ModelTurn } from '../../../core/conversation/types';
import { escapeInvisible } from '../../../core/util/invisibleChars';
import { button, el } from '../../shared/dom';
import { post } from '../../shared/host';
import { t as tr, tn } from '../../shared/i18n';

/** "Changed files": each file with its +/− counts (opens its diff), and Undo for the turn. */
export function changedFilesView(turn: ModelTurn): HTMLElement {
  const box = el('div', 'changed-files');
  box.setAttribute('role', 'group');
  const title = el('div', 'changed-title');
  title.id = `changed-${turn.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  title.textContent = CHANGED_TEXT.title(turn.changedFiles!.length);
  box.setAttribute('aria-labelledby', title.id);
  const list = el('ul');
  for (const f of turn.changedFiles!) {
    const li = el('li');
    // A name with an override or zero-width characters would read as another name.
    const shown = escapeInvisible(f.path, 'name');
    const open = button(CHANGED_TEXT.open(shown), 'changed-open', f.kind === 'create' ? 'codicon-new-file' : f.kind === 'delete' ? 'codicon-trash' : 'codicon-diff', false);
    open.append(` ${shown} `);
    const added = el('span', 'added');
    added.textContent = `+${f.added}`;
    const removed = el('span', 'removed');
    removed.textContent = ` −${f.removed}`;
    open.append(added, removed);
    if (f.undone) { li.classList.add('undone'); open.title = CHANGED_TEXT.undone(shown); }
    open.addEventListener('click', () => post({ type: 'openChangeDiff', turnId: turn.id, path: f.path }));
    li.append(open);
    list.append(li);
  }
  box.append(title, list);
  if (turn.changedFiles!.some((f) => !f.undone)) {
    const undo = button(CHANGED_TEXT.undo, 'undo-turn', 'codicon-discard', true);
    undo.addEventListener('click', () => post({ type: 'undoTurnChanges', turnId: turn.id }));
    box.append(undo);
  }
  return box;
}

const CHANGED_TEXT = {
  title: (n: number) => tn('changed.title', n),
  open: (path: string) => tr('changed.open', path),
  undone: (path: string) => tr('changed.undone', path),
  get undo() { return tr('changed.undo'); },
};
