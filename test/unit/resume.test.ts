// Idempotent resume in the translator: replayed deltas after a sparse event id are skipped (even when the
// replay is chunked differently), a GET rebuild adds only what is missing, signature fragments
// concatenate, and metadata.total_usage counts as usage.
import { strict as assert } from 'node:assert';
import { StreamTranslator } from '../../src/core/gemini/stream/streamTranslator';
import type { TurnEvent } from '../../src/core/conversation/types';
import { applyTurnEvent, answerText, newModelTurn } from '../../src/core/conversation/transcript';

type Ev = Record<string, unknown>;
const created = (id = 'v1_R'): Ev => ({ event_type: 'interaction.created', interaction: { id, status: 'in_progress' } });
const start = (index: number, step: Ev, event_id?: string): Ev => ({ event_type: 'step.start', index, step, ...(event_id ? { event_id } : {}) });
const text = (index: number, t: string, event_id?: string): Ev => ({ event_type: 'step.delta', index, delta: { type: 'text', text: t }, ...(event_id ? { event_id } : {}) });
const sig = (index: number, signature: string, event_id?: string): Ev => ({ event_type: 'step.delta', index, delta: { type: 'thought_signature', signature }, ...(event_id ? { event_id } : {}) });
const stop = (index: number): Ev => ({ event_type: 'step.stop', index });
const completed = (extra: Ev = {}): Ev => ({ event_type: 'interaction.completed', interaction: { id: 'v1_R', status: 'completed' }, ...extra });

function feeder() {
  const tr = new StreamTranslator();
  const turn = newModelTurn('t', 'm', 0);
  const events: TurnEvent[] = [];
  const feed = (evs: Ev[]) => { for (const e of evs) for (const out of tr.feed(e)) { events.push(out); applyTurnEvent(turn, out); } };
  return { tr, turn, events, feed };
}

const wireText = (steps: Record<string, any>[]) => steps.filter((s) => s.type === 'model_output').flatMap((s) => s.content).map((c: any) => c.text).join('');

describe('resume with sparse event ids', () => {
  it('skips the replayed events after the last id seen; screen and wire steps have the text once', () => {
    const { tr, turn, feed } = feeder();
    feed([created(), start(0, { type: 'thought' }), sig(0, 'SIG', 'e1'), stop(0), start(1, { type: 'model_output' }), text(1, 'Hello ', 'e2'), text(1, 'wor'), text(1, 'ld')]);
    // cut here; the server replays everything after e2
    assert.equal(tr.lastEventId, 'e2');
    tr.beginResume();
    feed([text(1, 'wor'), text(1, 'ld'), text(1, ', again.'), stop(1), completed()]);
    assert.equal(answerText(turn), 'Hello world, again.');
    assert.equal(wireText(tr.steps()), 'Hello world, again.');
    assert.equal(tr.steps()[0].signature, 'SIG');
  });

  it('compares characters, so a replay chunked differently adds only the missing tail', () => {
    const { tr, turn, feed } = feeder();
    feed([created(), start(0, { type: 'model_output' }, 'e1'), text(0, 'abc'), text(0, 'de')]);
    tr.beginResume();
    feed([text(0, 'a'), text(0, 'bcdefg'), text(0, 'h'), stop(0), completed()]);
    assert.equal(answerText(turn), 'abcdefgh');
    assert.equal(wireText(tr.steps()), 'abcdefgh');
  });

  it('with no id at all, a replay from the start is skipped up to what was applied (steps opened after the cut are new)', () => {
    const { tr, turn, feed } = feeder();
    feed([created(), start(0, { type: 'model_output' }), text(0, 'one two')]);
    assert.equal(tr.lastEventId, undefined);
    tr.beginResume();
    feed([created(), start(0, { type: 'model_output' }), text(0, 'one '), text(0, 'two three'), stop(0), start(1, { type: 'model_output' }), text(1, '!'), stop(1), completed()]);
    assert.equal(answerText(turn), 'one two three!');
  });

  it('a resume cut again during the replay resumes from the server position, not from what was applied', () => {
    const { tr, turn, feed } = feeder();
    feed([created(), start(0, { type: 'model_output' }, 'e1'), text(0, 'A'), text(0, 'B'), text(0, 'C')]);
    tr.beginResume();
    feed([text(0, 'A', 'e3')]); // replayed, with an id this time; cut again
    tr.beginResume();
    feed([text(0, 'B'), text(0, 'C'), text(0, 'D'), stop(0), completed()]);
    assert.equal(answerText(turn), 'ABCD');
  });
});

describe('rebuild from a GET (no event id was seen)', () => {
  it('adds only what the partly streamed turn lacks, skipping the leading input steps', () => {
    const { tr, turn, feed } = feeder();
    feed([created(), start(0, { type: 'thought' }), sig(0, 'SI'), start(1, { type: 'model_output' }), text(1, 'Hello wo')]);
    const events = tr.reconcile({
      id: 'v1_R', status: 'completed', usage: { total_tokens: 7 },
      steps: [
        { type: 'user_input', content: [{ type: 'text', text: 'hi' }] },
        { type: 'thought', signature: 'SIGNATURE' },
        { type: 'model_output', content: [{ type: 'text', text: 'Hello world.' }, { type: 'image', mime_type: 'image/png', data: 'AAAA' }] },
        { type: 'function_call', id: 'f1', name: 'get', arguments: { a: 1 }, signature: 'FS' },
      ],
    });
    for (const ev of events) applyTurnEvent(turn, ev);
    assert.equal(answerText(turn), 'Hello world.');
    const steps = tr.steps();
    assert.equal(steps[0].signature, 'SIGNATURE');
    assert.deepEqual(steps[1].content.map((c: any) => c.type), ['text', 'image']);
    assert.equal(steps[1].content[0].text, 'Hello world.');
    assert.deepEqual(steps[2], { type: 'function_call', id: 'f1', name: 'get', arguments: { a: 1 }, signature: 'FS' });
    assert.equal(turn.parts.filter((p) => p.kind === 'media').length, 1);
    assert.equal(turn.usage?.total, 7);
    assert.equal(tr.finished, true);
  });
});

describe('thought signatures and usage', () => {
  it('concatenates non-empty thought_signature fragments instead of replacing', () => {
    const { tr, feed } = feeder();
    feed([created(), start(0, { type: 'thought' }), sig(0, ''), sig(0, 'Et'), sig(0, ''), sig(0, 'YF'), sig(0, 'q='), stop(0), completed()]);
    assert.equal(tr.steps()[0].signature, 'EtYFq=');
  });

  it('reads metadata.total_usage on interaction.completed when the interaction has no usage', () => {
    const { turn, feed } = feeder();
    feed([created(), start(0, { type: 'model_output' }), text(0, 'x'), stop(0), completed({ metadata: { total_usage: { total_input_tokens: 3, total_output_tokens: 4, total_tokens: 7 } } })]);
    assert.deepEqual(turn.usage, { input: 3, output: 4, total: 7 });
  });
});
