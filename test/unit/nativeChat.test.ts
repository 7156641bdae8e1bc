import { strict as assert } from 'node:assert';
import { decodeMarker, encodeMarker, estimateTokens, findMarker, knownSignatures, planNativeRequest, type ChainMarker, type NativeMessage } from '../../src/core/native/nativeChat';
import { callSignatures, nativeSteps } from '../../src/core/gemini/nativeSteps';
import { modelDisplayName, modelLimits } from '../../src/core/models/limits';
import { runNativeTurn } from '../../src/core/native/nativeTurn';
import type { InteractionsApi } from '../../src/core/gemini/client';
import { redact } from '../../src/core/util/redact';

const user = (text: string): NativeMessage => ({ role: 'user', parts: [{ kind: 'text', text }] });
const answer = (text: string, marker?: ChainMarker): NativeMessage => ({
  role: 'assistant', parts: [{ kind: 'text', text }, ...(marker ? [{ kind: 'marker' as const, marker }] : [])],
});
const M = 'gemini-3.5-flash';

describe('native chat: markers', () => {
  it('round-trips through its JSON, signatures included', () => {
    const m: ChainMarker = { model: M, interactionId: 'v1_a', signatures: { c1: 'sig' } };
    assert.deepEqual(decodeMarker(encodeMarker(m)), m);
  });

  it('rejects what is not one of ours: bad JSON, another version, missing fields', () => {
    assert.equal(decodeMarker('not json'), undefined);
    assert.equal(decodeMarker(JSON.stringify({ v: 2, model: M, interactionId: 'x' })), undefined);
    assert.equal(decodeMarker(JSON.stringify({ v: 1, model: M })), undefined);
    assert.equal(decodeMarker(JSON.stringify({ v: 1, model: '', interactionId: 'x' })), undefined);
  });

  it('the newest assistant marker wins', () => {
    const h = [user('a'), answer('1', { model: M, interactionId: 'v1_1' }), user('b'), answer('2', { model: M, interactionId: 'v1_2' }), user('c')];
    assert.deepEqual(findMarker(h), { index: 3, marker: { model: M, interactionId: 'v1_2' } });
    assert.equal(findMarker([user('a'), answer('x')]), undefined);
  });
});

describe('native chat: request plan', () => {
  const h = [user('a'), answer('1', { model: M, interactionId: 'v1_1' }), user('b')];

  it('continues the chain from the marker with only the messages after it', () => {
    const plan = planNativeRequest(h, M, { store: true });
    assert.equal(plan.reason, 'marker');
    assert.equal(plan.previousInteractionId, 'v1_1');
    assert.deepEqual(plan.tail, [user('b')]);
    assert.equal(plan.all.length, 3);
  });

  it('sends everything without a marker, for another model, with store off, or after an unmarked answer', () => {
    assert.equal(planNativeRequest([user('a'), answer('x'), user('b')], M, { store: true }).reason, 'noMarker');
    assert.equal(planNativeRequest(h, 'gemini-2.5-pro', { store: true }).reason, 'otherModel');
    assert.equal(planNativeRequest(h, M, { store: false }).reason, 'stateless');
    const foreign = [...h, answer('from another provider'), user('c')];
    const plan = planNativeRequest(foreign, M, { store: true });
    assert.equal(plan.reason, 'unmarkedAnswer');
    for (const p of [planNativeRequest(h, 'other', { store: true }), plan]) {
      assert.equal(p.previousInteractionId, undefined);
      assert.deepEqual(p.tail, p.all);
    }
  });
});

