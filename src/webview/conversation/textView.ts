// How a model text part is shown: streamed markdown. The answer is split into top-level blocks
// (markdown/blocks.ts); a finished block is rendered once and never touched again, and per frame only
// the last, growing block is re-rendered — or, for an open code fence, the new code is appended as
// text (highlighting happens once, when the fence closes). Deltas are collected and applied once per
// animation frame, within the frame budget of frameScheduler.ts, so work follows what the screen can
// show, not how many messages arrived; and it stays proportional to the new text and the one open
// block, never to the whole answer. A long table or list is split into blocks too (at rows and items):
// the rows or items of a block that continues one are moved into the <table> (as another <tbody>) or
// list of the block that began it, so it stays one table with one header row, or one list, for the eye
// and for a screen reader. A block that cannot be split (one long paragraph, say) is re-rendered at an
// interval that grows with what its last render cost (RenderPacer, frameScheduler.ts); the text that
// arrives in between is shown as it is, in an element of its own, and the final text is always rendered.
import type { Citation } from '../../core/conversation/types';
import { linkTitle } from '../../core/panel/links';
import { el } from '../shared/dom';
import { installLinkHandler } from '../shared/links';
import { post } from '../shared/host';
import { BlockSplitter, type Block, type Continuation } from './markdown/blocks';
import { codeBlockShell, renderMarkdown } from './markdown/render';
import { SAFE_LINK } from '../shared/sanitize';
import { t } from '../shared/i18n';
import { APPLY_SLICE, FRAME_BUDGET_MS, RenderPacer, applyAtNextFrame, stopWaiting, type PendingText } from './frameScheduler';

export interface TextView {
  readonly element: HTMLElement;
  /** A streamed delta (shown at the next frame). */
  append(delta: string): void;
  /** The part was replaced wholesale (or citations arrived). */
  update(text: string, citations?: Citation[]): void;
  /**
   * The turn ended: no more deltas. What is left is drawn within the frame budget, the rest over the
   * next frames; `drawn` runs once all of it is on screen (at once when it fit).
   */
  finish(drawn?: () => void): void;
}

export function createTextView(text: string, citations?: Citation[]): TextView {
  return new MarkdownTextView(text, citations);
}

// Links in text, citations and cards all open through the host (one listener for the whole view).
installLinkHandler();

/**
 * The open block is re-rendered once this many characters arrived since its last render, or when a
 * line ends; smaller additions within a line are appended as text until then. Rendering a block costs
 * about the same whether 1 or 100 characters were added, so this cuts the work per streamed paragraph
 * several times while the text itself still appears at once.
 */
const RERENDER_CHARS = 200;
const CHUNK = 24;

/** A new line group in a streaming code element; returns its text node. */
function codeGroup(code: HTMLElement): Text {
  const group = el('span', 'code-lines');
  const text = document.createTextNode('');
  group.append(text);
  code.append(group);
  return text;
}

/** Appends raw text at the end of the last text-holding element of a rendered block. */
function appendRaw(target: HTMLElement, text: string): void {
  let at: Element = target;
  for (let last = at.lastElementChild; last && /^(P|LI|TD|TH|H[1-6]|BLOCKQUOTE|UL|OL|TABLE|THEAD|TBODY|TR)$/.test(last.tagName); last = at.lastElementChild) at = last;
  if (/^(UL|OL|TABLE|THEAD|TBODY|TR)$/.test(at.tagName)) at = target;
  at.append(text);
}

/** The open fence being streamed as plain text into a code block's <code>. */
interface StreamingCode {
  code: HTMLElement;
  /** The last line group; earlier groups are complete. */
  text: Text;
  /** Lines in `text`. */
  lines: number;
  shown: number;
}

/**
 * Streamed code goes into groups of this many lines, each its own block: the browser then lays out
 * only the group that grows, not the whole block so far, per delta.
 */
const CODE_GROUP_LINES = 16;

