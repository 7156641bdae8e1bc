// What the user sees when Google routes or refuses a model, against the emulator's cited facts (facts.ts): a routed
// id is answered by the serving model, which the turn names; a model reserved for the paid tier, asked for with a
// free-tier key (free-tier-key on gemini-4-neon), fails with the paid-tier message and the billing link, once.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi } from '../../src/core/gemini/client';
import { Conversation } from '../../src/core/conversation/conversation';
import { BILLING_URL } from '../../src/core/gemini/errors';

describe('routed and paid-tier models', function () {
  this.timeout(15_000);
  let emu: Emulator;
  before(async () => { emu = await startEmulator(); });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('a routed id (gemini-3.7-flash → gemini-3.8-flash) is answered, and the turn names the serving model', async () => {
    const api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    const now = Date.now();
    const c = new Conversation({ id: 'r', title: '', createdAt: now, updatedAt: now, turns: [] }, {
      api: async () => api, settings: () => ({ model: 'gemini-3.7-flash', store: true, tools: {} }), save: async () => {},
      log: { debug() {}, info() {}, warn() {}, error() {} }, backoffMs: 10,
      listener: { started() {}, event() {}, notice() {}, finished() {} },
    });
    const t = await c.send([{ kind: 'text', text: 'Hello' }]);
    assert.equal(t.state, 'done', t.error?.message);
    assert.equal(t.model, 'gemini-3.7-flash');
    assert.equal(t.servedBy, 'gemini-3.8-flash');
  });

  it('says the model is paid-tier only, links to billing, and does not offer Retry', async () => {
    const api = await createInteractionsApi({ apiKey: 'free-tier-key', baseUrl: emu.url });
    const now = Date.now();
    const c = new Conversation({ id: 'c', title: '', createdAt: now, updatedAt: now, turns: [] }, {
      api: async () => api, settings: () => ({ model: 'gemini-4-neon', store: true, tools: {} }), save: async () => {},
      log: { debug() {}, info() {}, warn() {}, error() {} }, backoffMs: 10,
      listener: { started() {}, event() {}, notice() {}, finished() {} },
    });
    const t = await c.send([{ kind: 'text', text: 'Hello' }]);
    assert.equal(t.state, 'error');
    assert.match(t.error!.message, /^gemini-4-neon is available on the paid tier of the Gemini API only/);
    assert.ok(t.error!.message.includes(BILLING_URL));
    assert.equal(t.error!.action, undefined);
    assert.equal(t.error!.code, '403');
    assert.equal(emu.requests().filter((r) => r.op === 'create').length, 1, 'not retried');
  });
});
