// The estimated cost of a turn and of a conversation from its token usage and a price table (src/core/models/prices.ts,
// overridable per model with geminiInteractions.cost.prices). Pure: the host merges the table, the webview
// prices each turn. An estimate only: batch, audio and storage prices and free tiers are not modelled.
import type { Usage } from '../conversation/types';

/** US dollars per 1M tokens. */
export interface PriceRates {
  input: number;
  /** Input tokens served from the cache; the input rate when absent. */
  cachedInput?: number;
  /** Output, thinking tokens included. */
  output: number;
}

export interface ModelPrice extends PriceRates {
  /** Higher rates for prompts of more than `above` input tokens (the highest matching tier applies to the whole request). */
  tiers?: (PriceRates & { above: number })[];
}

export interface PriceTable {
  /** When the prices were checked (YYYY-MM-DD). */
  asOf: string;
  source: string;
  models: Record<string, ModelPrice>;
}

const PER = 1_000_000;

const rate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseRates(v: unknown): PriceRates | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (!rate(o.input) || !rate(o.output)) return undefined;
  return { input: o.input, output: o.output, ...(rate(o.cachedInput) ? { cachedInput: o.cachedInput } : {}) };
}

/** A user's price entry (from settings, so of any shape): undefined when it lacks valid input and output rates. */
export function parseModelPrice(v: unknown): ModelPrice | undefined {
  const base = parseRates(v);
  if (!base) return undefined;
  const rawTiers = (v as { tiers?: unknown }).tiers;
  const tiers = (Array.isArray(rawTiers) ? rawTiers : []).flatMap((t) => {
    const r = parseRates(t);
    const above = (t as { above?: unknown } | null)?.above;
    return r && rate(above) ? [{ ...r, above }] : [];
  });
  return tiers.length ? { ...base, tiers } : base;
}

/** The table's prices with the user's overrides (a valid override replaces the model's whole entry). */
export function mergePrices(table: PriceTable, overrides: unknown): Record<string, ModelPrice> {
  const out: Record<string, ModelPrice> = { ...table.models };
  if (overrides && typeof overrides === 'object' && !Array.isArray(overrides)) {
    for (const [model, v] of Object.entries(overrides)) {
      const p = parseModelPrice(v);
      if (p) out[model] = p;
    }
  }
  return out;
}

/**
 * The turn's cost in US dollars, or undefined without a price or any token count. Cached input is billed at
 * the cached rate, the rest of the input (and tool-use prompt tokens) at the input rate, thought tokens as output.
 */
export function turnCost(usage: Usage | undefined, price: ModelPrice | undefined): number | undefined {
  if (!usage || !price) return undefined;
  if (usage.input === undefined && usage.output === undefined && usage.thought === undefined) return undefined;
  const input = usage.input ?? 0;
  const tier = (price.tiers ?? []).filter((t) => input > t.above).sort((a, b) => b.above - a.above)[0] ?? price;
  const cached = Math.min(usage.cached ?? 0, input);
  const dollars = (input - cached + (usage.toolUse ?? 0)) * tier.input
    + cached * (tier.cachedInput ?? tier.input)
    + ((usage.output ?? 0) + (usage.thought ?? 0)) * tier.output;
  return dollars / PER;
}

/**
 * The model a turn is billed as: the one that answered (the API echoes it; a routed id is billed as the model
 * that serves it, INTERACTIONS-API.md §3.1a), else the one asked for.
 */
export const billedModel = (t: { model: string; servedBy?: string }): string => t.servedBy || t.model;

/** The price of the model a turn is billed as, or undefined. */
export function priceFor(t: { model: string; servedBy?: string }, prices: Record<string, ModelPrice>): ModelPrice | undefined {
  const id = billedModel(t);
  return Object.prototype.hasOwnProperty.call(prices, id) ? prices[id] : undefined;
}

/**
 * A conversation's cost: the sum over its priced turns, how many turns with usage had no price, and which
 * models those were (for "no published price for …").
 */
export function conversationCost(turns: { model: string; servedBy?: string; usage?: Usage }[], prices: Record<string, ModelPrice>): { total: number | undefined; unpriced: number; unpricedModels: string[] } {
  let total: number | undefined;
  let unpriced = 0;
  const unpricedModels = new Set<string>();
  for (const t of turns) {
    if (!t.usage) continue;
    const c = turnCost(t.usage, priceFor(t, prices));
    if (c === undefined) { unpriced++; unpricedModels.add(billedModel(t)); }
    else total = (total ?? 0) + c;
  }
  return { total, unpriced, unpricedModels: [...unpricedModels] };
}

/** "$0.0123" / "0,0123 $US": enough digits that a cheap turn is not shown as $0.00; tiny amounts as "< $0.0001". */
export function formatUsd(amount: number, locale: string, lessThan: (min: string) => string): string {
  const f = (n: number, digits: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  if (amount > 0 && amount < 0.0001) return lessThan(f(0.0001, 4));
  return f(amount, amount < 1 ? 4 : 2);
}
