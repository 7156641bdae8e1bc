// The chat webview. Renders the host's conversation and applies streamed TurnEvents with the same
// reducer the host uses; per delta it touches only the part that changed.
import './styles.css';
import '@vscode/codicons/dist/codicon.css';
import type { HostToWebview, ViewState, ViewTurn, WebviewToHost } from '../core/protocol';
import type { ModelTurn, Part, TurnEvent } from '../core/model';
import { applyTurnEvent } from '../core/transcript';

interface VsCodeApi {
  postMessage(m: WebviewToHost): void;
  getState(): UiState | undefined;
  setState(s: UiState): void;
}
interface UiState { draft: string }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const send = (m: WebviewToHost) => vscode.postMessage(m);

// ---- static layout -------------------------------------------------------------------------------
const app = document.getElementById('app')!;
app.innerHTML = '';
const banner = el('div', 'banner');
banner.setAttribute('role', 'note');
banner.hidden = true;
const transcript = el('div', 'transcript');
transcript.setAttribute('role', 'log');
transcript.setAttribute('aria-label', 'Conversation');
transcript.tabIndex = 0;
const empty = el('div', 'empty');
const announcer = el('div', 'sr-only');
announcer.setAttribute('role', 'status');
announcer.setAttribute('aria-live', 'polite');
const errorBox = el('div', 'error-banner');
errorBox.setAttribute('role', 'alert');
errorBox.hidden = true;

const composer = el('form', 'composer');
const input = document.createElement('textarea');
input.className = 'input';
input.rows = 3;
input.placeholder = 'Ask Gemini… (Enter to send, Shift+Enter for a new line)';
input.setAttribute('aria-label', 'Message Gemini');
const buttons = el('div', 'buttons');
const sendButton = button('Send', 'send', 'codicon-send');
sendButton.type = 'submit';
const stopButton = button('Stop', 'stop', 'codicon-debug-stop');
stopButton.hidden = true;
buttons.append(stopButton, sendButton);
composer.append(input, buttons);
app.append(banner, errorBox, empty, transcript, announcer, composer);

let state: ViewState | undefined;
const modelTurns = new Map<string, { turn: ModelTurn; root: HTMLElement; parts: (HTMLElement | undefined)[]; notice: HTMLElement }>();
let lastSent = '';

input.value = vscode.getState()?.draft ?? '';
input.addEventListener('input', () => vscode.setState({ draft: input.value }));
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submit();
  } else if (e.key === 'ArrowUp' && input.value === '' && lastSent) {
    e.preventDefault();
    input.value = lastSent;
  }
});
composer.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
stopButton.addEventListener('click', () => send({ type: 'stop' }));

function submit(): void {
  const text = input.value;
  if (!text.trim() || state?.busy) return;
  lastSent = text;
  input.value = '';
  vscode.setState({ draft: '' });
  errorBox.hidden = true;
  send({ type: 'send', text });
}

window.addEventListener('message', (e: MessageEvent<HostToWebview>) => onMessage(e.data));
send({ type: 'ready' });

function onMessage(m: HostToWebview): void {
  switch (m.type) {
    case 'state':
      state = m.state;
      renderAll();
      return;
    case 'turnStarted':
      if (state) {
        state.turns.push(m.user, m.model);
        state.busy = true;
      }
      transcript.append(renderTurn(m.user), renderTurn(m.model));
      updateChrome();
      scrollToEnd();
      return;
    case 'event':
      onTurnEvent(m.turnId, m.event);
      return;
    case 'notice': {
      const t = modelTurns.get(m.turnId);
      if (t) {
        t.notice.textContent = m.text ?? '';
        t.notice.hidden = !m.text;
      }
      return;
    }
    case 'turnFinished': {
      const t = modelTurns.get(m.turnId);
      if (t) {
        Object.assign(t.turn, { state: m.state, status: m.status, usage: m.usage, error: m.error, finishedAt: m.finishedAt });
        renderFooter(t.turn, t.root);
      }
      if (state) state.busy = false;
      updateChrome();
      announcer.textContent = m.state === 'done' ? 'Gemini finished answering.' : m.state === 'stopped' ? 'Answer stopped.' : 'The answer failed.';
      return;
    }
    case 'error':
      showError(m.message, m.action);
      return;
    case 'focusInput':
      input.focus();
      return;
  }
}

function onTurnEvent(turnId: string, ev: TurnEvent): void {
  const t = modelTurns.get(turnId);
  if (!t) return;
  applyTurnEvent(t.turn, ev);
  const stick = nearBottom();
  switch (ev.type) {
    case 'text': {
      // Per delta, append only the new text: re-rendering the whole part would cost O(answer) per delta.
      const partEl = t.parts[ev.index];
      if (partEl?.classList.contains('text')) partEl.append(ev.text);
      else renderPart(t, ev.index);
      break;
    }
    case 'thought':
    case 'args':
    case 'part':
    case 'update':
    case 'citations':
      renderPart(t, ev.index);
      break;
    default:
      break;
  }
  if (stick) scrollToEnd();
}

// ---- rendering -------------------------------------------------------------------------------------

function renderAll(): void {
  if (!state) return;
  modelTurns.clear();
  transcript.replaceChildren(...state.turns.map(renderTurn));
  updateChrome();
  scrollToEnd();
}

