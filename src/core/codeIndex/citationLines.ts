// Where a citation from the codebase index points in the file as it is now: the service cites a document and a
// span of the answer, not lines, so the cited text (a quote of the chunk) is looked up in the current file. Fenced
// code markers and list bullets around the quote are dropped; the longest quoted line anchors the match, and the
// range grows over the quote's neighbouring lines that match too. Undefined when the file no longer has it.

/** Lines of a quote worth matching: without fences, bullets and blank lines, trimmed. */
function quoteLines(quote: string): string[] {
  return quote.split('\n').map((l) => l.replace(/^\s*(?:[-*+]\s+|>\s?)/, '').trim()).filter((l) => l && !/^(```|~~~)/.test(l));
}

/** 1-based first and last line of the quote in `fileText`, or undefined. */
export function locateQuote(fileText: string, quote: string): { startLine: number; endLine: number } | undefined {
  const wanted = quoteLines(quote);
  if (!wanted.length) return undefined;
  const lines = fileText.split('\n').map((l) => l.trim());
  // Anchor on the longest quoted line (the most specific), then extend over its neighbours in the quote.
  const anchorIndex = wanted.reduce((best, l, i) => (l.length > wanted[best]!.length ? i : best), 0);
  const anchor = wanted[anchorIndex]!;
  for (let at = lines.indexOf(anchor); at >= 0; at = lines.indexOf(anchor, at + 1)) {
    let start = at;
    let end = at;
    for (let k = anchorIndex - 1, i = at - 1; k >= 0 && i >= 0 && lines[i] === wanted[k]; k--, i--) start = i;
    for (let k = anchorIndex + 1, i = at + 1; k < wanted.length && i < lines.length && lines[i] === wanted[k]; k++, i++) end = i;
    return { startLine: start + 1, endLine: end + 1 };
  }
  // A quote cut mid-line: the anchor as a substring of a line.
  const partial = lines.findIndex((l) => anchor.length >= 12 && l.includes(anchor));
  return partial >= 0 ? { startLine: partial + 1, endLine: partial + 1 } : undefined;
}
