import { strict as assert } from 'node:assert';
import { decodeText } from '../../src/core/attachments/textDecoding';

describe('textDecoding', () => {
  it('UTF-8 (with or without BOM) stays UTF-8', () => {
    assert.deepEqual(decodeText(new TextEncoder().encode('héllo → ok')), { text: 'héllo → ok', encoding: 'utf-8' });
    assert.deepEqual(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { text: 'a', encoding: 'utf-8' });
  });
  it('UTF-16 with a BOM', () => {
    assert.equal(decodeText(new Uint8Array([0xff, 0xfe, 0x68, 0, 0xe9, 0])).text, 'hé');
    assert.equal(decodeText(new Uint8Array([0xfe, 0xff, 0, 0x68, 0, 0xe9])).text, 'hé');
  });
  it('Latin-1 text is decoded, not mangled into U+FFFD', () => {
    const latin1 = Buffer.from('Le café est très bon, déjà servi à côté du théâtre.\n', 'latin1');
    const r = decodeText(latin1);
    assert.equal(r.text, 'Le café est très bon, déjà servi à côté du théâtre.\n');
    assert.ok(!r.text.includes('\ufffd'));
  });
  it('Shift_JIS is detected', () => {
    // "日本語のテキストです。これはテストです。" in Shift_JIS
    const sjis = new Uint8Array([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x65, 0x83, 0x4c, 0x83, 0x58, 0x83, 0x67, 0x82, 0xc5, 0x82, 0xb7, 0x81, 0x42,
      0x82, 0xb1, 0x82, 0xea, 0x82, 0xcd, 0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x82, 0xc5, 0x82, 0xb7, 0x81, 0x42]);
    const r = decodeText(sjis);
    assert.equal(r.encoding, 'shift_jis');
    assert.equal(r.text, '日本語のテキストです。これはテストです。');
  });
});
