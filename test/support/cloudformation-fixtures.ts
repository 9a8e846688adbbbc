import type { DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';

/** What DescribeStacks answers for one deployed stack with these outputs. */
export function describeStacksAnswer(
  stackName: string,
  outputs: Readonly<Record<string, string>>
): Pick<DescribeStacksCommandOutput, 'Stacks'> {
  return {
    Stacks: [
      {
        StackName: stackName,
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
          OutputKey,
          OutputValue,
        })),
      },
    ],
  };
}
