import { Match, Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { ManagedLoginVersion, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { SignInDomain, type SignInDomainProps } from '../../lib/identity/sign-in-domain';
import { newStack } from '../support/infra';

const CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

function domainStack(props: (stack: Stack) => Partial<SignInDomainProps>) {
  const stack = newStack();
  const userPool = new UserPool(stack, 'Pool');
  const domain = new SignInDomain(stack, 'Domain', { userPool, ...props(stack) });
  return { stack, domain, template: Template.fromStack(stack) };
}

describe('SignInDomain', () => {
  test('uses the Cognito prefix domain with the newer managed login by default', () => {
    const { template, stack, domain } = domainStack(() => ({ domainPrefix: 'acme-alexa-sign-in' }));
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'acme-alexa-sign-in',
      ManagedLoginVersion: 2,
      CustomDomainConfig: Match.absent(),
    });
    expect(stack.resolve(domain.hostName)).toEqual({
      'Fn::Select': [
        2,
        {
          'Fn::Split': [
            '/',
            {
              'Fn::Join': [
                '',
                [
                  'https://',
                  { Ref: stack.getLogicalId(domain.node.defaultChild as CfnElement) },
                  '.auth.',
                  { Ref: 'AWS::Region' },
                  '.amazoncognito.com',
                ],
              ],
            },
          ],
        },
      ],
    });
  });

  test('serves the classic hosted UI on request', () => {
    domainStack(() => ({
      domainPrefix: 'acme',
      managedLoginVersion: ManagedLoginVersion.CLASSIC_HOSTED_UI,
    })).template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 1 });
  });

  test('uses a custom domain with its certificate', () => {
    const { template, domain } = domainStack((stack) => ({
      customDomain: {
        domainName: 'login.example.com',
        certificate: Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN),
      },
    }));
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'login.example.com',
      CustomDomainConfig: { CertificateArn: CERTIFICATE_ARN },
    });
    expect(domain.hostName).toBe('login.example.com');
    expect(domain.isCustomDomain).toBe(true);
  });

  test('fails when neither a prefix nor a custom domain is given', () => {
    expect(() => domainStack(() => ({}))).toThrow(
      /Invalid domainPrefix: received nothing \(the setting is missing\)\. Expected a Cognito domain prefix/
    );
  });

  test('fails when both a prefix and a custom domain are given', () => {
    expect(() =>
      domainStack((stack) => ({
        domainPrefix: 'acme',
        customDomain: {
          domainName: 'login.example.com',
          certificate: Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN),
        },
      }))
    ).toThrow(
      /Invalid domainPrefix: received "acme"\. Expected no domainPrefix when customDomain is set/
    );
  });

  test('fails when the prefix contains a word Cognito reserves', () => {
    expect(() => domainStack(() => ({ domainPrefix: 'my-cognito-login' }))).toThrow(
      /Invalid domainPrefix: received "my-cognito-login"/
    );
  });

  test('fails when the custom domain is a URL rather than a host name', () => {
    expect(() =>
      domainStack((stack) => ({
        customDomain: {
          domainName: 'https://login.example.com/',
          certificate: Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN),
        },
      }))
    ).toThrow(
      /Invalid customDomain: received "https:\/\/login\.example\.com\/"\. Expected a fully qualified host name/
    );
  });
});
