import { strict as assert } from 'node:assert';
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
    assert.match(markdown, /<details><summary>Thoughts<\/summary>/);
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
