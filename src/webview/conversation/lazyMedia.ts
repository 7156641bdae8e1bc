// Images of a reopened conversation come by ref (src/core/panel/lazyMedia.ts): a placeholder of the image's
// size holds the layout, and the bytes are asked for when it scrolls near the viewport. They become a
// blob: URL (allowed by the CSP's img-src), revoked when the turn leaves the DOM.
import { request } from '../shared/host';
import { t } from '../shared/i18n';

/** How far outside the viewport an image starts loading (a screen or so of scrolling ahead). */
const ROOT_MARGIN = '800px 0px';
/** The box of an image whose header gave no size. */
const DEFAULT_ASPECT = '4 / 3';

interface Lazy { ref: string; mimeType: string; onLoaded(url: string): void; onFailed(): void; url?: string; started?: boolean }

const pending = new Map<Element, Lazy>();
const loaded = new Map<Element, Lazy>();
let observer: IntersectionObserver | undefined;

function observe(el: Element): void {
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) void load(e.target);
  }, { root: null, rootMargin: ROOT_MARGIN });
  observer.observe(el);
}

async function load(el: Element): Promise<void> {
  const lazy = pending.get(el);
  if (!lazy || lazy.started) return;
  lazy.started = true;
  observer?.unobserve(el);
  const outcome = await request({ type: 'loadMedia', ref: lazy.ref }).outcome;
  pending.delete(el);
  if (!('result' in outcome) || !el.isConnected) {
    if (el.isConnected) lazy.onFailed();
    return;
  }
  const bytes = Uint8Array.from(atob(outcome.result.data), (c) => c.charCodeAt(0));
  lazy.url = URL.createObjectURL(new Blob([bytes], { type: outcome.result.mimeType }));
  loaded.set(el, lazy);
  lazy.onLoaded(lazy.url);
}

/**
 * A sized placeholder with the image's alt text that turns into the image once loaded. `onLoaded`
 * gets the blob: URL (for Copy image).
 */
export function lazyImage(media: { ref: string; mimeType?: string; width?: number; height?: number }, alt: string, onLoaded: (url: string) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'media-lazy';
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', alt);
  box.dataset.ref = media.ref;
  box.style.aspectRatio = media.width && media.height ? `${media.width} / ${media.height}` : DEFAULT_ASPECT;
  if (media.width) box.style.width = `min(100%, ${media.width}px)`;
  const img = document.createElement('img');
  img.className = 'media-image';
  img.alt = alt;
  if (media.width && media.height) { img.width = media.width; img.height = media.height; }
  pending.set(box, {
    ref: media.ref,
    mimeType: media.mimeType ?? 'application/octet-stream',
    onLoaded: (url) => {
      img.src = url;
      box.replaceWith(img);
      loaded.set(img, loaded.get(box)!);
      loaded.delete(box);
      onLoaded(url);
    },
    onFailed: () => {
      box.classList.add('failed');
      const msg = document.createElement('span');
      msg.className = 'media-lazy-error';
      msg.textContent = t('card.imageNotLoaded');
      box.replaceChildren(msg);
    },
  });
  observe(box);
  return box;
}

/** Revokes the blob URLs of images no longer in the document and stops watching detached placeholders. */
export function releaseDetachedMedia(): void {
  for (const [el, lazy] of loaded) {
    if (el.isConnected) continue;
    if (lazy.url) URL.revokeObjectURL(lazy.url);
    loaded.delete(el);
  }
  for (const el of pending.keys()) {
    if (el.isConnected) continue;
    observer?.unobserve(el);
    pending.delete(el);
  }
}

/** For tests and the bench: how many blob URLs are alive. */
export function liveMediaUrls(): number {
  return loaded.size;
}
