// The one HTML sanitiser of the webview. Every piece of HTML that did not come from our own code —
// rendered markdown, Google's search suggestions — passes through here before it reaches the DOM.
// Strict allowlist: no scripts, no styles, no forms, no SVG/MathML, no remote loads of any kind.
import DOMPurify from 'dompurify';
import { linkTitle } from '../../core/panel/links';

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'code', 'del', 'details', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'i', 'img', 'kbd', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'class', 'colspan', 'rowspan', 'align', 'start', 'data-lang', 'aria-label', 'aria-hidden', 'role', 'tabindex'];

/** Link schemes that may ever become clickable (and then only through the host, after a click). */
export const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * Sanitises untrusted HTML into a fragment. Links lose their `href` (kept as `data-href` when the
 * scheme is safe, so a click can ask the host to open it); images keep a `src` only when it is a
 * `data:image/` URL — anything remote becomes a `data-remote-src` for a placeholder, never a fetch.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  // The configuration is set once on a private instance: parsing it again per call cost more than
  // sanitising a typical streamed block.
  return purify.sanitize(html) as unknown as DocumentFragment;
}

/** Our own DOMPurify instance: nobody else's hooks or configuration can loosen it. */
const purify = DOMPurify(window);
purify.setConfig({
  ALLOWED_TAGS, ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
});
// Runs after the attribute allowlist, so the data-* attributes it sets survive.
purify.addHook('afterSanitizeAttributes', (node) => {
  const el = node as Element;
  if (el.tagName === 'A') {
    const href = el.getAttribute('href') ?? '';
    el.removeAttribute('href');
    if (SAFE_LINK.test(href.trim())) {
      el.setAttribute('data-href', href.trim());
      el.setAttribute('role', 'link');
      el.setAttribute('tabindex', '0');
      // Hover shows the real target (what the host would open), whatever the text says.
      el.setAttribute('title', linkTitle(href) ?? href.trim());
    }
  }
  if (el.tagName === 'IMG') {
    const src = el.getAttribute('src') ?? '';
    el.removeAttribute('src');
    if (/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(src)) el.setAttribute('src', src);
    else if (src) el.setAttribute('data-remote-src', src);
  }
});
