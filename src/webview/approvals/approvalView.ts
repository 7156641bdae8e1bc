// Approval of workspace tool calls (Allow once / Always allow this tool in this workspace / Deny) and the
// Continue action after an answer hit the output token limit. Arguments are shown as text, never as HTML.
//
// An arriving request never takes focus: the user may be typing, and their next Space or Enter must not
// answer it. It is announced through the live region instead, and a deliberate Alt+A (or Tab order:
// the cards sit between the transcript and the message box) moves there. Activations in the first
// moments after a card appears are ignored too, so a click aimed at what was there before cannot land on
// Allow. Keyboard inside a card: Tab moves between its buttons, Escape denies.
//
// A card shows what will run or be written, character for character: controls, bidi overrides, zero-width and
// other invisible characters in the arguments, a path or the diff are drawn as marked escapes (`<U+202E>`),
// and the card says so in one warning, so a changed line cannot read as a harmless comment.
import type { ApprovalDecision, ApprovalRequest } from '../../core/panel/protocol';
import { escapeInvisible, splitInvisible, type InvisibleMode } from '../../core/util/invisibleChars';
import { button, el } from '../shared/dom';
import { post } from '../shared/host';
import { t } from '../shared/i18n';

/** Activations of a card's buttons this soon after it appeared are ignored (ms). */
export const APPROVAL_ARMING_MS = 500;

// The strings of this view, in one place (in the display language: src/core/ui).
const TEXT = {
  get region() { return t('approval.region'); },
  title: (tool: string) => t('approval.title', tool),
  args: (tool: string) => t('approval.args', tool),
  get allowOnce() { return t('approval.allowOnce'); },
  allowAlways: (tool: string) => t('approval.allowAlways', tool),
  get deny() { return t('approval.deny'); },
  get keys() { return t('approval.keys'); },
  resolves: (path: string) => t('approval.resolves', path),
  announce: (tool: string, resolved?: string) => (resolved ? t('approval.announceResolved', tool, resolved) : t('approval.announce', tool)),
  get incomplete() { return t('continue.label'); },
  get incompleteText() { return t('continue.text'); },
  get continue() { return t('continue.button'); },
  get announceIncomplete() { return t('continue.announce'); },
  get openDiff() { return t('approval.openDiff'); },
  editSummary: (kind: string, path: string, added: number, removed: number) =>
    t(kind === 'create' ? 'approval.editCreate' : kind === 'delete' ? 'approval.editDelete' : 'approval.editChange', path, String(added), String(removed)),
  diffLabel: (path: string) => t('approval.diffLabel', path),
  diffCut: (lines: number) => t('approval.diffCut', String(lines)),
  get diffTooLarge() { return t('approval.diffTooLarge'); },
  get invisible() { return t('approval.invisible'); },
  get invisibleChar() { return t('approval.invisibleChar'); },
};

/** Appends `text` with invisible characters as marked escapes; true when there were any. */
function appendShown(parent: HTMLElement, text: string, mode: InvisibleMode): boolean {
  let found = false;
  for (const piece of splitInvisible(text, mode)) {
    if (piece.escaped === undefined) {
      if (piece.text) parent.append(piece.text);
      continue;
    }
    found = true;
    const mark = el('span', 'invisible-char');
    mark.textContent = piece.escaped;
    mark.title = TEXT.invisibleChar;
    parent.append(mark);
  }
  return found;
}

/** Stands for a name in a translated sentence, so the name can be drawn with its escapes (a private-use character). */
const SLOT = '\uE000';

/**
 * A translated sentence (`sentence(SLOT)`) with `name` in it, isolated from the sentence's direction (<bdi>) and
 * its invisible characters drawn as escapes; true when there were any.
 */
function appendSentence(parent: HTMLElement, sentence: (slot: string) => string, name: string): boolean {
  const [before, ...after] = sentence(SLOT).split(SLOT);
  const bdi = el('bdi');
  const found = appendShown(bdi, name, 'name');
  parent.append(before ?? '', bdi, after.join(''));
  return found;
}

/** A name in plain text (labels, announcements): its invisible characters written as escapes. */
const plainName = (name: string): string => escapeInvisible(name, 'name');

/** The shortcut that moves focus to the first pending approval. */
function isApprovalShortcut(e: KeyboardEvent): boolean {
  // By physical key: on macOS Option+A types "å", and e.key would be that.
  return e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyA';
}

