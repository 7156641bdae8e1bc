// A long table or list streamed with no blank lines (issue 16, finding 8), in the bundled webview in
// Chromium: it is split at rows and items, so each frame re-renders only the open chunk — rows or items
// already shown keep their DOM nodes — and it still ends as one table with one header row (or one list)
// with everything in order, the same as the answer rendered at once.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from './support/streamMessages';

function state(turns: ReturnType<typeof modelTurn>[]): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } };
}

/** Most rows or items a single frame may re-render (the open chunk and the one it just finished). */
const MAX_REPLACED_PER_FRAME = 100;

interface StreamStats { maxReplaced: number; frames: number; firstKept: boolean }

/**
 * Streams the messages into the page, `perFrame` per animation frame. Counts, per frame, the `tag`
 * elements removed from the turn (re-rendered ones), and checks that the first `tag` shown halfway
 * through is the same node at the end.
 */
async function streamInPage(wv: WebviewPage, turnId: string, messages: HostToWebview[], tag: string, perFrame: number): Promise<StreamStats> {
  return wv.page.evaluate(async ({ turnId, messages, tag, perFrame }) => {
    const dispatch = (m: unknown) => window.dispatchEvent(new MessageEvent('message', { data: m }));
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const part = () => document.querySelector(`.turn.model[data-turn-id="${turnId}"] .part.text`);
    let replaced = 0;
    let maxReplaced = 0;
    const count = (records: MutationRecord[]) => {
      for (const r of records) {
        for (const n of Array.from(r.removedNodes)) {
          if (!(n instanceof Element)) continue;
          replaced += (n.tagName === tag ? 1 : 0) + n.getElementsByTagName(tag).length;
        }
      }
    };
    const observer = new MutationObserver(count);
    let first: Element | null = null;
    let frames = 0;
    for (let i = 0; i < messages.length; i += perFrame) {
      for (const m of messages.slice(i, i + perFrame)) dispatch(m);
      if (i === 0) observer.observe(part()!, { childList: true, subtree: true });
      await frame();
      count(observer.takeRecords());
      maxReplaced = Math.max(maxReplaced, replaced);
      replaced = 0;
      frames++;
      if (!first && i >= messages.length / 2) first = part()!.querySelector(tag === 'TR' ? 'tbody tr' : 'li');
    }
    await frame();
    observer.disconnect();
    const firstNow = part()!.querySelector(tag === 'TR' ? 'tbody tr' : 'li');
    return { maxReplaced, frames, firstKept: !!first && first === firstNow };
  }, { turnId, messages, tag, perFrame });
}

