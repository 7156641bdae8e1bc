// How a model text part is shown. Streaming appends deltas; the work per delta must stay proportional
// to the delta, not to the answer.
import type { Citation } from '../core/model';
import { el } from './dom';

export interface TextView {
  readonly element: HTMLElement;
  /** A streamed delta. */
  append(delta: string): void;
  /** The part was replaced wholesale (or citations arrived). */
  update(text: string, citations?: Citation[]): void;
  /** The turn ended: no more deltas. */
  finish(): void;
}

export function createTextView(text: string, citations?: Citation[]): TextView {
  const element = el('div', 'part text');
  element.textContent = text;
  void citations;
  return {
    element,
    append(delta) { element.append(delta); },
    update(t) { element.textContent = t; },
    finish() { /* plain text: nothing to settle */ },
  };
}
