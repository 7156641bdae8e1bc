// The panel header's context meter and the cost estimate (issue 17), driven as a user does in code-server
// against the emulator: after each answer the meter shows the tokens of the conversation's context (the
// last request's input, cached history included) against the model's 1M window, and with
// geminiInteractions.cost.show on, each footer and the header show an estimate from the prices set.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { useWorkbench, waitUntil } from './support/workbench';
import { formatUsd, turnCost } from '../../src/core/models/cost';
import { translateUsage } from '../../src/core/gemini/stream/usage';

// Large made-up prices for the default model (the built-in table has none for it): the override is what
// prices it, and the estimates are well above the "< $0.0001" floor.
const PRICE = { input: 1000, cachedInput: 100, output: 10000 };

describe('context meter and cost estimate', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.cost.show': true, 'geminiInteractions.cost.prices': { 'gemini-3.8-flash': PRICE } } });

  const chat = (): FrameLocator => wb().chatFrame();
  const box = () => chat().getByRole('textbox', { name: 'Message Gemini' });
  const log = () => chat().getByRole('log');
  const meter = () => chat().getByRole('meter', { name: 'Context used' });
  const usd = (n: number) => formatUsd(n, 'en', (m) => `< ${m}`);

  /** The usage the emulator reports for the newest interaction (what the footer and meter must agree with). */
  async function lastUsage() {
    const { ids } = await (await fetch(`${wb().emulatorUrl}/__emulator/interactions`)).json() as { ids: string[] };
    const r = await fetch(`${wb().emulatorUrl}/v1beta/interactions/${ids.at(-1)}`, { headers: { 'x-goog-api-key': 'test-key' } });
    const raw = (await r.json() as { usage: Record<string, number> }).usage;
    return { raw, usage: translateUsage(raw)! };
  }

  const send = (text: string): Promise<Locator> => wb().sendAndWaitForAnswer(text);

  it('shows no meter before the first answer', async () => {
    await wb().openChatView();
    await box().waitFor({ timeout: 30_000 });
    assert.equal(await chat().locator('.context-meter-group').isVisible(), false);
  });

  it('after an answer: the meter shows its input against the 1M window, the footer and header an estimate', async () => {
    const turn = await send('Hello, how are you?');
    const { raw, usage } = await lastUsage();
    await waitUntil('the meter shows', () => meter().isVisible());
    assert.equal(await meter().getAttribute('aria-valuenow'), String(raw.total_input_tokens));
    assert.equal(await meter().getAttribute('aria-valuemin'), '0');
    assert.equal(await meter().getAttribute('aria-valuemax'), '1048576');
    assert.match(await meter().innerText(), /^\d+ \/ 1M tokens \(0%\)$/);
    assert.equal(await meter().getAttribute('aria-valuetext'), await meter().innerText());
    assert.match((await meter().getAttribute('title'))!, new RegExp(`^Context: ${raw.total_input_tokens} of the model’s 1,048,576 input tokens`));

    const cost = usd(turnCost(usage, PRICE)!);
    const footer = await turn.locator('.footer').innerText();
    // Thought tokens are shown and billed as output (worked out here from the emulator's raw counts).
    assert.ok(raw.total_thought_tokens > 0, 'the scripted answer starts with a thought');
    assert.match(footer, new RegExp(`${raw.total_input_tokens} in\\s*${raw.total_output_tokens} out\\s*${raw.total_thought_tokens} thought\\s*${raw.total_tokens} total tokens`));
    const byHand = (raw.total_input_tokens * PRICE.input + (raw.total_output_tokens + raw.total_thought_tokens) * PRICE.output) / 1e6;
    assert.equal(cost, usd(byHand));
    assert.ok(footer.includes(`est. ${cost}`), `${footer} has est. ${cost}`);
    assert.match((await turn.locator('.footer').getAttribute('aria-label'))!, new RegExp(`est\\. \\${cost}`));
    const header = chat().locator('.conversation-cost');
    assert.equal(await header.innerText(), `est. ${cost}`);
    assert.match((await header.getAttribute('title'))!, /^Estimated cost of this conversation at the prices of \d{4}-\d{2}-\d{2} \(https:\/\/ai\.google\.dev\//);
  });

  it('a second answer: cached history in the footer, the meter follows, the header adds both estimates', async () => {
    const firstCost = turnCost((await lastUsage()).usage, PRICE)!;
    const turn = await send('Tell me more.');
    const { raw, usage } = await lastUsage();
    assert.ok(raw.total_cached_tokens > 0, 'the emulator reports the history as cached');
    assert.match(await turn.locator('.footer').innerText(), new RegExp(`${raw.total_input_tokens} in\\s*${raw.total_cached_tokens} cached\\s*\\d+ out`));
    await waitUntil('the meter shows the second answer', async () => (await meter().getAttribute('aria-valuenow')) === String(raw.total_input_tokens));
    const second = turnCost(usage, PRICE)!;
    assert.ok(second < turnCost({ ...usage, cached: 0 }, PRICE)!, 'cached tokens are billed at the cached rate');
    const c = raw.total_cached_tokens;
    assert.equal(usd(second), usd(((raw.total_input_tokens - c) * PRICE.input + c * PRICE.cachedInput + (raw.total_output_tokens + (raw.total_thought_tokens ?? 0)) * PRICE.output) / 1e6));
    assert.ok((await turn.locator('.footer').innerText()).includes(`est. ${usd(second)}`));
    assert.equal(await chat().locator('.conversation-cost').innerText(), `est. ${usd(firstCost + second)}`);
  });

  it('a model without a known price: no estimate in its footer (not $0), the header total is unchanged and says so', async () => {
    const totalBefore = await chat().locator('.conversation-cost').innerText();
    // gemini-3.6-flash (a default model) has no published price in modelFacts.ts and none in the override.
    const picker = chat().getByRole('combobox', { name: 'Model' });
    await picker.selectOption('gemini-3.6-flash');
    await waitUntil('the model is set', async () => (await picker.getAttribute('aria-busy')) === null && (await picker.inputValue()) === 'gemini-3.6-flash');
    const turn = await send('And now?');
    const { raw } = await lastUsage();
    const footer = await turn.locator('.footer').innerText();
    assert.ok(footer.includes('gemini-3.6-flash') && !footer.includes('est.') && footer.includes('no price'), footer);
    assert.match((await turn.locator('.footer .footer-item', { hasText: 'no price' }).getAttribute('title'))!, /^No published price for gemini-3\.6-flash was found/);
    await waitUntil('the meter shows the new answer', async () => (await meter().getAttribute('aria-valuenow')) === String(raw.total_input_tokens));
    const header = chat().locator('.conversation-cost');
    assert.equal(await header.innerText(), totalBefore);
    assert.match((await header.getAttribute('title'))!, /1 answer without a known price is not counted\.$/);
  });
  it('a new chat hides the meter and the total; its own answer starts them afresh; switching back restores the first', async () => {
    const group = chat().locator('.context-meter-group');
    const before = { now: await meter().getAttribute('aria-valuenow'), cost: await chat().locator('.conversation-cost').innerText() };
    await wb().runCommand('Gemini: New Chat');
    await waitUntil('the transcript is empty', async () => (await log().locator('.turn').count()) === 0);
    await waitUntil('the meter is hidden', async () => !(await group.isVisible()));
    assert.equal(await meter().count(), 0, 'no meter role is exposed for an empty conversation');

    // Back on the priced model: the new conversation's total is its one answer, not the previous conversation's sum.
    const picker = chat().getByRole('combobox', { name: 'Model' });
    await picker.selectOption('gemini-3.8-flash');
    await waitUntil('the model is set', async () => (await picker.getAttribute('aria-busy')) === null && (await picker.inputValue()) === 'gemini-3.8-flash');
    await send('A fresh start');
    const { raw, usage } = await lastUsage();
    await waitUntil('the meter shows the new answer', async () => (await meter().getAttribute('aria-valuenow')) === String(raw.total_input_tokens));
    assert.notEqual(String(raw.total_input_tokens), before.now, 'a fresh conversation has less context than the three-answer one');
    assert.equal(await chat().locator('.conversation-cost').innerText(), `est. ${usd(turnCost(usage, PRICE)!)}`);

    await chat().getByRole('button', { name: 'Conversations' }).click();
    const list = chat().getByRole('region', { name: 'Conversations' });
    await list.waitFor();
    await list.getByRole('button', { name: /^Hello, how are you\?/ }).click();
    await waitUntil('the first conversation is shown', async () => (await log().innerText()).includes('Tell me more.'));
    await waitUntil('the meter shows the first conversation again', async () => (await meter().getAttribute('aria-valuenow')) === before.now);
    assert.equal(await chat().locator('.conversation-cost').innerText(), before.cost);
  });
  it('turning cost.show off drops every estimate at once; back on with other prices, they are redrawn', async () => {
    const settings = path.join(wb().workspace, '.vscode', 'settings.json');
    const footers = () => log().locator('.turn.model .footer').allInnerTexts();
    // Each footer's estimate item (the one with the credit-card icon), undefined where there is none.
    const estimates = () => log().locator('.turn.model .footer').evaluateAll((els) => els.map((f) => /^est\. (\S+)$/.exec(f.querySelector('.codicon-credit-card')?.parentElement?.textContent?.trim() ?? '')?.[1]));
    const before = await estimates();
    assert.deepEqual(before.map(Boolean), [true, true, false], 'two priced answers and one on a model without a price');
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    fs.writeFileSync(settings, JSON.stringify({ 'geminiInteractions.cost.show': false }));
    await waitUntil('the estimates are gone', async () => (await footers()).every((f) => !f.includes('est.')));
    assert.equal(await chat().locator('.conversation-cost').isVisible(), false);
    assert.ok(await meter().isVisible(), 'the context meter does not depend on cost.show');

    const dearer = { input: PRICE.input * 2, cachedInput: PRICE.cachedInput * 2, output: PRICE.output * 2 };
    fs.writeFileSync(settings, JSON.stringify({ 'geminiInteractions.cost.show': true, 'geminiInteractions.cost.prices': { 'gemini-3.8-flash': dearer } }));
    await waitUntil('the estimates are back', async () => (await estimates()).filter(Boolean).length === 2);
    const after = await estimates();
    const amount = (x: string | undefined) => Number(x!.replace(/[$,]/g, ''));
    for (const k of [0, 1]) assert.ok(Math.abs(amount(after[k]) - 2 * amount(before[k])) <= 0.0002 * amount(before[k]) + 0.0001, `${after[k]} is twice ${before[k]}`);
    assert.ok(await chat().locator('.conversation-cost').isVisible());
    fs.rmSync(settings, { force: true });
  });
});

// A model id without a known window (a tuned or newer model; the emulator serves ids outside its table):
// the header shows the token count alone, with no meter role, and with cost.show on "no price" (never a $0).
describe('context meter for a model with an unknown window and price', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.model': 'my-tuned-model', 'geminiInteractions.models': ['my-tuned-model', 'gemini-3-pro-image'], 'geminiInteractions.cost.show': true } });
  const chat = (): FrameLocator => wb().chatFrame();

  it('shows the tokens in context without a maximum, a percentage or an estimate', async () => {
    await wb().openChatView();
    const box = chat().getByRole('textbox', { name: 'Message Gemini' });
    await box.waitFor({ timeout: 30_000 });
    await box.fill('Hello there');
    await box.press('Enter');
    const turn = chat().getByRole('log').locator('.turn.model').last();
    await turn.locator('.footer').waitFor({ timeout: 60_000 });
    const { ids } = await (await fetch(`${wb().emulatorUrl}/__emulator/interactions`)).json() as { ids: string[] };
    const r = await fetch(`${wb().emulatorUrl}/v1beta/interactions/${ids.at(-1)}`, { headers: { 'x-goog-api-key': 'test-key' } });
    const input = (await r.json() as { model: string; usage: Record<string, number> });
    assert.equal(input.model, 'my-tuned-model');
    const n = input.usage.total_input_tokens;

    const shown = chat().locator('.context-meter');
    await waitUntil('the context count shows', () => shown.isVisible());
    assert.equal(await shown.innerText(), `${n} tokens in context`);
    assert.equal(await shown.getAttribute('role'), null, 'no meter without a maximum');
    assert.equal(await shown.getAttribute('aria-valuenow'), null);
    assert.equal(await shown.getAttribute('title'), `Context: ${n} input tokens as of the last answer (the model’s context window is unknown)`);
    assert.equal(await chat().locator('.context-meter-bar').isVisible(), false);
    // No estimate (never $0), but said: cost is on and the model has no published price.
    const cost = chat().locator('.conversation-cost');
    assert.equal(await cost.innerText(), 'no price');
    assert.match((await cost.getAttribute('title'))!, /^No published price for my-tuned-model was found \(prices checked on \d{4}-\d{2}-\d{2}\), so no cost is estimated\. Add its price in geminiInteractions\.cost\.prices/);
    const footerText = await turn.locator('.footer').innerText();
    assert.ok(!footerText.includes('est.'));
    assert.ok(footerText.includes('no price'), footerText);
  });

  it('picking a model with a known window turns the count into a meter against it, before any new answer', async () => {
    const n = (await chat().locator('.context-meter').innerText()).split(' ')[0];
    const picker = chat().getByRole('combobox', { name: 'Model' });
    await picker.selectOption('gemini-3-pro-image');
    const meter = chat().getByRole('meter', { name: 'Context used' });
    await waitUntil('the meter measures against the image model', async () => (await meter.getAttribute('aria-valuemax')) === '65536');
    assert.equal(await meter.getAttribute('aria-valuenow'), n, 'the same context, now against a window');
    assert.match((await meter.getAttribute('title'))!, new RegExp(`^Context: ${n} of the model’s 65,536 input tokens \\(\\d+%\\)`));
    assert.equal(await chat().getByRole('log').locator('.turn.model').count(), 1);
  });
});
