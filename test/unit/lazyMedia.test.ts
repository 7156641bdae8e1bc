// Lazy media of the chat view: a state carries refs, not bytes, and the host answers a ref only when it
// is media of the conversation it last showed.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { ConversationMedia, imageSize, isValidRef } from '../../src/core/panel/lazyMedia';
import type { ModelTurn, Turn } from '../../src/core/conversation/types';
import { gradientPng } from '../emulator/png';
import { ConversationStore, type IndexEntry } from '../../src/core/storage/conversationStore';
import { MemoryFs } from './memoryFs';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function imageTurn(id: string, png: Buffer, wire = true): ModelTurn {
  const data = png.toString('base64');
  return {
    role: 'model', id, model: 'm', state: 'done', interactionIds: [], startedAt: 0,
    parts: [{ kind: 'text', text: 'here' }, { kind: 'media', media: { type: 'image', mimeType: 'image/png', data, name: 'a.png' } }],
    ...(wire ? { wire: [{ type: 'model_output', content: [{ type: 'image', data, mime_type: 'image/png' }] }] } : {}),
  };
}

describe('lazy media (view refs)', () => {
  const png = gradientPng(120, 80, 1);
  const other = gradientPng(10, 10, 2);
  const turns: Turn[] = [{ role: 'user', id: 'u', text: 'draw', at: 0 }, imageTurn('a', png)];

  it('view turns carry the SHA-256 ref, byte size and pixel size instead of the bytes (and no wire copy)', () => {
    const media = new ConversationMedia();
    const view = media.viewTurns(turns);
    const json = JSON.stringify(view);
    assert.ok(!json.includes(png.toString('base64').slice(0, 200)), 'no base64 in the view state');
    const part = (view[1] as ModelTurn).parts[1];
    assert.equal(part.kind, 'media');
    if (part.kind !== 'media') return;
    assert.deepEqual({ ...part.media }, { type: 'image', mimeType: 'image/png', name: 'a.png', ref: sha(png), sizeBytes: png.length, width: 120, height: 80 });
    assert.ok(!('wire' in view[1]));
    // The live conversation keeps its bytes (the request path and Save need them).
    assert.equal(((turns[1] as ModelTurn).parts[1] as { media: { data?: string } }).media.data, png.toString('base64'));
    assert.ok(json.length < 600, `a small state (${json.length} chars)`);
  });

  it('answers the bytes of a ref of the shown conversation', () => {
    const media = new ConversationMedia();
    media.viewTurns(turns);
    assert.deepEqual(media.answer(sha(png)), { mimeType: 'image/png', data: png.toString('base64') });
  });

  it('refuses paths, malformed refs, and hashes of media not in the shown conversation', () => {
    const media = new ConversationMedia();
    media.viewTurns(turns);
    for (const bad of ['../../etc/passwd', '/etc/passwd', sha(png).toUpperCase(), `${sha(png)}/../x`, sha(png).slice(1), '', 42, undefined, { $cas: sha(png) }]) {
      assert.throws(() => media.answer(bad), /invalid media ref|not media of this conversation/, String(bad));
    }
    assert.throws(() => media.answer(sha(other)), /not media of this conversation/);
  });

  it('after another conversation is shown, the refs of the previous one are no longer answered', () => {
    const media = new ConversationMedia();
    media.viewTurns(turns);
    media.viewTurns([imageTurn('b', other)]);
    assert.throws(() => media.answer(sha(png)), /not media of this conversation/);
    assert.equal(media.answer(sha(other)).data, other.toString('base64'));
  });

  it('leaves turns without inline media untouched (same objects, nothing hashed)', () => {
    const plain: Turn[] = [{ role: 'user', id: 'u', text: 'hi', at: 0 }, { role: 'model', id: 'm', model: 'm', state: 'done', interactionIds: [], startedAt: 0, parts: [{ kind: 'media', media: { type: 'image', uri: 'https://x/y.png' } }] }];
    const view = new ConversationMedia().viewTurns(plain);
    assert.equal((view[1] as ModelTurn).parts, (plain[1] as ModelTurn).parts);
  });

  it('audio and video keep their bytes in the view (the player needs them)', () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(100, 1)]).toString('base64');
    const turn: ModelTurn = { role: 'model', id: 'm', model: 'm', state: 'done', interactionIds: [], startedAt: 0, parts: [{ kind: 'media', media: { type: 'audio', mimeType: 'audio/wav', data: wav } }] };
    const part = (new ConversationMedia().viewTurns([turn])[0] as ModelTurn).parts[0];
    assert.ok(part.kind === 'media' && part.media.data === wav && part.media.ref === undefined);
  });

  it('reads image sizes from PNG, GIF, JPEG and WebP headers, and nothing from other bytes', () => {
    assert.deepEqual(imageSize(gradientPng(33, 17).toString('base64')), { width: 33, height: 17 });
    const gif = Buffer.from('474946383961' + '2c01' + 'c800' + '000000', 'hex');
    assert.deepEqual(imageSize(gif.toString('base64')), { width: 300, height: 200 });
    // SOI, APP0 (length 16), SOF0 with height 480 and width 640.
    const jpeg = Buffer.concat([Buffer.from('ffd8ffe00010', 'hex'), Buffer.alloc(14), Buffer.from('ffc0001108' + '01e0' + '0280' + '03012200021101031101', 'hex')]);
    assert.deepEqual(imageSize(jpeg.toString('base64')), { width: 640, height: 480 });
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8X'), Buffer.alloc(8), Buffer.from([0x3f, 0x01, 0x00, 0xc7, 0x00, 0x00])]);
    assert.deepEqual(imageSize(webp.toString('base64')), { width: 320, height: 200 });
    assert.equal(imageSize(Buffer.from('%PDF-1.7 hello world').toString('base64')), undefined);
  });

  it('validates refs as 64 lowercase hex digits', () => {
    assert.ok(isValidRef(sha(png)));
    assert.ok(!isValidRef(`${sha(png)}0`));
    assert.ok(!isValidRef('g'.repeat(64)));
  });
});

