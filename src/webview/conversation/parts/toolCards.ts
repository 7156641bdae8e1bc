// Compact cards for tool activity and media in the flow of an answer. Collapsible (details/summary),
// codicons, theme colours. Everything from the model goes in as text, except Google's search
// suggestions, which go through the one sanitiser (their <style> is dropped, their links made inert).
import type { Media, Part } from '../../../core/conversation/types';
import { escapeInvisible } from '../../../core/util/invisibleChars';
import { lazyImage } from '../lazyMedia';
import { button, el } from '../../shared/dom';
import { post, request } from '../../shared/host';
import { linkText } from '../../shared/links';
import { sanitizeToFragment } from '../../shared/sanitize';
import { formatNumber, formatSize, t, tn } from '../../shared/i18n';

export interface CardContext {
  turnId: string;
  index: number;
  /** Whether the user expanded this card before (kept in the webview's UI state). */
  expanded: boolean;
  onToggle(open: boolean): void;
}

type PartOf<K extends Part['kind']> = Extract<Part, { kind: K }>;

export function toolCard(part: Part, ctx: CardContext): HTMLElement {
  switch (part.kind) {
    case 'codeCall':
      return card(part.kind, 'codicon-code', part.language ? t('card.codeIn', part.language.toLowerCase()) : t('card.code'), ctx, () => pre(part.code, part.language));
    case 'codeResult':
      return card(part.kind, part.isError ? 'codicon-error' : 'codicon-output', part.isError ? t('card.codeError') : t('card.codeOutput'), ctx,
        () => pre(part.output || t('card.noOutput')), { error: part.isError, open: true });
    case 'urlContextCall':
      return card(part.kind, 'codicon-link', tn('card.readingUrls', part.urls.length), ctx, () => list(part.urls.map((u) => linkish(u))));
    case 'urlContextResult':
      return urlResults(part, ctx);
    case 'searchCall':
      return card(part.kind, 'codicon-search', t('card.searched', part.queries.join(' · ') || t('card.noQuery')), ctx,
        () => list(part.queries.map((q) => textSpan(q))));
    case 'searchResult':
      return searchResult(part, ctx);
    case 'functionCall':
      return card(part.kind, 'codicon-symbol-method', t('card.functionCall', part.name), ctx, () => {
        const body = el('div');
        body.append(label(t('card.arguments')), pre(prettyJson(part.argsText, part.args)));
        if (part.argsInvalid) body.append(note(t('card.argsInvalid')));
        return body;
      });
    case 'functionResult':
      return card(part.kind, part.isError ? 'codicon-error' : 'codicon-symbol-method', t('card.functionResult', part.name ?? part.callId), ctx,
        () => pre(prettyJson(part.result)), { error: part.isError });
    case 'toolCall':
      return card(part.kind, 'codicon-tools', `${toolLabel(part.tool)}: ${[part.server, part.name].filter(Boolean).join(' › ') || part.tool}`, ctx, () => {
        const body = el('div');
        body.append(fields([[t('card.tool'), part.tool], [t('card.server'), part.server], [t('card.name'), part.name]]));
        if (part.argsText) body.append(label(t('card.arguments')), pre(prettyJson(part.argsText)));
        return body;
      });
    case 'toolResult':
      return card(part.kind, part.isError ? 'codicon-error' : 'codicon-tools', part.name ? t('card.toolResultNamed', toolLabel(part.tool), part.name) : t('card.toolResult', toolLabel(part.tool)), ctx, () => {
        const body = el('div');
        body.append(fields([[t('card.tool'), part.tool], [t('card.server'), part.server], [t('card.name'), part.name]]), label(t('card.result')), pre(prettyJson(part.result)));
        return body;
      }, { error: part.isError });
    case 'media':
      return mediaCard(part.media, ctx);
    case 'unsupported':
      return card(part.kind, 'codicon-question', t('card.unsupportedType', part.wireType), ctx, () => pre(part.preview));
    default:
      return card('unsupported', 'codicon-question', t('card.unsupported'), ctx, () => pre(JSON.stringify(part)));
  }
}

/** Adds the sources (citation links of the answer) to a finished Google Search card. */
export function setSources(cardEl: HTMLElement, sources: { url: string; title?: string }[]): void {
  cardEl.querySelector('.sources')?.remove();
  if (!sources.length) return;
  const box = el('div', 'sources');
  box.append(label(t('sources.label')), list(sources.map((s) => linkish(s.url, s.title))));
  cardEl.querySelector('.card-body')?.prepend(box);
  // The count is appended once, in its own span, so a second call replaces it.
  const summary = cardEl.querySelector('summary .card-title');
  if (summary) {
    summary.querySelector('.source-count')?.remove();
    const n = el('span', 'source-count');
    n.textContent = ` · ${tn('card.sources', sources.length)}`;
    summary.append(n);
  }
}

