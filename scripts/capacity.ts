/** Entry of `npm run capacity`; see capacity/command.ts. */
import { runCapacity } from './capacity/command';

try {
  process.exitCode = runCapacity(process.argv.slice(2), {
    cwd: process.cwd(),
    print: (text) => console.log(text),
  });
} catch (error) {
  console.error(`capacity: ${(error as Error).message}`);
  process.exitCode = 1;
}
