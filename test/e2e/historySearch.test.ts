// History search in code-server against the emulator: conversations made by sending messages, then the
// search box of the conversation list finds one by a word from the middle of it, says how many match,
// marks the word, and opening the result switches to that conversation.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator, Locator } from 'playwright-core';
import { useWorkbench, waitUntil } from './support/workbench';

describe('history search', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'files.simpleDialog.enable': true } });
  const chat = (): FrameLocator => wb().chatFrame();
  const box = () => chat().getByRole('textbox', { name: 'Message Gemini' });
  const log = () => chat().getByRole('log');
  const list = () => chat().getByRole('region', { name: 'Conversations' });
  const search = () => list().getByRole('searchbox', { name: 'Search conversations' });

  const send = (text: string): Promise<Locator> => wb().sendAndWaitForAnswer(text);

  async function newChat(): Promise<void> {
    await wb().runCommand('Gemini: New Chat');
    await waitUntil('the transcript is empty', async () => (await log().locator('.turn').count()) === 0);
  }

  const visibleTitles = () => list().locator('.history-item:not([hidden]) .history-title').allInnerTexts();

  it('finds a conversation by a word from its middle, and opening it switches to it', async () => {
    await wb().openChatView();
    await box().waitFor({ timeout: 30_000 });
    await send('Planning the garden beds');
    await send('Which vegetables grow next to the quixotrel hedge?');
    await send('Thanks, that is all');
    await newChat();
    await send('Refactoring the parser');
    await send('Split the tokenizer into two passes');
    await newChat();
    await send('Été à Ouessant');

    await chat().getByRole('button', { name: 'Conversations' }).click();
    await list().waitFor();
    assert.equal((await visibleTitles()).length, 3);
    await search().click();
    await search().pressSequentially('quixo', { delay: 30 });
    await waitUntil('only the conversation with that word is listed', async () => (await visibleTitles()).join('|') === 'Planning the garden beds', 10_000);
    const item = list().locator('.history-item:not([hidden])');
    // Found by its text (not its title): a snippet with the word marked, in a <mark> element.
    assert.match(await item.locator('.history-snippet').innerText(), /quixotrel hedge/);
    assert.equal(await item.locator('.history-snippet mark').innerText(), 'quixo');
    await waitUntil('the count is announced politely', async () => (await chat().getByRole('status').textContent()) === '1 conversation', 5_000);

    // Accents and case do not matter; all words must match.
    await search().fill('ete ouessant');
    await waitUntil('the accented title matches', async () => (await visibleTitles()).join('|') === 'Été à Ouessant', 5_000);
    assert.equal(await list().locator('.history-item:not([hidden]) .history-title mark').first().innerText(), 'Été');
    await search().fill('ouessant parser');
    await waitUntil('no conversation has both words', async () => (await visibleTitles()).length === 0, 5_000);
    assert.ok(await list().locator('.history-no-match').isVisible());

    // Escape clears the search (the list stays open), then opening the result switches to it.
    await search().press('Escape');
    await waitUntil('the whole list is back', async () => (await visibleTitles()).length === 3, 5_000);
    assert.ok(await list().isVisible());
    await search().fill('quixotrel');
    await waitUntil('filtered again', async () => (await visibleTitles()).length === 1, 5_000);
    await search().press('ArrowDown');
    await chat().locator('.history-item:not([hidden]) .history-open:focus').waitFor({ timeout: 5_000 });
    await chat().locator('.history-item:not([hidden]) .history-open').press('Enter');
    await waitUntil('that conversation is shown', async () => /quixotrel hedge/.test(await log().textContent() ?? ''), 10_000);
    assert.ok(!/Été à Ouessant/.test(await log().textContent() ?? ''));
  });

  it('a conversation\'s right-click menu offers Export Conversation…, which exports that one (not the current)', async () => {
    await chat().getByRole('button', { name: 'Conversations' }).click();
    await list().waitFor();
    await search().fill('');
    const item = list().locator('.history-item', { hasText: 'Refactoring the parser' });
    await item.locator('.history-open').click({ button: 'right' });
    const entry = wb().page.getByRole('menuitem', { name: /Export Conversation/ }).first();
    await entry.waitFor({ timeout: 10_000 });
    // The workbench's menus act on mouse up after hovering, or on Enter.
    await entry.hover();
    await wb().page.keyboard.press('Enter');
    const target = await wb().exportAsMarkdown();
    const md = fs.readFileSync(target, 'utf8');
    assert.match(md, /Split the tokenizer into two passes/);
    assert.doesNotMatch(md, /quixotrel/, 'the conversation that was right-clicked, not the current one');
  });
});
