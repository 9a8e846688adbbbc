/**
 * Checks a JSON value against Amazon's Skill Management API model: the definitions in
 * ask-smapi-model's spec.json (a Swagger 2.0 document, the one the ASK SDKs are generated from).
 *
 * Stricter than the spec in one way, on purpose: the spec never says
 * `additionalProperties: false`, yet the API and the ASK CLI reject or drop fields they do not
 * know, so a field that is not in the definition is reported. Checked: `$ref`, `allOf`,
 * discriminated subtypes, type, unknown fields, `required`, `enum`, lengths, item and property
 * counts, `pattern`, `minimum`/`maximum`. Not checked: `format` (the model's `uri` also names Lambda
 * ARNs, which `pattern` covers).
 */
import * as fs from 'node:fs';

interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly required?: readonly string[];
  readonly discriminator?: string;
  readonly 'x-discriminator-value'?: string;
  readonly enum?: readonly unknown[];
  readonly items?: Schema;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

type Method = 'get' | 'put' | 'post' | 'delete';
interface Operation {
  readonly parameters?: readonly { readonly in: string; readonly schema?: Schema }[];
}
interface Spec {
  readonly paths: Readonly<Record<string, Partial<Record<Method, Operation>>>>;
  readonly definitions: Readonly<Record<string, Schema>>;
}

const spec = JSON.parse(
  fs.readFileSync(require.resolve('ask-smapi-model/spec.json'), 'utf8')
) as Spec;
const REF_PREFIX = '#/definitions/';

function definition(name: string): Schema {
  const found = Object.hasOwn(spec.definitions, name) ? spec.definitions[name] : undefined;
  if (!found) throw new Error(`ask-smapi-model has no definition named ${name}.`);
  return found;
}

const nameOfRef = (ref: string) => ref.slice(REF_PREFIX.length);

/**
 * The definition an operation takes as its body, read from the model's paths, so a test names the
 * API call it feeds rather than a definition name it could mistype.
 */
export function requestBodyDefinition(method: Method, path: string): string {
  const body = spec.paths[path]?.[method]?.parameters?.find((p) => p.in === 'body');
  if (!body?.schema?.$ref) throw new Error(`ask-smapi-model has no body for ${method} ${path}.`);
  return nameOfRef(body.schema.$ref);
}

/** The body of `ask smapi update-account-linking-info` (PUT .../accountLinkingClient). */
export const ACCOUNT_LINKING_REQUEST = requestBodyDefinition(
  'put',
  '/v1/skills/{skillId}/stages/{stageV2}/accountLinkingClient'
);
/** skill.json: the body of `ask smapi update-skill-manifest` (PUT .../manifest), which `ask deploy` sends. */
export const SKILL_MANIFEST_ENVELOPE = requestBodyDefinition(
  'put',
  '/v1/skills/{skillId}/stages/{stageV2}/manifest'
);

/** A schema with its `$ref` followed and its `allOf` parts merged into one object schema. */
function flatten(schema: Schema): Schema {
  if (schema.$ref) return flatten(definition(nameOfRef(schema.$ref)));
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map(flatten);
  return parts.reduce<Schema>(
    (merged, part) => ({
      ...merged,
      ...part,
      properties: { ...merged.properties, ...part.properties },
      required: [...(merged.required ?? []), ...(part.required ?? [])],
    }),
    { ...schema, allOf: undefined }
  );
}

