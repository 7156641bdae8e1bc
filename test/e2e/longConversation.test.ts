// Long conversations open with their end rendered first; earlier turns come with "Show earlier
// messages" (keyboard accessible) or by scrolling up, without moving what is on screen.
import * as assert from 'node:assert/strict';
import type { HostToWebview, ViewTurn } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, userTurn } from './support/streamMessages';

function conversation(exchanges: number): ViewTurn[] {
  const turns: ViewTurn[] = [];
  for (let i = 0; i < exchanges; i++) {
    turns.push(userTurn(`t${i}`, `Question ${i}`), modelTurn(`t${i}`, `## Answer ${i}\n\nSome text for answer ${i}.\n\n\`\`\`ts\nconst n = ${i};\n\`\`\`\n`));
  }
  return turns;
}
const state = (turns: ViewTurn[]): HostToWebview => ({ type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } });

describe('long conversations (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage({ viewport: { width: 420, height: 700 } });
  });
  after(async () => { await wv?.close(); });

  const rendered = () => wv.page.locator('.transcript > .turn').count();

  it('opens a 500-exchange conversation with only its end rendered, scrolled to the end', async () => {
    await wv.send(state(conversation(500)));
    assert.equal(await rendered(), 20);
    const last = wv.page.locator('.transcript > .turn').last();
    assert.equal(await last.getAttribute('data-turn-id'), 't499');
    await wv.page.evaluate(() => new Promise(requestAnimationFrame));
    assert.ok(await last.isVisible());
    const button = wv.page.getByRole('button', { name: 'Show 980 earlier messages' });
    assert.equal(await button.count(), 1);
  });

  it('"Show earlier messages" works from the keyboard and keeps the view in place', async () => {
    const button = wv.page.locator('.show-earlier');
    const anchor = wv.page.locator('.transcript > .turn[data-turn-id="t499"]').first();
    const before = await anchor.evaluate((e) => e.getBoundingClientRect().top);
    // Tab-focusing would scroll the button into view (and near the top, scrolling loads a page by itself).
    await button.evaluate((b: HTMLElement) => b.focus({ preventScroll: true }));
    await wv.page.keyboard.press('Enter');
    assert.equal(await rendered(), 60);
    assert.equal(await wv.page.locator('.transcript > .turn').first().getAttribute('data-turn-id'), 't470-u');
    const after = await anchor.evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(Math.abs(after - before) < 2, `the visible turn stayed put (${before} → ${after})`);
    assert.equal(await button.getAttribute('aria-label'), 'Show 940 earlier messages');
    assert.equal(await wv.page.evaluate(() => document.activeElement?.classList.contains('show-earlier')), true, 'focus stays on the button');
  });

  it('scrolling to the top loads the previous page, until everything is shown', async () => {
    for (let i = 0; i < 30 && (await wv.page.locator('.show-earlier:not([hidden])').count()); i++) {
      await wv.page.locator('.transcript').evaluate((e) => { e.scrollTop = 0; });
      await wv.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    assert.equal(await rendered(), 1000);
    assert.equal(await wv.page.locator('.transcript > .turn').first().getAttribute('data-turn-id'), 't0-u');
    assert.equal(await wv.page.locator('.show-earlier').isHidden(), true);
  });

  it('a new state of the same conversation keeps what was expanded; another conversation starts at its end', async () => {
    const turns = conversation(500);
    turns.push(userTurn('t500', 'next'), modelTurn('t500', 'next answer'));
    await wv.send(state(turns));
    assert.equal(await rendered(), 1002);
    await wv.send(state(conversation(30).map((t) => ({ ...t, id: `other-${t.id}` }))));
    assert.equal(await rendered(), 20);
    await wv.send(state(conversation(8)));
    assert.equal(await rendered(), 16);
    assert.equal(await wv.page.locator('.show-earlier').isHidden(), true);
  });
});
