import * as assert from 'node:assert/strict';
import { linkTitle, openModelLink, openableUrl, planLink, textDisguisesTarget, type LinkUi } from '../../src/core/panel/links';

describe('openableUrl (links the host opens after a click)', () => {
  it('opens http, https and mailto', () => {
    assert.equal(openableUrl('https://example.com/a?b=1'), 'https://example.com/a?b=1');
    assert.equal(openableUrl(' http://example.com '), 'http://example.com/');
    assert.equal(openableUrl('mailto:someone@example.com'), 'mailto:someone@example.com');
  });
  it('never opens javascript:, data:, command:, vscode:, file: or malformed URLs', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      'command:workbench.action.terminal.new', 'vscode://file/etc/passwd', 'vscode-insiders://x', 'file:///etc/passwd',
      'vbscript:msgbox', 'ftp://example.com', 'not a url', '//example.com/x', '', 'mailto:', 'mailto:?body=hi', 'mailto:not-an-address']) {
      assert.equal(openableUrl(bad), undefined, bad);
    }
  });
});

describe('mailto links (issue 16, finding 11)', () => {
  it('keep only the addresses and the subject: body, cc, bcc and any other field are dropped', () => {
    assert.equal(openableUrl('mailto:a@example.com?subject=Hi%20there&body=my%20secrets&cc=spy@evil.example&bcc=x@evil.example'),
      'mailto:a@example.com?subject=Hi%20there');
    assert.equal(openableUrl('mailto:a@example.com?BODY=x&In-Reply-To=%3Cid%3E'), 'mailto:a@example.com');
    assert.equal(openableUrl('mailto:?to=b@example.com&body=x'), 'mailto:b@example.com');
    assert.equal(openableUrl('mailto:a@example.com,b@example.com'), 'mailto:a@example.com,b@example.com');
  });
  it('always ask first, naming the address, the subject and what was removed', () => {
    const plan = planLink('mailto:a@example.com?subject=Report&body=the%20API%20key&cc=spy@evil.example', 'a@example.com');
    assert.ok(plan?.confirm, 'a mail link is confirmed');
    assert.equal(plan.url, 'mailto:a@example.com?subject=Report');
    assert.match(plan.confirm.message, /a@example\.com/);
    assert.match(plan.confirm.detail, /Subject: Report/);
    assert.match(plan.confirm.detail, /body, cc; they were removed/);
    assert.doesNotMatch(plan.confirm.detail, /API key/);
    assert.ok(planLink('mailto:a@example.com')?.confirm, 'even a plain address asks');
  });
  it('a subject is one line and capped', () => {
    const plan = planLink(`mailto:a@example.com?subject=${encodeURIComponent('line1\nline2\u202e' + 'x'.repeat(500))}`);
    assert.ok(plan?.confirm);
    assert.doesNotMatch(plan.confirm.detail, /[\n\u202e].*x/);
    assert.ok(decodeURIComponent(plan.url).length < 260);
  });
});

