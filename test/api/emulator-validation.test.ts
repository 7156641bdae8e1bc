// Fidelity suite, part 2: strict request validation (checklist §8 items 1–6), through the real SDK.
import * as assert from 'node:assert/strict';
import { DR_AGENT, expectApiError, MODEL, raw, useEmulator, weatherTool } from './emulator-helpers';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** [title, request body, expected status, message fragment] */
const CASES: [string, Record<string, unknown>, number, string][] = [
  ['unknown top-level field', { model: MODEL, input: 'x', foo: 1 }, 400, "Unknown parameter 'foo'"],
  ['camelCase top-level field', { model: MODEL, input: 'x', previousInteractionId: 'v1_x' }, 400, "Unknown parameter 'previousInteractionId'"],
  ['cached_content', { model: MODEL, input: 'x', cached_content: 'cachedContents/1' }, 400, "Unknown parameter 'cached_content'"],
  ['response_mime_type', { model: MODEL, input: 'x', response_mime_type: 'application/json' }, 400, 'responseFormat must be set when responseMimeType is set'],
  ['neither model nor agent', { input: 'x' }, 400, 'Either model or agent must be set'],
  ['both model and agent', { model: MODEL, agent: DR_AGENT, input: 'x', background: true }, 400, 'Only one of model or agent'],
  ['agent + generation_config', { agent: DR_AGENT, input: 'x', background: true, generation_config: { temperature: 1 } }, 400, 'generation_config is not supported for agent'],
  ['model + agent_config', { model: MODEL, input: 'x', agent_config: { type: 'deep-research' } }, 400, 'agent_config is only supported for agent'],
  ['store:false + background:true', { model: MODEL, input: 'x', store: false, background: true }, 400, 'background=true requires store=true'],
  ['webhook_config without background', { model: MODEL, input: 'x', webhook_config: { uris: ['https://example.com/hook'] } }, 400, 'webhook_config is only supported with background=true'],
  ['missing input', { model: MODEL }, 400, 'Missing input'],
  ['empty string input', { model: MODEL, input: '' }, 400, 'Missing input'],
  ['empty array input', { model: MODEL, input: [] }, 400, 'Missing input'],
  ['legacy Turn input', { model: MODEL, input: [{ role: 'user', content: 'hi' }] }, 400, "'input[0].role'"],
  ['legacy Turn object input', { model: MODEL, input: { role: 'user', content: 'hi' } }, 400, "'input.role'"],
  ['uppercase response_modalities', { model: MODEL, input: 'x', response_modalities: ['IMAGE'] }, 400, "response_modalities[0]"],
  ['object-form speech_config', { model: MODEL, input: 'x', generation_config: { speech_config: { speakers: [{ voice: 'Kore' }] } } }, 400, 'Expected an array, got object'],
  ['THINKING_SUMMARIES_AUTO', { model: MODEL, input: 'x', generation_config: { thinking_summaries: 'THINKING_SUMMARIES_AUTO' } }, 400, 'expected one of auto, none'],
  ['THINKING_SUMMARIES in agent_config', { agent: DR_AGENT, input: 'x', background: true, agent_config: { type: 'deep-research', thinking_summaries: 'THINKING_SUMMARIES_AUTO' } }, 400, 'expected one of auto, none'],
  ['unknown generation_config key (camelCase)', { model: MODEL, input: 'x', generation_config: { maxOutputTokens: 5 } }, 400, "Unknown parameter 'generation_config.maxOutputTokens'"],
  ['top_k (removed)', { model: MODEL, input: 'x', generation_config: { top_k: 5 } }, 400, "Unknown parameter 'generation_config.top_k'"],
  ['wrong type: temperature', { model: MODEL, input: 'x', generation_config: { temperature: 'hot' } }, 400, "generation_config.temperature"],
  ['wrong type: stream', { model: MODEL, input: 'x', stream: 'yes' }, 400, "'stream': expected a boolean"],
  ['wrong type: system_instruction object', { model: MODEL, input: 'x', system_instruction: { parts: [] } }, 400, "'system_instruction': expected a string"],
  ['uppercase tool_choice', { model: MODEL, input: 'x', generation_config: { tool_choice: 'AUTO' } }, 400, 'tool_choice'],
  ['safety_settings (Vertex only)', { model: MODEL, input: 'x', safety_settings: [] }, 400, 'not available on the Gemini API'],
  ['labels (Vertex only)', { model: MODEL, input: 'x', labels: { a: 'b' } }, 400, 'not available on the Gemini API'],
  ['retrieval tool (Vertex only)', { model: MODEL, input: 'x', tools: [{ type: 'retrieval' }] }, 400, 'not available on the Gemini API'],
  ['enable_bigquery_tool (Vertex only)', { agent: DR_AGENT, input: 'x', background: true, agent_config: { type: 'deep-research', enable_bigquery_tool: true } }, 400, 'not available on the Gemini API'],
  ['unknown tool type', { model: MODEL, input: 'x', tools: [{ type: 'googleSearch' }] }, 400, 'Supported tool types'],
  ['unknown agent_config type', { agent: DR_AGENT, input: 'x', background: true, agent_config: { type: 'research' } }, 400, 'dynamic, deep-research, code-mender, antigravity'],
  ['Deep Research without background', { agent: DR_AGENT, input: 'x' }, 400, 'require background=true'],
  ['Deep Research with system_instruction', { agent: DR_AGENT, input: 'x', background: true, system_instruction: 'be brief' }, 400, 'system_instruction is not supported'],
  ['unknown content type', { model: MODEL, input: [{ type: 'picture', data: PNG_1PX }] }, 400, 'Unknown step or content type "picture"'],
  ['unknown step type', { model: MODEL, input: [{ type: 'user_input', content: [{ type: 'text', text: 'x' }] }, { type: 'future_step' }] }, 400, 'Unknown step or content type "future_step"'],
  ['mixed content and steps', { model: MODEL, input: [{ type: 'text', text: 'x' }, { type: 'user_input', content: [] }] }, 400, 'not a mix of both'],
  ['text block without text', { model: MODEL, input: [{ type: 'text' }] }, 400, "'input[0].text'"],
  ['data not base64', { model: MODEL, input: [{ type: 'image', data: 'not base64!', mime_type: 'image/png' }] }, 400, 'not valid base64'],
  ['data URL prefix', { model: MODEL, input: [{ type: 'image', data: `data:image/png;base64,${PNG_1PX}`, mime_type: 'image/png' }] }, 400, "without a 'data:' URL prefix"],
  ['data without mime_type', { model: MODEL, input: [{ type: 'image', data: PNG_1PX }] }, 400, 'mime_type is required'],
  ['both data and uri', { model: MODEL, input: [{ type: 'image', data: PNG_1PX, uri: 'https://example.com/a.png', mime_type: 'image/png' }] }, 400, "exactly one of 'data' or 'uri'"],
  ['unsupported image mime_type', { model: MODEL, input: [{ type: 'image', data: PNG_1PX, mime_type: 'image/svg+xml' }] }, 400, "Unsupported mime_type 'image/svg+xml'"],
  ['document mime_type on audio', { model: MODEL, input: [{ type: 'audio', data: PNG_1PX, mime_type: 'application/pdf' }] }, 400, 'for audio content'],
  ['camelCase mimeType', { model: MODEL, input: [{ type: 'image', data: PNG_1PX, mimeType: 'image/png' }] }, 400, "Unknown parameter 'input[0].mimeType'"],
  ['video processing outside a user_input step', { model: MODEL, input: [{ type: 'video', uri: 'https://www.youtube.com/watch?v=x', mime_type: 'video/mp4', processing: 'static' }] }, 400, "Unknown parameter 'input[0].processing'"],
  ['image delivery in response_format', { model: MODEL, input: 'x', response_format: { type: 'image', delivery: 'inline' } }, 400, 'Image delivery mode is not supported'],
  ['audio mime_type in response_format', { model: MODEL, input: 'x', response_format: { type: 'audio', mime_type: 'audio/mp3' } }, 400, 'Audio mime_type is not supported'],
  ['function_call replayed without signature', {
    model: MODEL, store: false, tools: [weatherTool], input: [
      { type: 'user_input', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { type: 'function_call', id: 'fc_1', name: 'get_weather', arguments: { location: 'Paris' } },
      { type: 'function_result', call_id: 'fc_1', name: 'get_weather', result: '18C' },
    ],
  }, 400, 'missing its signature'],
  ['function_result for an unknown call', {
    model: MODEL, input: [{ type: 'function_result', call_id: 'fc_404', name: 'get_weather', result: '18C' }],
  }, 400, "call_id 'fc_404' does not match any pending function call"],
  ['continuation_token that was never issued', { model: MODEL, continuation_token: 'ct_bogus', previous_interaction_id: 'v1_x' }, 404, 'not found'],
];

describe('emulator: request validation (SDK 3.1.0)', function () {
  this.timeout(10_000);
  const { emu, ai } = useEmulator();

  for (const [title, body, status, text] of CASES) {
    it(`rejects ${title}`, async () => {
      const e = await expectApiError(ai().interactions.create(body as any), status, text);
      const errBody = e.error.error;
      assert.equal(typeof errBody.message, 'string');
      if (status === 400) {
        assert.equal(e.name, 'BadRequestError');
        assert.equal(errBody.code, 'invalid_request');
      }
      assert.equal(emu().requests().length, 1, '4xx must not be retried');
    });
  }

  it('accepts the typed forms that the live service accepts', async () => {
    const ok = [
      { model: MODEL, input: 'x', response_modalities: ['text'] },
      { model: MODEL, input: 'x', generation_config: { speech_config: [{ voice: 'Kore' }], thinking_level: 'low', thinking_summaries: 'none', tool_choice: { allowed_tools: { mode: 'any', tools: ['f'] } } } },
      { model: MODEL, input: { type: 'image', data: PNG_1PX, mime_type: 'image/png' } },
      { model: MODEL, input: [{ type: 'user_input', content: [{ type: 'video', uri: 'https://www.youtube.com/watch?v=x', mime_type: 'video/mp4', processing: 'static' }] }] },
      { model: MODEL, input: 'x', response_format: { type: 'object', properties: { a: { type: 'string' } } } },
      { model: MODEL, input: 'x', background: true, webhook_config: { uris: ['https://example.com/hook'] } },
      { model: MODEL, input: 'x', service_tier: 'flex', system_instruction: 'Be brief.' },
    ];
    for (const body of ok) {
      const r: any = await ai().interactions.create(body as any);
      assert.ok(['completed', 'in_progress'].includes(r.status), JSON.stringify(body));
    }
  });

  it('rejects SDK-only fields that a hand-made request leaks into the body', async () => {
    // The SDK strips automatic_continuation/api_version itself; a raw client might not.
    const res = await raw(emu(), '/v1/interactions', { method: 'POST', body: JSON.stringify({ model: MODEL, input: 'x', automatic_continuation: false }) });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: { message: "Unknown parameter 'automatic_continuation'.", code: 'invalid_request' } });
  });

  it('answers malformed JSON with a front-end style 400', async () => {
    const res = await raw(emu(), '/v1/interactions', { method: 'POST', body: '{"model":' });
    assert.equal(res.status, 400);
    const body: any = await res.json();
    assert.equal(body.error.code, 400);
    assert.equal(body.error.status, 'INVALID_ARGUMENT');
    assert.match(body.error.message, /Invalid JSON payload/);
  });

  it('rejects unknown GET query parameters and non-boolean stream values', async () => {
    const c: any = await ai().interactions.create({ model: MODEL, input: 'x' });
    assert.equal((await raw(emu(), `/v1/interactions/${c.id}?alt=sse`)).status, 400);
    assert.equal((await raw(emu(), `/v1/interactions/${c.id}?stream=yes`)).status, 400);
    assert.equal((await raw(emu(), `/v1/interactions/${c.id}?stream=false&last_event_id=x`)).status, 400);
  });

  it('answers unknown routes and API versions with 404', async () => {
    assert.equal((await raw(emu(), '/v9/interactions', { method: 'POST', body: '{}' })).status, 404);
    assert.equal((await raw(emu(), '/v1/corpora')).status, 404);
    assert.equal((await raw(emu(), '/v1/models', { method: 'POST', body: '{}' })).status, 404);
  });
});
