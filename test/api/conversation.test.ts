// The conversation layer through the real SDK over HTTP to the emulator: state, persistence, fallback,
// resume, retries, errors, cancel, delete, restore.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi, type InteractionsApi } from '../../src/core/gemini/client';
import { Conversation, FALLBACK_NOTICE } from '../../src/core/conversation/conversation';
import type { ConversationDeps } from '../../src/core/conversation/conversationDeps';
import { deleteInteractions } from '../../src/core/gemini/deleteInteractions';
import { ConversationStore, StorageError, type IndexBackend, type IndexEntry } from '../../src/core/storage/conversationStore';
import { MemoryFs } from '../unit/memoryFs';
import type { ConversationData, ModelTurn, TurnSettings } from '../../src/core/conversation/types';
import { answerText } from '../../src/core/conversation/transcript';
import { restoreFromServer } from '../../src/core/gemini/restore';

function memoryBackend(): { index: IndexBackend; fs: MemoryFs } {
  let index: IndexEntry[] | undefined;
  return { index: { readIndex: () => index && structuredClone(index), writeIndex: async (e) => { index = structuredClone(e); } }, fs: new MemoryFs() };
}
const storeOf = (b: { index: IndexBackend; fs: MemoryFs }) => new ConversationStore(b.index, b.fs, '/ws/conversations');

const quiet = process.env.DEBUG_CONV ? { debug: console.log, info: console.log, warn: console.log, error: console.log } : { debug() {}, info() {}, warn() {}, error() {} };