/** A MemoryFs with the synchronous read lazy media needs, counting media reads. */
class CountingFs extends MemoryFs {
  mediaReads = 0;
  readFileSync(path: string): Uint8Array | undefined {
    if (path.includes('/media/')) this.mediaReads++;
    const f = this.files.get(path);
    return f && Buffer.from(f);
  }
  override async readFile(path: string): Promise<Uint8Array | undefined> {
    if (path.includes('/media/')) this.mediaReads++;
    return super.readFile(path);
  }
}

describe('lazy media (store opened with lazyMedia)', () => {
  const png = gradientPng(64, 48, 3);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 7)]);
  async function stored(): Promise<{ fs: CountingFs; open: () => ConversationStore }> {
    const fs = new CountingFs();
    let index: IndexEntry[] = [];
    const backend = { readIndex: () => index, writeIndex: async (e: IndexEntry[]) => { index = e; } };
    const turns: Turn[] = [
      { role: 'user', id: 'u', text: 'see', at: 0, wire: { type: 'user_input', content: [{ type: 'document', mime_type: 'application/pdf', data: pdf.toString('base64') }] } },
      imageTurn('a', png),
    ];
    await new ConversationStore(backend, fs, '/s').save({ id: 'c', title: 't', createdAt: 0, updatedAt: 0, turns });
    fs.mediaReads = 0;
    return { fs, open: () => new ConversationStore(backend, fs, '/s', { lazyMedia: true }) };
  }

  it('opening reads no media file; the view gets refs and sizes without reading either', async () => {
    const { fs, open } = await stored();
    const data = (await open().load('c'))!;
    const view = new ConversationMedia().viewTurns(data.turns);
    assert.equal(fs.mediaReads, 0);
    const part = (view[1] as ModelTurn).parts[1];
    assert.ok(part.kind === 'media' && part.media.ref === sha(png) && part.media.sizeBytes === png.length && part.media.data === undefined);
  });

  it('the bytes are read when used — a request\'s wire, the answer to the webview — and not kept', async () => {
    const { fs, open } = await stored();
    const data = (await open().load('c'))!;
    const wire = JSON.parse(JSON.stringify(data.turns[0].wire));
    assert.equal(wire.content[0].data, pdf.toString('base64'));
    assert.equal(fs.mediaReads, 1);
    const media = new ConversationMedia();
    media.viewTurns(data.turns);
    assert.equal(media.answer(sha(png)).data, png.toString('base64'));
    assert.equal(media.answer(sha(png)).data, png.toString('base64'));
    assert.equal(fs.mediaReads, 3, 'read again each time: nothing is held');
    // Saving again (no change) writes nothing and reads nothing.
    fs.mediaReads = 0;
    const before = fs.written;
    const store = open();
    const again = (await store.load('c'))!;
    await store.save(again);
    assert.equal(fs.written - before, 0);
  });

  it('a missing media file counts as missing at open, like the eager store (per reference: the part and its wire copy)', async () => {
    const { fs, open } = await stored();
    fs.files.delete(`/s/media/${sha(png)}`);
    const opened = (await open().open('c'))!;
    assert.equal(opened.recovered?.missingMedia, 2);
    const part = (opened.data.turns[1] as ModelTurn).parts[1];
    assert.ok(part.kind === 'media' && part.media.data === '');
  });
});
