// The price table for the cost estimate (geminiInteractions.cost.show), built from the dated prices in
// modelFacts.ts. US dollars per 1M tokens, paid tier, standard (not batch) requests, text/image/video input.
// Output prices include thinking tokens, which Google bills as output. Cached input is the context-caching
// (implicit cache hit) rate. Models without a published price are left out on purpose: their cost is not
// shown rather than guessed; users can add or correct entries with geminiInteractions.cost.prices.
import type { ModelPrice, PriceTable } from './cost';
import { MODEL_FACTS } from './modelFacts';

const priced = MODEL_FACTS.filter((f) => f.price);

export const PRICES: PriceTable = {
  // The oldest date among the rows: how stale the table may be.
  asOf: priced.map((f) => f.price!.asOf).sort()[0] ?? '',
  source: priced[0]?.price?.source ?? 'https://ai.google.dev/gemini-api/docs/pricing',
  models: Object.fromEntries(priced.map((f) => {
    const { asOf: _a, source: _s, ...price } = f.price!;
    return [f.id, price as ModelPrice];
  })),
};
