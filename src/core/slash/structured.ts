// Structured output: checks a model reply against the JSON schema it was asked to follow (Ajv), with
// error messages precise enough to act on ("/items/2/price: must be >= 0").
import Ajv, { type ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { RE2JS } from 're2js';

export type JsonCheck =
  | { ok: true; value: unknown }
  | { ok: false; errors: string[]; value?: unknown };

/** Problems with the schema itself (before anything is sent); undefined when it compiles. */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'The schema must be a JSON object.';
  try {
    validatorFor(schema as Record<string, unknown>);
    return undefined;
  } catch (e) {
    return `The schema is not valid: ${(e as Error).message}`;
  }
}

export function validateJsonReply(schema: Record<string, unknown>, text: string): JsonCheck {
  let value: unknown;
  try {
    value = JSON.parse(stripFence(text));
  } catch (e) {
    return { ok: false, errors: [`The reply is not valid JSON: ${(e as Error).message}`] };
  }
  const validate = validatorFor(schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, value, errors: (validate.errors ?? []).map(describeError) };
}

/**
 * Ajv's engine for `pattern` and `patternProperties`: RE2 (linear time) instead of RegExp, because the
 * schema comes from a workspace file and `^(a+)+$` against a long model reply would block the host for
 * minutes. RE2 has no lookaround or backreferences: such a schema is reported as not valid.
 */
const re2Engine = Object.assign((pattern: string, _flags: string) => {
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
  // Ajv keys its cache of compiled patterns by toString(): each pattern must name itself.
  return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${_flags}` };
}, { code: 're2js' });

function validatorFor(schema: Record<string, unknown>) {
  const draft2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  const options = { allErrors: true, strict: false, validateFormats: false, code: { regExp: re2Engine } } as const;
  const ajv = draft2020 ? new Ajv2020(options) : new Ajv(options);
  return ajv.compile(schema);
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  const params = e.params as Record<string, unknown>;
  let extra = '';
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) extra = `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'additionalProperties' && params.additionalProperty) extra = ` ("${String(params.additionalProperty)}")`;
  if (e.keyword === 'const') extra = ` ${JSON.stringify(params.allowedValue)}`;
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

/** Models sometimes wrap JSON in a ```json fence even when asked for raw JSON. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return m ? m[1] : text;
}
