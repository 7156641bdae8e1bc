// How many lines a text has, counted without splitting it (a trailing newline ends the last line, it does not
// start another). Attachments (a file's first part) and the edit card's counts use the same count.

export function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}
