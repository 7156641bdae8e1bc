// The model table (core) and what it does to requests: current defaults, retired ids and their quick
// fix, thinking levels and built-in tools per model, temperature only when set, Deep Research input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL, DEFAULT_MODELS, RETIRED_MODELS, THINKING_LEVELS, findRetiredSettings, modelCapabilities, retiredToAnnounce } from '../../src/core/models/models';
import { AGENT_FACTS, MODEL_FACTS, modelFact } from '../../src/core/models/modelFacts';
import { PRICES } from '../../src/core/models/prices';
import { contextWindow } from '../../src/core/models/contextWindow';
import { modelDisplayName, modelLimits } from '../../src/core/models/limits';
import { buildCreateBody, unsupportedCombinations, withoutThinkingLevel } from '../../src/core/gemini/requests';
import { classifyError, isUnknownInteraction, isUnsupportedThinkingLevel } from '../../src/core/gemini/errors';
import type { TurnSettings } from '../../src/core/conversation/types';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8').toString());

describe('models', () => {
  const props = pkg.contributes.configuration.properties;

  it('package.json defaults are the current models; no retired id is offered', () => {
    assert.equal(props['geminiInteractions.model'].default, DEFAULT_MODEL);
    assert.equal(DEFAULT_MODEL, 'gemini-3.8-flash');
    assert.deepEqual(props['geminiInteractions.models'].default, DEFAULT_MODELS);
    for (const retired of Object.keys(RETIRED_MODELS)) assert.ok(!DEFAULT_MODELS.includes(retired), retired);
    assert.deepEqual(props['geminiInteractions.thinkingLevel'].enum, ['', ...THINKING_LEVELS]);
    assert.ok(THINKING_LEVELS.includes('xhigh'));
    assert.equal(props['geminiInteractions.temperature'].default, null);
    // Descriptions live in package.nls.json (the manifest holds %key% placeholders).
    const nls = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.nls.json'), 'utf8').toString());
    assert.match(nls[props['geminiInteractions.temperature'].markdownDescription.slice(1, -1)], /deprecated/);
    assert.ok(props['geminiInteractions.researchAgent'].enum.includes('deep-research-max-preview-04-2026'));
    // No retired agent is offered (deep-research-pro-preview-12-2025 was shut down on 2026-10-23, not forwarded).
    for (const a of AGENT_FACTS.filter((f) => f.retiredOn)) {
      assert.ok(!props['geminiInteractions.researchAgent'].enum.includes(a.id), a.id);
      assert.ok(a.replacement && props['geminiInteractions.researchAgent'].enum.includes(a.replacement), `${a.id} has a current replacement`);
    }
    assert.equal(props['geminiInteractions.tools.googleMaps'].default, false);
    assert.deepEqual(props['geminiInteractions.tools.fileSearchStores'].default, []);
  });

  it('finds retired ids per scope and proposes the replacement (lists deduplicated, order kept)', () => {
    const found = findRetiredSettings([
      { key: 'model', scope: 'workspaceValue', value: 'gemini-2.5-pro' },
      { key: 'model', scope: 'globalValue', value: 'gemini-3.7-flash' },
      { key: 'models', scope: 'globalValue', value: ['gemini-2.5-flash', 'gemini-3.8-flash', 'my-model', 'gemini-2.5-pro'] },
      { key: 'models', scope: 'workspaceFolderValue', value: undefined },
    ]);
    assert.deepEqual(found, [
      { key: 'model', scope: 'workspaceValue', retired: ['gemini-2.5-pro'], fixed: 'gemini-3.1-pro-preview' },
      { key: 'models', scope: 'globalValue', retired: ['gemini-2.5-flash', 'gemini-2.5-pro'], fixed: ['gemini-3.8-flash', 'my-model', 'gemini-3.1-pro-preview'] },
    ]);
    assert.deepEqual(findRetiredSettings([{ key: 'models', scope: 'globalValue', value: DEFAULT_MODELS }]), []);
  });

  it('the notice names retired ids once: again only when a retired id it has not named appears', () => {
    const found = findRetiredSettings([{ key: 'model', scope: 'globalValue', value: 'gemini-2.5-flash' }]);
    assert.deepEqual(retiredToAnnounce(found, []), ['gemini-2.5-flash']);
    assert.deepEqual(retiredToAnnounce(found, ['gemini-2.5-flash']), []);
    const both = findRetiredSettings([{ key: 'models', scope: 'globalValue', value: ['gemini-2.5-flash', 'gemini-2.5-pro'] }]);
    assert.deepEqual(retiredToAnnounce(both, ['gemini-2.5-flash']), ['gemini-2.5-flash', 'gemini-2.5-pro']);
  });

  it('one source of facts: every row has its evidence and date; the picker, meter, cost and native limits read it', () => {
    for (const f of [...MODEL_FACTS, ...AGENT_FACTS]) {
      assert.match(f.source, /\[(DOC|OBS|SDK|INF)/, f.id);
      assert.match(f.asOf, /^\d{4}-\d{2}-\d{2}$/, f.id);
    }
    assert.equal(new Set(MODEL_FACTS.map((f) => f.id)).size, MODEL_FACTS.length, 'one row per id');
    for (const f of MODEL_FACTS) {
      assert.equal(contextWindow(f.id), f.contextWindow, f.id);
      assert.equal(modelLimits(f.id).maxInputTokens, f.contextWindow, f.id);
      assert.equal(modelLimits(f.id).maxOutputTokens, f.outputLimit, f.id);
      assert.equal(modelDisplayName(f.id), f.displayName, f.id);
      if (f.price) assert.deepEqual({ ...PRICES.models[f.id] }, (({ asOf: _a, source: _s, ...p }) => p)(f.price), f.id);
      else assert.equal(PRICES.models[f.id], undefined, f.id);
      if (f.routedTo) assert.ok(modelFact(f.routedTo) && !modelFact(f.routedTo)!.routedTo, `${f.id} routes to a served row`);
    }
  });

  it('the defaults offer no routed or retired id (3.7 Flash is answered by 3.8 Flash since 2026-10-08)', () => {
    for (const id of DEFAULT_MODELS) {
      const f = modelFact(id);
      assert.ok(f, `${id} has a row`);
      assert.equal(f!.routedTo, undefined, `${id} is routed`);
      assert.equal(f!.retiredOn, undefined, `${id} is retired`);
    }
    assert.ok(!DEFAULT_MODELS.includes('gemini-3.7-flash'));
    assert.equal(modelFact('gemini-3.7-flash')!.routedTo, 'gemini-3.8-flash');
  });

  it('thinking levels per model (INTERACTIONS-API.md §3.8a): 3.8/3.7 Flash and 3.1 Pro low..high, Neon and Hydrogen low..xhigh, Carbon and Argon low..high, no Gemini 4 takes minimal', () => {
    const lh = ['low', 'medium', 'high'];
    const lx = ['low', 'medium', 'high', 'xhigh'];
    const expected: Record<string, string[]> = {
      'gemini-3.8-flash': lh, 'gemini-3.7-flash': lh, 'gemini-3.1-pro-preview': lh,
      'gemini-4-neon': lx, 'gemini-4-hydrogen': lx, 'gemini-4-carbon': lh, 'gemini-4-argon': lh,
    };
    for (const [id, levels] of Object.entries(expected)) assert.deepEqual(modelCapabilities(id).thinkingLevels, levels, id);
    for (const f of MODEL_FACTS.filter((x) => x.id.startsWith('gemini-4'))) assert.ok(!f.thinkingLevels.includes('minimal'), f.id);
    assert.deepEqual(MODEL_FACTS.filter((f) => f.thinkingLevels.includes('xhigh')).map((f) => f.id).sort(), ['gemini-4-hydrogen', 'gemini-4-neon']);
    // A routed id takes the serving model's rules (the 2.5 ids are answered by 3.8 Flash and 3.5 Flash-Lite).
    assert.deepEqual(modelCapabilities('gemini-2.5-pro').thinkingLevels, lh);
    assert.deepEqual(modelCapabilities('gemini-3.5-flash').thinkingLevels, modelCapabilities('gemini-3.6-flash').thinkingLevels);
    // Newer image models: tools and levels not checked, so none are sent.
    for (const id of ['gemini-nano-banana-2.1', 'gemini-3.1-flash-lite-image']) {
      assert.equal(modelCapabilities(id).thinking, false, id);
      assert.deepEqual(modelCapabilities(id).builtInTools, [], id);
    }
  });

  it('an unknown id: marked unknown, no window, no price, conservative native limits, and nothing sent that the user did not choose', () => {
    const caps = modelCapabilities('gemini-5-future');
    assert.equal(caps.known, false);
    assert.equal(contextWindow('gemini-5-future'), undefined);
    assert.equal(PRICES.models['gemini-5-future'], undefined);
    assert.ok(modelLimits('gemini-5-future').maxInputTokens < 1_048_576);
    const body = buildCreateBody({ settings: { model: 'gemini-5-future', store: true, tools: {} }, input: [{ kind: 'text', text: 'Q' }] });
    assert.equal(body.generation_config, undefined, 'no thinking level by default');
    const chosen = buildCreateBody({ settings: { model: 'gemini-5-future', store: true, tools: {}, generation: { thinkingLevel: 'xhigh' } }, input: [{ kind: 'text', text: 'Q' }] });
    assert.deepEqual(chosen.generation_config, { thinking_level: 'xhigh' }, 'the user\'s own choice is sent; a refusal is then learned');
    assert.equal(modelCapabilities('gemini-3.8-flash').known, true);
  });

  it('capabilities: Pro has no minimal, 3.8 Flash takes low..high (no minimal, no xhigh), 2.5 Flash-Lite takes no thinking level, image models few tools; unknown ids are permissive', () => {
    assert.ok(!modelCapabilities('gemini-3.1-pro-preview').thinkingLevels.includes('minimal'));
    assert.deepEqual(modelCapabilities('gemini-3.8-flash').thinkingLevels, ['low', 'medium', 'high']);
    assert.deepEqual(modelCapabilities('gemini-3.1-pro-preview').thinkingLevels, ['low', 'medium', 'high']);
    assert.equal(modelCapabilities('gemini-2.5-flash-lite').thinking, false);
    assert.deepEqual(modelCapabilities('gemini-3.1-flash-image').builtInTools, ['google_search']);
    assert.equal(modelCapabilities('gemini-2.5-flash-image').functionTools, false);
    assert.deepEqual(modelCapabilities('some-future-model').thinkingLevels, THINKING_LEVELS);
  });
});

describe('requests shaped per model', () => {
  const base = (over: Partial<TurnSettings>): TurnSettings => ({ model: 'gemini-3.8-flash', store: true, tools: {}, ...over });
  const q = [{ kind: 'text' as const, text: 'Q' }];

  it('a level the model does not take is left out; summaries only for thinking models', () => {
    assert.deepEqual(buildCreateBody({ settings: base({ model: 'gemini-3.1-pro-preview', generation: { thinkingLevel: 'minimal' } }), input: q }).generation_config, undefined);
    assert.deepEqual(buildCreateBody({ settings: base({ generation: { thinkingLevel: 'xhigh' } }), input: q }).generation_config, undefined);
    assert.deepEqual(buildCreateBody({ settings: base({ generation: { thinkingLevel: 'high' } }), input: q }).generation_config, { thinking_level: 'high' });
    assert.deepEqual(buildCreateBody({ settings: base({ model: 'gemini-2.5-flash-lite', generation: { thinkingLevel: 'high', thinkingSummaries: true } }), input: q }).generation_config, undefined);
  });

  it('temperature (deprecated) is sent only when set', () => {
    assert.equal(buildCreateBody({ settings: base({ generation: { maxOutputTokens: 10 } }), input: q }).generation_config && 'temperature' in (buildCreateBody({ settings: base({ generation: { maxOutputTokens: 10 } }), input: q }).generation_config as object), false);
    assert.deepEqual(buildCreateBody({ settings: base({ generation: { temperature: 0 } }), input: q }).generation_config, { temperature: 0 });
  });

  it('image models get only the built-in tools they take, and no function/MCP tools', () => {
    const tools = { googleSearch: true, codeExecution: true, urlContext: true, functions: [{ name: 'f', description: 'd', parameters: {} }], mcpServers: [{ name: 'm', url: 'https://m' }] };
    assert.deepEqual(buildCreateBody({ settings: base({ model: 'gemini-3.1-flash-image', tools, output: { kind: 'image' } }), input: q }).tools, [{ type: 'google_search' }]);
    assert.equal(buildCreateBody({ settings: base({ model: 'gemini-2.5-flash-image', tools, output: { kind: 'image' } }), input: q }).tools, undefined);
    assert.equal((buildCreateBody({ settings: base({ tools }), input: q }).tools as unknown[]).length, 5);
  });

  it('says what was left out for the model (tools, thinking level), and nothing when all is taken', () => {
    const tools = { googleSearch: true, codeExecution: true };
    assert.deepEqual(unsupportedCombinations(base({ model: 'gemini-3.1-flash-image', tools, output: { kind: 'image' }, generation: { thinkingLevel: 'low' } })),
      ['gemini-3.1-flash-image does not take code execution, thinking level "low", so they were left out of this request.']);
    assert.deepEqual(unsupportedCombinations(base({ model: 'gemini-3.1-pro-preview', generation: { thinkingLevel: 'minimal' } })),
      ['gemini-3.1-pro-preview does not take thinking level "minimal", so it was left out of this request.']);
    assert.deepEqual(unsupportedCombinations(base({ tools, generation: { thinkingLevel: 'xhigh' } })),
      ['gemini-3.8-flash does not take thinking level "xhigh", so it was left out of this request.']);
    assert.deepEqual(unsupportedCombinations(base({ tools, generation: { thinkingLevel: 'high' } })), []);
  });

  it('withoutThinkingLevel drops only the level (and an emptied generation_config)', () => {
    assert.deepEqual(withoutThinkingLevel({ model: 'm', generation_config: { thinking_level: 'minimal', max_output_tokens: 3 } }), { model: 'm', generation_config: { max_output_tokens: 3 } });
    assert.deepEqual(withoutThinkingLevel({ model: 'm', generation_config: { thinking_level: 'minimal' } }), { model: 'm' });
    const b = { model: 'm' };
    assert.equal(withoutThinkingLevel(b), b);
  });

  it('stateless Deep Research input is content: the earlier turns as text, then the question; never steps', () => {
    const history = [
      { type: 'user_input', content: [{ type: 'text', text: 'My name is Ada.' }] },
      { type: 'thought', signature: 'sig' },
      { type: 'model_output', content: [{ type: 'text', text: 'Hello Ada.' }] },
    ];
    const body = buildCreateBody({ settings: base({ store: false, agent: { id: 'deep-research-preview-04-2026' } }), input: q, history });
    const input = body.input as { type: string; text: string }[];
    assert.deepEqual(input.map((b) => b.type), ['text', 'text']);
    assert.match(input[0].text, /User: My name is Ada\.\n\nGemini: Hello Ada\./);
    assert.equal(input[1].text, 'Q');
    assert.equal(body.store, true, 'store: true is sent for the background run even with the setting off');
    // A retry passes the user_input step itself: its content is what is sent.
    const retry = buildCreateBody({ settings: base({ agent: { id: 'deep-research-preview-04-2026' } }), input: [{ type: 'user_input', content: [{ type: 'text', text: 'Again' }] }] });
    assert.deepEqual(retry.input, [{ type: 'text', text: 'Again' }]);
  });
});

describe('model errors', () => {
  const apiError = (status: number, body: unknown) => Object.assign(new Error(`${status}`), { name: 'NotFoundError', status, body: JSON.stringify(body) });

  it('a 404 naming models/<id> is a model error, not an unknown interaction (no transcript fallback)', () => {
    const c = classifyError(apiError(404, { error: { code: 404, message: 'models/gemini-2.5-pro is not found for API version v1, or is not supported for interactions.', status: 'NOT_FOUND' } }));
    assert.equal(c.kind, 'modelNotFound');
    assert.match(c.message, /gemini-2\.5-pro is not available/);
    assert.equal(isUnknownInteraction(c), false);
    assert.equal(isUnknownInteraction(classifyError(apiError(404, { error: { message: 'Interaction v1_x not found.', code: 'not_found' } }))), true);
  });

  it('recognises the live "not a supported thinking level" 400', () => {
    assert.equal(isUnsupportedThinkingLevel(classifyError(apiError(400, { error: { message: "'minimal' is not a supported thinking level.", code: 'invalid_request' } }))), true);
    assert.equal(isUnsupportedThinkingLevel(classifyError(apiError(400, { error: { message: 'Missing input.', code: 'invalid_request' } }))), false);
  });
});
