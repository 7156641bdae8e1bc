// The memory of refused thinking levels (core/models/learnedRefusals.ts): per model and level, dated, kept
// through the host's storage port (one memory for the panel and the native chat), forgotten after 7 days,
// and left out of requests (gemini/resilientStream.ts shapedBody) while in force.
import * as assert from 'node:assert/strict';
import { LearnedRefusals, REFUSALS_KEY, memoryPort } from '../../src/core/models/learnedRefusals';
import { shapedBody } from '../../src/core/gemini/resilientStream';

const DAY = 24 * 60 * 60 * 1000;

describe('learned refusals', () => {
  it('remembers a level per model with its date, through the port, so a second store on the same port sees it', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const port = memoryPort();
    const a = new LearnedRefusals(port, () => now);
    await a.learn('gemini-x', 'xhigh', "'xhigh' is not a supported thinking level.");
    const b = new LearnedRefusals(port, () => now);
    assert.equal(b.refused('gemini-x', 'xhigh')?.at, now);
    assert.equal(b.refused('gemini-x', 'high'), undefined, 'per level');
    assert.equal(b.refused('gemini-y', 'xhigh'), undefined, 'per model');
    assert.equal((port.get(REFUSALS_KEY) as unknown[]).length, 1);
    // Learned again later: one entry, the newer date.
    now += DAY;
    await a.learn('gemini-x', 'xhigh');
    assert.equal((port.get(REFUSALS_KEY) as unknown[]).length, 1);
    assert.equal(b.refused('gemini-x', 'xhigh')?.at, now);
  });

  it('is forgotten after 7 days, so a fix on Google\'s side is picked up; malformed entries are ignored', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const port = memoryPort();
    const r = new LearnedRefusals(port, () => now);
    await r.learn('gemini-x', 'minimal');
    now += 7 * DAY - 1;
    assert.ok(r.refused('gemini-x', 'minimal'));
    now += 2;
    assert.equal(r.refused('gemini-x', 'minimal'), undefined);
    port.update(REFUSALS_KEY, [null, 'x', { model: 'm' }, { model: 'm', level: 'low', at: 'yesterday' }]);
    assert.deepEqual(r.all(), []);
  });

  it('the request leaves out a refused level only for that model and level', async () => {
    const r = new LearnedRefusals();
    await r.learn('gemini-x', 'xhigh');
    const body = { model: 'gemini-x', generation_config: { thinking_level: 'xhigh', max_output_tokens: 5 } };
    assert.deepEqual(shapedBody(r, { model: 'gemini-x', store: true, tools: {} }, body), { model: 'gemini-x', generation_config: { max_output_tokens: 5 } });
    const high = { model: 'gemini-x', generation_config: { thinking_level: 'high' } };
    assert.equal(shapedBody(r, { model: 'gemini-x', store: true, tools: {} }, high), high);
    const other = { model: 'gemini-y', generation_config: { thinking_level: 'xhigh' } };
    assert.equal(shapedBody(r, { model: 'gemini-y', store: true, tools: {} }, other), other);
  });
});
