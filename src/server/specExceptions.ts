/**
 * Where Mender's published OpenAPI document (shared/fixtures/openapi,
 * mender-server @ f954ef50) and the real server differ. The mock follows the
 * real server; each difference is listed here once, with its evidence. The
 * OpenAPI referee (referee/openapi.test.ts) accepts exactly these findings,
 * and fails on any other and on an exception nothing triggers any more.
 *
 * Source paths are in mendersoftware/mender-server under `backend/`;
 * "reference" is shared/reference/mender-server-api.md.
 */

export interface SpecException {
  readonly id: string;
  readonly kind:
    | 'route-not-in-spec'
    | 'good-request-invalid'
    | 'status-not-in-spec'
    | 'content-type-differs'
    | 'body-invalid';
  /**
   * `METHOD /path/as/in/the/spec/{param}` (or the server's route pattern for
   * a route the spec lacks). `*` as the method matches any; a trailing `*`
   * matches any rest of the path.
   */
  readonly operation: string;
  /** The response statuses it covers; all when absent. */
  readonly statuses?: readonly number[];
  /** What the real server does. */
  readonly behaviour: string;
  /** Where that is shown. */
  readonly evidence: string;
}

const STORAGE =
  'https://mender-artifacts.object-storage.test/mender-artifact-storage/:tenant/:artifact';