describe('long streamed tables and lists (bundled webview in Chromium)', function () {
  this.timeout(180_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
  });
  after(async () => { await wv?.close(); });

  it('a 5,000-row table streamed in small deltas: one table, one header row, every row in order, bounded re-rendering per frame', async () => {
    const ROWS = 5000;
    const rows = Array.from({ length: ROWS }, (_, i) => `| ${i} | item **${i}** | ${i * 3} |`).join('\n');
    const answer = `The table:\n\n| # | Name | Value |\n|---|:----:|------:|\n${rows}\n\nThat is all.\n`;
    await wv.send(state([]));
    const { start, deltas, end } = streamMessages(answer, { id: 'tbl', deltaSize: 12 });
    await wv.send(...start);
    const stats = await streamInPage(wv, 'tbl', [...deltas, ...end], 'TR', 40);

    const shape = await wv.page.evaluate(() => {
      const part = document.querySelector('.turn.model[data-turn-id="tbl"] .part.text')!;
      const table = part.querySelector('table')!;
      return {
        tables: part.querySelectorAll('table').length,
        headerRows: table.querySelectorAll('thead tr').length,
        headers: Array.from(table.querySelectorAll('th')).map((th) => th.textContent),
        bodies: table.tBodies.length,
        firstCells: Array.from(table.querySelectorAll('tbody tr')).map((tr) => (tr as HTMLTableRowElement).cells[0].textContent),
        strong: table.querySelectorAll('tbody strong').length,
        after: part.textContent!.trim().endsWith('That is all.'),
      };
    });
    assert.equal(shape.tables, 1, 'one table');
    assert.equal(shape.headerRows, 1, 'one header row');
    assert.deepEqual(shape.headers, ['#', 'Name', 'Value']);
    assert.deepEqual(shape.firstCells, Array.from({ length: ROWS }, (_, i) => String(i)), 'all rows, in order');
    assert.equal(shape.strong, ROWS, 'cells are formatted');
    assert.ok(shape.bodies > 1, `the rows came in chunks (${shape.bodies} row groups)`);
    assert.equal(shape.after, true);
    assert.equal(stats.firstKept, true, 'rows already shown keep their DOM nodes');
    assert.ok(stats.maxReplaced <= MAX_REPLACED_PER_FRAME, `at most ${MAX_REPLACED_PER_FRAME} rows re-rendered in a frame (${stats.maxReplaced}, over ${stats.frames} frames)`);

    // The same answer rendered at once (a stored conversation) gives the same DOM and text.
    const streamed = await wv.page.locator('.turn.model[data-turn-id="tbl"] .blocks').innerHTML();
    await wv.send(state([userTurn('once', 'q'), modelTurn('once', answer)]));
    const once = await wv.page.locator('.turn.model[data-turn-id="once"] .blocks').innerHTML();
    assert.ok(streamed === once, 'streamed and rendered-once DOM are identical');
  });

  it('a 3,000-item list streamed in small deltas: one list, every item in order, bounded re-rendering per frame', async () => {
    const ITEMS = 3000;
    const items = Array.from({ length: ITEMS }, (_, i) => `${i + 1}. step *${i}*${i % 10 === 0 ? `\n${' '.repeat(String(i + 1).length + 2)}- detail of ${i}` : ''}`).join('\n');
    const answer = `Steps:\n\n${items}\n\nDone.\n`;
    await wv.send(state([]));
    const { start, deltas, end } = streamMessages(answer, { id: 'lst', deltaSize: 10 });
    await wv.send(...start);
    const stats = await streamInPage(wv, 'lst', [...deltas, ...end], 'LI', 40);

    const shape = await wv.page.evaluate(() => {
      const part = document.querySelector('.turn.model[data-turn-id="lst"] .part.text')!;
      const lists = Array.from(part.querySelectorAll('ol')).filter((l) => !l.parentElement!.closest('ol, ul'));
      return {
        lists: lists.length,
        start: lists[0]?.getAttribute('start'),
        // Each item's own text, without its nested list.
        items: Array.from(lists[0]?.children ?? []).map((li) => Array.from(li.childNodes)
          .filter((n) => !(n instanceof Element && /^(UL|OL)$/.test(n.tagName))).map((n) => n.textContent).join('').trim()),
        nested: lists[0]?.querySelectorAll('li ul > li').length,
      };
    });
    assert.equal(shape.lists, 1, 'one top-level list');
    assert.equal(shape.start, null, 'numbered from 1');
    assert.deepEqual(shape.items, Array.from({ length: ITEMS }, (_, i) => `step ${i}`), 'all items, in order');
    assert.equal(shape.nested, ITEMS / 10, 'nested items stay with their parents');
    assert.equal(stats.firstKept, true, 'items already shown keep their DOM nodes');
    assert.ok(stats.maxReplaced <= MAX_REPLACED_PER_FRAME, `at most ${MAX_REPLACED_PER_FRAME} items re-rendered in a frame (${stats.maxReplaced}, over ${stats.frames} frames)`);

    const streamed = await wv.page.locator('.turn.model[data-turn-id="lst"] .blocks').innerHTML();
    const streamedText = await wv.page.locator('.turn.model[data-turn-id="lst"] .blocks').evaluate((e) => e.textContent);
    await wv.send(state([userTurn('once2', 'q'), modelTurn('once2', answer)]));
    const once = await wv.page.locator('.turn.model[data-turn-id="once2"] .blocks').innerHTML();
    assert.ok(streamed === once, 'streamed and rendered-once DOM are identical');
    for (let i = 0; i < ITEMS; i += 997) assert.ok(streamedText!.includes(`step ${i}`));
  });
});
