// Host → webview messages for one streamed answer, the way ChatPanel posts them (through ViewChannel): turnStarted, a
// text part, its deltas, optional citations, turnFinished. For tests and benchmarks against the
// bundled webview page.
import type { Citation } from '../../../src/core/conversation/types';
import type { HostToWebview, ViewTurn } from '../../../src/core/panel/protocol';

export interface StreamOptions {
  id: string;
  userText?: string;
  deltaSize?: number;
  citations?: Citation[];
}

export function userTurn(id: string, text: string): ViewTurn {
  return { role: 'user', id: `${id}-u`, text, at: 0 };
}

export function modelTurn(id: string, text?: string, citations?: Citation[]): ViewTurn {
  return {
    role: 'model', id, model: 'gemini-3.8-flash', state: text === undefined ? 'streaming' : 'done', interactionIds: [], startedAt: 0,
    ...(text === undefined ? {} : { finishedAt: 1000 }),
    parts: text === undefined ? [] : [{ kind: 'text', text, ...(citations ? { citations } : {}) }],
  };
}

export function streamMessages(text: string, o: StreamOptions): { start: HostToWebview[]; deltas: HostToWebview[]; end: HostToWebview[] } {
  const size = o.deltaSize ?? 40;
  const start: HostToWebview[] = [
    { type: 'turnStarted', user: userTurn(o.id, o.userText ?? 'question'), model: modelTurn(o.id) },
    { type: 'event', turnId: o.id, event: { type: 'part', index: 0, part: { kind: 'text', text: '' } } },
  ];
  const deltas: HostToWebview[] = [];
  for (let i = 0; i < text.length; i += size) {
    deltas.push({ type: 'event', turnId: o.id, event: { type: 'text', index: 0, text: text.slice(i, i + size) } });
  }
  const end: HostToWebview[] = [];
  if (o.citations) end.push({ type: 'event', turnId: o.id, event: { type: 'citations', index: 0, citations: o.citations } });
  end.push({ type: 'turnFinished', turnId: o.id, state: 'done', finishedAt: 1000 });
  return { start, deltas, end };
}

/** The panel fields every `ViewState` carries (model picker list, built-in tool toggles), for hand-made states. */
export const PANEL_DEFAULTS = { models: ['gemini-3.8-flash'], tools: { codeExecution: false, urlContext: false, googleSearch: false } };
