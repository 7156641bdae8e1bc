// The transcript: renders turns and applies streamed TurnEvents with the same reducer the host uses.
// Per delta it touches only the part that changed. What is drawn in a turn lives in parts/, one file
// each (partView, footer, errorCard, attachmentChips, changedFiles, researchPlan, toolCards); the
// frame budget for streamed text is frameScheduler.ts.
import type { ViewTurn } from '../../core/panel/protocol';
import type { ChangedFile, InteractionStatus, ModelTurn, ModelTurnState, TurnError, TurnEvent, Usage, UserTurn } from '../../core/conversation/types';
import { applyTurnEvent } from '../../core/conversation/transcript';
import { button, el } from '../shared/dom';
import { setSources, type CardContext } from './parts/toolCards';
import { partView, type RenderedPart } from './parts/partView';
import { footer } from './parts/footer';
import { errorCard } from './parts/errorCard';
import { attachmentChips } from './parts/attachmentChips';
import { changedFilesView } from './parts/changedFiles';
import { researchPlanView } from './parts/researchPlan';
import { planCard } from '../plan/planCard';
import { modeIcon, modeName } from '../modes/modePicker';
import { releaseDetachedMedia } from './lazyMedia';
import { saveUiState, uiState } from '../shared/host';
import { applyPendingText } from './frameScheduler';
import { t as tr, tn } from '../shared/i18n';

/** Turns rendered when a conversation opens (the end of it); earlier ones come on demand. */
const INITIAL_TURNS = 20;
const PAGE_TURNS = 40;

interface RenderedTurn {
  turn: ModelTurn;
  root: HTMLElement;
  partsEl: HTMLElement;
  parts: (RenderedPart | undefined)[];
  notice: HTMLElement;
  /** The turn ended but its text is still being drawn (over a few frames): no footer yet. */
  drawing?: boolean;
}

export class TranscriptView {
  readonly element: HTMLElement;
  private readonly models = new Map<string, RenderedTurn>();
  /** Cards the user expanded (`turnId:index`), kept in the webview's UI state across reloads of the view. */
  private readonly expanded = new Set<string>(uiState().expanded ?? []);

