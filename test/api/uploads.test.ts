// Attachment uploads through our InteractionsApi (real SDK) against the emulator: a streamed path
// upload, the wait for ACTIVE, the per-content cache, a failed processing, and a real cancel.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInteractionsApi, type InteractionsApi } from '../../src/core/gemini/client';
import { UploadCache, uploadForUse, UploadError } from '../../src/core/attachments/uploads';
import { useEmulator } from './emulator-helpers';

function memoryStore() {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k: string, v: unknown) => { m.set(k, v); } };
}

describe('attachment uploads (uploadForUse → SDK → emulator)', function () {
  this.timeout(20_000);
  const { emu } = useEmulator();
  let api: InteractionsApi;
  let dir: string;
  before(async () => {
    api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu().url });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-upload-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sleep0 = async () => undefined;

  it('uploads a local path in 8 MiB chunks, waits for ACTIVE, and reuses the upload for the same content', async () => {
    const file = path.join(dir, 'clip.mp4');
    const bytes = Buffer.alloc(9 * 1024 * 1024, 3);
    fs.writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const cache = new UploadCache(memoryStore());
    const stages: string[] = [];
    const req = { source: file, mimeType: 'video/mp4', displayName: 'clip.mp4', sha256, scope: 's1', signal: new AbortController().signal, onStage: (s: string) => stages.push(s) };
    const entry = await uploadForUse(api, cache, req, { sleep: sleep0 });
    assert.match(entry.uri, /\/v1beta\/files\/[a-z0-9-]+$/);
    assert.equal(entry.mimeType, 'video/mp4');
    assert.equal(emu().file(entry.name)!.sha256Hex, sha256);
    assert.equal(emu().file(entry.name)!.state, 'ACTIVE');
    const uploads = emu().requests().filter((r) => r.op === 'files.upload');
    assert.deepEqual(uploads.map((r) => r.headers['x-goog-upload-command']), ['start', 'upload', 'upload, finalize']);
    assert.deepEqual(uploads.slice(1).map((r) => [r.headers['x-goog-upload-offset'], r.headers['content-length'], (r.body as any).bytes]),
      [['0', String(8 * 1024 * 1024), 8 * 1024 * 1024], [String(8 * 1024 * 1024), String(1024 * 1024), 1024 * 1024]], 'each chunk streamed from its file range');
    assert.deepEqual(stages, ['uploading', 'processing']);

    stages.length = 0;
    emu().clearRequests();
    const again = await uploadForUse(api, cache, req, { sleep: sleep0 });
    assert.deepEqual(again, entry);
    assert.deepEqual(emu().requests().map((r) => r.op), ['files.get'], 'one check, no second upload');
    assert.deepEqual(stages, ['reused']);

    // Another project (scope) or content uploads again.
    emu().clearRequests();
    await uploadForUse(api, cache, { ...req, scope: 's2' }, { sleep: sleep0 });
    assert.ok(emu().requests().some((r) => r.op === 'files.upload'));
  });

  it('re-uploads when the cached file is gone from the server', async () => {
    const cache = new UploadCache(memoryStore());
    const req = { source: new Blob(['abc']), mimeType: 'image/png', displayName: 'a.png', sha256: 'x', scope: 's', signal: new AbortController().signal };
    const first = await uploadForUse(api, cache, req, { sleep: sleep0 });
    await fetch(`${emu().url}/v1/${first.name}`, { method: 'DELETE', headers: { 'x-goog-api-key': 'test-key' } });
    const second = await uploadForUse(api, cache, req, { sleep: sleep0 });
    assert.notEqual(second.name, first.name);
  });

  it('a file that fails processing is an UploadError, not cached', async () => {
    const cache = new UploadCache(memoryStore());
    const req = { source: new Blob(['abc']), mimeType: 'image/png', displayName: 'bad #fail.png', sha256: 'y', scope: 's', signal: new AbortController().signal };
    await assert.rejects(uploadForUse(api, cache, req, { sleep: sleep0 }), (e: unknown) => e instanceof UploadError && /could not process bad #fail\.png/.test(e.message));
    assert.equal(cache.get('s:y:image/png'), undefined);
  });

  it('cancel stops the upload in flight (no finalize reaches the server) and says so', async () => {
    const file = path.join(dir, 'big.mp4');
    fs.writeFileSync(file, Buffer.alloc(40 * 1024 * 1024, 1));
    const ac = new AbortController();
    const p = uploadForUse(api, new UploadCache(memoryStore()), { source: file, mimeType: 'video/mp4', displayName: 'big.mp4', sha256: 'z', scope: 's', signal: ac.signal, onStage: (s) => { if (s === 'uploading') setTimeout(() => ac.abort(), 5); } }, { sleep: sleep0 });
    await assert.rejects(p, (e: unknown) => e instanceof UploadError && e.cancelled && e.message === 'The upload was cancelled.');
    await new Promise((r) => setTimeout(r, 200));
    const commands = emu().requests().filter((r) => r.op === 'files.upload').map((r) => r.headers['x-goog-upload-command']);
    assert.ok(!commands.includes('upload, finalize'), `no finalize after cancel: ${commands.join(' | ')}`);
  });

  it('UploadCache drops expired entries and does not reuse one about to expire', async () => {
    let now = 1_000_000;
    const store = memoryStore();
    const cache = new UploadCache(store, () => now);
    await cache.set('a', { name: 'files/a', uri: 'u', mimeType: 'image/png', expiresAt: now + 48 * 3600_000 });
    assert.ok(cache.get('a'));
    now += 47.5 * 3600_000;
    assert.equal(cache.get('a'), undefined, 'less than an hour left: upload again');
    now += 3600_000;
    await cache.set('b', { name: 'files/b', uri: 'u', mimeType: 'image/png', expiresAt: now + 1e9 });
    assert.deepEqual(Object.keys(store.get<Record<string, unknown>>('geminiInteractions.uploads')!), ['b']);
  });
});
