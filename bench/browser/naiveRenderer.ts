// Browser bundle for the render benchmark's baseline: the same markdown pipeline (markdown-it,
// highlight.js, the sanitiser, the same decoration) exposed so the page can re-render a whole answer.
import { highlight, renderMarkdown } from '../../src/webview/conversation/markdown/render';

// `highlight` too: the benchmark splits the cost of rendering an answer into markdown and highlighting.
(window as unknown as { __naive: unknown }).__naive = { renderMarkdown, highlight };
