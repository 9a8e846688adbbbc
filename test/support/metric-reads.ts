/** Every metric a synthesized template's alarms and dashboards read, as CloudWatch identifies it. */

export interface MetricRead {
  /** `alarm <logical ID>` or `dashboard <logical ID>`. */
  readonly reader: string;
  readonly namespace: string;
  readonly name: string;
  /** Every dimension, name to value: CloudWatch matches a metric on all of them. */
  readonly dimensions: Record<string, unknown>;
}

type Resource = { Type: string; Properties: Record<string, unknown> };
type Dimension = { Name: string; Value: unknown };

const dimensionMap = (dimensions: Dimension[] | undefined) =>
  Object.fromEntries((dimensions ?? []).map((d) => [d.Name, d.Value]));

function alarmReads(logicalId: string, props: Record<string, unknown>): MetricRead[] {
  const reader = `alarm ${logicalId}`;
  if (props.MetricName !== undefined) {
    return [
      {
        reader,
        namespace: props.Namespace as string,
        name: props.MetricName as string,
        dimensions: dimensionMap(props.Dimensions as Dimension[]),
      },
    ];
  }
  type Query = {
    MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] } };
  };
  return ((props.Metrics as Query[]) ?? []).flatMap((query) =>
    query.MetricStat
      ? [
          {
            reader,
            namespace: query.MetricStat.Metric.Namespace,
            name: query.MetricStat.Metric.MetricName,
            dimensions: dimensionMap(query.MetricStat.Metric.Dimensions),
          },
        ]
      : []
  );
}

/**
 * The dashboard body is a Fn::Join of JSON text and references (region, function names); the
 * references sit inside JSON strings, so a placeholder in their place leaves valid JSON.
 */
function dashboardReads(logicalId: string, props: Record<string, unknown>): MetricRead[] {
  const body = props.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  const { widgets } = JSON.parse(text) as { widgets: { properties?: { metrics?: unknown[][] } }[] };
  return widgets.flatMap((widget) =>
    (widget.properties?.metrics ?? []).map((row) => {
      const [namespace, name, ...rest] = row;
      const pairs = rest.filter((item) => typeof item === 'string') as string[];
      const dimensions: Record<string, unknown> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i] as string] = pairs[i + 1];
      return {
        reader: `dashboard ${logicalId}`,
        namespace: namespace as string,
        name: name as string,
        dimensions,
      };
    })
  );
}

export function metricReads(template: { Resources: Record<string, Resource> }): MetricRead[] {
  return Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
    if (resource.Type === 'AWS::CloudWatch::Alarm')
      return alarmReads(logicalId, resource.Properties);
    if (resource.Type === 'AWS::CloudWatch::Dashboard')
      return dashboardReads(logicalId, resource.Properties);
    return [];
  });
}
