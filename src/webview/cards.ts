// Compact cards for tool activity in the flow of an answer.
import type { Part } from '../core/model';
import { el } from './dom';

export function toolCard(part: Part): HTMLElement {
  const d = el('div', `part card ${part.kind}`);
  d.textContent = cardText(part);
  return d;
}

function cardText(part: Part): string {
  switch (part.kind) {
    case 'functionCall': return `Function call ${part.name}(${part.argsText})`;
    case 'functionResult': return `Function result ${part.name ?? part.callId}: ${part.result}`;
    case 'codeCall': return `Code (${part.language ?? 'code'}):\n${part.code}`;
    case 'codeResult': return `${part.isError ? 'Error' : 'Output'}:\n${part.output}`;
    case 'urlContextCall': return `Reading ${part.urls.join(', ')}`;
    case 'urlContextResult': return part.results.map((r) => `${r.url}: ${r.status}`).join('\n');
    case 'searchCall': return `Searching Google for ${part.queries.map((q) => `"${q}"`).join(', ')}`;
    case 'searchResult': return 'Search results';
    case 'toolCall': return `Tool call ${part.tool}${part.name ? ` ${part.name}` : ''}`;
    case 'toolResult': return `Tool result ${part.tool}: ${part.result}`;
    case 'media': return `${part.media.type} (${part.media.mimeType ?? 'unknown type'})`;
    case 'unsupported': return `Unsupported content (${part.wireType})`;
    default: return '';
  }
}
