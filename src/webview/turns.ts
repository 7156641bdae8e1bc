// The transcript: renders turns and applies streamed TurnEvents with the same reducer the host uses.
// Per delta it touches only the part that changed.
import type { ViewTurn } from '../core/protocol';
import type { InteractionStatus, ModelTurn, ModelTurnState, TurnError, TurnEvent, Usage } from '../core/model';
import { applyTurnEvent } from '../core/transcript';
import { button, el } from './dom';
import { post } from './host';
import { toolCard } from './cards';
import { createTextView, type TextView } from './textView';

/** Turns rendered when a conversation opens (the end of it); earlier ones come on demand. */
const INITIAL_TURNS = 20;
const PAGE_TURNS = 40;

interface RenderedPart {
  element: HTMLElement;
  text?: TextView;
}

interface RenderedTurn {
  turn: ModelTurn;
  root: HTMLElement;
  partsEl: HTMLElement;
  parts: (RenderedPart | undefined)[];
  notice: HTMLElement;
}

export class TranscriptView {
  readonly element: HTMLElement;
  private readonly models = new Map<string, RenderedTurn>();

  constructor() {
    this.element = el('div', 'transcript');
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', 'Conversation');
    this.element.tabIndex = 0;
    // Whether to keep following the end is decided when the user scrolls, not per delta: reading the
    // layout on every delta would force a synchronous layout of the whole transcript each time.
    this.element.addEventListener('scroll', () => {
      this.following = this.nearBottom();
      if (this.element.scrollTop < 64 && this.earlier.length) requestAnimationFrame(() => this.showEarlier());
    }, { passive: true });
  }

  private following = true;
  private scrollQueued = false;

  /** Scrolls to the end at the next frame (once per frame however many deltas arrive), if following. */
  private followEnd(): void {
    if (!this.following || this.scrollQueued) return;
    this.scrollQueued = true;
    requestAnimationFrame(() => {
      this.scrollQueued = false;
      if (this.following) this.scrollToEnd();
    });
  }

  // ---- long conversations: the end first, earlier turns on demand -------------------------------

  /** Turns not rendered yet (the oldest), shown a page at a time by the button or scrolling up. */
  private earlier: ViewTurn[] = [];
  private firstTurnId: string | undefined;
  private readonly showEarlierButton = (() => {
    const b = button('Show earlier messages', 'show-earlier', 'codicon-fold-up', true);
    b.addEventListener('click', () => this.showEarlier(true));
    return b;
  })();

  renderAll(turns: ViewTurn[]): void {
    this.models.clear();
    // The same conversation again (e.g. after an answer): keep what the user had expanded.
    const same = turns.length > 0 && turns[0].id === this.firstTurnId;
    const keep = Math.min(turns.length, Math.max(INITIAL_TURNS, same ? turns.length - this.earlier.length : 0));
    this.firstTurnId = turns[0]?.id;
    this.earlier = turns.slice(0, turns.length - keep);
    this.element.replaceChildren(this.showEarlierButton, ...turns.slice(turns.length - keep).map((t) => this.renderTurn(t)));
    this.updateShowEarlier();
    this.scrollToEnd();
  }

  append(...turns: ViewTurn[]): void {
    if (!this.firstTurnId) this.firstTurnId = turns[0]?.id;
    this.element.append(...turns.map((t) => this.renderTurn(t)));
    this.scrollToEnd();
  }

  /** Renders the previous page of turns above the rendered ones, keeping what is on screen in place. */
  showEarlier(fromKeyboardOrClick = false): void {
    if (!this.earlier.length) return;
    const batch = this.earlier.splice(Math.max(0, this.earlier.length - PAGE_TURNS));
    // Keep the first rendered turn where it is on screen. Measured, not computed from scrollHeight:
    // the browser's own scroll anchoring may already have compensated.
    const ref = this.showEarlierButton.nextElementSibling;
    const before = ref?.getBoundingClientRect().top ?? 0;
    this.showEarlierButton.after(...batch.map((t) => this.renderTurn(t)));
    if (ref) this.element.scrollTop += ref.getBoundingClientRect().top - before;
    this.updateShowEarlier();
    // The button disappears with the last page: keep the focus in the transcript, not on <body>.
    if (fromKeyboardOrClick && !this.earlier.length) this.element.focus();
  }

  private updateShowEarlier(): void {
    const n = this.earlier.length;
    this.showEarlierButton.hidden = n === 0;
    const label = `Show ${n} earlier message${n === 1 ? '' : 's'}`;
    this.showEarlierButton.setAttribute('aria-label', label);
    this.showEarlierButton.title = label;
    const text = this.showEarlierButton.querySelector('span:not(.codicon)');
    if (text) text.textContent = label;
  }

