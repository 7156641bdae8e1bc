// Edit tools in the bundled webview (Chromium, shipped CSP): an edit approval shows its diff with Allow once
// and Deny only (no always-allow) and can open the diff editor; a turn lists its changed files with +/- counts
// and offers Undo until every change is undone.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, userTurn } from './support/streamMessages';
import { waitUntil } from './support/workbench';

describe('edit tools in the chat view (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
    await wv.send({ type: 'state', state: { conversationId: 'c', turns: [userTurn('t1', 'fix it'), modelTurn('t1', 'I changed two files.')], busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } } as HostToWebview);
  });
  after(async () => { await wv?.close(); });

  it('an edit approval shows the diff, offers Allow once, Deny and Open diff, and no always-allow', async () => {
    await wv.send({ type: 'approval', request: { turnId: 't1', callId: 'e1', name: 'propose_edit', argsText: '',
      edit: { path: 'src/a.ts', kind: 'edit', added: 1, removed: 1, diff: '@@ -1,2 +1,2 @@\n const a = 1;\n-const b = 2;\n+const b = 3;' } } });
    const card = wv.page.locator('.approval');
    assert.equal(await card.locator('.approval-edit-summary').innerText(), 'Edit src/a.ts (+1 −1)');
    assert.equal(await card.locator('.approval-diff .diff-add').innerText(), '+const b = 3;\n');
    assert.equal(await card.locator('.approval-diff .diff-del').innerText(), '-const b = 2;\n');
    assert.equal(await card.locator('.allow-always').count(), 0, 'writes are never always allowed');
    assert.equal(await card.getByRole('button', { name: 'Allow once' }).count(), 1);
    assert.equal(await card.getByRole('button', { name: 'Deny' }).count(), 1);
    await card.getByRole('button', { name: 'Open diff' }).click();
    await waitUntil('openApprovalDiff posted', async () => (await wv.trap()).posted.some((m) => m.type === 'openApprovalDiff' && m.callId === 'e1'));
    await wv.send({ type: 'approvalDone', callId: 'e1' });
  });

  it('a turn lists its changed files; each opens its diff; Undo is offered until all are undone', async () => {
    const files = [{ path: 'src/a.ts', added: 1, removed: 1, kind: 'edit' as const }, { path: 'src/new.ts', added: 12, removed: 0, kind: 'create' as const }];
    await wv.send({ type: 'changedFiles', turnId: 't1', files });
    const box = wv.page.locator('.turn.model[data-turn-id="t1"] .changed-files');
    assert.equal(await box.locator('.changed-title').innerText(), 'Changed 2 files');
    assert.match((await box.locator('li').nth(1).textContent() ?? '').replace(/\s+/g, ' '), /src\/new\.ts \+12 −0/);
    await box.getByRole('button', { name: 'Open the diff of src/a.ts' }).click();
    await box.getByRole('button', { name: 'Undo changes from this turn' }).click();
    await waitUntil('both posted', async () => (await wv.trap()).posted.some((m) => m.type === 'undoTurnChanges'));
    const posted = (await wv.trap()).posted.filter((m) => m.type === 'openChangeDiff' || m.type === 'undoTurnChanges');
    assert.deepEqual(posted, [{ type: 'openChangeDiff', turnId: 't1', path: 'src/a.ts' }, { type: 'undoTurnChanges', turnId: 't1' }]);
    await wv.send({ type: 'changedFiles', turnId: 't1', files: files.map((f) => ({ ...f, undone: true })) });
    assert.equal(await box.locator('li.undone').count(), 2);
    assert.equal(await box.getByRole('button', { name: 'Undo changes from this turn' }).count(), 0);
  });
});
