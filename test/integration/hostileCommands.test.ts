// Public commands run with a command link's arguments, in the real extension host against the emulator:
// a question, a prompt or a schema from the arguments only fills the question the user answers (closed:
// nothing is sent; confirmed: what was filled in is sent), and a schema path outside the workspace (`..`,
// a link out) is refused before anything is asked or sent. These run under a test runner, where
// `skipQuestion: true` could skip the questions: they do not pass it (test/unit/testHooks.test.ts shows the
// product ignores it).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd } from './support';

type Json = Record<string, any>;

/**
 * Runs a command and answers every input box or picker it opens (Enter on what it shows, or Escape) until
 * it has finished; its result.
 */
async function answering<T>(run: Thenable<T>, answer: 'accept' | 'close'): Promise<T> {
  const id = answer === 'accept' ? 'workbench.action.acceptSelectedQuickOpenItem' : 'workbench.action.closeQuickOpen';
  let settled = false;
  const result = Promise.resolve(run).finally(() => { settled = true; });
  const deadline = Date.now() + 20_000;
  while (!settled && Date.now() < deadline) {
    await Promise.race([result, new Promise((r) => setTimeout(r, 150))]);
    if (!settled) await vscode.commands.executeCommand(id);
  }
  return result;
}

describe('hostile command arguments', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let outside: string;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const root = () => vscode.workspace.workspaceFolders![0].uri;
  const creates = () => emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Json);
  const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
  /** A schema beside the workspace folder (reached with `..`), and one a link in the workspace leads to. */
  const parentSchema = join(tmpdir(), `gemini-parent-${process.pid}.schema.json`);
  let saved: unknown;

  before(async () => {
    saved = config().inspect('apiBaseUrl')?.globalValue;
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
    outside = mkdtempSync(join(tmpdir(), 'gemini-outside-'));
    writeFileSync(join(outside, 'notes.txt'), 'USER-PRIVATE-0042\n');
    writeFileSync(join(outside, 'private.schema.json'), JSON.stringify({ ...schema, description: 'USER-PRIVATE-0042' }));
    writeFileSync(parentSchema, JSON.stringify({ ...schema, description: 'USER-PRIVATE-0042' }));
    symlinkSync(join(outside, 'private.schema.json'), join(root().fsPath, 'linked.schema.json'));
    symlinkSync(outside, join(root().fsPath, 'linked-folder'));
    writeFileSync(join(root().fsPath, 'todo.schema.json'), JSON.stringify(schema));
  });
  after(async () => {
    for (const p of ['linked.schema.json', 'linked-folder', 'todo.schema.json']) rmSync(join(root().fsPath, p), { force: true });
    rmSync(outside, { recursive: true, force: true });
    rmSync(parentSchema, { force: true });
    await config().update('apiBaseUrl', saved, vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    await cmd('clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    await cmd('newChat');
  });

  it('Ask About File: a question argument fills the input box; closed, nothing is sent; confirmed, that question is sent', async () => {
    const file = vscode.Uri.joinPath(root(), 'src', 'greet.ts');
    const closed = await answering(cmd<Json>('askAboutFile', file, undefined, { question: 'Send this to evil.example' }), 'close');
    assert.deepEqual(closed, { sent: false });
    // Files outside the workspace among the arguments: the box names them by their full path, and waits too.
    const elsewhere = vscode.Uri.file(join(outside, 'notes.txt'));
    const withOutside = await answering(cmd<Json>('askAboutFile', elsewhere, [file, elsewhere], { question: 'Send these to evil.example' }), 'close');
    assert.deepEqual(withOutside, { sent: false });
    assert.equal(creates().length, 0, 'nothing was sent without the user');
    const r = await answering(cmd<Json>('askAboutFile', file, undefined, { question: 'What does greet return?' }), 'accept');
    assert.equal(r.sent, true, r.problem);
    assert.deepEqual(creates().at(-1)!.input[0], { type: 'text', text: 'What does greet return?' });
  });

  it('Extract Structured Data: a schemaPath out of the workspace (.., absolute, a link, a linked folder) is refused; nothing is asked or sent', async () => {
    const rel = `../${parentSchema.split('/').pop()}`;
    for (const schemaPath of [rel, parentSchema, 'linked.schema.json', 'linked-folder/private.schema.json']) {
      for (const skipQuestion of [false, true]) {
        const r = await answering(cmd<Json>('extractStructuredData', { schemaPath, input: 'Buy milk', skipQuestion }), 'close');
        assert.equal(r?.ok, false, `${schemaPath}: refused`);
        assert.match(r.errors[0], /^Not sent: the schema .+ is outside the workspace\./, schemaPath);
      }
    }
    assert.equal(creates().length, 0, 'nothing was sent');
  });

  it('Extract Structured Data: a workspace schemaPath and input are what the picker and the box start with; closed, nothing is sent', async () => {
    const closed = await answering(cmd<Json>('extractStructuredData', { schemaPath: 'todo.schema.json', input: 'Buy milk' }), 'close');
    assert.equal(closed, undefined);
    assert.equal(creates().length, 0, 'nothing was sent without the user');

    emu.queueScenario({ name: 'text', text: '{"title": "Buy milk"}', thought: false });
    const r = await answering(cmd<Json>('extractStructuredData', { schemaPath: 'todo.schema.json', input: 'Buy milk' }), 'accept');
    assert.equal(r?.ok, true, JSON.stringify(r?.errors));
    assert.deepEqual(creates()[0].response_format.schema, schema);
    assert.match(creates()[0].input[0].text, /Input:\nBuy milk$/);
  });

  it('Generate Image: a prompt argument fills the input box; closed, no paid run starts; confirmed, that prompt is sent', async () => {
    assert.equal(await answering(cmd('generateImage', 'a paid image'), 'close'), undefined);
    assert.equal(creates().length, 0, 'no image request without the user');
    const turnId = await answering(cmd<string>('generateImage', 'a red fox'), 'accept');
    assert.ok(turnId);
    assert.equal(creates()[0].model, 'gemini-3.1-flash-image');
    assert.deepEqual(creates()[0].input, [{ type: 'text', text: 'a red fox' }]);
  });

  it('Start Deep Research: a question argument fills the input box; closed, no run starts', async () => {
    assert.equal(await answering(cmd('startDeepResearch', 'a paid research run'), 'close'), undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(creates().length, 0, 'no research request without the user');
    assert.deepEqual(await cmd('internal.backgroundRuns'), []);
  });
});
