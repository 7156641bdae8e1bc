import { strict as assert } from 'node:assert';
import type { ListedModel } from '../../src/core/gemini/client';
import { buildCatalogue, cachedModels, CATALOGUE_TTL_MS, replacementFor, resolveGet, unlistedIds } from '../../src/core/models/catalogue';
import { findRetiredSettings } from '../../src/core/models/models';

const m = (id: string, extra: Partial<ListedModel> = {}): ListedModel => ({ id, displayName: id.toUpperCase(), methods: ['generateContent'], ...extra });

describe('models catalogue', () => {
  const list = [m('gemini-3.8-flash', { displayName: 'Gemini 3.8 Flash', thinking: true, inputTokenLimit: 1048576 }), m('gemini-2.5-flash-lite', { thinking: false }),
    m('gemini-3.1-flash-image'), m('gemini-embedding-001', { methods: ['embedContent'] }), m('imagen-4.0-generate-001', { methods: ['predict'] }), m('gemini-3.1-pro-preview')];

  it('cache: this key\'s list for a day, then listed again; another key never sees it', () => {
    const cache = { keyHash: 'aaa', fetchedAt: 1_000, models: list };
    assert.equal(cachedModels(cache, 'aaa', 1_000 + CATALOGUE_TTL_MS - 1), list);
    assert.equal(cachedModels(cache, 'aaa', 1_000 + CATALOGUE_TTL_MS), undefined, 'expired after a day');
    assert.equal(cachedModels(cache, 'bbb', 1_001), undefined, 'key changed');
    assert.equal(cachedModels(cache, 'aaa', 999), undefined, 'a clock that went back does not keep it forever');
    assert.equal(cachedModels(undefined, 'aaa', 1_000), undefined);
  });

  it('merge: configured ids first with the API display names, then the other chat models; marks tools, images, thinking', () => {
    const c = buildCatalogue(['gemini-3.8-flash', 'my-custom-model'], list);
    assert.deepEqual(c.map((e) => [e.id, e.group]), [['gemini-3.8-flash', 'configured'], ['my-custom-model', 'configured'],
      ['gemini-2.5-flash-lite', 'api'], ['gemini-3.1-flash-image', 'api'], ['gemini-3.1-pro-preview', 'api']]);
    assert.deepEqual(c[0], { id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', tools: true, images: true, thinking: true, inputTokenLimit: 1048576, group: 'configured' });
    assert.equal(c[1]!.displayName, 'my-custom-model', 'an unlisted id keeps its id as its name');
    assert.equal(c.find((e) => e.id === 'gemini-2.5-flash-lite')!.thinking, false, 'the API flag');
    assert.equal(c.find((e) => e.id === 'gemini-3.1-flash-image')!.tools, false, 'image models take no function tools');
  });

  it('fallback: without a list, the configured ids from the static table', () => {
    const c = buildCatalogue(['gemini-3.8-flash', 'gemini-2.5-flash-lite'], undefined);
    assert.deepEqual(c.map((e) => [e.id, e.displayName, e.thinking, e.group]), [['gemini-3.8-flash', 'gemini-3.8-flash', true, 'configured'], ['gemini-2.5-flash-lite', 'gemini-2.5-flash-lite', false, 'configured']]);
  });

  it('retired (404) and rerouted (served by another model) ids get a current replacement', () => {
    assert.deepEqual(unlistedIds(['gemini-3.8-flash', 'gemini-2.5-pro', 'gemini-3-flash-preview', 'gemini-2.5-pro'], list), ['gemini-2.5-pro', 'gemini-3-flash-preview']);
    const retired = resolveGet('gemini-2.5-pro', { notFound: true })!;
    const rerouted = resolveGet('gemini-3-flash-preview', { servedBy: 'gemini-3.8-flash' })!;
    assert.equal(resolveGet('gemini-x', { servedBy: 'gemini-x' }), undefined, 'unlisted but served as itself: fine');
    assert.equal(replacementFor(retired, list), 'gemini-3.1-pro-preview', 'the known successor, which the key can use');
    assert.equal(replacementFor(rerouted, list), 'gemini-3.8-flash');
    assert.equal(replacementFor({ id: 'gemini-old', kind: 'retired' }, list), 'gemini-3.8-flash', 'no known successor: the first listed default');
    const map = new Map([[retired.id, replacementFor(retired, list)], [rerouted.id, replacementFor(rerouted, list)]]);
    const found = findRetiredSettings([{ key: 'model', scope: 'globalValue', value: 'gemini-3-flash-preview' },
      { key: 'models', scope: 'globalValue', value: ['gemini-2.5-pro', 'gemini-3.8-flash', 'gemini-3-flash-preview'] }], (id) => map.get(id));
    assert.deepEqual(found, [
      { key: 'model', scope: 'globalValue', retired: ['gemini-3-flash-preview'], fixed: 'gemini-3.8-flash' },
      { key: 'models', scope: 'globalValue', retired: ['gemini-2.5-pro', 'gemini-3-flash-preview'], fixed: ['gemini-3.1-pro-preview', 'gemini-3.8-flash'] },
    ]);
  });
});
