// search_text's matching: the model's pattern runs on the extension host's main thread, so it runs in
// RE2 (re2js: an automaton, linear in the input by construction, no backtracking), never in JavaScript's
// RegExp, where `(.*.*)*#` on one line takes seconds. A time budget and the abort signal are checked between
// lines, so Stop ends a search of a large workspace.
import { RE2JS } from 're2js';

// User-visible sentences, in one place (to be routed through vscode.l10n.t later).
export const SEARCH_MESSAGES = {
  badPattern: (why: string) => `The regular expression is not supported: ${why}. Patterns use RE2 syntax (no backreferences or lookahead).`,
  timeUp: (seconds: number) => `[The search stopped after ${seconds} s; narrow it with include or a more specific pattern.]`,
  stopped: '[The search was stopped.]',
};

export interface LineMatcher {
  test(line: string): boolean;
}

/** A literal query matches case-insensitively; a regex one as written, in RE2 syntax. */
export function compileQuery(query: string, isRegex: boolean): LineMatcher {
  if (!isRegex) {
    const needle = query.toLowerCase();
    return { test: (line) => line.toLowerCase().includes(needle) };
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(query);
  } catch (e) {
    throw new Error(SEARCH_MESSAGES.badPattern(String((e as Error).message).replace(/^error parsing regexp: /, '')), { cause: e });
  }
  return { test: (line) => re.test(line) };
}

/** Lines longer than this are cut before matching (and shown cut): bounded work per line. */
export const MAX_LINE_CHARS = 2000;

export interface SearchBudget {
  /** Date.now() after which the search stops. */
  deadline: number;
  signal?: AbortSignal;
  now?: () => number;
}

export type SearchEnd = 'more' | 'full' | 'timeout' | 'aborted';

/**
 * Adds `rel:line: text` for each matching line of `text` to `hits` until there are more than `max`.
 * Returns why it stopped: 'more' (the file is done, go on), 'full', 'timeout' or 'aborted'.
 */
export function searchLines(rel: string, text: string, matcher: LineMatcher, hits: string[], max: number, budget: SearchBudget): SearchEnd {
  const now = budget.now ?? Date.now;
  let start = 0;
  for (let i = 0; start <= text.length; i++) {
    // Checked every 256 lines: cheap, and still within milliseconds.
    if ((i & 255) === 0) {
      if (budget.signal?.aborted) return 'aborted';
      if (now() > budget.deadline) return 'timeout';
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    if (matcher.test(line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line)) {
      hits.push(`${rel}:${i + 1}: ${line.trim().slice(0, 300)}`);
      if (hits.length > max) return 'full';
    }
    if (end === text.length) break;
  }
  return 'more';
}
