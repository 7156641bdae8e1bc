// Search of the conversation list: every word of the query must appear (AND) in the title or in the text
// of the user and model turns, compared case- and accent-insensitively ("ete" finds "Été"). Each
// conversation is folded once when its text arrives, so a keystroke is only indexOf over folded strings,
// and a query that extends the previous one searches only the previous hits. Pure: no DOM, no vscode.

/** A range of the original (unfolded) string, to highlight. */
export interface MarkRange { start: number; end: number }

export interface SearchSnippet {
  /** A short excerpt of the conversation text around its first hit. */
  text: string;
  marks: MarkRange[];
  /** Text was cut before / after the excerpt (the view shows an ellipsis). */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface SearchHit {
  readonly id: string;
  /** Where the query words are in the title. */
  readonly titleMarks: MarkRange[];
  /** Only when some word is not in the title (the conversation matches by its text). */
  readonly snippet?: SearchSnippet;
}

/** A string folded for matching, with where each folded character came from when positions moved. */
export interface Folded {
  text: string;
  /** folded index → original index (one entry more than `text.length`); absent when they are equal. */
  map?: Int32Array;
}

const NON_ASCII = /[^\x00-\x7f]/gu;
const COMBINING = /\p{M}/gu;
const charCache = new Map<string, string>();

function foldChar(ch: string): string {
  let f = charCache.get(ch);
  if (f === undefined) {
    // NFD splits "é" into "e" + U+0301; the combining marks go, then the case.
    f = ch.normalize('NFD').replace(COMBINING, '').toLowerCase();
    if (charCache.size < 50_000) charCache.set(ch, f);
  }
  return f;
}

/** Lower case, without diacritics; keeps a position map only when a character changed length. */
export function fold(s: string): Folded {
  let moved = false;
  const text = s.replace(NON_ASCII, (ch) => {
    const f = foldChar(ch);
    if (f.length !== ch.length) moved = true;
    return f;
  }).toLowerCase();
  if (!moved) return { text };
  const map = new Int32Array(text.length + 1);
  let o = 0;
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const f = cp < 0x80 ? 1 : foldChar(s.slice(i, i + len)).length;
    for (let k = 0; k < f; k++) map[o++] = i;
    i += len;
  }
  map[o] = s.length;
  return { text, map };
}

/** The distinct folded words of a query (empty: no filter). */
export function queryWords(query: string): string[] {
  return [...new Set(fold(query).text.split(/\s+/).filter(Boolean))];
}

interface Entry {
  id: string;
  title: string;
  text: string;
  foldedTitle: Folded;
  foldedText?: Folded;
}

const SNIPPET_BEFORE = 40;
const SNIPPET_AFTER = 100;

export class HistorySearch {
  private readonly entries = new Map<string, Entry>();
  /** The last query and what it matched, to narrow the next keystroke's search. */
  private last: { query: string; ids: string[] } | undefined;

  get size(): number { return this.entries.size; }

  has(id: string): boolean { return this.entries.has(id); }

  /** Adds or replaces a conversation; its text is folded on its first search, not here. */
  set(id: string, title: string, text: string): void {
    const old = this.entries.get(id);
    if (old && old.title === title && old.text === text) return;
    this.entries.set(id, { id, title, text, foldedTitle: old?.title === title ? old.foldedTitle : fold(title) });
    this.last = undefined;
  }

  setTitle(id: string, title: string): void {
    const e = this.entries.get(id);
    if (e) this.set(id, title, e.text);
    else this.set(id, title, '');
  }

  /** Folds texts not folded yet until `deadline` (performance.now()); true once all are done. */
  foldPending(deadline: number, now: () => number): boolean {
    for (const e of this.entries.values()) {
      if (e.foldedText) continue;
      if (now() >= deadline) return false;
      e.foldedText = fold(e.text);
    }
    return true;
  }

  remove(id: string): void {
    if (this.entries.delete(id)) this.last = undefined;
  }

