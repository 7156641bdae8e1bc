// The composer's modes as a user meets them in the browser: the mode control with the keyboard only (Tab to it,
// arrows to choose), a Plan answer's checklist card edited inline and carried out (the next request holds the
// edited plan, in Agent mode, in the same chain), the mode shown on each turn, and axe on the new controls.
import * as assert from 'node:assert/strict';
import { useWorkbench, waitUntil } from './support/workbench';
import { describeViolations, frameOf, runAxeIn } from './support/axe';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import type { HostToWebview, ViewState } from '../../src/core/panel/protocol';

describe('modes: Ask, Plan and Agent in the panel', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.tools.workspace': true } });
  const control = (what: string, body?: unknown): Promise<any> => wb().emulatorControl(what, body);
  const creates = async (): Promise<any[]> => (await control('requests')).requests.filter((r: any) => r.op === 'create');
  const functionNames = (body: any): string[] => (body.tools ?? []).filter((t: any) => t.type === 'function').map((t: any) => t.name);

  it('chooses Plan with the keyboard, edits the plan card and carries it out in Agent mode', async () => {
    const chat = await wb().openChatView();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.waitFor({ timeout: 30_000 });
    const modes = chat.getByRole('radiogroup', { name: 'Mode' });
    const radio = (name: string) => modes.getByRole('radio', { name, exact: true });
    // The default (geminiInteractions.chat.defaultMode): Agent, today's behaviour.
    await waitUntil('Agent is checked', async () => (await radio('Agent').getAttribute('aria-checked')) === 'true');

    // Keyboard only: from the message box, Tab past Attach to the checked mode, then the arrow keys.
    await box.focus();
    await wb().page.keyboard.press('Tab');
    await wb().page.keyboard.press('Tab');
    await waitUntil('the checked mode has focus', async () => radio('Agent').evaluate((r) => r === document.activeElement));
    await wb().page.keyboard.press('ArrowLeft');
    await waitUntil('Plan is checked and focused', async () => (await radio('Plan').getAttribute('aria-checked')) === 'true' && await radio('Plan').evaluate((r) => r === document.activeElement));
    assert.equal(await radio('Agent').getAttribute('aria-checked'), 'false');
    // One tab stop for the group: the unchecked modes are out of the Tab order.
    assert.equal(await radio('Ask').getAttribute('tabindex'), '-1');
    assert.match(await radio('Plan').getAttribute('aria-describedby') ?? '', /mode-description-plan/);
    await wb().page.keyboard.press('Shift+Tab');
    await wb().page.keyboard.press('Shift+Tab');
    await waitUntil('back in the message box', async () => box.evaluate((b) => b === document.activeElement));

    await control('scenario', { name: 'plan', steps: ['Read src/cli.ts', 'Add the option', 'Delete the old flag'] });
    await wb().page.keyboard.type('Plan a --verbose option');
    await wb().page.keyboard.press('Enter');
    const card = chat.getByRole('region', { name: 'Plan checklist' });
    await card.waitFor({ timeout: 30_000 });
    const [planRequest] = await creates();
    assert.deepEqual(functionNames(planRequest.body), ['read_file', 'list_directory', 'find_files', 'search_text', 'get_diagnostics', 'list_open_editors']);
    assert.match(planRequest.body.system_instruction, /Plan mode/);
    const planTurn = chat.getByRole('log').locator('.turn.model').last();
    // The label shows the mode; a screen reader hears that the answer was in that mode.
    assert.match(await planTurn.locator('.who .mode-label').innerText(), /^Plan\s+\(Answered in Plan mode\)$/);

    // Edit inline: change step 2, remove step 3, add a step (Add step focuses the new field).
    const step = (n: number) => card.getByRole('textbox', { name: `Step ${n}`, exact: true });
    assert.equal(await step(1).inputValue(), 'Read src/cli.ts');
    await step(2).fill('Add the --verbose flag to src/cli.ts');
    await card.getByRole('button', { name: 'Remove step 3' }).click();
    await waitUntil('step 3 is gone', async () => (await card.getByRole('textbox').count()) === 2);
    await card.getByRole('button', { name: 'Add step' }).click();
    await waitUntil('the new step has focus', async () => step(3).evaluate((i) => i === document.activeElement));
    await wb().page.keyboard.type('Update the README');
    await card.getByRole('checkbox', { name: 'Step 1 done' }).check();
    await wb().screenshot('modes-1-plan-card');

    // axe on the new controls: the mode control and the plan card.
    const frame = await frameOf(chat);
    for (const selector of ['.mode-picker', '.plan-card', '.turn.model .who']) {
      const violations = await runAxeIn(frame, selector);
      assert.deepEqual(violations, [], `${selector}:\n${describeViolations(violations)}`);
    }

    await control('scenario', { name: 'text', text: 'Carried out (local emulator).' });
    await card.getByRole('button', { name: 'Carry out this plan' }).click();
    await waitUntil('the carry-out request', async () => (await creates()).length === 2);
    const [, carry] = await creates();
    const sent = JSON.stringify(carry.body.input);
    assert.match(sent, /Carry out this plan, as I edited it/);
    assert.match(sent, /- \[x\] Read src\/cli.ts\\n- \[ \] Add the --verbose flag to src\/cli.ts\\n- \[ \] Update the README/);
    assert.doesNotMatch(sent, /Delete the old flag/);
    // Same chain, Agent's tools, no Plan instruction.
    assert.equal(carry.body.previous_interaction_id, (await control('interactions')).ids[0], 'the carry-out continues the plan\'s chain');
    assert.ok(functionNames(carry.body).includes('propose_edit'));
    assert.doesNotMatch(carry.body.system_instruction ?? '', /Plan mode/);
    await waitUntil('Agent is checked', async () => (await radio('Agent').getAttribute('aria-checked')) === 'true');
    const agentTurn = chat.getByRole('log').locator('.turn.model').last();
    await agentTurn.getByText('Carried out (local emulator).').waitFor({ timeout: 30_000 });
    assert.match(await agentTurn.locator('.who .mode-label').innerText(), /^Agent\s+\(Answered in Agent mode\)$/);
    await wb().screenshot('modes-2-carried-out');
  });
});

