import { strict as assert } from 'node:assert';
import { conversationCost, formatUsd, mergePrices, parseModelPrice, turnCost, type ModelPrice, type PriceTable } from '../../src/core/models/cost';
import { PRICES } from '../../src/core/models/prices';
import { DEFAULT_MODELS } from '../../src/core/models/models';

const FLAT: ModelPrice = { input: 1, cachedInput: 0.1, output: 10 };
const TIERED: ModelPrice = { input: 2, cachedInput: 0.2, output: 12, tiers: [{ above: 200_000, input: 4, cachedInput: 0.4, output: 18 }] };
const close = (a: number | undefined, b: number) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${a} ≈ ${b}`);

describe('cost estimate', () => {
  it('bills uncached input, cached input and output at their own rates (per 1M tokens)', () => {
    // 1M input of which 400k cached, 100k output: 0.6 × $1 + 0.4 × $0.10 + 0.1 × $10.
    close(turnCost({ input: 1_000_000, cached: 400_000, output: 100_000 }, FLAT), 0.6 + 0.04 + 1);
  });

  it('bills thought tokens as output and tool-use prompt tokens as input', () => {
    close(turnCost({ input: 0, output: 1_000, thought: 9_000 }, FLAT), 10_000 * 10 / 1e6);
    close(turnCost({ input: 1_000, toolUse: 1_000, output: 0 }, FLAT), 2_000 / 1e6);
  });

  it('uses the input rate for cached tokens when the price has no cached rate, and never more cached than input', () => {
    close(turnCost({ input: 1_000, cached: 1_000 }, { input: 1, output: 10 }), 1_000 / 1e6);
    close(turnCost({ input: 1_000, cached: 5_000 }, FLAT), 1_000 * 0.1 / 1e6);
  });

  it('moves the whole request to the higher tier above its threshold', () => {
    close(turnCost({ input: 200_000, output: 1_000 }, TIERED), (200_000 * 2 + 1_000 * 12) / 1e6);
    close(turnCost({ input: 200_001, cached: 100_000, output: 1_000 }, TIERED), (100_001 * 4 + 100_000 * 0.4 + 1_000 * 18) / 1e6);
  });

  it('is undefined without a price or without any token count (never shown as $0)', () => {
    assert.equal(turnCost({ input: 10, output: 10 }, undefined), undefined);
    assert.equal(turnCost(undefined, FLAT), undefined);
    assert.equal(turnCost({ total: 10 }, FLAT), undefined);
  });

  it('a valid override replaces the table entry; invalid ones are ignored; new models can be added', () => {
    const table: PriceTable = { asOf: '2026-12-03', source: 'x', models: { a: FLAT } };
    const merged = mergePrices(table, { a: { input: 3, output: 30 }, b: { input: 'cheap', output: 1 }, c: { input: 0.5, output: 5, tiers: [{ above: 10, input: 1, output: 10 }, { input: 1 }] } });
    assert.deepEqual(merged.a, { input: 3, output: 30 });
    assert.equal(merged.b, undefined);
    assert.deepEqual(merged.c, { input: 0.5, output: 5, tiers: [{ above: 10, input: 1, output: 10 }] });
    assert.deepEqual(mergePrices(table, 'nonsense'), { a: FLAT });
    assert.equal(parseModelPrice({ input: -1, output: 1 }), undefined);
  });

  it('an unknown model has no cost; the conversation total counts priced turns and the unpriced ones', () => {
    const prices = { a: FLAT };
    const turns = [
      { model: 'a', usage: { input: 1_000_000, output: 0 } },
      { model: 'unknown', usage: { input: 1_000_000, output: 0 } },
      { model: 'a' }, // no usage (failed): neither priced nor unpriced
      { model: 'a', usage: { input: 0, output: 100_000 } },
    ];
    const c = conversationCost(turns, prices);
    close(c.total, 1 + 1);
    assert.equal(c.unpriced, 1);
    assert.deepEqual(conversationCost([{ model: 'unknown', usage: { input: 1 } }], prices), { total: undefined, unpriced: 1, unpricedModels: ['unknown'] });
  });

  it('a routed id is billed as the model that answered (servedBy), not at its own old price', () => {
    const prices = { old: { input: 100, output: 100 }, current: FLAT };
    const c = conversationCost([{ model: 'old', servedBy: 'current', usage: { input: 1_000_000, output: 0 } }], prices);
    close(c.total, 1);
    // Answered by a model without a price: unpriced, named.
    assert.deepEqual(conversationCost([{ model: 'old', servedBy: 'new-model', usage: { input: 1 } }], prices), { total: undefined, unpriced: 1, unpricedModels: ['new-model'] });
  });

  it('formats small amounts with enough digits, tiny ones as "less than"', () => {
    assert.equal(formatUsd(0.0123, 'en', (m) => `< ${m}`), '$0.0123');
    assert.equal(formatUsd(12.5, 'en', (m) => `< ${m}`), '$12.50');
    assert.equal(formatUsd(0.00001, 'en', (m) => `< ${m}`), '< $0.0001');
    assert.match(formatUsd(0.0123, 'fr', (m) => `< ${m}`), /^0,0123\s\$US$/);
  });

  it('the price table has a date, a source and valid entries', () => {
    assert.match(PRICES.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(PRICES.source, /^https:\/\/ai\.google\.dev\//);
    for (const [model, p] of Object.entries(PRICES.models)) assert.deepEqual(parseModelPrice(p), p, model);
    // Models the picker offers by default are either priced or deliberately left to the override.
    assert.ok(DEFAULT_MODELS.some((m) => m in PRICES.models));
  });
});
