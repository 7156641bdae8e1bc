// The chat webview's entry point: lays out the view and dispatches host messages to its parts.
// The host owns the conversation; this side renders it and keeps only UI state.
import './styles.css';
import '@vscode/codicons/dist/codicon.css';
import type { HostToWebview, ViewState } from '../core/panel/protocol';
import { DeltaReader } from '../core/panel/deltaCoalescer';
import { el } from './shared/dom';
import { post, saveUiState, settle, uiState } from './shared/host';
import { t } from './shared/i18n';
import { actionButton } from './shared/actionButton';
import { TranscriptView } from './conversation/transcriptView';
import { Composer } from './composer/composer';
import { ApprovalView } from './approvals/approvalView';
import { Toolbar } from './header/toolbar';
import { McpLine } from './header/mcpLine';
import { RulesLine } from './header/rulesLine';
import { IndexLine } from './header/indexLine';
import { HistoryView } from './history/historyView';
import { showApplyStatus } from './edits/applyUi';
import { ContextMeter, setCostInfo } from './header/meter';
import { ModePicker } from './modes/modePicker';

const app = document.getElementById('app')!;
app.innerHTML = '';
// The view's content is one landmark, so screen-reader users can jump to it and nothing is outside one.
app.setAttribute('role', 'main');
const banner = el('div', 'banner');
banner.setAttribute('role', 'note');
banner.hidden = true;
const transcript = new TranscriptView();
const empty = el('div', 'empty');
// The one polite live region: an answer starting and ending, its error, approval requests. Never a
// streamed delta (the transcript is aria-live=off, see conversation/transcriptView.ts).
const announcer = el('div', 'sr-only');
announcer.setAttribute('role', 'status');
announcer.setAttribute('aria-live', 'polite');
announcer.setAttribute('aria-atomic', 'true');
const announce = (text: string) => { announcer.textContent = text; };
const errorBox = el('div', 'error-banner');
errorBox.setAttribute('role', 'alert');
errorBox.hidden = true;
const composer = new Composer({
  send: (text, attachments) => {
    errorBox.hidden = true;
    post({ type: 'send', text, ...(attachments.length ? { attachments } : {}) });
  },
  stop: () => post({ type: 'stop' }),
  problem: (message) => showError(message),
});
// The composer's mode (Ask, Plan, Agent) beside the message box; the host remembers it per workspace.
const modePicker = new ModePicker((mode) => post({ type: 'setMode', mode }));
composer.addControl(modePicker.element);
const approvals = new ApprovalView(announce, () => composer.focus());
// ---- panel header and conversation list ----
const toolbar = new Toolbar(() => setHistoryOpen(!history.open));
const meter = new ContextMeter();
toolbar.element.append(meter.element);
const rulesLine = new RulesLine();
const mcpLine = new McpLine();
const indexLine = new IndexLine();
const history = new HistoryView(() => setHistoryOpen(false, true), (text) => announce(text));
app.append(toolbar.element, rulesLine.element, mcpLine.element, indexLine.element, banner, errorBox, history.element, empty, transcript.element, announcer, approvals.element, composer.element);

// What the live region says (the one place these strings live).
const TEXT = {
  get answering() { return t('announce.answering'); },
  get finished() { return t('announce.done'); },
  get stopped() { return t('announce.stopped'); },
  get failed() { return t('announce.failed'); },
};

let state: ViewState | undefined;

/**
 * Runs a re-render without losing the user's focus: when the focused element went away (a replaced turn,
 * a hidden Stop button, a disabled Send button, a removed list item), focus goes to the message box
 * instead of falling to <body>, where a keyboard or screen-reader user would be lost.
 */
function keepFocus(render: () => void): void {
  const before = document.activeElement;
  const hadFocus = !!before && before !== document.body && app.contains(before);
  render();
  if (!hadFocus) return;
  const now = document.activeElement;
  if (now && now !== document.body && app.contains(now) && isUsable(now as HTMLElement)) return;
  if (history.open) history.focus();
  else composer.focus();
}

/** Still in the page, shown and enabled (a disabled or hidden button cannot keep the focus). */
function isUsable(e: HTMLElement): boolean {
  if (!e.isConnected || (e as HTMLButtonElement).disabled) return false;
  return e.getClientRects().length > 0;
}
const deltas = new DeltaReader();

window.addEventListener('message', (e: MessageEvent<HostToWebview>) => onMessage(e.data));
post({ type: 'ready' });

