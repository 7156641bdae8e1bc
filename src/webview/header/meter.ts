// The panel header's context meter ("12k / 1M tokens (1%)") and the conversation's estimated cost, and the
// per-answer cost the footer shows. The host sends the model's context window and, when
// geminiInteractions.cost.show is on, the prices (ViewState.meter); the token counts come from the turns.
import type { ViewMeter, ViewTurn } from '../../core/panel/protocol';
import type { Usage } from '../../core/conversation/types';
import { contextPercent, conversationContext } from '../../core/models/contextWindow';
import { billedModel, conversationCost, formatUsd, priceFor, turnCost } from '../../core/models/cost';
import { el } from '../shared/dom';
import { currentLocale, formatNumber, t, tn } from '../shared/i18n';

let cost: ViewMeter['cost'];

/** Takes the host's prices; true when they changed (the footers then need drawing again). */
export function setCostInfo(next: ViewMeter['cost']): boolean {
  const changed = JSON.stringify(next ?? null) !== JSON.stringify(cost ?? null);
  cost = next;
  return changed;
}

const usd = (n: number) => formatUsd(n, currentLocale(), (min) => t('cost.lessThan', min));

/**
 * The footer's "est. $0.0012" for a finished answer, priced as the model that answered (a routed id is billed as
 * its serving model); "no price" when the model has none (never a made-up $0); undefined when cost is off or
 * there is no usage.
 */
export function turnCostLabel(turn: { model: string; servedBy?: string }, usage: Usage | undefined): { text: string; title: string } | undefined {
  if (!cost || !usage) return undefined;
  const c = turnCost(usage, priceFor(turn, cost.prices));
  if (c === undefined) return { text: t('cost.noPrice'), title: t('cost.noPriceTitle', billedModel(turn), cost.asOf) };
  return { text: t('footer.cost', usd(c)), title: t('footer.costTitle', cost.asOf, cost.source) };
}

/** "12K", "1M": short counts for the narrow header (the exact ones are in the tooltip). */
function compact(n: number): string {
  return new Intl.NumberFormat(currentLocale(), { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export class ContextMeter {
  readonly element: HTMLElement;
  private readonly meter: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly text: HTMLElement;
  private readonly cost: HTMLElement;

  constructor() {
    this.element = el('div', 'context-meter-group');
    this.meter = el('div', 'context-meter');
    this.meter.setAttribute('aria-label', t('meter.label'));
    const bar = el('span', 'context-meter-bar');
    bar.setAttribute('aria-hidden', 'true');
    this.fill = el('span', 'context-meter-fill');
    bar.append(this.fill);
    this.text = el('span', 'context-meter-text');
    this.meter.append(bar, this.text);
    this.cost = el('span', 'conversation-cost');
    this.element.append(this.meter, this.cost);
    this.element.hidden = true;
  }

  /** Redrawn from the conversation's turns: after each state and each finished answer. */
  update(turns: readonly ViewTurn[], meter: ViewMeter | undefined): void {
    const used = conversationContext(turns);
    const window = meter?.contextWindow;
    const pct = used === undefined ? undefined : contextPercent(used, window);
    this.meter.hidden = used === undefined;
    if (used !== undefined && window !== undefined && pct !== undefined) {
      const text = t('meter.text', compact(used), compact(window), pct);
      this.meter.setAttribute('role', 'meter');
      this.meter.setAttribute('aria-valuemin', '0');
      this.meter.setAttribute('aria-valuemax', String(window));
      this.meter.setAttribute('aria-valuenow', String(Math.min(used, window)));
      this.meter.setAttribute('aria-valuetext', text);
      this.meter.title = t('meter.title', formatNumber(used), formatNumber(window), pct);
      this.text.textContent = text;
      this.fill.parentElement!.hidden = false;
      this.fill.style.width = `${pct}%`;
      this.meter.classList.toggle('high', pct >= 80);
    } else if (used !== undefined) {
      // No known window: the count alone, without a meter role (there is no maximum to measure against).
      for (const a of ['role', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext']) this.meter.removeAttribute(a);
      this.text.textContent = t('meter.tokensOnly', compact(used));
      this.meter.title = t('meter.titleTokensOnly', formatNumber(used));
      this.fill.parentElement!.hidden = true;
      this.meter.classList.remove('high');
    }
    const total = meter?.cost ? conversationCost(turns.flatMap((x) => (x.role === 'model' ? [x] : [])), meter.cost.prices) : undefined;
    this.cost.hidden = total?.total === undefined && !total?.unpriced;
    if (meter?.cost && total?.total !== undefined) {
      this.cost.textContent = t('footer.cost', usd(total.total));
      this.cost.title = [t('cost.conversationTitle', meter.cost.asOf, meter.cost.source), total.unpriced ? tn('cost.unpriced', total.unpriced) : ''].filter(Boolean).join(' ');
    } else if (meter?.cost && total?.unpriced) {
      // Cost is on but no answer has a price (e.g. a model Google has not priced yet): say so rather than nothing.
      this.cost.textContent = t('cost.noPrice');
      this.cost.title = t('cost.noPriceTitle', total.unpricedModels.join(', '), meter.cost.asOf);
    }
    this.element.hidden = this.meter.hidden && this.cost.hidden;
  }
}
