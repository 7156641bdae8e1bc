// Rules files in code-server: an AGENTS.md in the workspace goes into the request's system instruction,
// after the user's own setting; the panel lists it under its header, and its button opens the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useWorkbench, waitUntil } from './support/workbench';
import { describeViolations, runAxe } from './support/axe';

describe('rules files (AGENTS.md) in the panel', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.systemInstruction': 'Be formal.' } });
  const creates = async () => ((await wb().emulatorControl('requests')).requests as { op: string; body: any }[]).filter((r) => r.op === 'create');
  const RULES = 'Always answer in haiku. Règle spéciale: tabs, not spaces.';

  it('lists AGENTS.md under the header once it appears (a file watcher), and sends it after the setting', async () => {
    const chat = await wb().openChatView();
    await chat.getByRole('textbox', { name: 'Message Gemini' }).waitFor({ timeout: 30_000 });
    const rules = chat.getByRole('group', { name: 'Rules files' });
    assert.equal(await rules.isVisible(), false, 'no rules files yet: no line');
    fs.writeFileSync(path.join(wb().workspace, 'AGENTS.md'), `# Project rules\n\n${RULES}\n`);
    const open = rules.getByRole('button', { name: 'Open rules file AGENTS.md' });
    await open.waitFor({ timeout: 30_000 });
    assert.match(await rules.innerText(), /Rules:\s*AGENTS\.md/);
    await wb().screenshot('rules-1-listed');
    // axe finds nothing wrong with the line (contrast of the link colour, names of the buttons).
    const onLine = (await runAxe(chat)).filter((v) => v.nodes.some((n) => n.target.join(' ').includes('rules')));
    assert.deepEqual(onLine, [], describeViolations(onLine));

    await wb().sendMessage('What are the rules?');
    await waitUntil('the request was sent', async () => (await creates()).length === 1);
    const si: string = (await creates())[0].body.system_instruction;
    assert.equal(typeof si, 'string');
    assert.ok(si.startsWith('Be formal.'), `the user's setting comes first: ${si}`);
    assert.ok(si.includes('--- Rules file: AGENTS.md ---'), si);
    assert.ok(si.includes(RULES), si);
    assert.ok(si.indexOf('Be formal.') < si.indexOf(RULES));
  });

  it('opens AGENTS.md in an editor from the keyboard', async () => {
    const chat = wb().chatFrame();
    const open = chat.getByRole('group', { name: 'Rules files' }).getByRole('button', { name: 'Open rules file AGENTS.md' });
    // Keyboard focus into the webview first (a click in the message box), then onto the button.
    await chat.getByRole('textbox', { name: 'Message Gemini' }).click();
    await open.focus();
    await waitUntil('the button has focus', async () => open.evaluate((b) => b === document.activeElement));
    await wb().page.keyboard.press('Enter');
    await wb().page.locator('.tabs-container').getByRole('tab', { name: /AGENTS\.md/ }).waitFor({ timeout: 20_000 });
    await waitUntil('the editor shows the rules', async () =>
      // The editor draws spaces as no-break spaces.
      (await wb().page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ').includes('Always answer in haiku'), 20_000);
    await wb().screenshot('rules-2-opened');
  });

  it('an empty instructionFiles list turns rules files off: the line goes and nothing is sent', async () => {
    fs.mkdirSync(path.join(wb().workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(wb().workspace, '.vscode', 'settings.json'), JSON.stringify({ 'geminiInteractions.instructionFiles': [] }));
    const rules = wb().chatFrame().getByRole('group', { name: 'Rules files' });
    await waitUntil('the rules line is gone', async () => !(await rules.isVisible()), 30_000);
    await wb().sendMessage('And now?');
    await waitUntil('the second request was sent', async () => (await creates()).length === 2);
    assert.equal((await creates())[1].body.system_instruction, 'Be formal.');
  });
});
