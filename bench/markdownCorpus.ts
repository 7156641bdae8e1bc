// A deterministic long markdown answer like a model writes: headings, paragraphs with inline code,
// emphasis and links, lists, tables, and fenced code blocks in several languages.

const WORDS = ('the stream renderer parses only the growing block while finished blocks stay untouched so each delta costs ' +
  'little even when the answer is long and full of code tables lists and links that a model writes for a user').split(' ');

const CODE: Record<string, (i: number) => string> = {
  ts: (i) => `export interface Item${i} {\n  id: number;\n  name: string;\n}\n\nexport function find${i}(items: Item${i}[], id: number): Item${i} | undefined {\n  // linear search is fine for small lists\n  return items.find((it) => it.id === id);\n}\n`,
  python: (i) => `def fib_${i}(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\nprint(fib_${i}(${i}))\n`,
  bash: (i) => `#!/usr/bin/env bash\nset -euo pipefail\nfor f in src/*.ts; do\n  echo "checking $f (${i})"\n  grep -c 'TODO' "$f" || true\ndone\n`,
  json: (i) => `{\n  "name": "example-${i}",\n  "version": "1.0.${i}",\n  "scripts": { "test": "mocha", "build": "esbuild" },\n  "private": true\n}\n`,
  go: (i) => `package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; i < ${i}; i++ {\n\t\tfmt.Println("line", i)\n\t}\n}\n`,
  rust: (i) => `fn main() {\n    let v: Vec<u32> = (0..${i}).collect();\n    let sum: u32 = v.iter().sum();\n    println!("sum = {}", sum);\n}\n`,
  sql: (i) => `SELECT u.id, u.name, COUNT(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at > '2026-01-${(i % 28) + 1}'\nGROUP BY u.id, u.name\nORDER BY orders DESC;\n`,
  css: (i) => `.card-${i} {\n  display: flex;\n  gap: 4px;\n  color: var(--vscode-foreground);\n}\n.card-${i}:hover { opacity: 0.9; }\n`,
};

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  let x = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < words; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(WORDS[(x >>> 8) % WORDS.length]);
  }
  const s = out.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function paragraph(seed: number): string {
  const parts = [sentence(seed, 14), `Use \`option${seed}\` with **care**.`, sentence(seed + 1, 18), `See [the docs](https://example.com/docs/${seed}).`, sentence(seed + 2, 12)];
  return parts.join(' ');
}

/** About `chars` characters with exactly `codeBlocks` fenced code blocks. */
export function longAnswer(chars = 200_000, codeBlocks = 40): string {
  const langs = Object.keys(CODE);
  const sections: string[] = [];
  const perSection = chars / codeBlocks;
  for (let s = 0; s < codeBlocks; s++) {
    const out: string[] = [`## Step ${s + 1}: ${sentence(s, 4).slice(0, -1)}`];
    let len = out[0].length;
    const lang = langs[s % langs.length];
    let code = '';
    for (let k = 0; code.length < perSection * 0.35; k++) code += (k ? '\n' : '') + CODE[lang](s * 10 + k);
    const fence = `\`\`\`${lang}\n${code}\`\`\``;
    len += fence.length;
    let p = 0;
    while (len < perSection - 400) {
      let block: string;
      if (p % 5 === 3) block = [1, 2, 3, 4].map((i) => `- ${sentence(s + p + i, 9)} \`item${i}\``).join('\n');
      else if (p % 7 === 5) block = ['| Option | Default | Meaning |', '|---|---|---|', ...[1, 2, 3].map((i) => `| \`opt${i}\` | ${i * 10} | ${sentence(s + i, 6)} |`)].join('\n');
      else block = paragraph(s * 31 + p);
      out.push(block);
      len += block.length + 2;
      p++;
      if (p === 2) { out.push(fence); }
    }
    if (p < 2) out.push(fence);
    sections.push(out.join('\n\n'));
  }
  let text = sections.join('\n\n') + '\n\n';
  // Pad with prose to exactly `chars`.
  for (let k = 0; text.length < chars; k++) text += paragraph(1000 + k) + '\n\n';
  return text.slice(0, chars - 1) + '\n';
}
