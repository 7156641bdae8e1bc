// "Apply to file" in the bundled webview (Chromium, shipped CSP): the button sends the block with the
// file it names and its turn, and the block shows the host's progress, Accept / Reject, and the outcome.
import * as assert from 'node:assert/strict';
import type { HostToWebview, WebviewToHost } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, userTurn } from './support/streamMessages';
import { waitUntil } from './support/workbench';

const ANSWER = 'Change the constant:\n\n**src/answer.ts**\n\n```ts src/answer.ts\nexport const answer = 42;\n```\n\nAnd a snippet:\n\n```sh\nnpm test\n```\n';

describe('apply to file in the chat view (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
    const state: HostToWebview = { type: 'state', state: { conversationId: 'c', turns: [userTurn('t1', 'fix it'), modelTurn('t1', ANSWER)], busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } };
    await wv.send(state);
  });
  after(async () => { await wv?.close(); });

  const applies = async () => (await wv.trap()).posted.filter((m): m is Extract<WebviewToHost, { type: 'applyCode' }> => m.type === 'applyCode');

  it('every code block has an Apply button that sends the code, the fence info, the line before it and the turn', async () => {
    const blocks = wv.page.locator('.turn.model[data-turn-id="t1"] .code-block');
    assert.equal(await blocks.count(), 2);
    assert.equal(await blocks.locator('button.code-apply').count(), 2);
    await blocks.nth(0).getByRole('button', { name: 'Apply to file…' }).click();
    const [msg] = await applies();
    assert.ok(msg, 'an applyCode message was posted');
    assert.equal(msg.code, 'export const answer = 42;\n');
    assert.equal(msg.info, 'ts src/answer.ts');
    assert.equal(msg.before, 'src/answer.ts', 'the bold file name above the block');
    assert.equal(msg.turnId, 't1');
    assert.ok(msg.applyId);
  });

  it('shows merging progress with Cancel, then Accept / Reject for review, then the outcome', async () => {
    const [msg] = await applies();
    const block = wv.page.locator(`.code-block[data-apply-id="${msg!.applyId}"]`);
    await wv.send({ type: 'applyStatus', status: { applyId: msg!.applyId, state: 'merging', path: 'src/answer.ts', chars: 4096 } });
    const status = block.locator('.apply-status');
    assert.match(await status.innerText(), /Merging into src\/answer\.ts… 4 KB/);
    assert.equal(await status.getAttribute('role'), 'status', 'announced to screen readers');
    await status.getByRole('button', { name: 'Cancel' }).click();
    await wv.send({ type: 'applyStatus', status: { applyId: msg!.applyId, state: 'review', path: 'src/answer.ts' } });
    assert.match(await status.innerText(), /Review the change to src\/answer\.ts in the diff editor/);
    await status.getByRole('button', { name: 'Accept' }).click();
    await waitUntil('accept posted', async () => (await wv.trap()).posted.some((m) => m.type === 'applyAction' && m.action === 'accept'));
    const actions = (await wv.trap()).posted.filter((m) => m.type === 'applyAction').map((m) => (m as { action: string }).action);
    assert.deepEqual(actions, ['cancel', 'accept']);
    await wv.send({ type: 'applyStatus', status: { applyId: msg!.applyId, state: 'accepted', path: 'src/answer.ts' } });
    assert.match(await status.innerText(), /Applied to src\/answer\.ts/);
    assert.equal(await status.locator('button').count(), 0, 'no actions once it is done');
  });

  it('a failure is shown in the block it belongs to, not in the other', async () => {
    const second = wv.page.locator('.turn.model[data-turn-id="t1"] .code-block').nth(1);
    await second.getByRole('button', { name: 'Apply to file…' }).click();
    await waitUntil('a second apply', async () => (await applies()).length === 2);
    const msg = (await applies())[1]!;
    assert.equal(msg.info, 'sh');
    await wv.send({ type: 'applyStatus', status: { applyId: msg.applyId, state: 'failed', message: 'Refused: .git/config is inside .git/.' } });
    assert.equal(await second.locator('.apply-status').innerText(), 'Refused: .git/config is inside .git/.');
    assert.equal(await wv.page.locator('.apply-status[data-state="failed"]').count(), 1);
  });
});
