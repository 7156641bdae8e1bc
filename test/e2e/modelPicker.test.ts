// The panel's model picker in the bundled webview (Chromium): the key's model list gives display names
// and capability marks (words, so screen readers read them), the other models the key can use come in
// their own group, the static list is the fallback, and opening the picker asks the host for the list once.
import * as assert from 'node:assert/strict';
import type { HostToWebview, ViewState } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { waitUntil } from './support/workbench';

const state = (extra: Partial<ViewState>): HostToWebview => ({ type: 'state', state: {
  conversationId: 'c', turns: [], busy: false, hasApiKey: true, model: 'gemini-3.8-flash', conversations: [],
  models: ['gemini-3.8-flash', 'gemini-3.1-pro-preview'], tools: { codeExecution: false, urlContext: false, googleSearch: false, googleMaps: false }, ...extra } });

describe('model picker with the API model list (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () { this.timeout(60_000); wv = await openWebviewPage(); });
  after(async () => { await wv?.close(); });
  const picker = () => wv.page.getByRole('combobox', { name: 'Model' });
  const options = () => wv.page.locator('select.model-picker option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent, o.parentElement?.tagName === 'OPTGROUP' ? (o.parentElement as HTMLOptGroupElement).label : '']));

  it('falls back to the configured ids; opening the picker asks for the list once', async () => {
    await wv.send(state({}));
    assert.deepEqual(await options(), [['gemini-3.8-flash', 'gemini-3.8-flash', ''], ['gemini-3.1-pro-preview', 'gemini-3.1-pro-preview', '']]);
    await picker().focus();
    await waitUntil('listModels posted', async () => (await wv.trap()).posted.some((m) => m.type === 'listModels'));
    await picker().blur();
    await picker().focus();
    assert.equal((await wv.trap()).posted.filter((m) => m.type === 'listModels').length, 1);
  });

  it('shows display names with tools / images / thinking marks, and the key\'s other models in their own group', async () => {
    await wv.send(state({ modelChoices: [
      { id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', tools: true, images: true, thinking: true, group: 'configured' },
      { id: 'gemini-3.1-pro-preview', displayName: 'Gemini 3.1 Pro Preview', tools: true, images: true, thinking: true, group: 'configured' },
      { id: 'gemini-2.5-flash-image', displayName: 'Gemini 2.5 Flash Image', tools: false, images: true, thinking: false, group: 'api' },
    ] }));
    assert.deepEqual(await options(), [
      ['gemini-3.8-flash', 'Gemini 3.8 Flash · tools, images, thinking', 'Your models'],
      ['gemini-3.1-pro-preview', 'Gemini 3.1 Pro Preview · tools, images, thinking', 'Your models'],
      ['gemini-2.5-flash-image', 'Gemini 2.5 Flash Image · images', 'Available with your key'],
    ]);
    assert.equal(await picker().inputValue(), 'gemini-3.8-flash');
    await picker().selectOption('gemini-2.5-flash-image');
    await waitUntil('setModel posted', async () => (await wv.trap()).posted.some((m) => m.type === 'setModel' && m.model === 'gemini-2.5-flash-image'));
  });

  it('a rejected or blocked key: the error card offers Manage API Keys beside Set API Key', async () => {
    await wv.send(state({ turns: [
      { role: 'user', id: 'u1', text: 'Hi', at: 1 },
      { role: 'model', id: 'm1', model: 'gemini-3.8-flash', parts: [], state: 'error', interactionIds: [], startedAt: 1, finishedAt: 2,
        error: { message: 'The Gemini API key is blocked for the Gemini API.', action: 'setApiKey', manageKeys: true, code: '403' } },
    ] }));
    const manage = wv.page.getByRole('button', { name: 'Manage API Keys' });
    await manage.waitFor();
    assert.equal(await wv.page.getByRole('button', { name: 'Set API Key' }).count() >= 1, true);
    await manage.click();
    await waitUntil('manageKeys posted', async () => (await wv.trap()).posted.some((m) => m.type === 'runCommand' && m.command === 'manageKeys'));
  });

  it('a routed id in the picker says which model answers it', async () => {
    await wv.send(state({ model: 'gemini-3.7-flash', models: ['gemini-3.7-flash', 'gemini-3.8-flash'] }));
    await waitUntil('options drawn', async () => (await options()).length === 2 && (await options())[0][0] === 'gemini-3.7-flash');
    assert.deepEqual((await options()).map((o) => o[1]), ['Gemini 3.7 Flash → answered by Gemini 3.8 Flash', 'gemini-3.8-flash']);
  });

  it('an answer to a routed id names the model that answered in its footer (what the API echoed)', async () => {
    await wv.send(state({ turns: [
      { role: 'user', id: 'u1', text: 'Hi', at: 1 },
      { role: 'model', id: 'm1', model: 'gemini-3.7-flash', servedBy: 'gemini-3.8-flash', parts: [{ kind: 'text', text: 'Hello.' }], state: 'done', interactionIds: ['v1_a'], startedAt: 1, finishedAt: 2 },
      { role: 'user', id: 'u2', text: 'Again', at: 3 },
      { role: 'model', id: 'm2', model: 'gemini-3.8-flash', parts: [{ kind: 'text', text: 'Hi.' }], state: 'done', interactionIds: ['v1_b'], startedAt: 3, finishedAt: 4 },
    ] }));
    const footers = wv.page.locator('.footer');
    await waitUntil('both footers drawn', async () => (await footers.count()) === 2);
    const routed = footers.nth(0).locator('.footer-item').first();
    assert.equal(await routed.innerText(), 'Gemini 3.7 Flash → answered by Gemini 3.8 Flash');
    assert.equal(await routed.getAttribute('title'), 'Google routes gemini-3.7-flash to gemini-3.8-flash: the answer comes from gemini-3.8-flash.');
    assert.match((await footers.nth(0).getAttribute('aria-label'))!, /^Gemini 3\.7 Flash → answered by Gemini 3\.8 Flash/);
    assert.equal(await footers.nth(1).locator('.footer-item').first().innerText(), 'gemini-3.8-flash', 'a model answering as itself is named by its id, as before');
  });
});
