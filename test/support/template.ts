/** Helpers that read a synthesized template as plain JSON. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The template with what changes between machines and commits replaced: asset hashes (in S3 keys,
 * asset paths and parameters), so that the snapshot only moves when the infrastructure does.
 */
export function normalizeTemplate(template: Json): Json {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>')) as Json;
}

/** Every node in a JSON tree, with its path, depth first. */
export function* walk(node: Json, path: string[] = []): Generator<{ node: Json; path: string[] }> {
  yield { node, path };
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) yield* walk(child, [...path, String(i)]);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) yield* walk(child, [...path, key]);
  }
}

/** Paths in the template that read a client secret: a GetAtt of ClientSecret, or a custom resource that could. */
export function clientSecretReads(template: Json): string[] {
  const found: string[] = [];
  for (const { node, path } of walk(template)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && /ClientSecret/i.test(getAtt[1])) {
      found.push(path.join('.'));
    }
    if (typeof getAtt === 'string' && /\.ClientSecret/i.test(getAtt)) found.push(path.join('.'));
    if (
      typeof node.Type === 'string' &&
      /DescribeCognitoUserPoolClient|DescribeUserPoolClient/i.test(node.Type)
    ) {
      found.push(path.join('.'));
    }
  }
  return found;
}
