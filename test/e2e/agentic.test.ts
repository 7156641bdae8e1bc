// Agentic features as a user meets them in the browser: a workspace tool call approved with the keyboard
// in the panel (and one denied with Escape), Continue after an incomplete answer, and a Deep Research run
// that survives a window reload.
import * as assert from 'node:assert/strict';
import { useWorkbench, waitUntil } from './support/workbench';

describe('agentic features in the panel', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.tools.workspace': true } });

  const control = (what: string, body?: unknown): Promise<any> => wb().emulatorControl(what, body);
  const requests = async (): Promise<any[]> => (await control('requests')).requests;

  const sendMessage = (text: string): Promise<void> => wb().sendMessage(text);

  it('shows a tool call for approval without taking focus; Alt+A, Tab, Enter (Allow once) runs it; Escape denies the next one', async () => {
    const chat = await wb().openChatView();
    await chat.getByRole('textbox', { name: 'Message Gemini' }).waitFor({ timeout: 30_000 });
    await control('scenario', { name: 'function_call', function: 'read_file', args: { path: 'notes.txt' } });
    await sendMessage('What is in my notes?');

    const region = chat.getByRole('region', { name: 'Tool approvals' });
    const allow = region.getByRole('button', { name: 'Allow once' });
    await allow.waitFor({ timeout: 30_000 });
    assert.match(await region.innerText(), /Gemini wants to run read_file/);
    assert.match(await region.innerText(), /"path": "notes.txt"/);
    await region.getByRole('button', { name: 'Always allow read_file in this workspace' }).waitFor();
    await wb().screenshot('agentic-1-approval');
    // The request takes no focus (the user may be typing); Alt+A moves to it, Tab to "Allow once", once
    // the card's first 500 ms (when activations are ignored) are over.
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.focus();
    await waitUntil('the buttons are armed', async () => allow.evaluate((b) => !b.hasAttribute('aria-disabled')));
    assert.equal(await box.evaluate((b) => b === document.activeElement), true, 'focus stayed in the message box');
    await wb().page.keyboard.press('Alt+KeyA');
    await wb().page.keyboard.press('Tab');
    await waitUntil('Allow once has focus', async () => allow.evaluate((b) => b === document.activeElement));
    await wb().page.keyboard.press('Enter');

    const answer = chat.getByRole('log').locator('.turn.model').last();
    await waitUntil('the answer quotes the tool result', async () => /read_file.{0,3} returned/.test(await answer.innerText()) && (await region.isHidden()), 30_000);
    const fr = (await requests()).filter((r) => r.op === 'create')[1].body.input[0];
    assert.equal(fr.type, 'function_result');
    assert.equal(fr.name, 'read_file');
    assert.equal(fr.is_error, undefined);
    await wb().screenshot('agentic-2-allowed');

    await control('scenario', { name: 'function_call', function: 'list_directory', args: { path: '' } });
    await sendMessage('List the workspace');
    const deny = region.getByRole('button', { name: 'Deny' });
    await deny.waitFor({ timeout: 30_000 });
    await waitUntil('the buttons are armed', async () => deny.evaluate((b) => !b.hasAttribute('aria-disabled')));
    await chat.getByRole('textbox', { name: 'Message Gemini' }).focus();
    await wb().page.keyboard.press('Alt+KeyA');
    await waitUntil('the new request has focus', async () => region.locator('.approval').first().evaluate((c) => c === document.activeElement));
    await wb().page.keyboard.press('Escape');
    await waitUntil('the denied result was sent', async () => {
      const creates = (await requests()).filter((r) => r.op === 'create');
      return creates.length === 4 && creates[3].body.input[0].is_error === true;
    });
    const last = chat.getByRole('log').locator('.turn.model').last();
    await waitUntil('the answer reports the denial', async () => /list_directory.{0,3} failed with/.test(await last.innerText()), 30_000);
  });

  it('an answer cut at max output tokens offers Continue, which continues the chain', async () => {
    // The continuation answers in plain text (no tool call to approve).
    await control('scenario', [{ name: 'incomplete' }, { name: 'text', text: 'and the rest of the poem.' }]);
    await sendMessage('Write a long poem');
    const chat = wb().chatFrame();
    const cont = chat.getByRole('group', { name: 'Incomplete answer' }).getByRole('button', { name: 'Continue' });
    await cont.waitFor({ timeout: 30_000 });
    const before = (await requests()).filter((r) => r.op === 'create');
    await cont.click();
    await waitUntil('the continuation request', async () => (await requests()).filter((r) => r.op === 'create').length === before.length + 1);
    const last = (await requests()).filter((r) => r.op === 'create').at(-1);
    assert.match(JSON.stringify(last.body.input), /Continue exactly where you stopped/);
    assert.ok(last.body.previous_interaction_id);
    await cont.waitFor({ state: 'detached', timeout: 10_000 });
    await chat.getByRole('log').getByText('and the rest of the poem.').waitFor({ timeout: 30_000 });
  });

  it('a Deep Research run survives a window reload and finishes with its report', async () => {
    await control('scenario', { name: 'deep_research', durationMs: 9000, polls: 0 });
    await sendMessage('/research the history of lighthouses');
    const chat = wb().chatFrame();
    await chat.getByRole('log').getByText(/Deep Research: in progress/).first().waitFor({ timeout: 30_000 });
    await wb().screenshot('agentic-3-research-running');
    // Give the workspace state a moment to be written, then reload the window mid-run.
    await new Promise((r) => setTimeout(r, 1500));
    const before = (await requests()).filter((r) => r.op === 'create').length;
    await wb().reloadWindow();
    const again = await wb().openChatView();
    const report = again.getByRole('log').getByText(/Research report: the history of lighthouses/).first();
    await report.waitFor({ timeout: 60_000 });
    await wb().screenshot('agentic-4-research-resumed');
    const all = await requests();
    assert.equal(all.filter((r) => r.op === 'create').length, before, 'the run was not started again');
    assert.ok(all.some((r) => r.op === 'get' && String(r.query?.stream) === 'true'), 'followed again by a GET stream after the reload');
    assert.equal(all.filter((r) => r.op === 'cancel').length, 0);
  });
});
