import {
  ALEXA_REDIRECT_HOSTS,
  alexaRedirectUrls,
  isAlexaVendorId,
} from '../../lib/identity/alexa-redirect-urls';
import { assertIsValidDomainPrefix, isValidDomainPrefix } from '../../lib/identity/domain-prefix';
import { isHttpsUrl } from '../../lib/app-settings/https-url';
import { assertIsMetricsStage, isMetricsStage } from '../../lib/observability/metrics-stage';
import { skillMetricDimensions } from '../../lambda/core/metric-names';

describe('alexaRedirectUrls', () => {
  test('builds one redirect URL per Alexa region from the vendor ID', () => {
    expect(alexaRedirectUrls('M2AAAAAAAAAAAA')).toEqual([
      'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
      'https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
      'https://alexa.amazon.co.jp/api/skill/link/M2AAAAAAAAAAAA',
    ]);
    expect(ALEXA_REDIRECT_HOSTS).toHaveLength(3);
  });

  test.each(['m2aaaaaaaaaaaa', 'M2 AAAAAAAAAA', 'M2/../x', '', 'ABC', 'M2AAAAAAAAAAAA?x=1'])(
    'fails when the vendor ID is %j',
    (vendorId) => {
      expect(isAlexaVendorId(vendorId)).toBe(false);
      expect(() => alexaRedirectUrls(vendorId)).toThrow(
        /Invalid alexaVendorId: received .*Expected 6 to 32 upper-case letters and digits/
      );
    }
  );
});

describe('domain prefix', () => {
  test.each(['a', 'acme', 'acme-alexa-sign-in', '0-9', 'a'.repeat(63)])('accepts %j', (prefix) => {
    expect(isValidDomainPrefix(prefix)).toBe(true);
  });

  test.each([
    ['empty', ''],
    ['too long', 'a'.repeat(64)],
    ['upper case', 'Acme'],
    ['an underscore', 'acme_login'],
    ['a leading hyphen', '-acme'],
    ['a trailing hyphen', 'acme-'],
    ['a dot', 'acme.login'],
    ['"aws"', 'my-aws-login'],
    ['"amazon"', 'amazonlogin'],
    ['"cognito"', 'acme-cognito'],
  ])('fails when the prefix has %s', (_what, prefix) => {
    expect(isValidDomainPrefix(prefix)).toBe(false);
    expect(() => assertIsValidDomainPrefix(prefix)).toThrow(
      new RegExp(
        `Invalid domainPrefix: received ${JSON.stringify(prefix)}\\. Expected 1 to 63 characters of a-z, 0-9 and -`
      )
    );
  });
});

describe('isHttpsUrl', () => {
  test.each([
    ['https://app.example.com/alexa/link', true],
    ['https://localhost:8443/cb', true],
    ['http://app.example.com/cb', false],
    ['app.example.com/cb', false],
    [' https://app.example.com/cb', false],
    ['javascript:alert(1)', false],
    ['', false],
  ])('%j is an https URL: %s', (url, expected) => {
    expect(isHttpsUrl(url)).toBe(expected);
  });
});

describe('metrics stage', () => {
  test.each(['dev', 'prod', 'AlexaAccountLinking-dev', 'a', 'x'.repeat(255), '!~'])(
    'accepts %j',
    (stage) => {
      expect(isMetricsStage(stage)).toBe(true);
      expect(() => assertIsMetricsStage(stage)).not.toThrow();
    }
  );

  test.each(['', ' dev', 'dev ', 'my stage', 'x'.repeat(256), 'dév', 'a\tb', 'a\nb'])(
    'fails when the stage is %j',
    (stage) => {
      expect(isMetricsStage(stage)).toBe(false);
      expect(() => assertIsMetricsStage(stage)).toThrow(
        /^Invalid stage: received ".*"\. Expected 1 to 255 printable characters without spaces, the same in the skill function and its alarms \(e\.g\. "dev" or "prod"\)\.$/s
      );
    }
  );

  test('every skill metric of a stage carries the service and that stage, nothing else', () => {
    expect(skillMetricDimensions('prod')).toEqual({
      service: 'alexa-account-linking-skill',
      Stage: 'prod',
    });
    expect(skillMetricDimensions('dev')).not.toEqual(skillMetricDimensions('prod'));
  });
});
