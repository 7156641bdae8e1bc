// Splits a streamed markdown answer into top-level blocks, incrementally. A block ends at a blank line
// outside fenced code (unless the next line continues a list), and a top-level fence is a block of its
// own. Finished blocks never change again, so the renderer parses each of them once; only the last,
// growing block is re-rendered per delta. Pure: no DOM, unit-tested in Node.
//
// Only complete lines are classified; the partial last line simply belongs to the open block. Work per
// push is proportional to the delta (plus the one partial line it completes).

export interface OpenFence {
  /** Offset in `tail` where the code starts (after the opening line). */
  codeStart: number;
  /** The info string's first word ("ts", "python"), lower-cased; '' when none. */
  language: string;
}

const FENCE_OPEN = /^( *)(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
const BLANK = /^[ \t]*\r?$/;

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

  /** Appends a delta; returns the blocks it finished, in order. */
  push(delta: string): string[] {
    const done: string[] = [];
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
      done.push(this.text.slice(this.blockStart, this.lineStart));
      this.blockStart = this.lineStart;
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
  }

  /** The text is complete: classifies the partial last line too; returns the blocks that finishes. */
  end(): string[] {
    const done: string[] = [];
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

  private line(line: string, start: number, next: number, done: string[]): void {
    if (this.fence) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === this.fence.marker && close[1].length >= this.fence.length) {
        this.fenceClosed = !this.fence.indented;
        this.fence = undefined;
      }
      return;
    }
    if (BLANK.test(line)) {
      if (this.hasContent) this.blankSeen = true;
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
        done.push(this.text.slice(this.blockStart, start));
        this.blockStart = start;
        this.hasContent = false;
      }
    }
    if (!this.hasContent) {
      this.isList = LIST_ITEM.test(line);
      this.hasContent = true;
    }
    this.blankSeen = false;
    this.fenceClosed = false;
    if (fenceOpens) {
      this.fence = {
        marker: open![2][0], length: open![2].length,
        indented: start !== this.blockStart || open![1].length > 3,
        codeStart: next,
        language: open![3].trim().split(/\s+/)[0]?.toLowerCase() ?? '',
      };
    }
  }
}

/** Splits a whole text the way streaming would (for tests and one-shot rendering). */
export function splitBlocks(text: string): string[] {
  const s = new BlockSplitter();
  const blocks = [...s.push(text), ...s.end()];
  if (s.tail.trim()) blocks.push(s.tail);
  return blocks;
}
