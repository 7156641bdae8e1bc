// The emulator's per-model table and event-list faults, through the real SDK: what the live service does
// with retired ids, unsupported thinking levels, tools on image models, sparse event ids, split signatures
// and usage in metadata.total_usage.
import * as assert from 'node:assert/strict';
import { collect, expectApiError, useEmulator } from './emulator-helpers';

describe('emulator: per-model table and live stream shapes', function () {
  this.timeout(20_000);
  const { emu, ai } = useEmulator();

  it('retired ids answer 404 NOT_FOUND in the front-end envelope', async () => {
    const e = await expectApiError(ai().interactions.create({ model: 'gemini-2.5-flash', input: 'Hi' }), 404, 'models/gemini-2.5-flash is not found for API version v1');
    assert.equal(JSON.parse(e.body).error.status, 'NOT_FOUND');
    await expectApiError(ai().interactions.create({ model: 'gemini-2.5-pro', input: 'Hi' }), 404, 'gemini-2.5-pro');
  });

  it('a thinking level the model does not take is 400 with the live message; xhigh where the model takes it', async () => {
    await expectApiError(ai().interactions.create({ model: 'gemini-3.1-pro-preview', input: 'Hi', generation_config: { thinking_level: 'minimal' } }), 400, "'minimal' is not a supported thinking level");
    await expectApiError(ai().interactions.create({ model: 'gemini-3.7-flash', input: 'Hi', generation_config: { thinking_level: 'xhigh' } }), 400, "'xhigh' is not a supported thinking level");
    await expectApiError(ai().interactions.create({ model: 'gemini-2.5-flash-lite', input: 'Hi', generation_config: { thinking_level: 'low' } }), 400, 'thinking_level is not supported');
    const ok = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', generation_config: { thinking_level: 'xhigh' } });
    assert.equal(ok.status, 'completed');
    await expectApiError(ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', generation_config: { thinking_level: 'ultra' as any } }), 400, 'expected one of minimal, low, medium, high, xhigh');
  });

  it('image models take only the tools in the table', async () => {
    await expectApiError(ai().interactions.create({ model: 'gemini-3.1-flash-image', input: 'A cat', tools: [{ type: 'code_execution' }] }), 400, "Tool type 'code_execution'");
    await expectApiError(ai().interactions.create({ model: 'gemini-2.5-flash-image', input: 'A cat', tools: [{ type: 'google_search' }] }), 400, "Tool type 'google_search'");
    const ok = await ai().interactions.create({ model: 'gemini-3.1-flash-image', input: 'A cat', tools: [{ type: 'google_search' }], response_modalities: ['image'] });
    assert.equal(ok.status, 'completed');
  });

  it('sparse_event_ids / no_event_ids: only every N-th event (or none) carries event_id, and resume works from those', async () => {
    emu().injectFault({ name: 'sparse_event_ids', every: 3 });
    const { events } = await collect(await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', stream: true }));
    const withId = events.map((e, i) => (e.event_id ? i + 1 : 0)).filter(Boolean);
    assert.ok(withId.length > 0 && withId.every((n) => n % 3 === 0), withId.join(','));
    const id = events[0].interaction.id;
    const lastId = events.filter((e) => e.event_id).at(-2).event_id;
    const replay = await collect(await ai().interactions.get(id, { stream: true, last_event_id: lastId }));
    assert.equal(replay.events.length, events.length - events.findIndex((e) => e.event_id === lastId) - 1);
    emu().injectFault({ name: 'no_event_ids' });
    const none = await collect(await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', stream: true }));
    assert.ok(none.events.length > 4 && none.events.every((e) => e.event_id === undefined));
  });

  it('split_signature: several thought_signature deltas, some empty, that concatenate to the stored signature', async () => {
    emu().injectFault({ name: 'split_signature', parts: 3 });
    const { events } = await collect(await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', stream: true }));
    const sigs = events.filter((e) => e.event_type === 'step.delta' && e.delta.type === 'thought_signature').map((e) => e.delta.signature as string);
    assert.ok(sigs.length >= 5 && sigs.includes(''), JSON.stringify(sigs));
    const stored = (await ai().interactions.get(events[0].interaction.id)).steps.find((s: any) => s.type === 'thought') as any;
    assert.equal(sigs.join(''), stored.signature);
  });

  it('rejects a replayed signature that is only a fragment of one it issued', async () => {
    emu().injectFault({ name: 'split_signature', parts: 3 });
    const first = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', store: false });
    const thought = first.steps.find((s: any) => s.type === 'thought') as any;
    const history = [{ type: 'user_input', content: [{ type: 'text', text: 'Hi' }] }, ...first.steps.map((s: any) => structuredClone(s))];
    const truncated = history.map((s: any) => (s.type === 'thought' ? { ...s, signature: thought.signature.slice(-12) } : s));
    await expectApiError(ai().interactions.create({ model: 'gemini-3.8-flash', store: false, input: [...truncated, { type: 'user_input', content: [{ type: 'text', text: 'And?' }] }] as any }), 400, 'incomplete');
    const ok = await ai().interactions.create({ model: 'gemini-3.8-flash', store: false, input: [...history, { type: 'user_input', content: [{ type: 'text', text: 'And?' }] }] as any });
    assert.equal(ok.status, 'completed');
  });

  it('usage_in_metadata: interaction.completed carries usage only as metadata.total_usage', async () => {
    emu().injectFault({ name: 'usage_in_metadata' });
    const { events } = await collect(await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', stream: true, store: false }));
    const done = events.find((e) => e.event_type === 'interaction.completed');
    assert.equal(done.interaction.usage, undefined);
    assert.ok(done.metadata.total_usage.total_tokens > 0);
  });

  it('Deep Research rejects a replayed step timeline as input (documented: a string or content)', async () => {
    await expectApiError(ai().interactions.create({
      agent: 'deep-research-preview-04-2026', background: true,
      input: [{ type: 'user_input', content: [{ type: 'text', text: 'Q' }] }, { type: 'model_output', content: [{ type: 'text', text: 'A' }] }, { type: 'user_input', content: [{ type: 'text', text: 'Research it' }] }] as any,
    }), 400, 'not steps');
  });

  it('file_search needs store names; google_maps checks its fields', async () => {
    await expectApiError(ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', tools: [{ type: 'file_search' }] as any }), 400, 'file_search_store_names');
    await expectApiError(ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', tools: [{ type: 'google_maps', latitude: 'north' }] as any }), 400, 'latitude');
    const ok = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', tools: [{ type: 'google_maps', enable_widget: true }, { type: 'file_search', file_search_store_names: ['fileSearchStores/a'] }] });
    assert.deepEqual(ok.steps.map((s: any) => s.type), ['thought', 'google_maps_call', 'google_maps_result', 'file_search_call', 'file_search_result', 'model_output']);
    await expectApiError(ai().interactions.create({ model: 'gemini-3.1-flash-image', input: 'Hi', tools: [{ type: 'google_maps' }] }), 400, "Tool type 'google_maps'");
  });
});
