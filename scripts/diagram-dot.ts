/**
 * The architecture picture as Graphviz DOT, drawn from a cloud assembly (cdk.out): one cluster per
 * stack and region, a node per resource that matters to an operator (user pool, domain, client,
 * functions, tables, topic, alarms, dashboard), and an edge wherever a resource's properties
 * reference another, across stacks too (Fn::GetStackOutput). Pure: no I/O, stable output.
 */

export interface AssemblyStack {
  readonly name: string;
  readonly region: string;
  readonly template: {
    readonly Resources?: Record<
      string,
      { Type: string; Properties?: unknown; Metadata?: Record<string, unknown> }
    >;
    readonly Outputs?: Record<string, { Value?: unknown }>;
  };
}

/** The resource types drawn, with the words under each name. */
const DRAWN: Readonly<Record<string, { kind: string; shape: string }>> = {
  'AWS::Cognito::UserPool': { kind: 'Cognito user pool', shape: 'cylinder' },
  'AWS::Cognito::UserPoolDomain': { kind: 'sign-in domain (managed login)', shape: 'box' },
  'AWS::Cognito::UserPoolClient': { kind: 'Alexa app client', shape: 'box' },
  'AWS::Lambda::Function': { kind: 'Lambda function', shape: 'component' },
  'AWS::DynamoDB::Table': { kind: 'DynamoDB table', shape: 'cylinder' },
  'AWS::DynamoDB::GlobalTable': { kind: 'DynamoDB table', shape: 'cylinder' },
  'AWS::SNS::Topic': { kind: 'SNS topic (alarms)', shape: 'box' },
  'AWS::CloudWatch::Dashboard': { kind: 'CloudWatch dashboard', shape: 'box' },
};
const ALARM = 'AWS::CloudWatch::Alarm';
const ALEXA = 'alexa';
const ALEXA_APP = 'alexa-app';

/** A DOT string; `\n` in labels stays a DOT line break (names come from construct paths). */
const quote = (text: string) => `"${text.replace(/"/g, '\\"')}"`;

function* walk(node: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(node)) for (const child of node) yield* walk(child);
  else if (node !== null && typeof node === 'object') {
    yield node as Record<string, unknown>;
    for (const child of Object.values(node)) yield* walk(child);
  }
}

/** Logical IDs referenced (Ref / Fn::GetAtt) anywhere in a value. */
function localReferences(value: unknown): string[] {
  const ids: string[] = [];
  for (const node of walk(value)) {
    if (typeof node.Ref === 'string') ids.push(node.Ref);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') ids.push(getAtt[0]);
  }
  return ids;
}

