// The transcript: renders turns and applies streamed TurnEvents with the same reducer the host uses.
// Per delta it touches only the part that changed.
import type { ViewTurn } from '../../core/panel/protocol';
import type { ChangedFile, InteractionStatus, ModelTurn, ModelTurnState, TurnError, TurnEvent, Usage, UserTurn } from '../../core/conversation/types';
import { applyTurnEvent } from '../../core/conversation/transcript';
import { button, el } from '../shared/dom';
import { post } from '../shared/host';
import { setSources, toolCard, type CardContext } from './parts/toolCards';
import { releaseDetachedMedia } from './lazyMedia';
import { saveUiState, uiState } from '../shared/host';
import { createTextView, type TextView } from './textView';
import { applyPendingText } from './frameScheduler';
import { formatNumber, formatSeconds, formatSize, t as tr, tn } from '../shared/i18n';
import { turnCostLabel } from '../header/meter';

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

function partView(part: ModelTurn['parts'][number], ctx: CardContext): RenderedPart {
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
      s.textContent = tr(part.text ? 'turns.thoughts' : 'turns.thinking');
      const body = el('div', 'thought-body');
      body.textContent = part.text;
      d.append(s, body);
      return { element: d };
    }
    default:
      return { element: toolCard(part, ctx) };
  }
}

/** Model · tokens (input/cached/output/thought/total) · estimated cost · duration, and "stopped" when it was. */
function footer(turn: ModelTurn): HTMLElement {
  const f = el('div', 'footer');
  const bits: string[] = [];
  const add = (text: string, title?: string, icon?: string, spoken = title ?? text) => {
    const span = el('span', 'footer-item');
    if (icon) {
      const i = el('span', `codicon ${icon}`);
      i.setAttribute('aria-hidden', 'true');
      span.append(i);
    }
    span.append(text);
    if (title) span.title = title;
    f.append(span);
    if (spoken) bits.push(spoken);
  };
  add(turn.model, tr('footer.model'), 'codicon-sparkle', turn.model);
  if (turn.state === 'stopped') add(tr('footer.stopped'), tr('footer.stoppedTitle'), 'codicon-debug-stop');
  const u = turn.usage;
  if (u) {
    const parts = [
      u.input !== undefined ? tr('footer.in', formatNumber(u.input)) : '',
      // Cached input is part of the input count (billed at a lower rate); shown when the server reused history.
      u.cached ? tr('footer.cached', formatNumber(u.cached)) : '',
      u.output !== undefined ? tr('footer.out', formatNumber(u.output)) : '',
      u.thought ? tr('footer.thought', formatNumber(u.thought)) : '',
      u.total !== undefined ? tr('footer.total', formatNumber(u.total)) : '',
    ].filter(Boolean);
    // Each count stays on one line; the list wraps between them in a narrow side bar.
    // The last count carries the unit; "N total tokens" has its own wording in each language.
    const last = (p: string) => (u.total !== undefined ? tr('footer.totalTokens', formatNumber(u.total)) : tr('footer.tokens', p));
    for (const [i, p] of parts.entries()) add(i === parts.length - 1 ? last(p) : p, i === 0 ? tr('footer.tokensTitle', parts.join(', ')) : undefined, i === 0 ? 'codicon-symbol-numeric' : undefined, i === 0 ? undefined : '');
  }
  // The estimate only with geminiInteractions.cost.show and a known price (never a made-up $0).
  const cost = turn.state !== 'streaming' ? turnCostLabel(turn.model, u) : undefined;
  if (cost) add(cost.text, cost.title, 'codicon-credit-card', cost.text);
  // Restored turns have only second-precision server times: no meaningful duration.
  if (turn.finishedAt && turn.finishedAt > turn.startedAt) add(formatSeconds(turn.finishedAt - turn.startedAt), undefined, 'codicon-watch');
  f.setAttribute('aria-label', bits.join(', '));
  return f;
}

