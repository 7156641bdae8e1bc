// Moves inline media out of a turn before it is journaled: every `data` string that is base64 (Media.data,
// and the `data` of the opaque wire copy) becomes {"$cas": sha256, "n": bytes}, and the bytes go to the
// content-addressed media folder once, however many turns or conversations refer to them.
import { createHash } from 'node:crypto';

export interface MediaRef { $cas: string; n: number }

/** Shorter strings stay inline: a reference would not be smaller. */
const MIN_INLINE_CHARS = 64;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function isMediaRef(v: unknown): v is MediaRef {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.$cas === 'string' && /^[0-9a-f]{64}$/.test(o.$cas) && Object.keys(o).every((k) => k === '$cas' || k === 'n');
}

/**
 * A copy of `value` with media replaced by references; `media` receives the bytes by hash.
 * The input is not changed (it is the live conversation).
 */
export function extractMedia<T>(value: T, media: Map<string, Uint8Array>): T {
  return walkOut(value, undefined, media) as T;
}

function walkOut(v: unknown, key: string | undefined, media: Map<string, Uint8Array>): unknown {
  if (typeof v === 'string') {
    if (key !== 'data' || v.length < MIN_INLINE_CHARS || v.length % 4 !== 0 || !BASE64.test(v)) return v;
    const bytes = Buffer.from(v, 'base64');
    // Only canonical base64 round-trips exactly; anything else stays as it was.
    if (bytes.toString('base64') !== v) return v;
    const sha = sha256Hex(bytes);
    if (!media.has(sha)) media.set(sha, bytes);
    return { $cas: sha, n: bytes.length } satisfies MediaRef;
  }
  if (Array.isArray(v)) return v.map((x) => walkOut(x, undefined, media));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walkOut(x, k, media);
    return out;
  }
  return v;
}

/** Every reference in a parsed record (for sizes and for collecting unreferenced media). */
export function collectRefs(v: unknown, into: Map<string, number>): void {
  if (isMediaRef(v)) { into.set(v.$cas, v.n ?? 0); return; }
  if (Array.isArray(v)) for (const x of v) collectRefs(x, into);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collectRefs(x, into);
}

/**
 * Puts the media back (in place: `value` was just parsed). `resolve` gives the base64 of a hash, or
 * undefined when the media file is missing or damaged; those references become '' and are counted.
 */
export function restoreMedia(value: unknown, resolve: (sha: string) => string | undefined): { missing: number } {
  const state = { missing: 0 };
  walkIn(value, resolve, state);
  return state;
}

function walkIn(v: unknown, resolve: (sha: string) => string | undefined, state: { missing: number }): void {
  if (!v || typeof v !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    if (isMediaRef(x)) {
      const data = resolve(x.$cas);
      if (data === undefined) state.missing++;
      (v as Record<string | number, unknown>)[k] = data ?? '';
    } else {
      walkIn(x, resolve, state);
    }
  }
}

/** The hash behind a `data` property that restoreMediaLazy made (read without reading the file). */
const lazyRefs = new WeakMap<object, MediaRef>();

export function lazyMediaRef(holder: object): string | undefined {
  return lazyRefs.get(holder)?.$cas;
}

/** Its size in bytes, as the reference recorded it. */
export function lazyMediaBytes(holder: object): number | undefined {
  return lazyRefs.get(holder)?.n;
}

/**
 * Like restoreMedia, but each reference becomes a getter that reads the media when used (a request's
 * serialisation, Save, export) and keeps nothing: an opened conversation does not hold its media in
 * memory. Assigning the property replaces the getter with the value. `exists` says which are there.
 */
export function restoreMediaLazy(value: unknown, read: (sha: string) => string | undefined, exists: (sha: string) => boolean): { missing: number } {
  const state = { missing: 0 };
  walkLazy(value, read, exists, state);
  return state;
}

function walkLazy(v: unknown, read: (sha: string) => string | undefined, exists: (sha: string) => boolean, state: { missing: number }): void {
  if (!v || typeof v !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    if (!isMediaRef(x)) { walkLazy(x, read, exists, state); continue; }
    const holder = v as Record<string | number, unknown>;
    if (!exists(x.$cas)) { state.missing++; holder[k] = ''; continue; }
    const sha = x.$cas;
    Object.defineProperty(holder, k, {
      enumerable: true, configurable: true,
      get: () => read(sha) ?? '',
      set: (value: unknown) => { Object.defineProperty(holder, k, { value, enumerable: true, configurable: true, writable: true }); lazyRefs.delete(holder); },
    });
    if (k === 'data') lazyRefs.set(holder, x);
  }
}
