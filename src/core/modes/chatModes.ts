// The names of the composer's modes (Ask, Plan, Agent), with no dependency: the conversation's types, the
// protocol and the webview all speak of a turn's mode. What a mode declares is modeTools.ts.
export const CHAT_MODES = ['ask', 'plan', 'agent'] as const;
export type ChatMode = (typeof CHAT_MODES)[number];

/** Today's behaviour when tools are on: the default when neither the workspace nor the setting chose. */
export const DEFAULT_CHAT_MODE: ChatMode = 'agent';

export function isChatMode(v: unknown): v is ChatMode {
  return typeof v === 'string' && (CHAT_MODES as readonly string[]).includes(v);
}

/** The mode's name as the model reads it in a function result or an instruction (never shown to the user). */
export const MODE_NAMES: Record<ChatMode, string> = { ask: 'Ask', plan: 'Plan', agent: 'Agent' };
