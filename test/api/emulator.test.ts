// Fidelity suite, part 1: endpoints, framing, replay, auth and conversation state, driven by the real SDK 3.1.0.
import * as assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import { rebuildSteps } from '../emulator/events';
import { collect, eventTypes, expectApiError, MODEL, parseSse, raw, types, useEmulator } from './emulator-helpers';

describe('emulator: interactions endpoints (SDK 3.1.0)', function () {
  this.timeout(10_000);
  const { emu, ai } = useEmulator();

  it('unary create returns output steps, usage and the SDK helpers', async () => {
    const it1: any = await ai().interactions.create({ model: MODEL, input: 'Tell me a joke' });
    assert.match(it1.id, /^v1_/);
    assert.equal(it1.object, 'interaction');
    assert.equal(it1.model, MODEL);
    assert.equal(it1.status, 'completed');
    assert.deepEqual(types(it1.steps), ['thought', 'model_output']);
    assert.ok(it1.steps[0].signature, 'thought carries a signature');
    assert.match(it1.output_text, /local emulator/i);
    assert.match(it1.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const k of ['total_input_tokens', 'total_output_tokens', 'total_thought_tokens', 'total_tokens']) assert.equal(typeof it1.usage[k], 'number', k);
    assert.equal(it1.usage.total_tokens, it1.usage.total_input_tokens + it1.usage.total_output_tokens + it1.usage.total_thought_tokens);
    assert.deepEqual(it1.continuation_ids, [it1.id]);
    const [req] = emu().requests();
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v1/interactions');
    assert.equal(req.op, 'create');
    assert.equal(req.headers['x-goog-api-key'], '[REDACTED]');
    assert.deepEqual(req.body, { model: MODEL, input: 'Tell me a joke' });
    assert.equal(req.status, 200);
  });

  it('streams created → status_update → step start/delta/stop → completed → [DONE], with unique event ids (tidy stream)', async () => {
    emu().configure({ tidyStream: true });
    const stream: any = await ai().interactions.create({ model: MODEL, input: 'Hello', stream: true });
    const { events, error } = await collect(stream);
    assert.equal(error, undefined);
    const t = eventTypes(events);
    assert.deepEqual(t.slice(0, 3), ['interaction.created', 'interaction.status_update', 'step.start']);
    assert.equal(t[t.length - 1], 'interaction.completed');
    assert.equal(events[0].interaction.status, 'in_progress');
    assert.equal(events[0].interaction.model, MODEL);
    const ids = events.map((e) => e.event_id);
    assert.ok(ids.every((x) => typeof x === 'string' && x.length > 0));
    assert.equal(new Set(ids).size, ids.length);
    // every step: start, ≥0 deltas, stop, with indexes 0,1,2…
    let expected = 0;
    for (let i = 2; i < events.length - 1; i++) {
      const e = events[i];
      if (e.event_type === 'step.start') assert.equal(e.index, expected);
      if (e.event_type === 'step.stop') assert.equal(e.index, expected++);
      if (e.event_type === 'step.delta') assert.equal(e.index, expected);
    }
    assert.ok(events.filter((e) => e.event_type === 'step.delta' && e.delta.type === 'text').length > 1, 'text arrives as several deltas');
    const done = events[events.length - 1].interaction;
    assert.equal(done.status, 'completed');
    assert.equal(typeof done.usage.total_tokens, 'number');
  });

  it('SSE framing on the wire: text/event-stream, event/data pairs, blank lines, [DONE] sentinel', async () => {
    const res = await raw(emu(), '/v1/interactions', { method: 'POST', body: JSON.stringify({ model: MODEL, input: 'hi', stream: true }), headers: { accept: 'application/json' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
    const frames = parseSse(await res.text());
    const last = frames.pop()!;
    assert.deepEqual(last, { event: 'done', data: '[DONE]' });
    for (const f of frames) {
      const data = JSON.parse(f.data);
      assert.equal(data.event_type, f.event, 'event: line equals event_type');
      assert.ok(!f.data.includes('\n'));
    }
  });

  it('steps rebuilt from the stream equal the stored steps of GET', async () => {
    const stream: any = await ai().interactions.create({
      model: MODEL, input: 'Weather and search please', stream: true,
      tools: [{ type: 'google_search' }, { type: 'code_execution' }], generation_config: { thinking_summaries: 'auto' },
    });
    const { events } = await collect(stream);
    const [hop] = rebuildSteps(events).hops;
    const got: any = await ai().interactions.get(hop.id!);
    assert.equal(got.steps[0].type, 'user_input', 'GET returns the full timeline');
    assert.deepEqual(hop.steps, got.steps.slice(1));
    assert.deepEqual(hop.usage, got.usage);
  });

  it('POST returns output steps only; GET adds the user_input step; include_input echoes input', async () => {
    const created: any = await ai().interactions.create({ model: MODEL, input: [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }] });
    assert.ok(!types(created.steps).includes('user_input'));
    const got: any = await ai().interactions.get(created.id);
    assert.deepEqual(got.steps[0], { type: 'user_input', content: [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }] });
    assert.equal(got.input, undefined);
    assert.equal(got.output_text, created.output_text);
    const withInput: any = await ai().interactions.get(created.id, { include_input: true });
    assert.deepEqual(withInput.input, [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }]);
    const q = emu().requests().filter((r) => r.op === 'get').map((r) => r.query);
    assert.deepEqual(q, [{ stream: 'false' }, { include_input: 'true', stream: 'false' }]);
  });

  it('GET ?stream=true replays every event, and with last_event_id strictly after it', async () => {
    emu().configure({ tidyStream: true });
    const stream: any = await ai().interactions.create({ model: MODEL, input: 'replay me', stream: true });
    const { events: original } = await collect(stream);
    const id = original[0].interaction.id;
    const all = await collect(await (ai().interactions.get(id, { stream: true }) as any));
    assert.deepEqual(all.events, original);
    const cut = original[5].event_id;
    const rest = await collect(await (ai().interactions.get(id, { stream: true, last_event_id: cut }) as any));
    assert.deepEqual(rest.events, original.slice(6));
    const last = original[original.length - 1].event_id;
    const none = await collect(await (ai().interactions.get(id, { stream: true, last_event_id: last }) as any));
    assert.deepEqual(none.events, []);
    await expectApiError(ai().interactions.get(id, { stream: true, last_event_id: 'evt_nope' }) as Promise<unknown>, 400, 'Invalid last_event_id');
  });

  it('delete resolves (200 {}), then get is a 404 NotFoundError', async () => {
    const c: any = await ai().interactions.create({ model: MODEL, input: 'x' });
    assert.equal(await ai().interactions.delete(c.id), undefined);
    const e = await expectApiError(ai().interactions.get(c.id), 404, 'not found');
    assert.equal(e.name, 'NotFoundError');
    await expectApiError(ai().interactions.delete(c.id), 404);
  });

  it('cancel of a finished (non-background) interaction is a 400', async () => {
    const c: any = await ai().interactions.create({ model: MODEL, input: 'x' });
    await expectApiError(ai().interactions.cancel(c.id), 400, 'Only background interactions can be cancelled');
    const req = emu().requests().find((r) => r.op === 'cancel')!;
    assert.equal(req.path, `/v1/interactions/${c.id}/cancel`);
  });

  it('serves /v1beta when the client pins apiVersion v1beta', async () => {
    const beta = new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl: emu().url } });
    const c: any = await beta.interactions.create({ model: MODEL, input: 'beta' });
    const g: any = await beta.interactions.get(c.id);
    assert.equal(g.status, 'completed');
    assert.deepEqual(emu().requests().map((r) => r.path), ['/v1beta/interactions', `/v1beta/interactions/${c.id}`]);
  });

  it('serves any base-path prefix, and percent-decodes ids', async () => {
    const prefixed = new GoogleGenAI({ apiKey: 'demo-key', httpOptions: { baseUrl: `${emu().url}/proxy/gemini/` } });
    const c: any = await prefixed.interactions.create({ model: MODEL, input: 'via prefix' });
    assert.equal(c.status, 'completed');
    assert.equal(emu().requests()[0].path, '/proxy/gemini/v1/interactions');
    await expectApiError(prefixed.interactions.get('abc/def ghi'), 404, 'abc/def ghi');
    assert.equal(emu().requests()[1].path, '/proxy/gemini/v1/interactions/abc%2Fdef%20ghi');
  });

  it('rejects a wrong API key (400 API_KEY_INVALID) and a missing one (403)', async () => {
    const bad = new GoogleGenAI({ apiKey: 'wrong', httpOptions: { baseUrl: emu().url } });
    const e = await expectApiError(bad.interactions.create({ model: MODEL, input: 'x' }), 400, 'API key not valid');
    assert.equal(e.error.error.status, 'INVALID_ARGUMENT');
    assert.equal(e.error.error.details[0].reason, 'API_KEY_INVALID');
    const res = await raw(emu(), '/v1/interactions', { method: 'POST', key: null, body: JSON.stringify({ model: MODEL, input: 'x' }) });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as any).error.status, 'PERMISSION_DENIED');
    const viaQuery = await raw(emu(), '/v1/interactions?key=test-key', { method: 'POST', key: null, body: JSON.stringify({ model: MODEL, input: 'x' }) });
    assert.equal(viaQuery.status, 200);
    assert.equal(emu().requests()[2].query.key, '[REDACTED]');
  });

  it('accepts an empty cookie header and content-type on bodiless requests (as the SDK sends them)', async () => {
    const c: any = await ai().interactions.create({ model: MODEL, input: 'x' });
    const r = emu().requests();
    assert.equal(r[0].headers.cookie, '');
    const res = await raw(emu(), `/v1/interactions/${c.id}?stream=false`, { headers: { 'content-type': 'application/json', cookie: '' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
  });

  it('store:false interactions cannot be fetched or chained', async () => {
    const c: any = await ai().interactions.create({ model: MODEL, input: 'secret', store: false });
    assert.equal(c.status, 'completed');
    await expectApiError(ai().interactions.get(c.id), 404);
    await expectApiError(ai().interactions.create({ model: MODEL, input: 'next', previous_interaction_id: c.id }), 400, 'store=false');
    await expectApiError(ai().interactions.create({ model: MODEL, input: 'next', previous_interaction_id: 'v1_unknown' }), 404, 'not found');
  });

  it('remembers earlier turns through previous_interaction_id', async () => {
    const a: any = await ai().interactions.create({ model: MODEL, input: 'Hi, my name is Phil.' });
    const b: any = await ai().interactions.create({ model: MODEL, input: 'Tell me something.', previous_interaction_id: a.id });
    const c: any = await ai().interactions.create({ model: MODEL, input: 'What is my name?', previous_interaction_id: b.id });
    assert.match(c.output_text, /Phil/);
    assert.equal(c.previous_interaction_id, b.id);
    assert.ok(c.usage.total_cached_tokens > 0, 'history counts as cached input');
    const fresh: any = await ai().interactions.create({ model: MODEL, input: 'What is my name?' });
    assert.doesNotMatch(fresh.output_text, /Phil/);
  });

  it('remembers earlier turns in stateless history (steps replayed verbatim)', async () => {
    const a: any = await ai().interactions.create({ model: MODEL, input: 'My name is Ada.', store: false });
    const history = [{ type: 'user_input', content: [{ type: 'text', text: 'My name is Ada.' }] }, ...a.steps, { type: 'user_input', content: [{ type: 'text', text: "What's my name?" }] }];
    const b: any = await ai().interactions.create({ model: MODEL, input: history as any, store: false });
    assert.match(b.output_text, /Ada/);
  });
});