class MarkdownTextView implements TextView, PendingText {
  readonly element: HTMLElement;
  private readonly blocksEl: HTMLElement;
  private citationsEl: HTMLElement | undefined;
  private splitter = new BlockSplitter();
  /** Element showing the open block, and the text it shows. */
  private tailEl: HTMLElement | undefined;
  private tailShown = '';
  private code: StreamingCode | undefined;
  /** Characters appended to the tail as raw text since it was last rendered. */
  private rawSince = 0;
  /**
   * Raw text held back by the pacer goes here, in an element of its own after the open block's content:
   * the browser then lays out only this, not a long paragraph or table, per frame.
   */
  private pacedRaw: Text | undefined;
  private chunk: HTMLElement | undefined;
  private chunkSize = 0;
  private citationKey = '';
  /** The <table> or list that blocks continuing one add their rows or items to. */
  private structure: HTMLElement | undefined;
  /** Element of the last finished block (where a table or list that gets continued ends). */
  private lastDone: HTMLElement | undefined;
  /** What the open block added to `structure` when it was last rendered (taken out before it renders again). */
  private tailMoved: Element[] = [];
  /** Deltas received since the last frame. */
  private pending: string[] = [];
  /** Set by finish() until the remainder is drawn: what to call then. */
  private finishing: (() => void) | undefined;
  /** Spaces out re-renders of the open block by their cost (a block that cannot be split). */
  private readonly pacer = new RenderPacer();
  /** Renders the open block once its wait is over, when text shown as plain text is waiting for it. */
  private pacedRender: ReturnType<typeof setTimeout> | undefined;

  constructor(text: string, citations?: Citation[]) {
    this.element = el('div', 'part text markdown');
    this.blocksEl = el('div', 'blocks');
    this.element.append(this.blocksEl);
    if (text) this.show(text);
    if (citations?.length) this.renderCitations(citations);
  }

  /** Shows text at once (a stored answer, or a part replaced wholesale). */
  private show(text: string): void {
    this.commit(this.splitter.push(text));
    this.renderTail();
  }

  append(delta: string): void {
    if (!delta) return;
    this.pending.push(delta);
    applyAtNextFrame(this);
  }

  /** Shows the deltas received since the last frame, until `deadline`; true when none are left. */
  applyPending(deadline = Infinity): boolean {
    const done = this.applyDeltas(deadline);
    if (!this.finishing || !done) return done;
    // The turn ended and every delta is shown: the last block is rendered as complete.
    this.commit(this.splitter.end());
    this.code = undefined;
    this.renderTail(true);
    const drawn = this.finishing;
    this.finishing = undefined;
    drawn();
    return true;
  }

  private applyDeltas(deadline: number): boolean {
    if (!this.pending.length) return true;
    let text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    // The clock is read before each slice: a second caller in a frame whose budget is spent applies none.
    while (text) {
      if (performance.now() >= deadline) {
        this.pending = [text];
        break;
      }
      const slice = deadline === Infinity ? text : text.slice(0, APPLY_SLICE);
      text = text.slice(slice.length);
      this.commit(this.splitter.push(slice));
    }
    // Finishing with more to come: the open block is rendered once, at the end, not per frame.
    if (!this.finishing || !this.pending.length) this.renderTail();
    return this.pending.length === 0;
  }

  update(text: string, citations?: Citation[]): void {
    this.applyDeltas(Infinity);
    const shown = this.splitter.all;
    if (text !== shown) {
      if (text.startsWith(shown)) this.show(text.slice(shown.length));
      else {
        this.splitter = new BlockSplitter();
        this.blocksEl.replaceChildren();
        this.endStructure();
        this.lastDone = undefined;
        this.tailMoved = [];
        this.chunk = undefined;
        this.rawSince = 0;
        this.pacedRaw = undefined;
        this.tailEl = undefined;
        this.tailShown = '';
        this.code = undefined;
        this.pacer.reset();
        this.show(text);
      }
    }
    if (citations) this.renderCitations(citations);
  }

  finish(drawn: () => void = () => {}): void {
    const earlier = this.finishing;
    this.finishing = earlier ? () => { earlier(); drawn(); } : drawn;
    // As much as this frame's budget allows now (all of it, for most answers); the rest at the next frames.
    stopWaiting(this);
    if (!this.applyPending(performance.now() + FRAME_BUDGET_MS)) applyAtNextFrame(this);
  }

  /** Renders the blocks the splitter finished; the first of them is the one the tail element shows. */
  private commit(done: Block[]): void {
    for (const block of done) {
      const target = this.tailEl ?? this.newBlockElement();
      this.tailEl = undefined;
      this.code = undefined;
      if (this.tailShown !== block.text || target.dataset.streaming) this.renderBlock(target, block.text, block.continues);
      // Rows or items it moved into the table or list stay there for good.
      this.tailMoved = [];
      if (!block.continues) this.endStructure();
      this.lastDone = target;
      delete target.dataset.streaming;
      target.classList.add('done');
      this.tailShown = '';
      this.rawSince = 0;
      this.pacedRaw = undefined;
      // The next open block starts small: it owes nothing to the wait of the one that just ended.
      this.pacer.reset();
    }
  }