// ---- card kinds ----------------------------------------------------------------------------------------

function urlResults(part: PartOf<'urlContextResult'>, ctx: CardContext): HTMLElement {
  const ok = part.results.filter((r) => isSuccess(r.status)).length;
  const failed = part.results.length - ok;
  const title = failed ? tn('card.urlPagesFailed', ok, formatNumber(failed)) : tn('card.urlPages', ok);
  return card(part.kind, failed || part.isError ? 'codicon-warning' : 'codicon-link', title, ctx, () => list(part.results.map((r) => {
    const row = el('span', 'url-result');
    const good = isSuccess(r.status);
    const icon = el('span', `codicon ${good ? 'codicon-check' : 'codicon-warning'}`);
    icon.setAttribute('aria-hidden', 'true');
    const status = el('span', good ? 'status ok' : 'status failed');
    status.textContent = statusLabel(r.status);
    row.append(icon, linkish(r.url ?? t('card.unknownUrl')), status);
    return row;
  })), { error: part.isError });
}

function searchResult(part: PartOf<'searchResult'>, ctx: CardContext): HTMLElement {
  return card(part.kind, 'codicon-search', t('card.searchResults'), ctx, () => {
    const body = el('div');
    if (part.suggestionsHtml.length) {
      // Google requires its search suggestions to be shown; they are sanitised like all model output.
      const s = el('div', 'search-suggestions');
      s.setAttribute('aria-label', t('card.suggestionsLabel'));
      for (const html of part.suggestionsHtml) s.append(sanitizeToFragment(html));
      body.append(label(t('card.suggestions')), s);
    }
    return body;
  }, { error: part.isError, open: true });
}

function mediaCard(media: Media, ctx: CardContext): HTMLElement {
  const box = el('figure', `part media ${media.type}`);
  const src = media.data && media.mimeType ? `data:${media.mimeType};base64,${media.data}` : undefined;
  const name = media.name ?? `${media.type}${media.mimeType ? ` (${media.mimeType})` : ''}`;
  const displayable = media.type === 'image' && /^image\/(png|jpe?g|gif|webp)$/i.test(media.mimeType ?? '');
  const alt = media.name ? t('card.generatedImageNamed', media.name) : t('card.generatedImage');
  const caption = el('figcaption');
  if (src && displayable) {
    const img = el('img', 'media-image');
    img.src = src;
    img.alt = alt;
    box.append(img);
  } else if (media.ref && !media.data && displayable) {
    // A reopened conversation: the bytes come when the image scrolls near (Copy appears then).
    box.append(lazyImage({ ref: media.ref, mimeType: media.mimeType, width: media.width, height: media.height }, alt, (url) => caption.append(copyButton(url))));
  } else if (src && (media.type === 'audio' || media.type === 'video')) {
    const player = el(media.type, 'media-player');
    player.controls = true;
    player.src = src;
    player.setAttribute('aria-label', name);
    box.append(player);
  } else {
    const i = el('span', `codicon ${media.type === 'document' ? 'codicon-file' : 'codicon-file-media'}`);
    i.setAttribute('aria-hidden', 'true');
    box.append(i);
  }
  const info = el('span', 'media-info');
  const bytes = media.data ? Math.floor(media.data.length * 3 / 4) : media.ref ? media.sizeBytes : undefined;
  info.textContent = [name, bytes !== undefined ? formatSize(bytes) : media.uri].filter(Boolean).join(' · ');
  caption.append(info);
  if (media.data || media.ref) {
    const save = button(t('card.saveMedia'), 'save-media', 'codicon-save', true);
    // Where it was saved (or why not) shows beside the button, and is read out (role=status).
    const saved = el('span', 'media-saved');
    saved.setAttribute('role', 'status');
    save.addEventListener('click', () => void saveMedia(ctx, save, saved));
    caption.append(save, saved);
  }
  if (src && media.type === 'image') caption.append(copyButton(src));
  box.append(caption);
  return box;
}

function copyButton(src: string): HTMLButtonElement {
  const copy = button(t('card.copyImage'), 'copy-media', 'codicon-copy');
  copy.addEventListener('click', () => void copyImage(src, copy));
  return copy;
}

async function saveMedia(ctx: { turnId: string; index: number }, save: HTMLButtonElement, status: HTMLElement): Promise<void> {
  // aria-disabled, not disabled: a disabled button would drop the keyboard focus to <body>.
  if (save.getAttribute('aria-disabled') === 'true') return;
  save.setAttribute('aria-disabled', 'true');
  status.textContent = '';
  const outcome = await request({ type: 'saveMedia', turnId: ctx.turnId, index: ctx.index }).outcome;
  save.removeAttribute('aria-disabled');
  if ('result' in outcome) status.textContent = outcome.result.savedTo ? t('card.savedTo', outcome.result.savedTo) : '';
  else if ('error' in outcome) status.textContent = t('card.notSaved', outcome.error);
}

