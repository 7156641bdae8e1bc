// Lazy media for the chat view: a `state` message carries image and document parts without their bytes (a hash ref,
// size and, when the header says, width×height), and the webview asks for one image when it scrolls
// near it. The host answers only for refs of the conversation on screen, so a webview cannot name a
// path or a hash from elsewhere.
import { createHash } from 'node:crypto';
import type { Media, Part, Turn } from '../conversation/types';
import type { ViewTurn } from './protocol';
import { toViewTurn } from './protocol';
import { lazyMediaBytes, lazyMediaRef } from '../storage/mediaRefs';

const REF = /^[0-9a-f]{64}$/;
/** Hashes of media already seen: a state push does not hash the same bytes again. */
const refs = new WeakMap<Media, string>();

export function isValidRef(ref: unknown): ref is string {
  return typeof ref === 'string' && REF.test(ref);
}

/** Whether the media has bytes, without reading media the store left on disk. */
function hasBytes(media: Media): boolean {
  return lazyMediaRef(media) !== undefined || !!media.data;
}

export function mediaRef(media: Media): string | undefined {
  const stored = lazyMediaRef(media);
  if (stored) return stored;
  if (!media.data) return undefined;
  let ref = refs.get(media);
  if (!ref) {
    ref = createHash('sha256').update(Buffer.from(media.data, 'base64')).digest('hex');
    refs.set(media, ref);
  }
  return ref;
}

/** Width and height from a PNG, GIF, WebP or JPEG header (the first few kB of base64 suffice). */
export function imageSize(base64: string): { width: number; height: number } | undefined {
  const b = Buffer.from(base64.slice(0, 65536 - (65536 % 4)), 'base64');
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const kind = b.toString('latin1', 12, 16);
    if (kind === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === 'VP8L') { const v = b.readUInt32LE(21); return { width: (v & 0x3fff) + 1, height: ((v >> 14) & 0x3fff) + 1 }; }
    if (kind === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1];
      const len = b.readUInt16BE(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) hold the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + len;
    }
  }
  return undefined;
}

function measure(data: string, type: Media['type']): { bytes: number; size?: { width: number; height: number } } {
  const bytes = Math.floor(data.length * 3 / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  return { bytes, ...(type === 'image' ? { size: imageSize(data) } : {}) };
}

/** The media of one conversation by ref: what the host may hand to the webview, and nothing else. */
export class ConversationMedia {
  private readonly byRef = new Map<string, Media>();
  private readonly sizes = new WeakMap<Media, { bytes: number; size?: { width: number; height: number } }>();

  /** View turns whose media parts carry a ref instead of their bytes; remembers each ref's media. */
  viewTurns(turns: readonly Turn[]): ViewTurn[] {
    this.byRef.clear();
    return turns.map((t) => {
      const view = toViewTurn(t);
      if (view.role !== 'model' || !view.parts.some((p) => p.kind === 'media' && hasBytes(p.media))) return view;
      return { ...view, parts: view.parts.map((p) => this.lazyPart(p)) };
    });
  }

  private lazyPart(p: Part): Part {
    // Players (audio, video) get their bytes with the state as before; images and documents go by ref.
    if (p.kind !== 'media' || p.media.type === 'audio' || p.media.type === 'video' || !hasBytes(p.media)) return p;
    const ref = mediaRef(p.media)!;
    this.byRef.set(ref, p.media);
    const { type, mimeType, uri, name, sizeBytes, width, height } = p.media;
    const lazy: Media = { type, ...(mimeType ? { mimeType } : {}), ...(uri ? { uri } : {}), ...(name ? { name } : {}), ref };
    const stored = lazyMediaRef(p.media) !== undefined;
    // Media still on disk is not read for its size; media in memory is measured once.
    const known = this.sizes.get(p.media) ?? (stored ? undefined : measure(p.media.data!, type));
    if (known && !stored) this.sizes.set(p.media, known);
    Object.assign(lazy, { sizeBytes: sizeBytes ?? known?.bytes ?? lazyMediaBytes(p.media) }, width && height ? { width, height } : known?.size);
    return { kind: 'media', media: lazy };
  }

  /**
   * The bytes of a ref this conversation holds (base64), or an error for anything else: a malformed
   * ref, a path, a hash of another conversation's media.
   */
  answer(ref: unknown): { mimeType: string; data: string } {
    if (!isValidRef(ref)) throw new Error('invalid media ref');
    const media = this.byRef.get(ref);
    // Read once: media the store left on disk is read on each access.
    const data = media?.data;
    if (!media || !data) throw new Error('not media of this conversation');
    return { mimeType: media.mimeType ?? 'application/octet-stream', data };
  }
}
