// Where a link really goes (issue 16, finding 11), in the bundled webview in Chromium: hovering shows the
// target the host would open (a mail link as it will be opened, without body or cc), and a click tells
// the host the link's text, so it can say when the text names another address.
import * as assert from 'node:assert/strict';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, streamMessages } from './support/streamMessages';

const ANSWER = [
  'Log in at [https://bank.example](https://evil.example/steal?x=1).',
  '',
  'Or [mail me](mailto:a@example.com?subject=Hi&body=the%20secret&cc=spy@evil.example), or read [the docs](https://аpple.example/docs).',
  '',
].join('\n');

describe('link targets (bundled webview in Chromium)', function () {
  this.timeout(60_000);
  let wv: WebviewPage;
  before(async function () {
    this.timeout(60_000);
    wv = await openWebviewPage();
  });
  after(async () => { await wv?.close(); });

  it('hover shows the real target; a click sends the link text along for the host to compare', async () => {
    await wv.send({ type: 'state', state: { conversationId: 'c', turns: [], busy: false, hasApiKey: true, model: 'm', conversations: [], ...PANEL_DEFAULTS } });
    const citations = [{ kind: 'url' as const, url: 'mailto:b@example.com?body=x', title: 'Mail source', start: 0, end: 3 }];
    const { start, deltas, end } = streamMessages(ANSWER, { id: 'l1', deltaSize: 7, citations });
    await wv.send(...start, ...deltas, ...end);
    const turn = wv.page.locator('.turn.model[data-turn-id="l1"]');
    const titles = await turn.locator('.blocks [data-href]').evaluateAll((ls) => ls.map((l) => [l.textContent, (l as HTMLElement).title]));
    assert.deepEqual(titles, [
      ['https://bank.example', 'https://evil.example/steal?x=1'],
      ['mail me', 'mailto:a@example.com?subject=Hi'],
      ['the docs', 'https://xn--pple-43d.example/docs'],
    ]);
    assert.equal(await turn.getByRole('link', { name: 'Mail source' }).getAttribute('title'), 'mailto:b@example.com');

    await turn.getByRole('link', { name: 'https://bank.example' }).click();
    await turn.getByRole('link', { name: 'mail me' }).focus();
    await wv.page.keyboard.press('Enter');
    const opened = (await wv.trap()).posted.filter((m) => m.type === 'openLink');
    assert.deepEqual(opened, [
      { type: 'openLink', url: 'https://evil.example/steal?x=1', text: 'https://bank.example' },
      { type: 'openLink', url: 'mailto:a@example.com?subject=Hi&body=the%20secret&cc=spy@evil.example', text: 'mail me' },
    ]);
  });
});
