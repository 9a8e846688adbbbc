import type { Json } from '../support/template';
import { normalizeTemplate } from '../support/template';
import { describeRiskyChanges, riskyChanges } from '../support/replacement-guard';
import { readTemplateSnapshot } from '../support/template-snapshot';
import { synthAccountLinkingStack } from '../support/infra';

const synthesized = (context: Record<string, unknown> = {}) =>
  normalizeTemplate(synthAccountLinkingStack(context).template.toJSON() as Json) as Record<
    string,
    Json
  >;

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, Json> }> };
const clone = (template: Record<string, Json>) => JSON.parse(JSON.stringify(template)) as Template;

describe('replacement guard', () => {
  test('the synthesized template replaces, deletes or orphans nothing that holds users or links', () => {
    const changes = riskyChanges(readTemplateSnapshot(), synthesized());
    // The message names each resource and property, so a failing CI run says what to undo.
    expect(describeRiskyChanges(changes)).toBe('');
  });

  test('fails when a new domain prefix would replace the sign-in domain', () => {
    const changes = riskyChanges(
      readTemplateSnapshot(),
      synthesized({ domainPrefix: 'another-prefix' })
    );
    expect(describeRiskyChanges(changes)).toBe(
      'AWS::Cognito::UserPoolDomain AccountLinkingDomainEE54AF78 WILL_REPLACE because of Domain'
    );
  });

  test('fails when a renamed construct would orphan the pool and replace client and domain', () => {
    const committed = readTemplateSnapshot();
    const renamed = clone(committed);
    for (const id of Object.keys(renamed.Resources).filter((k) =>
      k.startsWith('AccountLinkingUserPool')
    )) {
      renamed.Resources[`Renamed${id}`] = renamed.Resources[id] as Template['Resources'][string];
      delete renamed.Resources[id];
    }
    const described = describeRiskyChanges(
      riskyChanges(committed, renamed as unknown as Record<string, Json>)
    );
    expect(described).toContain(
      'AWS::Cognito::UserPool AccountLinkingUserPool851FFDA4 WILL_ORPHAN'
    );
  });

  test('fails when the pool would be deleted along with its users', () => {
    const committed = clone(readTemplateSnapshot());
    // A pool without the Retain policy, then removed from the template.
    const withoutRetain = clone(committed as unknown as Record<string, Json>) as Template & {
      Resources: Record<string, Record<string, unknown>>;
    };
    const poolId = 'AccountLinkingUserPool851FFDA4';
    delete (withoutRetain.Resources[poolId] as Record<string, unknown>).DeletionPolicy;
    const removed = clone(withoutRetain as unknown as Record<string, Json>);
    delete removed.Resources[poolId];
    expect(
      describeRiskyChanges(
        riskyChanges(
          withoutRetain as unknown as Record<string, Json>,
          removed as unknown as Record<string, Json>
        )
      )
    ).toContain(`AWS::Cognito::UserPool ${poolId} WILL_DESTROY`);
  });

  test('fails when the client would lose its secret (a new client, new credentials, every user unlinked)', () => {
    const committed = readTemplateSnapshot();
    const changed = clone(committed);
    (
      changed.Resources.AccountLinkingAlexaClientEAFF6DFA as { Properties: Record<string, Json> }
    ).Properties.GenerateSecret = false;
    expect(
      describeRiskyChanges(riskyChanges(committed, changed as unknown as Record<string, Json>))
    ).toBe(
      'AWS::Cognito::UserPoolClient AccountLinkingAlexaClientEAFF6DFA WILL_REPLACE because of GenerateSecret'
    );
  });

  test('lets an in-place update through', () => {
    expect(
      riskyChanges(readTemplateSnapshot(), synthesized({ mfa: 'required', scopes: 'openid,email' }))
    ).toEqual([]);
  });
});
