import { strict as assert } from 'node:assert';
import { extensionFor, mediaFileName } from '../../src/core/panel/mediaFiles';

describe('media file names', () => {
  it('take the extension from the MIME type', () => {
    assert.equal(extensionFor({ mimeType: 'image/png' }), 'png');
    assert.equal(extensionFor({ mimeType: 'image/jpeg' }), 'jpg');
    assert.equal(extensionFor({ mimeType: 'IMAGE/WEBP' }), 'webp');
    assert.equal(extensionFor({ mimeType: 'audio/wav; rate=24000' }), 'wav');
    assert.equal(extensionFor({ mimeType: 'video/mp4' }), 'mp4');
    assert.equal(extensionFor({ mimeType: 'image/x-icon' }), 'xicon');
    assert.equal(extensionFor({}), 'bin');
  });

  it('default to gemini-<type>-<time>, or the part\'s own name with the right extension', () => {
    const at = new Date('2026-11-21T18:30:05Z');
    assert.equal(mediaFileName({ type: 'image', mimeType: 'image/png' }, at), 'gemini-image-2026-11-21-18-30-05.png');
    assert.equal(mediaFileName({ type: 'image', mimeType: 'image/jpeg', name: 'chart.png' }, at), 'chart.jpg');
  });
});
