// Fidelity suite, part 3: the scripted model's scenarios, unary and streamed, through the real SDK.
import * as assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { rebuildSteps } from '../emulator/events';
import { pngSize } from '../emulator/png';
import { validateAgainstSchema } from '../emulator/schema';
import { collect, DR_AGENT, eventTypes, expectApiError, MODEL, raw, sleep, timeTool, types, useEmulator, weatherTool } from './emulator-helpers';

/** Checks a PNG end to end: signature, IHDR size, and that IDAT inflates to exactly the expected raw size. */
function assertValidPng(b64: string, w: number, h: number): void {
  const buf = Buffer.from(b64, 'base64');
  assert.deepEqual(pngSize(buf), { width: w, height: h });
  let off = 8;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  assert.equal(inflateSync(Buffer.concat(idat)).length, (w * 3 + 1) * h);
}

describe('emulator: scenarios (SDK 3.1.0)', function () {
  this.timeout(15_000);
  const { emu, ai } = useEmulator();

  describe('function calling', () => {
    it('calls a declared function with schema-valid arguments, then answers from the function_result (stateful)', async () => {
      const first: any = await ai().interactions.create({ model: MODEL, input: 'Weather in Paris?', tools: [weatherTool] });
      assert.equal(first.status, 'requires_action');
      const call = first.steps.find((s: any) => s.type === 'function_call');
      assert.equal(call.name, 'get_weather');
      assert.match(call.id, /^fc_/);
      assert.equal(typeof call.signature, 'string');
      assert.deepEqual(call.arguments, { location: 'Paris', unit: 'celsius' });
      assert.deepEqual(validateAgainstSchema(call.arguments, weatherTool.parameters), []);
      const second: any = await ai().interactions.create({
        model: MODEL, previous_interaction_id: first.id,
        input: [{ type: 'function_result', call_id: call.id, name: 'get_weather', result: '18°C, sunny' }],
      });
      assert.equal(second.status, 'completed');
      assert.match(second.output_text, /18°C, sunny/);
      // The same call_id cannot be answered twice.
      await expectApiError(ai().interactions.create({
        model: MODEL, previous_interaction_id: second.id,
        input: [{ type: 'function_result', call_id: call.id, name: 'get_weather', result: 'again' }],
      }), 400, 'does not match any pending function call');
    });

    it('streams a call as a shell with signature plus arguments_delta string fragments (tidy stream)', async () => {
      emu().configure({ tidyStream: true }); // the realistic stream may carry the signature in a delta instead
      const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: 'Weather in Rome?', tools: [weatherTool], stream: true }) as any));
      const start = events.find((e) => e.event_type === 'step.start' && e.step.type === 'function_call');
      assert.deepEqual(Object.keys(start.step).sort(), ['arguments', 'id', 'name', 'signature', 'type']);
      assert.deepEqual(start.step.arguments, {});
      const frags = events.filter((e) => e.event_type === 'step.delta' && e.index === start.index).map((e) => e.delta);
      assert.ok(frags.length > 1, 'several fragments');
      assert.ok(frags.every((d) => d.type === 'arguments_delta' && typeof d.arguments === 'string'));
      assert.deepEqual(JSON.parse(frags.map((d) => d.arguments).join('')), { location: 'Rome', unit: 'celsius' });
      assert.equal(events[events.length - 1].interaction.status, 'requires_action');
    });

    it('parallel calls (#scenario:function_call calls=2) need results for matching call ids', async () => {
      const first: any = await ai().interactions.create({ model: MODEL, input: 'Weather and time in Oslo\n#scenario:function_call calls=2', tools: [weatherTool, timeTool] });
      const calls = first.steps.filter((s: any) => s.type === 'function_call');
      assert.deepEqual(calls.map((c: any) => c.name), ['get_weather', 'get_time']);
      assert.notEqual(calls[0].id, calls[1].id);
      await expectApiError(ai().interactions.create({
        model: MODEL, previous_interaction_id: first.id, input: [{ type: 'function_result', call_id: 'fc_wrong', name: 'get_time', result: 'x' }],
      }), 400, "call_id 'fc_wrong'");
      const results = calls.map((c: any) => ({ type: 'function_result', call_id: c.id, name: c.name, result: { value: c.name } }));
      const done: any = await ai().interactions.create({ model: MODEL, previous_interaction_id: first.id, input: results });
      assert.equal(done.status, 'completed');
      assert.match(done.output_text, /get_weather/);
      assert.match(done.output_text, /get_time/);
    });

    it('stateless replay works when the steps (with signatures) are sent back verbatim', async () => {
      const history: any[] = [{ type: 'user_input', content: [{ type: 'text', text: 'Weather in Paris?' }] }];
      const first: any = await ai().interactions.create({ model: MODEL, store: false, tools: [weatherTool], input: history });
      history.push(...first.steps);
      const call = first.steps.find((s: any) => s.type === 'function_call');
      history.push({ type: 'function_result', call_id: call.id, name: call.name, result: 'rainy' });
      const second: any = await ai().interactions.create({ model: MODEL, store: false, tools: [weatherTool], input: history });
      assert.equal(second.status, 'completed');
      assert.match(second.output_text, /rainy/);
      // Rebuilding the call from typed fields only (dropping `signature`) is rejected.
      const { signature: _s, ...unsigned } = call;
      const broken = [history[0], ...first.steps.map((s: any) => (s === call ? unsigned : s)), history[history.length - 1]];
      await expectApiError(ai().interactions.create({ model: MODEL, store: false, tools: [weatherTool], input: broken }), 400, 'missing its signature');
    });
  });

  it('thought summaries appear only with thinking_summaries:"auto", before the signature', async () => {
    const plain: any = await ai().interactions.create({ model: MODEL, input: 'hi' });
    assert.equal(plain.steps[0].summary, undefined);
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: 'hi', stream: true, generation_config: { thinking_summaries: 'auto' } }) as any));
    const deltas = events.filter((e) => e.event_type === 'step.delta' && e.index === 0).map((e) => e.delta.type);
    assert.deepEqual(deltas, ['thought_summary', 'thought_signature']);
    const s = events.find((e) => e.delta?.type === 'thought_summary').delta.content;
    assert.equal(s.type, 'text');
    const thinking: any = await ai().interactions.create({ model: MODEL, input: 'hi\n#scenario:thinking summaries=3' });
    assert.equal(thinking.steps[0].summary.length, 3);
  });

  it('code execution: call shell + typed delta, result shell + typed delta, then text', async () => {
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: 'Sum 1..100', tools: [{ type: 'code_execution' }], stream: true }) as any));
    const [hop] = rebuildSteps(events).hops;
    assert.deepEqual(types(hop.steps), ['thought', 'code_execution_call', 'code_execution_result', 'model_output']);
    const callStart = events.find((e) => e.event_type === 'step.start' && e.step.type === 'code_execution_call');
    assert.deepEqual(Object.keys(callStart.step).sort(), ['id', 'type']);
    const callDeltas = events.filter((e) => e.event_type === 'step.delta' && e.index === callStart.index);
    assert.equal(callDeltas.length, 1);
    assert.deepEqual(callDeltas[0].delta.arguments, { code: 'print(sum(range(101)))', language: 'python' });
    assert.equal(hop.steps[2].call_id, hop.steps[1].id);
    assert.equal(hop.steps[2].result, '5050\n');
    assert.equal(hop.status, 'completed');
  });

  it('URL context: statuses success / paywall / error from the URLs, with citations for fetched pages', async () => {
    const r: any = await ai().interactions.create({
      model: MODEL, tools: [{ type: 'url_context' }],
      input: 'Compare https://example.com/a, https://news.example/paywall/b and https://example.com/error-page',
    });
    const call = r.steps.find((s: any) => s.type === 'url_context_call');
    const result = r.steps.find((s: any) => s.type === 'url_context_result');
    assert.deepEqual(call.arguments.urls, ['https://example.com/a', 'https://news.example/paywall/b', 'https://example.com/error-page']);
    assert.deepEqual(result.result.map((x: any) => x.status), ['success', 'paywall', 'error']);
    const text = r.steps[r.steps.length - 1].content[0];
    assert.deepEqual(text.annotations.map((a: any) => a.url), ['https://example.com/a']);
    const explicit: any = await ai().interactions.create({ model: MODEL, tools: [{ type: 'url_context' }], input: '#scenario:url_context urls=https://a.example/,https://b.example/ statuses=unsafe,success' });
    assert.deepEqual(explicit.steps.find((s: any) => s.type === 'url_context_result').result, [{ url: 'https://a.example/', status: 'unsafe' }, { url: 'https://b.example/', status: 'success' }]);
  });

  it('Google Search: call with search_type + signature, search_suggestions HTML, url_citation byte offsets, grounding count', async () => {
    const r: any = await ai().interactions.create({ model: MODEL, tools: [{ type: 'google_search' }], input: 'Who won the last Süper Bowl?' });
    const call = r.steps.find((s: any) => s.type === 'google_search_call');
    assert.equal(call.search_type, 'web_search');
    assert.deepEqual(call.arguments.queries, ['Who won the last Süper Bowl?']);
    assert.ok(call.signature);
    const res = r.steps.find((s: any) => s.type === 'google_search_result');
    assert.equal(res.call_id, call.id);
    assert.match(res.result[0].search_suggestions, /^<style>.*<\/style><div/);
    const block = r.steps[r.steps.length - 1].content[0];
    const bytes = Buffer.from(block.text, 'utf8');
    for (const a of block.annotations) {
      assert.equal(a.type, 'url_citation');
      const cited = bytes.subarray(a.start_index, a.end_index).toString('utf8');
      assert.match(cited, /^Search results for "Who won the last Süper Bowl\?"/);
    }
    assert.deepEqual(r.usage.grounding_tool_count, [{ type: 'google_search', count: 1 }]);
    assert.ok(r.usage.total_tool_use_tokens > 0);
    // Streamed: annotations arrive after the text, on the same index.
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, tools: [{ type: 'google_search' }], input: 'q', stream: true }) as any));
    const last = events.filter((e) => e.event_type === 'step.delta').pop();
    assert.equal(last.delta.type, 'text_annotation_delta');
  });

  it('MCP: a bare tool_call step, complete on step.start, then text', async () => {
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, tools: [{ type: 'mcp_server', name: 'weather_service', url: 'https://mcp.example/mcp' }], input: 'Use MCP', stream: true }) as any));
    const start = events.find((e) => e.event_type === 'step.start' && e.step.type === 'tool_call');
    assert.deepEqual(Object.keys(start.step).sort(), ['id', 'signature', 'type']);
    assert.equal(events.filter((e) => e.event_type === 'step.delta' && e.index === start.index).length, 0);
    const [hop] = rebuildSteps(events).hops;
    assert.deepEqual(types(hop.steps), ['thought', 'tool_call', 'model_output']);
    await expectApiError(ai().interactions.create({ model: MODEL, tools: [{ type: 'mcp_server', name: 'bad-name', url: 'https://mcp.example/mcp' }], input: 'x' }), 400, "must not contain '-'");
  });

  it('image output: response_modalities ["image"] returns a real PNG; streamed as one image delta', async () => {
    const r: any = await ai().interactions.create({ model: 'gemini-3.1-flash-image', input: 'Draw a gradient', response_modalities: ['image'] });
    assert.equal(r.output_image.mime_type, 'image/png');
    assertValidPng(r.output_image.data, 64, 64);
    const big: any = await ai().interactions.create({ model: MODEL, input: 'x\n#scenario:image width=32 height=16 count=2' });
    const imgs = big.steps[big.steps.length - 1].content.filter((c: any) => c.type === 'image');
    assert.equal(imgs.length, 2);
    assertValidPng(imgs[1].data, 32, 16);
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: 'img', response_format: { type: 'image', mime_type: 'image/jpeg' }, stream: true }) as any));
    const imageDeltas = events.filter((e) => e.event_type === 'step.delta' && e.delta.type === 'image');
    assert.equal(imageDeltas.length, 1);
    assertValidPng(imageDeltas[0].delta.data, 64, 64);
  });

  it('structured output: JSON text that validates against response_format.schema', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' }, rating: { type: 'integer', minimum: 1, maximum: 5 }, tags: { type: 'array', items: { type: 'string' }, minItems: 3 },
        kind: { type: 'string', enum: ['book', 'film'] }, meta: { type: 'object', properties: { year: { type: 'number' } }, required: ['year'] },
      },
      required: ['title', 'rating', 'tags', 'kind', 'meta'],
    };
    const r: any = await ai().interactions.create({ model: MODEL, input: 'Review Dune', response_format: { type: 'text', mime_type: 'application/json', schema } });
    const value = JSON.parse(r.output_text);
    assert.deepEqual(validateAgainstSchema(value, schema), []);
    assert.equal(value.kind, 'book');
    assert.equal(value.tags.length, 3);
    const bare: any = await ai().interactions.create({ model: MODEL, input: 'x', response_format: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } });
    assert.deepEqual(JSON.parse(bare.output_text), { ok: true });
  });

  it('text scenario: words and deltaSize control length and delta size', async () => {
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: 'x\n#scenario:text words=300 deltaSize=10 thought=false', stream: true }) as any));
    const texts = events.filter((e) => e.event_type === 'step.delta').map((e) => e.delta.text);
    assert.ok(texts.every((t) => t.length <= 10));
    assert.equal(texts.join('').split(/\s+/).filter(Boolean).length, 300);
    assert.deepEqual(types(rebuildSteps(events).hops[0].steps), ['model_output']);
  });

  describe('automatic continuation', () => {
    it('one SDK stream carries two created/completed pairs; the hop request has the token, the previous id and no input', async () => {
      const { events, error } = await collect(await (ai().interactions.create({ model: MODEL, input: 'long\n#scenario:continuation', tools: [{ type: 'code_execution' }], stream: true }) as any));
      assert.equal(error, undefined);
      const t = eventTypes(events);
      assert.equal(t.filter((x) => x === 'interaction.created').length, 2);
      const completed = events.filter((e) => e.event_type === 'interaction.completed');
      assert.deepEqual(completed.map((e) => e.interaction.status), ['requires_continuation', 'completed']);
      const token = completed[0].interaction.continuation_token;
      assert.ok(token);
      const creates = emu().requests().filter((r) => r.op === 'create');
      assert.equal(creates.length, 2);
      const hop2 = creates[1].body as any;
      assert.equal(hop2.continuation_token, token);
      assert.equal(hop2.previous_interaction_id, events[0].interaction.id);
      assert.equal(hop2.input, undefined);
      assert.deepEqual(hop2.tools, [{ type: 'code_execution' }]);
      const hops = rebuildSteps(events).hops;
      assert.ok((hops[1].steps[0] as any).content[0].text.length > 0);
    });

    it('unary create merges hops (continuation_ids) and the next turn chains from the last hop', async () => {
      const r: any = await ai().interactions.create({ model: MODEL, input: 'My name is Zoe. Tell me a lot.\n#scenario:continuation hops=3 words=90' });
      assert.equal(r.status, 'completed');
      assert.equal(r.continuation_ids.length, 3);
      assert.equal(r.id, r.continuation_ids[2]);
      assert.equal(r.output_text.split(/\s+/).filter(Boolean).length, 90);
      const next: any = await ai().interactions.create({ model: MODEL, input: 'What is my name?', previous_interaction_id: r.id });
      assert.match(next.output_text, /Zoe/);
    });

    it('rejects a token used with the wrong previous_interaction_id or with input', async () => {
      const warn = console.warn;
      console.warn = () => {}; // the SDK's one-time "stopped before completion" notice
      const first: any = await ai().interactions.create({ model: MODEL, input: '#scenario:continuation', automatic_continuation: false } as any).finally(() => { console.warn = warn; });
      assert.equal(first.status, 'requires_continuation');
      const other: any = await ai().interactions.create({ model: MODEL, input: 'other' });
      await expectApiError(ai().interactions.create({ model: MODEL, continuation_token: first.continuation_token, previous_interaction_id: other.id }), 400, 'does not belong to previous_interaction_id');
      await expectApiError(ai().interactions.create({ model: MODEL, input: 'x', continuation_token: first.continuation_token, previous_interaction_id: first.id }), 400, 'input must not be set');
      const ok: any = await ai().interactions.create({ model: MODEL, continuation_token: first.continuation_token, previous_interaction_id: first.id });
      assert.equal(ok.status, 'completed');
    });

    it('store:false hops resend the original input with the token', async () => {
      const r: any = await ai().interactions.create({ model: MODEL, store: false, input: 'stateless\n#scenario:continuation' });
      assert.equal(r.status, 'completed');
      const hop2 = emu().requests()[1].body as any;
      assert.equal(hop2.input, 'stateless\n#scenario:continuation');
      assert.ok(hop2.continuation_token);
      assert.equal(hop2.previous_interaction_id, undefined);
    });
  });

  it('incomplete: a small max_output_tokens truncates the text and ends incomplete', async () => {
    const r: any = await ai().interactions.create({ model: MODEL, input: 'x', generation_config: { max_output_tokens: 8 } });
    assert.equal(r.status, 'incomplete');
    assert.ok(r.output_text.length <= 32);
    assert.ok(r.usage.total_output_tokens <= 8);
    const s: any = await ai().interactions.create({ model: MODEL, input: '#scenario:incomplete' });
    assert.equal(s.status, 'incomplete');
  });

  it('failed: status failed with errors; the stream carries an error event before completed', async () => {
    const r: any = await ai().interactions.create({ model: MODEL, input: '#scenario:failed message="boom"' });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.errors, [{ code: 'internal', message: 'boom' }]);
    const { events } = await collect(await (ai().interactions.create({ model: MODEL, input: '#scenario:failed', stream: true }) as any));
    const t = eventTypes(events);
    assert.deepEqual(t.slice(-2), ['error', 'interaction.completed']);
    assert.equal(events[events.length - 2].error.code, 'internal');
    assert.equal(events[events.length - 1].interaction.status, 'failed');
  });

  it('scenarios queued through POST /__emulator/scenario apply to the next creates, in order', async () => {
    const res = await raw(emu(), '/__emulator/scenario', { method: 'POST', key: null, body: JSON.stringify([{ name: 'echo' }, { name: 'text', text: 'second' }]) });
    assert.equal(res.status, 200);
    const a: any = await ai().interactions.create({ model: MODEL, input: 'parrot this' });
    assert.equal(a.output_text, 'parrot this');
    const b: any = await ai().interactions.create({ model: MODEL, input: 'anything' });
    assert.equal(b.output_text, 'second');
    const c: any = await ai().interactions.create({ model: MODEL, input: 'anything' });
    assert.match(c.output_text, /local emulator/i);
    await expectApiError(ai().interactions.create({ model: MODEL, input: '#scenario:nope' }), 400, "[emulator] Unknown scenario 'nope'");
    await expectApiError(ai().interactions.create({ model: MODEL, input: '#scenario:function_call' }), 400, 'needs at least one tool');
  });

  describe('background Deep Research agent', () => {
    const drBody = (extra: Record<string, unknown> = {}) => ({
      agent: DR_AGENT, background: true, input: 'History of the transistor', agent_config: { type: 'deep-research' as const, thinking_summaries: 'auto' as const }, ...extra,
    });

    it('returns in_progress at once, progresses over GET polls, completes with a cited report and a chart', async () => {
      emu().queueScenario({ name: 'deep_research', polls: 3, durationMs: 60_000 });
      const created: any = await ai().interactions.create(drBody() as any);
      assert.equal(created.status, 'in_progress');
      assert.equal(created.agent, DR_AGENT);
      assert.deepEqual(created.steps, []);
      assert.equal(created.usage, undefined);
      const polls: any[] = [];
      for (let i = 0; i < 3; i++) polls.push(await ai().interactions.get(created.id));
      assert.deepEqual(polls.map((p) => p.status), ['in_progress', 'in_progress', 'completed']);
      assert.ok(polls[1].steps.length > 1 && polls[1].steps.length < polls[2].steps.length, 'partial steps while running');
      const done = polls[2];
      assert.deepEqual(types(done.steps), ['user_input', 'thought', 'google_search_call', 'google_search_result', 'thought', 'url_context_call', 'url_context_result', 'thought', 'model_output']);
      assert.ok(done.steps[1].summary[0].text.includes('Planning'));
      const report = done.steps[8].content;
      assert.match(report[0].text, /^# Research report: History of the transistor/);
      assert.ok(report[0].annotations.length >= 2);
      assert.equal(report[1].type, 'image');
      assert.match(done.output_text, /Research report/);
      assert.equal(typeof done.usage.total_tokens, 'number');
    });

    it('also completes with (emulator clock) time', async () => {
      const created: any = await ai().interactions.create(drBody() as any);
      emu().advance(60_000);
      const done: any = await ai().interactions.get(created.id);
      assert.equal(done.status, 'completed');
    });

    it('background + stream: streams thought summaries progressively to completed', async () => {
      emu().queueScenario({ name: 'deep_research', durationMs: 300, polls: 0 });
      const t0 = Date.now();
      const { events, error } = await collect(await (ai().interactions.create({ ...drBody(), stream: true } as any) as any));
      assert.equal(error, undefined);
      assert.ok(Date.now() - t0 >= 250, 'events are paced by the run');
      assert.ok(events.filter((e) => e.delta?.type === 'thought_summary').length >= 3);
      assert.equal(events[events.length - 1].interaction.status, 'completed');
    });

    it('cancel → cancelled (GET agrees); an open stream ends with the cancelled snapshot; second cancel is 400', async () => {
      emu().queueScenario({ name: 'deep_research', durationMs: 60_000, polls: 0 });
      const created: any = await ai().interactions.create(drBody() as any);
      const reader = collect(await (ai().interactions.get(created.id, { stream: true }) as any));
      await sleep(50);
      const cancelled: any = await ai().interactions.cancel(created.id);
      assert.equal(cancelled.status, 'cancelled');
      const { events } = await reader;
      assert.equal(events[events.length - 1].interaction.status, 'cancelled');
      const got: any = await ai().interactions.get(created.id);
      assert.equal(got.status, 'cancelled');
      await expectApiError(ai().interactions.cancel(created.id), 400, 'already cancelled');
    });

    it('a running interaction cannot be chained yet', async () => {
      const created: any = await ai().interactions.create(drBody() as any);
      await expectApiError(ai().interactions.create({ model: MODEL, input: 'follow up', previous_interaction_id: created.id }), 400, 'still in progress');
      emu().advance(60_000);
      const follow: any = await ai().interactions.create({ model: MODEL, input: 'follow up', previous_interaction_id: created.id });
      assert.equal(follow.status, 'completed');
    });
  });
});
