// The composer's modes at the request level, through the real SDK over HTTP to the emulator: what each mode
// declares (asserted on the request the emulator received), Plan's checklist instruction, the refusal of a call
// to an undeclared tool (no approval asked, a clear function_result sent back), and a mode switch in one chain.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi, type InteractionsApi } from '../../src/core/gemini/client';
import { Conversation } from '../../src/core/conversation/conversation';
import type { ConversationDeps } from '../../src/core/conversation/conversationDeps';
import type { FunctionCall, TurnSettings } from '../../src/core/conversation/types';
import { answerText } from '../../src/core/conversation/transcript';
import { WORKSPACE_TOOLS } from '../../src/core/tools/workspaceTools';
import { EDIT_TOOLS } from '../../src/core/tools/editTools';
import { PLAN_MODE_INSTRUCTION } from '../../src/core/modes/modeInstruction';
import { parsePlanChecklist } from '../../src/core/modes/planChecklist';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const READ = WORKSPACE_TOOLS.map((t) => t.name);
const EDIT = EDIT_TOOLS.map((t) => t.name);

describe('modes: Ask, Plan and Agent requests through the SDK and the emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let api: InteractionsApi;
  let settings: TurnSettings;
  let asked: FunctionCall[];

  before(async () => {
    emu = await startEmulator({ port: 0 });
    api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    asked = [];
    // What the settings allow (tools.workspace and tools.workspaceEdits on, trusted): the mode picks from it.
    settings = { model: 'gemini-3.5-flash', store: true, systemInstruction: 'Rules: be brief.', tools: { googleSearch: true, functions: [...WORKSPACE_TOOLS, ...EDIT_TOOLS] } };
  });

  function conversation(extra: Partial<ConversationDeps> = {}): Conversation {
    const now = Date.now();
    return new Conversation({ id: `c${now}${Math.random()}`, title: '', createdAt: now, updatedAt: now, turns: [] }, {
      api: async () => api,
      settings: () => settings,
      save: async () => undefined,
      log: quiet,
      backoffMs: 10,
      listener: { started() {}, event() {}, notice() {}, finished() {} },
      // Every call that reaches the runner is one the user would be asked about.
      tools: { run: async (_t, calls) => { asked.push(...calls); return calls.map((c) => ({ result: `ran ${c.name}` })); } },
      ...extra,
    });
  }

  const creates = () => emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Record<string, any>);
  const declared = (body: Record<string, any>) => ((body.tools ?? []) as any[]).filter((t) => t.type === 'function').map((t) => t.name as string);

  it('Ask declares no workspace tool; Google Search stays as toggled', async () => {
    settings.mode = 'ask';
    const t = await conversation().send([{ kind: 'text', text: 'What is a closure?' }]);
    assert.equal(t.state, 'done');
    assert.equal(t.mode, 'ask');
    const [body] = creates();
    assert.deepEqual(declared(body), []);
    assert.ok(body.tools.some((x: any) => x.type === 'google_search'));
    assert.equal(body.system_instruction, 'Rules: be brief.');
  });

  it('Plan declares the read tools only and asks for a checklist', async () => {
    settings.mode = 'plan';
    emu.queueScenario({ name: 'plan', steps: ['Read src/app.ts', 'Add the option', 'Test it'] });
    const t = await conversation().send([{ kind: 'text', text: 'Plan adding a --verbose option' }]);
    assert.equal(t.mode, 'plan');
    const [body] = creates();
    assert.deepEqual(declared(body), READ);
    for (const e of [...EDIT, 'write_file', 'run_in_terminal']) assert.ok(!JSON.stringify(body.tools).includes(`"${e}"`), `${e} must not be in a Plan request`);
    assert.equal(body.system_instruction, `Rules: be brief.\n\n${PLAN_MODE_INSTRUCTION}`);
    assert.deepEqual(parsePlanChecklist(answerText(t))?.map((i) => i.text), ['Read src/app.ts', 'Add the option', 'Test it']);
  });

  it('Agent declares the read and edit tools, with no Plan instruction', async () => {
    settings.mode = 'agent';
    emu.queueScenario({ name: 'text' });
    await conversation().send([{ kind: 'text', text: 'Add the option' }]);
    const [body] = creates();
    assert.deepEqual(declared(body), [...READ, ...EDIT]);
    assert.equal(body.system_instruction, 'Rules: be brief.');
  });

  for (const [mode, tool] of [['plan', 'write_file'], ['plan', 'propose_edit'], ['ask', 'read_file']] as const) {
    it(`${mode === 'plan' ? 'Plan' : 'Ask'}: a call to ${tool} (not declared) is refused without asking, with a clear function result`, async () => {
      settings.mode = mode;
      emu.queueScenario({ name: 'undeclared_call', function: tool, args: { path: 'src/app.ts', content: 'x' } });
      const t = await conversation().send([{ kind: 'text', text: 'Write the file' }]);
      assert.equal(t.state, 'done');
      assert.deepEqual(asked, [], 'the user is never asked about an undeclared tool');
      const [first, second] = creates();
      assert.ok(!declared(first).includes(tool));
      // The refusal went back to the model as the call's result, in the same chain.
      assert.equal(second.previous_interaction_id, t.interactionIds[0]);
      assert.equal(second.input.length, 1);
      const result = second.input[0];
      assert.equal(result.type, 'function_result');
      assert.equal(result.name, tool);
      assert.equal(result.is_error, true);
      assert.match(result.result, new RegExp(`^${tool} is not available in ${mode === 'plan' ? 'Plan' : 'Ask'} mode: it was not run and the user was not asked`));
      // The turn shows the refused call and its result.
      const r = t.parts.find((p) => p.kind === 'functionResult');
      assert.ok(r && r.kind === 'functionResult' && r.isError && /not available/.test(r.result));
    });
  }

  it('Agent: a declared edit tool goes to the approval as before', async () => {
    settings.mode = 'agent';
    emu.queueScenario({ name: 'function_call', function: 'create_file', args: { path: 'new.txt', content: 'hi' } });
    await conversation().send([{ kind: 'text', text: 'Create new.txt' }]);
    assert.deepEqual(asked.map((c) => c.name), ['create_file']);
  });

  it('switching mode mid-conversation keeps the chain; each turn records its mode', async () => {
    const c = conversation();
    settings.mode = 'plan';
    emu.queueScenario({ name: 'plan' });
    const plan = await c.send([{ kind: 'text', text: 'Plan it' }]);
    settings.mode = 'agent';
    emu.queueScenario({ name: 'text' });
    const act = await c.send([{ kind: 'text', text: 'Carry out this plan:\n\n- [ ] Read the code' }]);
    const [b1, b2] = creates();
    assert.equal(b1.previous_interaction_id, undefined);
    assert.equal(b2.previous_interaction_id, plan.interactionIds.at(-1));
    assert.deepEqual(declared(b2), [...READ, ...EDIT]);
    assert.deepEqual(c.data.turns.filter((x) => x.role === 'model').map((x) => (x as { mode?: string }).mode), ['plan', 'agent']);
    assert.equal(act.mode, 'agent');
  });

  it('Retry of a failed Plan answer runs in Plan mode again, whatever the composer shows now', async () => {
    const c = conversation();
    settings.mode = 'plan';
    emu.queueScenario({ name: 'failed', partial: false });
    const failed = await c.send([{ kind: 'text', text: 'Plan it' }]);
    assert.equal(failed.state, 'error');
    settings.mode = 'agent';
    emu.queueScenario({ name: 'plan' });
    const again = await c.retry();
    assert.equal(again?.mode, 'plan');
    assert.deepEqual(declared(creates().at(-1)!), READ);
  });

  it('a turn without a mode (VS Code\'s own chat) declares the functions as given', async () => {
    emu.queueScenario({ name: 'text' });
    const t = await conversation().send([{ kind: 'text', text: 'hi' }]);
    assert.equal(t.mode, undefined);
    assert.deepEqual(declared(creates()[0]), [...READ, ...EDIT]);
  });
});
