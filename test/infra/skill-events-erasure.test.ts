import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { SkillFunction } from '../../lib/skill-functions/skill-function';
import { allowUserDataErasure } from '../../lib/skill-functions/user-data-erasure';
import { SKILL_ID, newApp } from '../support/infra';

describe('allowUserDataErasure', () => {
  test('sets the eraser’s environment and grants only Query and BatchWriteItem on the table', () => {
    // GIVEN
    const stack = new Stack(newApp(), 'Erasure');
    const skill = new SkillFunction(stack, 'Skill', {
      skillId: SKILL_ID,
      linkingServer: { linkingServerName: 'cognito', functionEnvironment: {} },
    });
    const table = new Table(stack, 'State', {
      partitionKey: { name: 'userId', type: AttributeType.STRING },
      sortKey: { name: 'itemId', type: AttributeType.STRING },
    });
    // WHEN
    allowUserDataErasure(skill.skillFunction, table, 'itemId');
    // THEN
    const template = Template.fromStack(stack);
    const tableId = stack.getLogicalId(table.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_DATA_TABLE_NAME: { Ref: tableId },
          USER_DATA_TABLE_SORT_KEY: 'itemId',
          USER_DATA_TABLE_REGION: Match.absent(),
        }),
      },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } }).Properties
          .PolicyDocument.Statement
    );
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'dynamodb:BatchWriteItem'],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      },
    ]);
  });
});
