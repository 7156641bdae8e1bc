// Safe file edits as a user meets them in code-server: Apply on a code block opens VS Code's diff editor and
// Accept (its title bar) writes the file; an edit tool's approval card shows the diff and Deny leaves the file;
// an allowed edit is undone from the turn's "Undo changes from this turn"; a card's bidi and invisible
// characters are marked escapes with a warning, in every theme.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blocking, describeViolations, frameOf, runAxeIn } from './support/axe';
import { useWorkbench, waitUntil } from './support/workbench';

describe('diff review of file edits (code-server)', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.tools.workspace': true } });

  const control = (what: string, body?: unknown): Promise<any> => wb().emulatorControl(what, body);
  const file = (rel: string) => path.join(wb().workspace, rel);
  const sendMessage = (text: string): Promise<void> => wb().sendMessage(text);

  it('Apply to file: the diff editor shows the proposal, Accept in its title bar writes the file', async () => {
    fs.mkdirSync(file('src'), { recursive: true });
    fs.writeFileSync(file('src/answer.ts'), 'export const answer = 41;\n');
    const chat = await wb().openChatView();
    await control('scenario', { name: 'text', thought: false, text: 'Fixed:\n\n```ts src/answer.ts\nexport const answer = 42;\n```\n' });
    await sendMessage('Fix the answer');
    const block = chat.getByRole('log').locator('.turn.model').last().locator('.code-block');
    await block.getByRole('button', { name: 'Apply to file…' }).click();
    const diff = wb().page.locator('.monaco-diff-editor');
    await diff.first().waitFor({ timeout: 30_000 });
    await wb().page.locator('.tab', { hasText: "answer.ts ↔ Gemini's proposal" }).first().waitFor({ timeout: 15_000 });
    await waitUntil('the diff shows both versions', async () => {
      // Monaco draws spaces as no-break spaces.
      const text = (await diff.first().innerText()).replace(/\u00a0/g, ' ');
      return text.includes('export const answer = 41;') && text.includes('export const answer = 42;');
    }, 15_000);
    assert.match(await block.locator('.apply-status').innerText(), /Review the change to src\/answer\.ts/);
    assert.equal(fs.readFileSync(file('src/answer.ts'), 'utf8'), 'export const answer = 41;\n', 'nothing written before Accept');
    await wb().screenshot('diff-review-1-proposal');
    await wb().page.getByRole('button', { name: 'Accept Proposed Change' }).first().click();
    await waitUntil('the file is written', async () => fs.readFileSync(file('src/answer.ts'), 'utf8') === 'export const answer = 42;\n', 15_000);
    await waitUntil('the block says so', async () => /Applied to src\/answer\.ts/.test(await block.locator('.apply-status').innerText()), 15_000);
  });

  it('an edit tool shows its diff on the approval card; Deny leaves the file; an allowed edit is undone from the turn', async () => {
    fs.writeFileSync(file('notes.txt'), 'first line\n');
    const chat = wb().chatFrame();
    const region = chat.getByRole('region', { name: 'Tool approvals' });

    await control('scenario', [{ name: 'function_call', function: 'propose_edit', args: { path: 'notes.txt', content: 'replaced by Gemini\n' } }, { name: 'text', text: 'Denied, fine.', thought: false }]);
    await sendMessage('Rewrite my notes');
    const deny = region.getByRole('button', { name: 'Deny' });
    await deny.waitFor({ timeout: 30_000 });
    assert.match(await region.locator('.approval-diff').textContent() ?? '', /-first line\n\+replaced by Gemini/);
    assert.equal(await region.locator('.allow-always').count(), 0);
    await wb().screenshot('diff-review-2-edit-approval');
    await waitUntil('armed', async () => deny.evaluate((b) => !b.hasAttribute('aria-disabled')));
    await deny.click();
    await chat.getByRole('log').locator('.turn.model').last().locator('.footer').waitFor({ timeout: 30_000 });
    assert.equal(fs.readFileSync(file('notes.txt'), 'utf8'), 'first line\n', 'Deny leaves the file untouched');

    await control('scenario', [{ name: 'function_call', function: 'propose_edit', args: { path: 'notes.txt', content: 'replaced by Gemini\n' } }, { name: 'text', text: 'Done.', thought: false }]);
    await sendMessage('Rewrite my notes, really');
    const allow = region.getByRole('button', { name: 'Allow once' });
    await allow.waitFor({ timeout: 30_000 });
    await waitUntil('armed', async () => allow.evaluate((b) => !b.hasAttribute('aria-disabled')));
    await allow.click();
    await waitUntil('the file is written', async () => fs.readFileSync(file('notes.txt'), 'utf8') === 'replaced by Gemini\n', 15_000);
    const turn = chat.getByRole('log').locator('.turn.model').last();
    await turn.locator('.footer').waitFor({ timeout: 30_000 });
    assert.match((await turn.locator('.changed-files').textContent() ?? '').replace(/\s+/g, ' '), /Changed 1 file.*notes\.txt \+1 −1/);
    await turn.getByRole('button', { name: 'Undo changes from this turn' }).click();
    const dialog = wb().page.locator('.monaco-dialog-box');
    await dialog.getByText('notes.txt (restore the previous content)').waitFor({ timeout: 15_000 });
    await wb().screenshot('diff-review-3-undo-confirm');
    await dialog.getByRole('button', { name: 'Undo Changes' }).click();
    await waitUntil('the file is restored', async () => fs.readFileSync(file('notes.txt'), 'utf8') === 'first line\n', 15_000);
    await waitUntil('the turn shows it undone', async () => (await turn.locator('.changed-files li.undone').count()) === 1, 15_000);
  });

  it('the bidi line: the card draws the override as a marked escape with a warning, and passes axe in every theme', async () => {
    fs.writeFileSync(file('auth.ts'), 'if (isAdmin) {\n  grant();\n}\n');
    const chat = await wb().openChatView();
    const region = chat.getByRole('region', { name: 'Tool approvals' });
    // Drawn raw, the new line reads `/* if (user) admins only */`; it runs `if (user) {`.
    const trojan = '  /*\u202E } \u2066if (user)\u2069 \u2066 admins only */';
    await control('scenario', [{ name: 'function_call', function: 'propose_edit', args: { path: 'auth.ts', edits: [{ search: 'if (isAdmin) {', replace: `if (isAdmin) {\n${trojan}` }] } }, { name: 'text', text: 'Denied.', thought: false }]);
    await sendMessage('Document the admin check');
    const deny = region.getByRole('button', { name: 'Deny' });
    await deny.waitFor({ timeout: 30_000 });
    const add = region.locator('.approval-diff .diff-add');
    assert.equal(await add.innerText(), '+  /*<U+202E> } <U+2066>if (user)<U+2069> <U+2066> admins only */\n');
    assert.equal(await add.locator('.invisible-char').count(), 4);
    assert.match(await region.locator('.approval-invisible-note').innerText(), /^This request contains invisible or direction-changing characters/);
    try {
      for (const theme of ['dark', 'light', 'hc-dark'] as const) {
        if (theme !== 'dark') await wb().setTheme(theme);
        await new Promise((r) => setTimeout(r, 300)); // theme variables settle
        const onCard = await runAxeIn(await frameOf(chat), '.approvals');
        assert.deepEqual(blocking(onCard), [], `${theme}: ${describeViolations(onCard)}`);
        await wb().screenshot(`diff-review-4-bidi-card-${theme}`);
      }
    } finally {
      await wb().setTheme('dark');
    }
    await waitUntil('armed', async () => deny.evaluate((b) => !b.hasAttribute('aria-disabled')));
    await deny.click();
    await chat.getByRole('log').locator('.turn.model').last().locator('.footer').waitFor({ timeout: 30_000 });
    assert.equal(fs.readFileSync(file('auth.ts'), 'utf8'), 'if (isAdmin) {\n  grant();\n}\n');
  });
});
