import { strict as assert } from 'node:assert';
import { crc32 } from '../../src/core/storage/crc32';
import { encodeRecord, parseJournal } from '../../src/core/storage/journalFormat';
import { extractMedia, isMediaRef, restoreMedia } from '../../src/core/storage/mediaRefs';
import { storageMessages } from '../../src/core/l10n/storageStrings';
import { formatBytes } from '../../src/core/util/bytes';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('journal format', () => {
  it('CRC-32 matches the standard check value', () => {
    assert.equal(crc32(bytes('123456789')), 0xcbf43926);
  });

  it('a record is one line: checksum, space, JSON', () => {
    const line = encodeRecord({ op: 'title', title: 'a\nb' });
    assert.match(line, /^[0-9a-f]{8} \{"op":"title","title":"a\\nb"\}\n$/);
    assert.equal(line.split('\n').length, 2, 'newlines inside values are escaped');
  });

  it('parses good lines; a torn tail is dropped and measured, a damaged line is skipped and counted', () => {
    const a = encodeRecord({ op: 'title', title: 'one' });
    const b = encodeRecord({ op: 'title', title: 'two' });
    const c = encodeRecord({ op: 'head', updatedAt: 3 });
    const damaged = b.replace('two', 'twX');
    const parsed = parseJournal(bytes(a + damaged + c + c.slice(0, 7)));
    assert.deepEqual(parsed.lines.map((l) => l.record), [{ op: 'title', title: 'one' }, { op: 'head', updatedAt: 3 }]);
    assert.equal(parsed.damaged, 1);
    assert.equal(parsed.tornBytes, 7);
    assert.equal(parsed.appendOffset, bytes(a + damaged + c).length);
  });

  it('never throws on garbage: invalid UTF-8, empty lines, JSON without an op', () => {
    const bad = new Uint8Array([0xff, 0xfe, 0x0a, 0x0a]);
    const noOp = `${encodeRecord({ op: 'title', title: 'x' }).slice(0, 9)}{"x":1}\n`;
    const parsed = parseJournal(new Uint8Array([...bad, ...bytes(noOp)]));
    assert.equal(parsed.lines.length, 0);
    assert.equal(parsed.damaged, 2, 'the invalid line and the one whose checksum does not match; the empty line is not damage');
  });
});

describe('media references', () => {
  const png = Buffer.alloc(200, 7).toString('base64');

  it('moves base64 `data` out and puts it back; the input is not changed', () => {
    const turn = { parts: [{ kind: 'media', media: { type: 'image', data: png } }], wire: [{ type: 'image', data: png }] };
    const media = new Map<string, Uint8Array>();
    const out = extractMedia(turn, media);
    assert.equal(media.size, 1, 'the same bytes twice are stored once');
    assert.ok(isMediaRef(out.parts[0].media.data) && isMediaRef(out.wire[0].data));
    assert.equal(turn.parts[0].media.data, png, 'the live turn keeps its data');
    const [sha] = media.keys();
    const parsed = JSON.parse(JSON.stringify(out));
    assert.deepEqual(restoreMedia(parsed, (h) => (h === sha ? png : undefined)), { missing: 0 });
    assert.deepEqual(parsed, turn);
  });

  it('leaves alone what is not media: short strings, other keys, non-canonical base64, text that looks like base64', () => {
    const media = new Map<string, Uint8Array>();
    const value = { data: 'abcd', text: png, nested: { data: `${png.slice(0, -4)}AAB=` }, list: [{ data: 'not base64 at all, with spaces and more than sixty-four characters in it' }] };
    assert.deepEqual(extractMedia(value, media), value);
    assert.equal(media.size, 0);
  });
});

describe('storage messages', () => {
  it('say what was lost, in words', () => {
    assert.equal(storageMessages.recovered('Trip', { skippedRecords: 2, tornBytes: 10, missingMedia: 1 }),
      '"Trip" was recovered with a loss: the answer that was being saved when the window closed was cut off; 2 damaged records were skipped; 1 image or attachment is missing. Everything else is kept.');
    assert.match(storageMessages.diskFull, /disk is full.*Everything saved before is kept/);
    assert.equal(storageMessages.deleteAllConfirm(1), 'Delete all 1 conversation of this workspace?');
    assert.deepEqual([0, 1023, 1536, 5 * 1024 * 1024].map(formatBytes), ['0 B', '1023 B', '1.5 KB', '5.0 MB']);
    // One formatBytes for attachments and storage: no decimal from 10 up (it was "15.0 MB" here).
    assert.deepEqual([15 * 1024 * 1024, 1.25 * 1024 ** 3].map(formatBytes), ['15 MB', '1.3 GB']);
  });
});
