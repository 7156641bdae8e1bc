// Edit tools in the bundled webview (Chromium, shipped CSP): an edit approval shows its diff with Allow once
// and Deny only (no always-allow) and can open the diff editor; invisible and bidi characters on a card are
// marked escapes with a warning; a turn lists its changed files with +/- counts and offers Undo until every
// change is undone.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { blocking, describeViolations, runAxeIn } from './support/axe';
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
    assert.equal(await card.locator('.invisible-char, .approval-invisible-note').count(), 0, 'no escapes and no warning for plain text');
    await card.getByRole('button', { name: 'Open diff' }).click();
    await waitUntil('openApprovalDiff posted', async () => (await wv.trap()).posted.some((m) => m.type === 'openApprovalDiff' && m.callId === 'e1'));
    await wv.send({ type: 'approvalDone', callId: 'e1' });
  });

  it('the bidi line: invisible and direction-changing characters are marked escapes, with one warning, on the diff and the path', async () => {
    // Drawn raw, the added line reads as a comment ("/* if (user) admins only */"); it runs `if (user)`.
    const path = 'src/evil\u202Egnp.ts';
    await wv.send({ type: 'approval', request: { turnId: 't1', callId: 'bidi', name: 'propose_edit', argsText: '', invisible: true,
      edit: { path, kind: 'edit', added: 1, removed: 0, diff: '@@ -1,2 +1,3 @@\n if (isAdmin) {\n+  /*\u202E } \u2066if (user)\u2069 \u2066 admins only */\n   grant();\u200B' } } });
    const card = wv.page.locator('.approval').filter({ has: wv.page.locator('.approval-edit') }).last();
    const add = card.locator('.approval-diff .diff-add');
    assert.equal(await add.innerText(), '+  /*<U+202E> } <U+2066>if (user)<U+2069> <U+2066> admins only */\n');
    assert.deepEqual(await add.locator('.invisible-char').allInnerTexts(), ['<U+202E>', '<U+2066>', '<U+2069>', '<U+2066>']);
    assert.equal(await card.locator('.approval-diff .diff-ctx').last().innerText(), '   grant();<U+200B>\n');
    assert.ok(!(await card.locator('.approval-edit').textContent())!.match(/[\u202E\u2066\u2069\u200B]/), 'no raw character is drawn');
    // The path too, in the summary, the diff's label and the announcement.
    const summary = card.locator('.approval-edit-summary');
    assert.equal(await summary.innerText(), 'Edit src/evil<U+202E>gnp.ts (+1 −0)');
    assert.equal(await summary.locator('bdi .invisible-char').innerText(), '<U+202E>');
    assert.equal(await card.locator('.approval-diff').getAttribute('aria-label'), 'Proposed change to src/evil<U+202E>gnp.ts');
    // Marked, not just written: a box in the warning colour around each escape.
    const mark = await add.locator('.invisible-char').first().evaluate((e) => { const c = getComputedStyle(e); return { border: c.borderTopStyle, display: c.display }; });
    assert.deepEqual(mark, { border: 'solid', display: 'inline' });
    // One warning, read with the card and announced.
    const warning = card.locator('.approval-invisible-note');
    assert.equal(await warning.count(), 1);
    const sentence = 'This request contains invisible or direction-changing characters, which can make text read other than it is; they are shown here as marked escapes (<U+…>).';
    assert.equal(await warning.innerText(), sentence);
    assert.ok((await card.getAttribute('aria-describedby'))!.split(' ').includes((await warning.getAttribute('id'))!));
    assert.match(await wv.page.locator('.sr-only[role=status]').textContent() ?? '', /Approval needed: Gemini wants to run propose_edit\. .*invisible or direction-changing/);
    // axe: the card, its escapes and its warning.
    const violations = await runAxeIn(wv.page.mainFrame(), '.approvals');
    assert.deepEqual(blocking(violations), [], describeViolations(violations));
    await wv.send({ type: 'approvalDone', callId: 'bidi' });
  });

  it('a read tool\'s arguments and a link\'s target get the same escapes and warning, even unflagged by the host', async () => {
    await wv.send({ type: 'approval', request: { turnId: 't1', callId: 'r1', name: 'read_file', argsText: JSON.stringify({ path: 'notes\u202Edm.txt' }, null, 2), resolvedPath: '/home/u/.ssh/id\u200B_rsa' } });
    const card = wv.page.locator('.approval').last();
    assert.equal(await card.locator('.approval-args').innerText(), '{\n  "path": "notes<U+202E>dm.txt"\n}');
    assert.equal(await card.locator('.approval-target').innerText(), 'Resolves to: /home/u/.ssh/id<U+200B>_rsa');
    assert.equal(await card.locator('.approval-target .invisible-char').count(), 1);
    assert.equal(await card.locator('.approval-invisible-note').count(), 1);
    await wv.send({ type: 'approvalDone', callId: 'r1' });
  });

  it('the warning also comes when the characters are only in the part of a cut diff the card does not show (the host says so)', async () => {
    await wv.send({ type: 'approval', request: { turnId: 't1', callId: 'cut', name: 'propose_edit', argsText: '', invisible: true,
      edit: { path: 'src/long.ts', kind: 'edit', added: 1, removed: 1, diff: '@@ -1 +1 @@\n-a\n+b', partial: 'cut', hiddenLines: 900 } } });
    const card = wv.page.locator('.approval').last();
    assert.equal(await card.locator('.invisible-char').count(), 0);
    assert.equal(await card.locator('.approval-invisible-note').count(), 1);
    await wv.send({ type: 'approvalDone', callId: 'cut' });
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

  it('a changed file\'s name and a function call\'s arguments in the transcript show invisible characters as escapes too', async () => {
    await wv.send({ type: 'changedFiles', turnId: 't1', files: [{ path: 'invoice\u202Etxt.exe', added: 1, removed: 0, kind: 'create' }] });
    const box = wv.page.locator('.turn.model[data-turn-id="t1"] .changed-files');
    assert.match((await box.locator('li').first().textContent())!, /invoice<U\+202E>txt\.exe/);
    assert.equal(await box.getByRole('button', { name: 'Open the diff of invoice<U+202E>txt.exe' }).count(), 1);
    assert.ok(!(await box.textContent())!.includes('\u202E'), 'no raw override in the list');
    await wv.send({ type: 'event', turnId: 't1', event: { type: 'part', index: 1,
      part: { kind: 'functionCall', id: 'f1', name: 'read_file', argsText: '{"path":"a\u200Bb.ts"}', args: { path: 'a\u200Bb.ts' } } } } as HostToWebview);
    const call = wv.page.locator('.turn.model[data-turn-id="t1"] .card').filter({ hasText: 'read_file' }).last();
    await call.locator('summary').click();
    const args = await call.locator('pre').first().textContent();
    assert.match(args!, /a<U\+200B>b\.ts/);
    assert.ok(!args!.includes('\u200B'));
  });
});
