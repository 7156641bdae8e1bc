// Text written into an exported Markdown file that a Markdown preview can show without loading anything:
// no raw HTML (every `<` outside code is written `&lt;`), no images from the text (`![…](…)` and `![…][ref]`
// become plain links: `\![…](…)`), and no fenced block that outlives the text it came from (one left open
// is closed at its end). Code keeps its `<` as it is: fenced blocks are copied as they are, and so are
// code spans that CommonMark pairs the same way whatever surrounds them (on one line, and in a table cell
// when the line may be a table row); every other backtick is escaped, so the reader pairs no span but
// these. Where this reading could differ from a real parser's, it escapes more, never less.
// One pass over the lines and one over each line: linear on any input.

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
/** ASCII punctuation: what a backslash escapes in CommonMark. */
const PUNCTUATION = /[!-/:-@[-`{-~]/;

interface OpenFence { char: string; length: number; indent: number }

/** A model's (or a workspace's) Markdown, made inert for an exported file. */
export function inertMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: OpenFence | undefined;
  let table = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) {
        // Written with the opener's indentation: a closing line indented further would still close here but
        // not for a parser that sees the block inside a list item (or the other way round).
        out.push(' '.repeat(fence.indent) + line.trimStart());
        fence = undefined;
      } else {
        out.push(indentAtLeast(line, fence.indent));
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[2]![0] === '`' && open[3]!.includes('`'))) {
      fence = { char: open[2]![0]!, length: open[2]!.length, indent: open[1]!.length };
      table = false;
      out.push(line);
      continue;
    }
    if (!line.trim()) {
      table = false;
      out.push(line);
      continue;
    }
    // A table runs from the row above its delimiter row to the next blank line; its cells are split at
    // every `|` before code spans are paired (GFM does so even inside a span).
    if (!table && i + 1 < lines.length && delimiterRow(lines[i + 1]!)) table = true;
    const text = noTildeFence(line);
    out.push(table ? text.split('|').map(inertSpan).join('|') : inertSpan(text));
  }
  if (fence) {
    // The text's last line break is not a line of code.
    if (out.length > 1 && out.at(-1) === '') out.pop();
    out.push(' '.repeat(fence.indent) + fence.char.repeat(fence.length));
  }
  return out.join('\n');
}

/** Text for one line of an exported file (a title, a name, a query): no code, no HTML, no image. */
export function inertInline(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`<]|!(?=\[)/g, (c) => (c === '<' ? '&lt;' : `\\${c}`));
}

/**
 * Lines inside a fence keep at least the opener's indentation, so that the block ends where this reading
 * ends it even when a parser sees it inside a list item (a less indented line would end the item, and the
 * block with it). Within a fence of that indentation a parser strips it again: the code reads the same.
 */
function indentAtLeast(line: string, indent: number): string {
  if (!indent || !line.trim()) return line;
  let lead = 0;
  while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t')) lead++;
  return lead < indent ? ' '.repeat(indent - lead) + line : line;
}

/** A line that may be a table's delimiter row (lenient: a few more lines are split at pipes than GFM would). */
function delimiterRow(line: string): boolean {
  const rest = line.replace(/^[ \t>]+/, '');
  return rest.includes('-') && /^[ \t|:-]+$/.test(rest);
}

/** A line that is no fence here (indented four or more) may not open one for a parser either. */
function noTildeFence(line: string): string {
  const lead = line.length - line.trimStart().length;
  return line.startsWith('~~~', lead) ? `${line.slice(0, lead)}\\${line.slice(lead)}` : line;
}

/** One line (or table cell): code spans kept, other backticks escaped, `<` as `&lt;`, `![` as `\![`. */
function inertSpan(s: string): string {
  // The maximal backtick runs, and for each the next run of the same length (its closer, as CommonMark pairs them).
  const runs: { start: number; length: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '`') continue;
    const start = i;
    while (s[i + 1] === '`') i++;
    runs.push({ start, length: i - start + 1 });
  }
  const closer: (number | undefined)[] = new Array(runs.length);
  const nextOfLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    closer[r] = nextOfLength.get(runs[r]!.length);
    nextOfLength.set(runs[r]!.length, r);
  }
  let out = '';
  let r = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && PUNCTUATION.test(s[i + 1]!)) {
      out += c + s[i + 1];
      i += 2;
      // An escaped backtick: the rest of its run is escaped too (it opens nothing).
      if (s[i - 1] === '`') while (s[i] === '`') { out += '\\`'; i++; }
      continue;
    }
    if (c === '`') {
      while (runs[r]!.start < i) r++;
      const { length } = runs[r]!;
      const close = closer[r];
      if (close !== undefined) {
        const end = runs[close]!.start + length;
        out += s.slice(i, end);
        i = end;
      } else {
        out += '\\`'.repeat(length);
        i += length;
      }
      continue;
    }
    if (c === '<') out += '&lt;';
    else if (c === '!' && s[i + 1] === '[') out += '\\!';
    else out += c;
    i++;
  }
  return out;
}
