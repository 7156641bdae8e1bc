// The one price table for the cost estimate (geminiInteractions.cost.show). US dollars per 1M tokens,
// paid tier, standard (not batch) requests, text/image/video input. Output prices include thinking
// tokens, which Google bills as output. Cached input is the context-caching (implicit cache hit) rate.
// Models without a published price are left out on purpose: their cost is not shown rather than guessed;
// users can add or correct entries with geminiInteractions.cost.prices. Update `asOf` with the values.
import type { PriceTable } from './cost';

export const PRICES: PriceTable = {
  asOf: '2026-12-03',
  source: 'https://ai.google.dev/gemini-api/docs/pricing',
  models: {
    'gemini-3.5-flash': { input: 1.5, cachedInput: 0.15, output: 9 },
    'gemini-3-flash-preview': { input: 0.5, cachedInput: 0.05, output: 3 },
    'gemini-3.1-flash-lite': { input: 0.25, cachedInput: 0.025, output: 1.5 },
    // Pro charges more for prompts over 200k tokens (the whole request moves to the higher tier).
    'gemini-3.1-pro-preview': { input: 2, cachedInput: 0.2, output: 12, tiers: [{ above: 200_000, input: 4, cachedInput: 0.4, output: 18 }] },
    'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.01, output: 0.4 },
  },
};
