// The one way a byte count is written for people ("512 B", "1.5 KB", "15 MB"): one decimal under 10, none
// above, binary units. Used for attachments, storage and benchmarks; the webview formats with Intl instead
// (webview/shared/i18n.ts formatSize), in the display language.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
