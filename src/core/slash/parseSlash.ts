// Slash commands typed in the chat box, parsed on the host: `/json <schema file> [input]`,
// `/image <prompt>`, `/research <question>`. Anything else is an ordinary message. Also small helpers
// of those features (saved image extension, research progress line).

import { englishMessages, type Messages } from '../l10n/coreStrings';

export type SlashCommand =
  | { kind: 'json'; schemaPath: string; input: string }
  | { kind: 'image'; prompt: string }
  | { kind: 'research'; question: string }
  | { kind: 'invalid'; message: string };

export function parseSlash(text: string, msg: Messages = englishMessages): SlashCommand | undefined {
  const m = /^\/(json|image|research)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return undefined;
  const rest = (m[2] ?? '').trim();
  switch (m[1]) {
    case 'json': {
      if (!rest) return { kind: 'invalid', message: msg.t('usageJson') };
      const q = /^(?:"([^"]+)"|'([^']+)'|(\S+))\s*([\s\S]*)$/.exec(rest)!;
      return { kind: 'json', schemaPath: q[1] ?? q[2] ?? q[3], input: q[4].trim() };
    }
    case 'image':
      return rest ? { kind: 'image', prompt: rest } : { kind: 'invalid', message: msg.t('usageImage') };
    default:
      return rest ? { kind: 'research', question: rest } : { kind: 'invalid', message: msg.t('usageResearch') };
  }
}

/** File extension for a saved image, from its MIME type. */
export function imageExtension(mimeType: string | undefined): string {
  switch ((mimeType ?? '').toLowerCase()) {
    case 'image/jpeg': case 'image/jpg': return 'jpg';
    case 'image/webp': return 'webp';
    case 'image/gif': return 'gif';
    default: return 'png';
  }
}

/** The heading of a thought summary, for progress lines: "**Searching sources**\n\nI am…" → "Searching sources". */
export function summaryHeading(text: string): string {
  // The last paragraph that starts with bold text (indexOf, not a split on /\n{2,}(?=\*\*)/, which is
  // quadratic on a long run of newlines), looked at only near its start: linear in the summary.
  const at = text.lastIndexOf('\n\n**');
  const last = (at >= 0 ? text.slice(at + 2) : text).slice(0, 2000);
  const bold = /\*\*([^*]+)\*\*/.exec(last);
  const line = (bold ? bold[1] : last.split('\n')[0]).trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
