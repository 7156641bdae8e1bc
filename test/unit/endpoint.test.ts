import { strict as assert } from 'node:assert';
import { checkBaseUrl } from '../../src/core/gemini/endpoint';

describe('checkBaseUrl', () => {
  it('empty or blank means Google\'s endpoint', () => {
    assert.deepEqual(checkBaseUrl(undefined), { ok: true, baseUrl: undefined });
    assert.deepEqual(checkBaseUrl('   '), { ok: true, baseUrl: undefined });
  });

  it('accepts http(s) URLs, trimmed and without trailing slashes', () => {
    assert.deepEqual(checkBaseUrl(' http://127.0.0.1:8787/ '), { ok: true, baseUrl: 'http://127.0.0.1:8787' });
    assert.deepEqual(checkBaseUrl('https://proxy.example.com/gemini//'), { ok: true, baseUrl: 'https://proxy.example.com/gemini' });
  });

  it('rejects what is not a URL', () => {
    const r = checkBaseUrl('localhost 8787');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /not a valid URL/);
  });

  it('rejects other protocols', () => {
    const r = checkBaseUrl('ftp://example.com');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /http:\/\/ or https:\/\//);
  });

  it('rejects a query or a fragment (e.g. a pasted ?key=)', () => {
    for (const v of ['https://example.com/?key=abc', 'https://example.com/#x']) {
      const r = checkBaseUrl(v);
      assert.equal(r.ok, false, v);
      assert.match((r as { message: string }).message, /query or fragment/);
    }
  });
});
