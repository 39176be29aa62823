import {
  EMPTY_BODY,
  emptyResponse,
  fromUtf8,
  jsonResponse,
  utf8,
  type HttpRequest,
  type HttpResponse,
} from '../../sim/index.ts';

/** A status PUT as the fake server received it. */
export interface ReceivedStatus {
  readonly deploymentId: string;
  readonly status: string;
}

/**
 * A minimal stand-in for the device API, for tests of the device alone
 * (src/devices may not import src/server). It accepts every device, offers
 * one deployment until a final status arrives, and records what it got.
 * Tests that need the real server's rules live in src/fleet.
 */
export class FakeDeviceApi {
  readonly statuses: ReceivedStatus[] = [];
  readonly requests: HttpRequest[] = [];
  private deployment:
    | { id: string; artifactName: string; artifact: Uint8Array; deviceTypes: string[] }
    | undefined;
  private finished = false;
  /** Answer every request with this failure instead (a refused connection). */
  refuse = false;
  /** Answer the next-deployment check with this status and headers, when set. */
  nextOverride: HttpResponse | undefined;

  offer(
    id: string,
    artifactName: string,
    artifact: Uint8Array,
    deviceTypes: string[],
  ): void {
    this.deployment = { id, artifactName, artifact, deviceTypes };
    this.finished = false;
  }

  statusesOf(id: string): string[] {
    return this.statuses
      .filter((entry) => entry.deploymentId === id)
      .map((entry) => entry.status);
  }

  readonly handle = (request: HttpRequest): HttpResponse => {
    if (this.refuse) throw new Error('Connection refused');
    this.requests.push(request);
    const url = new URL(request.url);
    const path = url.pathname;

    if (path === '/api/devices/v1/authentication/auth_requests') {
      return { status: 200, headers: [], body: utf8('jwt-for-tests') };
    }
    if (path.endsWith('/deployments/next')) {
      if (this.nextOverride !== undefined) return this.nextOverride;
      const offered = this.deployment;
      if (offered === undefined || this.finished) return emptyResponse(204);
      return jsonResponse(200, {
        id: offered.id,
        artifact: {
          artifact_name: offered.artifactName,
          source: { uri: `https://s3.example.com/artifacts/${offered.id}`, expire: '' },
          device_types_compatible: offered.deviceTypes,
        },
      });
    }
    const status = /\/deployments\/([^/]+)\/status$/.exec(path);
    if (status !== null) {
      const body = JSON.parse(fromUtf8(request.body)) as { status: string };
      this.statuses.push({ deploymentId: status[1]!, status: body.status });
      if (body.status === 'success' || body.status === 'failure') this.finished = true;
      return emptyResponse(204);
    }
    if (path.endsWith('/log')) return emptyResponse(204);
    if (path === '/api/devices/v1/inventory/device/attributes') return emptyResponse(200);
    if (url.host === 's3.example.com' && this.deployment !== undefined) {
      return { status: 200, headers: [], body: this.deployment.artifact };
    }
    return { status: 404, headers: [], body: EMPTY_BODY };
  };
}
