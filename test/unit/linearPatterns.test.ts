// Patterns that meet long, hostile input (a model's summary, a workspace's settings and schema, a
// server's error text) run in linear time: each case here took seconds or longer with the old pattern.
import * as assert from 'node:assert/strict';
import { checkBaseUrl, trimTrailingSlashes } from '../../src/core/gemini/endpoint';
import { isUnknownInteraction } from '../../src/core/gemini/errors';
import { summaryHeading } from '../../src/core/slash/parseSlash';
import { schemaProblem, validateJsonReply } from '../../src/core/slash/structured';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('linear-time patterns on long hostile input', () => {
  it('Deep Research heading: a long run of newlines (was quadratic: seconds)', () => {
    const r = timed(() => summaryHeading(`a${'\n'.repeat(200_000)}a`));
    assert.equal(r.value, 'a');
    assert.ok(r.ms < 1000, `${r.ms} ms`);
    assert.equal(summaryHeading('x\n\n\n**Last heading**\n\nbody'), 'Last heading');
    assert.ok(timed(() => summaryHeading(`**${'a'.repeat(200_000)}`)).ms < 1000);
  });

  it('apiBaseUrl trailing slashes: a long run of slashes (was quadratic: seconds)', () => {
    const url = `http://127.0.0.1:8787${'/'.repeat(200_000)}x`;
    const r = timed(() => checkBaseUrl(url));
    assert.equal(r.value.ok, true);
    assert.ok(r.ms < 1000, `${r.ms} ms`);
    assert.equal(trimTrailingSlashes('http://h/v1///'), 'http://h/v1');
    assert.equal(trimTrailingSlashes('///'), '');
    assert.deepEqual(checkBaseUrl('http://h:1/base/'), { ok: true, baseUrl: 'http://h:1/base' });
  });

  it("a server's long error text (was quadratic: seconds)", () => {
    const serverMessage = 'interaction '.repeat(100_000);
    const r = timed(() => isUnknownInteraction({ kind: 'badRequest', message: 'x', serverMessage } as Parameters<typeof isUnknownInteraction>[0]));
    assert.equal(r.value, false);
    assert.ok(r.ms < 1000, `${r.ms} ms`);
    assert.equal(isUnknownInteraction({ kind: 'badRequest', message: 'x', serverMessage: 'Interaction abc was not found.' } as Parameters<typeof isUnknownInteraction>[0]), true);
  });

  it("a workspace schema's pattern runs in RE2 (was exponential: ^(a+)+$ on 30 characters takes seconds)", () => {
    const schema = { type: 'object', properties: { id: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^(x+x+)+y$': { type: 'string' } } };
    const reply = JSON.stringify({ id: `${'a'.repeat(30)}!`, [`${'x'.repeat(30)}`]: 1 });
    const r = timed(() => validateJsonReply(schema, reply));
    assert.ok(r.ms < 1500, `${r.ms} ms`);
    assert.equal(r.value.ok, false);
    assert.deepEqual((r.value as { errors: string[] }).errors, ['/id: must match pattern "^(a+)+$"']);
    // Patterns still match as before.
    assert.equal(validateJsonReply(schema, JSON.stringify({ id: 'aaaa', xxy: 'ok' })).ok, true);
    assert.equal(validateJsonReply(schema, JSON.stringify({ id: 'aaaa', xxy: 3 })).ok, false);
    assert.equal(validateJsonReply({ type: 'string', pattern: '\\d{3}-\\d{4}' }, '"call 555-1234"').ok, true);
  });

  it('a schema pattern RE2 cannot run (lookahead, backreference) is reported as a schema problem', () => {
    assert.match(schemaProblem({ type: 'string', pattern: '^(?=a)a$' }) ?? '', /The schema is not valid/);
    assert.match(schemaProblem({ type: 'string', pattern: '(a)\\1' }) ?? '', /The schema is not valid/);
    assert.equal(schemaProblem({ type: 'string', pattern: '^[a-z]+$' }), undefined);
  });
});
