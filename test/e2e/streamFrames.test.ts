// The end of a streamed answer in the bundled webview (Chromium, shipped CSP): when the turn finishes
// with a long backlog not drawn yet, the rest is drawn over several frames, each within a budget (no
// long task), the turn is aria-busy meanwhile, and the footer and the "finished" announcement come
// only once it is all drawn. The result is the same DOM as rendering the finished answer at once.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { longAnswer } from '../../bench/markdownCorpus';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from './support/streamMessages';

function state(turns: ReturnType<typeof modelTurn>[] = []): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } };
}

interface Drawn {
  busyAtFinish: string | null;
  footerAtFinish: number;
  announcedAtFinish: string;
  /** Frames until aria-busy was removed. */
  frames: number;
  /** Long tasks (≥ 50 ms, Chromium's own account) from turnFinished until then. */
  longTasks: number[];
  busyAfter: string | null;
  footerAfter: number;
  announcedAfter: string;
}

describe('end of a streamed answer drawn over frames (bundled webview in Chromium)', function () {
  this.timeout(120_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage({ viewport: { width: 500, height: 900 } });
  });
  after(async () => { await wv?.close(); });

  it('a long remainder is drawn in several frames without a long task, aria-busy until done, then footer and announcement; same DOM as rendering once', async () => {
    // Warm-up (JIT, highlight.js grammars), so the measured frames are the steady state.
    const warm = streamMessages(longAnswer(20_000, 4), { id: 'warm', deltaSize: 40 });
    await wv.send(state(), ...warm.start, ...warm.deltas, ...warm.end);

    const answer = longAnswer(150_000, 30);
    const { start, deltas, end } = streamMessages(answer, { id: 'f1', deltaSize: 40 });
    await wv.send(state(), ...start);
    // The whole answer arrives in one task (a resumed stream catching up): at most a frame's budget of it is drawn.
    await wv.page.evaluate((ms) => { for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m })); }, deltas);
    const drawn: Drawn = await wv.page.evaluate(async (ms) => {
      const turn = document.querySelector('.turn.model[data-turn-id="f1"]') as HTMLElement;
      const status = document.querySelector('[role="status"][aria-live="polite"]') as HTMLElement;
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
      observer.observe({ type: 'longtask' });
      for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m }));
      const atFinish = { busyAtFinish: turn.getAttribute('aria-busy'), footerAtFinish: turn.querySelectorAll('.footer').length, announcedAtFinish: status.textContent ?? '' };
      let frames = 0;
      while (turn.getAttribute('aria-busy') === 'true' && frames < 1000) {
        await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        frames++;
      }
      // Long tasks are reported after they end: one more frame for the last one.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (const e of observer.takeRecords()) longTasks.push(e.duration);
      observer.disconnect();
      return { ...atFinish, frames, longTasks, busyAfter: turn.getAttribute('aria-busy'), footerAfter: turn.querySelectorAll('.footer').length, announcedAfter: status.textContent ?? '' };
    }, end);

    assert.equal(drawn.busyAtFinish, 'true', 'the turn is aria-busy while the rest is drawn');
    assert.equal(drawn.footerAtFinish, 0, 'no footer before the answer is drawn');
    assert.notEqual(drawn.announcedAtFinish, 'Gemini finished answering.', 'not announced as finished before it is drawn');
    assert.ok(drawn.frames >= 3, `the remainder took several frames (${drawn.frames})`);
    assert.deepEqual(drawn.longTasks, [], 'no main-thread task of 50 ms or more while the rest was drawn');
    assert.equal(drawn.busyAfter, null, 'aria-busy is removed once drawn');
    assert.equal(drawn.footerAfter, 1);
    assert.equal(drawn.announcedAfter, 'Gemini finished answering.');

    const html = () => wv.page.evaluate(() => (document.querySelector('.turn.model .part.text') as HTMLElement).innerHTML);
    const streamed = await html();
    await wv.send(state());
    await wv.send(state([userTurn('f1', 'question'), modelTurn('f1', answer)]));
    const once = await html();
    assert.equal(await wv.page.locator('.turn.model .code-block').count(), 30);
    assert.ok(streamed === once, `the streamed answer's DOM equals the answer rendered once (${streamed.length} vs ${once.length} characters of HTML; first difference at ${[...streamed].findIndex((c, i) => c !== once[i])})`);
  });

  it('a short answer still finishes at once: footer, no aria-busy, in the same task', async () => {
    const { start, deltas, end } = streamMessages('Short **answer**.', { id: 'f2', deltaSize: 4 });
    await wv.send(state(), ...start, ...deltas);
    const turn = wv.page.locator('.turn.model[data-turn-id="f2"]');
    assert.equal(await turn.getAttribute('aria-busy'), 'true', 'busy while it streams');
    const r = await wv.page.evaluate((ms) => {
      for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m }));
      const t = document.querySelector('.turn.model[data-turn-id="f2"]') as HTMLElement;
      return { busy: t.getAttribute('aria-busy'), footer: t.querySelectorAll('.footer').length, text: t.querySelector('.part.text')?.textContent };
    }, end);
    assert.deepEqual(r, { busy: null, footer: 1, text: 'Short answer.\n' });
  });
});
