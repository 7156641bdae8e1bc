import { strict as assert } from 'node:assert';
import { webviewCsp } from '../../src/vscode/panel/csp';
import { chatWebviewHtml } from '../../src/vscode/panel/webviewHtml';

const base = { cspSource: 'https://file+.vscode-resource.example', nonce: 'abc123', styleUri: 'https://r/webview.css', scriptUri: 'https://r/webview.js' };

describe('chat webview markup (one template for the extension and the browser tests)', () => {
  it('ships the CSP, the stylesheet and exactly one nonce script: the bundle', () => {
    const html = chatWebviewHtml(base);
    assert.ok(html.includes(`content="${webviewCsp(base.cspSource, 'abc123')}"`));
    assert.ok(html.includes('<link rel="stylesheet" href="https://r/webview.css">'));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="abc123" src="https://r/webview.js">']);
    assert.match(html, /<html lang="en">/);
  });

  it('takes the display language and escapes what it puts in attributes', () => {
    const html = chatWebviewHtml({ ...base, lang: 'pt-br" onload="x', scriptUri: 'https://r/a"b.js' });
    assert.match(html, /<html lang="pt-br&quot; onload=&quot;x">/);
    assert.ok(html.includes('src="https://r/a&quot;b.js"'));
  });

  it('the harness extension points add nonce scripts before and after the bundle, nothing else', () => {
    const html = chatWebviewHtml({ ...base, preludeScripts: ['window.x = "</script><b>"'], extraScriptUris: ['https://r/extra.js'] });
    const order = [...html.matchAll(/<script nonce="abc123"( src="([^"]+)")?>/g)].map((m) => m[2] ?? 'inline');
    assert.deepEqual(order, ['inline', 'https://r/webview.js', 'https://r/extra.js']);
    assert.ok(!html.includes('</script><b>'), 'an inline script cannot close its own tag');
    assert.equal(html.replace(/<script[\s\S]*?<\/script>/g, ''), chatWebviewHtml(base).replace(/<script[\s\S]*?<\/script>/g, ''));
  });
});
