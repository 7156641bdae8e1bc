// Approval of workspace tool calls (Allow once / Always allow this tool in this workspace / Deny) and the
// Continue action after an answer hit the output token limit. Keyboard: the first pending request takes
// focus, Tab moves between its buttons, Escape denies. Arguments are shown as text, never as HTML.
import type { ApprovalDecision, ApprovalRequest } from '../core/protocol';
import { button, el } from './dom';
import { post } from './host';

export class ApprovalView {
  readonly element: HTMLElement;
  private readonly cards = new Map<string, HTMLElement>();
  private continueBar: HTMLElement | undefined;

  constructor(private readonly announce: (text: string) => void) {
    this.element = el('div', 'approvals');
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', 'Tool approvals');
    this.element.hidden = true;
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
    const titleId = `approval-${request.callId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    card.setAttribute('aria-labelledby', titleId);
    const title = el('div', 'approval-title');
    title.id = titleId;
    title.textContent = `Gemini wants to run ${request.name}`;
    const args = el('pre', 'approval-args');
    args.textContent = request.argsText;
    args.setAttribute('aria-label', `Arguments of ${request.name}`);
    // A link's real target, so "docs/notes.md" that leads to ~/.ssh/id_rsa is seen for what it is.
    const target = request.resolvedPath ? el('div', 'approval-target') : undefined;
    if (target) target.textContent = `Resolves to: ${request.resolvedPath}`;
    const actions = el('div', 'approval-actions');
    const allow = button('Allow once', 'allow-once', 'codicon-check', true);
    const always = button(`Always allow ${request.name} in this workspace`, 'allow-always', 'codicon-check-all', true);
    const deny = button('Deny', 'deny', 'codicon-close', true);
    deny.classList.add('secondary');
    always.classList.add('secondary');
    const decide = (d: ApprovalDecision) => {
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
    actions.append(allow, always, deny);
    card.append(title, args, ...(target ? [target] : []), actions);
    this.cards.set(request.callId, card);
    this.element.append(card);
    this.element.hidden = false;
    this.announce(`Approval needed: Gemini wants to run ${request.name}.${request.resolvedPath ? ` Its path resolves to ${request.resolvedPath}.` : ''}`);
    if (this.cards.size === 1) allow.focus();
  }

  remove(callId: string): void {
    const card = this.cards.get(callId);
    if (!card) return;
    const hadFocus = card.contains(document.activeElement);
    card.remove();
    this.cards.delete(callId);
    this.element.hidden = this.cards.size === 0 && !this.continueBar;
    if (hadFocus) this.element.querySelector<HTMLButtonElement>('.approval .allow-once')?.focus();
  }

  /** The answer stopped at max output tokens: offer to continue it. */
  offerContinue(turnId: string): void {
    this.clearContinue();
    const bar = el('div', 'approval continue-bar');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Incomplete answer');
    const text = el('span');
    text.textContent = 'The answer reached the maximum output tokens and is incomplete.';
    const b = button('Continue', 'continue', 'codicon-debug-continue', true);
    b.addEventListener('click', () => {
      post({ type: 'continue', turnId });
      this.clearContinue();
    });
    bar.append(text, b);
    this.continueBar = bar;
    this.element.append(bar);
    this.element.hidden = false;
    this.announce('The answer is incomplete. Continue is available.');
  }

  clearContinue(): void {
    this.continueBar?.remove();
    this.continueBar = undefined;
    this.element.hidden = this.cards.size === 0;
  }
}
