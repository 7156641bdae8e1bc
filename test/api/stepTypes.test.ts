// Tool search and step types the client does not know (INTERACTIONS-API.md §3.5, §4.3, §5.3, §8 items 28–29):
// the emulator accepts and emits them and checks that replayed history keeps them whole; the conversation layer
// shows them and replays them verbatim when it sends the history itself (storage off, or a lost chain).
import { strict as assert } from 'node:assert';
import { collect, eventTypes, expectApiError, MODEL, useEmulator, weatherTool } from './emulator-helpers';
import { createInteractionsApi, type InteractionsApi } from '../../src/core/gemini/client';
import { Conversation } from '../../src/core/conversation/conversation';
import type { ConversationDeps } from '../../src/core/conversation/conversationDeps';
import type { ConversationData, Part, TurnSettings } from '../../src/core/conversation/types';
import { answerText } from '../../src/core/conversation/transcript';
import { WORKSPACE_TOOLS } from '../../src/core/tools/workspaceTools';
import { EDIT_TOOLS } from '../../src/core/tools/editTools';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const deferredWeather = { ...weatherTool, defer_loading: true, short_description: 'Weather for a city' };

describe('tool search and unknown step types', function () {
  this.timeout(20_000);
  const { emu, ai } = useEmulator();
  const create = (body: Record<string, unknown>) => ai().interactions.create(body as any) as Promise<any>;

  describe('emulator (§8 items 28, 29)', () => {
    it('accepts tool_search, defer_loading and short_description on function, defer_loading on mcp_server; refuses a deferred tool with nothing to load it', async () => {
      const tools = [{ type: 'tool_search' }, deferredWeather, { type: 'mcp_server', name: 'tracker', url: 'https://mcp.example.com/mcp', defer_loading: true }];
      const ok = await create({ model: MODEL, input: '#scenario:text', tools });
      assert.equal(ok.status, 'completed');
      await expectApiError(create({ model: MODEL, input: 'hi', tools: [deferredWeather] }), 400, 'no {"type":"tool_search"} entry');
      await expectApiError(create({ model: MODEL, input: 'hi', tools: [{ type: 'tool_search' }, { ...weatherTool, short_description: 3 }] }), 400, 'short_description');
      await expectApiError(create({ model: MODEL, input: 'hi', tools: [{ type: 'tool_search', execution: 'elsewhere' }] }), 400, 'tools[0].execution');
    });

    it('a deferred function is loaded by tool_search_call / tool_search_result (typed deltas) before it is called', async () => {
      const stream = await ai().interactions.create({ model: MODEL, input: 'Weather in Paris?', stream: true, tools: [{ type: 'tool_search' }, deferredWeather] } as any);
      const { events } = await collect(stream as unknown as AsyncIterable<unknown>);
      const starts = events.filter((e) => e.event_type === 'step.start').map((e) => e.step);
      assert.deepEqual(starts.map((s) => s.type), ['thought', 'tool_search_call', 'tool_search_result', 'function_call']);
      assert.deepEqual(Object.keys(starts[1]).sort(), ['id', 'type']);
      const deltas = events.filter((e) => e.event_type === 'step.delta').map((e) => e.delta);
      const call = deltas.find((d) => d.type === 'tool_search_call');
      assert.deepEqual(call.arguments, { function_names: ['get_weather'] });
      assert.ok(call.signature);
      const result = deltas.find((d) => d.type === 'tool_search_result');
      assert.equal(result.result[0].name, 'get_weather');
      assert.deepEqual(result.result[0].parameters, weatherTool.parameters);
      assert.equal(events.at(-1).interaction.status, 'requires_action');
    });

    it('stateless replay of a deferred call needs its tool search steps, signatures included', async () => {
      const tools = [{ type: 'tool_search' }, deferredWeather];
      const user = { type: 'user_input', content: [{ type: 'text', text: 'Weather in Paris?' }] };
      const first = await create({ model: MODEL, input: [user], tools, store: false });
      const steps = first.steps as any[];
      const fc = steps.find((s) => s.type === 'function_call');
      const answer = { type: 'function_result', call_id: fc.id, name: fc.name, result: '18°C' };
      const without = steps.filter((s) => !s.type.startsWith('tool_search'));
      await expectApiError(create({ model: MODEL, input: [user, ...without, answer], tools, store: false }), 400, 'no earlier tool_search_result loaded');
      const unsigned = steps.map((s) => (s.type === 'tool_search_result' ? { ...s, signature: undefined } : s));
      await expectApiError(create({ model: MODEL, input: [user, ...unsigned, answer], tools, store: false }), 400, 'missing its signature');
      const ok = await create({ model: MODEL, input: [user, ...steps, answer], tools, store: false });
      assert.equal(ok.status, 'completed');
      // Stateful: the chain holds the search, so the result turn needs nothing else.
      const chained = await create({ model: MODEL, input: [user], tools, store: true });
      const call = (chained.steps as any[]).find((s) => s.type === 'function_call');
      const next = await create({ model: MODEL, previous_interaction_id: chained.id, tools, input: [{ type: 'function_result', call_id: call.id, name: call.name, result: '18°C' }] });
      assert.equal(next.status, 'completed');
    });

    it('replayed history may hold retrieval_* steps and function definitions inside function_result content', async () => {
      const tools = [{ type: 'tool_search', execution: 'client', name: 'find_tools', description: 'Finds tools', parameters: { type: 'object', properties: { q: { type: 'string' } } } }, weatherTool];
      const first = await create({ model: MODEL, input: '#scenario:function_call function=get_weather', tools, store: false });
      const fc = (first.steps as any[]).find((s) => s.type === 'function_call');
      const ok = await create({
        model: MODEL, tools, store: false, input: [
          { type: 'user_input', content: [{ type: 'text', text: 'look it up' }] },
          { type: 'retrieval_call', id: 'r1', arguments: { queries: ['q'] }, signature: 'c2lnbmF0dXJl' },
          { type: 'retrieval_result', call_id: 'r1', signature: 'c2lnbmF0dXJlMg==' },
          ...(first.steps as any[]),
          { type: 'function_result', call_id: fc.id, name: fc.name, result: [{ type: 'function', name: 'get_weather', description: 'Current weather', parameters: weatherTool.parameters }] },
        ],
      });
      assert.equal(ok.status, 'completed');
    });

    it('future_step: an unknown step type whose same-typed delta carries the payload and the signature; a cut replay is refused', async () => {
      const stream = await ai().interactions.create({ model: MODEL, input: '#scenario:future_step thought=false', stream: true, store: false } as any);
      const { events } = await collect(stream as unknown as AsyncIterable<unknown>);
      assert.ok(eventTypes(events).includes('step.delta'));
      const start = events.find((e) => e.event_type === 'step.start' && e.step.type === 'future_tool_call');
      assert.deepEqual(Object.keys(start.step).sort(), ['id', 'type']);
      const delta = events.find((e) => e.event_type === 'step.delta' && e.index === start.index).delta;
      assert.equal(delta.type, 'future_tool_call');
      assert.ok(delta.signature && delta.payload && delta.arguments);
      const step = { ...start.step, ...delta };
      const user = { type: 'user_input', content: [{ type: 'text', text: 'go' }] };
      const out = { type: 'model_output', content: [{ type: 'text', text: 'ok' }] };
      await expectApiError(create({ model: MODEL, store: false, input: [user, { type: 'future_tool_call', id: step.id }, out, user] }), 400, 'missing its signature');
      const { payload: _p, ...noPayload } = step;
      await expectApiError(create({ model: MODEL, store: false, input: [user, noPayload, out, user] }), 400, 'differs from the step the API returned');
      const ok = await create({ model: MODEL, store: false, input: [user, step, out, user] });
      assert.equal(ok.status, 'completed');
    });
  });

  describe('realistic default stream (§8 item 27)', () => {
    it('event ids on only some events, running usage on step.stop / some deltas / status updates, call signatures in deltas; GET equals the rebuilt steps', async () => {
      const stream = await ai().interactions.create({ model: MODEL, input: '#scenario:function_call calls=3', stream: true, tools: [weatherTool] } as any);
      const { events } = await collect(stream as unknown as AsyncIterable<unknown>);
      const withId = events.filter((e) => e.event_id).length;
      assert.ok(withId > 0 && withId < events.length, `ids on some events only (${withId}/${events.length})`);
      const stops = events.filter((e) => e.event_type === 'step.stop');
      assert.ok(stops.every((e) => typeof e.usage?.total_tokens === 'number' && e.step_usage));
      assert.ok(events.some((e) => e.event_type === 'step.delta' && e.metadata?.total_usage));
      assert.ok(events.some((e) => e.event_type === 'interaction.status_update' && e.usage));
      const shells = events.filter((e) => e.event_type === 'step.start' && e.step.type === 'function_call');
      assert.deepEqual(shells.map((e) => e.index), [1, 2, 3]);
      assert.ok(shells.some((e) => !e.step.signature), 'some call signatures are not on the shell');
      const sigDeltas = events.filter((e) => e.event_type === 'step.delta' && shells.some((sh) => sh.index === e.index) && e.delta.signature).map((e) => e.delta.type);
      assert.deepEqual(sigDeltas.sort(), ['function_call', 'thought_signature']);
      const { rebuildSteps } = await import('../emulator/events');
      const stored = (emu().interaction(events[0].interaction.id)!.steps as any[]).filter((x) => x.type !== 'user_input');
      assert.deepEqual(rebuildSteps(events).hops[0].steps, stored);
    });

    it('the tidy stream (a switch) has an id on every event, no running usage and signatures on the shells', async () => {
      emu().configure({ tidyStream: true });
      const stream = await ai().interactions.create({ model: MODEL, input: '#scenario:function_call calls=3', stream: true, tools: [weatherTool] } as any);
      const { events } = await collect(stream as unknown as AsyncIterable<unknown>);
      assert.ok(events.every((e) => e.event_id));
      assert.ok(events.every((e) => e.event_type !== 'step.stop' || e.usage === undefined));
      assert.ok(events.filter((e) => e.event_type === 'step.start' && e.step.type === 'function_call').every((e) => e.step.signature));
    });
  });

  describe('the conversation layer', () => {
    let api: InteractionsApi;
    let settings: TurnSettings;
    before(async () => { api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu().url }); });
    beforeEach(() => { settings = { model: MODEL, store: false, tools: {} }; });

    function conversation(extra: Partial<ConversationDeps> = {}): Conversation {
      const now = Date.now();
      const data: ConversationData = { id: `c${now}`, title: '', createdAt: now, updatedAt: now, turns: [] };
      return new Conversation(data, {
        api: async () => api, settings: () => settings, save: async () => {}, log: quiet, backoffMs: 10,
        listener: { started() {}, event() {}, notice() {}, finished() {} }, ...extra,
      });
    }
    const creates = () => emu().requests().filter((r) => r.op === 'create').map((r) => ({ status: r.status, body: r.body as Record<string, any> }));

    it('a tool round without storage replays calls whose signatures came in deltas (thought_signature / function_call) and its usage is the completed one', async () => {
      const c = conversation({ tools: { run: async (_t, calls) => calls.map(() => ({ result: '18°C' })) } });
      settings.tools = { functions: [{ name: 'get_weather', description: weatherTool.description, parameters: weatherTool.parameters }] };
      // Queued (one create): a directive in the text would be replayed in the stateless history and call again.
      emu().queueScenario({ name: 'function_call', calls: 3 });
      const t = await c.send([{ kind: 'text', text: 'Weather in Paris, Lyon and Nice?' }]);
      assert.equal(t.state, 'done', t.error?.message);
      const bodies = creates();
      assert.deepEqual(bodies.map((b) => b.status), [200, 200]);
      const calls = (bodies[1].body.input as any[]).filter((s) => s.type === 'function_call');
      assert.equal(calls.length, 3);
      assert.ok(calls.every((s) => typeof s.signature === 'string' && s.signature.length > 8));
      const last = emu().interaction(t.interactionIds.at(-1)!);
      assert.equal(last, undefined, 'store: false');
      assert.ok(t.usage?.output && t.usage.output > 0);
    });

    it('with storage, a stream whose end has no usage (only running totals before it) fetches the complete usage', async () => {
      settings.store = true;
      emu().injectFault({ name: 'omit_usage' });
      const c = conversation();
      const t = await c.send([{ kind: 'text', text: 'Hello' }]);
      const stored = emu().interaction(t.interactionIds.at(-1)!) as { usage: { total_thought_tokens: number } };
      assert.ok(emu().requests().some((r) => r.op === 'get' && r.query.stream === 'false'), 'the usage was fetched');
      assert.equal(t.usage?.thought, stored.usage.total_thought_tokens);
    });

    it('Deep Research gets the File Search stores and MCP servers of the turn settings (and the defaults) and visibly uses them', async () => {
      settings = { model: MODEL, store: true, tools: { googleSearch: true, fileSearchStores: ['fileSearchStores/team-notes'], mcpServers: [{ name: 'tracker', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' } }] } };
      emu().queueScenario({ name: 'deep_research', durationMs: 200, polls: 0 });
      const t = await conversation().send([{ kind: 'text', text: 'What do our notes say about batteries?' }], { overrides: { agent: { id: 'deep-research-preview-04-2026', thinkingSummaries: true } } });
      assert.equal(t.state, 'done', t.error?.message);
      const body = creates()[0].body;
      assert.deepEqual(body.tools, [
        { type: 'google_search' }, { type: 'url_context' }, { type: 'code_execution' },
        { type: 'file_search', file_search_store_names: ['fileSearchStores/team-notes'] },
        { type: 'mcp_server', name: 'tracker', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' } },
      ]);
      assert.ok(t.parts.some((p) => p.kind === 'toolCall' && p.tool === 'file_search'), 'a file search step');
      assert.ok(t.parts.some((p) => p.kind === 'toolCall' && p.tool === 'mcp'), 'an MCP call');
      assert.ok(t.parts.some((p) => p.kind === 'text' && p.citations?.some((c) => c.kind === 'file' && /^fileSearchStores\/team-notes\//.test(c.url ?? ''))), 'a citation naming the store');
      assert.ok(t.parts.some((p) => p.kind === 'media'), 'charts by default');
    });

    it('Deep Research with research.visualization off: no chart; without stores or servers, no tools (the agent keeps its defaults)', async () => {
      settings = { model: MODEL, store: true, tools: {}, research: { visualization: 'off' } };
      emu().queueScenario({ name: 'deep_research', durationMs: 200, polls: 0 });
      const t = await conversation().send([{ kind: 'text', text: 'Tidal power' }], { overrides: { agent: { id: 'deep-research-preview-04-2026', thinkingSummaries: true } } });
      assert.equal(t.state, 'done', t.error?.message);
      const body = creates()[0].body;
      assert.equal(body.tools, undefined);
      assert.deepEqual(body.agent_config, { type: 'deep-research', thinking_summaries: 'auto', visualization: 'off' });
      assert.ok(!t.parts.some((p) => p.kind === 'media'), 'no chart');
      assert.ok(t.parts.some((p) => p.kind === 'searchCall'), 'the default tools still ran');
    });

    for (const store of [false, true]) {
      it(`many tools (workspace + edit tools + an MCP server): schemas deferred behind tool_search, the search shows as a tool card, and the call round works (store: ${store})`, async () => {
        settings = { model: MODEL, store, tools: { functions: [...WORKSPACE_TOOLS, ...EDIT_TOOLS], mcpServers: [{ name: 'tracker', url: 'https://mcp.example.com/mcp' }] } };
        const c = conversation({ tools: { run: async (_t, calls) => calls.map(() => ({ result: 'file contents' })) } });
        emu().queueScenario({ name: 'function_call', function: 'search_text' });
        const t = await c.send([{ kind: 'text', text: 'Where is the word tide used?' }]);
        assert.equal(t.state, 'done', t.error?.message);
        const bodies = creates();
        assert.deepEqual(bodies.map((b) => b.status), [200, 200]);
        const tools = bodies[0].body.tools as any[];
        assert.equal(tools[0].type, 'tool_search');
        assert.ok(tools.filter((x) => x.type === 'function').every((x) => x.defer_loading === true && x.short_description));
        const cards = t.parts.filter((p): p is Extract<Part, { kind: 'toolCall' | 'toolResult' }> => (p.kind === 'toolCall' || p.kind === 'toolResult') && p.tool === 'tool_search');
        assert.deepEqual(cards.map((p) => [p.kind, p.name]), [['toolCall', 'search_text'], ['toolResult', 'search_text']]);
        const second = bodies[1].body;
        if (store) assert.ok(second.previous_interaction_id, 'the chain holds the search');
        else assert.deepEqual((second.input as any[]).filter((x) => x.type.startsWith('tool_search')).map((x) => x.type), ['tool_search_call', 'tool_search_result']);
        if (!store) return;
        // The input tokens of the first request (the emulator counts a deferred tool as its name and short
        // description until a search loads it) against the same turn with every schema.
        const deferredIn = (emu().interaction(t.interactionIds[0]) as any).usage.total_input_tokens;
        settings.tools.toolSearch = false;
        emu().queueScenario({ name: 'function_call', function: 'search_text' });
        const whole = await conversation({ tools: { run: async (_t, calls) => calls.map(() => ({ result: 'file contents' })) } }).send([{ kind: 'text', text: 'Where is the word tide used?' }]);
        assert.ok(!(creates().at(-1)!.body.tools as any[]).some((x) => x.type === 'tool_search'));
        const wholeIn = (emu().interaction(whole.interactionIds[0]) as any).usage.total_input_tokens;
        assert.ok(deferredIn < wholeIn / 2, `input tokens ${deferredIn} with tool search vs ${wholeIn}`);
      });
    }

    for (const mode of ['storage off', 'a chain the server lost'] as const) {
      it(`replays a step of an unknown type verbatim (payload and signature) in stateless history: ${mode}`, async () => {
        settings.store = mode !== 'storage off';
        const c = conversation();
        const t1 = await c.send([{ kind: 'text', text: '#scenario:future_step' }]);
        assert.equal(t1.state, 'done');
        const issued = (t1.wire as any[]).find((s) => s.type === 'future_tool_call');
        assert.ok(issued?.signature && issued.payload, 'the same-typed delta was merged into the step');
        assert.ok(t1.parts.some((p: Part) => p.kind === 'unsupported' && p.wireType === 'future_tool_call'));
        if (settings.store) await api.delete(c.data.lastInteractionId!);
        const t2 = await c.send([{ kind: 'text', text: 'And now?' }]);
        assert.equal(t2.state, 'done', answerText(t2));
        const last = creates().at(-1)!;
        assert.equal(last.status, 200);
        assert.equal(last.body.previous_interaction_id, undefined);
        const replayed = (last.body.input as any[]).find((s) => s.type === 'future_tool_call');
        assert.deepEqual(replayed, issued);
      });
    }
  });
});
