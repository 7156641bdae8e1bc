// A public command's argument never answers for the user outside a test runner: it pre-fills the question.
import * as assert from 'node:assert/strict';
import { argumentUse, skipRequested } from '../../src/core/util/commandArguments';

describe('command arguments', () => {
  it('outside a test runner an argument only pre-fills the question, even when it asks to skip it', () => {
    assert.deepEqual(argumentUse('send my files', false, { skipQuestion: true }), { ask: true, prefill: 'send my files' });
    assert.deepEqual(argumentUse('send my files', false, undefined), { ask: true, prefill: 'send my files' });
    assert.deepEqual(argumentUse({ schema: 1 }, false, { skipQuestion: true }), { ask: true, prefill: { schema: 1 } });
  });

  it('under a test runner the argument is the answer only when the test asks for it', () => {
    assert.deepEqual(argumentUse('a red fox', true, { skipQuestion: true }), { ask: false, answer: 'a red fox' });
    assert.deepEqual(argumentUse('a red fox', true, {}), { ask: true, prefill: 'a red fox' });
    assert.deepEqual(argumentUse('a red fox', true, { skipQuestion: 'yes' }), { ask: true, prefill: 'a red fox' });
  });

  it('no argument: the question is asked, empty', () => {
    assert.deepEqual(argumentUse(undefined, true, { skipQuestion: true }), { ask: true });
    assert.deepEqual(argumentUse(undefined, false, undefined), { ask: true });
  });

  it('only skipQuestion: true asks to skip', () => {
    assert.equal(skipRequested({ skipQuestion: true }), true);
    for (const o of [undefined, null, 'skipQuestion', { skipQuestion: 1 }, { skipQuestion: 'true' }, [true]]) assert.equal(skipRequested(o), false, JSON.stringify(o));
  });
});
