// The emulator's own cited model and agent facts (test/emulator/facts.ts, never product code) and event-list
// faults, through the real SDK: thinking levels per model, routed and retired ids, retired and unknown
// agents, the project storage switch, paid-tier gating, tools on image models, sparse event ids, split
// signatures and usage in metadata.total_usage.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { GoogleGenAI } from '@google/genai';
import ts from 'typescript';
import { collect, expectApiError, raw, useEmulator } from './emulator-helpers';
import { AGENT_FACTS, FREE_TIER_KEY, MODEL_FACTS } from '../emulator/facts';

describe('emulator: per-model table and live stream shapes', function () {
  this.timeout(20_000);
  const { emu, ai } = useEmulator();

  it('no emulator file imports product code (src/): its rules come from its own cited facts', () => {
    const dir = join(__dirname, '..', '..', 'test', 'emulator');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('facts.ts') && files.includes('models.ts'), files.join());
    const offenders: string[] = [];
    for (const f of files) {
      // The TypeScript scanner lists every import, export-from, require() and import() of a file.
      for (const { fileName: spec } of ts.preProcessFile(readFileSync(join(dir, f), 'utf8'), true, true).importedFiles) {
        if (spec.startsWith('node:') || spec === '@google/genai') continue;
        if (!spec.startsWith('.') || relative(dir, resolve(dir, spec)).startsWith('..')) offenders.push(`${f} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
    // Every row says where it comes from.
    for (const [id, f] of [...Object.entries(MODEL_FACTS), ...Object.entries(AGENT_FACTS)]) assert.match(f.evidence, /\[(DOC|OBS|SDK|INF)/, id);
  });

  it('thinking levels per model, from the cited rows (§3.8a): 3.8/3.7 Flash and 3.1 Pro low..high, Neon and Hydrogen low..xhigh, Carbon and Argon low..high, no Gemini 4 takes minimal', async () => {
    const refused = async (model: string, level: string) =>
      expectApiError(ai().interactions.create({ model, input: 'Hi', generation_config: { thinking_level: level as any } }), 400, `'${level}' is not a supported thinking level`);
    const accepted = async (model: string, level: string) =>
      assert.equal((await ai().interactions.create({ model, input: 'Hi', generation_config: { thinking_level: level as any } })).status, 'completed', `${model} ${level}`);
    const rows: [string, string[], string[]][] = [
      ['gemini-3.8-flash', ['low', 'medium', 'high'], ['minimal', 'xhigh']], // [DOC Vertex 3.8 Flash guide]
      ['gemini-3.7-flash', ['low', 'medium', 'high'], ['minimal', 'xhigh']], // routed to 3.8 Flash, its rules
      ['gemini-3.1-pro-preview', ['low', 'medium', 'high'], ['minimal', 'xhigh']], // [DOC Vertex 3.8 Flash guide, comparison]
      ['gemini-4-neon', ['low', 'medium', 'high', 'xhigh'], ['minimal']], // [DOC Vertex Neon guide][OBS coder/xum]
      ['gemini-4-hydrogen', ['low', 'medium', 'high', 'xhigh'], ['minimal']], // [DOC Vertex Hydrogen guide]
      ['gemini-4-carbon', ['low', 'medium', 'high'], ['minimal', 'xhigh']], // [DOC Vertex Carbon guide][OBS]
      ['gemini-4-argon', ['low', 'medium', 'high'], ['minimal', 'xhigh']], // [OBS adk-model, coder/xum]
    ];
    for (const [model, ok, bad] of rows) {
      for (const l of ok) await accepted(model, l);
      for (const l of bad) await refused(model, l);
    }
    await expectApiError(ai().interactions.create({ model: 'gemini-2.5-flash-lite', input: 'Hi', generation_config: { thinking_level: 'low' } }), 400, 'thinking_level is not supported');
    await expectApiError(ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', generation_config: { thinking_level: 'ultra' as any } }), 400, 'expected one of minimal, low, medium, high, xhigh');
  });

  it('routed ids are answered, and echoed, as the serving model; they are not listed; models.get names the serving model', async () => {
    for (const [asked, served] of [['gemini-3.7-flash', 'gemini-3.8-flash'], ['gemini-3.5-flash', 'gemini-3.6-flash'], ['gemini-2.5-pro', 'gemini-3.8-flash'], ['gemini-2.5-flash', 'gemini-3.5-flash-lite']]) {
      const r = await ai().interactions.create({ model: asked, input: 'Hi' });
      assert.equal(r.model, served, asked);
      const listed = (await (await raw(emu(), '/v1beta/models?pageSize=1000')).json() as any).models.map((m: any) => m.name);
      assert.ok(!listed.includes(`models/${asked}`) && listed.includes(`models/${served}`), asked);
      assert.equal((await (await raw(emu(), `/v1beta/models/${asked}`)).json() as any).name, `models/${served}`);
    }
  });

  it('the retired 2.5 ids answer 404 (or 503) instead when the switch says so, as some proxies do', async () => {
    emu().configure({ retiredModels: 404 });
    const e = await expectApiError(ai().interactions.create({ model: 'gemini-2.5-flash', input: 'Hi' }), 404, 'models/gemini-2.5-flash is not found for API version v1');
    assert.equal(JSON.parse(e.body).error.status, 'NOT_FOUND');
    await expectApiError(ai().interactions.create({ model: 'gemini-2.5-pro', input: 'Hi' }), 404, 'gemini-2.5-pro');
    assert.equal((await raw(emu(), '/v1beta/models/gemini-2.5-pro')).status, 404);
    emu().configure({ retiredModels: 503 });
    emu().clearRequests();
    const ai0 = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: emu().url, retryOptions: { attempts: 1 } } as any });
    await expectApiError(ai0.interactions.create({ model: 'gemini-2.5-pro', input: 'Hi' }), 503);
    emu().reset();
    assert.equal((await ai().interactions.create({ model: 'gemini-2.5-pro', input: 'Hi' })).model, 'gemini-3.8-flash', 'reset() restores routing');
  });

  it('agents: the retired deep-research-pro-preview-12-2025 and any id outside the table are 404', async () => {
    await expectApiError(ai().interactions.create({ agent: 'deep-research-pro-preview-12-2025', input: 'Q', background: true }), 404, 'agents/deep-research-pro-preview-12-2025');
    await expectApiError(ai().interactions.create({ agent: 'deep-research-next', input: 'Q', background: true }), 404, 'agents/deep-research-next');
    const ok = await ai().interactions.create({ agent: 'deep-research-max-preview-04-2026', input: 'Q', background: true });
    assert.equal(ok.status, 'in_progress');
  });

  it('project storage default off: a body without store is not stored, background needs store:true; an explicit store:true still is', async () => {
    emu().configure({ projectStoreDefault: false });
    const unstored = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi' });
    await expectApiError(ai().interactions.get(unstored.id!), 404);
    await expectApiError(ai().interactions.create({ model: 'gemini-3.8-flash', input: 'And?', previous_interaction_id: unstored.id }), 400, 'store=false');
    await expectApiError(ai().interactions.create({ agent: 'deep-research-preview-04-2026', input: 'Q', background: true }), 400, 'background=true requires store=true');
    const stored = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi', store: true });
    assert.equal((await ai().interactions.get(stored.id!)).id, stored.id);
    const next = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'And?', previous_interaction_id: stored.id, store: true });
    assert.equal(next.status, 'completed');
    emu().reset();
    const dflt = await ai().interactions.create({ model: 'gemini-3.8-flash', input: 'Hi' });
    assert.equal((await ai().interactions.get(dflt.id!)).id, dflt.id, 'on by default, as live');
  });

  it('paid-tier models are refused for the free-tier key with a 403 that is not retried; Hydrogen (free tier) is served', async () => {
    const free = new GoogleGenAI({ apiKey: FREE_TIER_KEY, httpOptions: { baseUrl: emu().url } });
    for (const model of ['gemini-4-neon', 'gemini-4-carbon']) {
      emu().clearRequests();
      const e = await expectApiError(free.interactions.create({ model, input: 'Hi' }), 403, `${model} is available on the paid tier only`);
      assert.equal(JSON.parse(e.body).error.status, 'PERMISSION_DENIED');
      assert.equal(emu().requests().length, 1, 'not retried');
    }
    assert.equal((await free.interactions.create({ model: 'gemini-4-hydrogen', input: 'Hi' })).status, 'completed');
    assert.equal((await ai().interactions.create({ model: 'gemini-4-neon', input: 'Hi' })).status, 'completed', 'a paid key');
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
