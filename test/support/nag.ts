import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/** The AwsSolutions findings recorded in a cloud assembly's validation report. */
export function nagFindings(assemblyDir: string): NagFinding[] {
  const reportPath = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(reportPath)) return [];
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: {
        ruleName: string;
        severity: string;
        violatingConstructs: { constructPath: string }[];
      }[];
    }[];
  };
  return report.pluginReports
    .filter((plugin) => plugin.pluginName !== 'Construct Annotations')
    .flatMap((plugin) =>
      plugin.violations.map((v) => ({
        rule: v.ruleName,
        severity: v.severity,
        paths: v.violatingConstructs.map((c) => c.constructPath),
      }))
    );
}

/** Synthesizes an app with the AwsSolutions pack, returning its findings whether or not synthesis failed on them. */
export function synthWithNag(app: App): NagFinding[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    if (!/ValidationFailed|Validation failed/.test(String(error))) throw error;
  }
  return nagFindings(app.outdir);
}

/** Every cdk-nag acknowledgement in the app: the construct it sits on, the rule and the reason. */
export function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        // Recorded as { '<plugin>::<rule id>': reason }.
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          path: construct.node.path,
          id: key.replace(/^.*::/, ''),
          reason,
        }))
      )
  );
}
