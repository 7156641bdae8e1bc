import * as assert from 'node:assert/strict';
import { RequestRunner } from '../../src/core/panel/viewRequests';
import type { ResponseMessage } from '../../src/core/panel/protocol';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('webview requests (host side)', () => {
  it('answers each request with its own id, in the order the work finishes', async () => {
    const answers: ResponseMessage[] = [];
    const runner = new RequestRunner((m) => answers.push(m));
    const first = deferred<{ savedTo: string }>();
    const second = deferred<{ savedTo: string }>();
    const a = runner.run(1, () => first.promise);
    const b = runner.run(2, () => second.promise);
    second.resolve({ savedTo: 'two.png' });
    await b;
    first.resolve({ savedTo: 'one.png' });
    await a;
    assert.deepEqual(answers, [
      { type: 'response', id: 2, result: { savedTo: 'two.png' } },
      { type: 'response', id: 1, result: { savedTo: 'one.png' } },
    ]);
  });

  it('answers a failure with its message', async () => {
    const answers: ResponseMessage[] = [];
    const runner = new RequestRunner((m) => answers.push(m));
    await runner.run(7, async () => { throw new Error('The file is gone.'); });
    assert.deepEqual(answers, [{ type: 'response', id: 7, error: 'The file is gone.' }]);
  });

  it('cancel aborts the work\'s signal and answers cancelled, even if the work then finishes', async () => {
    const answers: ResponseMessage[] = [];
    const runner = new RequestRunner((m) => answers.push(m));
    const gate = deferred<void>();
    let sawAbort = false;
    const run = runner.run(3, async (signal) => {
      signal.addEventListener('abort', () => { sawAbort = true; });
      await gate.promise;
      return { attachments: [{ id: 'x', name: 'a.txt', kind: 'text', mimeType: 'text/plain', sizeBytes: 1, source: 'file' }] };
    });
    runner.cancel(3);
    gate.resolve();
    await run;
    assert.equal(sawAbort, true);
    assert.deepEqual(answers, [{ type: 'response', id: 3, cancelled: true }]);
  });

  it('cancelling an unknown or finished request does nothing; a duplicate id is answered once', async () => {
    const answers: ResponseMessage[] = [];
    const runner = new RequestRunner((m) => answers.push(m));
    runner.cancel(99);
    const gate = deferred<{ savedTo: string }>();
    const a = runner.run(5, () => gate.promise);
    await runner.run(5, async () => ({ savedTo: 'dup' }));
    gate.resolve({ savedTo: 'first' });
    await a;
    runner.cancel(5);
    assert.deepEqual(answers, [{ type: 'response', id: 5, result: { savedTo: 'first' } }]);
  });

  it('cancelAll aborts everything running (the view went away)', async () => {
    const answers: ResponseMessage[] = [];
    const runner = new RequestRunner((m) => answers.push(m));
    const runs = [1, 2].map((id) => runner.run(id, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))));
    runner.cancelAll();
    await Promise.all(runs);
    assert.deepEqual(answers, [{ type: 'response', id: 1, cancelled: true }, { type: 'response', id: 2, cancelled: true }]);
  });
});