function onMessage(m: HostToWebview): void {
  switch (m.type) {
    case 'state': {
      const switched = state?.conversationId !== m.state.conversationId;
      state = m.state;
      // New prices (cost.show or cost.prices changed): the finished answers' footers are drawn again.
      const costChanged = setCostInfo(state.meter?.cost);
      // Re-render the transcript only when it changed: after an answer, a rename or a settings change the
      // host sends the same turns the view already shows (it reduced the same events).
      keepFocus(() => {
        if (switched || (!state!.busy && (costChanged || !transcript.showsFinished(state!.turns)))) transcript.renderAll(state!.turns);
        toolbar.update(state!);
        modePicker.update(state!.mode, state!.modeTools);
        meter.update(state!.turns, state!.meter);
        rulesLine.update(state!.rules);
        mcpLine.update(state!.mcp);
        indexLine.update(state!.codeIndex);
        history.render(state!.conversations, state!.conversationId);
        approvals.setAll(state!.pendingApprovals);
        updateChrome();
      });
      if (switched) restoreScroll();
      return;
    }
    case 'turnRetried':
      if (state) {
        const i = state.turns.findIndex((t) => t.id === m.failedTurnId);
        if (i >= 0) state.turns[i] = m.model; else state.turns.push(m.model);
        state.busy = true;
      }
      keepFocus(() => {
        transcript.replaceTurn(m.failedTurnId, m.model);
        updateChrome();
      });
      announce(TEXT.answering);
      return;
    case 'showHistory':
      setHistoryOpen(true);
      return;
    case 'researchPlan':
      transcript.researchPlan(m.turnId, !m.done);
      return;
    case 'changedFiles':
      transcript.changedFiles(m.turnId, m.files);
      return;
    case 'applyStatus':
      showApplyStatus(m.status);
      return;
    case 'turnStarted':
      approvals.clearContinue();
      if (state) {
        state.turns.push(m.user, m.model);
        state.busy = true;
      }
      keepFocus(() => {
        transcript.append(m.user, m.model);
        updateChrome();
      });
      announce(TEXT.answering);
      return;
    case 'event':
      transcript.onEvent(m.turnId, m.event);
      return;
    case 'd': {
      const { turnId, event } = deltas.read(m);
      transcript.onEvent(turnId, event);
      return;
    }
    case 'notice':
      transcript.notice(m.turnId, m.text);
      return;
    case 'turnFinished':
      keepFocus(() => {
        // Announced once the answer is drawn (a long remainder takes a few frames), not before.
        transcript.finish(m.turnId, m, () => announce(m.state === 'done' ? TEXT.finished : m.state === 'stopped' ? TEXT.stopped : m.error?.message ? `${TEXT.failed} ${m.error.message}` : TEXT.failed));
        if (state) {
          state.busy = false;
          // The meter follows each answer without waiting for the host's next state.
          const done = state.turns.find((x) => x.id === m.turnId);
          if (done?.role === 'model' && m.usage) done.usage = m.usage;
          meter.update(state.turns, state.meter);
        }
        updateChrome();
      });
      return;
    case 'error':
      showError(m.message, m.action);
      return;
    case 'focusInput':
      composer.focus();
      return;
    case 'approval':
      approvals.add(m.request);
      return;
    case 'approvalDone':
      approvals.remove(m.callId);
      return;
    case 'incomplete':
      approvals.offerContinue(m.turnId);
      return;
    case 'response':
      settle(m);
      return;
    case 'draftRestore':
      composer.restoreDraft(m.text, m.attachments);
      return;
  }
}

function updateChrome(): void {
  composer.setBusy(state?.busy ?? false);
  banner.hidden = !state?.customEndpoint;
  banner.textContent = state?.customEndpoint
    ? t('banner.customEndpoint', state.customEndpoint, 'geminiInteractions.apiBaseUrl')
    : '';
  const hasTurns = (state?.turns.length ?? 0) > 0;
  empty.hidden = hasTurns || history.open;
  if (!hasTurns) renderEmpty();
}

function renderEmpty(): void {
  empty.replaceChildren();
  const h = el('h2');
  h.textContent = t('empty.title');
  const p = el('p');
  p.textContent = t('empty.text');
  empty.append(h, p);
  if (state && !state.hasApiKey) empty.append(actionButton('setApiKey'));
  else if (state?.codeIndex?.state === 'none') {
    // No codebase index yet: offered here, where a new conversation starts, not in every header.
    const hint = el('p', 'empty-index');
    hint.textContent = t('empty.index');
    empty.append(hint, actionButton('indexWorkspace'));
  }
}

function showError(message: string, action?: 'setApiKey' | 'openSettings'): void {
  errorBox.replaceChildren();
  const text = el('span');
  text.textContent = message;
  errorBox.append(text);
  // Classed by the command's name here (not set-key / open-settings as elsewhere): the banner's DOM as it was.
  if (action) errorBox.append(actionButton(action, { className: action }));
  errorBox.hidden = false;
}

// ---- conversation list, scroll position ----

function setHistoryOpen(open: boolean, returnFocus = false): void {
  history.element.hidden = !open;
  transcript.element.hidden = open;
  toolbar.setHistoryOpen(open);
  if (open) {
    empty.hidden = true;
    history.opened();
    history.focus();
  } else {
    updateChrome();
    if (returnFocus) toolbar.historyButton.focus();
  }
}

/** Back to where the user was in this conversation (UI state survives the view being hidden). */
function restoreScroll(): void {
  const saved = uiState().scroll;
  if (!saved || saved.conversationId !== state?.conversationId || saved.atEnd) transcript.scrollToEnd();
  else transcript.element.scrollTop = saved.top;
}

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
transcript.element.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    const e = transcript.element;
    if (!state?.conversationId || e.hidden) return;
    saveUiState({ scroll: { conversationId: state.conversationId, top: e.scrollTop, atEnd: e.scrollHeight - e.scrollTop - e.clientHeight < 48 } });
  }, 150);
}, { passive: true });
