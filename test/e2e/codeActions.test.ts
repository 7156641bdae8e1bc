// Code blocks in a streamed answer, in the real chat view in code-server against the emulator: the
// answer streams as markdown with a highlighted code block whose toolbar copies the code, inserts it
// at the cursor of the editor the user was in, and opens it in a new untitled editor.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { useWorkbench, waitUntil } from './support/workbench';

const CODE = 'const answer = 40 + 2;';
const ANSWER = `# Result\n\nHere is **the** code:\n\n\`\`\`ts\n${CODE}\n\`\`\`\n\nDone.`;

describe('code blocks in the chat view (code-server)', function () {
  this.timeout(180_000);
  const wb = useWorkbench();
  let chat: FrameLocator;

  /** The text of the active editor, as the workbench shows it. */
  const editorText = async () => (await wb().page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');

  before(async function () {
    this.timeout(120_000);
    await wb().context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // An editor with the cursor at the start of notes.txt: where "Insert at cursor" goes.
    await wb().runCommand('Go to File...');
    await wb().page.locator('.quick-input-widget input').fill('notes.txt');
    await wb().page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await wb().page.keyboard.press('Enter');
    await wb().page.locator('.editor-group-container.active .monaco-editor').waitFor();
    await waitUntil('notes.txt is open', async () => (await editorText()).includes('Shopping list'));
    await wb().page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await wb().page.keyboard.press('Control+Home');

    chat = await wb().openChatView();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.waitFor({ timeout: 30_000 });
    await box.fill(`#scenario:echo\n${ANSWER}`);
    await chat.getByRole('button', { name: 'Send' }).click();
    await waitUntil('the answer streamed', async () => (await chat.locator('.turn.model').last().innerText()).includes('Done.'), 60_000);
  });

  it('renders the streamed answer as markdown with a highlighted code block and its toolbar', async () => {
    const turn = chat.locator('.turn.model').last();
    assert.equal(await turn.locator('h1').innerText(), 'Result');
    assert.equal(await turn.locator('strong').innerText(), 'the');
    const block = turn.locator('.code-block');
    assert.equal(await block.locator('pre code').innerText(), `${CODE}\n`);
    assert.ok(await block.locator('.hljs-keyword').count() >= 1, 'highlighted');
    for (const name of ['Copy', 'Insert at cursor', 'Open in new editor']) assert.equal(await block.getByRole('button', { name }).count(), 1, name);
    await wb().screenshot('code-block-toolbar');
  });

  it('Insert at cursor puts the code into the editor the user was in', async () => {
    await chat.locator('.turn.model').last().locator('.code-block').getByRole('button', { name: 'Insert at cursor' }).click();
    await waitUntil('notes.txt starts with the code', async () => (await editorText()).startsWith(CODE), 20_000);
    assert.match(await editorText(), /Shopping list/);
    await wb().screenshot('code-inserted');
  });

  it('Open in new editor opens an untitled TypeScript editor with the code', async () => {
    await chat.locator('.turn.model').last().locator('.code-block').getByRole('button', { name: 'Open in new editor' }).click();
    const tab = wb().page.locator('.tabs-container .tab.active');
    // An untitled editor's tab is titled by its first line, with "Untitled-N" beside it.
    await waitUntil('an untitled editor is active', async () => /Untitled-\d/.test(await tab.innerText()), 20_000);
    assert.equal((await editorText()).trim(), CODE);
    await waitUntil('its language is TypeScript', async () => (await wb().page.locator('.statusbar-item[id="status.editor.mode"]').innerText()).includes('TypeScript'), 10_000);
  });

  it('Copy puts the code on the clipboard (pasted into an editor)', async () => {
    await chat.locator('.turn.model').last().locator('.code-block').getByRole('button', { name: 'Copy' }).click();
    // The button confirms, and the clipboard holds the code: paste it into a fresh untitled editor.
    await chat.locator('.turn.model').last().locator('.code-block').getByRole('button', { name: 'Copied' }).waitFor({ timeout: 5000 });
    await wb().runCommand('File: New Untitled Text File');
    await wb().page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await waitUntil('the clipboard holds the code', async () => {
      const text = await wb().page.evaluate(() => navigator.clipboard.readText());
      return text === `${CODE}\n`;
    }, 10_000);
    await wb().page.keyboard.press('Control+V');
    await waitUntil('the pasted code shows', async () => (await editorText()).includes(CODE), 10_000);
  });
});
