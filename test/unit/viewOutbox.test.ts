import * as assert from 'node:assert/strict';
import { ViewOutbox } from '../../src/core/panel/viewOutbox';
import type { HostToWebview } from '../../src/core/panel/protocol';

const draft = (text: string): HostToWebview => ({ type: 'draftRestore', text, attachments: [] });
const delta = (text: string): HostToWebview => ({ type: 'd', t: 't1', i: 0, x: text });

describe('messages for a view that is still loading', () => {
  it('holds a draft put back in the composer until the view is ready, then delivers it', () => {
    const sent: HostToWebview[] = [];
    const box = new ViewOutbox((m) => sent.push(m));
    box.post(draft('my question'));
    assert.deepEqual(sent, [], 'nothing reaches a view that cannot receive it yet');
    box.markReady();
    assert.deepEqual(sent, [draft('my question')]);
  });

  it('drops what the state carries (stream deltas) while not ready, and sends everything once ready', () => {
    const sent: HostToWebview[] = [];
    const box = new ViewOutbox((m) => sent.push(m));
    box.post(delta('lost, the state has it'));
    box.markReady();
    assert.deepEqual(sent, []);
    box.post(delta('live'));
    assert.deepEqual(sent, [delta('live')]);
  });

  it('keeps held messages in order and only the latest history/focus/error request', () => {
    const sent: HostToWebview[] = [];
    const box = new ViewOutbox((m) => sent.push(m));
    box.post({ type: 'showHistory' });
    box.post(draft('a'));
    box.post({ type: 'error', message: 'first' });
    box.post({ type: 'showHistory' });
    box.post({ type: 'error', message: 'second' });
    box.markReady();
    assert.deepEqual(sent.map((m) => m.type), ['draftRestore', 'showHistory', 'error']);
    assert.deepEqual(sent[2], { type: 'error', message: 'second' });
  });

  it('holds again after the view goes away and delivers only once', () => {
    const sent: HostToWebview[] = [];
    const box = new ViewOutbox((m) => sent.push(m));
    box.markReady();
    box.notReady();
    box.post(draft('b'));
    box.markReady();
    box.markReady();
    assert.deepEqual(sent, [draft('b')]);
  });

  it('bounds what it holds for a view that never opens', () => {
    const sent: HostToWebview[] = [];
    const box = new ViewOutbox((m) => sent.push(m));
    for (let i = 0; i < 200; i++) box.post(draft(String(i)));
    box.markReady();
    assert.equal(sent.length, 50);
    assert.deepEqual(sent.at(-1), draft('199'), 'the newest are kept');
  });
});
