import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { architectureDot, type AssemblyStack } from '../../scripts/diagram-dot';
import { readAssembly, synthesizeForDiagram } from '../../scripts/diagram-synth';

const ROOT = path.join(__dirname, '..', '..');
const COMMITTED = path.join(ROOT, 'docs', 'architecture.dot');

describe('the architecture picture', () => {
  let dot: string;
  beforeAll(() => {
    const assembly = synthesizeForDiagram(ROOT);
    try {
      dot = architectureDot(readAssembly(assembly));
    } finally {
      fs.rmSync(assembly, { recursive: true, force: true });
    }
  });

  test('the committed docs/architecture.dot is what a fresh synth draws (else: npm run diagram)', () => {
    const committed = fs.readFileSync(COMMITTED, 'utf8');
    expect({ upToDate: committed === dot, fix: 'npm run diagram, then commit docs/' }).toEqual({
      upToDate: true,
      fix: 'npm run diagram, then commit docs/',
    });
  });

  test('shows each stack with its region, and the home pool, domain and client once', () => {
    expect(dot.match(/label="AlexaAccountLinking-dev[^"]*\([a-z0-9-]+\)"/g)).toEqual([
      'label="AlexaAccountLinking-dev (us-east-1)"',
      'label="AlexaAccountLinking-dev-eu-west-1 (eu-west-1)"',
      'label="AlexaAccountLinking-dev-us-west-2 (us-west-2)"',
    ]);
    for (const kind of [
      'Cognito user pool',
      'sign-in domain (managed login)',
      'Alexa app client',
    ]) {
      expect(dot.split(kind).length - 1).toBe(1);
    }
    expect(dot.split('Lambda function').length - 1).toBe(3);
    expect(dot.split('6 CloudWatch alarms').length - 1).toBe(3);
  });

  test('each regional function points across regions at the home pool, and Alexa invokes every function', () => {
    for (const region of ['eu-west-1', 'us-west-2']) {
      expect(dot).toContain(
        `"AlexaAccountLinking-dev-${region}:SkillFunction4ADF40E6" -> "AlexaAccountLinking-dev:AccountLinkingUserPool851FFDA4" [label="cross-region"];`
      );
      expect(dot).toContain(
        `"alexa" -> "AlexaAccountLinking-dev-${region}:SkillFunction4ADF40E6" [label="invokes"];`
      );
    }
  });
});

describe('architectureDot', () => {
  test('draws tables, and an edge from a function that references one', () => {
    const stack: AssemblyStack = {
      name: 'S',
      region: 'eu-west-1',
      template: {
        Resources: {
          Table1: {
            Type: 'AWS::DynamoDB::Table',
            Metadata: { 'aws:cdk:path': 'S/State/Resource' },
          },
          Fn1: {
            Type: 'AWS::Lambda::Function',
            Properties: { Environment: { Variables: { T: { Ref: 'Table1' } } } },
          },
          Role1: { Type: 'AWS::IAM::Role' },
        },
      },
    };
    const dot = architectureDot([stack]);
    expect(dot).toContain('"S:Table1" [label="State\\nDynamoDB table", shape=cylinder];');
    expect(dot).toContain('"S:Fn1" -> "S:Table1";');
    expect(dot).not.toContain('Role1');
  });

  test('fails when the directory holds no cloud assembly', () => {
    expect(() => readAssembly(fs.mkdtempSync(path.join(os.tmpdir(), 'empty-')))).toThrow(
      /holds no cloud assembly \(manifest.json\): run npx cdk synth first/
    );
  });
});
