import { strict as assert } from 'node:assert';
import type { TurnEvent } from '../../src/core/conversation/types';
import { answerText, applyTurnEvent, finishTurn, isTerminalStatus, newModelTurn } from '../../src/core/conversation/transcript';
import { SCENARIOS } from './fixtures/scenarios';
import { plain, reduce, run } from './helpers';

describe('transcript reducer', () => {
  it('newModelTurn starts an empty streaming turn', () => {
    assert.deepEqual(newModelTurn('t', 'm', 5), { role: 'model', id: 't', model: 'm', parts: [], state: 'streaming', interactionIds: [], startedAt: 5 });
  });

  it('applying a whole translated stream yields the expected ModelTurn', () => {
    const sc = SCENARIOS.find((s) => s.name.startsWith('google search'))!;
    const { turn } = run(sc.steps);
    assert.deepEqual(plain(turn), {
      role: 'model', id: 'turn-1', model: 'gemini-3.5-flash', state: 'streaming', startedAt: 0,
      parts: sc.parts, interactionIds: ['v1_F'], status: 'completed', usage: sc.usage,
    });
  });

  it('text, thought and args deltas append to the part at their index', () => {
    const evs: TurnEvent[] = [
      { type: 'part', index: 0, part: { kind: 'thought', text: 'a' } },
      { type: 'part', index: 1, part: { kind: 'text', text: 'Hel' } },
      { type: 'part', index: 2, part: { kind: 'functionCall', id: 'f', name: 'n', argsText: '{"a"' } },
      { type: 'thought', index: 0, text: 'b' },
      { type: 'text', index: 1, text: 'lo' },
      { type: 'text', index: 1, text: '!' },
      { type: 'args', index: 2, text: ':1}' },
    ];
    const turn = reduce(evs);
    assert.deepEqual(turn.parts, [
      { kind: 'thought', text: 'ab' },
      { kind: 'text', text: 'Hello!' },
      { kind: 'functionCall', id: 'f', name: 'n', argsText: '{"a":1}' },
    ]);
    assert.equal(answerText(turn), 'Hello!');
  });

  it('a delta for a part of another kind (or a missing part) is ignored, not misapplied', () => {
    const turn = reduce([
      { type: 'part', index: 0, part: { kind: 'thought', text: 't' } },
      { type: 'text', index: 0, text: 'X' },
      { type: 'args', index: 0, text: 'Y' },
      { type: 'text', index: 5, text: 'Z' },
      { type: 'citations', index: 0, citations: [{ kind: 'url', url: 'u' }] },
    ]);
    assert.deepEqual(turn.parts, [{ kind: 'thought', text: 't' }]);
  });

  it('citations accumulate on the text part; update replaces a part wholesale', () => {
    const turn = reduce([
      { type: 'part', index: 0, part: { kind: 'text', text: 'abc', citations: [{ kind: 'url', url: 'a' }] } },
      { type: 'citations', index: 0, citations: [{ kind: 'url', url: 'b', start: 0, end: 1 }] },
      { type: 'part', index: 1, part: { kind: 'codeCall', id: 'c', code: '' } },
      { type: 'update', index: 1, part: { kind: 'codeCall', id: 'c', code: 'print(1)', language: 'python' } },
    ]);
    assert.deepEqual(turn.parts, [
      { kind: 'text', text: 'abc', citations: [{ kind: 'url', url: 'a' }, { kind: 'url', url: 'b', start: 0, end: 1 }] },
      { kind: 'codeCall', id: 'c', code: 'print(1)', language: 'python' },
    ]);
  });

  it('does not mutate the events it reduces: reducing the same events twice gives the same turn', () => {
    const evs: TurnEvent[] = [
      { type: 'interaction', id: 'v1', status: 'in_progress' },
      { type: 'part', index: 0, part: { kind: 'text', text: 'a', citations: [] } },
      { type: 'text', index: 0, text: 'b' },
      { type: 'citations', index: 0, citations: [{ kind: 'url', url: 'u' }] },
      { type: 'completed', id: 'v1', status: 'completed' },
    ];
    const snapshot = structuredClone(evs);
    const a = reduce(evs);
    const b = reduce(evs);
    assert.deepEqual(evs, snapshot);
    assert.deepEqual(b, a);
    assert.deepEqual(a.parts, [{ kind: 'text', text: 'ab', citations: [{ kind: 'url', url: 'u' }] }]);
  });

  it('interaction ids: one per hop, no duplicates from completed or a replayed created', () => {
    const turn = reduce([
      { type: 'interaction', id: 'h1', status: 'in_progress' },
      { type: 'completed', id: 'h1', status: 'requires_continuation' },
      { type: 'interaction', id: 'h2', status: 'in_progress' },
      { type: 'interaction', id: 'h2', status: 'in_progress' },
      { type: 'completed', id: 'h2', status: 'completed', usage: { total: 3 } },
    ]);
    assert.deepEqual(turn.interactionIds, ['h1', 'h2']);
    assert.equal(turn.status, 'completed');
    assert.deepEqual(turn.usage, { total: 3 });
  });

  it('the model the API names as answering is kept when it is not the one asked for (a routed id)', () => {
    // reduce() starts a turn asked of gemini-3.5-flash.
    assert.equal(reduce([{ type: 'interaction', id: 'h1', status: 'in_progress', model: 'gemini-3.5-flash' }]).servedBy, undefined);
    assert.equal(reduce([{ type: 'interaction', id: 'h1', status: 'in_progress', model: 'gemini-3.6-flash' }]).servedBy, 'gemini-3.6-flash');
    assert.equal(reduce([{ type: 'interaction', id: 'h1', status: 'in_progress' }]).servedBy, undefined);
  });

  it('completed without a prior interaction event still records the id', () => {
    const turn = reduce([{ type: 'completed', id: 'v1_x', status: 'failed' }]);
    assert.deepEqual(turn.interactionIds, ['v1_x']);
    assert.equal(turn.status, 'failed');
  });

  it('status and usage events update the turn; a completed without usage keeps the earlier usage', () => {
    const turn = reduce([
      { type: 'status', status: 'in_progress' },
      { type: 'usage', usage: { output: 4 } },
      { type: 'completed', id: 'v', status: 'incomplete' },
    ]);
    assert.equal(turn.status, 'incomplete');
    assert.deepEqual(turn.usage, { output: 4 });
  });

  it('only fatal errors set turn.error', () => {
    const turn = newModelTurn('t', 'm', 0);
    applyTurnEvent(turn, { type: 'error', message: 'empty error event', fatal: false });
    assert.equal(turn.error, undefined);
    applyTurnEvent(turn, { type: 'error', message: 'boom', code: 'not_found', fatal: true });
    assert.deepEqual(turn.error, { message: 'boom', code: 'not_found' });
  });

  it('finishTurn sets the state and the finish time', () => {
    const turn = newModelTurn('t', 'm', 0);
    finishTurn(turn, 'stopped', 42);
    assert.equal(turn.state, 'stopped');
    assert.equal(turn.finishedAt, 42);
  });

  it('isTerminalStatus: requires_continuation and in_progress are not terminal', () => {
    for (const s of ['completed', 'failed', 'cancelled', 'incomplete', 'budget_exceeded', 'requires_action']) assert.equal(isTerminalStatus(s), true, s);
    for (const s of ['in_progress', 'queued', 'requires_continuation', undefined]) assert.equal(isTerminalStatus(s), false, String(s));
  });

  it('answerText joins only the text parts', () => {
    const turn = reduce(run(SCENARIOS.find((s) => s.name.startsWith('interleaved'))!.steps).events);
    assert.equal(answerText(turn), 'Here is a cat:Enjoy!');
  });
});