export class ApprovalView {
  readonly element: HTMLElement;
  private readonly cards = new Map<string, HTMLElement>();
  private continueBar: HTMLElement | undefined;
  private readonly keysId = 'approval-keys';

  /** `announce`: the live region; `returnFocus`: where focus goes when the last focused card is answered. */
  constructor(private readonly announce: (text: string) => void, private readonly returnFocus: () => void = () => {}) {
    this.element = el('div', 'approvals');
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', TEXT.region);
    this.element.hidden = true;
    // How to reach and answer a card, referenced by every card's aria-describedby.
    const keys = el('div', 'sr-only');
    keys.id = this.keysId;
    keys.textContent = TEXT.keys;
    this.element.append(keys);
    document.addEventListener('keydown', (e) => {
      if (!isApprovalShortcut(e) || !this.cards.size) return;
      e.preventDefault();
      this.focusFirst();
    });
  }

  /** Moves focus to the first pending card (a deliberate user action only). */
  focusFirst(): void {
    this.cards.values().next().value?.focus();
  }

  /** Shows exactly these pending requests (after a full state refresh). */
  setAll(requests: ApprovalRequest[] | undefined): void {
    const keep = new Set((requests ?? []).map((r) => r.callId));
    for (const id of [...this.cards.keys()]) if (!keep.has(id)) this.remove(id);
    for (const r of requests ?? []) this.add(r);
  }

