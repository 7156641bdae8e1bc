// The checklist at the end of a Plan mode answer: read from the answer's Markdown (a task list, `- [ ] step`),
// edited on the plan card, and written back as the instruction that carries the plan out in Agent mode. Pure,
// shared by the webview (the card) and the host (the instruction it sends).

export interface PlanItem {
  text: string;
  done: boolean;
}

/** `- [ ] step`, `* [x] step`, `1. [ ] step`, indented up to a nested level. */
const TASK = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\]\s+(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Longest item text kept (a runaway line is cut, said with an ellipsis). */
export const MAX_ITEM_CHARS = 2000;
/** Most items read from an answer. */
export const MAX_ITEMS = 100;

/**
 * The last task list of a Markdown answer, or undefined when it has none. Blank lines between items do not end
 * the list; any other line that is neither an item nor an indented continuation of one does. Task lines inside
 * fenced code blocks are code, not the plan.
 */
export function parsePlanChecklist(markdown: string): PlanItem[] | undefined {
  let last: PlanItem[] | undefined;
  let current: PlanItem[] | undefined;
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      current = undefined;
      continue;
    }
    const m = TASK.exec(line);
    if (m) {
      if (!current) last = current = [];
      if (current.length < MAX_ITEMS) current.push({ text: clean(m[2]), done: m[1] !== ' ' });
      continue;
    }
    if (!line.trim()) continue;
    // An indented line under an item continues its text.
    if (current?.length && /^\s{2,}\S/.test(line)) {
      const item = current[current.length - 1];
      item.text = clean(`${item.text} ${line.trim()}`);
      continue;
    }
    current = undefined;
  }
  const items = last?.filter((i) => i.text);
  return items?.length ? items : undefined;
}

/** The checklist as Markdown, one `- [ ]` line per item; empty items are left out, line breaks become spaces. */
export function serializePlan(items: readonly PlanItem[]): string {
  return items.map((i) => ({ ...i, text: clean(i.text) })).filter((i) => i.text).map((i) => `- [${i.done ? 'x' : ' '}] ${i.text}`).join('\n');
}

/**
 * What "Carry out this plan" sends: the intro (in the user's language: it is shown as their message) and the
 * checklist as edited. Over `previous_interaction_id` the plan's answer is already in the server's history; this
 * says which plan, as the user left it, is being carried out.
 */
export function carryOutInstruction(items: readonly PlanItem[], intro: string): string {
  return `${intro.trim()}\n\n${serializePlan(items)}`;
}

function clean(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_ITEM_CHARS ? `${one.slice(0, MAX_ITEM_CHARS - 1)}…` : one;
}
