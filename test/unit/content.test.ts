import { strict as assert } from 'node:assert';
import {
  classify, decideSize, estimateTokens, firstPart, inlineBase64Bytes, looksLikeText, MAX_FILE_BYTES,
  sniffBinaryType, supportedTypesText, typeForUrl,
} from '../../src/core/attachments/content';
import { formatBytes } from '../../src/core/util/bytes';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const limits = { inlineMaxBytes: 1000, maxTextTokens: 100 };

describe('content: kinds and MIME types', () => {
  const byName: [string, string, string][] = [
    ['a.pdf', 'document', 'application/pdf'],
    ['a.png', 'image', 'image/png'], ['a.JPG', 'image', 'image/jpeg'], ['a.jpeg', 'image', 'image/jpeg'],
    ['a.webp', 'image', 'image/webp'], ['a.heic', 'image', 'image/heic'], ['a.heif', 'image', 'image/heif'], ['a.gif', 'image', 'image/gif'],
    ['a.wav', 'audio', 'audio/wav'], ['a.mp3', 'audio', 'audio/mp3'], ['a.aiff', 'audio', 'audio/aiff'], ['a.aac', 'audio', 'audio/aac'],
    ['a.ogg', 'audio', 'audio/ogg'], ['a.flac', 'audio', 'audio/flac'],
    ['a.mp4', 'video', 'video/mp4'], ['a.mpeg', 'video', 'video/mpeg'], ['a.mov', 'video', 'video/mov'], ['a.avi', 'video', 'video/avi'],
    ['a.webm', 'video', 'video/webm'], ['a.wmv', 'video', 'video/wmv'], ['a.3gp', 'video', 'video/3gpp'], ['a.flv', 'video', 'video/x-flv'],
  ];
  for (const [name, kind, mime] of byName) {
    it(`${name} → ${kind} ${mime} (by extension)`, () => {
      const c = classify(`dir/${name}`, bytes([0, 1, 2, 3]));
      assert.deepEqual(c, { ok: true, kind, mimeType: mime });
    });
  }

  it('recognises media by magic bytes when the name says nothing', () => {
    const cases: [Uint8Array, string][] = [
      [bytes('%PDF-1.4\n'), 'application/pdf'],
      [bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
      [bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
      [bytes('GIF89a'), 'image/gif'],
      [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
      [bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
      [bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'video/avi'],
      [bytes('FORM', [0, 0, 0, 0], 'AIFF'), 'audio/aiff'],
      [bytes('fLaC'), 'audio/flac'], [bytes('OggS'), 'audio/ogg'], [bytes('ID3', [3, 0]), 'audio/mp3'],
      [bytes([0xff, 0xfb, 0x90]), 'audio/mp3'], [bytes([0xff, 0xf1, 0x50]), 'audio/aac'],
      [bytes([0, 0, 0, 0x18], 'ftypisom'), 'video/mp4'], [bytes([0, 0, 0, 0x14], 'ftypqt  '), 'video/mov'],
      [bytes([0, 0, 0, 0x18], 'ftypheic'), 'image/heic'], [bytes([0, 0, 0, 0x18], 'ftypmif1'), 'image/heif'],
      [bytes([0, 0, 0, 0x18], 'ftyp3gp4'), 'video/3gpp'],
      [bytes([0x1a, 0x45, 0xdf, 0xa3]), 'video/webm'], [bytes([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]), 'video/wmv'],
      [bytes('FLV', [1]), 'video/x-flv'], [bytes([0, 0, 1, 0xba]), 'video/mpeg'],
    ];
    for (const [head, mime] of cases) {
      assert.equal(sniffBinaryType(head)?.mimeType, mime, mime);
      const c = classify('no-extension', head);
      assert.ok(c.ok && c.mimeType === mime, `classify → ${mime}`);
    }
  });

  it('code and text files are text with a language; unknown readable files are plaintext', () => {
    assert.deepEqual(classify('src/greet.ts', bytes('export const a = 1;\n')), { ok: true, kind: 'text', mimeType: 'text/plain', languageId: 'typescript' });
    assert.deepEqual(classify('notes.txt', bytes('hello')), { ok: true, kind: 'text', mimeType: 'text/plain', languageId: 'plaintext' });
    assert.deepEqual(classify('Makefile.weird', bytes('all:\n\techo hi\n')), { ok: true, kind: 'text', mimeType: 'text/plain', languageId: 'plaintext' });
    assert.ok(looksLikeText(bytes([0xff, 0xfe], 'h', [0], 'i', [0])), 'UTF-16 with a BOM is text');
    assert.ok(looksLikeText(bytes('caf', [0xe9])), 'Latin-1 bytes are text');
  });

  it('an unknown binary type is refused with the list of supported types', () => {
    const c = classify('tool.exe', bytes('MZ', [0x90, 0, 3, 0, 0, 0]));
    assert.equal(c.ok, false);
    assert.ok(!c.ok && c.reason === 'unsupported');
    assert.match(!c.ok ? c.message : '', /^tool\.exe is a binary file of a type Gemini does not read\. Supported: text and code files; documents: PDF; images: PNG, JPEG, WebP, HEIC, HEIF, GIF; audio: WAV, MP3, AIFF, AAC, OGG, FLAC; video: MP4, MPEG, MOV, AVI, WebM, WMV, 3GPP, FLV\.$/);
    assert.match(supportedTypesText(), /PDF/);
  });

  it('typeForUrl: https image/PDF URLs only', () => {
    assert.deepEqual(typeForUrl('https://example.com/a/cat.PNG?x=1'), { kind: 'image', mimeType: 'image/png' });
    assert.deepEqual(typeForUrl('https://example.com/paper.pdf'), { kind: 'document', mimeType: 'application/pdf' });
    assert.equal(typeForUrl('http://example.com/cat.png'), undefined);
    assert.equal(typeForUrl('https://example.com/song.mp3'), undefined);
    assert.equal(typeForUrl('not a url'), undefined);
  });
});

describe('content: size rules', () => {
  it('zero bytes, over 2 GB, inline below the threshold, upload above it', () => {
    assert.deepEqual(decideSize('a/empty.png', 'image', 0, limits), { ok: false, reason: 'empty', message: 'empty.png is empty (0 bytes): there is nothing to send.' });
    const big = decideSize('movie.mp4', 'video', MAX_FILE_BYTES + 1, limits);
    assert.ok(!big.ok && big.reason === 'tooLarge');
    assert.match(!big.ok ? big.message : '', /movie\.mp4 is 2\.0 GB: the Gemini Files API takes files up to 2 GB\./);
    assert.deepEqual(decideSize('a.png', 'image', 1000, limits), { ok: true, transport: 'inline' });
    assert.deepEqual(decideSize('a.png', 'image', 1001, limits), { ok: true, transport: 'upload' });
    assert.deepEqual(decideSize('a.mp4', 'video', MAX_FILE_BYTES, limits), { ok: true, transport: 'upload' });
  });

  it('text: inline within the token budget; above it, a warning with the estimated size', () => {
    assert.deepEqual(decideSize('a.ts', 'text', 400, limits, 400), { ok: true, transport: 'inline' });
    const d = decideSize('big.log', 'text', 4000, limits, 4000);
    assert.ok(!d.ok && d.reason === 'textTooLarge' && d.estimatedTokens === 1000);
    assert.equal(!d.ok ? d.message : '', 'big.log is about 1k tokens (3.9 KB), more than the 100-token budget for one file.');
    assert.equal(estimateTokens(401), 101);
  });

  it('firstPart cuts at a line end within the budget and counts lines', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const p = firstPart(text, 10); // 40 chars
    assert.ok(p.text.length <= 40);
    assert.ok(text.startsWith(p.text + '\n'));
    assert.equal(p.totalLines, 100);
    assert.equal(p.lines, p.text.split('\n').length);
    assert.deepEqual(firstPart('short', 10), { text: 'short', lines: 1, totalLines: 1 });
  });

  it('formatBytes and the inline base64 cost', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(500 * 1024 * 1024), '500 MB');
    assert.equal(inlineBase64Bytes(3), 4);
    assert.equal(inlineBase64Bytes(500_000_000), 666_666_668);
  });
});
