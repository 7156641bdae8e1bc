// Fidelity suite, part 5: Files API (resumable upload, get/list/delete, states) and file references in interactions.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { GoogleGenAI } from '@google/genai';
import { expectApiError, MODEL, useEmulator } from './emulator-helpers';

const MiB = 1024 * 1024;

describe('emulator: Files API (SDK 3.1.0)', function () {
  this.timeout(15_000);
  const { emu, ai } = useEmulator();

  it('uploads a 9 MiB Blob in two resumable chunks; hashes it without keeping the bytes', async () => {
    const bytes = Buffer.alloc(9 * MiB, 7);
    bytes.write('hello', 0);
    const file = await ai().files.upload({ file: new Blob([bytes], { type: 'video/mp4' }), config: { displayName: 'clip' } });
    assert.match(file.name!, /^files\/[a-z0-9-]+$/);
    assert.equal(file.state, 'PROCESSING');
    assert.equal(file.sizeBytes, String(9 * MiB));
    assert.equal(file.mimeType, 'video/mp4');
    assert.equal(file.displayName, 'clip');
    const hex = createHash('sha256').update(bytes).digest('hex');
    assert.equal(Buffer.from(file.sha256Hash!, 'base64').toString(), hex);
    const reqs = emu().requests();
    assert.deepEqual(reqs.map((r) => r.path), ['/upload/v1/files', '/upload/v1/files', '/upload/v1/files']);
    assert.equal(reqs[0].headers['x-goog-upload-command'], 'start');
    assert.equal(reqs[0].headers['x-goog-upload-protocol'], 'resumable');
    assert.deepEqual(reqs.slice(1).map((r) => [r.headers['x-goog-upload-command'], r.headers['x-goog-upload-offset'], (r.body as any).bytes]), [
      ['upload', '0', 8 * MiB],
      ['upload, finalize', String(8 * MiB), MiB],
    ]);
    assert.ok(reqs[1].query.upload_id);
    const info = emu().file(file.name!)!;
    assert.equal(info.sha256Hex, hex);
    assert.equal(info.bytes, undefined, 'above the keep limit only size and hash are kept');
  });

  it('files.get says PROCESSING first and ACTIVE on the second get (or after activeAfterMs)', async () => {
    const file = await ai().files.upload({ file: new Blob(['abc'], { type: 'text/plain' }) });
    assert.deepEqual(emu().file(file.name!)!.bytes, Buffer.from('abc'));
    assert.equal((await ai().files.get({ name: file.name! })).state, 'PROCESSING');
    assert.equal((await ai().files.get({ name: file.name! })).state, 'ACTIVE');
    const other = await ai().files.upload({ file: new Blob(['def'], { type: 'text/plain' }) });
    emu().advance(2000);
    assert.equal((await ai().files.get({ name: other.name! })).state, 'ACTIVE');
    emu().configure({ files: { activeAfterGets: 0 } });
    const third = await ai().files.upload({ file: new Blob(['ghi'], { type: 'text/plain' }) });
    assert.equal(third.state, 'ACTIVE');
  });

  it('lists and deletes files; a deleted file is a 403 ApiError', async () => {
    const a = await ai().files.upload({ file: new Blob(['a'], { type: 'text/plain' }), config: { displayName: 'a' } });
    await ai().files.upload({ file: new Blob(['b'], { type: 'text/plain' }), config: { displayName: 'b' } });
    const pager = await ai().files.list({ config: { pageSize: 1 } });
    assert.equal(pager.page.length, 1);
    const names: string[] = [];
    for await (const f of pager) names.push(f.displayName!);
    assert.deepEqual(names.sort(), ['a', 'b']);
    await ai().files.delete({ name: a.name! });
    try {
      await ai().files.get({ name: a.name! });
      assert.fail('expected ApiError');
    } catch (e: any) {
      assert.equal(e.name, 'ApiError');
      assert.equal(e.status, 403);
      assert.equal(JSON.parse(e.message).error.status, 'PERMISSION_DENIED');
    }
  });

  it('interactions may use a file only once it is ACTIVE', async () => {
    const file = await ai().files.upload({ file: new Blob([Buffer.from('%PDF-1.4 test')], { type: 'application/pdf' }) });
    const block = { type: 'document' as const, uri: file.uri!, mime_type: 'application/pdf' };
    await expectApiError(ai().interactions.create({ model: MODEL, input: [{ type: 'text', text: 'Summarise' }, block] }), 400, 'not in an ACTIVE state');
    await ai().files.get({ name: file.name! });
    await ai().files.get({ name: file.name! });
    const r: any = await ai().interactions.create({ model: MODEL, input: [{ type: 'text', text: 'Summarise' }, block] });
    assert.equal(r.status, 'completed');
    assert.ok(r.usage.input_tokens_by_modality.some((m: any) => m.modality === 'image'), 'media blocks are counted');
    await ai().files.delete({ name: file.name! });
    await expectApiError(ai().interactions.create({ model: MODEL, input: [block] }), 400, 'may not exist');
    // Ordinary web URLs are not Files API references.
    const web: any = await ai().interactions.create({ model: MODEL, input: [{ type: 'image', uri: 'https://example.com/cat.png', mime_type: 'image/png' }] });
    assert.equal(web.status, 'completed');
  });

  it('uses /upload/v1beta/files and /v1beta/files with apiVersion v1beta, and a base-path prefix', async () => {
    const beta = new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl: `${emu().url}/pfx` } });
    const f = await beta.files.upload({ file: new Blob(['x'], { type: 'text/plain' }) });
    await beta.files.get({ name: f.name! });
    assert.deepEqual(emu().requests().map((r) => r.path), ['/pfx/upload/v1beta/files', '/pfx/upload/v1beta/files', `/pfx/v1beta/${f.name}`]);
  });

  it('rejects a chunk at the wrong offset', async () => {
    const start = await fetch(`${emu().url}/upload/v1/files`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'test-key', 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start', 'x-goog-upload-header-content-length': '4', 'x-goog-upload-header-content-type': 'text/plain', 'content-type': 'application/json' },
      body: JSON.stringify({ file: { mimeType: 'text/plain' } }),
    });
    const url = start.headers.get('x-goog-upload-url')!;
    assert.ok(url.startsWith(emu().url));
    const bad = await fetch(url, { method: 'POST', headers: { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': '2' }, body: 'abcd' });
    assert.equal(bad.status, 400);
    const good = await fetch(url, { method: 'POST', headers: { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': '0' }, body: 'abcd' });
    assert.equal(good.headers.get('x-goog-upload-status'), 'final');
    assert.equal(((await good.json()) as any).file.sizeBytes, '4');
  });
});
