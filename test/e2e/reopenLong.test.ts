// A long stored conversation in code-server: written through the real ConversationStore into this
// workspace's storage folder (200 turns, an image in an old answer as a content-addressed media file),
// then the window reloads and the conversation opens with every turn; the old image loads when scrolled
// to. Then "Gemini: Export Conversation…" from the palette writes Markdown that opens in an editor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useWorkbench, waitUntil } from './support/workbench';
import { parseJournal } from '../../src/core/storage/journalFormat';
import { replay } from '../../src/core/storage/journalState';
import { ConversationStore } from '../../src/core/storage/conversationStore';
import { nodeFs } from '../../src/core/storage/nodeFs';
import type { ConversationData, Turn } from '../../src/core/conversation/types';
import { gradientPng } from '../emulator/png';

const EXCHANGES = 100;
const IMAGE_AT = 3;

describe('long stored conversation (code-server)', function () {
  this.timeout(240_000);
  const wb = useWorkbench({ settings: { 'files.simpleDialog.enable': true } });
  const chat = () => wb().chatFrame();
  const log = () => chat().getByRole('log');
  const turnCount = () => log().locator('.turn').count();

  function transcriptFiles(): string[] {
    const root = path.join(wb().workspace.replace(/-ws$/, ''), 'user-data', 'User', 'workspaceStorage');
    const out: string[] = [];
    for (const ws of fs.existsSync(root) ? fs.readdirSync(root) : []) {
      const dir = path.join(root, ws, 'gemini-interactions-team.gemini-interactions', 'conversations');
      if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.jsonl')) out.push(path.join(dir, f));
    }
    return out;
  }
  const stored = (file: string): ConversationData => replay(parseJournal(fs.readFileSync(file)), path.basename(file, '.jsonl')).data!;

  it('a 200-turn conversation reloads with every turn, and an old image loads lazily when scrolled to', async () => {
    await wb().openChatView();
    await wb().sendMessage('Seed of the long conversation');
    await waitUntil('the seed is stored', async () => transcriptFiles().some((f) => stored(f).turns.length === 2 && (stored(f).turns[1] as { state?: string }).state === 'done'), 60_000);
    const file = transcriptFiles().find((f) => stored(f).turns.length === 2)!;
    const seed = stored(file);
    // Another conversation becomes current, so the host has no reason to write the seed's journal.
    await wb().runCommand('Gemini: New Chat');
    await waitUntil('the transcript is empty', async () => (await turnCount()) === 0);

    const png = gradientPng(120, 80, 7).toString('base64');
    const turns: Turn[] = [];
    for (let i = 0; i < EXCHANGES; i++) {
      turns.push({ role: 'user', id: `u${i}`, text: `Long question ${i}`, at: i });
      turns.push({
        role: 'model', id: `m${i}`, model: 'gemini-3.5-flash', state: 'done', interactionIds: [], startedAt: i, finishedAt: i + 1,
        parts: [{ kind: 'text', text: `Long answer ${i}` }, ...(i === IMAGE_AT ? [{ kind: 'media' as const, media: { type: 'image' as const, mimeType: 'image/png', data: png, name: 'old-chart.png' } }] : [])],
      });
    }
    // The store's own code writes the journal and the media file (the index stays the extension's).
    await new ConversationStore({ readIndex: () => [], writeIndex: async () => {} }, nodeFs, path.dirname(file)).save({ ...seed, turns, updatedAt: Date.now() });
    assert.ok(fs.readdirSync(path.join(path.dirname(file), 'media')).length >= 1, 'the image is a media file');

    await wb().reloadWindow();
    await wb().openChatView();
    const list = chat().getByRole('region', { name: 'Conversations' });
    if (!(await list.isVisible())) await chat().getByRole('button', { name: 'Conversations' }).click();
    await list.getByRole('button', { name: new RegExp(`^${seed.title.slice(0, 20)}`) }).first().click();
    await waitUntil('the long conversation is shown', async () => (await log().innerText()).includes(`Long answer ${EXCHANGES - 1}`), 60_000);
    // Scroll up until every turn is rendered.
    for (let i = 0; i < 40 && (await chat().locator('.show-earlier:not([hidden])').count()); i++) {
      await chat().locator('.transcript').evaluate((e) => { e.scrollTop = 0; });
      await chat().locator('.transcript').evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    assert.equal(await turnCount(), EXCHANGES * 2, 'every turn is there');
    const texts = await log().locator('.turn').allInnerTexts();
    assert.match(texts[0], /Long question 0/);
    assert.match(texts[EXCHANGES], /Long question 50/);
    assert.match(texts[EXCHANGES + 1], /Long answer 50/);
    assert.match(texts.at(-1)!, new RegExp(`Long answer ${EXCHANGES - 1}`));

    const figure = log().locator(`.turn[data-turn-id="m${IMAGE_AT}"] figure.part.media`);
    await figure.scrollIntoViewIfNeeded();
    const img = figure.locator('img.media-image[src^="blob:"]');
    await img.waitFor({ timeout: 15_000 });
    await waitUntil('the old image decoded', async () => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth === 120));
    assert.equal(await img.getAttribute('alt'), 'Generated image old-chart.png');
  });

  it('"Gemini: Export Conversation…" → Markdown writes a file that opens in an editor with the turns', async () => {
    await wb().runCommand('Gemini: Export Conversation…');
    const target = await wb().exportAsMarkdown();
    const md = fs.readFileSync(target, 'utf8');
    assert.match(md, /Long question 0/);
    assert.match(md, new RegExp(`Long answer ${EXCHANGES - 1}`));
    const tab = wb().page.locator('.tabs-container .tab', { hasText: path.basename(target) });
    await tab.waitFor({ timeout: 15_000 });
    // Monaco renders spaces as no-break spaces.
    const editor = wb().page.locator('.editor-instance .view-lines').first();
    await waitUntil('the editor shows the export', async () => (await editor.innerText()).replace(/\u00a0/g, ' ').includes('Long question 0'), 15_000);
    // The old image, read from its media file when the export asked for it, is beside the Markdown.
    const image = /!\[old-chart\.png\]\(([^)]+)\)/.exec(md)?.[1];
    assert.ok(image, 'the Markdown links the image');
    const bytes = fs.readFileSync(path.join(path.dirname(target), decodeURIComponent(image)));
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });
});
