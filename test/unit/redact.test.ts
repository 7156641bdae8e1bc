import { strict as assert } from 'node:assert';
import { redact } from '../../src/core/util/redact';
import { KnownMcpSecrets } from '../../src/vscode/tools/mcpSecrets';

const KEY = 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';

describe('redact', () => {
  it('removes Google API keys anywhere in the text', () => {
    const out = redact(`using key ${KEY} for the call`);
    assert.equal(out, 'using key [REDACTED] for the call');
  });

  it('removes x-goog-api-key header values in header, JSON and inspect forms', () => {
    assert.equal(redact('x-goog-api-key: my-secret-value'), 'x-goog-api-key: [REDACTED]');
    assert.equal(redact('{"x-goog-api-key":"my-secret-value","accept":"*/*"}'), '{"x-goog-api-key":"[REDACTED]","accept":"*/*"}');
    assert.equal(redact("Headers { 'X-Goog-Api-Key': 'abc123', a: 'b' }"), "Headers { 'X-Goog-Api-Key': '[REDACTED]', a: 'b' }");
  });

  it('removes ?key= and &key= query parameters but keeps the rest of the URL', () => {
    assert.equal(redact('GET https://h/v1beta/files?key=secret123&alt=json'), 'GET https://h/v1beta/files?key=[REDACTED]&alt=json');
    assert.equal(redact('https://h/upload?alt=json&key=s3cr3t'), 'https://h/upload?alt=json&key=[REDACTED]');
  });

  it('removes explicitly given secrets of 4+ characters, and leaves short ones alone', () => {
    assert.equal(redact('token=hunter2 and again hunter2', ['hunter2']), 'token=[REDACTED] and again [REDACTED]');
    assert.equal(redact('abc', ['ab', undefined]), 'abc');
  });

  it('removes every given secret (API key and MCP secrets) also URL-encoded and JSON-escaped', () => {
    const mcp = 'tok/with+special"chars';
    const out = redact(`a ${mcp} b ${encodeURIComponent(mcp)} c ${JSON.stringify(mcp)} d other-secret`, ['the-api-key', mcp, 'other-secret']);
    assert.doesNotMatch(out, /special|other-secret/);
    assert.equal(out, 'a [REDACTED] b [REDACTED] c "[REDACTED]" d [REDACTED]');
    // A secret that contains another is replaced whole.
    assert.equal(redact('x abcdefgh y', ['abcd', 'abcdefgh']), 'x [REDACTED] y');
  });

  it('leaves ordinary text untouched', () => {
    const s = 'create: model=gemini-3.5-flash store=true history=3 keyboard=us';
    assert.equal(redact(s), s);
  });
});

describe('the MCP secrets known for redaction', () => {
  it('are every stored MCP secret, kept current when one is set, changed or deleted', async () => {
    const stored = new Map<string, string>([
      ['geminiInteractions.mcpSecret.github', 'ghp-stored-0042'],
      ['geminiInteractions.mcpSecret.docs', 'docs-token-0042'],
      ['geminiInteractions.apiKey', 'not-an-mcp-secret'],
    ]);
    let fire: (e: { key: string }) => void = () => undefined;
    const secrets = {
      get: async (k: string) => stored.get(k),
      keys: async () => [...stored.keys()],
      onDidChange: (f: (e: { key: string }) => void) => { fire = f; return { dispose() {} }; },
    };
    const known = new KnownMcpSecrets(secrets as unknown as ConstructorParameters<typeof KnownMcpSecrets>[0]);
    await known.load();
    assert.deepEqual(known.all().sort(), ['docs-token-0042', 'ghp-stored-0042']);
    assert.equal(redact(`Authorization: Bearer ghp-stored-0042`, known.all()), 'Authorization: Bearer [REDACTED]');

    known.remember('geminiInteractions.mcpSecret.new', 'brand-new-0042'); // before the storage event arrives
    assert.ok(known.all().includes('brand-new-0042'));
    stored.delete('geminiInteractions.mcpSecret.docs');
    fire({ key: 'geminiInteractions.mcpSecret.docs' });
    await new Promise((r) => setImmediate(r));
    assert.equal(known.all().includes('docs-token-0042'), false);
  });
});
