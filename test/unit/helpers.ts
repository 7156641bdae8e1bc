// Shared helpers for the unit tests: run wire events through the translator and the reducer.
import { StreamTranslator } from '../../src/core/gemini/stream/streamTranslator';
import type { ModelTurn, TurnEvent } from '../../src/core/conversation/types';
import { applyTurnEvent, newModelTurn } from '../../src/core/conversation/transcript';

export interface Run {
  translator: StreamTranslator;
  events: TurnEvent[];
  turn: ModelTurn;
  warnings: string[];
}

/** Feeds every wire event (deep-copied, so fixtures stay pristine) and reduces the TurnEvents into a fresh turn. */
export function run(wire: readonly unknown[], translator?: StreamTranslator, warnings: string[] = []): Run {
  const t = translator ?? new StreamTranslator({ warn: (m) => warnings.push(m) });
  const events: TurnEvent[] = [];
  for (const ev of wire) events.push(...t.feed(structuredClone(ev)));
  return { translator: t, events, turn: reduce(events), warnings };
}

export function reduce(events: readonly TurnEvent[], turn: ModelTurn = newModelTurn('turn-1', 'gemini-3.5-flash', 0)): ModelTurn {
  for (const ev of events) applyTurnEvent(turn, ev);
  return turn;
}

/** JSON round trip: drops undefined-valued keys so expectations can be written as plain literals. */
export function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
