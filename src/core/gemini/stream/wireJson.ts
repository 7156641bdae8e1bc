// The wire's JSON as this folder reads it: an open `Json` record (the API defines the shape, and changes it)
// and the guards that narrow it. Shared by the stream translator, the step → Part table and the usage reader.

/** A wire object: read through the guards below, since the API defines its shape and changes it. */
export type Json = Record<string, any>;

export function safeParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try { return { ok: true, value: JSON.parse(text) }; } catch { return { ok: false }; }
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
