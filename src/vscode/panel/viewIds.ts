// The chat view's ids, in one place: the view provider registers under CHAT_VIEW_ID, and features that show
// progress in the view or reveal it use the same ids (a second copy of a string id drifts silently).
export const CHAT_VIEW_ID = 'geminiInteractions.chat';

/** The command VS Code creates for every view: shows it and moves the keyboard focus into it. */
export const CHAT_VIEW_FOCUS_COMMAND = `${CHAT_VIEW_ID}.focus`;