  /** Forgets every conversation not in `ids` (deleted elsewhere). */
  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.remove(id);
  }

  /** The conversations that match every word, by id; undefined for an empty query (no filter). */
  search(query: string): Map<string, SearchHit> | undefined {
    const words = queryWords(query);
    if (!words.length) {
      this.last = undefined;
      return undefined;
    }
    // Every word of a query that extends the previous one contains one of its words: hits can only shrink.
    const candidates = this.last && query.startsWith(this.last.query) ? this.last.ids : this.entries.keys();
    const hits = new Map<string, SearchHit>();
    for (const id of candidates) {
      const e = this.entries.get(id);
      if (!e) continue;
      const hit = match(e, words);
      if (hit) hits.set(id, hit);
    }
    this.last = { query, ids: [...hits.keys()] };
    return hits;
  }
}

function match(e: Entry, words: string[]): SearchHit | undefined {
  const title = e.foldedTitle.text;
  let first = -1;
  for (const w of words) {
    if (title.includes(w)) continue;
    e.foldedText ??= fold(e.text);
    const at = e.foldedText.text.indexOf(w);
    if (at < 0) return undefined;
    if (first < 0 || at < first) first = at;
  }
  return new Hit(e, words, first);
}

/** Marks and snippet are worked out when the view asks (it shows only part of a long list at once). */
class Hit implements SearchHit {
  private marks: MarkRange[] | undefined;
  private cut: SearchSnippet | undefined;
  constructor(private readonly e: Entry, private readonly words: string[], private readonly firstInText: number) {}
  get id(): string { return this.e.id; }
  get titleMarks(): MarkRange[] {
    return this.marks ??= marksIn(this.e.foldedTitle, this.words, 0, this.e.foldedTitle.text.length);
  }
  get snippet(): SearchSnippet | undefined {
    if (this.firstInText < 0) return undefined;
    return this.cut ??= snippet(this.e, this.words, this.firstInText);
  }
}

/** Where the words are in folded[from, to), as merged ranges of the original string. */
function marksIn(f: Folded, words: string[], from: number, to: number): MarkRange[] {
  const found: [number, number][] = [];
  for (const w of words) {
    for (let at = f.text.indexOf(w, from); at >= 0 && at + w.length <= to; at = f.text.indexOf(w, at + w.length)) {
      found.push([at, at + w.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const marks: MarkRange[] = [];
  for (const [s, e] of found) {
    const start = orig(f, s);
    const end = orig(f, e);
    const last = marks.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else marks.push({ start, end });
  }
  return marks;
}

function snippet(e: Entry, words: string[], first: number): SearchSnippet {
  const f = e.foldedText!;
  let from = Math.max(0, first - SNIPPET_BEFORE);
  let to = Math.min(f.text.length, first + SNIPPET_AFTER);
  // Whole words at both ends, when a space is near.
  if (from > 0) {
    const space = f.text.indexOf(' ', from);
    if (space >= 0 && space < first) from = space + 1;
  }
  if (to < f.text.length) {
    const space = f.text.lastIndexOf(' ', to);
    if (space > first) to = space;
  }
  const start = orig(f, from);
  const end = orig(f, to);
  const marks = marksIn(f, words, from, to).map((m) => ({ start: m.start - start, end: m.end - start }));
  return { text: e.text.slice(start, end), marks, cutStart: from > 0, cutEnd: to < f.text.length };
}

function orig(f: Folded, i: number): number {
  return f.map ? f.map[i] : i;
}

/** Splits `text` into plain and marked pieces (the view appends them as text nodes and <mark>s). */
export function markPieces(text: string, marks: readonly MarkRange[]): { text: string; marked: boolean }[] {
  const pieces: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start > at) pieces.push({ text: text.slice(at, m.start), marked: false });
    if (m.end > m.start) pieces.push({ text: text.slice(m.start, m.end), marked: true });
    at = Math.max(at, m.end);
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