async function copyImage(src: string, b: HTMLButtonElement): Promise<void> {
  try {
    // Clipboards take PNG; convert other formats through a canvas.
    const blob = await (await fetch(src)).blob();
    const png = blob.type === 'image/png' ? blob : await toPng(src);
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
    flash(b, t('card.copiedImage'));
  } catch {
    flash(b, t('card.copyFailed'));
  }
}

async function toPng(src: string): Promise<Blob> {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  canvas.getContext('2d')!.drawImage(img, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
}

function flash(b: HTMLButtonElement, text: string): void {
  const old = b.getAttribute('aria-label') ?? '';
  b.setAttribute('aria-label', text);
  b.title = text;
  setTimeout(() => { b.setAttribute('aria-label', old); b.title = old; }, 1500);
}

// ---- building blocks ---------------------------------------------------------------------------------

function card(kind: string, icon: string, title: string, ctx: CardContext, body: () => HTMLElement,
  opts: { error?: boolean; open?: boolean } = {}): HTMLElement {
  const d = el('details', `part card ${kind}${opts.error ? ' error' : ''}`);
  d.dataset.cardKey = `${ctx.turnId}:${ctx.index}`;
  // Results the user reads (output, suggestions) start open; calls start collapsed unless expanded before.
  d.open = ctx.expanded || !!opts.open;
  const s = el('summary');
  const i = el('span', `codicon ${icon}`);
  i.setAttribute('aria-hidden', 'true');
  const t = el('span', 'card-title');
  t.textContent = title;
  s.append(i, t);
  const b = el('div', 'card-body');
  b.append(body());
  d.append(s, b);
  d.addEventListener('toggle', () => ctx.onToggle(d.open));
  // Sanitised links carry data-href: they open through the host, after a click, like links in text.
  b.addEventListener('click', (e) => openLinkFrom(e));
  b.addEventListener('keydown', (e) => { if (e.key === 'Enter') openLinkFrom(e); });
  return d;
}

function openLinkFrom(e: Event): void {
  const a = (e.target as HTMLElement).closest<HTMLElement>('[data-href]');
  if (!a) return;
  e.preventDefault();
  e.stopPropagation();
  post({ type: 'openLink', url: a.dataset.href!, text: linkText(a) });
}

function pre(text: string, language?: string): HTMLElement {
  const p = el('pre', 'card-pre');
  const c = el('code');
  if (language) c.dataset.lang = language.toLowerCase();
  c.textContent = text;
  p.append(c);
  return p;
}

function list(items: HTMLElement[]): HTMLElement {
  const ul = el('ul', 'card-list');
  for (const item of items) {
    const li = el('li');
    li.append(item);
    ul.append(li);
  }
  return ul;
}

/** A URL shown as a link that opens through the host (http/https only), else as text. */
function linkish(url: string, title?: string): HTMLElement {
  if (!/^https?:\/\//i.test(url)) return textSpan(title ? `${title} (${url})` : url);
  const a = el('a', 'card-link');
  a.dataset.href = url;
  a.setAttribute('role', 'link');
  a.tabIndex = 0;
  a.title = url;
  a.textContent = title && title !== url ? `${title} — ${url}` : url;
  return a;
}

function textSpan(text: string): HTMLElement {
  const s = el('span');
  s.textContent = text;
  return s;
}

function label(text: string): HTMLElement {
  const l = el('div', 'card-label');
  l.textContent = text;
  return l;
}

function note(text: string): HTMLElement {
  const n = el('div', 'card-note');
  n.textContent = text;
  return n;
}

function fields(rows: [string, string | undefined][]): HTMLElement {
  const dl = el('dl', 'card-fields');
  for (const [k, v] of rows) {
    if (!v) continue;
    const dt = el('dt');
    dt.textContent = k;
    const dd = el('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  return dl;
}

/** Arguments as the model sent them, with invisible and direction-changing characters shown as escapes. */
function prettyJson(text: string, parsed?: unknown): string {
  let out: string;
  try {
    out = JSON.stringify(parsed !== undefined ? parsed : JSON.parse(text), null, 2);
  } catch {
    out = text;
  }
  return escapeInvisible(out, 'text');
}

function isSuccess(status: string | undefined): boolean {
  return !status || /success/i.test(status);
}

function statusLabel(status: string | undefined): string {
  if (!status) return t('card.retrieved');
  return status.replace(/^URL_RETRIEVAL_STATUS_/i, '').replace(/_/g, ' ').toLowerCase();
}

function toolLabel(tool: string): string {
  if (/mcp/i.test(tool)) return t('card.mcpTool');
  const key = ({ google_maps: 'card.googleMaps', file_search: 'card.fileSearch', retrieval: 'card.retrieval', tool_search: 'card.toolSearch' } as const)[tool as 'google_maps'];
  return t(key ?? 'card.tool');
}