/** The subtype a discriminated value names: a definition built on `base` (allOf) with that value. */
function subtypeOf(baseName: string, discriminatorValue: unknown): Schema | undefined {
  return Object.values(spec.definitions).find(
    (candidate) =>
      candidate['x-discriminator-value'] === discriminatorValue &&
      candidate.allOf?.some((part) => part.$ref === `${REF_PREFIX}${baseName}`)
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeMatches(type: Schema['type'], value: unknown): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

const show = (value: unknown) => JSON.stringify(value);

function check(schema: Schema, value: unknown, at: string, problems: string[]): void {
  const ref = schema.$ref ? nameOfRef(schema.$ref) : undefined;
  const flat = flatten(schema);
  const where = at === '' ? '(root)' : at;
  if (!typeMatches(flat.type ?? (flat.properties ? 'object' : undefined), value)) {
    problems.push(`${where}: expected ${flat.type ?? 'object'}, received ${show(value)}`);
    return;
  }
  if (flat.enum && !flat.enum.includes(value)) {
    problems.push(
      `${where}: ${show(value)} is not one of ${flat.enum.map(show).join(', ')}${ref ? ` (${ref})` : ''}`
    );
  }
  if (typeof value === 'string') checkString(flat, value, where, problems);
  if (typeof value === 'number') {
    if (flat.minimum !== undefined && value < flat.minimum)
      problems.push(`${where}: ${value} is below the minimum ${flat.minimum}`);
    if (flat.maximum !== undefined && value > flat.maximum)
      problems.push(`${where}: ${value} is above the maximum ${flat.maximum}`);
  }
  if (Array.isArray(value)) {
    if (flat.minItems !== undefined && value.length < flat.minItems)
      problems.push(`${where}: ${value.length} items, at least ${flat.minItems} expected`);
    if (flat.maxItems !== undefined && value.length > flat.maxItems)
      problems.push(`${where}: ${value.length} items, at most ${flat.maxItems} allowed`);
    const items = flat.items;
    if (items) value.forEach((item, index) => check(items, item, `${at}[${index}]`, problems));
  }
  if (isObject(value)) checkObject(flat, ref, value, at, problems);
}

function checkString(flat: Schema, value: string, where: string, problems: string[]): void {
  if (flat.minLength !== undefined && value.length < flat.minLength)
    problems.push(`${where}: shorter than ${flat.minLength} characters`);
  if (flat.maxLength !== undefined && value.length > flat.maxLength)
    problems.push(`${where}: longer than ${flat.maxLength} characters`);
  if (flat.pattern !== undefined && !new RegExp(flat.pattern).test(value))
    problems.push(`${where}: ${show(value)} does not match ${flat.pattern}`);
}

function checkObject(
  flat: Schema,
  ref: string | undefined,
  value: Record<string, unknown>,
  at: string,
  problems: string[]
): void {
  const where = at === '' ? '(root)' : at;
  const child = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (flat.discriminator && ref) {
    const subtype = subtypeOf(ref, value[flat.discriminator]);
    if (subtype) return check(subtype, value, at, problems);
  }
  for (const key of flat.required ?? []) {
    if (!(key in value)) problems.push(`${child(key)}: required field missing`);
  }
  if (flat.minProperties !== undefined && Object.keys(value).length < flat.minProperties)
    problems.push(`${where}: at least ${flat.minProperties} field(s) expected`);
  const declared = flat.properties ?? {};
  const free = flat.additionalProperties;
  // A schema that declares nothing at all is a free-form object.
  const freeForm = flat.properties === undefined && free === undefined;
  for (const [key, fieldValue] of Object.entries(value)) {
    const fieldSchema = Object.hasOwn(declared, key) ? declared[key] : undefined;
    if (fieldSchema) check(fieldSchema, fieldValue, child(key), problems);
    else if (typeof free === 'object') check(free, fieldValue, child(key), problems);
    else if (free !== true && !freeForm)
      problems.push(
        `${child(key)}: unknown field${ref ? ` in ${ref}` : ''} (known: ${Object.keys(declared).join(', ')})`
      );
  }
}

/**
 * Every way `value` departs from the named definition, one line each as `<path>: <problem>`;
 * empty when it conforms.
 */
export function smapiViolations(definitionName: string, value: unknown): string[] {
  const problems: string[] = [];
  check({ $ref: `${REF_PREFIX}${definitionName}` }, value, '', problems);
  return problems;
}
