// axe-core inside the real chat webview. The webview's CSP allows only nonce scripts, so axe's source
// cannot be added as a <script>; Playwright's Frame.evaluate runs it through the DevTools protocol
// (Runtime.evaluate), which CSP does not govern. Counts are kept per state and theme, printed as a table
// and written to test-results/axe-summary.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, FrameLocator } from 'playwright-core';
import { repoRoot } from './workbench';

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
export const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

export interface AxeRecord {
  state: string;
  theme: string;
  counts: Record<Impact, number>;
  violations: { id: string; impact: Impact | null; help: string; nodes: number; targets: string[] }[];
}

let axeSource: string | undefined;
const source = (): string => (axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** The Playwright Frame behind a FrameLocator (Frame.evaluate takes a string expression). */
export async function frameOf(locator: FrameLocator): Promise<Frame> {
  const handle = await locator.locator('body').elementHandle({ timeout: 30_000 });
  const frame = await handle!.ownerFrame();
  await handle!.dispose();
  if (!frame) throw new Error('no frame for the chat webview');
  return frame;
}

/** Injects axe (once per document) and runs it on the whole webview document. */
export async function runAxe(locator: FrameLocator): Promise<AxeViolation[]> {
  return runAxeIn(await frameOf(locator));
}

/** The same in a frame (a page's `mainFrame()`, e.g. the bare webview page), on `selector` or the whole document. */
export async function runAxeIn(frame: Frame, selector?: string): Promise<AxeViolation[]> {
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(source());
  return frame.evaluate(async (sel) => {
    const axe = (window as any).axe;
    const r = await axe.run(sel ? { include: [sel] } : document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, html: String(n.html).slice(0, 300), failureSummary: n.failureSummary })),
    }));
  }, selector) as Promise<AxeViolation[]>;
}

/** Collects results per state and theme; `report()` prints the table and writes the JSON summary. */
export class AxeSummary {
  readonly records: AxeRecord[] = [];

  add(state: string, theme: string, violations: AxeViolation[]): AxeRecord {
    const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 } as Record<Impact, number>;
    for (const v of violations) if (v.impact) counts[v.impact] += v.nodes.length;
    const rec: AxeRecord = {
      state, theme, counts,
      violations: violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })),
    };
    this.records.push(rec);
    return rec;
  }

  table(): string {
    const head = ['state', 'theme', ...IMPACTS, 'rules'];
    const rows = this.records.map((r) => [r.state, r.theme, ...IMPACTS.map((i) => String(r.counts[i])), r.violations.map((v) => `${v.id}(${v.impact})`).join(' ') || '-']);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
    return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
  }

  report(file = path.join(repoRoot, 'test-results', 'axe-summary.json')): void {
    console.log(`\naxe-core violations (nodes) per state and theme:\n${this.table()}\n`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundled test reads the installed package's own version
    fs.writeFileSync(file, JSON.stringify({ axeVersion: require('axe-core/package.json').version, generatedAt: new Date().toISOString(), results: this.records }, null, 2));
  }
}

/** Violations that count against the target: serious and critical. */
export const blocking = (violations: AxeViolation[]): AxeViolation[] => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** A readable list of violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 4).map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`).join('\n')}`).join('\n');
}
