// Live-API fidelity (issue 15) through our InteractionsApi (real SDK over HTTP) and the emulator's stricter
// behaviour: retired models, thinking levels per model, image-model turns, split signatures, usage only in
// metadata.total_usage, temperature left unset, the Files API version, resume with sparse or absent
// event ids, and stateless Deep Research input.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi, FILES_API_VERSION, type InteractionsApi } from '../../src/core/gemini/client';
import { Conversation } from '../../src/core/conversation/conversation';
import type { ConversationDeps } from '../../src/core/conversation/conversationDeps';
import type { ConversationData, ModelTurn, TurnSettings } from '../../src/core/conversation/types';
import { answerText } from '../../src/core/conversation/transcript';
import { WORKSPACE_TOOLS } from '../../src/core/tools/workspaceTools';
import { LearnedRefusals, memoryPort } from '../../src/core/models/learnedRefusals';

describe('live-API fidelity through the SDK and the emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let api: InteractionsApi;
  let settings: TurnSettings;
  let logs: string[];

  before(async () => {
    emu = await startEmulator();
    api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    settings = { model: 'gemini-3.8-flash', store: true, tools: {} };
    logs = [];
  });

  function conversation(extra: Partial<ConversationDeps> = {}, data?: ConversationData): Conversation {
    const now = Date.now();
    const log = (m: string) => { logs.push(m); };
    return new Conversation(data ?? { id: `c${now}${Math.random()}`, title: '', createdAt: now, updatedAt: now, turns: [] }, {
      api: async () => api,
      settings: () => settings,
      save: async () => undefined,
      log: { debug: log, info: log, warn: log, error: log },
      backoffMs: 5,
      sleep: async () => undefined,
      listener: { started() {}, event() {}, notice() {}, finished() {} },
      ...extra,
    });
  }

  const creates = () => emu.requests().filter((r) => r.op === 'create').map((r) => ({ status: r.status, body: r.body as Record<string, any> }));
  const okCreates = () => creates().filter((c) => c.status === 200).map((c) => c.body);
  /** The text of the stored interaction's model_output steps: what the answer must equal, exactly once. */
  const storedText = (id: string) => (emu.interaction(id)!.steps as any[])
    .filter((s) => s.type === 'model_output').flatMap((s) => s.content).filter((c: any) => c.type === 'text').map((c: any) => c.text).join('');
  const wireText = (t: ModelTurn) => (t.wire as any[]).filter((s) => s.type === 'model_output').flatMap((s) => s.content).filter((c: any) => c.type === 'text').map((c: any) => c.text).join('');

  describe('models', () => {
    it('a retired model id answered 404 NOT_FOUND (as some proxies do): the turn names the model and does not fall back to the local transcript', async () => {
      emu.configure({ retiredModels: 404 });
      const c = conversation();
      const t1 = await c.send([{ kind: 'text', text: 'Hello' }]);
      assert.equal(t1.state, 'done');
      settings.model = 'gemini-2.5-pro';
      const t2 = await c.send([{ kind: 'text', text: 'Still there?' }]);
      assert.equal(t2.state, 'error');
      assert.equal(t2.error?.code, '404');
      assert.match(t2.error!.message, /gemini-2\.5-pro is not available/);
      assert.equal(t2.error?.action, undefined, 'retrying the same retired model cannot help');
      assert.equal(t2.notice, undefined, 'no "sent again from the local transcript" fallback');
      const failed = creates().filter((r) => r.status === 404);
      assert.equal(failed.length, 1);
      assert.equal(failed[0].body.previous_interaction_id, t1.interactionIds.at(-1));
    });

    it('the new Flash line and the current Pro are served', async () => {
      for (const model of ['gemini-3.8-flash', 'gemini-3.7-flash', 'gemini-3.6-flash', 'gemini-3.5-flash-lite', 'gemini-3.1-pro-preview']) {
        settings.model = model;
        const t = await conversation().send([{ kind: 'text', text: `Hi from ${model}` }]);
        assert.equal(t.state, 'done', `${model}: ${t.error?.message}`);
        assert.equal(okCreates().at(-1)!.model, model);
      }
    });
  });

  describe('thinking level per model', () => {
    it('never sends a level the model does not take: minimal on Pro and xhigh on 3.8 Flash are left out (facts.ts rows: 3.1 Pro and 3.8 Flash take low..high), in one request each, and the turn says so', async () => {
      settings.model = 'gemini-3.1-pro-preview';
      settings.generation = { thinkingLevel: 'minimal', thinkingSummaries: true };
      const t1 = await conversation().send([{ kind: 'text', text: 'Think a little' }]);
      assert.equal(t1.state, 'done', t1.error?.message);
      assert.deepEqual(okCreates()[0].generation_config, { thinking_summaries: 'auto' });
      settings.model = 'gemini-3.8-flash';
      settings.generation = { thinkingLevel: 'xhigh' };
      const t2 = await conversation().send([{ kind: 'text', text: 'Think hard' }]);
      assert.equal(t2.state, 'done', t2.error?.message);
      assert.deepEqual(creates().map((c) => c.status), [200, 200], 'no 400 and retry');
      assert.equal(okCreates()[1].generation_config, undefined);
      assert.match(t2.notice ?? '', /gemini-3\.8-flash does not take thinking level "xhigh"/);
      // The emulator refuses it (so a product table that allowed it would fail here through the retry count).
      await assert.rejects(api.create({ model: 'gemini-3.8-flash', input: 'Hi', generation_config: { thinking_level: 'xhigh' } } as any), /not a supported thinking level/);
    });

    it('older models get no thinking settings at all', async () => {
      settings.model = 'gemini-2.5-flash-lite';
      settings.generation = { thinkingLevel: 'low', thinkingSummaries: true, maxOutputTokens: 500 };
      const t = await conversation().send([{ kind: 'text', text: 'Hi' }]);
      assert.equal(t.state, 'done', t.error?.message);
      assert.deepEqual(okCreates()[0].generation_config, { max_output_tokens: 500 });
    });

    it('on the live 400 "not a supported thinking level" the request is sent once more without the level, and the log says so', async () => {
      settings.model = 'gemini-pro-latest'; // not in our table: the level is sent, the service rejects it
      settings.generation = { thinkingLevel: 'minimal', maxOutputTokens: 800 };
      const c = conversation();
      const t = await c.send([{ kind: 'text', text: 'Hi' }]);
      assert.equal(t.state, 'done', t.error?.message);
      const all = creates();
      assert.deepEqual(all.map((r) => r.status), [400, 200]);
      assert.equal(all[0].body.generation_config.thinking_level, 'minimal');
      assert.deepEqual(all[1].body.generation_config, { max_output_tokens: 800 });
      assert.ok(logs.some((l) => /rejected thinking_level "minimal".*without it/.test(l)), logs.join('\n'));
      // The next message in this conversation does not try the rejected level again.
      await c.send([{ kind: 'text', text: 'Again' }]);
      assert.equal(creates().length, 3);
      assert.equal(creates()[2].body.generation_config.thinking_level, undefined);
    });

    it('an image-model turn sends only the built-in tools and thinking level that model takes', async () => {
      settings.tools = { googleSearch: true, codeExecution: true, urlContext: true, functions: [...WORKSPACE_TOOLS] };
      settings.generation = { thinkingLevel: 'low', thinkingSummaries: true };
      const c = conversation();
      const t1 = await c.send([{ kind: 'text', text: 'A red square' }], { overrides: { model: 'gemini-3.1-flash-image', output: { kind: 'image' } } });
      assert.equal(t1.state, 'done', t1.error?.message);
      assert.ok(t1.parts.some((p) => p.kind === 'media'));
      assert.deepEqual(okCreates()[0].tools, [{ type: 'google_search' }]);
      assert.deepEqual(okCreates()[0].generation_config, { thinking_summaries: 'auto' }, "'low' is not a level of this model");
      assert.match(t1.notice ?? '', /gemini-3\.1-flash-image does not take code execution, URL context, thinking level "low"/);
      const t2 = await c.send([{ kind: 'text', text: 'A blue square' }], { overrides: { model: 'gemini-2.5-flash-image', output: { kind: 'image' } } });
      assert.equal(t2.state, 'done', t2.error?.message);
      assert.equal(okCreates()[1].tools, undefined);
      assert.equal(okCreates()[1].generation_config, undefined);
    });
  });

  describe('tool search refused by the model', () => {
    /** Ten function tools: enough for tool search (requests.ts TOOL_SEARCH_MIN_TOOLS). */
    const tenFunctions = () => [...WORKSPACE_TOOLS, ...Array.from({ length: Math.max(0, 10 - WORKSPACE_TOOLS.length) }, (_, i) => ({
      name: `extra_${i}`, description: `An extra tool number ${i}. It does nothing.`, parameters: { type: 'object', properties: {} },
    }))];
    const searchIn = (body: Record<string, any>) => (body.tools as any[]).some((t) => t.type === 'tool_search' || 'defer_loading' in t || 'short_description' in t);

    it('on a 400 naming tool_search the request is sent once more with every tool loaded, the refusal is learned for the model (one request next time), and the turn says so once', async () => {
      emu.configure({ refuseToolSearch: true });
      settings.tools = { functions: tenFunctions() };
      settings.generation = { toolChoice: 'none' };
      const c = conversation();
      const t1 = await c.send([{ kind: 'text', text: 'Hi' }]);
      assert.equal(t1.state, 'done', t1.error?.message);
      assert.deepEqual(creates().map((r) => r.status), [400, 200]);
      assert.equal(searchIn(creates()[0].body), true, 'the first request used tool search');
      assert.equal(searchIn(creates()[1].body), false, 'the retry has no tool_search, defer_loading or short_description');
      assert.equal((creates()[1].body.tools as any[]).length, tenFunctions().length, 'every function is sent, loaded');
      assert.match(t1.notice ?? '', /The Gemini API refused tool search for gemini-3\.8-flash, so the request was sent again with every tool loaded/);
      assert.equal(t1.notice!.match(/refused tool search/g)!.length, 1, 'said once');
      assert.ok(logs.some((l) => /rejected tool search/.test(l)), logs.join('\n'));
      const t2 = await c.send([{ kind: 'text', text: 'Again' }]);
      assert.equal(t2.state, 'done', t2.error?.message);
      assert.deepEqual(creates().map((r) => r.status), [400, 200, 200], 'the second message: one request, without tool search');
      assert.equal(searchIn(creates()[2].body), false);
      assert.doesNotMatch(t2.notice ?? '', /refused tool search/);
      // Another model still gets tool search (the refusal is per model).
      emu.configure({ refuseToolSearch: false });
      settings.model = 'gemini-3.1-pro-preview';
      const t3 = await conversation().send([{ kind: 'text', text: 'Hi' }]);
      assert.equal(t3.state, 'done', t3.error?.message);
      assert.equal(searchIn(creates().at(-1)!.body), true);
    });

    it('the emulator refuses tool_search and defer_loading only when told to', async () => {
      const tools = [{ type: 'tool_search' }, { type: 'function', name: 'f', description: 'F.', parameters: { type: 'object', properties: {} }, defer_loading: true, short_description: 'F.' }];
      await api.create({ model: 'gemini-3.8-flash', input: 'Hi', tools, generation_config: { tool_choice: 'none' } } as any);
      emu.configure({ refuseToolSearch: true });
      await assert.rejects(api.create({ model: 'gemini-3.8-flash', input: 'Hi', tools } as any), /Unknown tool type 'tool_search'/);
      await assert.rejects(api.create({ model: 'gemini-3.8-flash', input: 'Hi', tools: tools.slice(1) } as any), /Unknown name "defer_loading"/);
      emu.reset();
      await api.create({ model: 'gemini-3.8-flash', input: 'Hi', tools, generation_config: { tool_choice: 'none' } } as any);
    });
  });

  describe('a tool or an input kind that Google withdrew from a model', () => {
    const types = (body: Record<string, any>) => ((body.tools ?? []) as any[]).map((t) => t.type);
    const kinds = (body: Record<string, any>) => JSON.stringify(body.input);

    it('a refused tool is left out on one retry, learned for the model (one request on the next message, in a new conversation too), and each turn says so', async () => {
      emu.configure({ withdrawn: [{ model: 'gemini-3.8-flash', tool: 'google_maps' }] });
      const refusals = new LearnedRefusals(memoryPort());
      settings.tools = { googleSearch: true, googleMaps: true };
      const t1 = await conversation({ refusals }).send([{ kind: 'text', text: 'Coffee near me?' }]);
      assert.equal(t1.state, 'done', t1.error?.message);
      assert.deepEqual(creates().map((r) => r.status), [400, 200]);
      assert.deepEqual(types(creates()[0].body), ['google_search', 'google_maps']);
      assert.deepEqual(types(creates()[1].body), ['google_search'], 'only the refused tool is left out');
      assert.match(t1.notice ?? '', /The Gemini API refused the tool Google Maps for gemini-3\.8-flash, so the request was sent again without it\. It is left out for this model for the next 7 days\./);
      assert.equal(refusals.refused('gemini-3.8-flash', 'google_maps', 'tool')?.message, "Tool type 'google_maps' at 'tools[1]' is not supported by model gemini-3.8-flash.");
      const t2 = await conversation({ refusals }).send([{ kind: 'text', text: 'And tea?' }]);
      assert.equal(t2.state, 'done', t2.error?.message);
      assert.deepEqual(creates().map((r) => r.status), [400, 200, 200], 'the next message: one request');
      assert.deepEqual(types(creates()[2].body), ['google_search']);
      assert.match(t2.notice ?? '', /The tool Google Maps was left out: the Gemini API refused it for gemini-3\.8-flash on \d{4}-\d{2}-\d{2}\./);
      // Per model: another model still gets Maps.
      settings.model = 'gemini-3.1-pro-preview';
      const t3 = await conversation({ refusals }).send([{ kind: 'text', text: 'Maps?' }]);
      assert.equal(t3.state, 'done', t3.error?.message);
      assert.deepEqual(types(creates().at(-1)!.body), ['google_search', 'google_maps']);
      assert.doesNotMatch(t3.notice ?? '', /Google Maps/);
    });

    it('a refused input kind is replaced by a note on one retry and learned; the text of the message is still sent', async () => {
      emu.configure({ withdrawn: [{ model: 'gemini-3.8-flash', input: 'audio' }] });
      const refusals = new LearnedRefusals(memoryPort());
      const audio = { kind: 'media' as const, media: { type: 'audio' as const, mimeType: 'audio/wav', data: 'UklGRiQAAABXQVZF', name: 'memo.wav' } };
      const c = conversation({ refusals });
      const t1 = await c.send([{ kind: 'text', text: 'What do I say in this memo?' }, audio]);
      assert.equal(t1.state, 'done', t1.error?.message);
      assert.deepEqual(creates().map((r) => r.status), [400, 200]);
      assert.match(kinds(creates()[0].body), /"type":"audio"/);
      assert.doesNotMatch(kinds(creates()[1].body), /"type":"audio"/);
      assert.match(kinds(creates()[1].body), /What do I say in this memo\?/);
      assert.match(kinds(creates()[1].body), /An attachment \(audio\) was left out of this message: the model does not take audio input/);
      assert.match(t1.notice ?? '', /The Gemini API refused audio input for gemini-3\.8-flash/);
      const t2 = await c.send([{ kind: 'text', text: 'And this one?' }, audio]);
      assert.equal(t2.state, 'done', t2.error?.message);
      assert.deepEqual(creates().map((r) => r.status), [400, 200, 200]);
      assert.match(t2.notice ?? '', /Attachments of type audio were replaced by a note: the Gemini API refused audio input for gemini-3\.8-flash on/);
      // A message without audio says nothing about it.
      const t3 = await c.send([{ kind: 'text', text: 'Thanks' }]);
      assert.doesNotMatch(t3.notice ?? '', /audio/);
    });

    it('the emulator refuses a withdrawn capability only for that model, with the live wording, until reset', async () => {
      emu.configure({ withdrawn: [{ model: 'gemini-3.8-flash', tool: 'url_context' }, { model: 'gemini-3.8-flash', input: 'image' }] });
      await assert.rejects(api.create({ model: 'gemini-3.8-flash', input: 'Hi', tools: [{ type: 'url_context' }] } as any), /Tool type 'url_context' at 'tools\[0\]' is not supported by model gemini-3\.8-flash/);
      // A routed id is refused as its serving model.
      await assert.rejects(api.create({ model: 'gemini-3.7-flash', input: [{ type: 'image', mime_type: 'image/png', data: 'iVBORw0KGgo=' }] } as any), /Image input modality is not enabled for models\/gemini-3\.8-flash/);
      await api.create({ model: 'gemini-3.1-pro-preview', input: 'Hi', tools: [{ type: 'url_context' }] } as any);
      emu.reset();
      await api.create({ model: 'gemini-3.8-flash', input: 'Hi', tools: [{ type: 'url_context' }] } as any);
    });
  });

  describe('thought signatures', () => {
    it('split and empty thought_signature deltas are concatenated, so stateless replay sends the whole signature', async () => {
      settings.store = false;
      emu.injectFault({ name: 'split_signature', parts: 3 });
      const c = conversation();
      const t1 = await c.send([{ kind: 'text', text: 'My name is Ada.' }]);
      assert.equal(t1.state, 'done', t1.error?.message);
      const sig = (t1.wire as any[]).find((s) => s.type === 'thought')?.signature as string;
      assert.ok(sig && Buffer.from(sig, 'base64').toString().startsWith('emu-sig:thought:'), `whole signature, got ${sig}`);
      const t2 = await c.send([{ kind: 'text', text: 'What is my name?' }]);
      assert.equal(t2.state, 'done', t2.error?.message);
      assert.match(answerText(t2), /Ada/);
      const replayed = (okCreates()[1].input as any[]).find((s) => s.type === 'thought');
      assert.equal(replayed.signature, sig);
    });
  });

  describe('usage', () => {
    it('a store:false turn whose interaction.completed has usage only in metadata.total_usage shows tokens', async () => {
      settings.store = false;
      emu.injectFault({ name: 'usage_in_metadata' });
      const t = await conversation().send([{ kind: 'text', text: 'Count my tokens' }]);
      assert.equal(t.state, 'done', t.error?.message);
      assert.ok((t.usage?.total ?? 0) > 0, JSON.stringify(t.usage));
      assert.ok((t.usage?.input ?? 0) > 0);
      assert.equal(emu.requests().filter((r) => r.op === 'get').length, 0, 'nothing to GET with store:false');
    });
  });

  describe('temperature', () => {
    it('sends no temperature or top_p unless the user set one', async () => {
      settings.generation = { thinkingSummaries: true };
      await conversation().send([{ kind: 'text', text: 'Hi' }]);
      const gc = okCreates()[0].generation_config;
      assert.ok(!('temperature' in gc) && !('top_p' in gc), JSON.stringify(gc));
      settings.generation = { temperature: 0.4 };
      await conversation().send([{ kind: 'text', text: 'Hi' }]);
      assert.deepEqual(okCreates()[1].generation_config, { temperature: 0.4 });
    });
  });

  describe('Files API version', () => {
    it(`uploads and reads files under /${FILES_API_VERSION}/ even though interactions use v1`, async () => {
      assert.equal(FILES_API_VERSION, 'v1beta');
      const f = await api.uploadFile(new Blob([Buffer.from('%PDF-1.4 tiny')], { type: 'application/pdf' }), { mimeType: 'application/pdf', displayName: 'tiny.pdf' });
      await api.getFile(f.name);
      const paths = emu.requests().filter((r) => r.op.startsWith('files.')).map((r) => r.path.replace(/\?.*$/, ''));
      assert.ok(paths.length >= 3, paths.join(','));
      assert.ok(paths.every((p) => p.startsWith(`/upload/${FILES_API_VERSION}/files`) || p.startsWith(`/${FILES_API_VERSION}/files/`)), paths.join(','));
      await conversation().send([{ kind: 'text', text: 'Hi' }]);
      assert.ok(emu.requests().filter((r) => r.op === 'create').every((r) => r.path === '/v1/interactions'));
    });
  });

  describe('resume when event ids are sparse or absent', () => {
    const longText = { name: 'text', words: 60, deltaSize: 7 } as const;

    it('sparse ids: the replay after the last id seen is not appended twice (screen and stateless wire)', async () => {
      emu.queueScenario(longText);
      emu.injectFault([{ name: 'sparse_event_ids', every: 6 }, { name: 'cut_stream', afterEvents: 17 }]);
      const t = await conversation().send([{ kind: 'text', text: 'Tell me a long story' }]);
      assert.equal(t.state, 'done', t.error?.message);
      const id = t.interactionIds.at(-1)!;
      const gets = emu.requests().filter((r) => r.op === 'get');
      assert.equal(gets.length, 1);
      assert.ok(gets[0].query.last_event_id, 'resumed from the last id seen');
      assert.equal(answerText(t), storedText(id));
      assert.equal(wireText(t), storedText(id));
      assert.equal(t.parts.filter((p) => p.kind === 'thought').length, 1);
    });

    it('no ids at all: the turn is rebuilt from one GET of the interaction, the text exactly once', async () => {
      emu.queueScenario(longText);
      emu.injectFault([{ name: 'no_event_ids' }, { name: 'cut_stream', afterEvents: 15 }]);
      const t = await conversation().send([{ kind: 'text', text: 'Tell me a long story' }]);
      assert.equal(t.state, 'done', t.error?.message);
      const id = t.interactionIds.at(-1)!;
      const gets = emu.requests().filter((r) => r.op === 'get');
      assert.deepEqual(gets.map((g) => g.query.stream), ['false'], 'one unary GET, no replay stream');
      assert.equal(answerText(t), storedText(id));
      assert.equal(wireText(t), storedText(id));
      assert.ok((t.usage?.total ?? 0) > 0);
    });

    it('the e2e scenario (a #scenario directive with exact text, no ids, cut after 12 events) gives the text once', async () => {
      const story = 'Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango.';
      emu.injectFault([{ name: 'no_event_ids' }, { name: 'cut_stream', afterEvents: 12 }]);
      const t = await conversation().send([{ kind: 'text', text: `Spell it out.\n#scenario:text deltaSize=4 text="${story}"` }]);
      assert.equal(t.state, 'done', t.error?.message);
      assert.equal(answerText(t), story);
      assert.ok(emu.requests().some((r) => r.op === 'get'));
    });

    it('no ids and the GET fails: the stream replayed from the start skips what was applied', async () => {
      emu.queueScenario({ ...longText, name: 'text' });
      emu.injectFault([{ name: 'no_event_ids' }, { name: 'cut_stream', afterEvents: 12 }, { name: 'server_error', on: 'get', status: 400, times: 1 }]);
      const t = await conversation().send([{ kind: 'text', text: 'Tell me a long story' }]);
      // The GET failed (400), so the stream is replayed from the start and the replay skips what was applied.
      assert.equal(t.state, 'done', t.error?.message);
      assert.equal(answerText(t), storedText(t.interactionIds.at(-1)!));
    });
  });

  describe('stateless Deep Research', () => {
    it('with store off, the agent gets content (earlier turns as text), not replayed steps', async () => {
      settings.store = false;
      const c = conversation();
      const t1 = await c.send([{ kind: 'text', text: 'My name is Ada.' }]);
      assert.equal(t1.state, 'done', t1.error?.message);
      emu.queueScenario({ name: 'deep_research', durationMs: 200, polls: 0 });
      const t2 = await c.send([{ kind: 'text', text: 'Research solid-state batteries' }], { overrides: { agent: { id: 'deep-research-preview-04-2026' } } });
      assert.equal(t2.state, 'done', t2.error?.message);
      const body = okCreates()[1];
      assert.ok(Array.isArray(body.input) && body.input.every((b: any) => b.type === 'text'), JSON.stringify(body.input).slice(0, 300));
      assert.match(body.input[0].text, /User: My name is Ada\./);
      assert.equal(body.input.at(-1).text, 'Research solid-state batteries');
    });
  });

  describe('what users look for: Deep Research Max, Google Maps, File Search', () => {
    it('runs the deep-research-max-preview-04-2026 agent', async () => {
      emu.queueScenario({ name: 'deep_research', durationMs: 200, polls: 0 });
      const t = await conversation().send([{ kind: 'text', text: 'Research tidal power' }], { overrides: { agent: { id: 'deep-research-max-preview-04-2026' } } });
      assert.equal(t.state, 'done', t.error?.message);
      assert.equal(okCreates()[0].agent, 'deep-research-max-preview-04-2026');
      assert.ok(t.parts.some((p) => p.kind === 'text' && (p.citations?.length ?? 0) > 0));
    });

    it('sends google_maps and file_search in their wire shapes; calls show as tool cards, places and files as citations', async () => {
      settings.tools = { googleMaps: true, fileSearchStores: ['fileSearchStores/team-docs'] };
      const t = await conversation().send([{ kind: 'text', text: 'Coffee near the office, per our notes?' }]);
      assert.equal(t.state, 'done', t.error?.message);
      assert.deepEqual(okCreates()[0].tools, [{ type: 'google_maps' }, { type: 'file_search', file_search_store_names: ['fileSearchStores/team-docs'] }]);
      const tools = t.parts.filter((p) => p.kind === 'toolCall' || p.kind === 'toolResult').map((p) => `${p.kind}:${(p as { tool: string }).tool}`);
      assert.deepEqual(tools, ['toolCall:google_maps', 'toolResult:google_maps', 'toolCall:file_search', 'toolResult:file_search']);
      const cites = t.parts.flatMap((p) => (p.kind === 'text' ? p.citations ?? [] : []));
      assert.deepEqual(cites.map((c) => c.kind), ['place', 'file']);
      assert.equal(cites[0].url, 'https://maps.google.com/?cid=1001');
    });
  });
});
