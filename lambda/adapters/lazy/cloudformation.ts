// Modules in lazy/ are required on first use, never imported at the top of a function's code:
// esbuild wraps a required module so it is evaluated when the require() runs, not at init. Each
// re-exports with an import so the bundle takes the package's ES module build, tree-shaken and
// sharing code with the rest of the bundle (a bare require() would take the CommonJS build).
export { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
