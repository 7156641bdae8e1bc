// Context mentions as a user adds them: `@` in the message box → @problems (a JSON file with a syntax
// error, reported by VS Code's JSON extension) and @changes (a git repository with a staged and an
// unstaged change, read through VS Code's Git extension) → chips → the request the emulator received
// carries their text under its header. Screenshots in test-results/screenshots/.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, useWorkbench, waitUntil, type WorkbenchOptions } from './support/workbench';

type Logged = { op: string; status: number; body: any };

/**
 * The fixture workspace as a git repository: everything committed, then README.md staged and notes.txt
 * changed. media/private.md is a link to a file outside the workspace (`outside`): never offered.
 */
function makeRepoWorkspace(outside: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gemini-mentions-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), dir, { recursive: true });
  fs.writeFileSync(path.join(outside, 'private.txt'), 'USER-PRIVATE-0099\n');
  fs.symlinkSync(path.join(outside, 'private.txt'), path.join(dir, 'media', 'private.md'));
  // A missing comma: the JSON extension reports "Expected comma" once the file is open.
  fs.writeFileSync(path.join(dir, 'broken.json'), '{\n  "name": "demo"\n  "version": 1\n}\n');
  // A small token budget (read at startup, unlike a settings file written later): the diff of 100 new lines is over it.
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'geminiInteractions.attachments.maxTextTokens': 250 }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  fs.appendFileSync(path.join(dir, 'README.md'), 'A staged line for the mention test.\n');
  git('add', 'README.md');
  fs.appendFileSync(path.join(dir, 'notes.txt'), 'An unstaged line for the mention test.\n');
  return dir;
}

