// Required on first use (see powertools-logger.ts for why this folder exists).
export { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
