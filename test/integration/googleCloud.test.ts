// The Google Cloud backend in the real extension host, through the real SDK and Google's auth library to the
// emulator (credentials: an external-account file the emulator wrote, named by GOOGLE_APPLICATION_CREDENTIALS in this
// host's environment): switching the backend in the user's settings takes effect on the next request, a workspace
// that chooses a project is asked about first, `@gemini` and the native provider go where the panel goes, and the
// sign-in walk-through names what it found.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';

const CLOUD_PATH = '/v1beta1/projects/test-project/locations/us-central1/interactions';

describe('Google Cloud backend', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const touched = ['apiBaseUrl', 'backend', 'googleCloud.project', 'googleCloud.location', 'attachments.inlineMaxBytes'];
  let saved: Record<string, unknown> = {};
  let savedEnv: string | undefined;
  const posts = () => emu.requests().filter((r) => r.method === 'POST' && /\/interactions$/.test(r.path));
  const useCloud = async (project = 'test-project') => {
    await config().update('backend', 'googleCloud', vscode.ConfigurationTarget.Global);
    await config().update('googleCloud.project', project, vscode.ConfigurationTarget.Global);
    await config().update('googleCloud.location', 'us-central1', vscode.ConfigurationTarget.Global);
  };
  const send = async (text: string) => {
    await cmd('internal.send', text);
    return waitFor('the answer', async () => {
      const t = await cmd<any>('internal.lastModelTurn');
      return t && (t.state === 'done' || t.state === 'error') ? t : undefined;
    });
  };

  before(async () => {
    saved = Object.fromEntries(touched.map((k) => [k, config().inspect(k)?.globalValue]));
    savedEnv = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'gcloud-host-'));
    // This test runs in the extension host's process: the auth library reads this variable on its next client.
    process.env.GOOGLE_APPLICATION_CREDENTIALS = emu.googleCloud.credentialsFile(emu.url, dir, 'dev@example.com');
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
  });
  after(async () => {
    for (const k of touched) {
      await config().update(k, saved[k], vscode.ConfigurationTarget.Global);
      await config().update(k, undefined, vscode.ConfigurationTarget.Workspace);
    }
    if (savedEnv === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS; else process.env.GOOGLE_APPLICATION_CREDENTIALS = savedEnv;
    rmSync(dir, { recursive: true, force: true });
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    await cmd('newChat');
  });

  it('switching the backend in user settings takes effect on the next request, without a reload', async () => {
    await config().update('backend', 'geminiApi', vscode.ConfigurationTarget.Global);
    assert.equal((await send('Hello from the Gemini API?')).state, 'done');
    await useCloud();
    await cmd('newChat');
    assert.equal((await send('Hello from Google Cloud?')).state, 'done');
    await config().update('backend', 'geminiApi', vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    assert.equal((await send('And back?')).state, 'done');
    const p = posts();
    assert.deepEqual(p.map((r) => r.path), ['/v1/interactions', CLOUD_PATH, '/v1/interactions']);
    assert.equal(p[0].headers['x-goog-api-key'], '[REDACTED]');
    assert.equal(p[1].headers['x-goog-api-key'], undefined, 'no API key to Google Cloud');
    assert.equal(p[1].headers.authorization, '[REDACTED]', 'a bearer token');
    assert.equal(emu.googleCloud.tokenExchanges, 1);
  });

  it('a workspace that sets googleCloud.project asks first, naming the project; declined, nothing is sent', async () => {
    await useCloud();
    await config().update('googleCloud.project', 'no-role-project', vscode.ConfigurationTarget.Workspace);
    try {
      await cmd('internal.answerAccessQuestions', false);
      const declined = await send('Which project?');
      assert.equal(declined.state, 'error');
      assert.match(declined.error.message, /Google Cloud project no-role-project/);
      const asked = await cmd<string[]>('internal.accessQuestions');
      assert.equal(asked.length, 1);
      assert.match(asked[0], /Google Cloud project no-role-project/);
      assert.equal(posts().length, 0, 'nothing sent');
      // Allowed: the request goes to that project (which refuses it, with the message that says which role is missing).
      await cmd('internal.answerAccessQuestions', true);
      await cmd('newChat');
      const allowed = await send('Which project now?');
      assert.deepEqual(posts().map((r) => r.path), ['/v1beta1/projects/no-role-project/locations/us-central1/interactions']);
      assert.equal(allowed.state, 'error');
      assert.match(allowed.error.message, /lacks the permission aiplatform\.endpoints\.predict in the project no-role-project.*roles\/aiplatform\.user/);
      assert.equal((await cmd<string[]>('internal.accessQuestions')).length, 1, 'asked again after the decline');
      // Allowed once: the answer is kept for this workspace.
      await cmd('newChat');
      await send('Again?');
      assert.deepEqual(await cmd<string[]>('internal.accessQuestions'), []);
    } finally {
      await config().update('googleCloud.project', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('@gemini and the native provider use the same backend as the panel', async () => {
    await useCloud();
    const chat = await cmd<{ markdown: string }>('internal.nativeChat', 'Hello from @gemini?');
    assert.match(chat.markdown, /emulator/i);
    const [model] = await waitFor('our models in vscode.lm', async () => {
      const m = await vscode.lm.selectChatModels({ vendor: 'gemini-interactions' });
      return m.length ? m : undefined;
    });
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Hello from the provider?')], {});
    let text = '';
    for await (const part of response.stream) if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    assert.ok(text.length > 0);
    assert.deepEqual(posts().map((r) => r.path), [CLOUD_PATH, CLOUD_PATH]);
  });

  it('with Google Cloud credentials only (no API key), the panel and @gemini work and nothing asks for a key', async () => {
    await useCloud();
    await cmd('clearApiKey');
    try {
      assert.equal(await cmd('internal.keySource'), 'none');
      const t = await send('Hello without a key?');
      assert.equal(t.state, 'done', t.error?.message);
      const chat = await cmd<{ markdown: string; calls: string[] }>('internal.nativeChat', 'And from @gemini?');
      assert.match(chat.markdown, /emulator/i);
      assert.ok(!chat.calls.includes('button'), 'no Set API Key button');
      const ok = posts().filter((r) => r.status === 200);
      assert.deepEqual(ok.map((r) => r.path), [CLOUD_PATH, CLOUD_PATH]);
      assert.ok(ok.every((r) => r.headers['x-goog-api-key'] === undefined));
    } finally {
      await cmd('setApiKey', 'test-key');
    }
  });

  it('Explain Selection goes to the Google Cloud project too', async () => {
    await useCloud();
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'greet.ts'));
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    const r = await vscode.commands.executeCommand<{ sent: boolean; problem?: string }>('geminiInteractions.explainSelection');
    assert.equal(r.sent, true, r.problem);
    await waitFor('the request', () => posts().some((p) => p.status === 200));
    assert.deepEqual([...new Set(posts().map((p) => p.path))], [CLOUD_PATH]);
    assert.match(JSON.stringify(posts().at(-1)!.body), /greet\.ts/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Ask About File: a small file goes inline to Google Cloud; one that would need the Files API is refused with the reason, nothing sent', async () => {
    await useCloud();
    const file = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'media', name);
    type Result = { sent: boolean; problem?: string };
    const ok = await vscode.commands.executeCommand<Result>('geminiInteractions.askAboutFile', file('pixel.png'), undefined, { question: 'What is this?', skipQuestion: true });
    assert.equal(ok.sent, true, ok.problem);
    await waitFor('the answer', async () => (await cmd<any>('internal.lastModelTurn'))?.state === 'done');
    // (The emulator's reset forgot the window's token: a 401, a fresh token and a retry come first.)
    const [inline] = posts().filter((r) => r.status === 200);
    assert.equal(inline.path, CLOUD_PATH);
    assert.ok(JSON.stringify(inline.body).includes('"mime_type":"image/png"') && JSON.stringify(inline.body).includes('"data"'), 'sent inline');
    emu.reset();
    await config().update('attachments.inlineMaxBytes', 16, vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    const refused = await vscode.commands.executeCommand<Result>('geminiInteractions.askAboutFile', file('pixel.png'), undefined, { question: 'And now?', skipQuestion: true });
    assert.equal(refused.sent, false);
    assert.match(refused.problem ?? '', /pixel\.png.*Google Cloud has no Files API/);
    assert.equal(emu.requests().length, 0, 'no upload attempted, nothing sent');
    // Attached in the chat view: said at once, and no chip.
    const attached = await cmd<{ attachments: unknown[]; problems: string[] }>('internal.attach', { type: 'attachUris', uris: [file('pixel.png').toString()] });
    assert.deepEqual(attached.attachments, []);
    assert.match(attached.problems.join('\n'), /Not attached: pixel\.png .* Google Cloud has no Files API/);
  });

  it('Sign in with Google Cloud names the account and project it found, and switches the backend when asked', async () => {
    await config().update('backend', 'geminiApi', vscode.ConfigurationTarget.Global);
    await config().update('googleCloud.project', 'test-project', vscode.ConfigurationTarget.Global);
    const { result, said } = await cmd<any>('internal.signInGoogleCloud', { choose: 0 });
    assert.equal(result.state, 'found');
    assert.match(said[0].message, /Google Cloud credentials found for .*Gemini requests would go to the project test-project/);
    assert.equal(result.outcome, 'switched');
    assert.equal(config().get('backend'), 'googleCloud');
  });

  it('Sign in with Google Cloud without credentials explains the command and opens a terminal only when asked', async () => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'missing.json');
    const home = process.env.CLOUDSDK_CONFIG;
    process.env.CLOUDSDK_CONFIG = join(dir, 'no-gcloud');
    try {
      const dismissed = await cmd<any>('internal.signInGoogleCloud', {});
      assert.equal(dismissed.result.state, 'missing');
      assert.match(dismissed.said[0].detail, /gcloud auth application-default login/);
      assert.equal(dismissed.terminal, undefined, 'no terminal without consent');
      const agreed = await cmd<any>('internal.signInGoogleCloud', { choose: 0 });
      assert.equal(agreed.terminal, 'gcloud auth application-default login');
    } finally {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'external-account.json');
      if (home === undefined) delete process.env.CLOUDSDK_CONFIG; else process.env.CLOUDSDK_CONFIG = home;
    }
  });
});
