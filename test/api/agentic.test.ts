// Agentic capabilities through the real SDK and the emulator: the function-calling loop with approval
// outcomes (allow, deny, error) in both state modes, the round bound, MCP servers, structured output,
// image output, Deep Research in the background (cancel, resume after a reload, follow-up with a model)
// and generation settings.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi, type InteractionsApi } from '../../src/core/gemini/client';
import { Conversation, INCOMPLETE_NOTICE } from '../../src/core/conversation/conversation';
import type { ConversationDeps } from '../../src/core/conversation/conversationDeps';
import { TOOL_LIMIT_RESULT, toolLimitNotice } from '../../src/core/conversation/turnRun';
import type { ConversationData, FunctionCall, FunctionOutcome, ModelTurn, TurnSettings } from '../../src/core/conversation/types';
import { answerText } from '../../src/core/conversation/transcript';
import { WORKSPACE_TOOLS, DENIED_RESULT } from '../../src/core/tools/workspaceTools';
import { validateJsonReply } from '../../src/core/slash/structured';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const DR = 'deep-research-preview-04-2026';

describe('agentic capabilities through the SDK and the emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let api: InteractionsApi;
  let settings: TurnSettings;
  let notices: string[];

  before(async () => {
    // A project with the Interactions storage default off (possible since 2026-10-26): chains, resume and
    // background runs still work because the product sends store: true explicitly.
    emu = await startEmulator({ projectStoreDefault: false });
    api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    settings = { model: 'gemini-3.5-flash', store: true, tools: { functions: [...WORKSPACE_TOOLS] } };
    notices = [];
  });

  function conversation(extra: Partial<ConversationDeps> = {}, data?: ConversationData): Conversation {
    const now = Date.now();
    return new Conversation(data ?? { id: `c${now}${Math.random()}`, title: '', createdAt: now, updatedAt: now, turns: [] }, {
      api: async () => api,
      settings: () => settings,
      save: async () => undefined,
      log: quiet,
      backoffMs: 10,
      listener: { started() {}, event() {}, notice: (_id, t) => { if (t) notices.push(t); }, finished() {} },
      ...extra,
    });
  }

  /** A tool runner that records the calls and answers with the given outcome function. */
  function runner(answer: (c: FunctionCall) => FunctionOutcome) {
    const seen: FunctionCall[] = [];
    return {
      seen,
      tools: { run: async (_turn: string, calls: FunctionCall[]) => { seen.push(...calls); return calls.map(answer); } },
    };
  }

  const creates = () => emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Record<string, any>);

  it('allow: runs the call, sends function_result with call_id and name, continues statefully', async () => {
    const r = runner((c) => ({ result: `contents of ${String(c.args.path)}` }));
    const c = conversation({ tools: r.tools });
    const t = await c.send([{ kind: 'text', text: 'Read the README please' }]);
    assert.equal(t.state, 'done');
    assert.equal(t.status, 'completed');
    assert.equal(r.seen.length, 1);
    assert.equal(r.seen[0].name, 'read_file');
    const [b1, b2] = creates();
    assert.ok(b1.tools.some((x: any) => x.type === 'function' && x.name === 'read_file' && x.parameters.required[0] === 'path'));
    assert.equal(b2.previous_interaction_id, t.interactionIds[0]);
    assert.deepEqual(b2.input, [{ type: 'function_result', call_id: r.seen[0].id, name: 'read_file', result: `contents of ${String(r.seen[0].args.path)}` }]);
    assert.match(answerText(t), /read_file/);
    assert.equal(t.interactionIds.length, 2);
    assert.equal(c.data.lastInteractionId, t.interactionIds[1]);
    // The call and the result are both parts of the turn (cards in the panel).
    assert.deepEqual(t.parts.filter((p) => p.kind === 'functionCall' || p.kind === 'functionResult').map((p) => p.kind), ['functionCall', 'functionResult']);
  });

  it('deny and failure: is_error results reach the model and the turn still completes', async () => {
    const denied = runner(() => ({ result: DENIED_RESULT, isError: true }));
    const t = await conversation({ tools: denied.tools }).send([{ kind: 'text', text: 'List the src folder' }]);
    assert.equal(t.state, 'done');
    const sent = creates()[1].input[0];
    assert.equal(sent.is_error, true);
    assert.equal(sent.result, DENIED_RESULT);
    const fr = t.parts.find((p) => p.kind === 'functionResult');
    assert.ok(fr && fr.kind === 'functionResult' && fr.isError);

    emu.reset();
    const failing = runner(() => ({ result: 'Error: ENOENT: no such file', isError: true }));
    const t2 = await conversation({ tools: failing.tools }).send([{ kind: 'text', text: 'Read missing.txt' }]);
    assert.equal(t2.state, 'done');
    assert.deepEqual(creates()[1].input[0], { type: 'function_result', call_id: failing.seen[0].id, name: failing.seen[0].name, result: 'Error: ENOENT: no such file', is_error: true });
  });

  it('multi-round loop, stateful: each round chains from the previous interaction', async () => {
    emu.queueScenario([{ name: 'function_call', function: 'find_files' }, { name: 'function_call', function: 'read_file' }]);
    const r = runner((c) => ({ result: `ok ${c.name}` }));
    const t = await conversation({ tools: r.tools }).send([{ kind: 'text', text: 'Find and read the tests' }]);
    assert.deepEqual(r.seen.map((x) => x.name), ['find_files', 'read_file']);
    const bodies = creates();
    assert.equal(bodies.length, 3);
    assert.equal(bodies[1].previous_interaction_id, t.interactionIds[0]);
    assert.equal(bodies[2].previous_interaction_id, t.interactionIds[1]);
    assert.equal(bodies[2].input[0].name, 'read_file');
    assert.equal(t.status, 'completed');
    assert.equal(t.interactionIds.length, 3);
  });

  it('multi-round loop, stateless (store off): full verbatim history with signatures every round', async () => {
    settings.store = false;
    emu.queueScenario([{ name: 'function_call', function: 'find_files' }, { name: 'function_call', function: 'read_file' }]);
    const r = runner((c) => ({ result: `ok ${c.name}` }));
    const c = conversation({ tools: r.tools });
    const t = await c.send([{ kind: 'text', text: 'Find and read the tests' }]);
    assert.equal(t.state, 'done', t.error?.message);
    const bodies = creates();
    assert.equal(bodies.length, 3);
    for (const b of bodies) {
      assert.equal(b.store, false);
      assert.equal(b.previous_interaction_id, undefined);
    }
    const third = bodies[2].input as any[];
    assert.equal(third[0].type, 'user_input');
    const calls = third.filter((s) => s.type === 'function_call');
    assert.equal(calls.length, 2);
    for (const call of calls) assert.ok(typeof call.signature === 'string' && call.signature.length > 0, 'signature replayed');
    assert.deepEqual(third.filter((s) => s.type === 'function_result').map((s) => s.name), ['find_files', 'read_file']);
    // The turn's wire is the whole timeline, so the next message replays it too.
    await c.send([{ kind: 'text', text: 'Thanks' }]);
    const next = creates()[3].input as any[];
    assert.equal(next.filter((s) => s.type === 'function_result').length, 2);
    assert.equal(next.at(-1).type, 'user_input');
  });

  it('bounds the rounds per message and tells the user', async () => {
    emu.queueScenario([{ name: 'function_call' }, { name: 'function_call' }, { name: 'function_call' }]);
    const r = runner(() => ({ result: 'ok' }));
    const t = await conversation({ tools: r.tools, maxToolRounds: 2 }).send([{ kind: 'text', text: 'Loop forever' }]);
    assert.equal(r.seen.length, 2, 'only two rounds ran tools');
    const last = creates().at(-1)!;
    assert.equal(last.generation_config.tool_choice, 'none');
    assert.equal(last.input[0].result, TOOL_LIMIT_RESULT);
    assert.equal(last.input[0].is_error, true);
    assert.equal(t.notice, toolLimitNotice(2));
    assert.ok(notices.includes(toolLimitNotice(2)));
  });

  it('Stop during approval ends the turn as stopped without another request', async () => {
    let release: () => void = () => undefined;
    const c = conversation({ tools: { run: (_t, calls, signal) => new Promise((res) => { release = () => res(calls.map(() => ({ result: 'late' }))); signal.addEventListener('abort', () => release()); }) } });
    const p = c.send([{ kind: 'text', text: 'Read something' }]);
    while (creates().length < 1 || !c.busy) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    await c.stop();
    const t = await p;
    assert.equal(t.state, 'stopped');
    assert.equal(creates().length, 1);
  });

  it('MCP servers reach the request as mcp_server tools; the unsupported combination is announced', async () => {
    settings.tools = {
      mcpServers: [{ name: 'weather_service', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer s3cret' }, allowedTools: ['forecast'] }],
    };
    const t = await conversation().send([{ kind: 'text', text: 'Weather via MCP?' }]);
    assert.equal(t.state, 'done', t.error?.message);
    assert.deepEqual(creates()[0].tools, [{ type: 'mcp_server', name: 'weather_service', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer s3cret' }, allowed_tools: [{ tools: ['forecast'] }] }]);
    assert.ok(t.parts.some((p) => p.kind === 'toolCall'), 'the MCP tool_call step is a card');
    assert.equal(notices.length, 0);

    settings.tools = { ...settings.tools, functions: [...WORKSPACE_TOOLS], googleSearch: true };
    const t2 = await conversation({ tools: runner(() => ({ result: 'x' })).tools }).send([{ kind: 'text', text: 'Both' }]);
    assert.match(t2.notice ?? '', /MCP servers cannot be combined with function calling or built-in tools/);
    assert.ok(notices.some((n) => /cannot be combined/.test(n)));
  });

  it('structured output: response_format JSON schema, reply validated; an invalid reply gives precise errors', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, priority: { enum: ['low', 'high'] } },
      required: ['name', 'tags', 'priority'],
      additionalProperties: false,
    };
    settings.tools = { urlContext: true, googleSearch: true };
    settings.output = { kind: 'json', schema };
    const t = await conversation().send([{ kind: 'text', text: 'Extract: the task "Ship it" tagged release, high priority' }]);
    const body = creates()[0];
    assert.deepEqual(body.response_format, { type: 'text', mime_type: 'application/json', schema });
    assert.deepEqual(body.tools, [{ type: 'url_context' }, { type: 'google_search' }], 'combinable with URL context and Google Search');
    const ok = validateJsonReply(schema, answerText(t));
    assert.ok(ok.ok, JSON.stringify(ok));

    emu.queueScenario({ name: 'text', text: '{"name": 5, "tags": ["a"], "priority": "urgent", "extra": true}', thought: false });
    const bad = await conversation().send([{ kind: 'text', text: 'Extract again' }]);
    const check = validateJsonReply(schema, answerText(bad));
    assert.equal(check.ok, false);
    assert.ok(!check.ok);
    assert.ok(check.errors.includes('/name: must be string'), check.errors.join('; '));
    assert.ok(check.errors.some((e) => e.startsWith('/priority: must be equal to one of the allowed values: "low", "high"')), check.errors.join('; '));
    assert.ok(check.errors.some((e) => e.includes('must NOT have additional properties ("extra")')), check.errors.join('; '));
    assert.match(validateJsonReply(schema, 'not json').ok ? '' : (validateJsonReply(schema, 'not json') as any).errors[0], /not valid JSON/);
  });

  it('image output: response_format image, images arrive as media parts, a follow-up edit continues the chain', async () => {
    settings = { model: 'gemini-3.1-flash-image', store: true, tools: { functions: [...WORKSPACE_TOOLS], googleSearch: false }, output: { kind: 'image' } };
    const c = conversation();
    const t = await c.send([{ kind: 'text', text: 'A lighthouse at dusk' }]);
    const b = creates()[0];
    assert.deepEqual(b.response_format, { type: 'image', mime_type: 'image/jpeg' });
    assert.equal(b.model, 'gemini-3.1-flash-image');
    assert.equal(b.tools, undefined, 'no function tools with image output');
    const media = t.parts.filter((p) => p.kind === 'media');
    assert.equal(media.length, 1);
    assert.ok(media[0].kind === 'media' && media[0].media.mimeType === 'image/png' && (media[0].media.data ?? '').length > 100);
    const t2 = await c.send([{ kind: 'text', text: 'Make it night' }]);
    assert.equal(creates()[1].previous_interaction_id, t.interactionIds.at(-1));
    assert.ok(t2.parts.some((p) => p.kind === 'media'));
  });

  it('generation settings reach the body; max output tokens ends incomplete', async () => {
    settings.tools = {};
    settings.systemInstruction = 'Reply in French.';
    settings.generation = { temperature: 0.3, maxOutputTokens: 5, thinkingLevel: 'high', thinkingSummaries: true };
    const t = await conversation().send([{ kind: 'text', text: 'Tell me a long story about a lighthouse keeper and the sea' }]);
    const b = creates()[0];
    assert.deepEqual(b.generation_config, { temperature: 0.3, max_output_tokens: 5, thinking_level: 'high', thinking_summaries: 'auto' });
    assert.equal(b.system_instruction, 'Reply in French.');
    assert.equal(t.status, 'incomplete');
    assert.equal(t.state, 'done');
    assert.equal(t.notice, INCOMPLETE_NOTICE);
  });

  describe('Deep Research in the background', () => {
    const research = (): Partial<TurnSettings> => ({ agent: { id: DR, thinkingSummaries: true } });

    function tracker() {
      const started: string[] = [];
      const ended: string[] = [];
      return { started, ended, background: { started: (_c: string, _t: string, id: string) => { if (!started.includes(id)) started.push(id); }, ended: (_c: string, t: string) => { ended.push(t); } } };
    }

    it('runs with background + thought summaries, then a model follow-up chains from the report', async () => {
      settings.store = true;
      emu.queueScenario({ name: 'deep_research', durationMs: 300, polls: 0 });
      const tr = tracker();
      const c = conversation({ background: tr.background });
      const t = await c.send([{ kind: 'text', text: 'State of solid-state batteries' }], { overrides: research() });
      const b = creates()[0];
      assert.equal(b.agent, DR);
      assert.equal(b.background, true);
      assert.deepEqual(b.agent_config, { type: 'deep-research', thinking_summaries: 'auto' });
      assert.equal(b.model, undefined);
      assert.equal(b.generation_config, undefined);
      assert.equal(t.state, 'done', t.error?.message);
      assert.equal(t.status, 'completed');
      assert.equal(t.model, DR);
      assert.ok(t.parts.some((p) => p.kind === 'thought' && p.text.length > 0), 'thought summaries');
      assert.ok(t.parts.some((p) => p.kind === 'text' && (p.citations?.length ?? 0) > 0), 'report with citations');
      assert.ok(t.parts.some((p) => p.kind === 'media'), 'chart image');
      assert.deepEqual(tr.started, [t.interactionIds[0]]);
      assert.deepEqual(tr.ended, [t.id]);
      // Follow-up with the regular model from the report.
      const f = await c.send([{ kind: 'text', text: 'Summarise the report in one line' }]);
      const fb = creates()[1];
      assert.equal(fb.model, 'gemini-3.5-flash');
      assert.equal(fb.previous_interaction_id, t.interactionIds[0]);
      assert.equal(fb.background, undefined);
      assert.equal(f.state, 'done');
    });

    it('Stop cancels the run on the server', async () => {
      emu.queueScenario({ name: 'deep_research', durationMs: 60_000, polls: 0 });
      const tr = tracker();
      const c = conversation({ background: tr.background });
      const p = c.send([{ kind: 'text', text: 'A long research' }], { overrides: research() });
      while (!c.backgroundInteractionId) await new Promise((r) => setTimeout(r, 10));
      const id = c.backgroundInteractionId;
      await c.stop();
      const t = await p;
      assert.equal(t.state, 'stopped');
      assert.equal(t.status, 'cancelled');
      const cancels = emu.requests().filter((r) => r.op === 'cancel');
      assert.equal(cancels.length, 1);
      assert.ok(cancels[0].path.includes(id));
      assert.equal((await api.get(id)).status, 'cancelled');
      assert.deepEqual(tr.ended, [t.id]);
    });

    it('Stop right after the start still cancels the run once its id is known', async () => {
      emu.queueScenario({ name: 'deep_research', durationMs: 60_000, polls: 0 });
      const c = conversation();
      const p = c.send([{ kind: 'text', text: 'Stop me at once' }], { overrides: research() });
      while (!c.busy) await new Promise((r) => setTimeout(r, 1));
      await c.stop();
      const t = await p;
      assert.equal(t.state, 'stopped');
      const cancels = emu.requests().filter((r) => r.op === 'cancel');
      assert.equal(cancels.length, 1, 'cancelled on the server');
      assert.ok(cancels[0].path.includes(t.interactionIds[0]));
      assert.equal((await api.get(t.interactionIds[0])).status, 'cancelled');
    });

    it('survives a reload: a new Conversation resumes the stored run until it completes', async () => {
      emu.queueScenario({ name: 'deep_research', durationMs: 1500, polls: 0 });
      const tr = tracker();
      const first = conversation({ background: tr.background });
      const p = first.send([{ kind: 'text', text: 'Research that outlives the window' }], { overrides: research() });
      while (!first.backgroundInteractionId) await new Promise((r) => setTimeout(r, 10));
      const id = first.backgroundInteractionId;
      // The window goes away: the local stream dies, nothing is cancelled on the server.
      (first as any).controller.abort();
      const dead = await p;
      assert.equal(dead.state, 'stopped');
      assert.equal(emu.requests().filter((r) => r.op === 'cancel').length, 0);

      // Next start: the persisted conversation and the stored id.
      const data = structuredClone(first.data);
      const turnId = (data.turns.at(-1) as ModelTurn).id;
      const resumed: string[] = [];
      const again = conversation({ background: tr.background, listener: { started() {}, event() {}, notice() {}, finished() {}, resumed: (t) => resumed.push(t.id) } }, data);
      const t = await again.resumeBackground(turnId, id);
      assert.ok(t);
      assert.deepEqual(resumed, [turnId]);
      assert.equal(t.state, 'done', t.error?.message);
      assert.equal(t.status, 'completed');
      assert.deepEqual(t.interactionIds, [id]);
      assert.ok(t.parts.some((p) => p.kind === 'text' && /#/.test(p.text)), 'the report');
      assert.ok(emu.requests().some((r) => r.op === 'get' && r.query?.stream === 'true'), 'read back by a GET stream');
      assert.equal(again.data.lastInteractionId, id);
    });
  });
});
