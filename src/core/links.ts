// Which URLs from model output the host may open (after the user clicked): web pages and mail only.
// javascript:, data:, command:, vscode:, file: and everything else are never opened.
const OPENABLE = new Set(['http:', 'https:', 'mailto:']);

/** The URL to open, normalised, or undefined when it must not be opened. */
export function openableUrl(raw: string): string | undefined {
  let url: URL;
  try { url = new URL(raw.trim()); } catch { return undefined; }
  if (!OPENABLE.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url.href;
}
