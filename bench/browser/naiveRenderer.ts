// Browser bundle for the render benchmark's baseline: the same markdown pipeline (markdown-it,
// highlight.js, the sanitiser, the same decoration) exposed so the page can re-render a whole answer.
import { renderMarkdown } from '../../src/webview/markdown/render';

(window as unknown as { __naive: unknown }).__naive = { renderMarkdown };
