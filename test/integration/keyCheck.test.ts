// Set API Key checks a new key with one models.list call against the emulator (started in the host):
// a good key works, blocked-key and an unknown key get their specific messages with the key page, an
// unreachable endpoint says the key could not be checked, and the key is saved in every case.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';

type Check = { result: string; format: string; message: string; models?: number };
const CLASSIC = `AIza${'x'.repeat(35)}`;
const keySource = () => vscode.commands.executeCommand<string>('geminiInteractions.internal.keySource');

describe('Set API Key validates the new key', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const setKey = (k: string) => vscode.commands.executeCommand<Check>('geminiInteractions.setApiKey', k);

  before(async () => {
    emu = await startEmulator({ apiKeys: ['test-key', CLASSIC] });
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('geminiInteractions.clearApiKey');
    await emu.close();
  });

  it('a good key: one models.list call, "it works" with the number of models, classic format recognised', async () => {
    emu.clearRequests();
    const r = await setKey(CLASSIC);
    assert.equal(r.result, 'ok', r.message);
    assert.equal(r.format, 'classic');
    assert.ok((r.models ?? 0) > 5, String(r.models));
    assert.match(r.message, /It works: \d+ models available/);
    const calls = emu.requests().filter((q) => q.op === 'models.list');
    assert.equal(calls.length, 1, JSON.stringify(emu.requests().map((q) => q.path)));
    assert.equal(calls[0]!.status, 200);
    assert.equal(calls[0]!.headers['x-goog-api-key'], '[REDACTED]', 'the key went in the header');
    assert.equal(await keySource(), 'secretStorage');
  });

  it('blocked-key: the specific blocked message with the key page, still saved', async () => {
    const r = await setKey('blocked-key');
    assert.equal(r.result, 'blocked', r.message);
    assert.equal(r.format, 'unknown');
    assert.match(r.message, /blocked for the Gemini API/);
    assert.ok(r.message.includes('https://aistudio.google.com/apikey'), r.message);
    assert.equal(await keySource(), 'secretStorage');
  });

  it('an invalid key: the API_KEY_INVALID message with the key page', async () => {
    const r = await setKey('not-a-real-key-000');
    assert.equal(r.result, 'invalid', r.message);
    assert.match(r.message, /not valid \(API_KEY_INVALID\)/);
    assert.ok(r.message.includes('https://aistudio.google.com/apikey'));
  });

  it('an unreachable endpoint: saved, but could not be checked', async () => {
    const gone = await startEmulator();
    const url = gone.url;
    await gone.close();
    await config().update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
    try {
      const r = await setKey('test-key');
      assert.equal(r.result, 'network', r.message);
      assert.match(r.message, /could not be checked/);
    } finally {
      await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    }
  });
});
