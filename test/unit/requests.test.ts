import { strict as assert } from 'node:assert';
import { bodyBytes, buildCreateBody, inputContent, shortDescription, TOOL_SEARCH_MIN_TOOLS, userInputStep } from '../../src/core/gemini/requests';
import { WORKSPACE_TOOLS } from '../../src/core/tools/workspaceTools';
import { EDIT_TOOLS } from '../../src/core/tools/editTools';
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

  describe('tool search (defer_loading behind tool_search)', () => {
    const tracker = { name: 'tracker', url: 'https://mcp.example.com/mcp' };
    const many: TurnSettings = { model: 'gemini-3.5-flash', store: true, tools: { functions: [...WORKSPACE_TOOLS, ...EDIT_TOOLS], mcpServers: [tracker] } };
    const types = (b: Record<string, unknown>) => (b.tools as { type: string }[]).map((t) => t.type);

    it(`the workspace and edit tools alone (${WORKSPACE_TOOLS.length + EDIT_TOOLS.length}) are sent whole; with an MCP server (${TOOL_SEARCH_MIN_TOOLS}) every schema is deferred`, () => {
      assert.equal(WORKSPACE_TOOLS.length + EDIT_TOOLS.length, TOOL_SEARCH_MIN_TOOLS - 1);
      const few = buildCreateBody({ settings: { ...many, tools: { functions: many.tools.functions } }, input: question });
      assert.ok(!types(few).includes('tool_search'));
      assert.ok((few.tools as Record<string, unknown>[]).every((t) => t.defer_loading === undefined && t.short_description === undefined));
      const body = buildCreateBody({ settings: many, input: question });
      const tools = body.tools as Record<string, any>[];
      assert.equal(tools[0].type, 'tool_search');
      const fns = tools.filter((t) => t.type === 'function');
      assert.equal(fns.length, TOOL_SEARCH_MIN_TOOLS - 1);
      for (const f of fns) {
        assert.equal(f.defer_loading, true, f.name);
        assert.ok(f.short_description && f.short_description.length <= 120 && f.description.startsWith(f.short_description.replace(/…$/, '')), f.name);
        assert.ok(f.parameters, 'the full definition is still declared, to be loaded by the search');
      }
      assert.deepEqual(tools.find((t) => t.type === 'mcp_server'), { ...tracker, type: 'mcp_server', defer_loading: true });
    });

    it('not with the setting off, nor for an unknown model', () => {
      assert.ok(!types(buildCreateBody({ settings: { ...many, tools: { ...many.tools, toolSearch: false } }, input: question })).includes('tool_search'));
      assert.ok(!types(buildCreateBody({ settings: { ...many, model: 'gemini-99-experimental' }, input: question })).includes('tool_search'));
    });

    it('a function the replayed history calls without its tool search (native chat) is sent loaded', () => {
      const history = [
        userInputStep(question),
        { type: 'function_call', id: 'c1', name: 'read_file', arguments: { path: 'a' }, signature: 'sig' },
        { type: 'tool_search_call', id: 's1', arguments: { function_names: ['search_text'] }, signature: 's' },
        { type: 'tool_search_result', call_id: 's1', result: [{ type: 'function', name: 'search_text' }], signature: 's' },
        { type: 'function_call', id: 'c2', name: 'search_text', arguments: {}, signature: 'sig2' },
      ];
      const body = buildCreateBody({ settings: { ...many, store: false }, input: question, history });
      const byName = Object.fromEntries((body.tools as Record<string, any>[]).filter((t) => t.type === 'function').map((t) => [t.name, t]));
      assert.equal(byName.read_file.defer_loading, undefined);
      assert.equal(byName.search_text.defer_loading, true);
      assert.equal(byName.find_files.defer_loading, true);
    });

    it('short descriptions are the first sentence, cut at 120 characters', () => {
      assert.equal(shortDescription('Read a file. Lines are numbered.'), 'Read a file.');
      assert.equal(shortDescription(`${'x'.repeat(200)}.`).length, 120);
      assert.equal(shortDescription('No full stop'), 'No full stop');
    });
  });

  it('bodyBytes counts UTF-8 bytes', () => {
    assert.equal(bodyBytes({ a: 'é' }), '{"a":"é"}'.length + 1);
  });
});
