// Reduces TurnEvents into a ModelTurn. Pure and O(size of the event): the host and the webview run the
// same code, so both sides always agree on what a turn contains.
import type { ModelTurn, Part, TurnEvent } from './types';
import { TERMINAL_STATUSES } from './types';

export function newModelTurn(id: string, model: string, now = Date.now()): ModelTurn {
  return { role: 'model', id, model, parts: [], state: 'streaming', interactionIds: [], startedAt: now };
}

export function applyTurnEvent(turn: ModelTurn, ev: TurnEvent): void {
  switch (ev.type) {
    case 'interaction':
      if (turn.interactionIds[turn.interactionIds.length - 1] !== ev.id) turn.interactionIds.push(ev.id);
      turn.status = ev.status;
      if (ev.model && ev.model !== turn.model) turn.servedBy = ev.model;
      return;
    case 'status':
      turn.status = ev.status;
      return;
    case 'part':
    case 'update':
      // A copy: the text/thought/args/citations events below mutate the stored part, and the event object
      // must stay what was emitted (it may be reduced again, e.g. by another listener or a replay).
      turn.parts[ev.index] = structuredClone(ev.part);
      return;
    case 'text': {
      const p = partAt(turn, ev.index, 'text');
      if (p) p.text += ev.text;
      return;
    }
    case 'thought': {
      const p = partAt(turn, ev.index, 'thought');
      if (p) p.text += ev.text;
      return;
    }
    case 'args': {
      const p = partAt(turn, ev.index, 'functionCall');
      if (p) p.argsText += ev.text;
      return;
    }
    case 'citations': {
      const p = partAt(turn, ev.index, 'text');
      if (p) (p.citations ??= []).push(...ev.citations);
      return;
    }
    case 'completed':
      if (ev.id && turn.interactionIds[turn.interactionIds.length - 1] !== ev.id) turn.interactionIds.push(ev.id);
      turn.status = ev.status;
      if (ev.usage) turn.usage = ev.usage;
      return;
    case 'usage':
      turn.usage = ev.usage;
      return;
    case 'error':
      if (ev.fatal) turn.error = { message: ev.message, code: ev.code };
      return;
  }
}

/** Marks a turn finished; `stopped` keeps the partial answer visible. */
export function finishTurn(turn: ModelTurn, state: 'done' | 'stopped' | 'error', now = Date.now()): void {
  turn.state = state;
  turn.finishedAt = now;
}

export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.has(status);
}

/** Plain text of the answer (text parts only), e.g. for copying or titles. */
export function answerText(turn: ModelTurn): string {
  return turn.parts.filter((p): p is Extract<Part, { kind: 'text' }> => p?.kind === 'text').map((p) => p.text).join('');
}

function partAt<K extends Part['kind']>(turn: ModelTurn, index: number, kind: K): Extract<Part, { kind: K }> | undefined {
  const p = turn.parts[index];
  return p && p.kind === kind ? (p as Extract<Part, { kind: K }>) : undefined;
}
