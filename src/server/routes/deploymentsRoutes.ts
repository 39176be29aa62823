import type { HttpRequest } from '../../sim/index.ts';
import { utf8 } from '../../sim/index.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import {
  mediaType,
  optionalBoolean,
  optionalString,
  readJsonObject,
  requireContentType,
} from '../http/body.ts';
import { paginate, readPaging } from '../http/paging.ts';
import { respond, respondJson } from '../http/responses.ts';
import type { RouteContext, Router } from '../http/router.ts';
import type { NewDeployment } from '../deployments/deployments.ts';
import {
  artifactView,
  deploymentView,
  deviceDeploymentView,
  deviceHistoryView,
  logText,
} from '../deployments/views.ts';
import type { Services } from '../services.ts';
import type { DeploymentRecord } from '../state.ts';
import { managementRoute } from './gateway.ts';

const BASE = '/api/management/v1/deployments';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** deployments' management API: releases, artifacts, deployments and reports. */
export function addDeploymentsRoutes(router: Router, services: Services): void {
  const { context, deployments, artifacts, links } = services;
  const { clock, state } = context;
  const route = (
    method: string,
    path: string,
    handler: (
      context: RouteContext,
    ) => ReturnType<typeof respond> | Promise<ReturnType<typeof respond>>,
    sizeLimited = true,
  ) =>
    router.add(method, `${BASE}${path}`, managementRoute(services, handler, sizeLimited));
  const deploymentOr404 = (id: string): DeploymentRecord => {
    if (!UUID.test(id)) throw badRequest('ID is not a valid UUID');
    const deployment = state.deployments[id];
    if (deployment === undefined) throw notFound('Resource not found');
    return deployment;
  };
  const artifactOr404 = (id: string) => {
    if (!UUID.test(id)) throw badRequest('ID is not a valid UUID');
    return artifacts.get(id);
  };
  const created = (requestId: string, deployment: DeploymentRecord) =>
    respond(201, requestId, undefined, undefined, [
      ['Location', `${BASE}/deployments/${deployment.id}`],
    ]);

  route('GET', '/deployments', ({ requestId, query, path }) => {
    const parameters = new URLSearchParams(query);
    const status = parameters.get('status') ?? '';
    if (!['', 'pending', 'inprogress', 'finished', 'aborted'].includes(status)) {
      throw badRequest(`unknown status ${status}`);
    }
    const search = parameters.get('search') ?? '';
    const ascending = (parameters.get('sort') ?? '').toLowerCase() === 'asc';
    const paging = readPaging(parameters);
    const matching = Object.values(state.deployments)
      .filter((deployment) => matchesStatus(deployment, status))
      .filter(
        (deployment) =>
          search === '' ||
          deployment.name.includes(search) ||
          deployment.artifactName.includes(search),
      )
      .sort((a, b) => (ascending ? a.sequence - b.sequence : b.sequence - a.sequence));
    const { page, headers } = paginate(matching, paging, path, parameters);
    return respondJson(
      200,
      requestId,
      page.map((deployment) => deploymentView(deployment, clock)),
      [...headers, ['X-Total-Count', String(matching.length)]],
    );
  });

  route('POST', '/deployments', ({ request, requestId }) => {
    requireContentType(request, 'application/json');
    const deployment = deployments.create(readNewDeployment(request), (group) =>
      acceptedDevices(services, group),
    );
    return created(requestId, deployment);
  });

  route('POST', '/deployments/group/:name', ({ request, requestId, params }) => {
    requireContentType(request, 'application/json');
    const group = params['name'] ?? '';
    const deployment = deployments.create(
      { ...readNewDeployment(request, true), group },
      (name) => acceptedDevices(services, name),
    );
    return created(requestId, deployment);
  });

  route('POST', '/deployments/statistics/list', ({ request, requestId }) => {
    requireContentType(request, 'application/json');
    const ids = readJsonObject(request, undefined, ['deployment_ids'])['deployment_ids'];
    if (ids !== undefined && ids !== null && !Array.isArray(ids)) {
      throw badRequest(
        `json: cannot unmarshal ${typeof ids === 'object' ? 'object' : typeof ids} into Go struct field DeploymentIDs.deployment_ids of type []string`,
      );
    }
    if (!Array.isArray(ids) || ids.length === 0) return respondJson(200, requestId, {});
    if (ids.length > 100 || !ids.every((id) => typeof id === 'string' && UUID.test(id))) {
      throw badRequest('deployment_ids: must contain 1 to 100 valid UUIDs.');
    }
    const found = ids
      .map((id) => state.deployments[id as string])
      .filter((deployment): deployment is DeploymentRecord => deployment !== undefined);
    if (found.length === 0) throw notFound('Deployment not found');
    return respondJson(
      200,
      requestId,
      found.map((deployment) => ({ id: deployment.id, stats: deployment.stats })),
    );
  });

  route('GET', '/deployments/releases', ({ requestId, query }) => {
    const name = new URLSearchParams(query).get('name');
    const byName = new Map<string, ReturnType<typeof artifactView>[]>();
    for (const artifact of artifacts.list()) {
      if (name !== null && name !== '' && artifact.name !== name) continue;
      const list = byName.get(artifact.name) ?? [];
      list.push(artifactView(artifact, clock));
      byName.set(artifact.name, list);
    }
    const releases = [...byName].map(([releaseName, list]) => ({
      Name: releaseName,
      Artifacts: list,
      ArtifactsCount: list.length,
    }));
    return respondJson(200, requestId, releases);
  });

  route('GET', '/deployments/devices/:id', ({ requestId, params, query, path }) => {
    const parameters = new URLSearchParams(query);
    // deployments lists a device's history at most 20 a page.
    const paging = readPaging(parameters, 20);
    const history = deployments.deviceDeploymentsFor(params['id'] ?? '');
    const { page, headers } = paginate(history, paging, path, parameters);
    return respondJson(
      200,
      requestId,
      page.map((record) =>
        deviceHistoryView(
          record,
          state.deployments[record.deploymentId],
          record.artifactId === undefined
            ? undefined
            : state.artifacts[record.artifactId],
          clock,
        ),
      ),
      [...headers, ['X-Total-Count', String(history.length)]],
    );
  });

  route('DELETE', '/deployments/devices/:id', ({ requestId, params }) => {
    deployments.abortForDevice(params['id'] ?? '');
    return respond(204, requestId);
  });

  route('GET', '/deployments/:id', ({ requestId, params }) =>
    respondJson(
      200,
      requestId,
      deploymentView(deploymentOr404(params['id'] ?? ''), clock),
    ),
  );

  route('GET', '/deployments/:id/statistics', ({ requestId, params }) =>
    respondJson(200, requestId, deploymentOr404(params['id'] ?? '').stats),
  );

  route('PUT', '/deployments/:id/status', ({ request, requestId, params }) => {
    requireContentType(request, 'application/json');
    const id = params['id'] ?? '';
    if (!UUID.test(id)) throw badRequest('ID is not a valid UUID');
    const status = readJsonObject(request, undefined, ['status'])['status'];
    // The real handler writes its 400 for any status but "aborted" and then,
    // lacking a `return`, goes on: later writes are ignored, but an unfinished
    // deployment is aborted all the same.
    const wrongStatus = status !== 'aborted';
    const deployment = state.deployments[id];
    if (deployment === undefined || deployment.status === 'finished') {
      if (wrongStatus) throw badRequest('unexpected deployment status');
      throw new ApiError(422, 'Deployment already finished');
    }
    deployments.abort(id);
    if (wrongStatus) throw badRequest('unexpected deployment status');
    return respond(204, requestId);
  });

  route('GET', '/deployments/:id/devices', ({ requestId, params }) => {
    const deployment = deploymentOr404(params['id'] ?? '');
    const records = deployments.deviceDeploymentsOf(deployment.id);
    return respondJson(
      200,
      requestId,
      records.map((record) =>
        deviceDeploymentView(
          record,
          record.artifactId === undefined
            ? undefined
            : state.artifacts[record.artifactId],
          clock,
        ),
      ),
    );
  });

  route('GET', '/deployments/:id/devices/list', ({ requestId, params, query, path }) => {
    const deployment = deploymentOr404(params['id'] ?? '');
    const parameters = new URLSearchParams(query);
    const paging = readPaging(parameters);
    const status = parameters.get('status');
    const records = deployments
      .deviceDeploymentsOf(deployment.id)
      .filter((record) => status === null || status === '' || record.status === status);
    const { page, headers } = paginate(records, paging, path, parameters);
    return respondJson(
      200,
      requestId,
      page.map((record) =>
        deviceDeploymentView(
          record,
          record.artifactId === undefined
            ? undefined
            : state.artifacts[record.artifactId],
          clock,
        ),
      ),
      [...headers, ['X-Total-Count', String(records.length)]],
    );
  });

  route('GET', '/deployments/:id/devices/:devid/log', ({ requestId, params }) => {
    const messages = deployments.logOf(params['id'] ?? '', params['devid'] ?? '');
    if (messages === undefined) throw notFound('Resource not found');
    return respond(200, requestId, utf8(logText(messages)), 'text/plain');
  });

  route('GET', '/artifacts', ({ requestId, query }) => {
    const name = new URLSearchParams(query).get('name');
    const list = artifacts
      .list()
      .filter((artifact) => name === null || name === '' || artifact.name === name);
    return respondJson(
      200,
      requestId,
      list.map((artifact) => artifactView(artifact, clock)),
    );
  });

  // Uploads are the one route without the 1 MiB request size guard.
  route(
    'POST',
    '/artifacts',
    async ({ request, requestId }) => {
      const { bytes, description } = await readArtifactUpload(request);
      const artifact = await artifacts.upload(bytes, description);
      deployments.artifactAdded(artifact);
      return respond(201, requestId, undefined, undefined, [
        ['Location', `${BASE}/artifacts/${artifact.id}`],
      ]);
    },
    false,
  );

  route('GET', '/artifacts/:id', ({ requestId, params }) =>
    respondJson(200, requestId, artifactView(artifactOr404(params['id'] ?? ''), clock)),
  );

  route('DELETE', '/artifacts/:id', ({ requestId, params }) => {
    const artifact = artifactOr404(params['id'] ?? '');
    artifacts.delete(artifact.id, (id) => deployments.usesArtifact(id));
    return respond(204, requestId);
  });

  route('GET', '/artifacts/:id/download', ({ requestId, params }) => {
    const link = links.create(artifactOr404(params['id'] ?? ''), 15 * 60 * 1000);
    return respondJson(200, requestId, link);
  });
}

