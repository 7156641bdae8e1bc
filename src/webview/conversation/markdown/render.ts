// Markdown → sanitised DOM for model text. markdown-it with raw HTML off, highlight.js for a fixed set of
// common languages, and every HTML string through the one sanitiser. Decoration (code toolbars,
// placeholders for remote images) happens on the sanitised fragment, with our own elements.
import MarkdownIt from 'markdown-it';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { linkTitle } from '../../../core/panel/links';
import { button, el } from '../../shared/dom';
import { post } from '../../shared/host';
import { applyButton } from '../../edits/applyUi';
import { SAFE_LINK, sanitizeToFragment } from '../../shared/sanitize';
import { t } from '../../shared/i18n';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust, shell, sql, swift, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);

/** Highlighted HTML for `code`, or undefined when the language is unknown (then it stays plain text). */
export function highlight(code: string, language: string): string | undefined {
  if (!language || !hljs.getLanguage(language)) return undefined;
  try {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    return undefined;
  }
}

export const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, lang) => highlight(code, lang.trim().split(/\s+/)[0]?.toLowerCase() ?? '') ?? '',
});

/** Renders markdown into a sanitised, decorated fragment. */
export function renderMarkdown(text: string): DocumentFragment {
  const tokens = md.parse(text, {});
  // Each fence's whole info string ("ts src/app.ts"), in document order: it may name the target file.
  const infos = tokens.filter((t) => t.type === 'fence' || t.type === 'code_block').map((t) => t.info.trim());
  const fragment = sanitizeToFragment(md.renderer.render(tokens, md.options, {}));
  decorate(fragment, infos);
  return fragment;
}

function decorate(root: DocumentFragment | HTMLElement, infos: readonly string[] = []): void {
  let fenceIndex = 0;
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    if (!code) continue;
    const language = /(?:^|\s)language-([\w#+.-]+)/.exec(code.className)?.[1] ?? '';
    code.classList.add('hljs');
    const block = codeBlockShell(language);
    const info = infos[fenceIndex++];
    if (info) block.element.dataset.info = info.slice(0, 300);
    pre.replaceWith(block.element);
    block.element.append(pre);
  }
  for (const img of Array.from(root.querySelectorAll('img'))) {
    if (img.getAttribute('src')) continue; // data:image only (the sanitiser removed everything else)
    img.replaceWith(remoteImageChip(img.getAttribute('data-remote-src') ?? '', img.getAttribute('alt') ?? ''));
  }
}

/** A code block's frame: a header with the language and Copy / Insert / Open; the <pre> goes after it. */
export function codeBlockShell(language: string): { element: HTMLElement } {
  const element = el('div', 'code-block');
  const header = el('div', 'code-header');
  const label = el('span', 'code-language');
  label.textContent = language || t('code.text');
  const actions = el('div', 'code-actions');
  actions.setAttribute('role', 'toolbar');
  actions.setAttribute('aria-label', language ? t('code.actions', language) : t('code.actionsPlain'));
  const make = (action: 'copy' | 'insert' | 'open', text: string, icon: string) => {
    const b = button(text, `code-${action}`, icon);
    b.addEventListener('click', () => {
      const code = element.querySelector('pre code')?.textContent ?? '';
      post({ type: 'codeAction', action, code, ...(language ? { language } : {}) });
      if (action === 'copy') flash(b);
    });
    return b;
  };
  actions.append(
    make('copy', t('code.copy'), 'codicon-copy'),
    make('insert', t('code.insert'), 'codicon-insert'),
    make('open', t('code.open'), 'codicon-go-to-file'),
    applyButton(element),
  );
  header.append(label, actions);
  element.append(header);
  return { element };
}

/** Brief "Copied" feedback on the button (icon and tooltip), announced through its label. */
function flash(b: HTMLButtonElement): void {
  const icon = b.querySelector('.codicon');
  icon?.classList.replace('codicon-copy', 'codicon-check');
  b.setAttribute('aria-label', t('code.copied'));
  b.title = t('code.copied');
  setTimeout(() => {
    icon?.classList.replace('codicon-check', 'codicon-copy');
    b.setAttribute('aria-label', t('code.copy'));
    b.title = t('code.copy');
  }, 1500);
}

/**
 * A remote image is never fetched (an image URL is how injected prompts exfiltrate data): it becomes a
 * chip with the alt text and the host, which opens the URL in the browser when clicked.
 */
function remoteImageChip(src: string, alt: string): HTMLElement {
  const chip = el('span', 'remote-image');
  const icon = el('span', 'codicon codicon-file-media');
  icon.setAttribute('aria-hidden', 'true');
  const label = el('span');
  let host = '';
  try { host = new URL(src).host; } catch { /* not a URL */ }
  label.textContent = `${alt || t('image.alt')}${host ? ` (${host})` : ''}`;
  chip.append(icon, label);
  if (SAFE_LINK.test(src)) {
    chip.setAttribute('data-href', src);
    chip.setAttribute('role', 'link');
    chip.tabIndex = 0;
    chip.title = t('image.notLoadedFrom', linkTitle(src) ?? src);
    chip.setAttribute('aria-label', t('image.notLoadedLabel', alt || t('image.altLower'), host || src));
  } else {
    chip.title = t('image.notLoaded');
  }
  return chip;
}
