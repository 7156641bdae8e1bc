// Export of a conversation: Markdown a person reads (turns, code blocks as they were, tool activity as text,
// citations as links, images as files beside it) or JSON a program reads (the transcript with its
// interaction ids, without the opaque wire copies). The Markdown is inert in a preview: text from the model,
// the workspace or a server has no HTML and no images of its own (inertMarkdown.ts), thoughts and tool
// results are quotes every line of which is marked, and only the images written beside the file are shown.
import { mediaFileName } from '../panel/mediaFiles';
import type { ConversationData, Media, ModelTurn, Part } from '../conversation/types';
import { fenceFor } from '../editor/prompts';
import { inertInline, inertMarkdown } from './inertMarkdown';
import { MODE_NAMES } from '../modes/chatModes';

export interface ExportedFile { name: string; data: string; mimeType?: string }

export interface MarkdownExport {
  markdown: string;
  /** Media to write beside the Markdown file, in the folder `mediaFolder` the Markdown links to. */
  files: ExportedFile[];
}

/** A fenced block; a language that is not a plain word is left out (a backtick in it would undo the fence). */
const fenced = (code: string, lang = '') => { const f = fenceFor(code); return `${f}${/^[\w+#.-]*$/.test(lang) ? lang : ''}\n${code.replace(/\n$/, '')}\n${f}`; };
/** A quote: every line marked, so nothing inside can end it. */
const quoteLines = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');
/** Markdown link text and targets: brackets and parentheses escaped so a title cannot break the link. */
const linkText = (t: string) => inertInline(t).replace(/[[\]]/g, (c) => `\\${c}`);
const linkTarget = (u: string) => u.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
/** A name in a code span whose backticks outnumber any run inside it. */
function codeSpan(text: string): string {
  const t = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const f = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${f}${pad}${t}${pad}${f}`;
}
/** A link only to a web address; anything else is written as text. */
const webLink = (text: string, url: string) => (/^https?:\/\//i.test(url) ? `[${linkText(text)}](${linkTarget(url)})` : inertInline(text === url ? url : `${text} (${url})`));

export function conversationToMarkdown(data: ConversationData, mediaFolder: string): MarkdownExport {
  const files: ExportedFile[] = [];
  const out: string[] = [`# ${inertInline(data.title || 'Gemini conversation')}`, ''];
  for (const turn of data.turns) {
    if (turn.role === 'user') {
      // What the user sent may hold a workspace's text (a selection, a file): as inert as the model's.
      out.push('## You', '', inertMarkdown(turn.text));
      if (turn.attachments?.length) out.push('', ...turn.attachments.map((a) => `- Attached: ${inertInline(a.name)} (${inertInline(a.mimeType)})`));
      out.push('');
      continue;
    }
    out.push(`## Gemini (${inertInline(turn.model)}${turn.mode ? `, ${MODE_NAMES[turn.mode]} mode` : ''})`, '');
    for (const part of turn.parts) {
      const text = partMarkdown(part, (m) => {
        const name = `${String(files.length + 1).padStart(3, '0')}-${mediaFileName(m)}`;
        if (m.data) files.push({ name, data: m.data, ...(m.mimeType ? { mimeType: m.mimeType } : {}) });
        if (m.data) return { target: `${mediaFolder}/${name}`, local: true };
        return m.uri ? { target: m.uri, local: false } : undefined;
      });
      if (text) out.push(text, '');
    }
    const sources = citations(turn);
    if (sources.length) out.push('Sources:', '', ...sources.map((s, i) => `${i + 1}. ${webLink(s.title ?? s.url, s.url)}`), '');
    if (turn.error) out.push(`> **Error:** ${inertInline(turn.error.message)}`, '');
    if (turn.state === 'stopped') out.push('_(stopped before the answer finished)_', '');
  }
  return { markdown: out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n', files };
}

function partMarkdown(part: Part, media: (m: Media) => { target: string; local: boolean } | undefined): string | undefined {
  switch (part.kind) {
    case 'text': return inertMarkdown(part.text);
    // A quote rather than <details>: a thought that writes </details> would have ended it.
    case 'thought': return part.text ? quoteLines(`**Thoughts**\n\n${inertMarkdown(part.text)}`) : undefined;
    case 'codeCall': return `**Code execution** (${inertInline(part.language ?? 'code')}):\n\n${fenced(part.code, (part.language ?? '').toLowerCase())}`;
    case 'codeResult': return `**Code output**${part.isError ? ' (error)' : ''}:\n\n${fenced(part.output)}`;
    case 'functionCall': return `**Tool call** ${codeSpan(part.name)}:\n\n${fenced(part.argsText, 'json')}`;
    case 'functionResult': return `**Tool result** ${codeSpan(part.name ?? part.callId)}${part.isError ? ' (error)' : ''}:\n\n${fenced(part.result)}`;
    case 'searchCall': return `**Google Search:** ${part.queries.map((q) => `“${inertInline(q)}”`).join(', ')}`;
    case 'searchResult': return undefined; // its sources are listed under the answer
    case 'urlContextCall': return `**Reading:** ${part.urls.map(inertInline).join(', ')}`;
    case 'urlContextResult': return part.results.map((r) => `- ${inertInline(r.url ?? '?')}: ${inertInline(r.status ?? '')}`).join('\n');
    case 'toolCall': return `**${inertInline(part.tool)}**${part.name ? ` ${codeSpan(part.name)}` : ''}${part.server ? ` (${inertInline(part.server)})` : ''}${part.argsText ? `:\n\n${fenced(part.argsText, 'json')}` : ''}`;
    case 'toolResult': return `**${inertInline(part.tool)} result**${part.isError ? ' (error)' : ''}:\n\n${quoteLines(inertMarkdown(part.result))}`;
    case 'media': {
      const file = media(part.media);
      if (!file) return undefined;
      const link = `[${linkText(part.media.name ?? (part.media.type === 'image' ? 'image' : part.media.type))}](${linkTarget(file.target)})`;
      // Only an image the export wrote beside the file is shown; one the API keeps elsewhere is a link.
      return part.media.type === 'image' && file.local ? `!${link}` : link;
    }
    case 'unsupported': return `_(${inertInline(part.wireType)} not shown)_`;
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

