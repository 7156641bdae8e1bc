import * as assert from 'node:assert/strict';
import { openableUrl } from '../../src/core/links';

describe('openableUrl (links the host opens after a click)', () => {
  it('opens http, https and mailto', () => {
    assert.equal(openableUrl('https://example.com/a?b=1'), 'https://example.com/a?b=1');
    assert.equal(openableUrl(' http://example.com '), 'http://example.com/');
    assert.equal(openableUrl('mailto:someone@example.com'), 'mailto:someone@example.com');
  });
  it('never opens javascript:, data:, command:, vscode:, file: or malformed URLs', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      'command:workbench.action.terminal.new', 'vscode://file/etc/passwd', 'vscode-insiders://x', 'file:///etc/passwd',
      'vbscript:msgbox', 'ftp://example.com', 'not a url', '//example.com/x', '']) {
      assert.equal(openableUrl(bad), undefined, bad);
    }
  });
});
