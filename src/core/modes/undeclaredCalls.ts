// A function call to a tool the turn's request did not declare (the model calls write_file in Plan mode, or a
// tool it remembers from an Agent turn of the same chain) is refused before any approval: the user is not asked,
// nothing runs, and the model is told why in the function result so it can go on without it.
import { MODE_NAMES, type ChatMode } from './chatModes';

/** The function result sent back for a call to `name`, which this turn (in `mode`) did not declare. */
export function undeclaredToolResult(name: string, mode: ChatMode | undefined, declared: readonly string[]): string {
  const shown = JSON.stringify(name).slice(1, -1) || '(no name)';
  const tools = declared.length ? `the tools of this turn are: ${declared.join(', ')}` : 'this turn declared no function tools';
  const where = mode ? ` in ${MODE_NAMES[mode]} mode` : ' in this request';
  const next = mode === 'plan'
    ? 'Finish the plan with what you can read; the user carries it out in Agent mode.'
    : mode === 'ask'
      ? 'Answer from what you know and what the user gave you; the user can switch to Agent mode to let you use workspace tools.'
      : 'Continue with the declared tools only.';
  return `${shown} is not available${where}: it was not run and the user was not asked (${tools}). Do not call it again. ${next}`;
}

/** Splits pending calls into those the request declared and those it did not (by function name). */
export function splitUndeclared<C extends { name: string }>(calls: readonly C[], declared: ReadonlySet<string>): { declared: C[]; undeclared: C[] } {
  const out = { declared: [] as C[], undeclared: [] as C[] };
  for (const c of calls) (declared.has(c.name) ? out.declared : out.undeclared).push(c);
  return out;
}
