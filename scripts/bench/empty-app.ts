/**
 * The synth floor: one empty stack, launched the way this project's app is (`node --import tsx`),
 * synthesized through the same CDK CLI. `npm run bench` compares `npm run synth` with it.
 */
import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';

const app = new App();
// A stack needs one resource to synthesize; a wait condition handle is the smallest there is.
new CfnWaitConditionHandle(new Stack(app, 'EmptyStack'), 'Nothing');
