// Tool search and steps of unknown types in the bundled webview (Chromium): a tool_search_call / tool_search_result
// pair is drawn as tool cards naming the functions loaded, and a future step type as a card with its payload.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { partsOfStep } from '../../src/core/gemini/stream/wireParts';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { waitUntil } from './support/workbench';

describe('tool search and future step cards (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () { this.timeout(60_000); wv = await openWebviewPage(); });
  after(async () => { await wv?.close(); });

  it('draws the search and its result as "Tool search" cards, and an unknown step with its merged payload', async () => {
    const parts = [
      ...partsOfStep({ type: 'tool_search_call', id: 'ts_1', arguments: { function_names: ['search_text', 'read_file'] }, signature: 'c2ln' }),
      ...partsOfStep({ type: 'tool_search_result', call_id: 'ts_1', result: [{ type: 'function', name: 'search_text' }, { type: 'function', name: 'read_file' }] }),
      ...partsOfStep({ type: 'future_tool_call', id: 'ft_1', payload: { version: 2 }, signature: 'c2ln' }),
      { kind: 'text' as const, text: 'Done.' },
    ];
    const msg: HostToWebview = { type: 'state', state: {
      conversationId: 'c', busy: false, hasApiKey: true, model: 'gemini-3.8-flash', conversations: [], models: ['gemini-3.8-flash'],
      tools: { codeExecution: false, urlContext: false, googleSearch: false, googleMaps: false },
      turns: [
        { role: 'user', id: 'u1', text: 'Where is tide used?', at: 1 },
        { role: 'model', id: 'm1', model: 'gemini-3.8-flash', parts, state: 'done', interactionIds: ['v1_a'], startedAt: 1, finishedAt: 2 },
      ] } };
    await wv.send(msg);
    const summaries = wv.page.locator('details.card summary');
    await waitUntil('cards drawn', async () => (await summaries.count()) === 3);
    assert.match(await summaries.nth(0).innerText(), /Tool search: search_text, read_file/);
    assert.match(await summaries.nth(1).innerText(), /Tool search result: search_text, read_file/);
    assert.match(await summaries.nth(2).innerText(), /future_tool_call/);
    await summaries.nth(2).click();
    assert.match(await wv.page.locator('details.card').nth(2).innerText(), /"version":2/);
  });
});
