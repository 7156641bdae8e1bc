// Which workspace files the codebase index uploads: text files under a size cap, never files that look like
// secrets (by name, before any byte is read), binaries (a NUL byte in the first 8 KB, or a known binary
// extension), lock files or minified bundles (noise that would crowd real code out of retrieval). What the
// user's and the repository's ignore rules exclude (.gitignore, files.exclude, search.exclude, index.exclude) is
// decided by the host before this; this module decides what no setting can turn on.
import { looksLikeSecretFile } from '../util/secretFiles';

/** Larger files are left out: they are rarely what a question is about, and each costs indexing tokens. */
export const MAX_INDEX_FILE_BYTES = 1024 * 1024;
/** How much of a file is read to tell text from binary. */
export const SNIFF_BYTES = 8 * 1024;

export type Exclusion = 'secret' | 'binary' | 'tooLarge' | 'generated' | 'empty';

const BINARY_EXT = /\.(png|jpe?g|gif|bmp|ico|webp|avif|tiff?|psd|mp[34]|m4a|wav|ogg|flac|webm|mov|avi|mkv|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|exe|dll|so|dylib|o|a|lib|obj|wasm|bin|dat|db|sqlite3?|woff2?|ttf|otf|eot|pyc|node|vsix|iso|dmg|pkg|deb|rpm)$/i;
const GENERATED = [/(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|composer\.lock|Gemfile\.lock|go\.sum)$/i, /\.min\.(js|css)$/i, /\.map$/i];

/** Why a file is left out by its path and size alone (undefined: read its head and ask `isBinaryHead`). */
export function excludedByName(relPath: string, size: number): Exclusion | undefined {
  if (looksLikeSecretFile(relPath)) return 'secret';
  if (BINARY_EXT.test(relPath)) return 'binary';
  if (GENERATED.some((re) => re.test(relPath))) return 'generated';
  if (size > MAX_INDEX_FILE_BYTES) return 'tooLarge';
  if (size === 0) return 'empty';
  return undefined;
}

/** A NUL byte in the first bytes: not text. */
export function isBinaryHead(head: Uint8Array): boolean {
  const n = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (head[i] === 0) return true;
  return false;
}

/** The mime type a text document is uploaded as (the service chunks by type; code is plain text to it). */
export function indexMimeType(relPath: string): string {
  if (/\.(md|markdown)$/i.test(relPath)) return 'text/markdown';
  if (/\.html?$/i.test(relPath)) return 'text/html';
  if (/\.json$/i.test(relPath)) return 'application/json';
  return 'text/plain';
}
