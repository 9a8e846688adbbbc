/**
 * What CloudFormation checks of a template's parameters and rules before it creates a change set
 * (or creates or updates a stack directly), evaluated offline: the parameter values (given, else
 * the default; SSM parameter types resolved from `ssm`), their AllowedValues and AllowedPattern,
 * then each rule whose RuleCondition holds, assertion by assertion.
 *
 * Faithful to the documented semantics of the parts it knows, and loud about the rest: a
 * constraint or rule function it does not implement throws instead of passing silently.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */

interface ParameterDeclaration {
  readonly Type: string;
  readonly Default?: string;
  readonly AllowedValues?: readonly string[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly [other: string]: unknown;
}

interface RuleDeclaration {
  readonly RuleCondition?: unknown;
  readonly Assertions: readonly { readonly Assert: unknown; readonly AssertDescription?: string }[];
}

export interface DeployInputs {
  /** `--parameters Name=value` given with the deploy. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** What SSM Parameter Store holds, for parameters of an `AWS::SSM::Parameter::Value<...>` type. */
  readonly ssm?: Readonly<Record<string, string>>;
  readonly region?: string;
}

// Keys of a parameter declaration that do not constrain its value.
const DESCRIPTIVE = new Set(['Type', 'Default', 'Description', 'ConstraintDescription', 'NoEcho']);
const IMPLEMENTED = new Set(['AllowedValues', 'AllowedPattern']);

/**
 * The reasons CloudFormation refuses the template with these inputs, in the order it reports
 * them (parameters first, then rules); empty when it proceeds to the resources.
 */
export function deployRefusals(
  template: Record<string, unknown>,
  inputs: DeployInputs = {}
): string[] {
  const declared = (template.Parameters ?? {}) as Record<string, ParameterDeclaration>;
  const given = inputs.parameters ?? {};
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length > 0)
    return [`Parameters: [${unknown.join(', ')}] do not exist in the template`];

  const values: Record<string, string> = {};
  const refusals: string[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    for (const key of Object.keys(declaration)) {
      if (!DESCRIPTIVE.has(key) && !IMPLEMENTED.has(key)) {
        throw new Error(`the evaluator does not implement the parameter constraint ${key}`);
      }
    }
    const raw = given[name] ?? declaration.Default;
    if (raw === undefined) {
      refusals.push(`Parameters: [${name}] must have values`);
      continue;
    }
    const value = declaration.Type.startsWith('AWS::SSM::Parameter::Value<')
      ? ssmValue(inputs.ssm ?? {}, raw)
      : raw;
    values[name] = value;
    const fail = (what: string) =>
      refusals.push(declaration.ConstraintDescription ?? `Parameter '${name}' ${what}`);
    if (declaration.AllowedValues && !declaration.AllowedValues.includes(value)) {
      fail('must be one of AllowedValues');
    } else if (
      declaration.AllowedPattern !== undefined &&
      !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(value)
    ) {
      fail('must match pattern ' + declaration.AllowedPattern);
    }
  }
  if (refusals.length > 0) return refusals;

  const scope: Scope = { values, region: inputs.region ?? 'us-east-1' };
  for (const rule of Object.values((template.Rules ?? {}) as Record<string, RuleDeclaration>)) {
    if (rule.RuleCondition !== undefined && !asBoolean(evaluate(rule.RuleCondition, scope))) {
      continue;
    }
    for (const assertion of rule.Assertions) {
      if (!asBoolean(evaluate(assertion.Assert, scope))) {
        refusals.push(assertion.AssertDescription ?? 'Assertion failed');
      }
    }
  }
  return refusals;
}

function ssmValue(ssm: Readonly<Record<string, string>>, name: string): string {
  const value = ssm[name];
  if (value === undefined) throw new Error(`the test gave no SSM value for ${name}`);
  return value;
}

interface Scope {
  readonly values: Readonly<Record<string, string>>;
  readonly region: string;
}

type Value = string | boolean | readonly Value[];

function evaluate(expression: unknown, scope: Scope): Value {
  if (typeof expression === 'string' || typeof expression === 'boolean') return expression;
  if (Array.isArray(expression)) return expression.map((item) => evaluate(item, scope));
  if (expression === null || typeof expression !== 'object') {
    throw new Error(`not a rule expression: ${JSON.stringify(expression)}`);
  }
  const entries = Object.entries(expression);
  const [name, argument] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined) {
    throw new Error(`a rule function is an object with one key: ${JSON.stringify(expression)}`);
  }
  const args = (): Value[] => {
    if (!Array.isArray(argument)) throw new Error(`${name} takes a list`);
    return argument.map((item) => evaluate(item, scope));
  };
  switch (name) {
    case 'Ref':
      return reference(argument, scope);
    case 'Fn::Equals': {
      const [a, b, ...rest] = args();
      if (a === undefined || b === undefined || rest.length > 0) {
        throw new Error('Fn::Equals takes two values');
      }
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not': {
      const [only, ...rest] = args();
      if (only === undefined || rest.length > 0) throw new Error('Fn::Not takes one condition');
      return !asBoolean(only);
    }
    case 'Fn::And':
      return args().every(asBoolean);
    case 'Fn::Or':
      return args().some(asBoolean);
    case 'Fn::Contains': {
      const [list, value, ...rest] = args();
      if (!Array.isArray(list) || typeof value !== 'string' || rest.length > 0) {
        throw new Error('Fn::Contains takes a list of strings and a string');
      }
      return list.includes(value);
    }
    default:
      throw new Error(`the evaluator does not implement the rule function ${name}`);
  }
}

function reference(name: unknown, scope: Scope): string {
  if (name === 'AWS::Region') return scope.region;
  if (typeof name !== 'string' || !(name in scope.values)) {
    throw new Error(`Ref to an unknown parameter: ${JSON.stringify(name)}`);
  }
  return scope.values[name] as string;
}

function asBoolean(value: Value): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`a condition must be true or false, not ${JSON.stringify(value)}`);
  return value;
}
