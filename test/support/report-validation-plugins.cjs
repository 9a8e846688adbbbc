// Preloaded (node -r) into a child process that runs bin/app.ts: reports on stderr which
// validation plugins the app registers, and whether aws-cdk-lib's built-in CloudFormation
// validation ran as well (it must not: the app runs it through the validation cache).
const cdk = require('aws-cdk-lib');

const of = cdk.Validations.of.bind(cdk.Validations);
cdk.Validations.of = (scope) => {
  const validations = of(scope);
  const addPlugins = validations.addPlugins.bind(validations);
  validations.addPlugins = (...plugins) => {
    process.stderr.write(`plugins=${JSON.stringify(plugins.map((p) => p.name))}\n`);
    return addPlugins(...plugins);
  };
  return validations;
};

const builtin = cdk.CloudFormationValidatePlugin._singletonInstance;
cdk.CloudFormationValidatePlugin._singletonInstance = (...args) => {
  process.stderr.write('builtin-validation-ran\n');
  return builtin.apply(cdk.CloudFormationValidatePlugin, args);
};