function updateChrome(): void {
  const busy = state?.busy ?? false;
  stopButton.hidden = !busy;
  sendButton.disabled = busy;
  banner.hidden = !state?.customEndpoint;
  banner.textContent = state?.customEndpoint
    ? `Using a custom endpoint: ${state.customEndpoint} (geminiInteractions.apiBaseUrl), not Google's API.`
    : '';
  const hasTurns = (state?.turns.length ?? 0) > 0;
  empty.hidden = hasTurns;
  if (!hasTurns) renderEmpty();
}

function renderEmpty(): void {
  empty.replaceChildren();
  const h = el('h2');
  h.textContent = 'Chat with Gemini';
  const p = el('p');
  p.textContent = 'Ask questions, explain selected code (Gemini: Explain Selection), or right-click a file and choose "Ask About File…". Answers stream in as Gemini writes them.';
  empty.append(h, p);
  if (state && !state.hasApiKey) {
    const b = button('Set API Key', 'set-key', 'codicon-key', true);
    b.addEventListener('click', () => send({ type: 'runCommand', command: 'setApiKey' }));
    empty.append(b);
  }
}

function renderTurn(t: ViewTurn): HTMLElement {
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
  const entry = { turn, root, parts: [] as (HTMLElement | undefined)[], notice };
  modelTurns.set(t.id, entry);
  turn.parts.forEach((_, i) => renderPart(entry, i));
  renderFooter(turn, root);
  return root;
}

function renderPart(entry: { turn: ModelTurn; root: HTMLElement; parts: (HTMLElement | undefined)[] }, index: number): void {
  const part = entry.turn.parts[index];
  if (!part) return;
  const fresh = partElement(part);
  const old = entry.parts[index];
  if (old) old.replaceWith(fresh);
  else {
    const container = entry.root.querySelector('.parts')!;
    // Parts arrive in index order almost always; insert before the next rendered one otherwise.
    const next = entry.parts.slice(index + 1).find(Boolean);
    if (next) container.insertBefore(fresh, next);
    else container.append(fresh);
  }
  entry.parts[index] = fresh;
}

function partElement(part: Part): HTMLElement {
  switch (part.kind) {
    case 'text': {
      const d = el('div', 'part text');
      d.textContent = part.text;
      return d;
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
      return d;
    }
    default: {
      const d = el('div', `part card ${part.kind}`);
      d.textContent = cardText(part);
      return d;
    }
  }
}

function cardText(part: Part): string {
  switch (part.kind) {
    case 'functionCall': return `Function call ${part.name}(${part.argsText})`;
    case 'functionResult': return `Function result ${part.name ?? part.callId}: ${part.result}`;
    case 'codeCall': return `Code (${part.language ?? 'code'}):\n${part.code}`;
    case 'codeResult': return `${part.isError ? 'Error' : 'Output'}:\n${part.output}`;
    case 'urlContextCall': return `Reading ${part.urls.join(', ')}`;
    case 'urlContextResult': return part.results.map((r) => `${r.url}: ${r.status}`).join('\n');
    case 'searchCall': return `Searching Google for ${part.queries.map((q) => `"${q}"`).join(', ')}`;
    case 'searchResult': return 'Search results';
    case 'toolCall': return `Tool call ${part.tool}${part.name ? ` ${part.name}` : ''}`;
    case 'toolResult': return `Tool result ${part.tool}: ${part.result}`;
    case 'media': return `${part.media.type} (${part.media.mimeType ?? 'unknown type'})`;
    case 'unsupported': return `Unsupported content (${part.wireType})`;
    default: return '';
  }
}

function renderFooter(turn: ModelTurn, root: HTMLElement): void {
  root.querySelector('.footer')?.remove();
  root.querySelector('.turn-error')?.remove();
  root.classList.toggle('streaming', turn.state === 'streaming');
  if (turn.error) {
    const err = el('div', 'turn-error');
    err.setAttribute('role', 'alert');
    err.textContent = turn.error.message;
    if (turn.error.action === 'setApiKey') {
      const b = button('Set API Key', 'set-key', 'codicon-key', true);
      b.addEventListener('click', () => send({ type: 'runCommand', command: 'setApiKey' }));
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

function showError(message: string, action?: 'setApiKey' | 'openSettings'): void {
  errorBox.replaceChildren();
  const text = el('span');
  text.textContent = message;
  errorBox.append(text);
  if (action) {
    const b = button(action === 'setApiKey' ? 'Set API Key' : 'Open Settings', action, action === 'setApiKey' ? 'codicon-key' : 'codicon-settings-gear', true);
    b.addEventListener('click', () => send({ type: 'runCommand', command: action }));
    errorBox.append(b);
  }
  errorBox.hidden = false;
}

function nearBottom(): boolean {
  return transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 48;
}

function scrollToEnd(): void {
  transcript.scrollTop = transcript.scrollHeight;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}

function button(label: string, name: string, icon: string, withText = false): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `button ${name}`;
  b.setAttribute('aria-label', label);
  b.title = label;
  const i = el('span', `codicon ${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i);
  if (withText) {
    const t = el('span');
    t.textContent = label;
    b.append(t);
  }
  return b;
}
