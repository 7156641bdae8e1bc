// Links in model output never navigate the webview: the sanitiser leaves them without an href (only a
// `data-href` for http/https/mailto), and a click or Enter asks the host to open the URL. The visible
// text goes along, so the host can say so when it names another address than the link's.
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
    if (SAFE_LINK.test(url)) post({ type: 'openLink', url, text: linkText(target) });
  };
  document.addEventListener('click', open);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') open(e);
  });
}

/** What a link shows (a remote-image chip: its label), capped: the host compares it with the target. */
export function linkText(link: Element): string {
  return (link.textContent ?? '').trim().slice(0, 500);
}
