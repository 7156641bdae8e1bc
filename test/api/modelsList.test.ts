// models.list / models.get and the key errors, through the real SDK against the emulator, and the
// product client (createModelsApi) that maps them to plain ListedModel values.
import * as assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import { createModelsApi } from '../../src/core/gemini/client';
import { classifyError } from '../../src/core/gemini/errors';
import { expectApiError, raw, useEmulator } from './emulator-helpers';
import { listedModel, useListedModels } from '../../src/core/models/listedModels';
import { modelDisplayName, modelLimits } from '../../src/core/models/limits';
import { buildCreateBody } from '../../src/core/gemini/requests';

describe('emulator and client: models.list, models.get and key errors', function () {
  this.timeout(20_000);
  const { emu } = useEmulator();
  const v1beta = () => new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl: emu().url } });

  it('GET models pages with pageSize/pageToken in the live shape; retired and rerouted ids are not listed', async () => {
    const first = await raw(emu(), '/v1beta/models?pageSize=3');
    assert.equal(first.status, 200);
    const page = await first.json() as any;
    assert.equal(page.models.length, 3);
    assert.ok(typeof page.nextPageToken === 'string' && page.nextPageToken);
    const m = page.models[0];
    assert.equal(m.name, 'models/gemini-3.8-flash');
    assert.equal(m.displayName, 'Gemini 3.8 Flash');
    assert.deepEqual(Object.keys(m).sort(), ['baseModelId', 'description', 'displayName', 'inputTokenLimit', 'maxTemperature', 'name', 'outputTokenLimit', 'supportedGenerationMethods', 'temperature', 'thinking', 'topK', 'topP', 'version'].sort());
    const ids: string[] = [];
    for await (const x of await v1beta().models.list({ config: { pageSize: 4 } })) ids.push(String(x.name));
    assert.ok(ids.length > 8 && new Set(ids).size === ids.length, ids.join());
    assert.ok(!ids.includes('models/gemini-2.5-flash') && !ids.includes('models/gemini-2.5-pro'), 'retired ids are not listed');
    assert.ok(!ids.includes('models/gemini-3-flash-preview'), 'the rerouted preview id is not listed');
    assert.equal((await raw(emu(), '/v1beta/models?pageToken=bogus')).status, 400);
  });

  it('GET models/<id>: the serving model for a routed one; 404 for a retired id when the emulator answers 404 for them', async () => {
    const r = await v1beta().models.get({ model: 'gemini-3-flash-preview' });
    assert.equal(r.name, 'models/gemini-3.8-flash');
    assert.equal((await v1beta().models.get({ model: 'gemini-3.7-flash' })).displayName, 'Gemini 3.8 Flash');
    assert.equal((await v1beta().models.get({ model: 'gemini-2.5-pro' })).name, 'models/gemini-3.8-flash');
    emu().configure({ retiredModels: 404 });
    await expectApiError(v1beta().models.get({ model: 'gemini-2.5-pro' }), 404, 'models/gemini-2.5-pro is not found');
  });

  it('an invalid key is 400 API_KEY_INVALID and blocked-key is 403 API_KEY_SERVICE_BLOCKED, in the google.rpc envelope', async () => {
    const bad = await raw(emu(), '/v1beta/models', { key: 'nope' });
    assert.equal(bad.status, 400);
    const b = (await bad.json() as any).error;
    assert.equal(b.status, 'INVALID_ARGUMENT');
    assert.equal(b.message, 'API key not valid. Please pass a valid API key.');
    assert.equal(b.details[0].reason, 'API_KEY_INVALID');
    const blocked = await raw(emu(), '/v1beta/models', { key: 'blocked-key' });
    assert.equal(blocked.status, 403);
    const k = (await blocked.json() as any).error;
    assert.equal(k.status, 'PERMISSION_DENIED');
    assert.match(k.message, /ModelService\.ListModels are blocked/);
    assert.deepEqual([k.details[0]['@type'], k.details[0].reason], ['type.googleapis.com/google.rpc.ErrorInfo', 'API_KEY_SERVICE_BLOCKED']);
    // Interactions answer the same way for that key.
    const e = await expectApiError(new GoogleGenAI({ apiKey: 'blocked-key', httpOptions: { baseUrl: emu().url } }).interactions.create({ model: 'gemini-3.8-flash', input: 'Hi' }), 403);
    assert.equal(classifyError(e).kind, 'keyBlocked');
  });

  it('unrestricted-key is refused with 403 (a standard key without restrictions, refused since 2026-06-19): its own message says to restrict it', async () => {
    const e = await expectApiError(new GoogleGenAI({ apiKey: 'unrestricted-key', httpOptions: { baseUrl: emu().url } }).interactions.create({ model: 'gemini-3.8-flash', input: 'Hi' }), 403, 'without any restrictions');
    assert.equal(e.error.error.status, 'PERMISSION_DENIED');
    const c = classifyError(e);
    assert.equal(c.kind, 'keyBlocked');
    assert.match(c.message, /has no restrictions .*Restrict it to the Gemini API/);
    assert.ok(c.message.includes('https://aistudio.google.com/apikey'));
    // The Set API Key check (models.list) gets the same refusal.
    const listed = await createModelsApi({ apiKey: 'unrestricted-key', baseUrl: emu().url });
    await assert.rejects(listed.listModels(), (err: unknown) => classifyError(err).kind === 'keyBlocked');
  });

  it('createModelsApi lists every page as ListedModel and resolves a rerouted id', async () => {
    const api = await createModelsApi({ apiKey: 'test-key', baseUrl: emu().url });
    const list = await api.listModels();
    const flash = list.find((m) => m.id === 'gemini-3.8-flash');
    assert.deepEqual(flash, { id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true, methods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'] });
    assert.equal(list.find((m) => m.id === 'gemini-2.5-flash-lite')?.thinking, false);
    assert.equal((await api.getModel('gemini-3-flash-preview')).id, 'gemini-3.8-flash');
    assert.ok(emu().requests().some((r) => r.op === 'models.list' && r.path === '/v1beta/models'), JSON.stringify(emu().requests().map((r) => r.path)));
  });

  it('createModelsApi errors classify as keyInvalid / keyBlocked', async () => {
    const bad = await createModelsApi({ apiKey: 'nope', baseUrl: emu().url });
    await assert.rejects(bad.listModels(), (e) => classifyError(e).kind === 'keyInvalid');
    const blocked = await createModelsApi({ apiKey: 'blocked-key', baseUrl: emu().url });
    await assert.rejects(blocked.listModels(), (e) => classifyError(e).kind === 'keyBlocked');
  });

  describe('what models.list says wins over the facts (core/models/listedModels.ts)', () => {
    afterEach(() => useListedModels(undefined));

    it('an id the facts lack (gemini-flash-latest) gets the API\'s display name and limits in VS Code\'s model picker, not the unknown-model defaults', async () => {
      assert.equal(modelDisplayName('gemini-flash-latest'), 'Gemini Flash Latest', 'before: the id, capitalised');
      assert.equal(modelLimits('gemini-flash-latest').maxInputTokens, 131_072, 'before: the conservative unknown-model limit');
      const api = await createModelsApi({ apiKey: 'test-key', baseUrl: emu().url });
      useListedModels(await api.listModels());
      assert.equal(listedModel('gemini-flash-latest')?.displayName, 'Gemini Flash Latest');
      assert.equal(modelLimits('gemini-flash-latest').maxInputTokens, 1_048_576);
      assert.equal(modelLimits('gemini-flash-latest').maxOutputTokens, 65_536);
      // The emulator's names are its own (facts.ts); a name the API changes is what the user sees.
      useListedModels([{ id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash (new name)', methods: ['generateContent'] }]);
      assert.equal(modelDisplayName('gemini-3.8-flash'), 'Gemini 3.8 Flash (new name)');
      useListedModels(undefined);
      assert.equal(modelDisplayName('gemini-3.8-flash'), 'Gemini 3.8 Flash', 'without a listing: the facts');
    });

    it('a model the API lists as not thinking gets no thinking_level or summaries, whatever the facts say; a listed `thinking: true` does not add a level to a 2.5 model', () => {
      const settings = { model: 'gemini-3.8-flash', store: true, tools: {}, generation: { thinkingLevel: 'high' as const, thinkingSummaries: true } };
      assert.deepEqual(buildCreateBody({ settings, input: [{ kind: 'text', text: 'Hi' }] }).generation_config, { thinking_level: 'high', thinking_summaries: 'auto' });
      useListedModels([{ id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', thinking: false, methods: ['generateContent'] }]);
      assert.equal(buildCreateBody({ settings, input: [{ kind: 'text', text: 'Hi' }] }).generation_config, undefined);
      useListedModels([{ id: 'gemini-2.5-flash-lite', displayName: 'Gemini 2.5 Flash-Lite', thinking: true, methods: ['generateContent'] }]);
      assert.equal(buildCreateBody({ settings: { ...settings, model: 'gemini-2.5-flash-lite' }, input: [{ kind: 'text', text: 'Hi' }] }).generation_config, undefined);
    });
  });
});