  /**
   * The table or list the last finished block ends with, now continued. While it grows, its block (and
   * chunk) are not `done`: off-screen skipping would keep their old size.
   */
  private beginStructure(kind: Continuation['kind']): HTMLElement | undefined {
    const into = structureAtEnd(this.lastDone, kind);
    for (const e of [this.lastDone, this.lastDone?.parentElement]) e?.classList.remove('done');
    return into;
  }

  /** The table or list is complete: its block and chunk are `done` again (the chunk if it is not the open one). */
  private endStructure(): void {
    const block = this.structure?.closest('.md-block');
    block?.classList.add('done');
    if (block?.parentElement && block.parentElement !== this.chunk) block.parentElement.classList.add('done');
    this.structure = undefined;
  }

  /**
   * Renders a block into its element. One that continues a table or list has its rows (a <tbody>) or
   * items moved into that table or list; whatever follows them in the block stays in its own element.
   */
  private renderBlock(target: HTMLElement, text: string, cont: Continuation | undefined): void {
    for (const n of this.tailMoved) n.remove();
    this.tailMoved = [];
    const fragment = renderMarkdown(cont?.kind === 'table' ? cont.head + text : text);
    if (cont) {
      const into = this.structure ??= this.beginStructure(cont.kind);
      const first = fragment.firstElementChild;
      if (into && first?.tagName === into.tagName) {
        const moved = Array.from(first.children).filter((c) => cont.kind === 'list' || c.tagName === 'TBODY');
        into.append(...moved);
        first.remove();
        this.tailMoved = moved;
      }
      // Else the table or list is not where it should be (it cannot happen): the block shows on its own.
    }
    target.replaceChildren(fragment);
  }

  /** `final`: the text is complete, so render it properly whatever the batching says. */
  private renderTail(final = false): void {
    const tail = this.splitter.tail;
    if (!tail.trim()) {
      this.tailEl?.replaceChildren();
      this.pacedRaw = undefined;
      for (const n of this.tailMoved) n.remove();
      this.tailMoved = [];
      this.tailShown = '';
      return;
    }
    const target = this.tailEl ??= this.newBlockElement();
    const fence = this.splitter.openFence;
    // A fence left open at the end is rendered (and highlighted) as markdown like any other block.
    if (fence && !final) {
      this.streamCode(target, tail, fence.codeStart, fence.language);
      return;
    }
    if (this.code || target.dataset.streaming) {
      // The fence closed or turned out not to be one: render the block properly from now on.
      this.code = undefined;
      delete target.dataset.streaming;
      this.tailShown = '';
    }
    if (tail === this.tailShown) return;
    const added = tail.length - this.tailShown.length - this.rawSince;
    const wait = final ? 0 : this.pacer.wait();
    if (!final && this.tailShown && (wait > 0 || (this.rawSince + added < RERENDER_CHARS && !tail.includes('\n', tail.length - this.rawSince - added - 1)))) {
      // A few more characters in the same line, or the block's last render was too recent for its cost:
      // show them as text now, format them with the next render. Into the last row or item the open
      // block moved into a table or list, if that is all it shows.
      const text = tail.slice(tail.length - added);
      if (wait > 0 || this.pacedRaw) {
        if (!this.pacedRaw) {
          const raw = el('div', 'md-raw');
          this.pacedRaw = document.createTextNode('');
          raw.append(this.pacedRaw);
          target.append(raw);
        }
        this.pacedRaw.appendData(text);
      } else {
        const last = this.tailMoved[this.tailMoved.length - 1];
        appendRaw(last instanceof HTMLElement && !target.firstElementChild ? last : target, text);
      }
      this.rawSince += added;
      // If no more text comes, the block is still formatted once its wait is over.
      if (wait > 0 && !this.pacedRender) {
        this.pacedRender = setTimeout(() => {
          this.pacedRender = undefined;
          if (!this.finishing) this.renderTail();
        }, wait);
      }
      return;
    }
    this.pacer.time(() => this.renderBlock(target, tail, this.splitter.tailContinues));
    this.tailShown = tail;
    this.rawSince = 0;
    this.pacedRaw = undefined;
  }