describe('modes: the mode control (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () { this.timeout(60_000); wv = await openWebviewPage(); });
  after(async () => { await wv?.close(); });
  const state = (extra: Partial<ViewState>): HostToWebview => ({ type: 'state', state: { conversationId: 'c', turns: [], busy: false, hasApiKey: true, model: 'm', conversations: [], models: ['m'], tools: { codeExecution: false, urlContext: false, googleSearch: false }, ...extra } });
  const radio = (name: string) => wv.page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name, exact: true });
  const posted = async () => (await wv.trap()).posted.filter((m) => m.type === 'setMode').map((m) => (m as { mode: string }).mode);

  it('shows the host\'s mode; arrows, Home and End choose and tell the host; Space keeps the choice', async () => {
    await wv.send(state({ mode: 'plan' }));
    assert.equal(await radio('Plan').getAttribute('aria-checked'), 'true');
    await radio('Plan').focus();
    await wv.page.keyboard.press('ArrowRight');
    await wv.page.keyboard.press('Home');
    await wv.page.keyboard.press('End');
    await wv.page.keyboard.press(' ');
    assert.deepEqual(await posted(), ['agent', 'ask', 'agent']);
    assert.equal(await radio('Agent').getAttribute('aria-checked'), 'true');
    assert.equal(await radio('Agent').evaluate((r) => r === document.activeElement), true);
    // ArrowLeft from the first wraps to the last (and ArrowUp goes back), as radio groups do.
    await radio('Ask').click();
    await wv.page.keyboard.press('ArrowLeft');
    await wv.page.keyboard.press('ArrowUp');
    assert.deepEqual((await posted()).slice(-3), ['ask', 'agent', 'plan']);
  });

  it('says when the settings keep a mode from its tools (workspace tools off, or edit tools off)', async () => {
    const description = async (name: string) => (await radio(name).evaluate((r) => document.getElementById(r.getAttribute('aria-describedby')!)?.textContent)) ?? '';
    await wv.send(state({ mode: 'agent', modeTools: { read: false, edit: false } }));
    assert.match(await description('Plan'), /Workspace tools are off/);
    assert.match(await description('Agent'), /Workspace tools are off/);
    assert.doesNotMatch(await description('Ask'), /are off/);
    await wv.send(state({ mode: 'agent', modeTools: { read: true, edit: false } }));
    assert.doesNotMatch(await description('Plan'), /are off/);
    assert.match(await description('Agent'), /Edit tools are off .*Agent mode cannot change files/);
    assert.match(await radio('Agent').getAttribute('title') ?? '', /Edit tools are off/);
    await wv.send(state({ mode: 'agent', modeTools: { read: true, edit: true } }));
    assert.doesNotMatch(await description('Agent'), /are off/);
  });
});

