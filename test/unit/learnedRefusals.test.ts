// The memory of refused thinking levels (core/models/learnedRefusals.ts): per model and level, dated, kept
// through the host's storage port (one memory for the panel and the native chat), forgotten after 7 days,
// and left out of requests (gemini/resilientStream.ts shapedBody) while in force.
import * as assert from 'node:assert/strict';
import { LearnedRefusals, REFUSALS_KEY, TOOL_SEARCH, memoryPort } from '../../src/core/models/learnedRefusals';
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

  it('tool search is a refusal of its own kind, per model, dated and forgotten after 7 days; entries stored without a kind stay thinking levels', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const port = memoryPort();
    // A store written before tool search was learned: no `kind`.
    await port.update(REFUSALS_KEY, [{ model: 'gemini-x', level: 'xhigh', at: now, message: 'old' }]);
    const r = new LearnedRefusals(port, () => now);
    assert.equal(r.refused('gemini-x', 'xhigh')?.message, 'old');
    assert.equal(r.refusedToolSearch('gemini-x'), undefined);
    await r.learnToolSearch('gemini-x', "Unknown tool type 'tool_search'");
    assert.equal(r.refusedToolSearch('gemini-x')?.message, "Unknown tool type 'tool_search'");
    assert.equal(r.refusedToolSearch('gemini-y'), undefined, 'per model');
    assert.equal(r.refused('gemini-x', 'xhigh')?.message, 'old', 'the level is kept');
    assert.equal(r.refused('gemini-x', TOOL_SEARCH), undefined, 'not a thinking level');
    assert.deepEqual((port.get(REFUSALS_KEY) as any[]).map((e) => e.kind), [undefined, 'toolSearch'], 'thinking levels are still stored without a kind');
    await r.learnToolSearch('gemini-x');
    assert.equal((port.get(REFUSALS_KEY) as unknown[]).length, 2, 'learned again: replaced');
    now += 7 * DAY;
    assert.equal(r.refusedToolSearch('gemini-x'), undefined);
    port.update(REFUSALS_KEY, [{ model: 'm', level: 'low', at: now, kind: 'somethingElse' }]);
    assert.deepEqual(r.all(), [], 'an unknown kind is ignored');
  });

  it('the request leaves out tool search only for the model that refused it: no tool_search, no defer_loading, no short_description', async () => {
    const r = new LearnedRefusals();
    await r.learnToolSearch('gemini-x');
    const tools = [
      { type: 'google_search' }, { type: 'tool_search' },
      { type: 'function', name: 'read', description: 'Reads a file.', parameters: {}, defer_loading: true, short_description: 'Reads a file.' },
      { type: 'function', name: 'kept', description: 'Kept loaded.', parameters: {} },
      { type: 'mcp_server', name: 'gh', url: 'https://mcp.example.com', defer_loading: true },
    ];
    const settings = { model: 'gemini-x', store: true, tools: {} };
    assert.deepEqual(shapedBody(r, settings, { model: 'gemini-x', tools }).tools, [
      { type: 'google_search' },
      { type: 'function', name: 'read', description: 'Reads a file.', parameters: {} },
      { type: 'function', name: 'kept', description: 'Kept loaded.', parameters: {} },
      { type: 'mcp_server', name: 'gh', url: 'https://mcp.example.com' },
    ]);
    const other = { model: 'gemini-y', tools };
    assert.equal(shapedBody(r, { ...settings, model: 'gemini-y' }, other), other);
    await r.learn('gemini-y', TOOL_SEARCH);
    assert.equal(shapedBody(r, { ...settings, model: 'gemini-y' }, other), other, 'a thinking level named like it is not a tool search refusal');
  });
});