  add(request: ApprovalRequest): void {
    if (this.cards.has(request.callId)) return;
    const card = el('div', 'approval');
    card.setAttribute('role', 'group');
    // Focusable by script (Alt+A) but not a Tab stop of its own: Tab goes to its buttons.
    card.tabIndex = -1;
    const safeId = request.callId.replace(/[^A-Za-z0-9_-]/g, '_');
    const titleId = `approval-${safeId}`;
    const argsId = `approval-args-${safeId}`;
    card.setAttribute('aria-labelledby', titleId);
    card.setAttribute('aria-describedby', `${argsId} ${this.keysId}`);
    card.title = TEXT.keys;
    const title = el('div', 'approval-title');
    title.id = titleId;
    title.textContent = TEXT.title(request.name);
    // Whether anything on the card is drawn as escapes (the host also says so for a diff's unshown tail).
    let invisible = !!request.invisible;
    let args: HTMLElement;
    if (request.edit) {
      const shown = editDiff(request.edit);
      args = shown.box;
      invisible ||= shown.invisible;
    } else {
      args = el('pre', 'approval-args');
      invisible = appendShown(args, request.argsText, 'text') || invisible;
      args.setAttribute('aria-label', TEXT.args(request.name));
    }
    args.id = argsId;
    // A link's real target, so "docs/notes.md" that leads to ~/.ssh/id_rsa is seen for what it is.
    const target = request.resolvedPath ? el('div', 'approval-target') : undefined;
    if (target) invisible = appendSentence(target, TEXT.resolves, request.resolvedPath!) || invisible;
    // One warning for the whole card, read with it.
    const warning = invisible ? el('div', 'approval-invisible-note') : undefined;
    if (warning) {
      warning.id = `approval-invisible-${safeId}`;
      warning.textContent = TEXT.invisible;
      card.setAttribute('aria-describedby', `${argsId} ${warning.id} ${this.keysId}`);
    }
    const actions = el('div', 'approval-actions');
    const allow = button(TEXT.allowOnce, 'allow-once', 'codicon-check', true);
    const always = button(TEXT.allowAlways(request.name), 'allow-always', 'codicon-check-all', true);
    const deny = button(TEXT.deny, 'deny', 'codicon-close', true);
    deny.classList.add('secondary');
    always.classList.add('secondary');
    const shownAt = performance.now();
    const buttons = [allow, always, deny];
    // While arming, the buttons say they are not yet usable (and ignore activations).
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    // A change the card shows only in part is allowed after its diff was opened (the host checks this too).
    let mustOpenDiff = !!request.edit?.partial;
    setTimeout(() => { for (const b of buttons) if (!(mustOpenDiff && b === allow)) b.removeAttribute('aria-disabled'); }, APPROVAL_ARMING_MS);
    const decide = (d: ApprovalDecision) => {
      if (performance.now() - shownAt < APPROVAL_ARMING_MS) return;
      if (d !== 'deny' && mustOpenDiff) return;
      post({ type: 'approve', callId: request.callId, decision: d });
      this.remove(request.callId);
    };
    allow.addEventListener('click', () => decide('once'));
    always.addEventListener('click', () => decide('always'));
    deny.addEventListener('click', () => decide('deny'));
    card.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        decide('deny');
      }
    });
    // Writes are allowed one at a time: no "always" for an edit, and its diff can open in the diff editor.
    if (request.edit) {
      always.remove();
      buttons.splice(buttons.indexOf(always), 1);
      const open = button(TEXT.openDiff, 'open-diff', 'codicon-diff', true);
      open.classList.add('secondary');
      open.addEventListener('click', () => {
        post({ type: 'openApprovalDiff', callId: request.callId });
        if (!mustOpenDiff) return;
        mustOpenDiff = false;
        if (performance.now() - shownAt >= APPROVAL_ARMING_MS) allow.removeAttribute('aria-disabled');
      });
      buttons.push(open);
    }
    actions.append(...buttons);
    card.append(title, args, ...(target ? [target] : []), ...(warning ? [warning] : []), actions);
    this.cards.set(request.callId, card);
    this.element.append(card);
    this.element.hidden = false;
    const announced = TEXT.announce(request.name, request.resolvedPath === undefined ? undefined : plainName(request.resolvedPath));
    this.announce(warning ? `${announced} ${TEXT.invisible}` : announced);
  }

  remove(callId: string): void {
    const card = this.cards.get(callId);
    if (!card) return;
    const hadFocus = card.contains(document.activeElement);
    card.remove();
    this.cards.delete(callId);
    this.element.hidden = this.cards.size === 0 && !this.continueBar;
    // Focus follows the user's answer to the next card (the card, not its Allow button, so a repeated
    // Enter cannot approve it), or back to the message box.
    if (hadFocus) {
      if (this.cards.size) this.focusFirst();
      else this.returnFocus();
    }
  }

  /** The answer stopped at max output tokens: offer to continue it. */
  offerContinue(turnId: string): void {
    this.clearContinue();
    const bar = el('div', 'approval continue-bar');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', TEXT.incomplete);
    const text = el('span');
    text.textContent = TEXT.incompleteText;
    const b = button(TEXT.continue, 'continue', 'codicon-debug-continue', true);
    b.addEventListener('click', () => {
      post({ type: 'continue', turnId });
      this.clearContinue();
    });
    bar.append(text, b);
    this.continueBar = bar;
    this.element.append(bar);
    this.element.hidden = false;
    this.announce(TEXT.announceIncomplete);
  }

  clearContinue(): void {
    this.continueBar?.remove();
    this.continueBar = undefined;
    this.element.hidden = this.cards.size === 0;
  }
}

/**
 * An edit tool's change on its card: what it does to which file, and the unified diff, +/− lines marked;
 * `invisible` when the path or the diff has characters drawn as escapes.
 */
function editDiff(edit: NonNullable<ApprovalRequest['edit']>): { box: HTMLElement; invisible: boolean } {
  const box = el('div', 'approval-edit');
  const summary = el('div', 'approval-edit-summary');
  let invisible = appendSentence(summary, (slot) => TEXT.editSummary(edit.kind, slot, edit.added, edit.removed), edit.path);
  const pre = el('pre', 'approval-diff');
  pre.setAttribute('aria-label', TEXT.diffLabel(plainName(edit.path)));
  pre.tabIndex = 0;
  for (const line of edit.diff.split('\n')) {
    const l = el('span', line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : line.startsWith('@@') ? 'diff-hunk' : 'diff-ctx');
    invisible = appendShown(l, line, 'text') || invisible;
    l.append('\n');
    pre.append(l);
  }
  box.append(summary);
  if (edit.partial !== 'none') box.append(pre);
  if (edit.partial) {
    // Said in words, and tied to the card, so a screen reader hears why Allow waits.
    const note = el('div', 'approval-diff-note');
    note.textContent = edit.partial === 'none' ? TEXT.diffTooLarge : TEXT.diffCut(edit.hiddenLines ?? 0);
    box.append(note);
  }
  return { box, invisible };
}