  constructor() {
    this.element = el('div', 'transcript');
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', tr('turns.label'));
    // Not a live region (role=log implies aria-live=polite): screen readers would read every streamed
    // delta. The start and end of an answer are announced once each by the view's live region instead;
    // the turns are articles to move between.
    this.element.setAttribute('aria-live', 'off');
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
      // What this frame draws first, whichever frame callback was asked for first.
      applyPendingText();
      this.renderWaitingParts();
      if (this.following) this.scrollToEnd();
    });
  }

  // ---- long conversations: the end first, earlier turns on demand -------------------------------

  /** Turns not rendered yet (the oldest), shown a page at a time by the button or scrolling up. */
  private earlier: ViewTurn[] = [];
  private firstTurnId: string | undefined;
  private readonly showEarlierButton = (() => {
    const b = button(tr('turns.showEarlier'), 'show-earlier', 'codicon-fold-up', true);
    b.addEventListener('click', () => this.showEarlier(true));
    return b;
  })();

  /** Ids of the turns of the conversation shown (rendered or waiting in `earlier`), in order. */
  private ids: string[] = [];
  /** Each model turn's number in the conversation ("Gemini, answer 3"), and how many there are. */
  private readonly answerNumbers = new Map<string, number>();
  private answers = 0;

  private numberAnswers(turns: ViewTurn[]): void {
    for (const t of turns) if (t.role === 'model' && !this.answerNumbers.has(t.id)) this.answerNumbers.set(t.id, ++this.answers);
  }

  /**
   * Whether `turns` are exactly the turns shown and all of them have finished here too: then a new state
   * of the conversation (after an answer, a rename, a settings change) needs no re-render.
   */
  showsFinished(turns: ViewTurn[]): boolean {
    if (turns.length !== this.ids.length || turns.some((t, i) => t.id !== this.ids[i])) return false;
    for (const t of turns) if (t.role === 'model' && t.state === 'streaming') return false;
    for (const m of this.models.values()) if (m.turn.state === 'streaming') return false;
    return true;
  }

  renderAll(turns: ViewTurn[]): void {
    this.models.clear();
    this.ids = turns.map((t) => t.id);
    this.answerNumbers.clear();
    this.answers = 0;
    this.numberAnswers(turns);
    // The same conversation again (e.g. after an answer): keep what the user had expanded.
    const same = turns.length > 0 && turns[0].id === this.firstTurnId;
    const keep = Math.min(turns.length, Math.max(INITIAL_TURNS, same ? turns.length - this.earlier.length : 0));
    this.firstTurnId = turns[0]?.id;
    this.earlier = turns.slice(0, turns.length - keep);
    this.element.replaceChildren(this.showEarlierButton, ...turns.slice(turns.length - keep).map((t) => this.renderTurn(t)));
    this.updateShowEarlier();
    this.scrollToEnd();
    releaseDetachedMedia();
  }

  append(...turns: ViewTurn[]): void {
    if (!this.firstTurnId) this.firstTurnId = turns[0]?.id;
    this.ids.push(...turns.map((t) => t.id));
    this.numberAnswers(turns);
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
    const label = tn('turns.showEarlierN', n);
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
        // A thought summary or streamed arguments: the card is drawn again at most once per frame.
        this.renderPartAtNextFrame(t, ev.index);
        break;
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

  /** `drawn` runs once the whole answer is on screen (the footer then appears too). */
  finish(turnId: string, end: { state: ModelTurnState; status?: InteractionStatus; usage?: Usage; error?: TurnError; finishedAt?: number }, drawn: () => void = () => {}): void {
    const t = this.models.get(turnId);
    if (!t) { drawn(); return; }
    Object.assign(t.turn, end);
    this.renderWaitingParts();
    this.drawRemainder(t, drawn);
  }

  /**
   * Finishes the turn's text views; the turn stays aria-busy, without its footer, until all of them are
   * drawn. A long remainder takes a few frames, and the view keeps following the end meanwhile.
   */
  private drawRemainder(entry: RenderedTurn, drawn: () => void = () => {}): void {
    const texts = entry.parts.flatMap((p) => (p?.text ? [p.text] : []));
    let left = texts.length + 1;
    entry.drawing = true;
    const one = () => {
      if (--left > 0) return;
      entry.drawing = false;
      entry.root.removeAttribute('aria-busy');
      this.renderFooter(entry);
      drawn();
    };
    for (const text of texts) text.finish(one);
    one(); // the loop's own count: nothing is finished before every view was told
    if (!entry.drawing) return;
    entry.root.setAttribute('aria-busy', 'true');
    this.renderFooter(entry); // no longer .streaming (its error card, if any); the footer comes when drawn
    const keepFollowing = () => {
      if (!entry.drawing) return;
      this.followEnd();
      requestAnimationFrame(keepFollowing);
    };
    keepFollowing();
  }

  private renderTurn(t: ViewTurn): HTMLElement {
    // Each turn is an article a screen reader can move between, named by who speaks.
    const root = el('article', `turn ${t.role}`);
    root.dataset.turnId = t.id;
    const n = this.answerNumbers.get(t.id);
    root.setAttribute('aria-label', t.role === 'user' ? tr('turns.you') : n ? tr('turns.answerN', n) : tr('turns.gemini'));
    const who = el('div', 'who');
    who.textContent = tr(t.role === 'user' ? 'turns.you' : 'turns.gemini');
    // The mode the answer ran in (its tools), as a small label: turns from before modes have none.
    const mode = t.role === 'model' ? (t as ModelTurn).mode : undefined;
    if (mode) {
      const label = el('span', `mode-label ${mode}`);
      label.title = tr('mode.turnTitle', modeName(mode));
      const icon = el('span', `codicon ${modeIcon(mode)}`);
      icon.setAttribute('aria-hidden', 'true');
      const name = el('span');
      name.textContent = modeName(mode);
      const described = el('span', 'sr-only');
      described.textContent = `(${label.title})`;
      label.append(icon, name, described);
      // What a screen reader says is the title in full, not the short name twice.
      name.setAttribute('aria-hidden', 'true');
      who.append(label);
    }
    root.append(who);
    if (t.role === 'user') {
      const body = el('div', 'body');
      body.textContent = t.text;
      root.append(body);
      const chips = attachmentChips(t as UserTurn);
      if (chips) root.append(chips);
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
    // Busy while it streams and until its text is drawn (drawRemainder).
    if (turn.state === 'streaming') {
      root.setAttribute('aria-busy', 'true');
      this.renderFooter(entry);
    } else this.drawRemainder(entry);
    return root;
  }

  /** A failed answer is being retried: its view goes, the new attempt streams in its place. */
  replaceTurn(failedTurnId: string, model: ViewTurn): void {
    const old = this.models.get(failedTurnId);
    this.models.delete(failedTurnId);
    const at = this.ids.indexOf(failedTurnId);
    if (at >= 0) this.ids[at] = model.id; else this.ids.push(model.id);
    const n = this.answerNumbers.get(failedTurnId);
    if (n !== undefined) this.answerNumbers.set(model.id, n); else this.numberAnswers([model]);
    const fresh = this.renderTurn(model);
    if (old) old.root.replaceWith(fresh);
    else this.element.append(fresh);
    this.scrollToEnd();
    releaseDetachedMedia();
  }

  private cardContext(turnId: string, index: number): CardContext {
    const key = `${turnId}:${index}`;
    return {
      turnId, index, expanded: this.expanded.has(key),
      onToggle: (open) => {
        if (open === this.expanded.has(key)) return;
        if (open) this.expanded.add(key); else this.expanded.delete(key);
        // Bounded, so a long session does not grow the UI state without limit.
        saveUiState({ expanded: [...this.expanded].slice(-200) });
      },
    };
  }

  private readonly partsToRender = new Map<RenderedTurn, Set<number>>();

  private renderPartAtNextFrame(entry: RenderedTurn, index: number): void {
    const first = this.partsToRender.size === 0;
    let set = this.partsToRender.get(entry);
    if (!set) this.partsToRender.set(entry, set = new Set());
    set.add(index);
    if (first) requestAnimationFrame(() => this.renderWaitingParts());
  }

  private renderWaitingParts(): void {
    const waiting = [...this.partsToRender];
    this.partsToRender.clear();
    for (const [entry, indexes] of waiting) for (const i of indexes) this.renderPart(entry, i);
  }

  private renderPart(entry: RenderedTurn, index: number): void {
    const part = entry.turn.parts[index];
    if (!part) return;
    const fresh = partView(part, this.cardContext(entry.turn.id, index));
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
    root.classList.toggle('stopped', turn.state === 'stopped');
    if (turn.error) root.append(errorCard(turn.error, () => this.isLast(entry)));
    root.querySelector(':scope > .changed-files')?.remove();
    root.querySelector(':scope > .research-plan')?.remove();
    if (turn.changedFiles?.length) root.append(changedFilesView(turn));
    if (turn.researchPlan && turn.state === 'done') root.append(researchPlanView());
    // A Plan answer's checklist card, drawn once (a redraw of the footer keeps it, and the focus in it).
    if (turn.state === 'done' && !entry.drawing && !root.querySelector(':scope > .plan-card')) {
      const card = planCard(turn);
      if (card) root.append(card);
    }
    if (turn.state === 'streaming' || entry.drawing) return;
    this.fillSources(entry);
    root.append(footer(turn));
  }

  /** A Deep Research plan waits for Start research (or a reply that revises it), or no longer does. */
  researchPlan(turnId: string, waiting: boolean): void {
    const entry = this.models.get(turnId);
    if (!entry) return;
    entry.turn.researchPlan = waiting;
    this.renderFooter(entry);
  }

  /** The files a turn's edit tools changed (live while it runs, and after an Undo). */
  changedFiles(turnId: string, files: ChangedFile[]): void {
    const entry = this.models.get(turnId);
    if (!entry) return;
    entry.turn.changedFiles = files;
    this.renderFooter(entry);
  }

  /** Google Search cards list the sources the answer cites. */
  private fillSources(entry: RenderedTurn): void {
    const seen = new Map<string, string | undefined>();
    for (const p of entry.turn.parts) {
      if (p?.kind !== 'text') continue;
      for (const c of p.citations ?? []) if (c.url && !seen.has(c.url)) seen.set(c.url, c.title);
    }
    const sources = [...seen].map(([url, title]) => ({ url, ...(title ? { title } : {}) }));
    entry.turn.parts.forEach((p, i) => {
      const element = entry.parts[i]?.element;
      if (p?.kind === 'searchResult' && element) setSources(element, sources);
    });
  }

  private isLast(entry: RenderedTurn): boolean {
    return this.element.lastElementChild === entry.root;
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
