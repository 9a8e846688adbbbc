import { Fn, Token } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { ManagedLoginVersion, UserPoolDomain, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { assertIsValidDomainPrefix } from './domain-prefix';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';

/** A custom sign-in host name and its ACM certificate (in us-east-1). */
export interface SignInDomainCustomDomain {
  /** The fully qualified sign-in host, e.g. `login.example.com`. */
  readonly domainName: string;
  /** An ACM certificate for `domainName` in us-east-1 (Cognito serves it through CloudFront). */
  readonly certificate: ICertificate;
}

/** Props of SignInDomain: a Cognito prefix domain or a custom domain. */
export interface SignInDomainProps {
  /** The user pool whose sign-in pages the domain serves. */
  readonly userPool: IUserPool;

  /**
   * Prefix of the Cognito domain `https://<prefix>.auth.<region>.amazoncognito.com`.
   * Required unless `customDomain` is set.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
   * @default - none; `customDomain` is used
   */
  readonly domainPrefix?: string;

  /**
   * Your own sign-in domain instead of the Cognito prefix domain. After deploying, point a DNS
   * alias (CNAME or Route 53 alias) at the stack's `SignInDomainCloudFrontTarget` output.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
   * @default - the Cognito prefix domain from `domainPrefix`
   */
  readonly customDomain?: SignInDomainCustomDomain;

  /**
   * Which sign-in pages the domain serves.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
   * @default ManagedLoginVersion.NEWER_MANAGED_LOGIN
   */
  readonly managedLoginVersion?: ManagedLoginVersion;
}

/** The hosted sign-in (managed login) domain that Alexa sends users to. */
export class SignInDomain extends UserPoolDomain {
  /** The host name of the sign-in pages, for the Alexa console's Domain List. */
  readonly hostName: string;
  /** Managed login or the classic hosted UI. */
  readonly managedLoginVersion: ManagedLoginVersion;
  /** True for your own host (`customDomain`), false for the Cognito prefix domain. */
  readonly isCustomDomain: boolean;

  constructor(scope: Construct, id: string, props: SignInDomainProps) {
    assertOneDomain(props);
    const managedLoginVersion =
      props.managedLoginVersion ?? ManagedLoginVersion.NEWER_MANAGED_LOGIN;
    super(scope, id, {
      userPool: props.userPool,
      cognitoDomain: props.domainPrefix ? { domainPrefix: props.domainPrefix } : undefined,
      customDomain: props.customDomain,
      managedLoginVersion,
    });
    this.managedLoginVersion = managedLoginVersion;
    this.isCustomDomain = props.customDomain !== undefined;
    // baseUrl() is https://<host>; the host is its third '/'-separated part.
    this.hostName = props.customDomain?.domainName ?? Fn.select(2, Fn.split('/', this.baseUrl()));
  }
}

function assertOneDomain(props: SignInDomainProps): void {
  const { domainPrefix, customDomain } = props;
  if (domainPrefix !== undefined && customDomain !== undefined) {
    throw new InvalidSettingError(
      'domainPrefix',
      domainPrefix,
      `no domainPrefix when customDomain is set (received customDomain ${JSON.stringify(customDomain.domainName)}); set one or the other`
    );
  }
  if (customDomain !== undefined) {
    if (!Token.isUnresolved(customDomain.domainName) && !isHostName(customDomain.domainName)) {
      throw new InvalidSettingError(
        'customDomain',
        customDomain.domainName,
        'a fully qualified host name without scheme or path (e.g. "login.example.com")'
      );
    }
    return;
  }
  if (domainPrefix === undefined || domainPrefix === '') {
    throw new InvalidSettingError(
      'domainPrefix',
      domainPrefix,
      'a Cognito domain prefix (e.g. "acme-alexa-sign-in"), or a customDomain with its certificate'
    );
  }
  if (!Token.isUnresolved(domainPrefix)) assertIsValidDomainPrefix(domainPrefix);
}

const HOST_LABEL = /^[a-z0-9-]{1,63}$/;

/** A lower-case DNS host name of at least two labels, e.g. login.example.com. */
function isHostName(value: string): boolean {
  const labels = value.split('.');
  return (
    value.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => HOST_LABEL.test(l) && !l.startsWith('-') && !l.endsWith('-')) &&
    /^[a-z]{2,63}$/.test(labels[labels.length - 1] ?? '')
  );
}
