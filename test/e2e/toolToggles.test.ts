// The panel header's built-in tool toggles in the bundled webview (Chromium): Google Maps next to the others,
// File Search only when a store is configured, and each click asks the host to change the setting.
import * as assert from 'node:assert/strict';
import type { HostToWebview, PanelTools } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { waitUntil } from './support/workbench';

const state = (tools: PanelTools): HostToWebview => ({ type: 'state', state: { conversationId: 'c', turns: [], busy: false, hasApiKey: true, model: 'm', conversations: [], models: ['m'], tools } });

describe('tool toggles in the panel header (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () { this.timeout(60_000); wv = await openWebviewPage(); });
  after(async () => { await wv?.close(); });
  const toggle = (name: string) => wv.page.getByRole('toolbar', { name: 'Chat settings' }).getByRole('button', { name, exact: true });

  it('offers Google Maps; hides File Search until a store is configured', async () => {
    await wv.send(state({ codeExecution: false, urlContext: false, googleSearch: true, googleMaps: false }));
    assert.equal(await toggle('Google Maps').getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle('Google Search').getAttribute('aria-pressed'), 'true');
    assert.equal(await wv.page.locator('.tool-toggle.fileSearch').isHidden(), true);
    await toggle('Google Maps').click();
    await waitUntil('setTool posted', async () => (await wv.trap()).posted.some((m) => m.type === 'setTool' && m.tool === 'googleMaps' && m.enabled === true));
    await wv.send(state({ codeExecution: false, urlContext: false, googleSearch: true, googleMaps: true, fileSearch: true }));
    assert.equal(await toggle('Google Maps').getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle('File Search').getAttribute('aria-pressed'), 'true');
    await toggle('File Search').click();
    await waitUntil('setTool posted', async () => (await wv.trap()).posted.some((m) => m.type === 'setTool' && m.tool === 'fileSearch' && m.enabled === false));
  });
});
