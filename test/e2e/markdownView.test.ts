// The streaming markdown view in the bundled webview (Chromium, shipped CSP): what a streamed answer
// looks like, that finished blocks are not re-rendered, code block toolbars, links and citations.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from './support/streamMessages';
import { waitUntil } from './support/workbench';

const ANSWER = [
  '# Plan', '', 'Some **bold**, *italic*, `inline code` and a [link](https://example.com/docs).', '',
  '1. first', '2. second', '   - nested', '',
  '| Name | Value |', '|------|-------|', '| a | 1 |', '| b | 2 |', '',
  '```ts', 'const answer: number = 42;', '', 'function f() { return answer; }', '```', '',
  '~~~python', 'print("hi")', '~~~', '', 'Visit https://www.example.org or mail me@example.com (README.md stays text).', '', '![diagram](https://img.example/d.png?x=1)', '',
].join('\n');

function reset(): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns: [], busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } };
}

describe('markdown text view (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
  });
  after(async () => { await wv?.close(); });

  it('streams headings, lists, tables, links, inline and fenced code with highlighting', async () => {
    await wv.send(reset());
    const { start, deltas, end } = streamMessages(ANSWER, { id: 't1', deltaSize: 5 });
    await wv.send(...start, ...deltas);
    const turn = wv.page.locator('.turn.model[data-turn-id="t1"]');
    // While streaming, an unfinished answer is already formatted.
    assert.equal(await turn.locator('h1').innerText(), 'Plan');
    await wv.send(...end);
    assert.equal(await turn.locator('strong').innerText(), 'bold');
    assert.equal(await turn.locator('em').innerText(), 'italic');
    assert.equal(await turn.locator(':not(pre) > code').first().innerText(), 'inline code');
    assert.equal(await turn.locator('ol > li').count(), 2);
    assert.equal(await turn.locator('ol ul > li').innerText(), 'nested');
    assert.equal(await turn.locator('table tr').count(), 3);
    assert.equal(await turn.locator('th').first().innerText(), 'Name');
    const blocks = turn.locator('.code-block');
    assert.equal(await blocks.count(), 2);
    assert.equal(await blocks.nth(0).locator('pre code').innerText(), 'const answer: number = 42;\n\nfunction f() { return answer; }\n');
    assert.ok(await blocks.nth(0).locator('.hljs-keyword').count() >= 2, 'TypeScript is highlighted');
    assert.equal(await blocks.nth(1).locator('.hljs-string').innerText(), '"hi"');
    assert.equal(await blocks.nth(1).locator('.code-language').innerText(), 'python');
    // Links: no href anywhere; linkified URLs and mail addresses are links too.
    const links = turn.locator('[data-href]');
    assert.deepEqual(await links.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-href'))),
      ['https://example.com/docs', 'https://www.example.org', 'mailto:me@example.com', 'https://img.example/d.png?x=1']);
    assert.equal(await turn.locator('[href]').count(), 0);
    // The remote image is a chip naming the alt text and the host; nothing was fetched.
    assert.equal((await turn.locator('.remote-image').innerText()).trim(), 'diagram (img.example)');
    assert.equal(await turn.locator('img').count(), 0);
    assert.deepEqual(wv.remoteRequests, []);
  });

  it('renders finished blocks once: earlier blocks keep their DOM nodes while later deltas arrive', async () => {
    await wv.send(reset());
    const { start, deltas, end } = streamMessages(ANSWER, { id: 't2', deltaSize: 3 });
    await wv.send(...start, ...deltas.slice(0, 40));
    await wv.page.evaluate(() => {
      (window as unknown as { first: Element | null }).first = document.querySelector('.turn.model[data-turn-id="t2"] h1');
    });
    await wv.send(...deltas.slice(40), ...end);
    assert.equal(await wv.page.evaluate(() => (window as unknown as { first: Element }).first === document.querySelector('.turn.model[data-turn-id="t2"] h1')), true,
      'the heading element was not re-created');
    // Streaming and one-shot rendering give the same DOM.
    const streamed = await wv.page.locator('.turn.model[data-turn-id="t2"] .blocks').innerHTML();
    await wv.send({ type: 'state', state: { conversationId: 'c', turns: [userTurn('t3', 'q'), modelTurn('t3', ANSWER)], busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } });
    const once = await wv.page.locator('.turn.model[data-turn-id="t3"] .blocks').innerHTML();
    assert.equal(streamed.replace(/\s+/g, ' '), once.replace(/\s+/g, ' '));
  });

  it('code block toolbar: Copy, Insert at cursor and Open in new editor post codeAction, keyboard too', async () => {
    await wv.send(reset());
    const { start, deltas, end } = streamMessages('Here:\n\n```ts\nlet x = 1;\n```\n', { id: 't4' });
    await wv.send(...start, ...deltas, ...end);
    const block = wv.page.locator('.turn.model[data-turn-id="t4"] .code-block');
    await block.getByRole('button', { name: 'Copy' }).click();
    await block.getByRole('button', { name: 'Insert at cursor' }).click();
    await block.getByRole('button', { name: 'Open in new editor' }).focus();
    await wv.page.keyboard.press('Enter');
    const posted = (await wv.trap()).posted.filter((m) => m.type === 'codeAction');
    assert.deepEqual(posted, [
      { type: 'codeAction', action: 'copy', code: 'let x = 1;\n', language: 'ts' },
      { type: 'codeAction', action: 'insert', code: 'let x = 1;\n', language: 'ts' },
      { type: 'codeAction', action: 'open', code: 'let x = 1;\n', language: 'ts' },
    ]);
    assert.equal(await block.getByRole('toolbar').count(), 1);
  });

  it('streams the compact `d` messages the host sends: text and thought deltas, the turn named once', async () => {
    await wv.send(reset());
    const { start } = streamMessages('', { id: 't9' });
    await wv.send(...start, { type: 'event', turnId: 't9', event: { type: 'part', index: 1, part: { kind: 'thought', text: '' } } });
    // Many deltas within one frame: drawn once, at the next frame, with everything that arrived.
    await wv.page.evaluate(() => {
      const post = (m: unknown) => window.dispatchEvent(new MessageEvent('message', { data: m }));
      post({ type: 'd', t: 't9', i: 1, k: 'thought', x: 'Considering ' });
      post({ type: 'd', i: 1, k: 'thought', x: 'the **options**.' });
      post({ type: 'd', i: 0, x: 'Hello, ' });
      for (const w of ['streamed ', '*world*', '.']) post({ type: 'd', i: 0, x: w });
    });
    await wv.send();
    const turn = wv.page.locator('.turn.model[data-turn-id="t9"]');
    assert.equal(await turn.locator('.part.text').innerText(), 'Hello, streamed world.');
    assert.equal(await turn.locator('.part.text em').innerText(), 'world');
    assert.equal(await turn.locator('.part.thought .thought-body').evaluate((d) => d.textContent), 'Considering the **options**.', 'thought summaries are plain text');
    await wv.send({ type: 'turnFinished', turnId: 't9', state: 'done', finishedAt: 1000 });
    assert.equal(await turn.locator('.part.text').innerText(), 'Hello, streamed world.');
  });

  it('a burst bigger than a frame can draw is shown over a few frames, never one long freeze', async () => {
    await wv.send(reset());
    const paragraph = 'A sentence of a long answer that arrived all at once, with **some** formatting. ';
    const answer = Array.from({ length: 1500 }, (_, i) => `${paragraph.repeat(3)}(${i})\n\n`).join('');
    const { start } = streamMessages('', { id: 't10' });
    await wv.send(...start, { type: 'd', t: 't10', i: 0, x: answer });
    const shown = () => wv.page.locator('.turn.model[data-turn-id="t10"] .md-block').count();
    const afterOneFrame = await shown();
    assert.ok(afterOneFrame > 0 && afterOneFrame < 1500, `the first frame drew part of it (${afterOneFrame} of 1500 paragraphs)`);
    await waitUntil('all of it is drawn', async () => (await shown()) >= 1500, 10_000);
    await wv.send({ type: 'turnFinished', turnId: 't10', state: 'done', finishedAt: 1000 });
    assert.match(await wv.page.locator('.turn.model[data-turn-id="t10"] .md-block').last().innerText(), /\(1499\)/);
  });

  it('an unclosed fence streams as code and is highlighted once it closes', async () => {
    await wv.send(reset());
    const { start, deltas } = streamMessages('```js\nconst a = 1;\nconst b = "x";\n', { id: 't5', deltaSize: 4 });
    await wv.send(...start, ...deltas);
    const code = wv.page.locator('.turn.model[data-turn-id="t5"] .code-block pre code');
    assert.equal(await code.innerText(), 'const a = 1;\nconst b = "x";\n');
    assert.equal(await code.locator('.hljs-keyword').count(), 0, 'plain while streaming');
    await wv.send({ type: 'event', turnId: 't5', event: { type: 'text', index: 0, text: '``' } });
    assert.equal(await code.innerText(), 'const a = 1;\nconst b = "x";\n', 'a closing fence in progress is not shown as code');
    await wv.send({ type: 'event', turnId: 't5', event: { type: 'text', index: 0, text: '`\nDone.' } });
    assert.equal(await code.locator('.hljs-keyword').count(), 2);
    assert.match(await wv.page.locator('.turn.model[data-turn-id="t5"]').innerText(), /Done\./);
  });

  it('a fence still open when the answer ends is highlighted like any other', async () => {
    await wv.send(reset());
    const { start, deltas, end } = streamMessages('Code:\n\n```python\nimport os\nprint(os.getcwd())\n', { id: 't7', deltaSize: 6 });
    await wv.send(...start, ...deltas);
    const code = wv.page.locator('.turn.model[data-turn-id="t7"] .code-block pre code');
    assert.equal(await code.locator('.hljs-keyword').count(), 0);
    await wv.send(...end);
    assert.equal(await wv.page.locator('.turn.model[data-turn-id="t7"] .code-block').count(), 1);
    assert.equal(await code.innerText(), 'import os\nprint(os.getcwd())\n');
    assert.ok(await code.locator('[class^="hljs-"]').count() >= 2, 'highlighted at the end');
  });

  it('citations: numbered, deduplicated sources under the text that open through the host', async () => {
    await wv.send(reset());
    const citations = [
      { kind: 'url' as const, url: 'https://a.example/page', title: 'Page A', start: 0, end: 5 },
      { kind: 'url' as const, url: 'https://b.example/', start: 6, end: 9 },
      { kind: 'url' as const, url: 'https://a.example/page', title: 'Page A', start: 10, end: 12 },
      { kind: 'url' as const, url: 'javascript:alert(1)', title: 'Evil', start: 0, end: 1 },
    ];
    const { start, deltas, end } = streamMessages('Alpha beta gamma.', { id: 't6', citations });
    await wv.send(...start, ...deltas, ...end);
    const sources = wv.page.locator('.turn.model[data-turn-id="t6"]').getByRole('group', { name: 'Sources' });
    const items = sources.locator('li');
    assert.equal(await items.count(), 3);
    assert.deepEqual(await sources.locator('.citation').allInnerTexts(), ['Page A', 'b.example', 'Evil']);
    assert.equal(await sources.locator('ol').evaluate((e) => e.tagName), 'OL', 'numbered');
    assert.equal(await sources.locator('[data-href]').count(), 2, 'the javascript: source is not a link');
    await sources.getByRole('link', { name: 'Page A' }).click();
    await sources.getByRole('link', { name: 'b.example' }).focus();
    await wv.page.keyboard.press('Enter');
    const opened = (await wv.trap()).posted.filter((m) => m.type === 'openLink').slice(-2);
    assert.deepEqual(opened, [{ type: 'openLink', url: 'https://a.example/page', text: 'Page A' }, { type: 'openLink', url: 'https://b.example/', text: 'b.example' }]);
  });
});
