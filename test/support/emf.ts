/** The metrics in captured CloudWatch embedded metric format (EMF) lines, as CloudWatch reads them. */
export interface EmfMetric {
  readonly name: string;
  readonly value: unknown;
  readonly unit: string;
  readonly namespace: string;
  readonly dimensions: Record<string, unknown>;
}

interface EmfBlob {
  readonly _aws: {
    readonly CloudWatchMetrics: {
      readonly Namespace: string;
      readonly Dimensions: string[][];
      readonly Metrics: { readonly Name: string; readonly Unit: string }[];
    }[];
  };
}

export function emfMetrics(output: string): EmfMetric[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .flatMap((line) => {
      const blob = JSON.parse(line) as Record<string, unknown> & EmfBlob;
      return blob._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Metrics.map((m) => ({
          name: m.Name,
          unit: m.Unit,
          value: blob[m.Name],
          namespace: directive.Namespace,
          dimensions: Object.fromEntries((directive.Dimensions[0] ?? []).map((d) => [d, blob[d]])),
        }))
      );
    });
}
