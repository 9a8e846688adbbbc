/**
 * A failure message for the command-line tools, with a hint when the AWS SDK lacks credentials or
 * a region; `offlineMode` names the option that works without either (link-config's --from-cdk-out).
 */
export function describeFailure(error: unknown, offlineMode?: string): string {
  const { name = '', message = String(error) } = (error ?? {}) as {
    name?: string;
    message?: string;
  };
  const offline = offlineMode ? ` Or run with ${offlineMode}, which needs neither.` : '';
  if (/Region is missing/i.test(message))
    return `${message}: set AWS_REGION (or a region in your AWS profile).${offline}`;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return `${message}: this command reads the deployed stack, so it needs AWS credentials (AWS_PROFILE or the usual environment variables).${offline}`;
  }
  if (name === 'ValidationError' && /does not exist/.test(message))
    return `${message}: deploy the stack first, or pass --stack <name>.`;
  return message;
}
