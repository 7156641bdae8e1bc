// Requests with ids between the webview and the host, seen from the bundled webview in Chromium: the
// composer asks the host to attach dropped files and shows the chips the answer carries; a request the
// host is still checking shows a pending chip that cancels it; answers match their request by id.
import * as assert from 'node:assert/strict';
import type { DraftAttachment, HostToWebview, WebviewToHost } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS } from './support/streamMessages';
import { waitUntil } from './support/workbench';

type Request = Extract<WebviewToHost, { type: 'request' }>;

const chip = (name: string): DraftAttachment => ({ id: `id-${name}`, name, kind: 'text', mimeType: 'text/x-plaintext', sizeBytes: 12, source: 'file' });

describe('webview requests: attaching from the composer (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
    await wv.send({ type: 'state', state: { conversationId: 'c', turns: [], busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } });
  });
  after(async () => { await wv?.close(); });

  /** Drops Explorer files on the composer, as VS Code's drag and drop delivers them. */
  async function drop(uris: string[]): Promise<void> {
    await wv.page.evaluate((list) => {
      const dt = new DataTransfer();
      dt.setData('text/uri-list', list.join('\r\n'));
      document.querySelector('.composer')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, uris);
  }
  async function requests(): Promise<Request[]> {
    return (await wv.trap()).posted.filter((m): m is Request => m.type === 'request');
  }
  const chips = () => wv.page.getByRole('list', { name: 'Attachments to send' }).getByRole('listitem');

  it('answers match requests by id, whatever order they come in', async () => {
    await drop(['file:///ws/a.txt']);
    await drop(['file:///ws/b.txt']);
    await waitUntil('two requests', async () => (await requests()).length === 2);
    const [a, b] = await requests();
    assert.notEqual(a.id, b.id);
    assert.deepEqual(a.request, { type: 'attachUris', uris: ['file:///ws/a.txt'] });
    await wv.send({ type: 'response', id: b.id, result: { attachments: [chip('b.txt')] } });
    await wv.send({ type: 'response', id: a.id, result: { attachments: [chip('a.txt')] } });
    await waitUntil('both chips', async () => (await chips().allInnerTexts()).join(' ').includes('a.txt'));
    const names = await chips().locator('.chip-name').allInnerTexts();
    assert.deepEqual(names, ['b.txt', 'a.txt']);
    // An answer nobody waits for (a repeated id) changes nothing.
    await wv.send({ type: 'response', id: a.id, result: { attachments: [chip('again.txt')] } });
    assert.deepEqual(await chips().locator('.chip-name').allInnerTexts(), ['b.txt', 'a.txt']);
    for (const n of names) await wv.page.getByRole('button', { name: `Remove ${n}` }).click();
  });

  it('a request the host is still checking shows a pending chip; cancelling it tells the host and shows nothing', async () => {
    const before = (await requests()).length;
    await drop(['file:///ws/big%20video.mp4']);
    const pending = wv.page.getByRole('listitem', { name: 'Attaching big video.mp4…' });
    await pending.waitFor({ timeout: 5000 });
    assert.equal(await pending.getAttribute('aria-busy'), 'true');
    const req = (await requests())[before];
    await wv.page.getByRole('button', { name: 'Cancel attaching big video.mp4' }).click();
    await pending.waitFor({ state: 'detached', timeout: 5000 });
    const posted = (await wv.trap()).posted;
    assert.deepEqual(posted.at(-1), { type: 'cancel', id: req.id });
    // The host's answer (cancelled, or a result that raced the cancel) adds no chip.
    await wv.send({ type: 'response', id: req.id, result: { attachments: [chip('big video.mp4')] } } as HostToWebview);
    assert.equal(await chips().count(), 0);
  });

  it('a failed request shows its error and leaves no chip', async () => {
    await drop(['file:///ws/gone.txt']);
    const req = (await requests()).at(-1)!;
    await wv.send({ type: 'response', id: req.id, error: 'gone.txt could not be read: it no longer exists.' });
    await wv.page.getByRole('alert').filter({ hasText: 'gone.txt could not be read' }).waitFor({ timeout: 5000 });
    assert.equal(await chips().count(), 0);
  });
});
