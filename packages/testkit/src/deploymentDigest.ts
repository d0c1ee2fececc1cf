import { type Deployment, digestOf, resolveDeployment } from './deploymentUtils.js';

/**
 * The `DEBUG DIGEST` of a deployment (all dbs of a standalone server). For a cluster, the
 * masters' digests are combined so the result equals that of one server holding the same keys.
 */
export async function deploymentDigest(deployment: Deployment): Promise<string> {
  return digestOf(await resolveDeployment(deployment));
}
