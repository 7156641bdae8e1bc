// The footer under a finished answer: model, token counts, estimated cost, duration.
import type { ModelTurn } from '../../../core/conversation/types';
import { el } from '../../shared/dom';
import { formatNumber, formatSeconds, t as tr } from '../../shared/i18n';
import { turnCostLabel } from '../../header/meter';
import { modelFact } from '../../../core/models/modelFacts';

const displayName = (id: string) => modelFact(id)?.displayName ?? id;

/** Model · tokens (input/cached/output/thought/total) · estimated cost · duration, and "stopped" when it was. */
export function footer(turn: ModelTurn): HTMLElement {
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
  if (turn.servedBy && turn.servedBy !== turn.model) {
    // A routed id (e.g. gemini-3.7-flash since 2026-10-08): name the model that answered, from what the API echoed.
    const routed = tr('footer.routed', displayName(turn.model), displayName(turn.servedBy));
    add(routed, tr('footer.routedTitle', turn.model, turn.servedBy), 'codicon-sparkle', routed);
  } else add(turn.model, tr('footer.model'), 'codicon-sparkle', turn.model);
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
  // The estimate only with geminiInteractions.cost.show, and only from a known price (never a made-up $0).
  const cost = turn.state !== 'streaming' ? turnCostLabel(turn, u) : undefined;
  if (cost) add(cost.text, cost.title, 'codicon-credit-card', cost.text);
  // Restored turns have only second-precision server times: no meaningful duration.
  if (turn.finishedAt && turn.finishedAt > turn.startedAt) add(formatSeconds(turn.finishedAt - turn.startedAt), undefined, 'codicon-watch');
  f.setAttribute('aria-label', bits.join(', '));
  return f;
}