function matchesStatus(deployment: DeploymentRecord, status: string): boolean {
  if (status === '') return true;
  if (status === 'aborted')
    return deployment.stats.aborted > 0 && deployment.status === 'finished';
  return deployment.status === status;
}

/** Ids of accepted devices, optionally only those in an inventory group. */
function acceptedDevices(services: Services, group?: string): string[] {
  return Object.values(services.context.state.devices)
    .filter((device) => device.status === 'accepted')
    .filter(
      (device) => group === undefined || services.inventory.group(device.id) === group,
    )
    .map((device) => device.id);
}

function readNewDeployment(request: HttpRequest, forGroup = false): NewDeployment {
  const context = 'Validating request body';
  const body = readJsonObject(request, context, [
    'name',
    'artifact_name',
    'devices',
    'all_devices',
    'force_installation',
  ]);
  const devices = body['devices'];
  if (devices !== undefined && devices !== null) {
    if (!Array.isArray(devices) || !devices.every((id) => typeof id === 'string')) {
      throw badRequest(`${context}: devices must be an array of strings`);
    }
  }
  const allDevices = optionalBoolean(body, 'all_devices', context);
  const force = optionalBoolean(body, 'force_installation', context);
  return {
    name: optionalString(body, 'name', context) ?? '',
    artifactName: optionalString(body, 'artifact_name', context) ?? '',
    ...(Array.isArray(devices) && !forGroup ? { devices: devices as string[] } : {}),
    ...(forGroup && Array.isArray(devices) ? { devices: devices as string[] } : {}),
    ...(allDevices !== undefined ? { allDevices } : {}),
    ...(force !== undefined ? { forceInstallation: force } : {}),
  };
}