describe('native chat: input steps', () => {
  it('user text, assistant text and new input as steps, in order', () => {
    assert.deepEqual(nativeSteps([user('a'), answer('1', { model: M, interactionId: 'v1' }), user('b')], new Map()), [
      { type: 'user_input', content: [{ type: 'text', text: 'a' }] },
      { type: 'model_output', content: [{ type: 'text', text: '1' }] },
      { type: 'user_input', content: [{ type: 'text', text: 'b' }] },
    ]);
  });

  const call: NativeMessage = { role: 'assistant', parts: [{ kind: 'text', text: 'Let me look.' }, { kind: 'toolCall', callId: 'c1', name: 'get_weather', input: { city: 'Paris' } }] };
  const result: NativeMessage = { role: 'user', parts: [{ kind: 'toolResult', callId: 'c1', text: 'Sunny' }] };

  it('a signed tool call replays as a function_call with its signature; its result as a named function_result', () => {
    assert.deepEqual(nativeSteps([call, result], new Map([['c1', 'SIG']])), [
      { type: 'model_output', content: [{ type: 'text', text: 'Let me look.' }] },
      { type: 'function_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' }, signature: 'SIG' },
      { type: 'function_result', call_id: 'c1', name: 'get_weather', result: 'Sunny' },
    ]);
  });

  it('the tail of a chain names its results from the calls before it', () => {
    assert.deepEqual(nativeSteps([result], new Map([['c1', 'SIG']]), [call]), [
      { type: 'function_result', call_id: 'c1', name: 'get_weather', result: 'Sunny' },
    ]);
  });

  it('an unsigned call (another provider made it) and its result become text, which the API accepts', () => {
    const steps = nativeSteps([call, result], new Map());
    assert.deepEqual(steps.map((s) => s.type), ['model_output', 'user_input']);
    assert.match(JSON.stringify(steps[0]), /Called the tool get_weather with \{\\"city\\":\\"Paris\\"\}/);
    assert.match(JSON.stringify(steps[1]), /Result of the tool get_weather: Sunny/);
  });

  it('signatures are collected from answers for the marker, and from every marker for a replay', () => {
    assert.deepEqual(callSignatures([{ type: 'thought', signature: 't' }, { type: 'function_call', id: 'c1', signature: 'S1' }, { type: 'function_call', id: 'c2' }]), { c1: 'S1' });
    const h = [answer('1', { model: M, interactionId: 'v1', signatures: { c1: 'S1' } }), answer('2', { model: M, interactionId: 'v2', signatures: { c2: 'S2' } })];
    assert.deepEqual([...knownSignatures(h)], [['c1', 'S1'], ['c2', 'S2']]);
  });
});

describe('native chat: token estimate and model limits', () => {
  it('about four characters per token, plus fixed costs per message and image; markers are free', () => {
    assert.equal(estimateTokens('x'.repeat(400)), 100);
    const withImage: NativeMessage = { role: 'user', parts: [{ kind: 'text', text: 'x'.repeat(40) }, { kind: 'media', media: { type: 'image', mimeType: 'image/png', data: 'AAAA' } }] };
    assert.equal(estimateTokens(withImage), 4 + 10 + 258);
    assert.equal(estimateTokens(answer('', { model: M, interactionId: 'v1' })), 4);
  });

  it('text models take tools and images with a 1M context; image models take no tools', () => {
    assert.deepEqual(modelLimits('gemini-3.5-flash'), { maxInputTokens: 1_048_576, maxOutputTokens: 65_536, toolCalling: true, imageInput: true });
    assert.equal(modelLimits('gemini-3.1-flash-image').toolCalling, false);
    assert.equal(modelDisplayName('gemini-3.1-pro-preview'), 'Gemini 3.1 Pro Preview');
  });
});

describe('native chat: error text', () => {
  it("is redacted of the known secrets, as the panel's: VS Code keeps it in the chat's history", async () => {
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    const api = async (): Promise<InteractionsApi> => { throw new Error('proxy refused Bearer mcp-SECRET-0042 for key user-KEY-0042'); };
    const { turn } = await runNativeTurn([user('Hello')], {
      api, log, settings: { model: M, store: true, tools: {} }, redact: (t) => redact(t, ['mcp-SECRET-0042', 'user-KEY-0042']),
    }, () => undefined);
    assert.equal(turn.state, 'error');
    assert.doesNotMatch(turn.error!.message, /SECRET-0042|KEY-0042/);
    assert.match(turn.error!.message, /Bearer \[REDACTED\] for key \[REDACTED\]/);
  });
});
