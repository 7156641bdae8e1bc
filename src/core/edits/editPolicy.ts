// What a proposed edit may touch: files inside the workspace, not in the folders tools must never write
// (version control, editor settings, dependencies), text only, and not too big to review.

export const MAX_EDIT_BYTES = 1024 * 1024;

const PROTECTED_SEGMENTS = new Set(['.git', '.vscode', 'node_modules']);

/** Why a workspace-relative path may not be edited, or undefined when it may. */
export function editPathProblem(relative: string): string | undefined {
  const segs = relative.replace(/\\/g, '/').split('/').filter(Boolean);
  if (!segs.length) return 'Refused: that is the workspace folder itself, not a file.';
  const hit = segs.find((s) => PROTECTED_SEGMENTS.has(s.toLowerCase()));
  if (hit) return `Refused: files inside ${hit}/ are never edited.`;
  return undefined;
}

/** Why these bytes may not be replaced by a text proposal, or undefined. */
export function editContentProblem(bytes: Uint8Array, relative: string): string | undefined {
  if (bytes.byteLength > MAX_EDIT_BYTES) return `Refused: ${relative} is larger than ${MAX_EDIT_BYTES / 1024 / 1024} MiB.`;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return `Refused: ${relative} is a binary file.`;
  return undefined;
}