/** An error as a card with what the user can do: Retry (on the last turn), Set API Key, Open Settings. */
function errorCard(error: TurnError, isLast: () => boolean): HTMLElement {
  // Not an alert of its own: the view's live region announces the failure once (main.ts).
  const err = el('div', 'turn-error');
  const icon = el('span', 'codicon codicon-error');
  icon.setAttribute('aria-hidden', 'true');
  const text = el('span', 'error-text');
  text.textContent = error.code ? `${error.message} (${error.code})` : error.message;
  err.append(icon, text);
  const actions = el('span', 'error-actions');
  if (error.action === 'retry' || (!error.action && error.code !== '400' && error.code !== '403')) {
    const b = button(tr('action.retry'), 'retry', 'codicon-refresh', true);
    b.addEventListener('click', () => {
      if (!isLast() || b.getAttribute('aria-disabled') === 'true') return;
      // aria-disabled, not disabled: a disabled button drops the keyboard focus to <body>. The card is
      // replaced by the new attempt in a moment, and focus then moves to the message box (main.ts).
      b.setAttribute('aria-disabled', 'true');
      post({ type: 'retry' });
    });
    // Only the last answer can be retried (later turns were built on it): styles.css hides the others.
    actions.append(b);
  }
  if (error.action === 'setApiKey') {
    const b = button(tr('action.setApiKey'), 'set-key', 'codicon-key', true);
    b.addEventListener('click', () => post({ type: 'runCommand', command: 'setApiKey' }));
    actions.append(b);
  }
  if (error.manageKeys) {
    const b = button(tr('action.manageKeys'), 'manage-keys', 'codicon-link-external', true);
    b.addEventListener('click', () => post({ type: 'runCommand', command: 'manageKeys' }));
    actions.append(b);
  }
  if (error.action === 'openSettings' || error.code === '400' || error.code === '404') {
    const b = button(tr('action.openSettings'), 'open-settings', 'codicon-settings-gear', true);
    b.addEventListener('click', () => post({ type: 'runCommand', command: 'openSettings' }));
    actions.append(b);
  }
  const log = button(tr('action.showLog'), 'show-log', 'codicon-output');
  log.addEventListener('click', () => post({ type: 'runCommand', command: 'showLog' }));
  actions.append(log);
  err.append(actions);
  return err;
}

/** The files a user attached to a message, as chips: name, type, size. */
function attachmentChips(t: UserTurn): HTMLElement | undefined {
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

/** "Changed files": each file with its +/− counts (opens its diff), and Undo for the turn. */
function changedFilesView(turn: ModelTurn): HTMLElement {
  const box = el('div', 'changed-files');
  box.setAttribute('role', 'group');
  const title = el('div', 'changed-title');
  title.id = `changed-${turn.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  title.textContent = CHANGED_TEXT.title(turn.changedFiles!.length);
  box.setAttribute('aria-labelledby', title.id);
  const list = el('ul');
  for (const f of turn.changedFiles!) {
    const li = el('li');
    const open = button(CHANGED_TEXT.open(f.path), 'changed-open', f.kind === 'create' ? 'codicon-new-file' : f.kind === 'delete' ? 'codicon-trash' : 'codicon-diff', false);
    open.append(` ${f.path} `);
    const added = el('span', 'added');
    added.textContent = `+${f.added}`;
    const removed = el('span', 'removed');
    removed.textContent = ` −${f.removed}`;
    open.append(added, removed);
    if (f.undone) { li.classList.add('undone'); open.title = CHANGED_TEXT.undone(f.path); }
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

/** Under a Deep Research plan: Start research, or reply in the message box to revise the plan. */
function researchPlanView(): HTMLElement {
  const box = el('div', 'research-plan');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', PLAN_TEXT.label);
  const hint = el('span', 'research-plan-hint');
  hint.textContent = PLAN_TEXT.hint;
  const start = button(PLAN_TEXT.start, 'start-research', 'codicon-play', true);
  start.addEventListener('click', () => post({ type: 'startPlannedResearch' }));
  box.append(start, hint);
  return box;
}

const PLAN_TEXT = {
  get label() { return tr('plan.label'); },
  get start() { return tr('plan.start'); },
  get hint() { return tr('plan.hint'); },
};
