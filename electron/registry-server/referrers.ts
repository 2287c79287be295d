// Referrers API (OCI distribution spec 1.1): GET /v2/<name>/referrers/<digest>[?artifactType=].
// Answers an OCI image index of the manifests whose `subject` is <digest>.
import { type Ctx, repoName, requireDigest, sendJson } from './context.js';
import { mediaTypes, parseManifest } from './manifest-format.js';
import { digestString } from './names.js';

export async function listReferrers(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const subject = requireDigest(ctx.params.digest);
  const filter = ctx.query.get('artifactType');
  const { store } = ctx.core;
  const manifests: Record<string, unknown>[] = [];
  for (const d of await store.listReferrers(repo, subject)) {
    const bytes = await store.readBlob(d);
    if (!bytes) continue;
    let m;
    try {
      m = parseManifest(bytes);
    } catch {
      continue;
    }
    if (filter !== null && m.artifactType !== filter) continue;
    const desc: Record<string, unknown> = {
      mediaType: m.mediaType,
      digest: digestString(d),
      size: bytes.length,
    };
    if (m.artifactType) desc.artifactType = m.artifactType;
    if (m.annotations) desc.annotations = m.annotations;
    manifests.push(desc);
  }
  manifests.sort((a, b) => String(a.digest).localeCompare(String(b.digest)));
  const headers: Record<string, string> = { 'Content-Type': mediaTypes.ociIndex };
  if (filter !== null) headers['OCI-Filters-Applied'] = 'artifactType';
  sendJson(ctx, 200, { schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests }, headers);
}
