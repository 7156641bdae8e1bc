// The fenced code blocks of a model's answer, read the way the panel's markdown shows them (CommonMark: a block
// opens with ``` or ~~~, three or more, and closes with the same character at least as many times), in one pass
// over the lines. A regex with a lazy body and a back-reference is quadratic on an answer with an unclosed
// fence, and the answer is the model's to shape. An unclosed block at the end (a cut answer) is not a block.

/** The blocks' contents, in order, without their fences. */
export function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let open: { char: string; length: number; start: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!open) {
      const m = /^(`{3,}|~{3,})/.exec(line);
      // An info string after backticks may not hold a backtick (CommonMark), so "```a```" is inline code.
      if (m && !(m[1]![0] === '`' && line.slice(m[1]!.length).includes('`'))) open = { char: m[1]![0]!, length: m[1]!.length, start: i + 1 };
      continue;
    }
    const close = /^(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (close && close[1]![0] === open.char && close[1]!.length >= open.length) {
      blocks.push(lines.slice(open.start, i).join('\n'));
      open = undefined;
    }
  }
  return blocks;
}
