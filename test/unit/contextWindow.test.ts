import { strict as assert } from 'node:assert';
import { contextPercent, contextTokens, contextWindow, conversationContext } from '../../src/core/models/contextWindow';
import { DEFAULT_MODELS, isKnownModel } from '../../src/core/models/models';
import { KNOWN_MODELS } from '../emulator/models';

describe('context window', () => {
  it('knows the 1,048,576-token window of the current text models and the smaller image ones', () => {
    for (const m of DEFAULT_MODELS) assert.equal(contextWindow(m), 1_048_576, m);
    assert.equal(contextWindow('gemini-2.5-flash-image'), 32_768);
  });

  it('every model src/core/models/models.ts knows has a window (a model added there without one would show no meter)', () => {
    const known = KNOWN_MODELS.filter(isKnownModel);
    assert.ok(known.length >= 10, 'the emulator lists the product\'s models');
    for (const m of known) assert.ok((contextWindow(m) ?? 0) > 0, m);
    for (const m of known.filter((x) => x.includes('-image'))) assert.ok(contextWindow(m)! < 1_048_576, `${m}: image models take less`);
  });

  it('the listed inputTokenLimit wins; an unknown model without one has no window', () => {
    assert.equal(contextWindow('gemini-3.8-flash', 2_000_000), 2_000_000);
    assert.equal(contextWindow('my-tuned-model', 32_000), 32_000);
    assert.equal(contextWindow('my-tuned-model'), undefined);
    assert.equal(contextWindow('my-tuned-model', 0), undefined, 'a zero or missing limit is no limit');
    assert.equal(contextWindow('constructor'), undefined, 'not an Object.prototype key');
  });

  it('the percentage is rounded and clamped', () => {
    assert.equal(contextPercent(12_000, 1_048_576), 1);
    assert.equal(contextPercent(2_000_000, 1_048_576), 100);
    assert.equal(contextPercent(10, undefined), undefined);
  });

  it('context use is the last answer’s input (cached included), or its last hop’s after several', () => {
    assert.equal(contextTokens({ input: 500, cached: 400, output: 20 }), 500);
    assert.equal(contextTokens({ input: 900, context: 600 }), 600);
    assert.equal(contextTokens({ output: 3 }), undefined);
    const turns = [
      { role: 'user' },
      { role: 'model', usage: { input: 100 } },
      { role: 'user' },
      { role: 'model', usage: { input: 300, cached: 100 } },
      { role: 'user' },
      { role: 'model' }, // failed, no usage: the previous answer still tells the context
    ];
    assert.equal(conversationContext(turns), 300);
    assert.equal(conversationContext([]), undefined);
  });
  // The translator's side (Usage.context after several hops) is checked in stream.test.ts (automatic continuation).
});
