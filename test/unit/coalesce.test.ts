import * as assert from 'node:assert/strict';
import { DeltaCoalescer, DeltaReader } from '../../src/core/panel/deltaCoalescer';
import type { HostToWebview } from '../../src/core/panel/protocol';
import type { TurnEvent } from '../../src/core/conversation/types';

/** A coalescer with a manual clock: `tick()` fires the pending timer. */
function setup(delayMs = 24) {
  /** What the webview sees: `d` messages read back the way it reads them. */
  const sent: unknown[] = [];
  const wire: HostToWebview[] = [];
  const reader = new DeltaReader();
  let timer: (() => void) | undefined;
  const delays: number[] = [];
  const c = new DeltaCoalescer((m) => {
    wire.push(m);
    sent.push(m.type === 'd' ? read(reader, m) : m);
  }, {
    delayMs,
    setTimer: (fn, ms) => { timer = fn; delays.push(ms); return fn; },
    clearTimer: (h) => { if (timer === h) timer = undefined; },
  });
  return { c, sent, wire, delays, tick: () => { const t = timer; timer = undefined; t?.(); }, hasTimer: () => timer !== undefined };
}
const ev = (turnId: string, event: TurnEvent): HostToWebview => ({ type: 'event', turnId, event });
const text = (t: string, index = 0, turn = 't1') => ev(turn, { type: 'text', index, text: t });
function read(reader: DeltaReader, m: Extract<HostToWebview, { type: 'd' }>) {
  const { turnId, event } = reader.read(m);
  return { delta: event.text, turnId, index: event.index, kind: event.type };
}
/** A merged delta as the webview reads it. */
const delta = (t: string, index = 0, turn = 't1', kind: 'text' | 'thought' | 'args' = 'text') => ({ delta: t, turnId: turn, index, kind });

describe('host → webview delta coalescing', () => {
  it('merges consecutive text deltas of the same part and sends them when the timer fires', () => {
    const { c, sent, tick, delays } = setup(16);
    c.post(text('Hel'));
    c.post(text('lo, '));
    c.post(text('world'));
    assert.deepEqual(sent, []);
    assert.deepEqual(delays, [16], 'one timer for the whole merge');
    tick();
    assert.deepEqual(sent, [delta('Hello, world')]);
  });

  it('flushes before any other message, keeping the order', () => {
    const { c, sent, hasTimer } = setup();
    c.post(text('a'));
    c.post(text('b'));
    c.post({ type: 'notice', turnId: 't1', text: 'retrying' });
    c.post(text('c'));
    c.post({ type: 'turnFinished', turnId: 't1', state: 'done' });
    assert.deepEqual(sent, [delta('ab'), { type: 'notice', turnId: 't1', text: 'retrying' }, delta('c'), { type: 'turnFinished', turnId: 't1', state: 'done' }]);
    assert.equal(hasTimer(), false, 'no timer left behind');
  });

  it('does not merge across parts, kinds or turns', () => {
    const { c, sent, tick } = setup();
    c.post(text('x', 0));
    c.post(text('y', 1));
    c.post(ev('t1', { type: 'thought', index: 1, text: 'hmm' }));
    c.post(ev('t1', { type: 'thought', index: 1, text: '…' }));
    c.post(ev('t1', { type: 'args', index: 2, text: '{"a"' }));
    c.post(ev('t1', { type: 'args', index: 2, text: ':1}' }));
    c.post(text('z', 1, 't2'));
    tick();
    assert.deepEqual(sent, [delta('x', 0), delta('y', 1), delta('hmm…', 1, 't1', 'thought'), delta('{"a":1}', 2, 't1', 'args'), delta('z', 1, 't2')]);
  });

  it('passes other events straight through (part, update, citations)', () => {
    const { c, sent } = setup();
    const part = ev('t1', { type: 'part', index: 0, part: { kind: 'text', text: '' } });
    const cit = ev('t1', { type: 'citations', index: 0, citations: [{ kind: 'url', url: 'https://a.example' }] });
    c.post(part);
    c.post(text('a'));
    c.post(cit);
    assert.deepEqual(sent, [part, delta('a'), cit]);
  });

  it('flush() sends what is pending (view going away) and is idempotent', () => {
    const { c, sent, hasTimer } = setup();
    c.flush();
    c.post(text('q'));
    c.flush();
    c.flush();
    assert.deepEqual(sent, [delta('q')]);
    assert.equal(hasTimer(), false);
  });

  it('the merged text equals the concatenation for any split (the webview reduces the same answer)', () => {
    const answer = 'Streaming ünïcödé 🙂 text, with "quotes" and\nnewlines.';
    for (const size of [1, 2, 5, 13]) {
      const { c, sent, tick } = setup();
      for (let i = 0; i < answer.length; i += size) {
        c.post(text(answer.slice(i, i + size)));
        if (i % (size * 4) === 0) tick();
      }
      c.flush();
      assert.equal(sent.map((m) => (m as { delta: string }).delta).join(''), answer);
    }
  });

  it('sends the compact form: short keys, the turn only when it changes, no kind for text', () => {
    const { c, wire } = setup();
    c.post(text('Hello', 0, 'turn-a'));
    c.flush();
    c.post(text(' world', 0, 'turn-a'));
    c.flush();
    c.post(ev('turn-a', { type: 'thought', index: 1, text: 'hm' }));
    c.post(text('x', 0, 'turn-b'));
    c.flush();
    assert.deepEqual(wire, [
      { type: 'd', t: 'turn-a', i: 0, x: 'Hello' },
      { type: 'd', i: 0, x: ' world' },
      { type: 'd', i: 1, k: 'thought', x: 'hm' },
      { type: 'd', t: 'turn-b', i: 0, x: 'x' },
    ]);
    // A 40-character delta costs at most twice its size on the wire.
    const forty = 'x'.repeat(40);
    c.post(text(forty, 0, 'turn-b'));
    c.flush();
    assert.ok(JSON.stringify(wire.at(-1)).length <= 80, JSON.stringify(wire.at(-1)));
  });

  it('after discard() (the view gone or reloaded), the next delta names its turn again', () => {
    const { c, wire } = setup();
    c.post(text('a'));
    c.flush();
    c.discard();
    c.post(text('b'));
    c.flush();
    c.discard();
    c.post(text('c'));
    c.flush();
    assert.deepEqual(wire.map((m) => (m as { t?: string }).t), ['t1', 't1', 't1']);
  });

  it('discard() drops the pending delta and its timer (the view is gone)', () => {
    const { c, sent, hasTimer, tick } = setup();
    c.post(text('lost'));
    c.discard();
    tick();
    assert.equal(hasTimer(), false);
    c.post(text('kept'));
    c.flush();
    assert.deepEqual(sent, [delta('kept')]);
  });

  it('uses a real timer by default', async () => {
    const sent: HostToWebview[] = [];
    const c = new DeltaCoalescer((m) => sent.push(m), { delayMs: 5 });
    c.post(text('a'));
    c.post(text('b'));
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(sent, [{ type: 'd', t: 't1', i: 0, x: 'ab' }]);
  });
});
