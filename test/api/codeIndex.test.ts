// The codebase index's upload path (core/codeIndex, core/gemini/fileSearchApi.ts) through the real SDK to the
// emulator's File Search stores: bounded concurrency, a 429 waited as the server asks, a 5xx retried, Cancel and
// resume without uploading a file twice, the hash-based update uploading only what changed, a failed processing
// operation reported per file, and `file_search` retrieving from the uploaded documents with file citations.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startEmulator, type Emulator } from '../emulator/server';
import { createFileSearchApi, type FileSearchApi } from '../../src/core/gemini/fileSearchApi';
import { IndexManifest, planIndexUpdate, type ManifestChange } from '../../src/core/codeIndex/indexManifest';
import { runIndex, type IndexRunDeps } from '../../src/core/codeIndex/indexRun';
import { createInteractionsApi } from '../../src/core/gemini/client';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('codebase index: uploads to a File Search store through the SDK and the emulator', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let api: FileSearchApi;
  let workspace: Map<string, string>;
  let journal: ManifestChange[];
  let waits: number[];

  before(async () => {
    emu = await startEmulator();
    api = await createFileSearchApi({ apiKey: 'test-key', baseUrl: emu.url }, async () => undefined);
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    emu.configure({ fileSearch: { doneAfterGets: 1 } });
    workspace = new Map(Array.from({ length: 12 }, (_, i) => [`src/mod${i}.ts`, `export function handler${i}() {\n  return 'value ${i}';\n}\n`]));
    workspace.set('README.md', '# Demo\n\nThe retry policy lives in src/mod3.ts.\n');
    journal = [];
    waits = [];
  });

  const snapshot = () => new Map([...workspace].map(([p, t]) => [p, { hash: sha(t), size: Buffer.byteLength(t) }]));
  const uploads = () => emu.requests().filter((r) => r.op === 'stores.upload' && r.body && !('bytes' in (r.body as object)));
  function deps(manifest: IndexManifest, store: string, extra: Partial<IndexRunDeps> = {}): IndexRunDeps {
    return {
      api, store, manifest, signal: new AbortController().signal, concurrency: 4, limits: { backoffMs: 1 },
      read: async (p) => { const t = workspace.get(p); return t === undefined ? undefined : { content: new TextEncoder().encode(t), hash: sha(t), mimeType: p.endsWith('.md') ? 'text/markdown' : 'text/plain' }; },
      record: async (c) => { journal.push(c); },
      sleep: async (ms) => { waits.push(ms); },
      ...extra,
    };
  }

  it('uploads every file once with its path and hash as metadata, at most 4 at a time, and records each document', async () => {
    const store = await api.createStore('Workspace demo');
    assert.match(store.name, /^fileSearchStores\/workspace-demo-[a-f0-9]{12}$/);
    const manifest = new IndexManifest();
    let inFlight = 0;
    let peak = 0;
    const d = deps(manifest, store.name);
    const read = d.read;
    const r = await runIndex(planIndexUpdate(manifest, snapshot()), { ...d, read: async (p) => { inFlight++; peak = Math.max(peak, inFlight); const f = await read(p); await new Promise((res) => setTimeout(res, 5)); inFlight--; return f; } });
    assert.deepEqual(r.failed, []);
    assert.equal(r.uploaded.length, 13);
    assert.ok(peak <= 4 && peak > 1, `peak concurrency ${peak}`);
    const docs = emu.storeDocuments(store.name);
    assert.equal(docs.length, 13);
    const readme = docs.find((x) => x.displayName === 'README.md')!;
    assert.deepEqual(readme.customMetadata, [{ key: 'path', stringValue: 'README.md' }, { key: 'sha256', stringValue: sha(workspace.get('README.md')!) }]);
    assert.equal(journal.length, 13);
    assert.equal(manifest.files.get('README.md')?.document, readme.name);
    const info = await api.getStore(store.name);
    assert.equal(info?.activeDocuments, 13);
  });

  it('a 429 is waited as the server asks (retryDelay) and a 5xx is retried: each file still uploaded once', async () => {
    const store = await api.createStore('Retry');
    emu.injectFault([{ name: 'rate_limit', on: 'stores.upload', retryAfterS: 7 }, { name: 'server_error', on: 'stores.upload' }]);
    const manifest = new IndexManifest();
    const r = await runIndex(planIndexUpdate(manifest, snapshot()), deps(manifest, store.name, { concurrency: 1 }));
    assert.deepEqual(r.failed, []);
    assert.ok(waits.includes(7000), `waited ${waits.join(', ')} ms`);
    assert.equal(emu.storeDocuments(store.name).length, 13, 'no duplicates');
  });

  it('Cancel stops the run; the next run uploads only the rest (nothing twice)', async () => {
    const store = await api.createStore('Cancel');
    const manifest = new IndexManifest();
    const ctl = new AbortController();
    const first = await runIndex(planIndexUpdate(manifest, snapshot()), deps(manifest, store.name, {
      signal: ctl.signal, concurrency: 1, onProgress: (p) => { if (p.done === 5) ctl.abort(); },
    }));
    assert.equal(first.cancelled, true);
    assert.equal(first.uploaded.length, 5);
    // A new window: the manifest from the journal.
    const reread = IndexManifest.parse(journal.map((c) => JSON.stringify(c)).join('\n'));
    const plan = planIndexUpdate(reread, snapshot());
    assert.equal(plan.upload.length, 8);
    assert.equal(plan.unchanged, 5);
    const second = await runIndex(plan, deps(reread, store.name));
    assert.equal(second.uploaded.length, 8);
    const names = emu.storeDocuments(store.name).map((x) => x.displayName).sort();
    assert.deepEqual(names, [...workspace.keys()].sort(), 'each file exactly once');
  });

  it('an update uploads exactly the changed and new files, deletes the documents of removed ones and of old versions', async () => {
    const store = await api.createStore('Update');
    const manifest = new IndexManifest();
    await runIndex(planIndexUpdate(manifest, snapshot()), deps(manifest, store.name));
    const oldDoc = manifest.files.get('src/mod1.ts')!.document;
    emu.clearRequests();
    workspace.set('src/mod1.ts', 'export const changed = true;\n');
    workspace.delete('src/mod2.ts');
    workspace.set('src/new.ts', 'export const added = 1;\n');
    const plan = planIndexUpdate(manifest, snapshot());
    assert.deepEqual(plan.upload.map((f) => f.path), ['src/mod1.ts', 'src/new.ts']);
    assert.deepEqual(plan.remove.map((f) => f.path), ['src/mod2.ts']);
    const r = await runIndex(plan, deps(manifest, store.name));
    assert.deepEqual(r.uploaded.sort(), ['src/mod1.ts', 'src/new.ts']);
    assert.equal(uploads().length, 2, 'two upload sessions, not thirteen');
    const docs = emu.storeDocuments(store.name);
    assert.equal(docs.length, 13);
    assert.ok(!docs.some((x) => x.name === oldDoc), 'the old version is gone');
    assert.ok(!docs.some((x) => x.displayName === 'src/mod2.ts'));
  });

  it('a processing operation that fails is reported for its file; the others are indexed', async () => {
    const store = await api.createStore('Failing');
    emu.injectFault({ name: 'operation_failed', on: 'stores.upload' });
    const manifest = new IndexManifest();
    const r = await runIndex(planIndexUpdate(manifest, snapshot()), deps(manifest, store.name, { concurrency: 1 }));
    assert.equal(r.failed.length, 1);
    assert.match(r.failed[0]!.message, /could not process/);
    assert.equal(r.uploaded.length, 12);
    assert.equal(planIndexUpdate(manifest, snapshot()).upload.length, 1, 'the failed file is tried again next time');
  });

  it('file_search retrieves from the store: the answer quotes the document and cites it by name and metadata', async () => {
    const store = await api.createStore('Retrieval');
    const manifest = new IndexManifest();
    await runIndex(planIndexUpdate(manifest, snapshot()), deps(manifest, store.name));
    const interactions = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    const done = await interactions.create({ model: 'gemini-3.8-flash', input: 'Where is handler7 defined?', tools: [{ type: 'file_search', file_search_store_names: [store.name] }] } as any) as any;
    const out = (done.steps as any[]).filter((s) => s.type === 'model_output').flatMap((s) => s.content);
    const text = out.map((c: any) => c.text ?? '').join('');
    assert.match(text, /export function handler7\(\) \{/);
    const cites = out.flatMap((c: any) => c.annotations ?? []).filter((a: any) => a.type === 'file_citation');
    assert.equal(cites[0].file_name, 'src/mod7.ts');
    assert.equal(cites[0].source, store.name);
    assert.equal(cites[0].custom_metadata.path, 'src/mod7.ts');
    assert.equal(cites[0].custom_metadata.sha256, sha(workspace.get('src/mod7.ts')!));
    // The cited span is the quoted chunk (UTF-8 byte offsets into the text).
    const span = Buffer.from(text).subarray(cites[0].start_index, cites[0].end_index).toString();
    assert.match(span, /handler7/);
  });

  it('deleting the store deletes its documents; a deleted store reads as gone', async () => {
    const store = await api.createStore('Gone');
    const manifest = new IndexManifest();
    await runIndex(planIndexUpdate(manifest, snapshot()), deps(manifest, store.name));
    await api.deleteStore(store.name);
    assert.equal(await api.getStore(store.name), undefined);
    assert.deepEqual(emu.storeDocuments(store.name), []);
  });
});