  /** An open fence: append the new code as text; no markdown, no highlighting until it closes. */
  private streamCode(target: HTMLElement, tail: string, codeStart: number, language: string): void {
    if (!this.code) {
      const shell = codeBlockShell(language);
      const pre = el('pre');
      const code = el('code', language ? `hljs language-${language}` : 'hljs');
      pre.append(code);
      shell.element.append(pre);
      target.replaceChildren(shell.element);
      this.pacedRaw = undefined;
      target.dataset.streaming = 'code';
      this.code = { code, text: codeGroup(code), lines: 0, shown: 0 };
      this.tailShown = '';
    }
    let end = tail.length;
    // Hide a closing fence that is still arriving (a partial last line of only ` or ~).
    const lastLine = tail.lastIndexOf('\n') + 1;
    if (lastLine >= codeStart && /^\s*[`~]+$/.test(tail.slice(lastLine))) end = lastLine;
    const c = this.code;
    let from = codeStart + c.shown;
    const to = codeStart + Math.max(c.shown, end - codeStart);
    while (from < to) {
      const nl = tail.indexOf('\n', from);
      const stop = nl >= 0 && nl < to ? nl + 1 : to;
      c.text.appendData(tail.slice(from, stop));
      from = stop;
      if (stop === nl + 1 && ++c.lines >= CODE_GROUP_LINES && from < to) {
        c.text = codeGroup(c.code);
        c.lines = 0;
      }
    }
    c.shown = to - codeStart;
  }

  private newBlockElement(): HTMLElement {
    // Blocks go into chunks of CHUNK: layout and off-screen skipping (content-visibility) then work
    // on a few dozen children at each level instead of every block of a long answer.
    if (!this.chunk || this.chunkSize >= CHUNK) {
      // Not while it holds a table or list that is still growing (see beginStructure).
      if (this.chunk && !(this.structure && this.chunk.contains(this.structure))) this.chunk.classList.add('done');
      this.chunk = el('div', 'md-chunk');
      this.chunkSize = 0;
      this.blocksEl.append(this.chunk);
    }
    const b = el('div', 'md-block');
    this.chunk.append(b);
    this.chunkSize++;
    return b;
  }

  /** Numbered, deduplicated source links under the text; they open through the host. */
  private renderCitations(citations: Citation[]): void {
    const seen = new Map<string, { title: string; file?: Citation }>();
    for (const c of citations) {
      const url = c.url?.trim();
      if (!url || seen.has(url)) continue;
      seen.set(url, { title: c.title?.trim() || hostOf(url) || url, ...(c.path ? { file: c } : {}) });
    }
    const key = JSON.stringify([...seen].map(([u, v]) => [u, v.title]));
    if (key === this.citationKey) return;
    this.citationKey = key;
    this.citationsEl?.remove();
    this.citationsEl = undefined;
    if (!seen.size) return;
    const box = el('div', 'citations');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t('sources.label'));
    const head = el('div', 'citations-title');
    head.textContent = t('sources.label');
    const list = el('ol', 'citations-list');
    for (const [url, { title, file }] of seen) {
      const li = el('li');
      const link = el('span', 'citation');
      link.textContent = title;
      if (file?.path) {
        // A file of the codebase index: opens in the editor at the cited lines (the host finds them).
        link.title = t('sources.openFile', file.path);
        link.setAttribute('role', 'link');
        link.tabIndex = 0;
        link.classList.add('citation-file');
        const open = () => post({ type: 'openCitation', path: file.path!, ...(file.quote ? { quote: file.quote } : {}), ...(file.sha256 ? { sha256: file.sha256 } : {}) });
        link.addEventListener('click', open);
        link.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); open(); } });
        li.append(link);
        list.append(li);
        continue;
      }
      link.title = linkTitle(url) ?? url;
      if (SAFE_LINK.test(url)) {
        link.setAttribute('data-href', url);
        link.setAttribute('role', 'link');
        link.tabIndex = 0;
      }
      const host = hostOf(url);
      if (host && host !== title) {
        const h = el('span', 'citation-host');
        h.textContent = ` ${host}`;
        li.append(link, h);
      } else li.append(link);
      list.append(li);
    }
    box.append(head, list);
    this.citationsEl = box;
    this.element.append(box);
  }
}

/** The <table> or list a finished block ends with, which the next block continues. */
function structureAtEnd(block: HTMLElement | undefined, kind: Continuation['kind']): HTMLElement | undefined {
  const last = block?.lastElementChild;
  if (!(last instanceof HTMLElement)) return undefined;
  return (kind === 'table' ? last.tagName === 'TABLE' : last.tagName === 'UL' || last.tagName === 'OL') ? last : undefined;
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return ''; }
}
