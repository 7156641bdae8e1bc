// Ids for turns and conversations: the time in base 36 and eight random characters, unique enough within one history.

export function randomId(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}
