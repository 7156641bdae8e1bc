// What a proposed edit may touch: files inside the workspace, not in the places that run code or steer the
// model (version control, editor settings, dependencies, CI workflows, git hooks, dev containers, direnv,
// workspace files, the rules files), text only, and not too big to review. The path checked is the REAL one
// (see editTarget.ts): a link named `git.ini` that leads to `.git/config` is refused as `.git/config`.

export const MAX_EDIT_BYTES = 1024 * 1024;

/** Folders never written, wherever they are in the path. */
const PROTECTED_SEGMENTS = new Set(['.git', '.vscode', 'node_modules', '.husky', '.devcontainer']);
/** Folders never written at these workspace-relative places (lower case). */
const PROTECTED_PREFIXES = ['.github/workflows'];

/**
 * A path segment as Windows would open it: trailing dots and spaces are dropped there, so `.git.` and `.git `
 * reach `.git`; compared in lower case (case-insensitive file systems).
 */
function canonicalSegment(s: string): string {
  return s.replace(/[. ]+$/, '').toLowerCase() || s;
}

/**
 * Why a workspace-relative path may not be edited, or undefined when it may. `rulesFiles` are the
 * workspace-relative rules files (AGENTS.md …): a model that edits one plants instructions for every later turn.
 */
export function editPathProblem(relative: string, rulesFiles: readonly string[] = []): string | undefined {
  const segs = relative.replace(/\\/g, '/').split('/').filter(Boolean);
  if (!segs.length) return 'Refused: that is the workspace folder itself, not a file.';
  const canon = segs.map(canonicalSegment);
  const hit = canon.find((s) => PROTECTED_SEGMENTS.has(s));
  if (hit) return `Refused: files inside ${hit}/ are never edited.`;
  const joined = canon.join('/');
  const prefix = PROTECTED_PREFIXES.find((p) => joined === p || joined.startsWith(`${p}/`));
  if (prefix) return `Refused: files inside ${prefix}/ are never edited (they run code).`;
  const name = canon[canon.length - 1];
  if (name.endsWith('.code-workspace')) return 'Refused: workspace files (*.code-workspace) are never edited (they hold settings and tasks).';
  if (name === '.envrc') return 'Refused: .envrc is never edited (direnv runs it).';
  const rules = new Set(rulesFiles.map((r) => r.replace(/\\/g, '/').split('/').filter(Boolean).map(canonicalSegment).join('/')));
  if (rules.has(joined)) return `Refused: ${segs.join('/')} is a rules file; it steers every later answer, so tools never edit it.`;
  return undefined;
}

/** Why these bytes may not be replaced by a text proposal, or undefined. */
export function editContentProblem(bytes: Uint8Array, relative: string): string | undefined {
  if (bytes.byteLength > MAX_EDIT_BYTES) return `Refused: ${relative} is larger than ${MAX_EDIT_BYTES / 1024 / 1024} MiB.`;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return `Refused: ${relative} is a binary file.`;
  return undefined;
}
