// Tool approvals never steal focus (issue 16, finding 5): a card that arrives while the user types in the
// message box is announced through the live region, the keystrokes keep going to the message box, and
// activations in the first 500 ms of a card are ignored. The bundled webview in Chromium, shipped CSP.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS } from './support/streamMessages';

function busyState(): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns: [], busy: true, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } };
}

function approval(callId: string, name = 'read_file'): HostToWebview {
  return { type: 'approval', request: { turnId: 't1', callId, name, argsText: '{\n  "path": "notes.txt"\n}' } };
}

describe('tool approval focus (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
  });
  after(async () => { await wv?.close(); });

  const approvals = async () => (await wv.trap()).posted.filter((m) => m.type === 'approve');
  const armed = () => wv.page.waitForFunction(() => !document.querySelector('.approval [aria-disabled]'));
  const activeIs = (selector: string) => wv.page.evaluate((s) => document.activeElement === document.querySelector(s), selector);

  it('an approval arriving mid-typing takes no focus; Space and Enter keep going to the message box; the live region announces it', async () => {
    await wv.send(busyState());
    const box = wv.page.getByRole('textbox', { name: 'Message Gemini' });
    await box.click();
    await wv.page.keyboard.type('hello');
    await wv.send(approval('c1'));
    // The user goes on typing: Space, more letters, Enter (a new line or a send, never an approval).
    await wv.page.keyboard.press('Space');
    await wv.page.keyboard.type('world');
    await wv.page.keyboard.press('Enter');
    await wv.page.keyboard.press('Space');
    // And once the card's first 500 ms are over, when its buttons would take an activation.
    await armed();
    await wv.page.keyboard.press('Enter');
    await wv.page.keyboard.press('Space');
    await wv.page.keyboard.type('again');
    assert.deepEqual(await approvals(), [], 'no keystroke answered the approval');
    assert.equal(await activeIs('textarea'), true, 'focus stayed in the message box');
    assert.match(await box.inputValue(), /^hello world/);
    const card = wv.page.getByRole('group', { name: 'Gemini wants to run read_file' });
    assert.equal(await card.isVisible(), true);
    assert.match(await wv.page.getByRole('status').textContent() ?? '', /Approval needed: Gemini wants to run read_file\. Press Alt\+A/);
    // The card says how to reach it.
    assert.match(await card.evaluate((c) => (c as HTMLElement).title), /Alt\+A/);
    const described = await card.evaluate((c) => (c.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    assert.match(described, /"path": "notes\.txt"/);
    assert.match(described, /Alt\+A moves here/);

    // The deliberate shortcut moves to the card (not onto a button: Enter there does nothing).
    await wv.page.keyboard.press('Alt+KeyA');
    assert.equal(await card.evaluate((c) => c === document.activeElement), true, 'Alt+A focused the card');
    await wv.page.keyboard.press('Enter');
    assert.deepEqual(await approvals(), []);
    await wv.page.keyboard.press('Tab');
    assert.equal(await card.getByRole('button', { name: 'Allow once' }).evaluate((b) => b === document.activeElement), true, 'Tab reaches Allow once');
    await wv.page.keyboard.press('Enter');
    assert.deepEqual(await approvals(), [{ type: 'approve', callId: 'c1', decision: 'once' }]);
    assert.equal(await activeIs('textarea'), true, 'focus returned to the message box');
  });

  it('a click within 500 ms of the card appearing is ignored; a click after that works', async () => {
    await wv.send(busyState());
    const before = (await approvals()).length;
    const t0 = Date.now();
    await wv.send(approval('c2', 'list_directory'));
    const allow = wv.page.getByRole('group', { name: 'Gemini wants to run list_directory' }).getByRole('button', { name: 'Allow once' });
    // force: Playwright itself would wait for the button to stop being aria-disabled.
    await allow.click({ force: true });
    const early = Date.now() - t0;
    assert.ok(early < 500, `the early click came ${early} ms after the card`);
    assert.equal((await approvals()).length, before, 'the early click was ignored');
    assert.equal(await allow.isVisible(), true, 'the card is still there');
    // Activated from script at once, too (a keypress or synthetic click within the window).
    await wv.page.evaluate(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'approval', request: { turnId: 't1', callId: 'c3', name: 'find_files', argsText: '{}' } } }));
      (document.querySelector('.approval:last-child .deny') as HTMLButtonElement).click();
    });
    assert.equal((await approvals()).length, before, 'the immediate activation was ignored');
    await new Promise((r) => setTimeout(r, 550));
    await allow.click();
    assert.deepEqual((await approvals()).slice(before), [{ type: 'approve', callId: 'c2', decision: 'once' }]);
  });

  it('an edit whose diff the card cannot show whole: it says so, and Allow once stays disabled until Open diff', async () => {
    await wv.send(busyState());
    await wv.send({ type: 'approval', request: { turnId: 't1', callId: 'big1', name: 'propose_edit', argsText: '',
      edit: { path: 'huge.ts', kind: 'edit', added: 16000, removed: 16000, diff: '', partial: 'none' } } });
    const card = wv.page.getByRole('group', { name: 'Gemini wants to run propose_edit' });
    await card.waitFor();
    assert.match(await card.textContent() ?? '', /Edit huge\.ts \(\+16000 −16000\).*too large to show here/s);
    assert.equal(await card.locator('pre.approval-diff').count(), 0, 'no empty diff box');
    await wv.page.waitForTimeout(700);
    const allow = card.getByRole('button', { name: 'Allow once' });
    assert.equal(await allow.getAttribute('aria-disabled'), 'true', 'Allow once waits for the diff');
    await allow.click({ force: true }); // a click on it anyway, past the disabled state
    const mine = async () => (await wv.trap()).posted.filter((m) => (m.type === 'approve' || m.type === 'openApprovalDiff') && m.callId === 'big1');
    assert.deepEqual(await mine(), [], 'a click on Allow once before the diff is ignored');
    await card.getByRole('button', { name: 'Open diff' }).click();
    assert.equal(await allow.getAttribute('aria-disabled'), null);
    await allow.click();
    assert.deepEqual(await mine(), [{ type: 'openApprovalDiff', callId: 'big1' }, { type: 'approve', callId: 'big1', decision: 'once' }]);
  });
});
