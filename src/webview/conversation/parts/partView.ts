// One part of a model turn as drawn in the transcript: streamed text, a thought, or a tool card.
import type { ModelTurn } from '../../../core/conversation/types';
import { el } from '../../shared/dom';
import { t as tr } from '../../shared/i18n';
import { createTextView, type TextView } from '../textView';
import { toolCard, type CardContext } from './toolCards';

/** A drawn part; `text` when it is a text view the transcript streams deltas into. */
export interface RenderedPart {
  element: HTMLElement;
  text?: TextView;
}

export function partView(part: ModelTurn['parts'][number], ctx: CardContext): RenderedPart {
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
