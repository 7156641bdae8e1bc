// What a mode adds to a turn's system instruction. Plan mode asks for an answer that ends with a checklist (the
// panel shows it as a card the user edits and carries out, planChecklist.ts); the other modes add nothing. The
// text is for the model, in English, like the tool descriptions; it never replaces the user's own instruction.
import { MODE_NAMES, type ChatMode } from './chatModes';

export const PLAN_MODE_INSTRUCTION = [
  `You are in ${MODE_NAMES.plan} mode: you can look at the workspace with the read tools, but you cannot change anything in this mode (no edit tool is available).`,
  'Study what the task needs, then answer with a plan. End your answer with the plan as a Markdown task list, one concrete step per line, each line starting with "- [ ] ".',
  'Do not write the changes themselves; the user reviews the checklist and carries it out in Agent mode.',
].join(' ');

/** The system instruction of a turn in `mode`: the configured one (user setting and rules files) and the mode's. */
export function withModeInstruction(mode: ChatMode | undefined, instruction: string | undefined): string | undefined {
  if (mode !== 'plan') return instruction;
  return instruction?.trim() ? `${instruction}\n\n${PLAN_MODE_INSTRUCTION}` : PLAN_MODE_INSTRUCTION;
}