  onEvent(turnId: string, ev: TurnEvent): void {
    const t = this.models.get(turnId);
    if (!t) return;
    applyTurnEvent(t.turn, ev);
    switch (ev.type) {
      case 'text': {
        const rendered = t.parts[ev.index];
        if (rendered?.text) rendered.text.append(ev.text);
        else this.renderPart(t, ev.index);
        break;
      }
      case 'citations':
      case 'update': {
        const rendered = t.parts[ev.index];
        const part = t.turn.parts[ev.index];
        if (rendered?.text && part?.kind === 'text') rendered.text.update(part.text, part.citations);
        else this.renderPart(t, ev.index);
        break;
      }
      case 'thought':
      case 'args':
      case 'part':
        this.renderPart(t, ev.index);
        break;
      default:
        break;
    }
    this.followEnd();
  }

  notice(turnId: string, text: string | undefined): void {
    const t = this.models.get(turnId);
    if (!t) return;
    t.notice.textContent = text ?? '';
    t.notice.hidden = !text;
  }

  finish(turnId: string, end: { state: ModelTurnState; status?: InteractionStatus; usage?: Usage; error?: TurnError; finishedAt?: number }): void {
    const t = this.models.get(turnId);
    if (!t) return;
    Object.assign(t.turn, end);
    for (const p of t.parts) p?.text?.finish();
    this.renderFooter(t);
  }

  private renderTurn(t: ViewTurn): HTMLElement {
    const root = el('div', `turn ${t.role}`);
    root.dataset.turnId = t.id;
    const who = el('div', 'who');
    who.textContent = t.role === 'user' ? 'You' : 'Gemini';
    root.append(who);
    if (t.role === 'user') {
      const body = el('div', 'body');
      body.textContent = t.text;
      root.append(body);
      return root;
    }
    const turn: ModelTurn = { ...(t as ModelTurn), parts: [...(t as ModelTurn).parts] };
    const partsEl = el('div', 'parts');
    const notice = el('div', 'notice');
    notice.hidden = !turn.notice;
    notice.textContent = turn.notice ?? '';
    root.append(partsEl, notice);
    const entry: RenderedTurn = { turn, root, partsEl, parts: [], notice };
    this.models.set(t.id, entry);
    turn.parts.forEach((_, i) => this.renderPart(entry, i));
    if (turn.state !== 'streaming') for (const p of entry.parts) p?.text?.finish();
    this.renderFooter(entry);
    return root;
  }

  private renderPart(entry: RenderedTurn, index: number): void {
    const part = entry.turn.parts[index];
    if (!part) return;
    const fresh = partView(part);
    const old = entry.parts[index];
    if (old) old.element.replaceWith(fresh.element);
    else {
      // Parts arrive in index order almost always; insert before the next rendered one otherwise.
      const next = entry.parts.slice(index + 1).find(Boolean);
      if (next) entry.partsEl.insertBefore(fresh.element, next.element);
      else entry.partsEl.append(fresh.element);
    }
    entry.parts[index] = fresh;
  }

  private renderFooter(entry: RenderedTurn): void {
    const { turn, root } = entry;
    root.querySelector(':scope > .footer')?.remove();
    root.querySelector(':scope > .turn-error')?.remove();
    root.classList.toggle('streaming', turn.state === 'streaming');
    if (turn.error) {
      const err = el('div', 'turn-error');
      err.setAttribute('role', 'alert');
      err.textContent = turn.error.message;
      if (turn.error.action === 'setApiKey') {
        const b = button('Set API Key', 'set-key', 'codicon-key', true);
        b.addEventListener('click', () => post({ type: 'runCommand', command: 'setApiKey' }));
        err.append(b);
      }
      root.append(err);
    }
    if (turn.state === 'streaming') return;
    const f = el('div', 'footer');
    const bits = [turn.model];
    if (turn.state === 'stopped') bits.push('stopped');
    if (turn.usage?.total !== undefined) bits.push(`${turn.usage.total} tokens`);
    if (turn.finishedAt) bits.push(`${((turn.finishedAt - turn.startedAt) / 1000).toFixed(1)} s`);
    f.textContent = bits.join(' · ');
    root.append(f);
  }

  private nearBottom(): boolean {
    const e = this.element;
    return e.scrollHeight - e.scrollTop - e.clientHeight < 48;
  }

  scrollToEnd(): void {
    this.following = true;
    this.element.scrollTop = this.element.scrollHeight;
  }
}

function partView(part: ModelTurn['parts'][number]): RenderedPart {
  switch (part.kind) {
    case 'text': {
      const text = createTextView(part.text, part.citations);
      return { element: text.element, text };
    }
    case 'thought': {
      const d = document.createElement('details');
      // A thought with no summary (signature only) shows "Thinking…" while streaming and nothing after.
      d.className = part.text ? 'part thought' : 'part thought empty';
      const s = document.createElement('summary');
      s.textContent = part.text ? 'Thoughts' : 'Thinking…';
      const body = el('div', 'thought-body');
      body.textContent = part.text;
      d.append(s, body);
      return { element: d };
    }
    default:
      return { element: toolCard(part) };
  }
}
