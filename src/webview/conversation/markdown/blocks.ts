// Splits a streamed markdown answer into top-level blocks, incrementally. A block ends at a blank line
// outside fenced code (unless the next line continues a list), and a top-level fence is a block of its
// own. Finished blocks never change again, so the renderer parses each of them once; only the last,
// growing block is re-rendered per delta. Pure: no DOM, unit-tested in Node.
//
// A table or a tight list has no blank lines, so it would be one block re-rendered whole per delta:
// O(n²) for a long one. Once such a block holds CHUNK_LINES lines it is also split, before a row or
// a sibling item; the next block then `continues` the structure, and the renderer adds its rows or items
// to the same <table> or list (a table chunk is parsed after the table's header and delimiter rows, so
// its cells get the same columns and alignment). A split is only made where markdown-it would go on
// with the same table or list, so the result reads the same as the whole block rendered at once.
// Where that is not obvious from the line alone (an item after a lazy continuation line, say), the item
// is parsed by markdown-it itself before the split, once: the cost stays proportional to the text.
//
// Only complete lines are classified; the partial last line simply belongs to the open block. Work per
// push is proportional to the delta (plus the one partial line it completes).

import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/** A finished block, and whether it continues the table or list the block before it ended with. */
export interface Block {
  text: string;
  continues?: Continuation;
}

/** `head`: the table's header and delimiter rows, to parse a chunk of its rows with. */
export type Continuation = { kind: 'table'; head: string } | { kind: 'list' };

/** A table or list block is split at a row or item once it holds this many lines or characters. */
export const CHUNK_LINES = 16;
const CHUNK_CHARS = 4000;

export interface OpenFence {
  /** Offset in `tail` where the code starts (after the opening line). */
  codeStart: number;
  /** The info string's first word ("ts", "python"), lower-cased; '' when none. */
  language: string;
}

/**
 * markdown-it's block parser with the options of the renderer (render.ts) that matter to blocks: raw
 * HTML off. Only used to check a doubtful list item (block rules only; no inline parsing).
 */
const parser = new MarkdownIt({ html: false });

/**
 * markdown-it ends a table once its rows have left out this many cells in all (MAX_AUTOCOMPLETED_CELLS
 * in its table rule): the count runs over the whole table, so a chunk cannot see it by itself.
 */
const MAX_AUTOCOMPLETED_CELLS = 0x10000;

const FENCE_OPEN = /^( *)(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
const BLANK = /^[ \t]*\r?$/;
const HR = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*\r?$/;

/** Leading whitespace in columns (a tab goes to the next multiple of 4), as markdown-it counts it. */
function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

/** Cells of a table line, split at unescaped pipes, without the empty ends (markdown-it's escapedSplit). */
function cells(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '|' && line[i - 1] !== '\\') { out.push(current); current = ''; } else current += ch;
  }
  out.push(current);
  if (out.length && out[0].trim() === '') out.shift();
  if (out.length && out[out.length - 1].trim() === '') out.pop();
  return out;
}

/** `header` and `delimiter` start a table, by markdown-it's rules (column counts must match). */
export function startsTable(header: string, delimiter: string): boolean {
  if (indentOf(header) >= 4 || indentOf(delimiter) >= 4) return false;
  const d = delimiter.replace(/\r$/, '').trimStart();
  if (d.length < 2 || !/^[|:-]/.test(d) || !/^.[|:\- \t]/.test(d) || /^-[ \t]/.test(d) || !/^[|:\- \t]*$/.test(d)) return false;
  const columns = d.split('|');
  let aligns = 0;
  for (let i = 0; i < columns.length; i++) {
    const t = columns[i].trim();
    if (!t) {
      if (i === 0 || i === columns.length - 1) continue;
      return false;
    }
    if (!/^:?-+:?$/.test(t)) return false;
    aligns++;
  }
  const h = header.trim();
  return h.includes('|') && aligns > 0 && cells(h).length === aligns;
}

/**
 * A line markdown-it takes as one more row of a top-level table: it ends a table only at a blank line,
 * indented code or the start of a quote, fence, rule, list or heading (its table terminators). An HTML
 * block is one of them too, but with raw HTML off (`html: false`) it never starts, so a row that begins
 * with `<` is a row like any other. Doubtful lines (a ``` with a backtick after it) count as not.
 */