/** Stack outputs read from another stack: [stack name, output name]. */
function stackOutputReferences(value: unknown): [string, string][] {
  const found: [string, string][] = [];
  for (const node of walk(value)) {
    const ref = node['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown };
    if (ref && typeof ref.StackName === 'string' && typeof ref.OutputName === 'string') {
      found.push([ref.StackName, ref.OutputName]);
    }
  }
  return found;
}

function labelOf(
  stack: AssemblyStack,
  logicalId: string,
  type: string,
  metadata?: Record<string, unknown>
) {
  const cdkPath =
    typeof metadata?.['aws:cdk:path'] === 'string'
      ? (metadata['aws:cdk:path'] as string)
      : logicalId;
  const name = cdkPath.replace(`${stack.name}/`, '').replace(/\/Resource$/, '');
  return `${name}\\n${DRAWN[type]?.kind ?? type}`;
}

export function architectureDot(stacks: readonly AssemblyStack[]): string {
  const sorted = [...stacks].sort((a, b) => a.name.localeCompare(b.name));
  const nodeId = (stack: string, logicalId: string) => `${stack}:${logicalId}`;
  const alarmNode = (stack: string) => `${stack}:alarms`;
  const drawn = new Set<string>();
  const lines: string[] = [
    'digraph architecture {',
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", fontsize=11, compound=true];',
    '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#f5f5f5"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    `  ${quote(ALEXA_APP)} [label="Alexa app\\n(user links the account)", shape=ellipse, fillcolor="#d6eaf8"];`,
    `  ${quote(ALEXA)} [label="Alexa service\\n(skill requests, events, token refresh)", shape=ellipse, fillcolor="#d6eaf8"];`,
  ];

  for (const [index, stack] of sorted.entries()) {
    const resources = Object.entries(stack.template.Resources ?? {});
    lines.push(`  subgraph cluster_${index} {`);
    lines.push(`    label=${quote(`${stack.name} (${stack.region})`)};`);
    lines.push('    style=rounded; color="#888888";');
    for (const [logicalId, resource] of resources) {
      const shape = DRAWN[resource.Type];
      if (!shape) continue;
      const id = nodeId(stack.name, logicalId);
      drawn.add(id);
      lines.push(
        `    ${quote(id)} [label=${quote(labelOf(stack, logicalId, resource.Type, resource.Metadata))}, shape=${shape.shape}];`
      );
    }
    const alarms = resources.filter(([, r]) => r.Type === ALARM);
    if (alarms.length > 0) {
      const names = alarms.map(
        ([id, r]) =>
          (typeof r.Metadata?.['aws:cdk:path'] === 'string'
            ? (r.Metadata['aws:cdk:path'] as string)
            : id
          )
            .split('/')
            .slice(-2, -1)[0] ?? id
      );
      drawn.add(alarmNode(stack.name));
      lines.push(
        `    ${quote(alarmNode(stack.name))} [label=${quote(`${alarms.length} CloudWatch alarms\\n${names.join('\\n')}`)}, shape=note];`
      );
    }
    lines.push('  }');
  }

  const edges = new Set<string>();
  const edge = (from: string, to: string, label?: string) => {
    if (from === to || (!drawn.has(to) && to !== ALEXA && to !== ALEXA_APP)) return;
    edges.add(`  ${quote(from)} -> ${quote(to)}${label ? ` [label=${quote(label)}]` : ''};`);
  };
  const byName = new Map(sorted.map((s) => [s.name, s]));
  for (const stack of sorted) {
    const resources = stack.template.Resources ?? {};
    const drawnIdOf = (logicalId: string): string | undefined => {
      const type = resources[logicalId]?.Type;
      if (type === ALARM) return alarmNode(stack.name);
      return type && DRAWN[type] ? nodeId(stack.name, logicalId) : undefined;
    };
    for (const [logicalId, resource] of Object.entries(resources)) {
      const props = resource.Properties;
      if (resource.Type === 'AWS::Lambda::Permission') {
        const p = props as { Principal?: unknown; FunctionName?: unknown };
        const target = localReferences(p.FunctionName)[0];
        const fn = target && drawnIdOf(target);
        if (p.Principal === 'alexa-appkit.amazon.com' && fn)
          edges.add(`  ${quote(ALEXA)} -> ${quote(fn)} [label="invokes"];`);
        continue;
      }
      const from = drawnIdOf(logicalId);
      if (!from) continue;
      if (resource.Type === 'AWS::Cognito::UserPoolDomain') {
        edges.add(`  ${quote(ALEXA_APP)} -> ${quote(from)} [label="signs in"];`);
      }
      if (resource.Type === 'AWS::Cognito::UserPoolClient') {
        edges.add(`  ${quote(ALEXA)} -> ${quote(from)} [label="/oauth2/token"];`);
      }
      for (const target of localReferences(props)) {
        const to = drawnIdOf(target);
        if (to) edge(from, to);
      }
      for (const [producerName, outputName] of stackOutputReferences(props)) {
        const producer = byName.get(producerName);
        const value = producer?.template.Outputs?.[outputName]?.Value;
        for (const target of localReferences(value)) {
          const type = producer?.template.Resources?.[target]?.Type;
          if (producer && type && DRAWN[type])
            edge(from, nodeId(producer.name, target), 'cross-region');
        }
      }
    }
  }
  return [...lines, ...[...edges].sort(), '}', ''].join('\n');
}
