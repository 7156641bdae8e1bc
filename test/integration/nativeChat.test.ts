// VS Code's own chat API against our language model provider, in the real extension host, through the
// real SDK to the emulator: the models are listed, answers stream, the marker in each answer continues
// the chain with previous_interaction_id (read from the emulator's request log), the whole history goes
// when there is no usable marker or the server forgot the id, tool calls round-trip, and a cancel stops
// the request on the wire.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';

const VENDOR = 'gemini-interactions';
const MARKER_MIME = 'application/vnd.gemini-interactions.marker+json';
const User = vscode.LanguageModelChatMessage.User;
const Assistant = vscode.LanguageModelChatMessage.Assistant;


/** Everything a response streams, in order, and the text as it grew. */
async function collect(response: vscode.LanguageModelChatResponse): Promise<{ parts: unknown[]; text: string; chunks: number }> {
  const parts: unknown[] = [];
  let text = '';
  let chunks = 0;
  for await (const p of response.stream) {
    parts.push(p);
    if (p instanceof vscode.LanguageModelTextPart) { text += p.value; chunks++; }
  }
  return { parts, text, chunks };
}

const markerOf = (parts: unknown[]) => parts.find((p): p is vscode.LanguageModelDataPart => p instanceof vscode.LanguageModelDataPart && p.mimeType === MARKER_MIME);

