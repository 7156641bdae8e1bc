// Images of a reopened conversation load lazily in the bundled webview (real Chromium): the state has
// refs only, a sized placeholder with alt text stands in, the webview asks the host for an image when
// it scrolls near, shows the answer as a blob: URL, says so inline when it fails, and revokes the URL
// when the turn is gone.
import * as assert from 'node:assert/strict';
import type { HostToWebview, ViewTurn, WebviewToHost } from '../../src/core/panel/protocol';
import { gradientPng } from '../emulator/png';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, userTurn } from './support/streamMessages';

const EXCHANGES = 100;
const IMAGES = [2, 60, 99];
const ref = (i: number) => i.toString(16).padStart(64, 'a');
const png = (i: number) => gradientPng(160, 90, i).toString('base64');

function conversation(): ViewTurn[] {
  const turns: ViewTurn[] = [];
  for (let i = 0; i < EXCHANGES; i++) {
    const answer = modelTurn(`t${i}`, `Answer ${i}\n\n${'A paragraph of the answer. '.repeat(20)}`);
    if (IMAGES.includes(i) && answer.role === 'model') {
      answer.parts.push({ kind: 'media', media: { type: 'image', mimeType: 'image/png', name: `chart-${i}.png`, ref: ref(i), sizeBytes: 1000, width: 160, height: 90 } });
    }
    turns.push(userTurn(`t${i}`, `Question ${i}`), answer);
  }
  return turns;
}
const state = (id: string, turns: ViewTurn[]): HostToWebview => ({ type: 'state', state: { conversationId: id, turns, busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } });

describe('lazy media in a reopened conversation (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage({ viewport: { width: 420, height: 700 } });
  });
  after(async () => { await wv?.close(); });

  const loadRequests = async () => (await wv.trap()).posted.filter((m): m is Extract<WebviewToHost, { type: 'request' }> => m.type === 'request' && m.request.type === 'loadMedia');
  const requested = async (i: number) => (await loadRequests()).find((m) => (m.request as { ref: string }).ref === ref(i));
  const frames = () => wv.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const figure = (i: number) => wv.page.locator(`.turn[data-turn-id="t${i}"] figure.part.media`);

  it('opens with sized placeholders and asks only for the image near the view', async () => {
    await wv.send(state('c', conversation()));
    await frames();
    const box = figure(99).locator('.media-lazy, img');
    assert.equal(await figure(99).locator('[role="img"][aria-label="Generated image chart-99.png"]').count(), 1, 'placeholder with alt text');
    const size = await box.first().evaluate((e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height }; });
    assert.ok(Math.abs(size.w / size.h - 160 / 90) < 0.05, `placeholder keeps the image's shape (${size.w}×${size.h})`);
    for (let i = 0; i < 20 && !(await requested(99)); i++) await frames();
    assert.ok(await requested(99), 'the visible image was asked for');
    assert.equal(await requested(2), undefined, 'an image far up is not asked for');
    assert.equal(await requested(60), undefined);
  });

  it('shows the host\'s answer as a blob: image of the right size', async () => {
    const req = (await requested(99))!;
    await wv.send({ type: 'response', id: req.id, result: { mimeType: 'image/png', data: png(99) } });
    const img = figure(99).locator('img.media-image');
    await img.waitFor();
    assert.match((await img.getAttribute('src'))!, /^blob:/);
    assert.equal(await img.getAttribute('alt'), 'Generated image chart-99.png');
    await wv.page.waitForFunction(() => (document.querySelector('.turn[data-turn-id="t99"] img.media-image') as HTMLImageElement | null)?.complete);
    assert.equal(await img.evaluate((e: HTMLImageElement) => e.naturalWidth), 160);
    assert.equal(await figure(99).locator('.copy-media').count(), 1, 'Copy image once loaded');
    assert.deepEqual((await wv.trap()).violations, []);
  });

  it('an old image loads when scrolled to', async () => {
    for (let i = 0; i < 30 && !(await figure(2).count()); i++) {
      await wv.page.locator('.transcript').evaluate((e) => { e.scrollTop = 0; });
      await frames();
    }
    assert.equal(await figure(2).count(), 1, 'the old turn is rendered');
    assert.equal(await requested(2), undefined, 'not asked for before it is near');
    await figure(2).scrollIntoViewIfNeeded();
    for (let i = 0; i < 20 && !(await requested(2)); i++) await frames();
    const req = (await requested(2))!;
    assert.ok(req, 'asked for once near the view');
    await wv.send({ type: 'response', id: req.id, result: { mimeType: 'image/png', data: png(2) } });
    await figure(2).locator('img.media-image[src^="blob:"]').waitFor();
    assert.ok(await figure(2).locator('img.media-image').isVisible());
  });

  it('a failed load says so in place', async () => {
    await figure(60).scrollIntoViewIfNeeded();
    for (let i = 0; i < 20 && !(await requested(60)); i++) await frames();
    const req = (await requested(60))!;
    await wv.send({ type: 'response', id: req.id, error: 'not media of this conversation' });
    const failed = figure(60).locator('.media-lazy.failed');
    await failed.waitFor();
    assert.equal(await failed.innerText(), 'The image could not be loaded.');
  });

  it('blob URLs are revoked when their turns are discarded', async () => {
    const src = (await figure(99).locator('img.media-image').getAttribute('src'))!;
    // An <img> (img-src allows blob:) loads a live blob URL and errors on a revoked one.
    const fetchable = () => wv.page.evaluate((u) => new Promise<boolean>((r) => { const i = new Image(); i.onload = () => r(true); i.onerror = () => r(false); i.src = u; }), src);
    assert.equal(await fetchable(), true);
    await wv.send(state('other', [userTurn('x', 'hello'), modelTurn('x', 'hi')]));
    assert.equal(await fetchable(), false, 'the blob URL was revoked');
  });
});
