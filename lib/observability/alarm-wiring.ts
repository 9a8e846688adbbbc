import { Stack, Token } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import { assertIsMetricsStage } from './metrics-stage';

/** The `Stage` dimension an observability construct reads: its `stage` prop, else the stack's name. */
export function metricsStageOf(scope: IConstruct, stage: string | undefined): string {
  const resolved = stage ?? Stack.of(scope).stackName;
  if (!Token.isUnresolved(resolved)) assertIsMetricsStage(resolved);
  return resolved;
}

/**
 * What each alarm of an observability construct gets: the topic notified on ALARM and on OK, and
 * a place in the construct's `alarms` list. Returns the function that does both to an alarm.
 */
export function notifyingAlarms(topic: ITopic, alarms: Alarm[]): (created: Alarm) => Alarm {
  const action = new SnsAction(topic);
  return (created) => {
    created.addAlarmAction(action);
    created.addOkAction(action);
    alarms.push(created);
    return created;
  };
}
