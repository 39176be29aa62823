import { EMPTY_BODY, type HttpRequest, type HttpResponse } from '../../sim/index.ts';
import type { Services } from '../services.ts';
import { serveObject, storageError } from '../storage/download.ts';
import { ARTIFACT_STORAGE_PATH_PREFIX } from '../storage/links.ts';

/**
 * The object-storage host: serves artifact bytes at the pre-signed links
 * the API handed out, and refuses as S3 does (403 for an expired or altered
 * link, 404 for an artifact deleted since).
 */
export function serveStorage(
  services: Services,
  request: HttpRequest,
  path: string,
  query: string,
  requestId: string,
): HttpResponse {
  const response = answerStorage(services, request, path, query, requestId);
  // A HEAD answer never has a body, refusals included.
  return request.method === 'HEAD' && response.body.length > 0
    ? { ...response, body: EMPTY_BODY }
    : response;
}

function answerStorage(
  services: Services,
  request: HttpRequest,
  path: string,
  query: string,
  requestId: string,
): HttpResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return storageError(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      requestId,
    );
  }
  if (!path.startsWith(ARTIFACT_STORAGE_PATH_PREFIX)) {
    return storageError(
      404,
      'NoSuchBucket',
      'The specified bucket does not exist',
      requestId,
    );
  }
  const check = services.links.check(path, query);
  if (!check.ok) return storageError(403, check.refusal, check.message, requestId);
  const artifact = services.context.state.artifacts[check.artifactId];
  const contents = services.artifacts.contents(check.artifactId);
  if (artifact === undefined || contents === undefined) {
    return storageError(404, 'NoSuchKey', 'The specified key does not exist.', requestId);
  }
  return serveObject(
    request,
    {
      bytes: contents.bytes,
      etag: contents.etag,
      lastModifiedUnixMs: services.context.clock.toUnixMs(artifact.modifiedAt),
      disposition: check.disposition,
    },
    requestId,
  );
}
