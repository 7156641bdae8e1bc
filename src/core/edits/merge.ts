// Turning a code block into a proposed new file content. A block that is the whole file is the proposal;
// a fragment is merged into the file by a small second request (same model, store: false), whose answer
// is one fenced block with the complete file. Pure apart from the API it is given.
import type { InteractionsApi } from '../gemini/client';
import { buildCreateBody } from '../gemini/requests';
import { StreamTranslator } from '../gemini/stream/streamTranslator';
import { classifyError } from '../gemini/errors';
import { fenceFor } from '../editor/prompts';
import { fencedBlocks } from './fencedBlocks';

const lines = (s: string): number => (s.length ? s.split('\n').length : 0);

/** Lines such as "// ... existing code ...", "# ...", "(rest unchanged)": the block leaves parts of the file out. */
const ELISION = /^\s*(?:\/\/|#|--|\/\*|<!--|\*)?\s*(?:\.{3}|…)(?:.*(?:existing|unchanged|rest|same|omitted|code|remaining).*)?\s*(?:\*\/|-->)?\s*$|^\s*(?:\/\/|#|--|\/\*|<!--)\s*(?:\.{3}\s*)?(?:existing code|rest of (?:the )?(?:file|code)|unchanged)(?:.*)?(?:\*\/|-->)?\s*$/i;

/**
 * True when the block is a fragment of the file rather than its new whole content: it marks elided code,
 * or it is much shorter than the file. A new file (no current text) is never a fragment.
 */
export function isFragment(code: string, current: string | undefined): boolean {
  if (current === undefined || !current.trim()) return false;
  if (code.split('\n').some((l) => ELISION.test(l))) return true;
  return lines(code.trimEnd()) < 0.6 * lines(current.trimEnd());
}

/** The instruction and input of the merge request. The file and fragment are data, fenced. */
export function mergePrompt(path: string, current: string, fragment: string): string {
  const fence = fenceFor(current + '\n' + fragment);
  return [
    `Merge the code fragment below into the file ${JSON.stringify(path)} and reply with the complete updated file only,`,
    'in a single fenced code block, with no explanation. Keep everything the fragment does not change exactly as it is.',
    'Where the fragment says code is left out (for example "// ... existing code ..."), keep the file\'s code there.',
    '',
    `Current file ${JSON.stringify(path)}:`,
    `${fence}`,
    current,
    `${fence}`,
    '',
    'Fragment to merge:',
    `${fence}`,
    fragment,
    `${fence}`,
  ].join('\n');
}

/** The merged file from the answer: the longest fenced block, else the whole answer. */
export function extractMergedFile(answer: string): string | undefined {
  const best = fencedBlocks(answer).sort((a, b) => b.length - a.length)[0];
  const text = best ?? answer.trim();
  return text ? text + '\n' : undefined;
}

export interface MergeRequest {
  model: string;
  path: string;
  current: string;
  fragment: string;
}

/** The request body of a merge: a one-off, not stored, without the chat's tools. */
export function mergeBody(r: MergeRequest): Record<string, unknown> {
  return buildCreateBody({
    settings: { model: r.model, store: false, tools: {} },
    input: [{ kind: 'text', text: mergePrompt(r.path, r.current, r.fragment) }],
  });
}

export class MergeError extends Error {}

/**
 * Streams the merge; `onProgress` gets the characters received so far. Rejects with MergeError on an API
 * error or an empty answer; an abort rejects with the signal's reason (the caller shows "cancelled").
 */
export async function mergeFragment(api: InteractionsApi, r: MergeRequest, signal: AbortSignal, onProgress: (chars: number) => void): Promise<string> {
  const translator = new StreamTranslator({ warn: () => {} });
  let text = '';
  try {
    const stream = await api.createStream(mergeBody(r), signal);
    for await (const ev of stream) {
      for (const e of translator.feed(ev)) {
        if (e.type === 'text') { text += e.text; onProgress(text.length); }
        else if (e.type === 'part' && e.part.kind === 'text') { text += e.part.text; onProgress(text.length); }
        else if (e.type === 'error' && e.fatal) throw new MergeError(`The merge request failed: ${e.message}`);
      }
    }
  } catch (e) {
    if (signal.aborted || e instanceof MergeError) throw e;
    throw new MergeError(`The merge request failed: ${classifyError(e).message}`);
  }
  const merged = extractMergedFile(text);
  if (!merged) throw new MergeError('The merge request returned no code.');
  return merged;
}
