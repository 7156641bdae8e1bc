// Export of a conversation: Markdown a person reads (turns, code blocks as they were, tool activity as text,
// citations as links, images as files beside it) or JSON a program reads (the transcript with its
// interaction ids, without the opaque wire copies).
import { mediaFileName } from '../panel/mediaFiles';
import type { ConversationData, Media, ModelTurn, Part } from '../conversation/types';
import { fenceFor } from '../editor/prompts';

export interface ExportedFile { name: string; data: string; mimeType?: string }

export interface MarkdownExport {
  markdown: string;
  /** Media to write beside the Markdown file, in the folder `mediaFolder` the Markdown links to. */
  files: ExportedFile[];
}

const fenced = (code: string, lang = '') => { const f = fenceFor(code); return `${f}${lang}\n${code.replace(/\n$/, '')}\n${f}`; };
const quoteLines = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');
/** Markdown link text and targets: brackets and parentheses escaped so a title cannot break the link. */
const linkText = (t: string) => t.replace(/[[\]\\]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
const linkTarget = (u: string) => u.replace(/[()\s]/g, (c) => encodeURIComponent(c));

export function conversationToMarkdown(data: ConversationData, mediaFolder: string): MarkdownExport {
  const files: ExportedFile[] = [];
  const out: string[] = [`# ${data.title || 'Gemini conversation'}`, ''];
  for (const turn of data.turns) {
    if (turn.role === 'user') {
      out.push('## You', '', turn.text);
      if (turn.attachments?.length) out.push('', ...turn.attachments.map((a) => `- Attached: ${a.name} (${a.mimeType})`));
      out.push('');
      continue;
    }
    out.push(`## Gemini (${turn.model})`, '');
    for (const part of turn.parts) {
      const text = partMarkdown(part, (m) => {
        const name = `${String(files.length + 1).padStart(3, '0')}-${mediaFileName(m)}`;
        if (m.data) files.push({ name, data: m.data, ...(m.mimeType ? { mimeType: m.mimeType } : {}) });
        return m.data ? `${mediaFolder}/${name}` : m.uri;
      });
      if (text) out.push(text, '');
    }
    const sources = citations(turn);
    if (sources.length) out.push('Sources:', '', ...sources.map((s, i) => `${i + 1}. [${linkText(s.title ?? s.url)}](${linkTarget(s.url)})`), '');
    if (turn.error) out.push(`> **Error:** ${turn.error.message}`, '');
    if (turn.state === 'stopped') out.push('_(stopped before the answer finished)_', '');
  }
  return { markdown: out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n', files };
}

function partMarkdown(part: Part, media: (m: Media) => string | undefined): string | undefined {
  switch (part.kind) {
    case 'text': return part.text;
    case 'thought': return part.text ? `<details><summary>Thoughts</summary>\n\n${part.text}\n\n</details>` : undefined;
    case 'codeCall': return `**Code execution** (${part.language ?? 'code'}):\n\n${fenced(part.code, (part.language ?? '').toLowerCase())}`;
    case 'codeResult': return `**Code output**${part.isError ? ' (error)' : ''}:\n\n${fenced(part.output)}`;
    case 'functionCall': return `**Tool call** \`${part.name}\`:\n\n${fenced(part.argsText, 'json')}`;
    case 'functionResult': return `**Tool result** \`${part.name ?? part.callId}\`${part.isError ? ' (error)' : ''}:\n\n${fenced(part.result)}`;
    case 'searchCall': return `**Google Search:** ${part.queries.map((q) => `“${q}”`).join(', ')}`;
    case 'searchResult': return undefined; // its sources are listed under the answer
    case 'urlContextCall': return `**Reading:** ${part.urls.join(', ')}`;
    case 'urlContextResult': return part.results.map((r) => `- ${r.url ?? '?'}: ${r.status ?? ''}`).join('\n');
    case 'toolCall': return `**${part.tool}**${part.name ? ` \`${part.name}\`` : ''}${part.server ? ` (${part.server})` : ''}${part.argsText ? `:\n\n${fenced(part.argsText, 'json')}` : ''}`;
    case 'toolResult': return `**${part.tool} result**${part.isError ? ' (error)' : ''}:\n\n${quoteLines(part.result)}`;
    case 'media': {
      const target = media(part.media);
      if (!target) return undefined;
      return part.media.type === 'image' ? `![${linkText(part.media.name ?? 'image')}](${linkTarget(target)})` : `[${linkText(part.media.name ?? part.media.type)}](${linkTarget(target)})`;
    }
    case 'unsupported': return `_(${part.wireType} not shown)_`;
  }
}

function citations(turn: ModelTurn): { url: string; title?: string }[] {
  const seen = new Map<string, string | undefined>();
  for (const p of turn.parts) if (p.kind === 'text') for (const c of p.citations ?? []) if (c.url && !seen.has(c.url)) seen.set(c.url, c.title);
  return [...seen].map(([url, title]) => ({ url, ...(title ? { title } : {}) }));
}

/** The transcript as JSON: turns with their interaction ids, without the wire copies (opaque and large). */
export function conversationToJson(data: ConversationData): string {
  const turns = data.turns.map((t) => {
    const { wire: _wire, ...rest } = t as typeof t & { wire?: unknown };
    return rest;
  });
  return JSON.stringify({ format: 'gemini-interactions-conversation', version: 1, id: data.id, title: data.title,
    createdAt: new Date(data.createdAt).toISOString(), updatedAt: new Date(data.updatedAt).toISOString(),
    lastInteractionId: data.lastInteractionId, turns }, null, 2) + '\n';
}