describe('modes: the plan card (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () { this.timeout(60_000); wv = await openWebviewPage(); });
  after(async () => { await wv?.close(); });
  const answer = 'I looked.\n\n- [ ] One\n- [ ] Two\n';
  const turns = (mode: 'plan' | 'agent', id = 'p1'): ViewState['turns'] => [
    { role: 'user', id: `${id}-u`, text: 'Plan it', at: 1 },
    { role: 'model', id, model: 'm', parts: [{ kind: 'text', text: answer }], state: 'done', status: 'completed', interactionIds: ['i1'], startedAt: 1, finishedAt: 2, mode },
  ];
  const state = (conversationId: string, t: ViewState['turns']): HostToWebview => ({ type: 'state', state: { conversationId, turns: t, busy: false, hasApiKey: true, model: 'm', conversations: [], models: ['m'], tools: { codeExecution: false, urlContext: false, googleSearch: false }, mode: 'plan' } });
  const card = () => wv.page.getByRole('region', { name: 'Plan checklist' });
  const step = (n: number) => card().getByRole('textbox', { name: `Step ${n}`, exact: true });

  it('only a Plan answer gets the card', async () => {
    await wv.send(state('a', turns('agent', 'x1')));
    await wv.page.getByText('I looked.').waitFor();
    assert.equal(await card().count(), 0);
  });

  it('Enter in a step adds the next; edits survive a redraw and are saved in the view state; Carry out sends them', async () => {
    await wv.send(state('c', turns('plan')));
    await step(2).waitFor();
    assert.equal(await step(1).inputValue(), 'One');
    await step(2).focus();
    await wv.page.keyboard.press('End');
    await wv.page.keyboard.press('Enter');
    assert.equal(await step(3).evaluate((i) => i === document.activeElement), true, 'Enter moved to the new step');
    await wv.page.keyboard.type('Three');
    const saved = await wv.page.evaluate(() => (window as any).acquireVsCodeApi().getState()?.planDrafts?.p1);
    assert.deepEqual(saved, [{ text: 'One', done: false }, { text: 'Two', done: false }, { text: 'Three', done: false }]);
    // Another conversation, then this one again: the card is drawn anew with the edits.
    await wv.send(state('other', []));
    await wv.send(state('c', turns('plan')));
    await step(3).waitFor();
    assert.equal(await step(3).inputValue(), 'Three');
    await card().getByRole('button', { name: 'Carry out this plan' }).click();
    const sent = (await wv.trap()).posted.filter((m) => m.type === 'carryOutPlan');
    assert.deepEqual(sent, [{ type: 'carryOutPlan', turnId: 'p1', items: [{ text: 'One', done: false }, { text: 'Two', done: false }, { text: 'Three', done: false }] }]);
    // With every step removed there is nothing to carry out.
    for (let n = 3; n >= 1; n--) await card().getByRole('button', { name: `Remove step ${n}` }).click();
    assert.equal(await card().getByRole('button', { name: 'Carry out this plan' }).isDisabled(), true);
  });
});