export const SPEC_EXCEPTIONS: readonly SpecException[] = [
  {
    id: 'auth-token-content-type',
    kind: 'content-type-differs',
    operation: 'POST /api/devices/v1/authentication/auth_requests',
    statuses: [200],
    behaviour:
      'The token is written bare with Content-Type application/jwt, not as a JSON string.',
    evidence:
      'services/deviceauth/api/http/api_devauth.go SubmitAuthRequestHandler (c.Header("Content-Type", "application/jwt")); SOURCES.md §3; reference §2.1 step 6.',
  },
  {
    id: 'gateway-401-device',
    kind: 'status-not-in-spec',
    operation: '* /api/devices/*',
    statuses: [401],
    behaviour:
      'Authenticated device routes answer 401 from the gateway (forward auth to deviceauth) for a missing, invalid, revoked or expired token; the service specs do not list it.',
    evidence:
      'docker-compose.yml traefik devStack middleware; services/deviceauth/api/http/api_devauth.go VerifyTokenHandler; SOURCES.md §3; reference §1.',
  },
  {
    id: 'gateway-401-management',
    kind: 'status-not-in-spec',
    operation: '* /api/management/*',
    statuses: [401],
    behaviour:
      'Management routes answer 401 from the gateway (forward auth to useradm) without a valid user token, also where the service spec omits 401.',
    evidence:
      'docker-compose.yml traefik mgmtStack middleware (forward auth) on every management router.',
  },
  {
    id: 'rate-limit-429',
    kind: 'status-not-in-spec',
    operation: '* /api/devices/*',
    statuses: [429],
    behaviour:
      'With rate limits on, authenticated device calls can get 429 with Retry-After in whole seconds (rounded up) and the JSON error body.',
    evidence:
      'pkg/rate/limit_http.go handleError; deviceauth api_devauth.go VerifyTokenHandler runs the limiter; SOURCES.md §3; reference §9.',
  },
  {
    id: 'next-v1-post',
    kind: 'route-not-in-spec',
    operation: 'POST /api/devices/v1/deployments/device/deployments/next',
    behaviour:
      'The open-source deployments service also takes POST next with {artifact_name, device_type, artifact_provides?}, behind a JSON Content-Type check.',
    evidence:
      'services/deployments/api/http/routing.go (devices POST ApiUrlDevicesDeploymentsNext with contenttype.CheckJSON); docs.mender.io "Get a next update satisfying dependencies"; SOURCES.md §3.',
  },
  {
    id: 'next-v2-enterprise',
    kind: 'route-not-in-spec',
    operation: 'POST /api/devices/v2/deployments/device/deployments/next',
    behaviour:
      'Hosted/Enterprise answers the v2 next endpoint ({device_provides, update_control_map}); the open-source profile answers 404 as the open-source server does.',
    evidence:
      'mender-mcu src/core/api.c mender_api_check_for_deployment (v2 first, v1 on 404); SOURCES.md §3; reference §2.3.',
  },
  {
    id: 'storage-download-get',
    kind: 'route-not-in-spec',
    operation: `GET ${STORAGE}`,
    behaviour:
      'Artifact links point at object storage (S3 pre-signed, 24 h), served with Range support and S3 XML errors (403 expired or altered link, 416 bad range).',
    evidence:
      'services/deployments/app/app.go getDeploymentInstructions (objectStorage.GetRequest, DefaultUpdateDownloadLinkExpire); SOURCES.md §3; reference §2.3.',
  },
  {
    id: 'storage-download-head',
    kind: 'route-not-in-spec',
    operation: `HEAD ${STORAGE}`,
    behaviour: 'Object storage answers HEAD on the same pre-signed links.',
    evidence:
      'S3 GetObject/HeadObject semantics behind the pre-signed link; reference §2.3.',
  },
  {
    id: 'artifact-upload-415',
    kind: 'status-not-in-spec',
    operation: 'POST /api/management/v1/deployments/artifacts',
    statuses: [415],
    behaviour:
      'A body that is not multipart/form-data or multipart/mixed gets 415 from the Content-Type guard.',
    evidence:
      'services/deployments/api/http/routing.go (contenttype.Middleware("multipart/form-data", "multipart/mixed")); pkg/contenttype/middleware.go.',
  },
  {
    id: 'deployment-id-not-uuid',
    kind: 'status-not-in-spec',
    operation: 'GET /api/management/v1/deployments/deployments/{id}',
    statuses: [400],
    behaviour:
      'An id that is not a UUID is a 400 ("ID is not a valid UUID") before any lookup.',
    evidence:
      'services/deployments/api/http/api_deployments.go (govalidator.IsUUID check, ErrIDNotUUID, http.StatusBadRequest).',
  },
  {
    id: 'status-409-body',
    kind: 'content-type-differs',
    operation: 'PUT /api/devices/v1/deployments/device/deployments/{id}/status',
    statuses: [409],
    behaviour:
      'The 409 for an aborted deployment or a decommissioned device carries the JSON error ("Deployment aborted").',
    evidence:
      'services/deployments/api/http/api_deployments.go PutDeploymentStatusForDevice (d.view.RenderError(c, err, http.StatusConflict)); mender-mcu reads only the status.',
  },
  {
    id: 'devauth-404-no-body',
    kind: 'content-type-differs',
    operation: 'DELETE /api/management/v2/devauth/devices/{id}/auth/{aid}',
    statuses: [404],
    behaviour: 'Dismissing an unknown auth set answers a bare 404.',
    evidence:
      'services/deviceauth/api/http/api_devauth.go DeleteDeviceAuthSetHandler (c.Status(http.StatusNotFound)).',
  },
  {
    id: 'decommission-404-no-body',
    kind: 'content-type-differs',
    operation: 'DELETE /api/management/v2/devauth/devices/{id}',
    statuses: [404],
    behaviour: 'Decommissioning an unknown device answers a bare 404.',
    evidence:
      'services/deviceauth/api/http/api_devauth.go DecommissionDeviceHandler (c.Status(http.StatusNotFound)).',
  },
  {
    id: 'revoke-404-no-body',
    kind: 'content-type-differs',
    operation: 'DELETE /api/management/v2/devauth/tokens/{id}',
    statuses: [404],
    behaviour: 'Revoking an unknown token answers a bare 404.',
    evidence:
      'services/deviceauth/api/http/api_devauth.go DeleteTokenHandler (c.Status(http.StatusNotFound)).',
  },
];