describe('native chat: language model provider', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let model: vscode.LanguageModelChat;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const creates = () => emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Record<string, any>);
  let savedBase: unknown;

  before(async () => {
    savedBase = config().inspect('apiBaseUrl')?.globalValue;
    // A project whose Interactions storage default is off: the chain tests pass because store: true is sent.
    emu = await startEmulator({ projectStoreDefault: false });
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
    const models = await waitFor('our models in vscode.lm', async () => {
      const m = await vscode.lm.selectChatModels({ vendor: VENDOR });
      return m.length ? m : undefined;
    });
    model = models.find((m) => m.id === 'gemini-3.8-flash') ?? models[0];
  });
  after(async () => {
    await config().update('apiBaseUrl', savedBase, vscode.ConfigurationTarget.Global);
    await cmd('clearApiKey');
    await emu.close();
  });
  beforeEach(() => emu.reset());

  it('selectChatModels({vendor}) lists the models of geminiInteractions.models with limits and capabilities', async () => {
    const listed = await vscode.lm.selectChatModels({ vendor: VENDOR });
    const expected = config().get<string[]>('models')!;
    assert.deepEqual(listed.map((m) => m.id).sort(), [...new Set([config().get<string>('model')!, ...expected])].sort());
    const flash = listed.find((m) => m.id === 'gemini-3.8-flash')!;
    assert.equal(flash.vendor, VENDOR);
    assert.equal(flash.family, 'gemini-3.8-flash');
    assert.equal(flash.maxInputTokens, 1_048_576);
  });

  it('sendRequest streams the answer in several text parts and ends with a marker naming the interaction', async () => {
    const response = await model.sendRequest([User('#scenario:text words=60 deltaSize=20\nTell me about parsers.')], {});
    const { parts, text, chunks } = await collect(response);
    assert.equal(text.trim().split(/\s+/).length, 60);
    assert.ok(chunks > 3, `streamed in ${chunks} parts`);
    const marker = markerOf(parts);
    assert.ok(marker, 'the answer carries a marker data part');
    const decoded = JSON.parse(new TextDecoder().decode(marker.data));
    const [body] = creates();
    assert.equal(decoded.model, 'gemini-3.8-flash');
    assert.equal(body.model, 'gemini-3.8-flash');
    assert.ok(emu.interaction(decoded.interactionId), 'the marker names the stored interaction');
    assert.equal(body.previous_interaction_id, undefined);
  });

  /** The answer as the caller keeps it: its text and tool calls, and the marker. */
  function answerMessage(parts: unknown[]): vscode.LanguageModelChatMessage {
    const kept = parts.filter((p): p is vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart | vscode.LanguageModelDataPart =>
      p instanceof vscode.LanguageModelTextPart || p instanceof vscode.LanguageModelToolCallPart || p instanceof vscode.LanguageModelDataPart);
    return Assistant(kept);
  }
  const userStep = (text: string) => ({ type: 'user_input', content: [{ type: 'text', text }] });

  it('a history with the marker sends previous_interaction_id and only the new message', async () => {
    const first = await collect(await model.sendRequest([User('My name is Ada.')], {}));
    const markerId = JSON.parse(new TextDecoder().decode(markerOf(first.parts)!.data)).interactionId;
    const second = await collect(await model.sendRequest([User('My name is Ada.'), answerMessage(first.parts), User('What is my name?')], {}));
    const body = creates()[1];
    assert.equal(body.previous_interaction_id, markerId);
    assert.deepEqual(body.input, [userStep('What is my name?')]);
    // The server remembered the first message from the chain alone.
    assert.match(second.text, /Your name is \*\*Ada\*\*/);
    assert.ok(markerOf(second.parts), 'the second answer carries the next marker');
  });

  it('without a marker, the whole history is sent (no previous_interaction_id)', async () => {
    const answer = await collect(await model.sendRequest([User('My name is Ada.'), Assistant('Hello Ada!'), User('What is my name?')], {}));
    const [body] = creates();
    assert.equal(body.previous_interaction_id, undefined);
    assert.deepEqual(body.input, [userStep('My name is Ada.'), { type: 'model_output', content: [{ type: 'text', text: 'Hello Ada!' }] }, userStep('What is my name?')]);
    assert.match(answer.text, /Your name is \*\*Ada\*\*/);
  });

  it('a marker of another model is not continued: the whole history is sent', async () => {
    const first = await collect(await model.sendRequest([User('My name is Ada.')], {}));
    const other = (await vscode.lm.selectChatModels({ vendor: VENDOR })).find((m) => m.id !== model.id)!;
    await collect(await other.sendRequest([User('My name is Ada.'), answerMessage(first.parts), User('What is my name?')], {}));
    const body = creates()[1];
    assert.equal(body.model, other.id);
    assert.equal(body.previous_interaction_id, undefined);
    assert.equal(body.input.length, 3);
  });

  it('when the server has forgotten the id, the whole history is sent and the answer still streams', async () => {
    const first = await collect(await model.sendRequest([User('My name is Ada.')], {}));
    emu.reset(); // the server forgets every interaction
    const second = await collect(await model.sendRequest([User('My name is Ada.'), answerMessage(first.parts), User('What is my name?')], {}));
    const [chained, full] = creates();
    assert.ok(chained.previous_interaction_id, 'the chain was tried first');
    assert.equal(emu.requests()[0].status, 404);
    assert.equal(full.previous_interaction_id, undefined);
    assert.deepEqual(full.input.map((s: any) => s.type), ['user_input', 'model_output', 'user_input']);
    assert.match(second.text, /Your name is \*\*Ada\*\*/);
    assert.ok(markerOf(second.parts), 'a new chain starts from the answer');
  });

  const weather: vscode.LanguageModelChatTool = {
    name: 'get_weather', description: 'The current weather of a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
  };

  it('tool round trip: options.tools become function tools, the call is a LanguageModelToolCallPart, its result a function_result', async () => {
    const question = User('Weather in Paris?');
    const first = await collect(await model.sendRequest([question], { tools: [weather], toolMode: vscode.LanguageModelChatToolMode.Required }));
    const call = first.parts.find((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    assert.ok(call, 'a tool call part');
    assert.equal(call.name, 'get_weather');
    assert.equal((call.input as { city: string }).city, 'Paris');
    const [b1] = creates();
    assert.deepEqual(b1.tools, [{ type: 'function', name: 'get_weather', description: weather.description, parameters: weather.inputSchema }]);
    assert.equal(b1.generation_config?.tool_choice, 'any', 'Required tool mode');

    const result = new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('Sunny, 21 °C')]);
    const second = await collect(await model.sendRequest([question, answerMessage(first.parts), User([result])], { tools: [weather] }));
    const b2 = creates()[1];
    assert.equal(b2.previous_interaction_id, JSON.parse(new TextDecoder().decode(markerOf(first.parts)!.data)).interactionId);
    assert.deepEqual(b2.input, [{ type: 'function_result', call_id: call.callId, name: 'get_weather', result: 'Sunny, 21 °C' }]);
    assert.match(second.text, /`get_weather` returned: \*\*Sunny, 21 °C\*\*/);
  });

  it('tool round trip without the chain: the call is replayed with its signature from the marker', async () => {
    const question = User('Weather in Paris?');
    const first = await collect(await model.sendRequest([question], { tools: [weather] }));
    const call = first.parts.find((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart)!;
    emu.reset();
    const result = new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('Rain')]);
    const second = await collect(await model.sendRequest([question, answerMessage(first.parts), User([result])], { tools: [weather] }));
    const full = creates()[1];
    const replayed = full.input.find((s: any) => s.type === 'function_call');
    assert.equal(replayed.id, call.callId);
    assert.ok(replayed.signature, 'the replayed call carries its signature (the API rejects it without)');
    assert.deepEqual(full.input.at(-1), { type: 'function_result', call_id: call.callId, name: 'get_weather', result: 'Rain' });
    assert.match(second.text, /returned: \*\*Rain\*\*/);
  });

  it('cancelling the request closes the stream on the wire', async () => {
    const closed: string[] = [];
    const logEmu = await startEmulator({ log: (l) => closed.push(l) });
    await config().update('apiBaseUrl', logEmu.url, vscode.ConfigurationTarget.Global);
    try {
      // The server stops writing after a few events and would hold the socket open forever.
      logEmu.injectFault({ name: 'stall', afterEvents: 5 });
      const cts = new vscode.CancellationTokenSource();
      const response = await model.sendRequest([User('#scenario:text words=200 deltaSize=10\nA long answer, please.')], {}, cts.token);
      const reading = collect(response).catch((e) => e);
      await waitFor('the request on the wire', () => logEmu.requests().some((r) => r.op === 'create'));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(closed.filter((l) => l.startsWith('POST')).length, 0, 'the stalled stream is still open before the cancel');
      cts.cancel();
      await waitFor('the stream to be closed by the client', () => closed.some((l) => /^POST \S*\/interactions 200 .*\(stream\)/.test(l)), 5_000);
      await reading;
    } finally {
      await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
      await logEmu.close();
    }
  });

  it('errors read as in the panel: no key, an exhausted quota', async () => {
    const failure = async (messages: vscode.LanguageModelChatMessage[]) => {
      try {
        await collect(await model.sendRequest(messages, {}));
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    await cmd('clearApiKey');
    try {
      assert.match(await failure([User('Hi')]), /No Gemini API key is set\. Run "Gemini: Set API Key"/);
      assert.equal(creates().length, 0);
    } finally {
      await cmd('setApiKey', 'test-key');
    }
    emu.injectFault({ name: 'quota_exhausted', times: 5 });
    assert.match(await failure([User('Hi')]), /Your Gemini API quota is exhausted/);
  });

  it('a model that refuses the thinking level: one 400 and a retry on the first request, then ONE request each (the refusal is learned and shared)', async function () {
    // gemini-flash-latest has no row in the product's facts, so the chosen xhigh is sent; the emulator's alias
    // row (the current Flash: low..high) refuses it. Before, each native request paid 400 + retry.
    const savedModels = config().inspect('models')?.globalValue;
    const savedLevel = config().inspect('thinkingLevel')?.globalValue;
    try {
      await config().update('models', ['gemini-3.8-flash', 'gemini-flash-latest'], vscode.ConfigurationTarget.Global);
      await config().update('thinkingLevel', 'xhigh', vscode.ConfigurationTarget.Global);
      const latest = await waitFor('gemini-flash-latest in vscode.lm', async () => (await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'gemini-flash-latest' }))[0]);
      emu.reset();
      for (let i = 0; i < 3; i++) {
        const r = await collect(await latest.sendRequest([User(`Hello ${i}`)], {}, new vscode.CancellationTokenSource().token));
        assert.ok(r.text.length > 0);
      }
      const statuses = emu.requests().filter((q) => q.op === 'create').map((q) => q.status);
      assert.deepEqual(statuses, [400, 200, 200, 200], 'from the second request on, one request each (was 400, 200 every time)');
      assert.equal(creates()[0].generation_config.thinking_level, 'xhigh');
      assert.equal(creates()[2].generation_config?.thinking_level, undefined);
      // "Gemini: Show What the API Refused…" lists it (the tests pass what to forget instead of the quick pick).
      const key = 'thinkingLevel:gemini-flash-latest:xhigh';
      assert.ok((await cmd<string[]>('showLearnedRefusals', []))!.includes(key));
      await cmd('showLearnedRefusals', [key]);
      assert.ok(!(await cmd<string[]>('showLearnedRefusals', []))!.includes(key), 'forgotten');
      emu.reset();
      await collect(await latest.sendRequest([User('Once more')], {}, new vscode.CancellationTokenSource().token));
      assert.deepEqual(emu.requests().filter((q) => q.op === 'create').map((q) => q.status), [400, 200], 'forgotten: tried again, and learned again');
      assert.ok((await cmd<string[]>('showLearnedRefusals', []))!.includes(key));
    } finally {
      await cmd('showLearnedRefusals', 'all');
      await config().update('models', savedModels, vscode.ConfigurationTarget.Global);
      await config().update('thinkingLevel', savedLevel, vscode.ConfigurationTarget.Global);
    }
  });

  it('countTokens estimates about four characters per token, with a fixed cost per message', async () => {
    assert.equal(await model.countTokens('x'.repeat(400)), 100);
    const message = User('y'.repeat(400));
    const n = await model.countTokens(message);
    assert.ok(n > 100 && n < 110, `a message costs its text plus a little (${n})`);
  });

  it('a rate limit (429) is retried after the wait the server asks for, and the answer arrives', async () => {
    emu.injectFault({ name: 'rate_limit', retryAfterMs: 100 });
    const answer = await collect(await model.sendRequest([User('#scenario:text words=5\nHi')], {}));
    assert.equal(answer.text.trim().split(/\s+/).length, 5);
    const statuses = emu.requests().filter((r) => r.op === 'create').map((r) => r.status);
    assert.deepEqual(statuses, [429, 200]);
  });

  it('an image in a user message (LanguageModelDataPart) is sent as image content', async () => {
    const png = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'media', 'pixel.png'));
    await collect(await model.sendRequest([User([new vscode.LanguageModelTextPart('What is in this picture?'), vscode.LanguageModelDataPart.image(png, 'image/png')])], {}));
    const [body] = creates();
    assert.deepEqual(body.input, [{ type: 'user_input', content: [
      { type: 'text', text: 'What is in this picture?' },
      { type: 'image', data: Buffer.from(png).toString('base64'), mime_type: 'image/png' },
    ] }]);
  });
});
