// "Apply to file" on a code block: the button, and the block's status line while the host merges the
// block, shows the diff for review (Accept / Reject here too), and reports what happened.
import type { ApplyStatus } from '../../core/panel/protocol';
import { button, el } from '../shared/dom';
import { post } from '../shared/host';
import { formatNumber, t } from '../shared/i18n';

let seq = 0;

/** The Apply button for a code block's toolbar. */
export function applyButton(block: HTMLElement): HTMLButtonElement {
  const b = button(t('apply.button'), 'code-apply', 'codicon-diff');
  b.addEventListener('click', () => {
    const applyId = block.dataset.applyId ?? `a${Date.now().toString(36)}${++seq}`;
    block.dataset.applyId = applyId;
    const code = block.querySelector('pre code')?.textContent ?? '';
    const turnId = block.closest<HTMLElement>('[data-turn-id]')?.dataset.turnId;
    const info = block.dataset.info;
    const before = lineBefore(block);
    post({ type: 'applyCode', applyId, code, ...(turnId ? { turnId } : {}), ...(info ? { info } : {}), ...(before ? { before } : {}) });
  });
  return b;
}

/** The last line of text shown before the block in its answer (often the file's name). */
function lineBefore(block: HTMLElement): string | undefined {
  const turn = block.closest('[data-turn-id]');
  let node: Element | null = block;
  while (node && node !== turn) {
    const prev: Element | null = node.previousElementSibling;
    if (prev) {
      const text = (prev.textContent ?? '').trimEnd();
      if (text) return text.slice(text.lastIndexOf('\n') + 1).slice(-300);
      node = prev;
      continue;
    }
    node = node.parentElement;
  }
  return undefined;
}

const file = (s: ApplyStatus): string => s.path ?? t('apply.theFile');

const TEXT: Record<ApplyStatus['state'], (s: ApplyStatus) => string> = {
  merging: (s) => (s.chars ? t('apply.mergingKb', file(s), formatNumber(Math.round(s.chars / 1024))) : t('apply.merging', file(s))),
  review: (s) => s.message ?? t('apply.review', file(s)),
  accepted: (s) => t('apply.accepted', file(s)),
  rejected: (s) => s.message ?? t('apply.rejected', file(s)),
  cancelled: () => t('apply.cancelled'),
  failed: (s) => s.message ?? t('apply.failed'),
};

/** Shows an apply's state in its code block (a block re-rendered since has no id and shows nothing). */
export function showApplyStatus(s: ApplyStatus): void {
  const block = document.querySelector<HTMLElement>(`.code-block[data-apply-id="${CSS.escape(s.applyId)}"]`);
  if (!block) return;
  let line = block.querySelector<HTMLElement>(':scope > .apply-status');
  if (!line) {
    line = el('div', 'apply-status');
    line.setAttribute('role', 'status');
    block.querySelector(':scope > .code-header')?.after(line);
  }
  line.dataset.state = s.state;
  const text = el('span', 'apply-text');
  text.textContent = TEXT[s.state](s);
  const actions: HTMLElement[] = [];
  const act = (label: string, action: 'accept' | 'reject' | 'cancel', icon: string) => {
    const b = button(label, `apply-${action}`, icon, true);
    b.addEventListener('click', () => post({ type: 'applyAction', applyId: s.applyId, action }));
    actions.push(b);
  };
  if (s.state === 'review') { act(t('apply.accept'), 'accept', 'codicon-check'); act(t('apply.reject'), 'reject', 'codicon-close'); }
  if (s.state === 'merging') act(t('apply.cancel'), 'cancel', 'codicon-stop-circle');
  line.replaceChildren(text, ...actions);
}
