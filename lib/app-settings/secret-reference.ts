/**
 * One rule for every Secrets Manager secret this project reads by name or ARN (the Skill
 * Management API credentials, a linking server's client secret, the Alexa events secret): which
 * SecretId to send and which ARN an IAM statement must name so GetSecretValue is allowed.
 *
 * A secret's real ARN ends in `-` and six random characters that Secrets Manager adds. A name or a
 * partial ARN does not know them, so a statement on `...:secret:<name>` matches nothing and every
 * read fails with AccessDenied (aws/aws-cdk#12411); the statement must name `...:secret:<name>-??????`.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
 */
import { Token } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** Secrets Manager's suffix: a hyphen and six characters, at the end of a complete ARN. */
const COMPLETE_ARN = /^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;
const ANY_ARN = /^arn:[^:]+:secretsmanager:/;

/** How a secret was named: by name, by a partial ARN (no suffix), or by its complete ARN. */
export type SecretReferenceForm = 'name' | 'partial-arn' | 'complete-arn';

/**
 * How a name-or-ARN setting is read: a complete ARN ends in the six-character suffix; any other
 * secretsmanager ARN is partial; everything else is a name.
 */
export function secretReferenceForm(nameOrArn: string): SecretReferenceForm {
  if (COMPLETE_ARN.test(nameOrArn)) return 'complete-arn';
  return ANY_ARN.test(nameOrArn) ? 'partial-arn' : 'name';
}

/**
 * The resource an IAM statement names to allow reading `secret`: its complete ARN when known,
 * else its partial ARN followed by `-??????` (exactly the six suffix characters, so a secret
 * named `<name>-other` is not matched).
 */
export function secretIamResourceArn(secret: ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

/**
 * Lets `role` read one secret at run time, `GetSecretValue` on it alone (no DescribeSecret, no
 * other secret), imported by name or ARN as `id` in `scope`.
 */
export function allowGetSecretValue(
  scope: Construct,
  id: string,
  role: IRole,
  secretNameOrArn: string
): void {
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretIamResourceArn(secretReference(scope, id, secretNameOrArn).secret)],
    })
  );
}

/** The SecretId for GetSecretValue: the complete ARN when known, else the name (or the partial ARN). */
export function secretIdOf(secret: ISecret): string {
  return secret.secretFullArn ?? secret.secretArn;
}

/** An imported secret, and the SecretId and IAM resource to read it with. */
export interface SecretReference {
  /** The imported secret (no resource is created). */
  readonly secret: ISecret;
  /** What GetSecretValue's SecretId gets: the ARN as given, or the name. */
  readonly secretId: string;
  /** What an IAM statement allowing GetSecretValue names. */
  readonly iamResourceArn: string;
  /** How it was named. */
  readonly form: SecretReferenceForm;
}

/** Imports a secret from a name or an ARN (partial or complete) with the ARN rule above. */
export function secretReference(scope: Construct, id: string, nameOrArn: string): SecretReference {
  const form = Token.isUnresolved(nameOrArn) ? 'name' : secretReferenceForm(nameOrArn);
  const secret =
    form === 'complete-arn'
      ? Secret.fromSecretCompleteArn(scope, id, nameOrArn)
      : form === 'partial-arn'
        ? Secret.fromSecretPartialArn(scope, id, nameOrArn)
        : Secret.fromSecretNameV2(scope, id, nameOrArn);
  return {
    secret,
    secretId: form === 'name' ? nameOrArn : secretIdOf(secret),
    iamResourceArn: secretIamResourceArn(secret),
    form,
  };
}
