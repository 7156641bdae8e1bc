// Which URIs the chat view may hand the host to attach. A drop from the Explorer or an editor tab names a
// file on the disk or in a workspace folder's own file system; any other scheme (the user's settings in
// `vscode-userdata:`, another extension's file system, `untitled:`, web links) is something the view has
// no reason to send, so the host refuses it and says so. Pure: the host passes what it knows.

export type DroppedUriDecision =
  /** A file on the disk or in a workspace folder's file system: checked and read as any attachment. */
  | { accept: true; asFile: boolean }
  /** Refused: `scheme` is what the URI named ('' when it is not a URI at all). */
  | { accept: false; scheme: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/**
 * `folderSchemes`: the schemes of the workspace folders. `remote`: the extension host runs on a remote
 * machine (code-server, SSH, WSL…), where the workbench names that machine's files `vscode-remote://host/path`
 * and the host names them `file:///path`: such a URI is accepted as the local file (`asFile`), then checked
 * like one (real path, inside the workspace).
 */
export function decideDroppedUri(raw: string, opts: { folderSchemes: readonly string[]; remote: boolean }): DroppedUriDecision {
  const m = SCHEME.exec(raw.trim());
  if (!m) return { accept: false, scheme: '' };
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'file') return { accept: true, asFile: false };
  if (opts.folderSchemes.some((s) => s.toLowerCase() === scheme)) return { accept: true, asFile: false };
  if (scheme === 'vscode-remote' && opts.remote && opts.folderSchemes.includes('file')) return { accept: true, asFile: true };
  return { accept: false, scheme };
}
