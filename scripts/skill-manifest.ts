/** Entry of `npm run skill-manifest`; see skill-manifest/command.ts. */
import { runSkillManifest } from './skill-manifest/command';

runSkillManifest(process.argv.slice(2), {
  cwd: process.cwd(),
  print: (line) => console.log(line),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`skill-manifest: ${(error as Error).message}`);
    process.exitCode = 1;
  }
);
