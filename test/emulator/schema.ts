// Generates a value that satisfies a JSON Schema (the subset the Gemini API accepts for structured output and
// function parameters), and checks a value against one. Used for `response_format` JSON output and for the
// arguments of scripted function calls, so both are always schema-valid.
import { isObject } from './types';

type Schema = Record<string, unknown>;

interface GenContext {
  root: Schema;
  /** Text the user wrote; string values are taken from it when a property name suggests so. */
  hint: string;
  depth: number;
}

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let cur: unknown = root;
  for (const part of ref.slice(2).split('/')) cur = isObject(cur) ? cur[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(cur) ? cur : {};
}

function schemaType(schema: Schema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  if (typeof t === 'string') return t.toLowerCase(); // OpenAPI-style "STRING" also appears in the wild
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

/** A capitalised word from the user's text ("Weather in Paris?" → "Paris"), for location-like string fields. */
function properNoun(hint: string): string | undefined {
  const words = hint.replace(/#scenario:\S+.*$/gm, '').match(/\b[A-Z][\p{L}-]{2,}\b/gu) ?? [];
  return words.slice(1).pop() ?? words[0];
}

function genString(schema: Schema, name: string, ctx: GenContext): string {
  switch (schema.format) {
    case 'date': return '2026-01-15';
    case 'date-time': return '2026-01-15T09:30:00Z';
    case 'time': return '09:30:00';
    case 'email': return 'someone@example.com';
    case 'uri': case 'url': return 'https://example.com/';
    case 'uuid': return '123e4567-e89b-12d3-a456-426614174000';
  }
  if (/location|city|place|country|town|region/i.test(name)) return properNoun(ctx.hint) ?? 'Paris';
  if (/query|question|prompt|topic|text/i.test(name)) return ctx.hint.replace(/#scenario:.*$/gm, '').trim().slice(0, 80) || 'example';
  let s = name ? `${name} value` : 'example';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  while (s.length < min) s += 'x';
  return s.slice(0, max);
}

function genNumber(schema: Schema, integer: boolean): number {
  const lo = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : undefined;
  const hi = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - 1 : undefined;
  let v = lo !== undefined && hi !== undefined ? (lo + hi) / 2 : lo !== undefined ? lo : hi !== undefined ? Math.min(hi, 42) : 42;
  if (integer) v = Math.ceil(v);
  if (hi !== undefined && v > hi) v = Math.floor(hi);
  return v;
}

function gen(schemaIn: unknown, name: string, ctx: GenContext): unknown {
  if (!isObject(schemaIn) || ctx.depth > 8) return null;
  const schema = resolveRef(schemaIn, ctx.root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const alts = schema[key];
    if (Array.isArray(alts) && alts.length) {
      if (key === 'allOf') return alts.reduce<Record<string, unknown>>((acc, s) => ({ ...acc, ...(gen(s, name, ctx) as object) }), {});
      const nonNull = alts.find((s) => !(isObject(s) && s.type === 'null')) ?? alts[0];
      return gen(nonNull, name, ctx);
    }
  }
  const inner: GenContext = { ...ctx, depth: ctx.depth + 1 };
  switch (schemaType(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      for (const [k, s] of Object.entries(props)) out[k] = gen(s, k, inner);
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 2);
      const n = Math.max(min, Math.min(2, max));
      const items = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
      return Array.from({ length: n }, (_, i) => {
        const v = gen(items?.[i] ?? schema.items ?? { type: 'string' }, name, inner);
        // Distinct strings, so `uniqueItems` holds.
        return typeof v === 'string' && n > 1 ? `${v} ${i + 1}` : v;
      });
    }
    case 'string': return genString(schema, name, ctx);
    case 'integer': return genNumber(schema, true);
    case 'number': return genNumber(schema, false);
    case 'boolean': return true;
    case 'null': return null;
    default: return 'example';
  }
}

/** Returns a value valid against `schema`. `hint` is the user text (for plausible strings). */
export function generateFromSchema(schema: unknown, hint = ''): unknown {
  return gen(schema, '', { root: isObject(schema) ? schema : {}, hint, depth: 0 });
}

/** Minimal validator: returns a list of problems ("$.a: expected string"); empty when valid. */
export function validateAgainstSchema(value: unknown, schemaIn: unknown, root: unknown = schemaIn, path = '$'): string[] {
  if (!isObject(schemaIn)) return [];
  const schema = resolveRef(schemaIn, isObject(root) ? root : {});
  const errs: string[] = [];
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errs.push(`${path}: expected const`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errs.push(`${path}: not in enum`);
  const alts = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(alts) && !alts.some((s) => validateAgainstSchema(value, s, root, path).length === 0)) errs.push(`${path}: matches no alternative`);
  const t = schemaType(schema);
  const nullable = (Array.isArray(schema.type) && schema.type.includes('null')) || schema.nullable === true;
  if (value === null && nullable) return errs;
  switch (t) {
    case 'object':
      if (!isObject(value)) return [...errs, `${path}: expected object`];
      for (const r of Array.isArray(schema.required) ? schema.required : []) if (!(String(r) in value)) errs.push(`${path}: missing ${String(r)}`);
      if (isObject(schema.properties)) {
        for (const [k, s] of Object.entries(schema.properties)) if (k in value) errs.push(...validateAgainstSchema(value[k], s, root, `${path}.${k}`));
        if (schema.additionalProperties === false) for (const k of Object.keys(value)) if (!(k in schema.properties)) errs.push(`${path}: unexpected ${k}`);
      }
      break;
    case 'array':
      if (!Array.isArray(value)) return [...errs, `${path}: expected array`];
      if (typeof schema.minItems === 'number' && value.length < schema.minItems) errs.push(`${path}: too few items`);
      if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errs.push(`${path}: too many items`);
      value.forEach((v, i) => errs.push(...validateAgainstSchema(v, schema.items, root, `${path}[${i}]`)));
      break;
    case 'string': if (typeof value !== 'string') errs.push(`${path}: expected string`); break;
    case 'integer': if (!Number.isInteger(value)) errs.push(`${path}: expected integer`); break;
    case 'number': if (typeof value !== 'number') errs.push(`${path}: expected number`); break;
    case 'boolean': if (typeof value !== 'boolean') errs.push(`${path}: expected boolean`); break;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errs.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errs.push(`${path}: above maximum`);
  }
  return errs;
}
