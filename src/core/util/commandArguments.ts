// What a public command may do with an argument that answers one of its questions (a question to ask, a
// prompt, a schema). Anything that can run a command can pass it arguments: a command link in a Markdown
// hover or preview, a task, another extension. So outside a test runner an argument only pre-fills the
// question and the user still confirms it; under a test runner (ExtensionMode.Test) a test may also ask,
// with `skipQuestion: true` in the command's options, for the argument to be taken as the answer.

export type ArgumentUse<T> =
  /** Ask the user; `prefill` is what the question starts with. */
  | { ask: true; prefill?: T }
  /** Take the argument as the answer (only a test under a test runner gets this). */
  | { ask: false; answer: T };

/** Whether a command's options ask for its questions to be skipped (honoured only under a test runner). */
export function skipRequested(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { skipQuestion?: unknown }).skipQuestion === true;
}

/** What to do with `value` (undefined: no argument) given the extension's mode and the command's options. */
export function argumentUse<T>(value: T | undefined, testMode: boolean, options: unknown): ArgumentUse<T> {
  if (value === undefined) return { ask: true };
  return testMode && skipRequested(options) ? { ask: false, answer: value } : { ask: true, prefill: value };
}