/**
 * `multipart/form-data` with optional `size` and `description` parts and the
 * `artifact` file, which must come last (the service streams it).
 */
async function readArtifactUpload(
  request: HttpRequest,
): Promise<{ bytes: Uint8Array; description: string }> {
  requireContentType(request, 'multipart/form-data', 'multipart/mixed');
  const type = mediaType(request);
  if (type !== 'multipart/form-data' && type !== 'multipart/mixed') {
    // An empty body passes the guard; Go's MultipartReader then refuses it.
    throw badRequest("request Content-Type isn't multipart/form-data");
  }
  let form: FormData;
  try {
    const contentType =
      request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    form = await new Response(request.body.slice(), {
      headers: {
        'content-type': contentType.replace(/^multipart\/mixed/i, 'multipart/form-data'),
      },
    }).formData();
  } catch {
    throw badRequest('failed to parse multipart form: malformed body');
  }
  const entries = [...form.entries()];
  const last = entries.at(-1);
  if (last === undefined || last[0] !== 'artifact' || typeof last[1] === 'string') {
    throw badRequest(
      'The last part of the multipart/form-data message should be an artifact.',
    );
  }
  const description = form.get('description');
  return {
    bytes: new Uint8Array(await last[1].arrayBuffer()),
    description: typeof description === 'string' ? description : '',
  };
}