function isTableRow(line: string): boolean {
  if (BLANK.test(line) || indentOf(line) >= 4) return false;
  const t = line.trimStart();
  return !/^(>|#{1,6}(\s|$)|`{3}|~{3})/.test(t) && !LIST_ITEM.test(line) && !HR.test(line);
}

/** Whether markdown-it parses `text` as one list whose last item starts on its last line. */
function oneListToLastLine(text: string): boolean {
  const src = text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
  const lastLine = src.split('\n').length - 1;
  const tokens: Token[] = [];
  parser.block.parse(src, parser, {}, tokens);
  let lists = 0;
  let lastItem = -1;
  for (const t of tokens) {
    if (t.level === 0 && t.nesting !== -1) {
      if (t.nesting === 0 || !t.type.endsWith('_list_open') || ++lists > 1) return false;
    }
    if (t.level === 1 && t.type === 'list_item_open') lastItem = t.map?.[0] ?? -1;
  }
  return lists === 1 && lastItem === lastLine;
}

/**
 * A list item line: its indentation, marker ("-", "*", "+", or "." / ")" for ordered items) and the
 * column its content starts at (what a line must be indented by to belong to the item).
 */
interface ListShape { indent: number; marker: string; content: number; ok: boolean }

/** The open block's list, while it may be split: its current item, and whether that item is doubtful. */
interface OpenList extends ListShape {
  /** Offset in `text` of the current item's first line. */
  itemStart: number;
  /**
   * The current item has a line the list's shape does not tell about: less indented than its content
   * (a lazy continuation line, an item at another indentation or with another marker, a line that ends
   * the list), a fence, or it is empty (a blank line may then end it). At the next item, markdown-it
   * says whether the list goes on; if not, the block is not split any further.
   */
  doubt: boolean;
}

function listShape(line: string): (ListShape & { empty: boolean }) | undefined {
  const m = /^( {0,3})([-*+]|\d{1,9}([.)]))( {0,4})(\S|$)/.exec(line.replace(/\r$/, ''));
  if (!m || HR.test(line) || (m[4] === '' && m[5] !== '')) return undefined;
  const spaces = m[5] === '' || m[4].length > 4 ? 1 : m[4].length;
  return { indent: m[1].length, marker: m[3] ?? m[2], content: m[1].length + m[2].length + spaces, ok: true, empty: m[5] === '' };
}

/**
 * A list item whose extent markdown-it must confirm: an empty one (a blank line after it ends it) or
 * one whose first line opens a fence (which ends at a less indented line, or at a closing line).
 */