describe('context mentions', function () {
  this.timeout(180_000);
  // The DOM renderer, so the test can read what the terminal shows; bash, which has shell integration.
  const opts: WorkbenchOptions = { settings: { 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.defaultProfile.linux': 'bash' } };
  // Made before the workbench starts (useWorkbench's hook reads `opts` when it runs).
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gemini-mentions-outside-'));
  before(() => { opts.workspace = makeRepoWorkspace(outside); });
  const wb = useWorkbench(opts);
  after(() => {
    if (opts.workspace) fs.rmSync(opts.workspace, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const requests = async (): Promise<Logged[]> => (await (await fetch(`${wb().emulatorUrl}/__emulator/requests`)).json()).requests;
  const clearRequests = () => fetch(`${wb().emulatorUrl}/__emulator/requests`, { method: 'DELETE' });
  const lastCreate = async () => (await requests()).filter((r) => r.op === 'create').at(-1);
  const textParts = async (): Promise<string[]> => (await lastCreate())!.body.input.filter((c: any) => c.type === 'text').map((c: any) => c.text);

  async function answerTo(question: string): Promise<void> {
    const turn = wb().chatFrame().getByRole('log').locator('.turn.model').filter({ hasText: question }).last();
    await turn.waitFor({ timeout: 30_000 });
    await waitUntil('the answer streamed in', async () => /What the emulator can do/i.test(await turn.innerText()), 30_000);
  }

  /** Types `text` then `@` in the message box and picks the picker row whose text matches `row`. */
  async function mention(text: string, filter: string, row: RegExp): Promise<void> {
    const chat = await wb().openChatView();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.click();
    await box.fill('');
    await box.pressSequentially(`${text} @`);
    const input = wb().page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(filter);
    await wb().page.locator('.quick-input-list .monaco-list-row').filter({ hasText: row }).first().click();
  }

  const chips = () => wb().chatFrame().getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');

  it('@problems: the JSON file\'s syntax error becomes a chip and is sent as "Problems in the workspace"', async () => {
    await clearRequests();
    await wb().runCommand('Go to File...');
    await wb().page.locator('.quick-input-widget input').fill('broken.json');
    await wb().page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await wb().page.keyboard.press('Enter');
    // The JSON extension's diagnostic is there once the editor shows its squiggle.
    await wb().page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });

    await mention('Fix these', 'problems', /Problems in the workspace \(1\)/);
    await waitUntil('the @problems chip', async () => (await chips().count()) === 1);
    const chip = chips().first();
    assert.match(await chip.getAttribute('aria-label') ?? '', /^problems — Problems in the workspace \(1\), \d+ B$/);
    assert.equal(await chip.locator('.codicon-warning').count(), 1, 'the chip has the problems icon');
    const box = wb().chatFrame().getByRole('textbox', { name: 'Message Gemini' });
    assert.equal(await box.inputValue(), 'Fix these @problems ');
    await wb().screenshot('mentions-1-problems-chip');

    await wb().chatFrame().getByRole('button', { name: 'Send' }).click();
    await answerTo('Fix these @problems');
    const texts = await textParts();
    assert.equal(texts[0], 'Fix these @problems ');
    const problems = texts.find((t) => t.startsWith('Problems in the workspace'));
    assert.ok(problems, `a problems part in ${JSON.stringify(texts)}`);
    assert.match(problems!, /^Problems in the workspace \(1\):\n```text\nbroken\.json:3:3 error json\(514\) Expected comma\n```$/);
    assert.equal(await chips().count(), 0, 'sent mentions leave the composer');
  });

  it('@changes: the staged and unstaged git diffs become a chip and are sent under "Git changes"', async () => {
    await clearRequests();
    await mention('Review', 'changes', /Git changes, staged and unstaged/);
    await waitUntil('the @changes chip', async () => (await chips().count()) === 1);
    const chip = chips().first();
    assert.match(await chip.getAttribute('aria-label') ?? '', /^changes — Git changes, staged and unstaged, \d+ B$/);
    assert.equal(await chip.locator('.codicon-git-compare').count(), 1);
    await wb().screenshot('mentions-2-changes-chip');

    await wb().chatFrame().getByRole('button', { name: 'Send' }).click();
    await answerTo('Review @changes');
    const changes = (await textParts()).find((t) => t.startsWith('Git changes'));
    assert.ok(changes, 'a changes part');
    assert.match(changes!, /^Git changes \(staged and unstaged\):\n```diff\n### Staged changes \(git diff --cached\)\ndiff --git a\/README\.md b\/README\.md\n/);
    assert.match(changes!, /\n\+A staged line for the mention test\.\n/);
    assert.match(changes!, /\n### Unstaged changes \(git diff\)\ndiff --git a\/notes\.txt b\/notes\.txt\n[\s\S]*\n\+An unstaged line for the mention test\.\n```$/);
    assert.ok(!/An unstaged line[\s\S]*### Staged/.test(changes!), 'staged first');
  });

  it('@changes with nothing changed: a clear message and no chip', async () => {
    execFileSync('git', ['commit', '-q', '-am', 'everything'], { cwd: opts.workspace!, stdio: 'pipe' });
    await mention('Review', 'changes', /Git changes, staged and unstaged/);
    // The picker's request is answered (with no chip) when the `@` has left the message box.
    const box = wb().chatFrame().getByRole('textbox', { name: 'Message Gemini' });
    await waitUntil('the @changes request is answered', async () => !(await box.inputValue()).includes('@'));
    // As a toast or, when toasts are suppressed, in the notification centre.
    await wb().runCommand('Notifications: Show Notifications');
    await wb().page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', { hasText: 'There are no changes: the working tree and the index match the last commit.' })
      .first().waitFor({ timeout: 15_000 });
    assert.equal(await chips().count(), 0);
    await wb().screenshot('mentions-3-no-changes');
  });

  it('@folder: pick a folder, then files in it → a tree chip and file chips; the tree and the files are sent', async () => {
    await clearRequests();
    await wb().runCommand('Notifications: Clear All Notifications');
    await mention('Explain', 'folder', /A folder: its tree/);
    const input = wb().page.locator('.quick-input-widget input');
    await waitUntil('the folder picker', async () => (await input.getAttribute('placeholder')) === 'Type to search folders');
    await input.fill('media');
    await wb().page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'media/' }).first().click();
    await waitUntil('the file picker of the folder', async () => /Pick files to send with the tree/.test(await input.getAttribute('placeholder') ?? ''));
    // The link out of the workspace (media/private.md) is not offered: the folder's 8 files are.
    const rows = wb().page.locator('.quick-input-list .monaco-list-row');
    await waitUntil('the folder\'s files listed', async () => (await rows.count()) === 8);
    assert.doesNotMatch((await rows.allInnerTexts()).join('\n'), /private/);
    await input.fill('latin1.txt');
    await wb().page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'latin1.txt' }).first().click();
    await wb().page.keyboard.press('Enter');
    await waitUntil('two chips', async () => (await chips().count()) === 2);
    assert.match(await chips().first().getAttribute('aria-label') ?? '', /^media\/ — Tree of media\/ \(8 files\), \d+ B$/);
    assert.match(await chips().nth(1).getAttribute('aria-label') ?? '', /^latin1\.txt — text, /);
    await wb().screenshot('mentions-4-folder-chips');
    await wb().chatFrame().getByRole('button', { name: 'Send' }).click();
    await answerTo('Explain @media/ @latin1.txt');
    const texts = await textParts();
    assert.ok(texts.includes('Tree of the folder `media/` (8 files):\n```text\nmedia/\n  beep.wav\n  clip.mp4\n  empty.txt\n  latin1.txt\n  long.txt\n  pixel.png\n  tiny.pdf\n  tool.bin\n… (1 file left out: links to places outside the workspace)\n```'), JSON.stringify(texts));
    assert.doesNotMatch(JSON.stringify(await requests()), /USER-PRIVATE-0099/);
    assert.ok(texts.some((t) => t.startsWith('File `media/latin1.txt`:\n```plaintext\n')));
  });

  it('@changes over the token budget: offers the first part, as for a text file, and says so in the header', async () => {
    await clearRequests();
    fs.appendFileSync(path.join(opts.workspace!, 'notes.txt'), Array.from({ length: 100 }, (_, i) => `Added line ${i + 1}`).join('\n') + '\n');
    await mention('Summarise', 'changes', /Git changes, staged and unstaged/);
    await waitUntil('the @changes chip', async () => (await chips().count()) === 1);
    await wb().chatFrame().getByRole('button', { name: 'Send' }).click();
    const dialog = wb().page.locator('.monaco-dialog-box');
    await dialog.getByText(/^changes is about \d+ tokens \(\d+\.\d KB\), more than the 250-token budget for one file\.$/).waitFor({ timeout: 15_000 });
    await wb().screenshot('mentions-5-over-budget');
    await dialog.getByRole('button', { name: 'Send First Part' }).click();
    await answerTo('Summarise @changes');
    const changes = (await textParts()).find((t) => t.startsWith('Git changes'))!;
    assert.match(changes, /^Git changes \(staged and unstaged\) \(first \d+ of \d+ lines\):\n```diff\n### Unstaged changes \(git diff\)\ndiff --git a\/notes\.txt/);
    assert.ok(changes.length < 250 * 4 + 200, 'only the first part');
    assert.ok(!changes.includes('Added line 100'));
  });

  it('@terminal: the last command\'s output (shell integration), then the selection; the clipboard is put back', async () => {
    const page = wb().page;
    await wb().context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await wb().runCommand('Terminal: Create New Terminal');
    const rows = page.locator('.xterm-rows').last();
    await rows.waitFor({ timeout: 30_000 });
    await waitUntil('the prompt', async () => /[#$]$/.test((await rows.innerText()).replace(/\u00a0/g, ' ').trim()), 30_000);
    await page.locator('.terminal-wrapper.active .xterm').last().click();
    // The output comes a moment after the command starts: shell integration's read() streams only what
    // is written after the extension begins reading, which is when VS Code reports the start.
    await page.keyboard.type('sleep 0.5; echo mention-terminal-$((40+2))');
    await page.keyboard.press('Enter');
    await waitUntil('the command ran', async () => (await rows.innerText()).includes('mention-terminal-42'), 30_000);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.evaluate(() => navigator.clipboard.writeText('what the user copied'));

    await clearRequests();
    await mention('What happened?', 'terminal', /The active terminal/);
    await waitUntil('the @terminal chip', async () => (await chips().count()) === 1);
    assert.match(await chips().first().getAttribute('aria-label') ?? '', /^terminal — Recent output of the terminal \S+, \d+ B$/);
    assert.equal(await chips().first().locator('.codicon-terminal').count(), 1);
    await wb().screenshot('mentions-6-terminal-output');
    await wb().chatFrame().getByRole('button', { name: 'Send' }).click();
    await answerTo('What happened? @terminal');
    const output = (await textParts()).find((t) => t.startsWith('Output of'));
    assert.match(output ?? '', /^Output of the last command in the terminal `\S+`:\n```text\n\$ sleep 0\.5; echo mention-terminal-\$\(\(40\+2\)\)\nmention-terminal-42\n```$/);
    assert.equal(await clipboard(), 'what the user copied');

    await wb().runCommand('Terminal: Select All');
    await clearRequests();
    await mention('And this?', 'terminal', /The active terminal/);
    await waitUntil('the @terminal chip', async () => (await chips().count()) === 1);
    assert.match(await chips().first().getAttribute('aria-label') ?? '', /^terminal — Text selected in the terminal \S+, \d+ B$/);
    await wb().chatFrame().getByRole('button', { name: 'Send' }).click();
    await answerTo('And this? @terminal');
    const selected = (await textParts()).find((t) => t.startsWith('Text selected'));
    assert.match(selected ?? '', /^Text selected in the terminal `\S+`:\n```text\n[\s\S]*[#$] sleep 0\.5; echo mention-terminal-\$\(\(40\+2\)\)\nmention-terminal-42\n/);
    assert.equal(await clipboard(), 'what the user copied', 'the clipboard is put back');
  });
});

describe('context mentions in an untrusted workspace', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ workspaceTrust: true });
  const creates = async () => ((await (await fetch(`${wb().emulatorUrl}/__emulator/requests`)).json()).requests as Logged[]).filter((r) => r.op === 'create');

  it('@selection: sending asks first, as for files; declining sends nothing and keeps the chip, accepting sends it', async () => {
    const page = wb().page;
    // If VS Code asks whether to trust the folder, the user says no.
    const no = page.getByRole('button', { name: /No, I don.t trust the authors/ });
    if (await no.isVisible()) await no.click();
    await page.locator('.statusbar').getByText('Restricted Mode').waitFor({ timeout: 30_000 });
    await wb().runCommand('Go to File...');
    await page.locator('.quick-input-widget input').fill('notes.txt');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await waitUntil('notes.txt is open', async () => (await lines.innerText().catch(() => '')).replace(/\u00a0/g, ' ').includes('Shopping list'));
    await lines.click();
    // All of it: one line and its line break (the selection ends at the start of the empty line 2).
    await page.keyboard.press('Control+A');

    const chat = await wb().openChatView();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.click();
    await box.pressSequentially('Check @');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('selection');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /The selection in notes\.txt/ }).first().click();
    const chips = chat.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');
    await waitUntil('the @selection chip', async () => (await chips.count()) === 1);
    assert.match(await chips.first().getAttribute('aria-label') ?? '', /^selection:notes\.txt:1 — Selection in notes\.txt, line 1, \d+ B$/);
    assert.equal(await chips.first().locator('.codicon-selection').count(), 1);

    await chat.getByRole('button', { name: 'Send' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText('This workspace is not trusted. Send this content from it to Gemini (Google) anyway?').waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /@selection:notes\.txt:1\b/, 'the dialog names the mention');
    await wb().screenshot('mentions-4-untrusted-asks');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitUntil('the draft is back', async () => (await box.inputValue()) === 'Check @selection:notes.txt:1 ' && (await chips.count()) === 1);
    assert.equal((await creates()).length, 0, 'nothing was sent');

    await chat.getByRole('button', { name: 'Send' }).click();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await waitUntil('the request was sent', async () => (await creates()).length === 1);
    const texts = (await creates())[0]!.body.input.map((c: any) => c.text);
    assert.equal(texts[1], 'Selection in `notes.txt`, line 1:\n```plaintext\nShopping list: apples, bread, coffee.\n\n```');
  });
});
