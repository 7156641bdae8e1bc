// One native-chat answer (runNativeTurn: what the language model provider and @gemini run) through the
// real SDK to the emulator: Deep Research reports progress and a marker of the agent, an abort cancels
// the run on the server, a follow-up continues across models for @gemini but not for the provider.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi, type InteractionsApi } from '../../src/core/gemini/client';
import { runNativeTurn, type NativeOutput } from '../../src/core/native/nativeTurn';
import type { NativeMessage } from '../../src/core/native/nativeChat';
import type { TurnSettings } from '../../src/core/conversation/types';
import { LearnedRefusals, memoryPort } from '../../src/core/models/learnedRefusals';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const DR = 'deep-research-preview-04-2026';
const user = (text: string): NativeMessage => ({ role: 'user', parts: [{ kind: 'text', text }] });

describe('native chat turn through the SDK and the emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let api: InteractionsApi;
  const chat: TurnSettings = { model: 'gemini-3.5-flash', store: true, tools: {} };
  const research: TurnSettings = { ...chat, agent: { id: DR, thinkingSummaries: true } };
  const creates = () => emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Record<string, any>);

  before(async () => {
    // A project with the Interactions storage default off (possible since 2026-10-26): chains, resume and
    // background runs still work because the product sends store: true explicitly.
    emu = await startEmulator({ projectStoreDefault: false });
    api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  async function turn(messages: NativeMessage[], settings: TurnSettings, opts: { chainAcrossModels?: boolean; signal?: AbortSignal; refusals?: LearnedRefusals } = {}) {
    const out: NativeOutput[] = [];
    const r = await runNativeTurn(messages, { api: async () => api, settings, log: quiet, chainAcrossModels: opts.chainAcrossModels, refusals: opts.refusals }, (o) => out.push(o), opts.signal);
    return { ...r, out, text: out.map((o) => (o.kind === 'text' ? o.text : '')).join('') };
  }

  it('a refused thinking level is learned once for every native request: one 400 and a retry, then ONE request each, and the user is told', async () => {
    // gemini-flash-latest has no row in the product's facts, so the user's xhigh is sent; the emulator's
    // alias row (facts.ts: the current Flash, low..high) refuses it.
    const refusals = new LearnedRefusals(memoryPort());
    const settings: TurnSettings = { ...chat, model: 'gemini-flash-latest', generation: { thinkingLevel: 'xhigh' } };
    const statuses = () => emu.requests().filter((r) => r.op === 'create').map((r) => r.status);
    const first = await turn([user('Hi')], settings, { refusals });
    assert.equal(first.turn.state, 'done', first.turn.error?.message);
    assert.deepEqual(statuses(), [400, 200]);
    const said = first.out.filter((o) => o.kind === 'progress').map((o) => (o as { text: string }).text);
    assert.ok(said.some((t) => /refused thinking level "xhigh" for gemini-flash-latest.*left out for this model for the next 7 days/.test(t)), JSON.stringify(said));
    for (let i = 0; i < 2; i++) {
      const next = await turn([user(`Again ${i}`)], settings, { refusals });
      assert.equal(next.turn.state, 'done', next.turn.error?.message);
      assert.ok(next.out.some((o) => o.kind === 'progress' && /Thinking level "xhigh" was left out: the Gemini API refused it for gemini-flash-latest on \d{4}-\d{2}-\d{2}/.test(o.text)));
    }
    assert.deepEqual(statuses(), [400, 200, 200, 200], 'from the second request on, one request each');
    assert.equal(creates()[2].generation_config, undefined);
    assert.equal(refusals.refused('gemini-flash-latest', 'xhigh')?.level, 'xhigh');
    // Without a shared memory (what each native request had before): the 400 comes back every time.
    emu.reset();
    await turn([user('Hi')], settings);
    await turn([user('Hi')], settings);
    assert.deepEqual(statuses(), [400, 200, 400, 200]);
  });

  it('Deep Research: progress lines from its thoughts and tools, the report as text, a marker of the agent', async () => {
    emu.queueScenario({ name: 'deep_research', durationMs: 300, polls: 0 });
    const r = await turn([user('State of solid-state batteries')], research);
    assert.equal(r.turn.state, 'done', r.turn.error?.message);
    assert.equal(creates()[0].background, true);
    const progress = r.out.filter((o) => o.kind === 'progress').map((o) => (o as { text: string }).text);
    assert.ok(progress.some((p) => /^Searching: /.test(p)), `a search line in ${JSON.stringify(progress)}`);
    assert.ok(progress.length >= 3);
    assert.equal(new Set(progress).size, progress.length, 'each line once');
    assert.ok(r.text.length > 200, 'the report');
    const marker = r.out.find((o) => o.kind === 'marker') as Extract<NativeOutput, { kind: 'marker' }>;
    assert.equal(marker.marker.model, DR);
    assert.equal(marker.marker.interactionId, r.turn.interactionIds.at(-1));

    // @gemini continues the chain with the chat model; the provider (same-model chains only) does not.
    const history: NativeMessage[] = [user('State of solid-state batteries'), { role: 'assistant', parts: [{ kind: 'text', text: r.text }, marker] }, user('Summarise it in one line')];
    await turn(history, chat, { chainAcrossModels: true });
    assert.equal(creates()[1].previous_interaction_id, marker.marker.interactionId);
    assert.equal(creates()[1].input.length, 1);
    await turn(history, chat);
    assert.equal(creates()[2].previous_interaction_id, undefined);
    assert.equal(creates()[2].input.length, 3);
  });

  it('an abort (Stop in the Chat view) cancels the background run on the server and leaves no marker', async () => {
    emu.queueScenario({ name: 'deep_research', durationMs: 60_000, polls: 0 });
    const controller = new AbortController();
    const running = turn([user('A long research')], research, { signal: controller.signal });
    while (!emu.interactionIds().length) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const r = await running;
    assert.equal(r.turn.state, 'stopped');
    const cancels = emu.requests().filter((q) => q.op === 'cancel');
    assert.equal(cancels.length, 1, 'cancelled on the server');
    assert.equal((await api.get(r.turn.interactionIds[0])).status, 'cancelled');
    assert.equal(r.out.some((o) => o.kind === 'marker'), false);
  });
});
