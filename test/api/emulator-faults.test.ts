// Fidelity suite, part 4: fault injection and how SDK 3.1.0 reacts to each fault.
import * as assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import { collect, DR_AGENT, eventTypes, expectApiError, MODEL, raw, sleep, useEmulator } from './emulator-helpers';

describe('emulator: faults (SDK 3.1.0)', function () {
  this.timeout(15_000);
  const { emu, ai } = useEmulator();

  it('cut_stream: a model stream fails with APIConnectionError "terminated"; the interaction still completes and GET resumes it', async () => {
    emu().configure({ tidyStream: true }); // an id on every event, so events[3] has one
    emu().injectFault({ name: 'cut_stream', afterEvents: 4 });
    const { events, error } = await collect(await (ai().interactions.create({ model: MODEL, input: 'cut me', stream: true }) as any));
    assert.equal(events.length, 4);
    assert.equal(error?.constructor.name, 'APIConnectionError');
    assert.match(error.message, /terminated/);
    const id = events[0].interaction.id;
    const rest = await collect(await (ai().interactions.get(id, { stream: true, last_event_id: events[3].event_id }) as any));
    const all = [...events, ...rest.events];
    assert.equal(all[all.length - 1].event_type, 'interaction.completed');
    assert.equal(new Set(all.map((e) => e.event_id)).size, all.length, 'no event repeated or lost');
    const full = await collect(await (ai().interactions.get(id, { stream: true }) as any));
    assert.deepEqual(full.events, all);
  });

  it('cut_stream on a background/agent stream surfaces the raw TypeError', async () => {
    emu().queueScenario({ name: 'deep_research', durationMs: 100, polls: 0 });
    emu().injectFault({ name: 'cut_stream', afterEvents: 3 });
    const { events, error } = await collect(await (ai().interactions.create({ agent: DR_AGENT, input: 'x', background: true, stream: true }) as any));
    assert.equal(events.length, 3);
    assert.equal(error?.name, 'TypeError');
    assert.match(error.message, /terminated/);
  });

  it('live_cut: the 600 s cut ends the SDK stream cleanly without interaction.completed; resume gets the rest', async () => {
    emu().configure({ tidyStream: true });
    emu().injectFault({ name: 'live_cut', afterEvents: 5 });
    const { events, error } = await collect(await (ai().interactions.create({ model: MODEL, input: 'long', stream: true }) as any));
    assert.equal(error, undefined);
    assert.equal(events.length, 5);
    assert.ok(!eventTypes(events).includes('interaction.completed'));
    const res = await raw(emu(), '/__emulator/requests', { key: null });
    assert.equal(res.status, 200);
    const rest = await collect(await (ai().interactions.get(events[0].interaction.id, { stream: true, last_event_id: events[4].event_id }) as any));
    assert.equal(rest.events[rest.events.length - 1].interaction.status, 'completed');
  });

  it('live_cut writes the raw JSON error array into the body (wire check)', async () => {
    emu().injectFault({ name: 'live_cut', afterEvents: 2 });
    const res = await raw(emu(), '/v1/interactions', { method: 'POST', body: JSON.stringify({ model: MODEL, input: 'x', stream: true }) });
    const body = await res.text();
    assert.ok(body.endsWith('[{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}]\n'));
  });

  it('a cut after a continuation checkpoint makes the SDK resume with the token', async () => {
    const input = 'checkpoint\n#scenario:continuation';
    const clean = await collect(await (ai().interactions.create({ model: MODEL, input, stream: true }) as any));
    const hop1 = clean.events.findIndex((e) => e.event_type === 'interaction.completed');
    assert.equal(clean.events[hop1 - 1].continuation_token, clean.events[hop1].interaction.continuation_token, 'checkpoint precedes completed');
    emu().reset();
    emu().injectFault({ name: 'cut_stream', afterEvents: hop1 }); // everything up to the checkpoint, not the completed
    const { events, error } = await collect(await (ai().interactions.create({ model: MODEL, input, stream: true }) as any));
    assert.equal(error, undefined);
    assert.equal(events[events.length - 1].interaction.status, 'completed');
    const creates = emu().requests().filter((r) => r.op === 'create');
    assert.equal(creates.length, 2);
    assert.equal((creates[1].body as any).continuation_token, events[hop1 - 1].continuation_token);
  });

  it('rate_limit: 429 + retry-after-ms is retried by the SDK, which then succeeds; duplicates are counted', async () => {
    emu().injectFault({ name: 'rate_limit', times: 2, retryAfterMs: 20 });
    const r: any = await ai().interactions.create({ model: MODEL, input: 'retry me' });
    assert.equal(r.status, 'completed');
    const creates = emu().requests().filter((x) => x.op === 'create');
    assert.deepEqual(creates.map((x) => x.status), [429, 429, 200]);
    assert.deepEqual(creates.map((x) => x.duplicateOf), [undefined, creates[0].seq, creates[0].seq]);
    assert.equal(emu().stats().duplicateCreates, 2);
  });

  it('rate_limit body: RESOURCE_EXHAUSTED with RetryInfo and a retry-after header', async () => {
    emu().injectFault({ name: 'rate_limit', retryAfterS: 7 });
    const e = await expectApiError(ai().interactions.create({ model: MODEL, input: 'x' }, { maxRetries: 0 }), 429);
    assert.equal(e.name, 'RateLimitError');
    assert.equal(e.headers.get('retry-after'), '7');
    assert.equal(e.error.error.status, 'RESOURCE_EXHAUSTED');
    assert.deepEqual(e.error.error.details, [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]);
  });

  it('quota_exhausted: a 429 with QuotaFailure, distinguishable from a rate limit; persists for `times` requests', async () => {
    emu().injectFault({ name: 'quota_exhausted', times: 3 });
    const e = await expectApiError(ai().interactions.create({ model: MODEL, input: 'x' }, { maxRetries: 0 }), 429, 'exceeded your current quota');
    assert.equal(e.name, 'RateLimitError');
    assert.equal(e.headers.get('retry-after'), null);
    assert.equal(e.error.error.details[0]['@type'], 'type.googleapis.com/google.rpc.QuotaFailure');
    await expectApiError(ai().interactions.create({ model: MODEL, input: 'x' }, { maxRetries: 1 }), 429, 'quota');
    assert.equal(emu().pendingFaults().length, 0);
    assert.equal(emu().requests().length, 3);
  });

  it('server_error: 5xx for N requests; the SDK tries 5 times then throws InternalServerError', async () => {
    emu().injectFault({ name: 'server_error', status: 503, times: 5, retryAfterMs: 5 });
    const e = await expectApiError(ai().interactions.create({ model: MODEL, input: 'x' }), 503, 'overloaded');
    assert.equal(e.name, 'InternalServerError');
    assert.equal(emu().requests().length, 5);
    emu().injectFault({ name: 'server_error', status: 500, on: 'get', retryAfterMs: 5 });
    const c: any = await ai().interactions.create({ model: MODEL, input: 'x' });
    const g: any = await ai().interactions.get(c.id);
    assert.equal(g.status, 'completed');
    assert.deepEqual(emu().requests().filter((r) => r.op === 'get').map((r) => r.status), [500, 200]);
  });

  it('slow_stream paces every event', async () => {
    emu().injectFault({ name: 'slow_stream', delayMs: 15 });
    const t0 = Date.now();
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: '#scenario:text text="a b c" thought=false', stream: true }) as any));
    assert.ok(Date.now() - t0 >= events.length * 15 - 5);
  });

  it('malformed_event and empty_error_event are delivered as items; the stream continues to completed', async () => {
    emu().injectFault([{ name: 'malformed_event', afterEvents: 2 }, { name: 'empty_error_event', afterEvents: 4 }]);
    const { events, error } = await collect(await (ai().interactions.create({ model: MODEL, input: 'noise', stream: true }) as any));
    assert.equal(error, undefined);
    assert.equal(events[2], 'this is not json');
    assert.deepEqual(events[5], { event_type: 'error' });
    assert.equal(events[events.length - 1].interaction.status, 'completed');
  });

  it('stall: events stop but the socket stays open until the client aborts', async () => {
    emu().injectFault({ name: 'stall', afterEvents: 2 });
    const ctrl = new AbortController();
    const stream: any = await ai().interactions.create({ model: MODEL, input: 'stall', stream: true }, { signal: ctrl.signal });
    const seen: any[] = [];
    const reading = collect((async function* () { for await (const e of stream) { seen.push(e); yield e; } })());
    await sleep(150);
    assert.equal(seen.length, 2);
    ctrl.abort();
    const { error } = await reading;
    assert.ok(error, 'the abort ends the read');
  });

  it('omit_usage: the streamed completed event has no usage; the stored resource does', async () => {
    emu().injectFault({ name: 'omit_usage' });
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: 'x', stream: true }) as any));
    const done = events[events.length - 1].interaction;
    assert.equal(done.usage, undefined);
    const g: any = await ai().interactions.get(done.id);
    assert.equal(typeof g.usage.total_tokens, 'number');
  });

  it('faults can be armed through POST /__emulator/fault and inspected / cleared', async () => {
    const res = await raw(emu(), '/__emulator/fault', { method: 'POST', key: null, body: JSON.stringify({ name: 'server_error', status: 500, on: '*', times: 2 }) });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as any).pending, [{ name: 'server_error', status: 500, on: '*', times: 2 }]);
    const bad = await raw(emu(), '/__emulator/fault', { method: 'POST', key: null, body: JSON.stringify({ name: 'nope' }) });
    assert.equal(bad.status, 400);
    await raw(emu(), '/__emulator/fault', { method: 'DELETE', key: null });
    assert.deepEqual(emu().pendingFaults(), []);
    const reqs = await raw(emu(), '/__emulator/requests', { key: null });
    assert.deepEqual(((await reqs.json()) as any).requests, []);
  });

  it('an invalid-key client is not retried (400), unlike 429/5xx', async () => {
    const bad = new GoogleGenAI({ apiKey: 'nope', httpOptions: { baseUrl: emu().url } });
    await expectApiError(bad.interactions.create({ model: MODEL, input: 'x' }), 400);
    assert.equal(emu().requests().length, 1);
  });
});
