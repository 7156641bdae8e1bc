// Links in model output never navigate the webview: the sanitiser leaves them without an href (only a
// `data-href` for http/https/mailto), and a click or Enter asks the host to open the URL.
import { post } from './host';
import { SAFE_LINK } from './sanitize';

let installed = false;

/** One delegated listener for every `[data-href]` in the view (text, citations, cards). */
export function installLinkHandler(): void {
  if (installed) return;
  installed = true;
  const open = (e: Event) => {
    const target = (e.target as Element | null)?.closest?.('[data-href]');
    if (!target) return;
    e.preventDefault();
    const url = target.getAttribute('data-href') ?? '';
    if (SAFE_LINK.test(url)) post({ type: 'openLink', url });
  };
  document.addEventListener('click', open);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') open(e);
  });
}
