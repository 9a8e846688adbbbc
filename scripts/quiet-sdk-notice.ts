/**
 * Imported first by the scripts that build AWS SDK clients (bench, doctor, link-config, linking-log, migrate-device-table). On Node.js 20
 * the SDK prints a 9-line notice when it builds its first client (releases after January 2027
 * need Node.js 22), so every run printed it, `--help` included. The Prerequisites in docs/getting-started.md say
 * it once; the commands stay quiet. Setting the variable to anything else brings the notice back.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};