function doubtfulItem(line: string, shape: { empty: boolean }): boolean {
  return shape.empty || /`{3}|~{3}/.test(line);
}

export class BlockSplitter {
  /** The text from the open block on; finished blocks are dropped from it, so scanning never copies them. */
  private text = '';
  /** The text before `text` (finished blocks), for `all`. */
  private before: string[] = [];
  /** Start of the first line not yet classified (the partial last line). */
  private lineStart = 0;
  /** Start of the open block. */
  private blockStart = 0;
  /** The open block has a non-blank line. */
  private hasContent = false;
  /** A blank line followed the open block's last content line. */
  private blankSeen = false;
  private isList = false;
  private fence: { marker: string; length: number; indented: boolean; codeStart: number; language: string } | undefined;
  /** The open block's top-level fence has closed: whatever follows starts a new block. */
  private fenceClosed = false;
  /** Lines in the open block. */
  private blockLines = 0;
  /** The previous line of the open block (for a table header), when it was an ordinary line. */
  private prev: { text: string; start: number } | undefined;
  /**
   * The open block is (a chunk of) a top-level table; `ok` until a line that is not a row. `columns`:
   * its header's; `missing`: cells its rows left out so far (less those they added), as markdown-it counts.
   */
  private table: { head: string; ok: boolean; columns: number; missing: number } | undefined;
  /** The open block is (a chunk of) a list; `ok` while it may still be split before a sibling item. */
  private list: OpenList | undefined;
  /** The open block continues the previous block's table or list. */
  private cont: Continuation | undefined;

  /** Appends a delta; returns the blocks it finished, in order. */
  push(delta: string): Block[] {
    const done: Block[] = [];
    this.text += delta;
    let nl = this.text.indexOf('\n', this.lineStart);
    while (nl >= 0) {
      this.line(this.text.slice(this.lineStart, nl), this.lineStart, nl + 1, done);
      this.lineStart = nl + 1;
      nl = this.text.indexOf('\n', this.lineStart);
    }
    // The partial line already tells whether it starts a new block unless a list might continue:
    // splitting now keeps the finished block (a table, a highlighted fence) from being re-rendered.
    if (!this.fence && this.hasContent && (this.blankSeen || this.fenceClosed) && !this.isList
      && /\S/.test(this.text.slice(this.lineStart))) {
      this.finish(this.lineStart, done);
      this.hasContent = false;
      this.blankSeen = false;
      this.fenceClosed = false;
    }
    this.compact();
    return done;
  }

  /** Drops everything before the open block from the buffer (offsets move with it). */
  private compact(): void {
    const cut = this.blockStart;
    if (cut === 0) return;
    this.before.push(this.text.slice(0, cut));
    this.text = this.text.slice(cut);
    this.lineStart -= cut;
    this.blockStart = 0;
    if (this.fence) this.fence.codeStart -= cut;
    if (this.prev) this.prev.start -= cut;
    if (this.list) this.list.itemStart -= cut;
  }

  /** Ends the open block at `end`; the next one continues its table or list when `next` says so. */
  private finish(end: number, done: Block[], next?: Continuation): void {
    const text = this.text.slice(this.blockStart, end);
    done.push(this.cont ? { text, continues: this.cont } : { text });
    this.blockStart = end;
    this.blockLines = 0;
    this.cont = next;
    if (!next) {
      this.table = undefined;
      this.list = undefined;
      this.prev = undefined;
    }
  }

  /** The text is complete: classifies the partial last line too; returns the blocks that finishes. */
  end(): Block[] {
    const done: Block[] = [];
    if (this.lineStart < this.text.length) {
      this.line(this.text.slice(this.lineStart), this.lineStart, this.text.length, done);
      this.lineStart = this.text.length;
    }
    this.compact();
    return done;
  }

  /** The open (last) block's text, including the partial last line. */
  get tail(): string {
    return this.text.slice(this.blockStart);
  }

  /** Set when the open block continues the previous block's table or list. */
  get tailContinues(): Continuation | undefined {
    return this.cont;
  }

  /** Set while the open block is a top-level fenced code block that has not closed yet. */
  get openFence(): OpenFence | undefined {
    const f = this.fence;
    if (!f || f.indented) return undefined;
    return { codeStart: f.codeStart - this.blockStart, language: f.language };
  }

  /** Everything pushed so far. */
  get all(): string {
    if (this.before.length > 1) this.before = [this.before.join('')];
    return (this.before[0] ?? '') + this.text;
  }

  private line(line: string, start: number, next: number, done: Block[]): void {
    if (this.fence) {
      this.blockLines++;
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === this.fence.marker && close[1].length >= this.fence.length) {
        this.fenceClosed = !this.fence.indented;
        this.fence = undefined;
      }
      return;
    }
    if (BLANK.test(line)) {
      this.prev = undefined;
      if (this.hasContent) { this.blankSeen = true; this.blockLines++; }
      else this.blockStart = next; // leading blank lines belong to no block
      return;
    }
    const open = FENCE_OPEN.exec(line);
    const fenceOpens = !!open && !(open[2][0] === '`' && open[3].includes('`'));
    const topLevelFence = fenceOpens && open![1].length <= 3 && !(this.isList && !this.blankSeen);
    if (this.hasContent) {
      const continuesList = this.blankSeen && this.isList && (/^(\s{2,}|\t)/.test(line) || LIST_ITEM.test(line));
      // A fence at the margin interrupts a paragraph anyway, so splitting before it changes nothing.
      if (this.fenceClosed || (this.blankSeen && !continuesList) || (topLevelFence && !this.isList)) {
        this.finish(start, done);
        this.hasContent = false;
      } else {
        const next = this.chunkEndsBefore(line, start);
        if (next === 'end') {
          this.finish(start, done);
          this.hasContent = false;
        } else if (next) this.finish(start, done, next);
      }
    }
    if (!this.hasContent) {
      this.isList = LIST_ITEM.test(line);
      const shape = this.isList ? listShape(line) : undefined;
      this.list = shape && { ...shape, itemStart: start, doubt: doubtfulItem(line, shape) };
      this.table = undefined;
      this.cont = undefined;
      this.hasContent = true;
    } else if (!this.table && !this.isList && this.prev && startsTable(this.prev.text, line)
      && !/^ {0,3}>/.test(this.text.slice(this.blockStart, this.blockStart + 4))) {
      // A table starts on the previous line. It interrupts a paragraph, so it can be a block of its own.
      const columns = cells(this.prev.text.trim()).length;
      if (this.prev.start > this.blockStart) {
        this.finish(this.prev.start, done);
        this.blockLines = 1;
      }
      this.table = { head: this.text.slice(this.blockStart, next), ok: true, columns, missing: 0 };
    }
    this.blockLines++;
    this.blankSeen = false;
    this.fenceClosed = false;
    this.prev = fenceOpens ? undefined : { text: line, start };
    if (fenceOpens) {
      this.fence = {
        marker: open![2][0], length: open![2].length,
        indented: start !== this.blockStart || open![1].length > 3,
        codeStart: next,
        language: open![3].trim().split(/\s+/)[0]?.toLowerCase() ?? '',
      };
      // A fence in a list item ends where markdown-it ends the item, which the closing line here may
      // not be: the item's lines are then classified by guesswork, so it is checked at the next item.
      if (this.list && this.fence.indented) this.list.doubt = true;
    }
  }

  /**
   * Whether a long table or list block ends before this line, which then starts a block continuing it:
   * only before a row of the table, or an item of the list at its first item's indentation with the
   * same marker (not across a blank line: that would change how the list is spaced). 'end': the table
   * ends before this line (markdown-it's limit on left-out cells), which starts a new block.
   */
  private chunkEndsBefore(line: string, start: number): Continuation | 'end' | undefined {
    const big = this.blockLines >= CHUNK_LINES || start - this.blockStart >= CHUNK_CHARS;
    const table = this.table;
    if (table?.ok) {
      if (!isTableRow(line)) {
        table.ok = false;
        return undefined;
      }
      table.missing += table.columns - cells(line.trim()).length;
      if (table.missing > MAX_AUTOCOMPLETED_CELLS) return 'end';
      return big ? { kind: 'table', head: table.head } : undefined;
    }
    const list = this.list;
    if (!list?.ok) return undefined;
    const item = listShape(line);
    if (item && item.indent === list.indent && item.marker === list.marker) {
      // A sibling item, unless the current item was doubtful and markdown-it ends the list before it.
      if (list.doubt && !oneListToLastLine(this.text.slice(list.itemStart, start) + line)) {
        list.ok = false;
        return undefined;
      }
      list.content = item.content;
      list.itemStart = start;
      list.doubt = doubtfulItem(line, item);
      return big && !this.blankSeen ? { kind: 'list' } : undefined;
    }
    // The item's own indented content keeps the list's shape; anything less indented (a lazy line, an
    // item at another indentation or with another marker, a heading) is checked at the next item.
    if (indentOf(line) < list.content) list.doubt = true;
    return undefined;
  }
}

/** Splits a whole text the way streaming would (for tests and one-shot rendering). */
export function splitBlocks(text: string): string[] {
  return splitBlocksWithContinuations(text).map((b) => b.text);
}

/** Like splitBlocks, with what each block continues. */
export function splitBlocksWithContinuations(text: string): Block[] {
  const s = new BlockSplitter();
  const blocks = [...s.push(text), ...s.end()];
  if (s.tail.trim()) blocks.push(s.tailContinues ? { text: s.tail, continues: s.tailContinues } : { text: s.tail });
  return blocks;
}
