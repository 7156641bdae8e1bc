// VS Code's own Chat view in code-server, as a user meets it: @gemini answers there (streamed, from the
// emulator through the real SDK), keeps the session's chain, runs /explain, /image and /research (Stop
// cancels the run on the server), and the model picker lists our models. Picking one of them for a
// message without @gemini needs VS Code's default agent, which is Copilot's: that path asks to sign in
// to GitHub Copilot (shown in a screenshot; the provider itself is tested at the API level in
// test/integration/nativeChat.test.ts).
import * as assert from 'node:assert/strict';
import { useWorkbench, waitUntil } from './support/workbench';

type Logged = { op: string; status?: number; body?: Record<string, any> };

describe('native chat view', function () {
  this.timeout(120_000);
  // The Chat view lives in the secondary side bar, which the other e2e suites keep closed.
  const wb = useWorkbench({ settings: { 'workbench.secondarySideBar.defaultVisibility': 'visible' } });
  const control = async (path: string, body?: unknown): Promise<any> => {
    const r = await fetch(`${wb().emulatorUrl}/__emulator/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return r.json();
  };
  const creates = async (): Promise<Record<string, any>[]> =>
    ((await control('requests')).requests as Logged[]).filter((r) => r.op === 'create').map((r) => r.body!);
  const chatPanel = () => wb().page.locator('.part.auxiliarybar');
  const responses = () => chatPanel().locator('.interactive-item-container.interactive-response');

  /** Types a message into the Chat view's input (replacing what is there, e.g. the sticky @gemini) and sends it. */
  async function sendChat(text: string, beforeSend?: () => Promise<void>): Promise<void> {
    const page = wb().page;
    const editor = chatPanel().locator('.interactive-input-part .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text, { delay: 10 });
    // The participant and command suggestions close once the text goes on; Escape makes sure.
    await page.keyboard.press('Escape');
    await beforeSend?.();
    await editor.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
  }

  /** The newest answer, once `done` says it is there (the list is virtual: older answers leave the DOM). */
  async function lastAnswer(done: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    let text = '';
    await waitUntil('the answer', async () => {
      if (!(await responses().count())) return false;
      text = await responses().last().innerText();
      return done(text);
    }, timeoutMs);
    return text;
  }
  const clearRequests = () => fetch(`${wb().emulatorUrl}/__emulator/requests`, { method: 'DELETE' });

  it('@gemini answers in the Chat view, streamed, and the next message continues the chain with only itself', async () => {
    // Ready when the Chat view's model picker shows one of ours (the extension has registered its models);
    // a message sent before that fails in VS Code with "Language model unavailable".
    await waitUntil('a Gemini model in the picker', async () => /Gemini/.test(await chatPanel().locator('.interactive-input-part').innerText().catch(() => '')));
    await fetch(`${wb().emulatorUrl}/__emulator/requests`, { method: 'DELETE' });
    // Slow enough that the growing answer can be seen.
    await control('fault', { name: 'slow_stream', delayMs: 150 });
    await sendChat('@gemini My name is Ada.');
    const lengths = new Set<number>();
    await waitUntil('the answer to finish streaming', async () => {
      if (!(await responses().count())) return false;
      const text = await responses().first().innerText();
      if (/Ada/.test(text)) lengths.add(text.length);
      return /Ada/.test(text) && (await creates()).length === 1 && lengths.size >= 3;
    });
    await wb().screenshot('native-chat-1-streaming');
    assert.ok(lengths.size >= 3, `the answer grew in steps (${[...lengths].join(', ')})`);
    await lastAnswer((t) => /Ada/.test(t) && !/Working|Evaluating/.test(t));
    await new Promise((r) => setTimeout(r, 1500)); // the slow stream's last events

    await sendChat('@gemini What is my name?');
    const second = await lastAnswer((t) => /Your name is\s*Ada/.test(t));
    await wb().screenshot('native-chat-2-chained');
    const [first, next] = await creates();
    assert.equal(first.previous_interaction_id, undefined);
    assert.ok(next.previous_interaction_id, 'the second message continues the chain');
    assert.doesNotMatch(JSON.stringify(next.input), /My name is Ada/, 'only the new message is sent');
    assert.match(second, /Your name is\s*Ada/);
  });

  it('@gemini /explain sends the editor selection with its path', async () => {
    const page = wb().page;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('greet.ts');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await clearRequests();
    await sendChat('@gemini /explain');
    await lastAnswer((t) => /greet\.ts/.test(t));
    await wb().screenshot('native-chat-3-explain');
    const [body] = await creates();
    assert.match(JSON.stringify(body.input), /Explain this code.*src\/greet\.ts/);
  });

  it('@gemini sends an attached file as the panel sends attachments (its path, then its text)', async () => {
    const page = wb().page;
    await page.locator('.editor-group-container .monaco-editor').first().click();
    await page.keyboard.press('Control+Home'); // no selection: the context is the whole file
    await clearRequests();
    // The Chat view suggests the open file as context (a "+ greet.ts" chip); a click attaches it.
    await sendChat('@gemini What does this file do?', async () => {
      const chip = chatPanel().locator('.interactive-input-part').getByText('greet.ts', { exact: true }).first();
      await chip.waitFor();
      await chip.click();
      await wb().screenshot('native-chat-3a-file-attached');
    });
    await lastAnswer((t) => /What does this file do/.test(t));
    await wb().screenshot('native-chat-3b-file-reference');
    const [body] = await creates();
    const text = JSON.stringify(body.input);
    assert.match(text, /File `src\/greet\.ts`:/, 'framed with its path, as an attachment in the panel');
    assert.match(text, /export function greet/);
  });

  it('@gemini /image shows the generated image with an Open Image button', async () => {
    await clearRequests();
    await sendChat('@gemini /image a red square');
    await waitUntil('the Open Image button', async () => (await responses().last().getByRole('button', { name: 'Open Image' }).count()) > 0);
    await wb().screenshot('native-chat-4-image');
    const [body] = await creates();
    assert.equal(body.model, 'gemini-3.1-flash-image');
    assert.equal(body.response_format?.type, 'image');
  });

  it('@gemini /research shows progress, and Stop cancels the run on the server', async () => {
    await clearRequests();
    // A long run, so there is time to stop it.
    await control('scenario', { name: 'deep_research', durationMs: 90_000, polls: 0 });
    await sendChat('@gemini /research How do incremental parsers work?');
    await waitUntil('the background run on the wire', async () => (await creates()).some((b) => b.background === true && /deep-research/.test(String(b.agent))));
    // The agent's first thought summary, as progress in the response.
    await lastAnswer((t) => /Planning the research/.test(t));
    await wb().screenshot('native-chat-5-research-running');
    await chatPanel().locator('.interactive-input-part').getByRole('button', { name: /^Cancel/ }).first().click();
    await waitUntil('the cancel on the server', async () => ((await control('requests')).requests as Logged[]).some((r) => r.op === 'cancel' && r.status === 200));
    await waitUntil('the chat to be idle again', async () => (await chatPanel().locator('.interactive-input-part').getByRole('button', { name: /^Cancel/ }).count()) === 0);
    await wb().screenshot('native-chat-6-research-stopped');
  });

  it('the model picker lists the Gemini models; without @gemini, the native Chat asks to sign in to Copilot', async () => {
    const page = wb().page;
    await chatPanel().getByRole('button', { name: /Gemini/ }).filter({ hasText: 'Gemini' }).first().click();
    const picker = page.locator('.monaco-list-row, .action-item').filter({ hasText: 'Interactions API' }).first();
    await picker.waitFor({ timeout: 10_000 });
    await wb().screenshot('native-chat-7-model-picker');
    await page.keyboard.press('Escape');
    await sendChat('Hello without a participant');
    await page.getByText('Sign in to use GitHub Copilot').first().waitFor({ timeout: 30_000 });
    await wb().screenshot('native-chat-8-needs-copilot');
    await page.keyboard.press('Escape');
  });
});

describe('native chat view without an API key', function () {
  this.timeout(120_000);
  const wb = useWorkbench({ env: { GEMINI_API_KEY: '' }, settings: { 'workbench.secondarySideBar.defaultVisibility': 'visible' } });

  it('@gemini says what the panel says, with a Set API Key button, and sends nothing', async () => {
    const page = wb().page;
    const panel = page.locator('.part.auxiliarybar');
    await waitUntil('a Gemini model in the picker', async () => /Gemini/.test(await panel.locator('.interactive-input-part').innerText().catch(() => '')));
    await panel.locator('.interactive-input-part .monaco-editor').first().click();
    await page.keyboard.type('@gemini Hello', { delay: 10 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const response = panel.locator('.interactive-item-container.interactive-response').last();
    await response.getByText(/No Gemini API key is set\. Run "Gemini: Set API Key"/).waitFor({ timeout: 30_000 });
    await response.getByRole('button', { name: 'Set API Key' }).waitFor();
    await wb().screenshot('native-chat-9-no-key');
    const log = await (await fetch(`${wb().emulatorUrl}/__emulator/requests`)).json();
    assert.equal(log.requests.filter((r: Logged) => r.op === 'create').length, 0);
  });
});