describe('link text that names another target (issue 16, finding 11)', () => {
  it('is recognised for web and mail addresses', () => {
    assert.equal(textDisguisesTarget('https://bank.example/login', 'https://evil.example/login'), true);
    assert.equal(textDisguisesTarget('bank.example', 'https://evil.example/'), true);
    assert.equal(textDisguisesTarget('www.bank.example', 'https://bank.example.evil.example/'), true);
    assert.equal(textDisguisesTarget('github.com/microsoft/vscode', 'https://github.com/evil/vscode'), true);
    assert.equal(textDisguisesTarget('https://example.com', 'http://example.com/'), true, 'the scheme the text spells out');
    assert.equal(textDisguisesTarget('me@example.com', 'mailto:attacker@evil.example'), true);
    assert.equal(textDisguisesTarget('me@example.com', 'https://evil.example/'), true);
  });
  it('is not claimed by ordinary words or by a text that is the target', () => {
    assert.equal(textDisguisesTarget('the docs', 'https://example.com/docs'), false);
    assert.equal(textDisguisesTarget('README.md', 'https://example.com/'), false, 'a file name is no web address');
    assert.equal(textDisguisesTarget('main.py', 'https://example.com/'), false);
    assert.equal(textDisguisesTarget('docs.example.io', 'https://evil.example/'), true, 'a real domain still is one');
    assert.equal(textDisguisesTarget('https://www.example.org', 'https://www.example.org/'), false);
    assert.equal(textDisguisesTarget('www.example.org', 'http://www.example.org'), false, 'linkified');
    assert.equal(textDisguisesTarget('example.com', 'https://example.com/some/page'), false, 'a domain names the site');
    assert.equal(textDisguisesTarget('me@example.com', 'mailto:me@example.com'), false);
    assert.equal(textDisguisesTarget('Me@Example.com', 'mailto:me@example.com?subject=x'), false);
  });
  it('makes the host ask, naming the real URL; a plain web link goes to VS Code’s own link protection', () => {
    const plan = planLink('https://evil.example/steal?x=1', 'https://bank.example');
    assert.ok(plan?.confirm);
    assert.match(plan.confirm.detail, /shows: https:\/\/bank\.example/);
    assert.match(plan.confirm.detail, /opens: https:\/\/evil\.example\/steal\?x=1/);
    assert.deepEqual(planLink('https://example.com/docs', 'the docs'), { url: 'https://example.com/docs' });
    assert.deepEqual(planLink('https://example.com/', 'https://example.com'), { url: 'https://example.com/' });
    assert.equal(planLink('javascript:alert(1)', 'https://example.com'), undefined);
  });
});

describe('linkTitle (hover text of a link)', () => {
  it('is the real target: normalised, punycode host, mail as it will be opened', () => {
    assert.equal(linkTitle('https://аpple.com/x'), 'https://xn--pple-43d.com/x');
    assert.equal(linkTitle('mailto:a@example.com?body=x&subject=S'), 'mailto:a@example.com?subject=S');
    assert.equal(linkTitle('javascript:alert(1)'), undefined);
  });
});

describe('openModelLink (the host opening a clicked link)', () => {
  function fakeUi(answer: 'accept' | 'dismiss'): LinkUi & { asked: string[][]; opened: string[] } {
    const ui = {
      asked: [] as string[][], opened: [] as string[],
      confirm: async (message: string, detail: string, action: string) => { ui.asked.push([message, detail, action]); return answer === 'accept' ? action : undefined; },
      open: async (url: string) => { ui.opened.push(url); },
    };
    return ui;
  }
  it('a mailto link opens only after the modal, without its body, cc and bcc', async () => {
    const dismissed = fakeUi('dismiss');
    assert.equal(await openModelLink('mailto:a@example.com?body=secret&cc=x@evil.example', 'a@example.com', dismissed), 'declined');
    assert.equal(dismissed.asked.length, 1);
    assert.deepEqual(dismissed.opened, []);
    const accepted = fakeUi('accept');
    assert.equal(await openModelLink('mailto:a@example.com?subject=S&body=secret&bcc=x@evil.example', 'mail', accepted), 'opened');
    assert.deepEqual(accepted.opened, ['mailto:a@example.com?subject=S']);
  });
  it('a web link whose text names another address asks first, naming the real URL', async () => {
    const ui = fakeUi('accept');
    assert.equal(await openModelLink('https://evil.example/x', 'https://bank.example', ui), 'opened');
    assert.match(ui.asked[0][1], /opens: https:\/\/evil\.example\/x/);
  });
  it('an ordinary web link opens directly (VS Code shows its own link protection); other schemes never', async () => {
    const ui = fakeUi('dismiss');
    assert.equal(await openModelLink('https://example.com/docs', 'the docs', ui), 'opened');
    assert.equal(await openModelLink('command:workbench.action.terminal.new', 'https://example.com', ui), 'refused');
    assert.deepEqual(ui.asked, []);
    assert.deepEqual(ui.opened, ['https://example.com/docs']);
  });
});
