import { strict as assert } from 'node:assert';
import { bodyBytes, buildCreateBody, inputContent, userInputStep } from '../../src/core/gemini/requests';
import type { InputPart, TurnSettings } from '../../src/core/conversation/types';

const settings: TurnSettings = {
  model: 'gemini-3.5-flash',
  store: true,
  systemInstruction: 'Answer briefly.',
  tools: { codeExecution: true, urlContext: true, googleSearch: true },
  generation: { temperature: 0.2, maxOutputTokens: 512, thinkingLevel: 'low', thinkingSummaries: true },
};
const question: InputPart[] = [{ kind: 'text', text: 'And in Lyon?' }];

describe('request bodies', () => {
  it('stateful: previous_interaction_id, only the new input, tools/system_instruction/generation_config every turn', () => {
    const body = buildCreateBody({ settings, input: question, previousInteractionId: 'v1_prev' });
    assert.deepEqual(body, {
      model: 'gemini-3.5-flash',
      input: [{ type: 'text', text: 'And in Lyon?' }],
      previous_interaction_id: 'v1_prev',
      store: true,
      system_instruction: 'Answer briefly.',
      tools: [{ type: 'code_execution' }, { type: 'url_context' }, { type: 'google_search' }],
      generation_config: { temperature: 0.2, max_output_tokens: 512, thinking_level: 'low', thinking_summaries: 'auto' },
    });
    // Sent explicitly: a project can turn the storage default off (since 2026-10-26), and the chain needs it.
    assert.equal(body.store, true);
    assert.equal(buildCreateBody({ settings: { ...settings, store: false, background: true }, input: question }).store, true, 'background runs are stored');
  });

  it('stateless: store:false, the verbatim history plus a new user_input step, no previous_interaction_id', () => {
    const history = [
      { type: 'user_input', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { type: 'thought', signature: 'EtYF' },
      { type: 'function_call', id: 'fc_1', name: 'get_weather', arguments: { location: 'Paris' }, signature: 'CqQB' },
      { type: 'function_result', call_id: 'fc_1', name: 'get_weather', result: '18°C' },
      { type: 'model_output', content: [{ type: 'text', text: 'Sunny.' }] },
    ];
    const body = buildCreateBody({ settings: { ...settings, store: false }, input: question, history, previousInteractionId: 'ignored' });
    assert.equal(body.store, false);
    assert.ok(!('previous_interaction_id' in body));
    assert.deepEqual(body.input, [...history, { type: 'user_input', content: [{ type: 'text', text: 'And in Lyon?' }] }]);
    assert.deepEqual(body.tools, [{ type: 'code_execution' }, { type: 'url_context' }, { type: 'google_search' }]);
    assert.equal(body.system_instruction, 'Answer briefly.');
  });

  it('function results continue a chain as steps, sent as is', () => {
    const results = [{ type: 'function_result', call_id: 'fc_1', name: 'get_weather', result: '18°C' }];
    const body = buildCreateBody({ settings, input: results, previousInteractionId: 'v1_C' });
    assert.deepEqual(body.input, results);
    assert.equal(body.previous_interaction_id, 'v1_C');
  });

  it('function results in stateless mode are appended to the history without a user_input wrapper', () => {
    const results = [{ type: 'function_result', call_id: 'fc_1', result: 'ok' }];
    const body = buildCreateBody({ settings: { ...settings, store: false }, input: results, history: [{ type: 'user_input', content: [] }] });
    assert.deepEqual(body.input, [{ type: 'user_input', content: [] }, ...results]);
  });

  it('leaves out empty optional settings', () => {
    const body = buildCreateBody({
      settings: { model: 'm', store: true, systemInstruction: '   ', tools: {}, generation: {} },
      input: question,
    });
    assert.deepEqual(body, { model: 'm', input: [{ type: 'text', text: 'And in Lyon?' }], store: true });
  });

  it('thinking summaries off is sent as "none"', () => {
    const body = buildCreateBody({ settings: { model: 'm', store: true, tools: {}, generation: { thinkingSummaries: false } }, input: question });
    assert.deepEqual(body.generation_config, { thinking_summaries: 'none' });
  });

  it('media input blocks: inline data or uri, snake_case mime_type', () => {
    const parts: InputPart[] = [
      { kind: 'text', text: 'Describe these.' },
      { kind: 'media', media: { type: 'image', mimeType: 'image/png', data: 'iVBOR' } },
      { kind: 'media', media: { type: 'document', mimeType: 'application/pdf', uri: 'https://generativelanguage.googleapis.com/v1beta/files/abc', name: 'a.pdf', sizeBytes: 10 } },
      { kind: 'media', media: { type: 'audio', data: 'AAAA' } },
      { kind: 'media', media: { type: 'video', mimeType: 'video/mp4', uri: 'https://www.youtube.com/watch?v=x' } },
    ];
    assert.deepEqual(inputContent(parts), [
      { type: 'text', text: 'Describe these.' },
      { type: 'image', data: 'iVBOR', mime_type: 'image/png' },
      { type: 'document', uri: 'https://generativelanguage.googleapis.com/v1beta/files/abc', mime_type: 'application/pdf' },
      { type: 'audio', data: 'AAAA' },
      { type: 'video', uri: 'https://www.youtube.com/watch?v=x', mime_type: 'video/mp4' },
    ]);
    assert.deepEqual(userInputStep(parts.slice(0, 2)), { type: 'user_input', content: inputContent(parts.slice(0, 2)) });
  });

  it('bodyBytes counts UTF-8 bytes', () => {
    assert.equal(bodyBytes({ a: 'é' }), '{"a":"é"}'.length + 1);
  });
});
