import { strict as assert } from 'node:assert';
import { StreamTranslator } from '../../src/core/gemini/stream/streamTranslator';
import { legacyBlockToStep, partsOfStep, utf8OffsetToUtf16 } from '../../src/core/gemini/stream/wireParts';
import { translateUsage } from '../../src/core/gemini/stream/usage';
import type { Part, TurnEvent } from '../../src/core/conversation/types';
import {
  CUT_600S, continuation, emptyErrorMidStream, fatalError, malformed, mcpToolCall, missedStart, resumeFirst,
  resumeSecond, unaryLegacy, unarySteps, unknownTypes,
} from './fixtures/edgeCases';
import { SCENARIOS } from './fixtures/scenarios';
import { L, PNG, S } from './fixtures/wire';
import { plain, reduce, run } from './helpers';

describe('StreamTranslator', () => {
  describe('the same answer in both schemas reduces to the same transcript', () => {
    for (const sc of SCENARIOS) {
      for (const schema of ['steps', 'legacy'] as const) {
        it(`${sc.name} (${schema} schema)`, () => {
          const r = run(schema === 'steps' ? sc.steps : sc.legacy);
          assert.deepEqual(r.warnings, []);
          assert.deepEqual(plain(r.turn.parts), sc.parts);
          assert.deepEqual(r.turn.interactionIds, sc.ids);
          assert.equal(r.turn.status, sc.status);
          assert.deepEqual(r.turn.usage, sc.usage);
          assert.equal(r.turn.error, undefined);
          assert.equal(r.translator.finished, true);
          assert.equal(r.translator.finalStatus, sc.status);
          assert.equal(r.translator.interactionId, sc.ids[sc.ids.length - 1]);
          // No holes: every part index the events used is filled.
          assert.equal(r.turn.parts.length, sc.parts.length);
        });

        it(`${sc.name} (${schema} schema): steps() replays as a unary result with the same parts`, () => {
          const r = run(schema === 'steps' ? sc.steps : sc.legacy);
          const steps = r.translator.steps();
          for (const s of steps) assert.ok(!('__argsText' in s), 'internal bookkeeping must not leak into replayed steps');
          const again = new StreamTranslator();
          const turn = reduce(again.translateInteraction({
            id: sc.ids[0], status: sc.status,
            steps: [{ type: 'user_input', content: [{ type: 'text', text: 'question' }] }, ...steps],
          }));
          assert.deepEqual(plain(turn.parts), sc.parts);
        });
      }
    }
  });

  describe('plain text', () => {
    it('emits one part then text deltas that the reducer appends', () => {
      const r = run(SCENARIOS[0].steps);
      const kinds = r.events.map((e) => e.type);
      assert.deepEqual(kinds, ['interaction', 'status', 'part', 'text', 'completed']);
      assert.deepEqual(r.events[2], { type: 'part', index: 0, part: { kind: 'text', text: '1, 2, 3, ' } });
      assert.deepEqual(r.events[3], { type: 'text', index: 0, text: '4, 5.' });
    });

    it('keeps initial content given on step.start and appends to it', () => {
      const r = run([
        S.created('v1_I'),
        S.start(0, { type: 'model_output', content: [{ type: 'text', text: 'Once upon' }] }),
        S.delta(0, { type: 'text', text: ' a time' }),
        S.stop(0),
        S.completed('v1_I', 'completed'),
      ]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'text', text: 'Once upon a time' }]);
      assert.deepEqual(r.translator.steps(), [{ type: 'model_output', content: [{ type: 'text', text: 'Once upon a time' }] }]);
    });

    it('ignores empty text deltas', () => {
      const r = run([S.created('v1_Z'), S.start(0, { type: 'model_output' }), S.delta(0, { type: 'text', text: '' }), S.stop(0)]);
      assert.deepEqual(r.turn.parts, []);
      assert.deepEqual(r.translator.steps(), [{ type: 'model_output', content: [] }]);
    });
  });

  describe('thoughts', () => {
    it('rebuilds the thought step with its summary and the non-empty signature', () => {
      const r = run(SCENARIOS[1].steps);
      const [thought, output] = r.translator.steps();
      assert.deepEqual(thought, {
        type: 'thought',
        summary: [{ type: 'text', text: '**Planning**\nCount to five.' }, { type: 'text', text: 'Then answer.' }],
        signature: 'EtYFCtMF',
      });
      assert.deepEqual(output, { type: 'model_output', content: [{ type: 'text', text: 'Hello there.' }] });
    });

    it('never records an empty signature (Deep Research sends signature:"")', () => {
      const r = run([
        S.created('v1_DR', 'deep-research-preview-04-2026'),
        S.start(0, { type: 'thought' }),
        S.delta(0, { type: 'thought_signature', signature: '' }),
        S.delta(0, { type: 'thought_summary', content: { type: 'text', text: 'Searching for sources' } }),
        S.delta(0, { type: 'thought_signature', signature: '' }),
        S.stop(0),
      ]);
      assert.deepEqual(r.translator.steps(), [{ type: 'thought', summary: [{ type: 'text', text: 'Searching for sources' }] }]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'thought', text: 'Searching for sources' }]);
    });

    it('emits thought deltas with a paragraph separator between summary items', () => {
      const r = run(SCENARIOS[1].steps);
      const thoughts = r.events.filter((e) => e.type === 'thought');
      // The thought part exists from step.start, so every summary item is a thought delta.
      assert.deepEqual(thoughts, [
        { type: 'thought', index: 0, text: '**Planning**\nCount to five.' },
        { type: 'thought', index: 0, text: '\n\nThen answer.' },
      ]);
    });

    it('shows an image summary item as [image]', () => {
      const r = run([
        S.created('v1_TI'),
        S.start(0, { type: 'thought' }),
        S.delta(0, { type: 'thought_summary', content: { type: 'text', text: 'Chart:' } }),
        S.delta(0, { type: 'thought_summary', content: { type: 'image', mime_type: 'image/png', data: PNG } }),
        S.stop(0),
      ]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'thought', text: 'Chart:\n\n[image]' }]);
    });
  });

  describe('function calls', () => {
    it('streams argument fragments as args events, then replaces the part with parsed arguments at step.stop', () => {
      const r = run(SCENARIOS[2].steps);
      const fc = r.events.filter((e) => 'index' in e && e.index === 1);
      assert.deepEqual(fc.map((e) => e.type), ['part', 'args', 'args', 'args', 'update']);
      assert.deepEqual(fc.filter((e) => e.type === 'args').map((e) => (e as { text: string }).text),
        ['{"locat', 'ion":"Paris","unit"', ':"celsius"}']);
    });

    it('an args event appends to argsText in the reducer', () => {
      const r = run(SCENARIOS[2].steps.slice(0, 8)); // up to the second fragment, before step.stop
      const part = r.turn.parts[1] as Extract<Part, { kind: 'functionCall' }>;
      assert.equal(part.argsText, '{"location":"Paris","unit"');
      assert.equal(part.argsInvalid, undefined);
    });

    it('steps() keeps unknown fields such as signature verbatim and carries parsed arguments', () => {
      const r = run(SCENARIOS[2].steps);
      assert.deepEqual(r.translator.steps(), [
        { type: 'thought', signature: 'EjQKMgFy' },
        { type: 'function_call', id: 'fc_1', name: 'get_weather', arguments: { location: 'Paris', unit: 'celsius' }, signature: 'CqQB' },
      ]);
    });

    it('steps() parses arguments even for a step that has not stopped yet', () => {
      const r = run([S.created('v1_O'), S.start(0, { type: 'function_call', id: 'f', name: 'n', arguments: {} }),
        S.delta(0, { type: 'arguments_delta', arguments: '{"a":1}' })]);
      assert.deepEqual(r.translator.steps(), [{ type: 'function_call', id: 'f', name: 'n', arguments: { a: 1 } }]);
    });

    it('invalid JSON arguments: argsInvalid, raw text kept, a warning, no throw', () => {
      const r = run([
        S.created('v1_BAD'),
        S.start(0, { type: 'function_call', id: 'fc_x', name: 'broken', arguments: {} }),
        S.delta(0, { type: 'arguments_delta', arguments: '{"a": 1,' }),
        S.delta(0, { type: 'arguments_delta', arguments: ' oops' }),
        S.stop(0),
        S.completed('v1_BAD', 'requires_action'),
      ]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'functionCall', id: 'fc_x', name: 'broken', argsText: '{"a": 1, oops', argsInvalid: true }]);
      assert.equal(r.warnings.length, 1);
      assert.match(r.warnings[0], /broken.*not valid JSON/);
      // The replayed step keeps a JSON object for arguments (the API rejects a string).
      assert.deepEqual(r.translator.steps(), [{ type: 'function_call', id: 'fc_x', name: 'broken', arguments: {} }]);
    });

    it('accepts the SDK 2.0 spelling partial_arguments', () => {
      const r = run([S.created('v1_PA'), S.start(0, { type: 'function_call', id: 'f', name: 'n', arguments: {} }),
        S.delta(0, { type: 'arguments_delta', partial_arguments: '{"k":"v"}' }), S.stop(0)]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'functionCall', id: 'f', name: 'n', argsText: '{"k":"v"}', args: { k: 'v' } }]);
    });

    it('a zero-argument call (no arguments_delta) keeps empty arguments', () => {
      const r = run([S.created('v1_0'), S.start(0, { type: 'function_call', id: 'f0', name: 'now', arguments: {} }), S.stop(0)]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'functionCall', id: 'f0', name: 'now', argsText: '', args: {} }]);
    });

    it('a signature streamed in a delta at the call\'s index (function_call-typed or thought_signature) is kept for replay', () => {
      for (const sigDelta of [{ type: 'function_call', signature: 'CqFcSig' }, { type: 'thought_signature', signature: 'CqFcSig' }]) {
        const r = run([S.created('v1_FS'), S.start(0, { type: 'function_call', id: 'f', name: 'n', arguments: {} }),
          S.delta(0, { type: 'arguments_delta', arguments: '{"a":1}' }), S.delta(0, sigDelta), S.stop(0), S.completed('v1_FS', 'requires_action')]);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(r.translator.steps(), [{ type: 'function_call', id: 'f', name: 'n', arguments: { a: 1 }, signature: 'CqFcSig' }], sigDelta.type);
        assert.deepEqual(plain(r.turn.parts), [{ kind: 'functionCall', id: 'f', name: 'n', argsText: '{"a":1}', args: { a: 1 } }]);
      }
    });

    it('parallel calls with interleaved deltas keep each call on its own part', () => {
      const r = run(SCENARIOS[3].steps);
      assert.deepEqual(r.translator.steps().map((s) => [s.id, s.arguments, s.signature]),
        [['fc_1', { location: 'Paris' }, 'sig1'], ['fc_2', { location: 'Lyon' }, 'sig2']]);
    });
  });

  describe('server tools', () => {
    it('code execution: lowercases the legacy PYTHON language; replay steps merge the typed delta', () => {
      const r = run(SCENARIOS[5].steps);
      assert.deepEqual(r.translator.steps().slice(1, 3), [
        { type: 'code_execution_call', id: 'ce_1', arguments: { language: 'python', code: 'print(sum(range(101)))' } },
        { type: 'code_execution_result', call_id: 'ce_1', result: '5050\n', is_error: false },
      ]);
    });

    it('code execution result with is_error marks the part', () => {
      const r = run([S.created('v1_CE'), S.start(0, { type: 'code_execution_result', call_id: 'c' }),
        S.delta(0, { type: 'code_execution_result', result: 'Traceback', is_error: true }), S.stop(0)]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'codeResult', callId: 'c', output: 'Traceback', isError: true }]);
    });

    it('url context: normalises every status spelling, accepts an object or an array result', () => {
      const arr = partsOfStep({ type: 'url_context_result', call_id: 'u', result: [
        { url: 'a', status: 'URL_RETRIEVAL_STATUS_SUCCESS' }, { url: 'b', status: 'paywall' }, { url: 'c', status: 'URL_RETRIEVAL_STATUS_ERROR' }] });
      assert.deepEqual(plain(arr), [{ kind: 'urlContextResult', callId: 'u', results: [
        { url: 'a', status: 'success' }, { url: 'b', status: 'paywall' }, { url: 'c', status: 'error' }] }]);
      const obj = partsOfStep({ type: 'url_context_result', call_id: 'u', result: { url: 'a', status: 'success' }, is_error: true });
      assert.deepEqual(plain(obj), [{ kind: 'urlContextResult', callId: 'u', results: [{ url: 'a', status: 'success' }], isError: true }]);
    });

    it('google search: keeps the search_suggestions HTML and the call signature for replay', () => {
      const r = run(SCENARIOS[7].steps);
      const steps = r.translator.steps();
      assert.deepEqual(steps[1], { type: 'google_search_call', id: 'gs_1', arguments: { queries: ['qui a gagné la coupe du monde 2018'] }, search_type: 'web_search', signature: 'ErIE' });
      assert.equal(steps[2].signature, 'ErIE2');
      // The annotations are kept on the text block with the wire's byte offsets.
      assert.deepEqual(steps[3].content[0].annotations.map((a: { start_index: number }) => a.start_index), [14, 0]);
    });

    it('google search: accepts the older rendered_content shapes', () => {
      const parts = partsOfStep({ type: 'google_search_result', call_id: 'g', rendered_content: '<div>top</div>',
        result: [{ url: 'u', title: 't', rendered_content: '<div>item</div>' }] });
      assert.deepEqual(plain(parts), [{ kind: 'searchResult', callId: 'g', suggestionsHtml: ['<div>item</div>', '<div>top</div>'] }]);
    });

    it('citations: converts UTF-8 byte offsets of non-ASCII text to UTF-16 offsets', () => {
      const r = run(SCENARIOS[7].steps);
      const text = r.turn.parts[3] as Extract<Part, { kind: 'text' }>;
      assert.equal(text.text.slice(text.citations![0].start, text.citations![0].end), 'gagné 🏆');
      assert.equal(text.text.slice(text.citations![1].start, text.citations![1].end), 'Les Bleus');
      const cites = r.events.filter((e) => e.type === 'citations');
      assert.equal(cites.length, 1);
    });

    it('MCP tool_call: complete on step.start, no delta, kept verbatim for replay', () => {
      const r = run(mcpToolCall);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(plain(r.turn.parts), [
        { kind: 'toolCall', tool: 'mcp', id: 'tc_1' },
        { kind: 'text', text: 'Let me think.' },
        { kind: 'thought', text: '' },
        { kind: 'text', text: 'Done.' },
      ]);
      assert.deepEqual(r.translator.steps()[0], { type: 'tool_call', id: 'tc_1', signature: 'CqMcp' });
      assert.deepEqual(r.turn.usage, { toolUse: 77 });
    });

    it('tool search: tool_search_call / tool_search_result (typed deltas) are tool cards and replay intact', () => {
      const fn = { type: 'function', name: 'git_blame', description: 'Who last changed a line', parameters: { type: 'object', properties: { path: { type: 'string' } } } };
      const r = run([
        S.created('v1_TS'),
        S.start(0, { type: 'tool_search_call', id: 'ts_1' }),
        S.delta(0, { type: 'tool_search_call', arguments: { function_names: ['git_blame'] }, signature: 'CqTs' }),
        S.stop(0),
        S.start(1, { type: 'tool_search_result', call_id: 'ts_1' }),
        S.delta(1, { type: 'tool_search_result', result: [fn], signature: 'CqTsr' }),
        S.stop(1),
        S.start(2, { type: 'function_call', id: 'fc_1', name: 'git_blame', arguments: {}, signature: 'CqFc' }),
        S.delta(2, { type: 'arguments_delta', arguments: '{"path":"a.ts"}' }),
        S.stop(2),
        S.completed('v1_TS', 'requires_action'),
      ]);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(plain(r.turn.parts.slice(0, 2)), [
        { kind: 'toolCall', tool: 'tool_search', id: 'ts_1', name: 'git_blame', argsText: '{"function_names":["git_blame"]}' },
        { kind: 'toolResult', tool: 'tool_search', callId: 'ts_1', name: 'git_blame', result: JSON.stringify([fn], null, 2) },
      ]);
      assert.deepEqual(r.translator.steps().slice(0, 2), [
        { type: 'tool_search_call', id: 'ts_1', arguments: { function_names: ['git_blame'] }, signature: 'CqTs' },
        { type: 'tool_search_result', call_id: 'ts_1', result: [fn], signature: 'CqTsr' },
      ]);
    });

    it('google_maps / file_search map to generic tool parts', () => {
      assert.deepEqual(plain(partsOfStep({ type: 'google_maps_call', id: 'm1', arguments: { queries: ['cafés'] } })),
        [{ kind: 'toolCall', tool: 'google_maps', id: 'm1', argsText: '{"queries":["cafés"]}' }]);
      assert.deepEqual(plain(partsOfStep({ type: 'file_search_result', call_id: 'f1' })),
        [{ kind: 'toolResult', tool: 'file_search', callId: 'f1', result: '' }]);
    });
  });

  describe('unknown and malformed input never throws', () => {
    it('unknown step types and content blocks become unsupported parts; unknown deltas and events are ignored with a warning', () => {
      const r = run(unknownTypes);
      assert.equal(r.turn.parts.length, 3);
      assert.equal(r.turn.parts[0].kind, 'unsupported');
      assert.equal((r.turn.parts[0] as Extract<Part, { kind: 'unsupported' }>).wireType, 'hologram_render');
      assert.match((r.turn.parts[0] as Extract<Part, { kind: 'unsupported' }>).preview, /frames/);
      assert.deepEqual(plain(r.turn.parts[1]), { kind: 'unsupported', wireType: 'content:sparkle', preview: '{"type":"sparkle","intensity":9}' });
      assert.deepEqual(plain(r.turn.parts[2]), { kind: 'text', text: 'after' });
      assert.equal(r.turn.status, 'completed');
      assert.ok(r.warnings.some((w) => /unknown delta type: hologram_delta/.test(w)));
      assert.ok(r.warnings.some((w) => /unknown delta type: fancy_new_delta/.test(w)));
      assert.ok(r.warnings.some((w) => /unknown stream event type: interaction.teleported/.test(w)));
    });

    it('an unknown step is replayed verbatim and an unknown delta leaves no phantom step behind', () => {
      const r = run(unknownTypes);
      assert.deepEqual(r.translator.steps(), [
        { type: 'hologram_render', id: 'h_1', payload: { frames: 3 } },
        { type: 'model_output', content: [{ type: 'sparkle', intensity: 9 }, { type: 'text', text: 'after' }] },
      ]);
    });

    it('a delta typed like its open step is merged whatever that type is: payload and signature kept for replay', () => {
      const r = run([
        S.created('v1_F'),
        S.start(0, { type: 'future_tool_call', id: 'ft_1' }),
        S.delta(0, { type: 'future_tool_call', arguments: { query: 'q' }, payload: { version: 2 }, signature: 'CqFuture' }),
        // A different unknown type on the same index is still not the step's.
        S.delta(0, { type: 'future_other_delta', junk: true }),
        S.stop(0),
        S.start(1, { type: 'model_output' }), S.delta(1, { type: 'text', text: 'ok' }), S.stop(1),
        S.completed('v1_F', 'completed'),
      ]);
      assert.deepEqual(r.translator.steps()[0], { type: 'future_tool_call', id: 'ft_1', arguments: { query: 'q' }, payload: { version: 2 }, signature: 'CqFuture' });
      assert.equal(r.turn.parts[0].kind, 'unsupported');
      assert.match((r.turn.parts[0] as Extract<Part, { kind: 'unsupported' }>).preview, /payload/, 'the card shows the merged payload');
      assert.deepEqual(r.warnings.filter((w) => /future_tool_call/.test(w)), []);
      assert.ok(r.warnings.some((w) => /unknown delta type: future_other_delta/.test(w)));
    });

    it('interaction.created names the model the API says answers (stream and unary)', () => {
      const r = run([S.created('v1_R', 'gemini-3.8-flash'), S.completed('v1_R', 'completed')]);
      assert.deepEqual(r.events[0], { type: 'interaction', id: 'v1_R', status: 'in_progress', model: 'gemini-3.8-flash' });
      const unary = new StreamTranslator().translateInteraction({ id: 'v1_U', model: 'gemini-3.8-flash', status: 'completed', steps: [] });
      assert.deepEqual(unary[0], { type: 'interaction', id: 'v1_U', status: 'in_progress', model: 'gemini-3.8-flash' });
    });

    it('malformed events are skipped with a warning and the stream goes on', () => {
      const r = run(malformed);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'text', text: 'Hello world' }]);
      assert.ok(r.warnings.some((w) => /non-JSON stream event: this is not json/.test(w)));
      assert.ok(r.warnings.some((w) => /JSON array/.test(w) && /UNAVAILABLE/.test(w)), 'the 600 s cut array is reported');
      assert.ok(r.warnings.some((w) => /not an object: 42/.test(w)));
      assert.ok(r.warnings.some((w) => /not an object: null/.test(w)));
      assert.ok(r.warnings.some((w) => /step.start without index/.test(w)));
      assert.ok(r.warnings.some((w) => /step.delta without index/.test(w)));
      assert.equal(r.warnings.filter((w) => /non-JSON/.test(w)).length, 1, 'an empty string is silently dropped');
      // The 600 s cut is not a terminal event: the run is still open and must be resumed.
      assert.equal(r.translator.finished, false);
      assert.equal(r.translator.fatalError, undefined);
    });

    it('the 600 s cut array alone does not throw and produces nothing', () => {
      const warnings: string[] = [];
      const t = new StreamTranslator({ warn: (m) => warnings.push(m) });
      assert.deepEqual(t.feed(CUT_600S), []);
      assert.equal(warnings.length, 1);
    });

    it('works without a warn callback', () => {
      const t = new StreamTranslator();
      for (const ev of malformed) assert.doesNotThrow(() => t.feed(structuredClone(ev)));
    });

    it('an interaction.status_update without a status does not invent one', () => {
      const r = run([S.created('v1_SU'), { event_type: 'interaction.status_update', interaction_id: 'v1_SU', continuation_token: 'T' }]);
      assert.equal(r.turn.status, 'in_progress');
      assert.equal(r.translator.status, 'in_progress');
    });

    it('tolerates the guide-only interaction.in_progress / interaction.requires_action events and "type" for "event_type"', () => {
      const r = run([S.created('v1_G'), { event_type: 'interaction.requires_action', interaction_id: 'v1_G' }]);
      assert.equal(r.turn.status, 'requires_action');
      const r2 = run([{ type: 'interaction.created', interaction: { id: 'v1_T', status: 'in_progress' } },
        { type: 'interaction.in_progress', interaction_id: 'v1_T' }]);
      assert.deepEqual(r2.turn.interactionIds, ['v1_T']);
      assert.equal(r2.turn.status, 'in_progress');
    });
  });

  describe('error events', () => {
    it('an empty error event is non-fatal and the content continues', () => {
      const r = run(emptyErrorMidStream);
      assert.deepEqual(r.events.find((e) => e.type === 'error'), { type: 'error', message: 'empty error event', fatal: false });
      assert.equal(r.translator.fatalError, undefined);
      assert.equal(r.turn.error, undefined);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'text', text: 'Part one, part two.' }]);
      assert.equal(r.translator.finished, true);
      assert.equal(r.translator.finalStatus, 'completed');
      assert.equal(r.warnings.length, 1);
    });

    it('a populated error event is fatal: fatalError set, finished, turn.error set, partial text kept', () => {
      const r = run(fatalError);
      assert.deepEqual(r.translator.fatalError, { message: 'Failed to get completed interaction: Result not found.', code: 'not_found' });
      assert.equal(r.translator.finalStatus, 'failed');
      assert.equal(r.translator.finished, true);
      assert.deepEqual(r.turn.error, { message: 'Failed to get completed interaction: Result not found.', code: 'not_found' });
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'text', text: 'Partial' }]);
    });

    it('an error with only a numeric code is fatal too', () => {
      const r = run([S.created('v1_N'), { event_type: 'error', error: { code: 503 } }]);
      assert.deepEqual(r.translator.fatalError, { message: 'error 503', code: '503' });
      assert.equal(r.turn.error?.code, '503');
    });

    it('interaction.completed with status failed reports the errors[] messages as a fatal error', () => {
      const r = run([S.created('v1_FAIL'), S.completed('v1_FAIL', 'failed', undefined, { errors: [{ code: 'x', message: 'Backend exploded' }] })]);
      assert.equal(r.turn.status, 'failed');
      assert.deepEqual(r.turn.error, { message: 'Backend exploded', code: undefined });
    });
  });

  describe('automatic continuation', () => {
    it('is one turn: finished only after the last hop, ids of both hops, increasing part indices, steps of both hops', () => {
      const t = new StreamTranslator();
      const all: TurnEvent[] = [];
      const finishedAfter: boolean[] = [];
      for (const ev of continuation) {
        all.push(...t.feed(structuredClone(ev)));
        finishedAfter.push(t.finished);
      }
      // Not finished after the first (requires_continuation) interaction.completed.
      assert.equal(finishedAfter[7], false);
      assert.equal(t.finalStatus, 'completed');
      assert.equal(finishedAfter[finishedAfter.length - 1], true);
      assert.equal(t.interactionId, 'v1_s2');
      const partIndices = all.filter((e) => e.type === 'part').map((e) => (e as { index: number }).index);
      assert.deepEqual(partIndices, [0, 1, 2]);
      const turn = reduce(all);
      assert.deepEqual(turn.interactionIds, ['v1_s1', 'v1_s2']);
      assert.equal(turn.status, 'completed');
      assert.deepEqual(plain(turn.parts), [{ kind: 'thought', text: '' }, { kind: 'text', text: 'part1 ' }, { kind: 'text', text: 'part2' }]);
      assert.deepEqual(t.steps(), [
        { type: 'thought', signature: 'sigHop1' },
        { type: 'model_output', content: [{ type: 'text', text: 'part1 ' }] },
        { type: 'model_output', content: [{ type: 'text', text: 'part2' }] },
      ]);
    });

    it('the intermediate status is requires_continuation and the usage of both hops is summed', () => {
      const r = run(continuation);
      const completed = r.events.filter((e) => e.type === 'completed');
      assert.deepEqual(completed.map((e) => (e as { status: string }).status), ['requires_continuation', 'completed']);
      // The context is the last hop's input (the server holds the history), not the sum.
      assert.deepEqual(r.turn.usage, { input: 30, output: 105, total: 135, context: 20 });
    });
  });

  describe('missed step.start and resumes', () => {
    it('a delta without a prior step.start creates a shell of the right type', () => {
      const r = run(missedStart);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(plain(r.turn.parts), [
        { kind: 'text', text: 'orphan text' },
        { kind: 'functionCall', id: '', name: '', argsText: '{"q":1}', args: { q: 1 } },
        { kind: 'thought', text: 'musing' },
        { kind: 'codeCall', id: '', code: 'print(1)' },
      ]);
      assert.deepEqual(r.translator.steps().map((s) => s.type), ['model_output', 'function_call', 'thought', 'code_execution_call']);
    });

    it('a resumed stream (same interaction.created, repeated step.start of the open step) neither loses nor duplicates text', () => {
      const t = new StreamTranslator();
      const first = run(resumeFirst, t);
      assert.equal(t.finished, false);
      assert.equal(t.lastEventId, 'e3');
      const second = run(resumeSecond, t);
      const turn = reduce([...first.events, ...second.events]);
      assert.deepEqual(turn.interactionIds, ['v1_R']);
      assert.deepEqual(plain(turn.parts), [{ kind: 'thought', text: 'Searching' }, { kind: 'text', text: 'The report continues here.' }]);
      assert.equal(second.events.filter((e) => e.type === 'part').length, 0, 'no new part for the resumed step');
      assert.equal(second.events.filter((e) => e.type === 'interaction').length, 0, 'the same interaction is not announced twice');
      assert.equal(t.finished, true);
      assert.equal(t.lastEventId, 'e5');
      assert.deepEqual(t.steps(), [
        { type: 'thought', summary: [{ type: 'text', text: 'Searching' }] },
        { type: 'model_output', content: [{ type: 'text', text: 'The report continues here.' }] },
      ]);
    });

    it('a step.start of a different type at the same index replaces the step but reuses its part slot', () => {
      const r = run([S.created('v1_RS'), S.start(0, { type: 'thought' }), S.start(0, { type: 'model_output', content: [{ type: 'text', text: 'x' }] })]);
      assert.deepEqual(plain(r.turn.parts), [{ kind: 'text', text: 'x' }]);
      assert.deepEqual(r.translator.steps(), [{ type: 'model_output', content: [{ type: 'text', text: 'x' }] }]);
    });
  });

  describe('translateInteraction (unary results)', () => {
    it('steps schema: skips the leading user_input step and keeps the rest', () => {
      const t = new StreamTranslator();
      const turn = reduce(t.translateInteraction(unarySteps));
      assert.deepEqual(plain(turn.parts), [
        { kind: 'thought', text: '' },
        { kind: 'searchCall', id: 'gs_1', queries: ['last super bowl winner'] },
        { kind: 'searchResult', callId: 'gs_1', suggestionsHtml: ['<style>...</style><div>...</div>'] },
        { kind: 'text', text: 'The Chiefs won.', citations: [{ kind: 'url', url: 'https://www.nfl.com/', title: 'NFL', start: 4, end: 10 }] },
        { kind: 'media', media: { type: 'image', mimeType: 'image/png', data: PNG } },
      ]);
      assert.deepEqual(turn.interactionIds, ['v1_EXAMPLE']);
      assert.equal(turn.status, 'completed');
      assert.deepEqual(turn.usage, { input: 12, output: 9, thought: 60, toolUse: 300, total: 381 });
      assert.equal(t.finished, true);
      // Output steps only, verbatim.
      assert.deepEqual(t.steps(), (unarySteps.steps as unknown[]).slice(1));
    });

    it('legacy outputs: blocks become steps, legacy usage names are read', () => {
      const t = new StreamTranslator();
      const turn = reduce(t.translateInteraction(unaryLegacy));
      assert.deepEqual(plain(turn.parts), [
        { kind: 'thought', text: 'The user asks about weather.' },
        { kind: 'text', text: 'Let me check.' },
        { kind: 'functionCall', id: 'fc_1', name: 'get_weather', argsText: '{"location":"Boston, MA"}', args: { location: 'Boston, MA' } },
      ]);
      assert.equal(turn.status, 'requires_action');
      assert.deepEqual(turn.usage, { input: 11, output: 7 });
      assert.deepEqual(t.steps()[2], { type: 'function_call', id: 'fc_1', name: 'get_weather', arguments: { location: 'Boston, MA' }, signature: 'sigFC' });
    });

    it('returns nothing for a non-object and does not throw on an interaction without steps', () => {
      const t = new StreamTranslator();
      assert.deepEqual(t.translateInteraction('nope'), []);
      const evs = t.translateInteraction({ id: 'v1_E', status: 'in_progress' });
      assert.deepEqual(evs.map((e) => e.type), ['interaction', 'completed']);
    });
  });

  describe('steps() returns verbatim raw steps', () => {
    it('keeps unknown fields, and its result is a copy', () => {
      const r = run([
        S.created('v1_V'),
        S.start(0, { type: 'function_call', id: 'fc_1', name: 'f', arguments: {}, signature: 'SIG', future_field: { nested: [1] } }),
        S.delta(0, { type: 'arguments_delta', arguments: '{"x":[1,2]}' }),
        S.stop(0, { step_usage: { total_output_tokens: 3 } }),
      ]);
      const steps = r.translator.steps();
      assert.deepEqual(steps, [{ type: 'function_call', id: 'fc_1', name: 'f', arguments: { x: [1, 2] }, signature: 'SIG', future_field: { nested: [1] } }]);
      steps[0].arguments.x.push(3);
      assert.deepEqual(r.translator.steps()[0].arguments, { x: [1, 2] });
    });

    it('does not alias the caller\'s event objects', () => {
      const t = new StreamTranslator();
      const step = { type: 'model_output', content: [{ type: 'text', text: 'a' }] };
      t.feed({ event_type: 'step.start', index: 0, step });
      t.feed(S.delta(0, { type: 'text', text: 'b' }));
      assert.equal(step.content[0].text, 'a');
    });
  });

  describe('legacy schema specifics', () => {
    it('accepts the SDK 1.33–1.47 form with annotations inside the text delta', () => {
      const r = run([
        L.start('v1_LA'),
        L.cstart(0, { type: 'text' }),
        L.delta(0, { type: 'text', text: 'Voilà la source.', annotations: [{ type: 'url_citation', url: 'https://ex.fr/', title: 'Ex', start_index: 7, end_index: 10 }] }),
        L.cstop(0),
        L.complete('v1_LA', 'completed'),
      ]);
      const part = r.turn.parts[0] as Extract<Part, { kind: 'text' }>;
      assert.equal(part.text, 'Voilà la source.');
      assert.deepEqual(part.citations, [{ kind: 'url', url: 'https://ex.fr/', title: 'Ex', start: 6, end: 9 }]);
      assert.equal(part.text.slice(6, 9), 'la ');
    });

    it('legacyBlockToStep wraps text and media blocks in model_output and keeps tool blocks', () => {
      assert.deepEqual(legacyBlockToStep({ type: 'text', text: 'hi' }), { type: 'model_output', content: [{ type: 'text', text: 'hi' }] });
      assert.deepEqual(legacyBlockToStep({ type: 'text' }), { type: 'model_output', content: [] });
      // content.start stubs of media carry no payload: the delta brings it.
      assert.deepEqual(legacyBlockToStep({ type: 'image' }), { type: 'model_output', content: [] });
      assert.deepEqual(legacyBlockToStep({ type: 'video', uri: 'https://x/v.mp4' }), { type: 'model_output', content: [{ type: 'video', uri: 'https://x/v.mp4' }] });
      assert.deepEqual(legacyBlockToStep({ type: 'image', data: 'x', mime_type: 'image/png' }),
        { type: 'model_output', content: [{ type: 'image', data: 'x', mime_type: 'image/png' }] });
      assert.deepEqual(legacyBlockToStep({ type: 'google_search_call', id: 'g' }), { type: 'google_search_call', id: 'g' });
      assert.deepEqual(legacyBlockToStep(null), { type: 'unknown' });
    });
  });

  describe('usage and offsets', () => {
    it('translateUsage reads total_* names and legacy names, and drops empty usage', () => {
      assert.deepEqual(translateUsage({ total_input_tokens: 1, total_output_tokens: 2, total_thought_tokens: 3, total_cached_tokens: 4, total_tool_use_tokens: 5, total_tokens: 15 }),
        { input: 1, output: 2, thought: 3, cached: 4, toolUse: 5, total: 15 });
      assert.deepEqual(translateUsage({ prompt_tokens: 7, completion_tokens: 8 }), { input: 7, output: 8 });
      assert.deepEqual(translateUsage({ total_input_tokens: 1, prompt_tokens: 99 }), { input: 1 });
      assert.equal(translateUsage({}), undefined);
      assert.equal(translateUsage({ total_tokens: '5' }), undefined);
      assert.equal(translateUsage(undefined), undefined);
    });

    it('a step.stop running usage is reported as a usage event', () => {
      const r = run([S.created('v1_SU'), S.start(0, { type: 'model_output' }), S.stop(0, { usage: { total_output_tokens: 4 } })]);
      assert.deepEqual(r.events[r.events.length - 1], { type: 'usage', usage: { output: 4 } });
      assert.deepEqual(r.turn.usage, { output: 4 });
    });

    it('utf8OffsetToUtf16 handles 1-, 2-, 3- and 4-byte characters', () => {
      const s = 'aé€🏆b'; // bytes: a=0, é=1-3, €=3-6, 🏆=6-10, b=10
      assert.deepEqual([0, 1, 3, 6, 10, 11].map((b) => utf8OffsetToUtf16(s, b)), [0, 1, 2, 3, 5, 6]);
      assert.equal(utf8OffsetToUtf16(s, 999), s.length);
    });

    it('records the last event_id as the resume cursor', () => {
      const t = new StreamTranslator();
      t.feed({ ...S.created('v1_C'), event_id: 'ev1' });
      t.feed(S.start(0, { type: 'model_output' }));
      assert.equal(t.lastEventId, 'ev1');
      t.feed({ ...S.delta(0, { type: 'text', text: 'x' }), event_id: 'ev2' });
      assert.equal(t.lastEventId, 'ev2');
    });
  });
});