describe('conversation through the SDK and the emulator', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let api: InteractionsApi;
  let settings: TurnSettings = { model: 'gemini-3.5-flash', store: true, tools: {} };
  let notices: string[] = [];

  before(async () => {
    // A project with the Interactions storage default off (possible since 2026-10-26): chains, resume and
    // background runs still work because the product sends store: true explicitly.
    emu = await startEmulator({ projectStoreDefault: false });
    api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    settings = { model: 'gemini-3.5-flash', store: true, tools: {} };
    notices = [];
  });

  function conversation(data?: ConversationData, store = storeOf(memoryBackend()), extra: Partial<ConversationDeps> = {}): Conversation {
    const now = Date.now();
    return new Conversation(data ?? { id: `c${now}`, title: '', createdAt: now, updatedAt: now, turns: [] }, {
      api: async () => api,
      settings: () => settings,
      save: (d) => store.save(d),
      log: quiet,
      backoffMs: 10,
      listener: { started() {}, event() {}, notice: (_id, t) => { if (t) notices.push(t); }, finished() {} },
      ...extra,
    });
  }

  const creates = () => emu.requests().filter((r) => r.op === 'create' && r.status === 200).map((r) => r.body as Record<string, any>);

  it('a client that cannot be made (no key, an endpoint the user declined) fails the turn visibly, and the next send works', async () => {
    let refuse = true;
    const finished: string[] = [];
    const c = conversation(undefined, undefined, {
      api: async () => { if (refuse) throw new Error('Not sent: the endpoint was declined.'); return api; },
      listener: { started() {}, event() {}, notice() {}, finished: (t) => finished.push(t.state) },
    });
    const t1 = await c.send([{ kind: 'text', text: 'Hello?' }]);
    assert.equal(t1.state, 'error');
    assert.equal(t1.error?.message, 'Not sent: the endpoint was declined.');
    assert.equal(c.busy, false);
    assert.equal(creates().length, 0);
    refuse = false;
    const t2 = await c.send([{ kind: 'text', text: 'Hello again?' }]);
    assert.equal(t2.state, 'done');
    assert.deepEqual(finished, ['error', 'done']);
  });

  it('a full disk (ENOSPC): the message is neither kept nor sent, earlier turns are safe, and the next send works', async () => {
    const backend = memoryBackend();
    const c = conversation(undefined, storeOf(backend));
    await c.send([{ kind: 'text', text: 'My name is Linus.' }]);
    backend.fs.spaceLeft = 0;
    await assert.rejects(c.send([{ kind: 'text', text: 'What is my name?' }]), (e: Error) => e instanceof StorageError && e.diskFull);
    assert.equal(c.data.turns.length, 2, 'the unsaved message is not left in the conversation');
    assert.equal(creates().length, 1, 'nothing unsaved was sent');
    assert.equal((await storeOf(backend).load(c.data.id))!.turns.length, 2);
    backend.fs.spaceLeft = undefined;
    const t = await c.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.match(answerText(t), /Linus/);
    assert.equal((await storeOf(backend).load(c.data.id))!.turns.length, 4);
  });

  it('is stateful by default: only the new input plus previous_interaction_id, settings on every turn', async () => {
    settings.tools = { codeExecution: true };
    settings.systemInstruction = 'Be brief.';
    const c = conversation();
    const t1 = await c.send([{ kind: 'text', text: 'Hi, my name is Ada.' }]);
    const t2 = await c.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.equal(t1.state, 'done');
    assert.match(answerText(t2), /Ada/);
    const [b1, b2] = creates();
    assert.equal(b1.previous_interaction_id, undefined);
    assert.equal(b2.previous_interaction_id, t1.interactionIds.at(-1));
    assert.deepEqual(b2.input, [{ type: 'text', text: 'What is my name?' }]);
    for (const b of [b1, b2]) {
      assert.deepEqual(b.tools, [{ type: 'code_execution' }]);
      assert.equal(b.system_instruction, 'Be brief.');
      assert.equal(b.store, true, 'sent explicitly: this emulator plays a project whose storage default is off');
    }
    assert.equal(c.data.lastInteractionId, t2.interactionIds.at(-1));
  });

  it('sends the full history verbatim when storage is off', async () => {
    settings.store = false;
    const c = conversation();
    const t1 = await c.send([{ kind: 'text', text: 'Hi, my name is Grace.' }]);
    const t2 = await c.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.match(answerText(t2), /Grace/);
    const b2 = creates()[1];
    assert.equal(b2.store, false);
    assert.equal(b2.previous_interaction_id, undefined);
    assert.deepEqual(b2.input, [
      { type: 'user_input', content: [{ type: 'text', text: 'Hi, my name is Grace.' }] },
      ...(t1.wire as unknown[]),
      { type: 'user_input', content: [{ type: 'text', text: 'What is my name?' }] },
    ]);
  });

  it('continues after a window reload from the persisted store with the stored previous_interaction_id', async () => {
    const backend = memoryBackend();
    const first = conversation(undefined, storeOf(backend));
    await first.send([{ kind: 'text', text: 'My name is Linus.' }]);
    const storedId = first.data.lastInteractionId;
    assert.ok(backend.fs.written > 0, 'transcript written to the journal');

    // "Reload": a new store over the same backend, a new Conversation from what was persisted.
    const reopened = storeOf(backend);
    const [entry] = reopened.list();
    assert.equal(entry.lastInteractionId, storedId);
    const data = await reopened.load(entry.id);
    assert.ok(data);
    const again = conversation(data, reopened);
    const t = await again.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.match(answerText(t), /Linus/);
    assert.equal(creates().at(-1)!.previous_interaction_id, storedId);
  });

  it('falls back to the local transcript when the server forgot the chain, tells the user once, loses nothing', async () => {
    const c = conversation();
    await c.send([{ kind: 'text', text: 'My name is Barbara.' }]);
    const lost = c.data.lastInteractionId!;
    await api.delete(lost); // expired or deleted on the server
    const t = await c.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.equal(t.state, 'done');
    assert.match(answerText(t), /Barbara/);
    assert.equal(t.notice, FALLBACK_NOTICE);
    assert.equal(notices.filter((n) => n === FALLBACK_NOTICE).length >= 1, true);
    const bodies = emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Record<string, any>);
    const last = bodies.at(-1)!;
    assert.equal(last.previous_interaction_id, undefined);
    assert.equal((last.input as any[])[0].content[0].text, 'My name is Barbara.');
    // The next turn chains from the new interaction again.
    assert.notEqual(c.data.lastInteractionId, lost);
    const t3 = await c.send([{ kind: 'text', text: 'And again, what is my name?' }]);
    assert.match(answerText(t3), /Barbara/);
    assert.equal(t3.notice, undefined);
  });

  describe('cut streams resume to the same transcript as an uncut run', () => {
    const text = `# Resumable\n\n${'Streaming text that must survive a cut. '.repeat(40)}\n\nÉnd ✓`;
    async function run(fault?: Parameters<Emulator['injectFault']>[0], extra: Partial<ConversationDeps> = {}): Promise<ModelTurn> {
      emu.reset();
      emu.queueScenario({ name: 'text', text });
      if (fault) emu.injectFault(fault);
      const c = conversation(undefined, undefined, extra);
      return c.send([{ kind: 'text', text: 'Tell me something long.' }]);
    }
    // Parts must equal the uncut run's; the wire steps must equal, byte for byte, what the server stored for
    // this interaction (signatures and ids differ between two runs, so those are compared per run).
    const comparable = (t: ModelTurn) => JSON.stringify({ parts: t.parts, status: t.status, text: answerText(t) });
    const sameAsServer = (t: ModelTurn) => {
      const stored = (emu.interaction(t.interactionIds.at(-1)!)!.steps as { type: string }[]).filter((s) => s.type !== 'user_input');
      assert.equal(JSON.stringify(t.wire), JSON.stringify(stored));
    };

    let uncut: ModelTurn;
    before(async () => {
      uncut = await run();
      sameAsServer(uncut); // before beforeEach resets the emulator
    });
    it('(the uncut run completes with the whole text)', () => assert.equal(answerText(uncut), text));

    it('after a network drop mid-answer', async () => {
      const cut = await run({ name: 'cut_stream', afterEvents: 12 });
      assert.equal(cut.state, 'done');
      assert.equal(comparable(cut), comparable(uncut));
      sameAsServer(cut);
      assert.equal(answerText(cut), text);
      assert.ok(emu.requests().some((r) => r.op === 'get' && r.query.stream === 'true' && r.query.last_event_id), 'resumed with last_event_id');
    });

    it('after the live 600 s cut (clean end without interaction.completed)', async () => {
      const cut = await run({ name: 'live_cut', afterEvents: 20 });
      assert.equal(comparable(cut), comparable(uncut));
      sameAsServer(cut);
    });

    it('after a stall (no data, socket open)', async () => {
      const cut = await run({ name: 'stall', afterEvents: 8 }, { stallMs: 300 });
      assert.equal(comparable(cut), comparable(uncut));
      sameAsServer(cut);
    });

    it('skips a malformed event and an empty error event', async () => {
      const m = await run([{ name: 'malformed_event', afterEvents: 5 }, { name: 'empty_error_event', afterEvents: 9 }]);
      assert.equal(m.state, 'done');
      assert.equal(answerText(m), text);
    });
  });

  it('waits out a rate limit, says "retrying in N s", and shows one answer', async () => {
    emu.queueScenario({ name: 'text', text: 'Only once.' });
    emu.injectFault({ name: 'rate_limit', retryAfterMs: 1000, times: 1 });
    const t = await conversation(undefined, undefined, { sleep: async () => undefined }).send([{ kind: 'text', text: 'hi' }]);
    assert.equal(t.state, 'done');
    assert.equal(answerText(t), 'Only once.');
    assert.ok(notices.some((n) => /Rate limited — retrying in 1 s/.test(n)), notices.join('|'));
    assert.equal(creates().length, 1);
  });

  it('stops at once on an exhausted quota and says so', async () => {
    emu.injectFault({ name: 'quota_exhausted', times: 5 });
    const t = await conversation().send([{ kind: 'text', text: 'hi' }]);
    assert.equal(t.state, 'error');
    assert.match(t.error!.message, /quota/i);
    assert.equal(emu.requests().filter((r) => r.op === 'create').length, 1, 'no retries');
  });

  it('retries 5xx a bounded number of times with backoff', async () => {
    emu.injectFault({ name: 'server_error', status: 503, times: 2 });
    const ok = await conversation().send([{ kind: 'text', text: 'hi' }]);
    assert.equal(ok.state, 'done');
    emu.injectFault({ name: 'server_error', status: 500, times: 50 });
    const bad = await conversation().send([{ kind: 'text', text: 'hi' }]);
    assert.equal(bad.state, 'error');
    assert.match(bad.error!.message, /server error \(500/);
    assert.equal(bad.error!.action, 'retry');
  });

  it('stored error text has no known secret in it (API key, MCP secrets), even when the failure echoes one', async () => {
    const secret = 'ghp-MCP-SECRET-0042';
    const failing = { ...api, createStream: async () => { throw new Error(`request to https://mcp.example/mcp failed: Authorization: Bearer ${secret} (url ${encodeURIComponent(secret + '/x')})`); } } as unknown as InteractionsApi;
    const redact = (t: string) => t.split(secret).join('[REDACTED]').split(encodeURIComponent(secret)).join('[REDACTED]');
    const store = storeOf(memoryBackend());
    const conv = conversation(undefined, store, { api: async () => failing, redact });
    const t = await conv.send([{ kind: 'text', text: 'hi' }]);
    assert.equal(t.state, 'error');
    assert.doesNotMatch(t.error!.message, /ghp-MCP-SECRET/);
    assert.doesNotMatch(JSON.stringify(conv.data), /ghp-MCP-SECRET/, 'nothing stored in the conversation carries it');
  });

  it('gives human messages for a bad key and a rejected request', async () => {
    const badKey = await createInteractionsApi({ apiKey: 'wrong-key', baseUrl: emu.url });
    const t = await conversation(undefined, undefined, { api: async () => badKey }).send([{ kind: 'text', text: 'hi' }]);
    assert.equal(t.state, 'error');
    assert.match(t.error!.message, /API key/);
    assert.equal(t.error!.action, 'setApiKey');
    assert.doesNotMatch(t.error!.message, /at .*\.js/);
    assert.equal(t.error!.manageKeys, true, 'the card offers the key page');
    assert.ok(t.error!.message.includes('https://aistudio.google.com/apikey'));
    const blockedKey = await createInteractionsApi({ apiKey: 'blocked-key', baseUrl: emu.url });
    const b = await conversation(undefined, undefined, { api: async () => blockedKey }).send([{ kind: 'text', text: 'hi' }]);
    assert.equal(b.state, 'error');
    assert.match(b.error!.message, /blocked for the Gemini API/);
    assert.deepEqual([b.error!.action, b.error!.manageKeys, b.error!.code], ['setApiKey', true, '403']);

    settings.generation = { temperature: 'hot' as unknown as number };
    const bad = await conversation().send([{ kind: 'text', text: 'hi' }]);
    assert.equal(bad.state, 'error');
    assert.match(bad.error!.message, /rejected the request: .+/);
  });

  it('stops a streaming answer at once and keeps the partial text, marked stopped', async () => {
    emu.queueScenario({ name: 'text', text: 'word '.repeat(400) });
    emu.injectFault({ name: 'slow_stream', delayMs: 20 });
    let seen = 0;
    const c: Conversation = conversation(undefined, undefined, {
      listener: { started() {}, notice() {}, finished() {}, event: (_id, ev) => { if (ev.type === 'text' && ++seen === 3) c.stop(); } },
    });
    const started = Date.now();
    const t = await c.send([{ kind: 'text', text: 'long please' }]);
    assert.equal(t.state, 'stopped');
    assert.ok(answerText(t).length > 0 && answerText(t).length < 2000);
    assert.ok(Date.now() - started < 3000, 'aborted promptly');
    assert.equal(c.busy, false);
  });

  it('Stop ends the turn even when the stream never notices its aborted connection', async () => {
    // A stream whose next chunk never comes and that ignores the abort signal (seen once in the e2e suite).
    const deaf = { ...api, createStream: async () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<unknown>>(() => {}), return: async () => ({ done: true, value: undefined }) }) }) } as unknown as InteractionsApi;
    const c = conversation(undefined, undefined, { api: async () => deaf });
    const sending = c.send([{ kind: 'text', text: 'hello' }]);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await c.stop();
    const t = await sending;
    assert.equal(t.state, 'stopped');
    assert.ok(Date.now() - started < 1000, `stopped in ${Date.now() - started} ms`);
    assert.equal(c.busy, false);
  });

  it('deletes a conversation\'s interactions on the server and restores a transcript from ids', async () => {
    const c = conversation();
    await c.send([{ kind: 'text', text: 'My name is Edsger.' }]);
    await c.send([{ kind: 'text', text: 'What is my name?' }]);
    const ids = c.data.turns.filter((t): t is ModelTurn => t.role === 'model').flatMap((t) => t.interactionIds);

    const restored = await restoreFromServer(api, { id: c.data.id, title: 'x', createdAt: 1, updatedAt: 2, interactionIds: ids }, (() => { let n = 0; return () => `r${n++}`; })());
    assert.deepEqual(restored.turns.filter((t) => t.role === 'user').map((t) => (t as { text: string }).text), ['My name is Edsger.', 'What is my name?']);
    const answers = restored.turns.filter((t): t is ModelTurn => t.role === 'model').map(answerText);
    const original = c.data.turns.filter((t): t is ModelTurn => t.role === 'model').map(answerText);
    assert.deepEqual(answers, original);

    assert.deepEqual(await deleteInteractions(api, ids), []);
    for (const id of ids) assert.equal(emu.interaction(id), undefined);
  });
  it('fetches the usage with a GET when interaction.completed has none', async () => {
    emu.injectFault({ name: 'omit_usage' });
    const events: string[] = [];
    const t = await conversation(undefined, undefined, {
      listener: { started() {}, notice() {}, finished() {}, event: (_id, ev) => { events.push(ev.type); } },
    }).send([{ kind: 'text', text: 'hi' }]);
    assert.equal(t.state, 'done');
    const id = t.interactionIds.at(-1)!;
    const gets = emu.requests().filter((r) => r.op === 'get');
    assert.equal(gets.length, 1);
    assert.ok(gets[0].path.endsWith(id));
    const stored = emu.interaction(id) as { usage: { total_tokens: number; total_input_tokens: number } };
    assert.equal(t.usage?.total, stored.usage.total_tokens);
    assert.equal(t.usage?.input, stored.usage.total_input_tokens);
    assert.equal(events.at(-1), 'usage', 'the view is told');
    // With usage in the stream, no extra GET.
    emu.clearRequests();
    await conversation().send([{ kind: 'text', text: 'hi' }]);
    assert.equal(emu.requests().filter((r) => r.op === 'get').length, 0);
  });

  it('retries a failed answer: the same user input again, the failed attempt replaced, chained from the last good turn', async () => {
    const replaced: string[] = [];
    const c = conversation(undefined, undefined, {
      listener: { started() {}, notice() {}, finished() {}, event() {}, retried: (failedId) => { replaced.push(failedId); } },
    });
    const first = await c.send([{ kind: 'text', text: 'My name is Grace.' }]);
    emu.injectFault({ name: 'server_error', status: 500, times: 50 });
    const failed = await c.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.equal(failed.state, 'error');
    emu.clearFaults();
    emu.clearRequests();
    const again = await c.retry();
    assert.ok(again);
    assert.equal(again.state, 'done');
    assert.match(answerText(again), /Grace/);
    assert.deepEqual(replaced, [failed.id]);
    assert.deepEqual(c.data.turns.map((t) => t.role), ['user', 'model', 'user', 'model']);
    assert.equal(c.data.turns[3], again);
    const [body] = creates();
    assert.deepEqual(body.input, [{ type: 'text', text: 'What is my name?' }]);
    assert.equal(body.previous_interaction_id, first.interactionIds.at(-1));
    assert.equal(await c.retry(), undefined, 'nothing to retry after a good answer');
  });

  it('retries statelessly with the history and the same user step', async () => {
    // Not via `settings`: the nested describe's before-all hook runs before the next beforeEach resets it.
    const c = conversation(undefined, undefined, { settings: () => ({ ...settings, store: false }) });
    await c.send([{ kind: 'text', text: 'My name is Alan.' }]);
    emu.injectFault({ name: 'server_error', status: 500, times: 50 });
    await c.send([{ kind: 'text', text: 'What is my name?' }]);
    emu.clearFaults();
    emu.clearRequests();
    const again = await c.retry();
    assert.match(answerText(again!), /Alan/);
    const [body] = creates();
    const input = body.input as { type: string }[];
    assert.equal(body.previous_interaction_id, undefined);
    assert.equal(input.filter((s) => s.type === 'user_input').length, 2, 'the good exchange, then the retried message');
    assert.deepEqual((body.input as any[]).at(-1), { type: 'user_input', content: [{ type: 'text', text: 'What is my name?' }] });
  });
});
