// The few file operations the conversation store needs, behind an interface so tests can inject faults
// (ENOSPC, a crash after part of a write) and the store stays free of `vscode`.

export interface StorageFs {
  /** The whole file, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Appends and fsyncs. On failure a prefix of `data` may have reached the file. */
  appendFile(path: string, data: Uint8Array): Promise<void>;
  /** Creates or replaces the file and fsyncs it (callers write to a temporary name and rename). */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Atomic replace; then the folder is synced so the rename survives a power cut. */
  rename(from: string, to: string): Promise<void>;
  truncate(path: string, length: number): Promise<void>;
  /** No error when the file is already gone. */
  unlink(path: string): Promise<void>;
  /** Size in bytes, or undefined when it does not exist. */
  size(path: string): Promise<number | undefined>;
  mkdir(path: string): Promise<void>;
  /** File names in the folder ([] when it does not exist). */
  readdir(path: string): Promise<string[]>;
  /** Optional synchronous read: with it, media of an opened conversation is read when used (lazyMedia). */
  readFileSync?(path: string): Uint8Array | undefined;
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
