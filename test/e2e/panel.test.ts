// The chat panel as a user drives it in code-server against the emulator: stop, retry, cards for every
// tool, images saved to the workspace, the model picker and tool toggles (checked in the request
// bodies), conversation history (switch, rename, size on disk, delete and delete all on the server, a
// damaged journal told once), UI state when the view is hidden, reload-and-continue, keyboard-only
// operation, the live region, and theme screenshots.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { useWorkbench, waitUntil, type Theme } from './support/workbench';
import { parseJournal } from '../../src/core/storage/journalFormat';
import { replay } from '../../src/core/storage/journalState';
import type { ConversationData } from '../../src/core/conversation/types';

interface LoggedRequest { method: string; path: string; op: string; status: number; body: Record<string, any> }

describe('chat panel', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'files.simpleDialog.enable': true } });

  // ---- emulator control (over HTTP: the emulator runs beside code-server) ----
  const control = async (what: string, method = 'GET', body?: unknown) => {
    const r = await fetch(`${wb().emulatorUrl}/__emulator/${what}`, {
      method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return r.json() as Promise<any>;
  };
  const requests = async (): Promise<LoggedRequest[]> => (await control('requests')).requests;
  const creates = async () => (await requests()).filter((r) => r.op === 'create');
  const lastCreate = async () => (await creates()).at(-1)!.body;
  const interactionIds = async (): Promise<string[]> => (await control('interactions')).ids;

  const chat = (): FrameLocator => wb().chatFrame();
  const box = () => chat().getByRole('textbox', { name: 'Message Gemini' });
  const log = () => chat().getByRole('log');
  const lastModel = () => log().locator('.turn.model').last();

  /** Sends a message the way a user does and waits until its answer finished (footer shown). */
  async function send(text: string, opts: { wait?: boolean } = {}): Promise<Locator> {
    const before = await log().locator('.turn.model').count();
    await box().click();
    await box().fill(text);
    await box().press('Enter');
    await waitUntil('the answer started', async () => (await log().locator('.turn.model').count()) > before, 30_000);
    const turn = lastModel();
    if (opts.wait !== false) await turn.locator('.footer').waitFor({ timeout: 60_000 });
    return turn;
  }

  it('shows the header: conversations button, model picker, tool toggles', async () => {
    await wb().openChatView();
    await box().waitFor({ timeout: 30_000 });
    const picker = chat().getByRole('combobox', { name: 'Model' });
    // The picker is filled by the host's first state, which may come after the message box is drawn.
    await waitUntil('the model picker is filled', async () => (await picker.inputValue()) === 'gemini-3.8-flash', 30_000);
    // Values are the ids; the labels carry display names and capability marks (test/e2e/modelPicker.test.ts).
    const options = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(options.includes('gemini-3.1-pro-preview'), options.join(','));
    for (const name of ['Code execution', 'URL context', 'Google Search']) {
      assert.equal(await chat().getByRole('button', { name, exact: true }).getAttribute('aria-pressed'), 'false');
    }
    await chat().getByRole('button', { name: 'Conversations' }).waitFor();
  });

  it('stops mid-answer: the partial answer stays, marked stopped, and the live region says so', async () => {
    await control('fault', 'POST', { name: 'slow_stream', delayMs: 60 });
    const turn = await send('My name is Ada.\n#scenario:text words=2000 deltaSize=8', { wait: false });
    await waitUntil('some text streamed', async () => (await turn.locator('.part.text').innerText().catch(() => '')).length > 20);
    await chat().getByRole('button', { name: 'Stop' }).click();
    await turn.locator('.footer').waitFor({ timeout: 10_000 });
    assert.match(await turn.locator('.footer').innerText(), /stopped/);
    const text = await turn.locator('.part.text').innerText();
    assert.ok(text.length > 0 && text.split(/\s+/).length < 2000, `partial: ${text.length} chars`);
    assert.equal(await chat().getByRole('status').textContent(), 'Answer stopped.');
    await control('fault', 'DELETE');
  });

  it('finishes an answer: footer with model, tokens and duration; the live region announces it', async () => {
    const turn = await send('My name is Ada.');
    const footer = await turn.locator('.footer').innerText();
    assert.match(footer, /gemini-3\.8-flash/);
    assert.match(footer, /\d+ in\s*\d+ out\s*(\d+ thought\s*)?[\d,]+ total tokens/);
    assert.match((await turn.locator('.footer').getAttribute('aria-label'))!, /^gemini-3\.8-flash, Tokens: \d+ in, \d+ out, .*total, \d+\.\d s$/);
    assert.match(footer, /\d+\.\d s/);
    assert.equal(await chat().getByRole('status').textContent(), 'Gemini finished answering.');
  });

  it('shows a failed answer as an error card and retries it in place', async () => {
    await control('fault', 'POST', { name: 'server_error', status: 500, times: 50 });
    const turn = await send('What is my name?');
    const error = turn.locator('.turn-error');
    await error.waitFor();
    assert.match(await error.innerText(), /server error/i);
    await control('fault', 'DELETE');
    const users = await log().locator('.turn.user').count();
    await error.getByRole('button', { name: 'Retry' }).click();
    await waitUntil('the retried answer finished', async () =>
      (await lastModel().locator('.footer').count()) > 0 && (await lastModel().locator('.turn-error').count()) === 0);
    assert.match(await lastModel().locator('.part.text').innerText(), /Ada/);
    assert.equal(await log().locator('.turn.user').count(), users, 'the user message was not repeated');
    assert.equal(await log().locator('.turn-error').count(), 0, 'the failed attempt was replaced');
    assert.deepEqual((await lastCreate()).input, [{ type: 'text', text: 'What is my name?' }]);
  });

  it('a cut stream that carried no event ids resumes with the text exactly once on screen', async () => {
    const story = 'Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango.';
    await control('fault', 'POST', [{ name: 'no_event_ids' }, { name: 'cut_stream', afterEvents: 12 }]);
    const turn = await send(`Spell it out.\n#scenario:text deltaSize=4 text="${story}"`);
    assert.equal((await turn.locator('.part.text').textContent())?.trim(), story);
    assert.ok((await requests()).some((r) => r.op === 'get' && r.method === 'GET'), 'the turn was rebuilt from a GET of the interaction');
    await control('fault', 'DELETE');
  });

  it('renders a card for every tool part', async () => {
    let turn = await send('#scenario:code_execution');
    const code = turn.locator('details.card.codeCall');
    assert.match(await code.locator('summary').innerText(), /Code · python/);
    await code.locator('summary').click();
    assert.match(await code.locator('pre').innerText(), /print\(sum\(range\(101\)\)\)/);
    assert.match(await turn.locator('details.card.codeResult pre').innerText(), /5050/);

    turn = await send('#scenario:url_context urls=https://example.com/a,https://example.com/paywall');
    const urls = turn.locator('details.card.urlContextResult');
    assert.match(await urls.locator('summary').innerText(), /1 page retrieved, 1 failed/);
    await urls.locator('summary').click();
    const rows = await urls.locator('li').allInnerTexts();
    assert.ok(rows.some((r) => r.includes('https://example.com/a') && /success/.test(r)), rows.join('|'));
    assert.ok(rows.some((r) => r.includes('https://example.com/paywall') && /paywall/.test(r)), rows.join('|'));

    turn = await send('#scenario:google_search queries=vscode,extension');
    assert.match(await turn.locator('details.card.searchCall summary').innerText(), /Searched Google: vscode · extension/);
    const search = turn.locator('details.card.searchResult');
    const suggestions = search.locator('.search-suggestions');
    assert.ok((await suggestions.innerText()).trim().length > 0, 'suggestions readable');
    assert.equal(await suggestions.locator('style, script, [href], [onclick]').count(), 0, 'inert: no style, no live links');
    assert.ok((await suggestions.locator('[data-href]').count()) > 0);
    assert.match(await search.locator('.sources').innerText(), /https:\/\//);

    turn = await send('#scenario:mcp');
    await turn.locator('details.card.toolCall').waitFor();
    assert.match(await turn.locator('details.card.toolCall summary').innerText(), /MCP tool/);

    turn = await send('#scenario:thinking');
    await turn.locator('.part.thought').first().waitFor();

    turn = await send('#scenario:image width=32 height=32');
    const img = turn.locator('img.media-image');
    await img.waitFor();
    assert.match((await img.getAttribute('src'))!, /^data:image\/png;base64,/);
    assert.ok(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth === 32), 'the image decoded');
    await turn.getByRole('button', { name: 'Copy image' }).waitFor();
    await wb().screenshot('panel-cards');
  });

  it('saves a generated image to the workspace', async () => {
    await lastModel().getByRole('button', { name: 'Save to workspace' }).click();
    // The save dialog (VS Code's simple dialog in the browser) proposes a file in the workspace: accept it.
    const input = wb().page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await waitUntil('the dialog proposes a PNG in the workspace', async () => /gemini-image-.*\.png$/.test(await input.inputValue()), 10_000);
    assert.ok((await input.inputValue()).startsWith(wb().workspace), await input.inputValue());
    await input.press('Enter');
    await waitUntil('the image file exists', async () => fs.readdirSync(wb().workspace).some((f) => /^gemini-image-.*\.png$/.test(f)), 15_000);
    const file = fs.readdirSync(wb().workspace).find((f) => /^gemini-image-.*\.png$/.test(f))!;
    const bytes = fs.readFileSync(path.join(wb().workspace, file));
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The answer to the save request shows in the card, where the user clicked.
    await lastModel().getByRole('status').filter({ hasText: `Saved to ${file}` }).waitFor({ timeout: 10_000 });
  });

  it('the model picker and tool toggles change the next request', async () => {
    const picker = chat().getByRole('combobox', { name: 'Model' });
    await picker.selectOption('gemini-3.1-pro-preview');
    await waitUntil('the host confirmed the model', async () => (await picker.getAttribute('aria-busy')) !== 'true');
    const search = chat().getByRole('button', { name: 'Google Search', exact: true });
    await search.click();
    await waitUntil('the host confirmed the toggle', async () => (await search.getAttribute('aria-pressed')) === 'true');
    await send('Which model?');
    const body = await lastCreate();
    assert.equal(body.model, 'gemini-3.1-pro-preview');
    assert.deepEqual(body.tools, [{ type: 'google_search' }]);
    assert.match(await lastModel().locator('.footer').innerText(), /gemini-3\.1-pro-preview/);
    // Back to the defaults for the tests below (and the request shows they are off again).
    await search.click();
    await waitUntil('the toggle is off', async () => (await search.getAttribute('aria-pressed')) === 'false');
    await picker.selectOption('gemini-3.8-flash');
    await waitUntil('the host confirmed the model', async () => (await picker.getAttribute('aria-busy')) !== 'true');
    await send('Again');
    assert.equal((await lastCreate()).model, 'gemini-3.8-flash');
    assert.equal((await lastCreate()).tools, undefined);
  });

  it('keeps expanded cards and the conversation when the view is hidden and shown again', async () => {
    const code = log().locator('details.card.codeCall').first();
    assert.equal(await code.getAttribute('open'), '', 'expanded earlier');
    await wb().runCommand('View: Show Explorer');
    await waitUntil('the chat view is gone', async () => !(await wb().page.locator('iframe.webview').first().isVisible().catch(() => false)), 10_000).catch(() => {});
    await wb().openChatView();
    await log().locator('details.card.codeCall').first().waitFor({ timeout: 30_000 });
    assert.equal(await log().locator('details.card.codeCall').first().getAttribute('open'), '', 'still expanded');
    // The view reopens at the end of the conversation; its first turns are one click away, not lost.
    // (A DOM click: scrolling to the top may show them first, and then the button is gone.)
    const earlier = log().locator('button.show-earlier');
    if (await earlier.count()) await earlier.evaluate((b) => (b as HTMLElement).click()).catch(() => {});
    // textContent: innerText skips turns that content-visibility keeps unpainted off-screen.
    await waitUntil('the first message is shown', async () => /My name is Ada/.test(await log().textContent() ?? ''), 10_000);
  });

  it('history: new chat, list, switch, rename', async () => {
    await wb().runCommand('Gemini: New Chat');
    await waitUntil('the transcript is empty', async () => (await log().locator('.turn').count()) === 0);
    await send('Second conversation here');
    await chat().getByRole('button', { name: 'Conversations' }).click();
    const list = chat().getByRole('region', { name: 'Conversations' });
    await list.waitFor();
    const titles = await list.locator('.history-title').allInnerTexts();
    assert.equal(titles[0], 'Second conversation here', 'most recent first');
    assert.equal(titles[1], 'My name is Ada.', 'the title is the first line of the first message');
    assert.equal(await list.locator('[aria-current="true"] .history-title').innerText(), 'Second conversation here');

    // Switch to the first conversation.
    await list.getByRole('button', { name: /^My name is Ada\./ }).click();
    await waitUntil('the first conversation is shown', async () => (await log().innerText()).includes('What is my name?'));
    assert.ok(!(await log().innerText()).includes('Second conversation here'));

    // Rename it (the title is asked for in an input box).
    await wb().runCommand('Gemini: Show Conversations');
    await list.waitFor();
    await list.getByRole('button', { name: /^Rename "My name is Ada\./ }).click();
    const input = wb().page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('About Ada');
    await input.press('Enter');
    await waitUntil('the list shows the new title', async () => (await list.locator('.history-title').allInnerTexts()).includes('About Ada'));
    // Each conversation says how much it takes on disk: its journal plus the media files it refers to.
    const item = list.locator('.history-item', { has: wb().page.locator('.history-title', { hasText: 'About Ada' }) });
    const shown = await item.locator('.history-size').innerText();
    const file = transcriptOf('About Ada')!;
    const media = new Map([...fs.readFileSync(file, 'utf8').matchAll(/"\$cas":"([0-9a-f]{64})","n":(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    for (const sha of media.keys()) assert.equal(fs.statSync(path.join(path.dirname(file), 'media', sha)).size, media.get(sha));
    const bytes = fs.statSync(file).size + [...media.values()].reduce((a, b) => a + b, 0);
    assert.equal(shown, `${(bytes / 1024).toFixed(1)} KB on disk`);
    assert.match((await item.locator('.history-open').textContent())!, /, [0-9.]+ KB on disk/, 'named by its visible text, size included');
  });

  it('history: delete removes the conversation here and its interactions on the server', async () => {
    const list = chat().getByRole('region', { name: 'Conversations' });
    if (!(await list.isVisible())) await chat().getByRole('button', { name: 'Conversations' }).click();
    const before = await requests();
    await list.getByRole('button', { name: 'Delete "Second conversation here"' }).click();
    const dialog = wb().page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await waitUntil('the conversation left the list', async () => !(await list.locator('.history-title').allInnerTexts()).includes('Second conversation here'));
    await waitUntil('the server got a delete', async () => (await requests()).slice(before.length).some((r) => r.op === 'delete'));
    const deletes = (await requests()).slice(before.length).filter((r) => r.op === 'delete');
    assert.equal(deletes.length, 1, 'one interaction in that conversation');
    assert.ok(deletes.every((r) => r.method === 'DELETE' && r.status === 200));
    const deletedId = deletes[0].path.split('/').pop()!;
    assert.ok(!(await interactionIds()).includes(deletedId), 'gone from the server');
    await list.getByRole('button', { name: /^About Ada/ }).click();
  });

  it('history: says so clearly when the server refuses to delete a conversation\'s interactions', async () => {
    await wb().runCommand('Gemini: New Chat');
    await waitUntil('the transcript is empty', async () => (await log().locator('.turn').count()) === 0);
    await send('Short-lived conversation');
    await control('fault', 'POST', { name: 'server_error', on: 'delete', status: 503, times: 10 });
    await chat().getByRole('button', { name: 'Conversations' }).click();
    const list = chat().getByRole('region', { name: 'Conversations' });
    await list.getByRole('button', { name: 'Delete "Short-lived conversation"' }).click();
    const dialog = wb().page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await waitUntil('the conversation left the list', async () => !(await list.locator('.history-title').allInnerTexts()).includes('Short-lived conversation'));
    // As a toast or, when toasts are suppressed, in the notification centre.
    await wb().runCommand('Notifications: Show Notifications');
    const toast = wb().page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', { hasText: 'could not be deleted on the server' }).first();
    await toast.waitFor({ timeout: 15_000 });
    assert.match(await toast.innerText(), /"Short-lived conversation" was deleted here, but 1 of its 1 stored interactions could not be deleted on the server/);
    await control('fault', 'DELETE');
    await wb().runCommand('Notifications: Clear All Notifications');
    await list.getByRole('button', { name: /^About Ada/ }).click();
  });

  it('continues the same conversation after a window reload (stored previous_interaction_id)', async () => {
    await waitUntil('About Ada is current', async () => (await log().innerText()).includes('What is my name?'));
    // The chain head as stored in this workspace (the index mirrors it), before the reload.
    const headId = stored(transcriptOf('About Ada')!).lastInteractionId!;
    assert.match(headId, /^v1_/);
    await wb().reloadWindow();
    await wb().openChatView();
    await waitUntil('the conversation is back', async () => (await log().innerText()).includes('What is my name?'), 60_000);
    await send('What is my name?');
    const body = await lastCreate();
    assert.equal(body.previous_interaction_id, headId);
    assert.deepEqual(body.input, [{ type: 'text', text: 'What is my name?' }]);
    assert.match(await lastModel().locator('.part.text').innerText(), /Ada/);
  });

  it('works with the keyboard only: Tab reaches the history, the pickers and the composer', async () => {
    await box().focus();
    const seen: string[] = [];
    const focused = () => chat().locator(':focus').evaluate((e) => e.getAttribute('aria-label') ?? e.textContent ?? e.tagName);
    // From the message box, Shift+Tab walks back through the transcript to the header.
    for (let i = 0; i < 100 && !seen.includes('Conversations'); i++) {
      await wb().page.keyboard.press('Shift+Tab');
      seen.push(await focused().catch(() => ''));
    }
    for (const name of ['Conversations', 'Model', 'Code execution', 'URL context', 'Google Search']) assert.ok(seen.includes(name), `${name} in ${seen.join(' | ')}`);
    // Open the list with Enter, move into it, close it with Escape: focus returns to the button.
    await wb().page.keyboard.press('Enter');
    const list = chat().getByRole('region', { name: 'Conversations' });
    await list.waitFor();
    assert.match(await focused(), /About Ada.*current/);
    await wb().page.keyboard.press('Escape');
    await waitUntil('the list closed', async () => !(await list.isVisible()));
    assert.equal(await focused(), 'Conversations');
    // Forward again to the composer.
    for (let i = 0; i < 120 && (await focused()) !== 'Message Gemini'; i++) await wb().page.keyboard.press('Tab');
    assert.equal(await focused(), 'Message Gemini');
    await wb().page.keyboard.type('Typed with the keyboard only');
    await wb().page.keyboard.press('Enter');
    await waitUntil('answered', async () => (await chat().getByRole('status').textContent()) === 'Gemini finished answering.' &&
      (await log().innerText()).includes('Typed with the keyboard only'));
  });

  /** This workspace's stored journals (code-server keeps workspace storage in the run dir's user data). */
  function transcriptFiles(): string[] {
    const root = path.join(wb().workspace.replace(/-ws$/, ''), 'user-data', 'User', 'workspaceStorage');
    const out: string[] = [];
    for (const ws of fs.existsSync(root) ? fs.readdirSync(root) : []) {
      const dir = path.join(root, ws, 'gemini-interactions-team.gemini-interactions', 'conversations');
      if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.jsonl')) out.push(path.join(dir, f));
    }
    return out;
  }
  /** What a journal says (media stay references), read with the store's own parser. */
  const stored = (file: string): ConversationData => replay(parseJournal(fs.readFileSync(file)), path.basename(file, '.jsonl')).data!;
  const transcriptOf = (title: string) => transcriptFiles().find((f) => stored(f).title === title);

  async function openFromHistory(name: RegExp): Promise<void> {
    const list = chat().getByRole('region', { name: 'Conversations' });
    if (!(await list.isVisible())) await chat().getByRole('button', { name: 'Conversations' }).click();
    await list.getByRole('button', { name }).click();
  }

  it('rebuilds a conversation from the server when its local transcript is missing', async () => {
    await wb().runCommand('Gemini: New Chat');
    await waitUntil('the transcript is empty', async () => (await log().locator('.turn').count()) === 0);
    await send('My name is Lin. Remember it.');
    await openFromHistory(/^About Ada/);
    await waitUntil('About Ada is shown', async () => (await log().innerText()).includes('What is my name?'));
    const file = transcriptOf('My name is Lin. Remember it.');
    assert.ok(file, transcriptFiles().join('\n'));
    fs.rmSync(file);
    const before = (await requests()).length;
    await openFromHistory(/^My name is Lin/);
    await waitUntil('the restored conversation is shown', async () => (await log().locator('.turn.model .part.text').count()) === 1);
    assert.match(await log().locator('.turn.user').innerText(), /My name is Lin\. Remember it\./);
    const gets = (await requests()).slice(before).filter((r) => r.op === 'get');
    assert.equal(gets.length, 1);
    assert.equal((gets[0] as unknown as { query: Record<string, string> }).query.include_input, 'true');
    await waitUntil('the transcript is stored again', async () => !!transcriptOf('My name is Lin. Remember it.'));
  });

  it('renders function call and result cards from a stored conversation', async () => {
    await openFromHistory(/^About Ada/);
    await waitUntil('About Ada is shown', async () => (await log().innerText()).includes('What is my name?'));
    const file = transcriptOf('My name is Lin. Remember it.')!;
    const conversation = stored(file);
    const model = conversation.turns[1] as any;
    model.parts.unshift(
      { kind: 'functionCall', id: 'call_1', name: 'get_weather', argsText: '{"city":"Paris","unit":"celsius"}', args: { city: 'Paris', unit: 'celsius' } },
      { kind: 'functionResult', callId: 'call_1', name: 'get_weather', result: '{"temperature":21}' },
    );
    // Also an attachment on the user turn (the composer adds them) and audio in the answer.
    (conversation.turns[0] as any).attachments = [{ name: 'notes.txt', mimeType: 'text/plain', sizeBytes: 2048, kind: 'text' }];
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]).toString('base64');
    model.parts.push({ kind: 'media', media: { type: 'audio', mimeType: 'audio/wav', data: wav } });
    // Written back in the format before the journal: opening it migrates it (the journal goes, the old file comes).
    fs.rmSync(file);
    fs.writeFileSync(file.replace(/\.jsonl$/, '.json'), JSON.stringify({ format: 1, conversation }));
    await openFromHistory(/^My name is Lin/);
    const chip = log().getByRole('list', { name: 'Attachments' }).getByRole('listitem');
    await chip.waitFor();
    assert.match(await chip.innerText(), /notes\.txt\s*text\/plain · 2\.0 KB/);
    const audio = log().locator('audio.media-player');
    assert.equal(await audio.getAttribute('controls'), '');
    assert.match((await audio.getAttribute('src'))!, /^data:audio\/wav;base64,/);
    const call = log().locator('details.card.functionCall');
    await call.waitFor();
    assert.match(await call.locator('summary').innerText(), /Function call: get_weather/);
    await call.locator('summary').click();
    assert.equal(await call.locator('pre').innerText(), JSON.stringify({ city: 'Paris', unit: 'celsius' }, null, 2));
    const result = log().locator('details.card.functionResult');
    assert.match(await result.locator('summary').innerText(), /Function result: get_weather/);
    await result.locator('summary').click();
    assert.match(await result.locator('pre').innerText(), /"temperature": 21/);
    // The theme screenshots below show the conversation with the tool cards.
    await openFromHistory(/^About Ada/);
    await waitUntil('About Ada is shown', async () => (await log().locator('details.card.searchResult').count()) > 0);
  });

  it('a damaged record in the middle of a journal: the rest opens, and the user is told once', async () => {
    const file = transcriptOf('About Ada')!;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const heads = lines.map((l, i) => (l.includes('"op":"head"') ? i : -1)).filter((i) => i >= 0);
    assert.ok(heads.length > 1);
    lines[heads[0]] = lines[heads[0]].replace('"head"', '"hexd"'); // a superseded record; its checksum no longer matches
    fs.writeFileSync(file, lines.join('\n'));
    const turns = await log().locator('.turn').count();
    await openFromHistory(/^My name is Lin/);
    await openFromHistory(/^About Ada/);
    await waitUntil('About Ada is shown', async () => (await log().locator('.turn').count()) === turns);
    const text = '"About Ada" was recovered with a loss: 1 damaged record was skipped. Everything else is kept.';
    await wb().runCommand('Notifications: Show Notifications');
    const warnings = wb().page.locator('.notifications-center .notification-list-item', { hasText: 'was recovered with a loss' });
    await warnings.first().waitFor({ timeout: 15_000 });
    assert.equal(await warnings.first().innerText().then((t) => t.includes(text)), true, await warnings.first().innerText());
    // Opened again: the journal was rewritten without the damaged record, so nothing new is said.
    await openFromHistory(/^My name is Lin/);
    await openFromHistory(/^About Ada/);
    await waitUntil('About Ada is shown', async () => (await log().locator('.turn').count()) === turns);
    await new Promise((r) => setTimeout(r, 1000));
    await wb().runCommand('Notifications: Show Notifications');
    await warnings.first().waitFor({ timeout: 15_000 });
    assert.equal(await warnings.count(), 1, 'told once');
    assert.ok(!fs.readFileSync(file, 'utf8').includes('"hexd"'));
    await wb().runCommand('Notifications: Clear All Notifications');
  });

  for (const theme of ['light', 'hc-dark', 'hc-light', 'dark'] as Theme[]) {
    it(`screenshot in the ${theme} theme`, async () => {
      await wb().setTheme(theme);
      await log().locator('details.card.searchResult').first().scrollIntoViewIfNeeded({ timeout: 5000 });
      const file = await wb().screenshot(`panel-theme-${theme}`);
      assert.ok(fs.statSync(file).size > 10_000);
    });
  }

  it('history: "Delete all conversations of this workspace" asks in a modal, then deletes them here and on the server', async () => {
    const list = chat().getByRole('region', { name: 'Conversations' });
    if (!(await list.isVisible())) await chat().getByRole('button', { name: 'Conversations' }).click();
    const titles = await list.locator('.history-title').allInnerTexts();
    assert.ok(titles.length >= 2, titles.join());
    const storedIds = transcriptFiles().flatMap((f) => stored(f).turns.flatMap((t) => (t.role === 'model' ? t.interactionIds : [])));
    assert.ok(storedIds.length > 0);
    const dialog = wb().page.locator('.monaco-dialog-box');
    // Cancelling keeps everything.
    await list.getByRole('button', { name: 'Delete all conversations of this workspace' }).click();
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Delete all ${titles.length} conversations of this workspace\\?`));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await list.locator('.history-title').allInnerTexts(), titles);
    const before = (await requests()).length;
    await list.getByRole('button', { name: 'Delete all conversations of this workspace' }).click();
    await dialog.getByRole('button', { name: 'Delete All' }).click();
    await waitUntil('the list is empty', async () => (await list.locator('.history-empty').count()) === 1);
    assert.deepEqual(transcriptFiles(), [], 'no journal left in the workspace storage');
    await waitUntil('the server got the deletes', async () => (await requests()).slice(before).filter((r) => r.op === 'delete').length >= storedIds.length);
    const server = await interactionIds();
    assert.ok(storedIds.every((id) => !server.includes(id)), 'every stored interaction is gone from the server');
    assert.equal(await list.getByRole('button', { name: 'Delete all conversations of this workspace' }).isDisabled(), true);
    await chat().getByRole('button', { name: 'Close conversations' }).click();
  });

  describe('an API endpoint set by the workspace\'s settings', () => {
    // A cloned repository's .vscode/settings.json could send every request, with the user's key, to its
    // own server. The same emulator under another name stands in for such a server.
    const settingsFile = () => path.join(wb().workspace, '.vscode', 'settings.json');
    const other = () => wb().emulatorUrl.replace('127.0.0.1', 'localhost');
    const dialog = () => wb().page.locator('.monaco-dialog-box');
    after(() => fs.rmSync(settingsFile(), { force: true }));

    it('asks before the key goes there; declining sends nothing and says why', async () => {
      await wb().runCommand('Gemini: New Chat');
      fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
      fs.writeFileSync(settingsFile(), JSON.stringify({ 'geminiInteractions.apiBaseUrl': other() }));
      await chat().getByRole('note').filter({ hasText: other() }).waitFor({ timeout: 30_000 });
      const before = (await creates()).length;
      await send('Who receives this?', { wait: false });
      await dialog().getByText(`This workspace's settings send Gemini requests, with your API key, to ${other()}.`).waitFor({ timeout: 15_000 });
      await wb().screenshot('panel-workspace-endpoint-asks');
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      await lastModel().getByText(/Not sent: this workspace's settings point geminiInteractions.apiBaseUrl at/).waitFor({ timeout: 15_000 });
      assert.equal((await creates()).length, before, 'nothing reached the endpoint');
    });

    it('allowing it sends the message, and the workspace is not asked again', async () => {
      const before = (await creates()).length;
      await lastModel().getByRole('button', { name: 'Retry' }).click();
      await dialog().getByRole('button', { name: 'Allow for This Workspace' }).click();
      await waitUntil('the retried message was sent', async () => (await creates()).length === before + 1);
      await lastModel().locator('.footer').waitFor({ timeout: 30_000 });
      await send('And this one?');
      assert.equal((await creates()).length, before + 2);
      assert.equal(await dialog().count(), 0, 'no second question');
    });
  });
});
