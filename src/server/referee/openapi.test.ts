/**
 * The OpenAPI referee: every route the handlers serve is exercised through
 * the MSW handlers with good and bad requests, and each exchange is judged
 * against Mender's published OpenAPI document. Where the real server and the
 * spec disagree, the server follows the real behaviour and the difference
 * must be in SPEC_EXCEPTIONS, with its evidence; an exception nothing
 * triggers any more is an error too.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer, fixedWindowLimit } from '../index.ts';
import { createMswHandlers } from '../msw.ts';
import { SPEC_EXCEPTIONS, type SpecException } from '../specExceptions.ts';
import { API, TestDevice, p256Key, signDer } from '../testing/testDevice.ts';
import { writeArtifact } from '../../artifact/index.ts';
import { OpenApiReferee, type Finding, type RefereeExchange } from './openapiReferee.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SPEC = join(
  repoRoot,
  '../shared/fixtures/openapi/mender-server-combined.openapi.yaml',
);
const specPresent = existsSync(SPEC);

interface Sent {
  readonly good: boolean;
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array | FormData;
}

describe('OpenAPI referee', () => {
  it.skipIf(!specPresent)(
    'agrees with the spec on every route, apart from the listed exceptions',
    async () => {
      const referee = await OpenApiReferee.load(SPEC);
      const clock = { now: 0 };
      const server = createMockServer({
        now: () => clock.now,
        random: new SeededRandom(99),
      });
      const handlers = createMswHandlers(() => server.routing);
      const exchanges: RefereeExchange[] = [];
      const exercised = new Set<string>();
      const admin = { Authorization: `Bearer ${server.managementToken}` };
      const adminJson = { ...admin, 'Content-Type': 'application/json' };

      const send = async (sent: Sent) => {
        const init: RequestInit = { method: sent.method };
        if (sent.headers !== undefined) init.headers = sent.headers;
        if (sent.body !== undefined)
          init.body = sent.body instanceof Uint8Array ? sent.body.slice() : sent.body;
        const request = new Request(sent.url, init);
        const requestBody = await readRequestBody(request.clone());
        const response = await getResponse(handlers, request);
        if (response === undefined)
          throw new Error(`no handler answered ${sent.method} ${sent.url}`);
        const url = new URL(sent.url);
        const route = routeOf(server.servedRoutes, sent.method, url);
        exercised.add(route);
        const text = await response.text();
        const contentType = response.headers.get('content-type') ?? undefined;
        exchanges.push({
          method: sent.method,
          path: url.origin === API ? url.pathname : `${url.origin}${url.pathname}`,
          route,
          query: url.search.slice(1),
          requestHeaders: Object.fromEntries(request.headers),
          requestBody,
          good: sent.good,
          status: response.status,
          contentType,
          responseBody:
            text === ''
              ? undefined
              : contentType?.includes('json')
                ? JSON.parse(text)
                : text,
        });
        return { status: response.status, text };
      };
      const json = (value: unknown) => JSON.stringify(value);

      // --- device admission -------------------------------------------------
      const device = new TestDevice(server, { mac: '02:00:00:00:aa:01' });
      const authUrl = `${API}/api/devices/v1/authentication/auth_requests`;
      const authBody = device.authBody();
      const signed = {
        'Content-Type': 'application/json',
        'X-MEN-Signature': signDer(device.key.secret, authBody),
      };
      await send({
        good: true,
        method: 'POST',
        url: authUrl,
        headers: signed,
        body: authBody,
      });
      await send({
        good: false,
        method: 'POST',
        url: authUrl,
        headers: { 'Content-Type': 'application/json' },
        body: authBody,
      });
      await send({
        good: false,
        method: 'POST',
        url: authUrl,
        headers: signed,
        body: '{"id_data":',
      });
      const deviceId = device.id;
      const authSetId = server.device(deviceId)?.authSets[0]?.id ?? '';
      const devauth = `${API}/api/management/v2/devauth`;
      await send({
        good: true,
        method: 'PUT',
        url: `${devauth}/devices/${deviceId}/auth/${authSetId}/status`,
        headers: adminJson,
        body: json({ status: 'accepted' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: `${devauth}/devices/${deviceId}/auth/${authSetId}/status`,
        headers: adminJson,
        body: json({ status: 'accepted' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: `${devauth}/devices/${deviceId}/auth/unknown/status`,
        headers: adminJson,
        body: json({ status: 'accepted' }),
      });
      const accepted = await send({
        good: true,
        method: 'POST',
        url: authUrl,
        headers: signed,
        body: authBody,
      });
      device.token = accepted.text;
      const other = p256Key(4242);
      await send({
        good: false,
        method: 'POST',
        url: authUrl,
        headers: { ...signed, 'X-MEN-Signature': signDer(other.secret, authBody) },
        body: authBody,
      });
      const bearer = { Authorization: `Bearer ${device.token}` };
      const bearerJson = { ...bearer, 'Content-Type': 'application/json' };

      await send({
        good: true,
        method: 'GET',
        url: `${devauth}/devices/${deviceId}/auth/${authSetId}/status`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${devauth}/devices/${deviceId}/auth/unknown/status`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${devauth}/devices?status=accepted&page=1&per_page=20`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${devauth}/devices?status=bogus`,
        headers: admin,
      });
      await send({ good: false, method: 'GET', url: `${devauth}/devices` });
      await send({
        good: true,
        method: 'GET',
        url: `${devauth}/devices/count?status=accepted`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${devauth}/devices/count?status=bogus`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${devauth}/devices/${deviceId}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${devauth}/devices/unknown`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${devauth}/limits/max_devices`,
        headers: admin,
      });
      const preauthKey = p256Key(5151);
      const preauth = {
        identity_data: { mac: '02:00:00:00:aa:02' },
        pubkey: preauthKey.pem,
      };
      await send({
        good: true,
        method: 'POST',
        url: `${devauth}/devices`,
        headers: adminJson,
        body: json(preauth),
      });
      await send({
        good: true,
        method: 'POST',
        url: `${devauth}/devices`,
        headers: adminJson,
        body: json(preauth),
      });
      await send({
        good: false,
        method: 'POST',
        url: `${devauth}/devices`,
        headers: adminJson,
        body: json({ pubkey: 'x' }),
      });
      const preauthorized = server.findDevice({ mac: '02:00:00:00:aa:02' });
      await send({
        good: true,
        method: 'DELETE',
        url: `${devauth}/devices/${preauthorized?.id}/auth/${preauthorized?.authSets[0]?.id}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'DELETE',
        url: `${devauth}/devices/${deviceId}/auth/unknown`,
        headers: admin,
      });

      // --- inventory ----------------------------------------------------------
      const attributes = `${API}/api/devices/v1/inventory/device/attributes`;
      const reported = json([
        { name: 'artifact_name', value: 'release-1' },
        { name: 'device_type', value: 'esp32s3' },
      ]);
      await send({
        good: true,
        method: 'PUT',
        url: attributes,
        headers: bearerJson,
        body: reported,
      });
      await send({
        good: true,
        method: 'PATCH',
        url: attributes,
        headers: bearerJson,
        body: json([{ name: 'rssi', value: -60 }]),
      });
      await send({
        good: false,
        method: 'PATCH',
        url: attributes,
        headers: bearerJson,
        body: json({ name: 'x' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: attributes,
        headers: bearerJson,
        body: json([{ name: 'x', value: [1, 'a'] }]),
      });
      await send({
        good: false,
        method: 'PATCH',
        url: attributes,
        body: reported,
        headers: { 'Content-Type': 'application/json' },
      });
      const inventory = `${API}/api/management/v1/inventory`;
      await send({
        good: true,
        method: 'GET',
        url: `${inventory}/devices?page=1&per_page=10`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${inventory}/devices/${deviceId}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${inventory}/devices/unknown`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'PUT',
        url: `${inventory}/devices/${deviceId}/group`,
        headers: adminJson,
        body: json({ group: 'lab' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: `${inventory}/devices/${deviceId}/group`,
        headers: adminJson,
        body: json({ group: 'a b' }),
      });
      await send({
        good: true,
        method: 'GET',
        url: `${inventory}/groups`,
        headers: admin,
      });

      // --- artifacts ----------------------------------------------------------
      const deployments = `${API}/api/management/v1/deployments`;
      const upload = (name: string, types: string[]) => {
        const form = new FormData();
        form.append('description', `${name} for ${types.join(', ')}`);
        form.append(
          'artifact',
          new Blob([artifactBytes(name, types).slice()]),
          `${name}.mender`,
        );
        return form;
      };
      await send({
        good: true,
        method: 'POST',
        url: `${deployments}/artifacts`,
        headers: admin,
        body: upload('release-2', ['esp32s3']),
      });
      await send({
        good: true,
        method: 'POST',
        url: `${deployments}/artifacts`,
        headers: admin,
        body: upload('release-2', ['esp32s3']),
      });
      await send({
        good: true,
        method: 'POST',
        url: `${deployments}/artifacts`,
        headers: admin,
        body: upload('release-3', ['esp32s3']),
      });
      const notAnArtifact = new FormData();
      notAnArtifact.append('artifact', new Blob(['hello']), 'x.mender');
      await send({
        good: false,
        method: 'POST',
        url: `${deployments}/artifacts`,
        headers: admin,
        body: notAnArtifact,
      });
      await send({
        good: false,
        method: 'POST',
        url: `${deployments}/artifacts`,
        headers: adminJson,
        body: '{}',
      });
      const [release2, release3] = server.listArtifacts();
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/artifacts`,
        headers: admin,
      });
      await send({ good: false, method: 'GET', url: `${deployments}/artifacts` });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/artifacts/${release2?.id}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/artifacts/00000000-0000-4000-8000-000000000000`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/artifacts/${release2?.id}/download`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/artifacts/00000000-0000-4000-8000-000000000000/download`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/releases`,
        headers: admin,
      });

      // --- deployments and the device side -------------------------------------
      const create = (body: unknown, good = true) =>
        send({
          good,
          method: 'POST',
          url: `${deployments}/deployments`,
          headers: adminJson,
          body: json(body),
        });
      await create({ name: 'first', artifact_name: 'release-2', devices: [deviceId] });
      await create({ name: 'first', artifact_name: 'release-2', devices: [deviceId] });
      await create({ name: 'none', artifact_name: 'release-9', devices: [deviceId] });
      await create({ name: 'bad', artifact_name: 'release-2' }, false);
      await send({
        good: true,
        method: 'POST',
        url: `${deployments}/deployments/group/lab`,
        headers: adminJson,
        body: json({ name: 'lab', artifact_name: 'release-3' }),
      });
      await send({
        good: false,
        method: 'POST',
        url: `${deployments}/deployments/group/lab`,
        headers: adminJson,
        body: json({ name: 'lab', artifact_name: 'release-3', all_devices: true }),
      });
      const [first, lab] = server.listDeployments();
      await send({
        good: false,
        method: 'DELETE',
        url: `${deployments}/artifacts/${release2?.id}`,
        headers: admin,
      });

      const nextV1 = `${API}/api/devices/v1/deployments/device/deployments/next`;
      const nextV2 = `${API}/api/devices/v2/deployments/device/deployments/next`;
      await send({
        good: true,
        method: 'GET',
        url: `${nextV1}?artifact_name=release-1&device_type=esp32s3`,
        headers: bearer,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${nextV1}?artifact_name=release-1`,
        headers: bearer,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${nextV1}?artifact_name=release-1&device_type=esp32s3`,
      });
      await send({
        good: true,
        method: 'POST',
        url: nextV1,
        headers: bearerJson,
        body: json({ artifact_name: 'release-1', device_type: 'esp32s3' }),
      });
      await send({
        good: false,
        method: 'POST',
        url: nextV1,
        headers: bearerJson,
        body: '{',
      });
      await send({
        good: true,
        method: 'POST',
        url: nextV2,
        headers: bearerJson,
        body: json({
          device_provides: { artifact_name: 'release-1', device_type: 'esp32s3' },
        }),
      });
      await send({
        good: false,
        method: 'POST',
        url: nextV2,
        headers: { ...bearer, 'Content-Type': 'text/plain' },
        body: '{}',
      });

      const statusUrl = (id: string) =>
        `${API}/api/devices/v1/deployments/device/deployments/${id}/status`;
      const logUrl = (id: string) =>
        `${API}/api/devices/v1/deployments/device/deployments/${id}/log`;
      await send({
        good: true,
        method: 'PUT',
        url: statusUrl(first!.id),
        headers: bearerJson,
        body: json({ status: 'downloading' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: statusUrl(first!.id),
        headers: { 'Content-Type': 'application/json' },
        body: json({ status: 'downloading' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: statusUrl(first!.id),
        headers: bearerJson,
        body: json({ status: 'bogus' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: statusUrl(lab!.id),
        headers: bearerJson,
        body: json({ status: 'downloading' }),
      });
      await send({
        good: true,
        method: 'PUT',
        url: statusUrl(first!.id),
        headers: bearerJson,
        body: json({ status: 'failure' }),
      });
      const messages = {
        messages: [
          { timestamp: '2026-01-01T00:00:00Z', level: 'err', message: 'install failed' },
        ],
      };
      await send({
        good: true,
        method: 'PUT',
        url: logUrl(first!.id),
        headers: bearerJson,
        body: json(messages),
      });
      await send({
        good: false,
        method: 'PUT',
        url: logUrl(first!.id),
        headers: bearerJson,
        body: json({ messages: [{ level: 'err' }] }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: logUrl(lab!.id),
        headers: bearerJson,
        body: json(messages),
      });

      const labAnswer = await send({
        good: true,
        method: 'POST',
        url: nextV2,
        headers: bearerJson,
        body: json({
          device_provides: { artifact_name: 'release-1', device_type: 'esp32s3' },
        }),
      });
      const uri = (
        JSON.parse(labAnswer.text) as { artifact: { source: { uri: string } } }
      ).artifact.source.uri;
      await send({ good: true, method: 'GET', url: uri });
      await send({
        good: true,
        method: 'GET',
        url: uri,
        headers: { Range: 'bytes=0-99' },
      });
      await send({ good: true, method: 'HEAD', url: uri });
      await send({
        good: false,
        method: 'GET',
        url: uri.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'),
      });
      await send({
        good: false,
        method: 'GET',
        url: uri,
        headers: { Range: 'bytes=999999-' },
      });
      await send({
        good: true,
        method: 'PUT',
        url: statusUrl(lab!.id),
        headers: bearerJson,
        body: json({ status: 'downloading' }),
      });

      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments?status=inprogress&page=1&per_page=20`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/deployments?status=bogus`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/${first!.id}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/deployments/not-a-uuid`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/deployments/00000000-0000-4000-8000-000000000000`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/${first!.id}/statistics`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/deployments/00000000-0000-4000-8000-000000000000/statistics`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'POST',
        url: `${deployments}/deployments/statistics/list`,
        headers: adminJson,
        body: json({ deployment_ids: [first!.id, lab!.id] }),
      });
      await send({
        good: false,
        method: 'POST',
        url: `${deployments}/deployments/statistics/list`,
        headers: adminJson,
        body: json({ deployment_ids: ['x'] }),
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/${first!.id}/devices`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/deployments/00000000-0000-4000-8000-000000000000/devices`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/${first!.id}/devices/list?page=1&per_page=20`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/${first!.id}/devices/${deviceId}/log`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'GET',
        url: `${deployments}/deployments/${lab!.id}/devices/unknown/log`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'GET',
        url: `${deployments}/deployments/devices/${deviceId}`,
        headers: admin,
      });

      await send({
        good: true,
        method: 'PUT',
        url: `${deployments}/deployments/${lab!.id}/status`,
        headers: adminJson,
        body: json({ status: 'aborted' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: `${deployments}/deployments/${lab!.id}/status`,
        headers: adminJson,
        body: json({ status: 'aborted' }),
      });
      await send({
        good: false,
        method: 'PUT',
        url: statusUrl(lab!.id),
        headers: bearerJson,
        body: json({ status: 'installing' }),
      });
      await send({
        good: true,
        method: 'DELETE',
        url: `${deployments}/deployments/devices/${deviceId}`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'DELETE',
        url: `${deployments}/artifacts/${release3?.id}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'DELETE',
        url: `${deployments}/artifacts/${release3?.id}`,
        headers: admin,
      });

      server.setRateLimit(fixedWindowLimit({ quota: 1 }));
      await send({
        good: true,
        method: 'PATCH',
        url: attributes,
        headers: bearerJson,
        body: json([{ name: 'rssi', value: -61 }]),
      });
      await send({
        good: true,
        method: 'PATCH',
        url: attributes,
        headers: bearerJson,
        body: json([{ name: 'rssi', value: -62 }]),
      });
      server.setRateLimit(null);

      await send({
        good: true,
        method: 'DELETE',
        url: `${devauth}/tokens/${authSetId}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'DELETE',
        url: `${devauth}/tokens/${authSetId}`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'DELETE',
        url: `${inventory}/devices/${deviceId}/group/lab`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'DELETE',
        url: `${inventory}/devices/${deviceId}/group/lab`,
        headers: admin,
      });
      await send({
        good: true,
        method: 'DELETE',
        url: `${devauth}/devices/${deviceId}`,
        headers: admin,
      });
      await send({
        good: false,
        method: 'DELETE',
        url: `${devauth}/devices/${deviceId}`,
        headers: admin,
      });

      // --- judgement -----------------------------------------------------------
      const unexplained: (Finding & { request: string })[] = [];
      const used = new Set<SpecException>();
      for (const exchange of exchanges) {
        for (const finding of referee.judge(exchange)) {
          const exception = SPEC_EXCEPTIONS.find((candidate) =>
            covers(candidate, finding),
          );
          if (exception === undefined) {
            unexplained.push({
              ...finding,
              request: `${exchange.method} ${exchange.path}?${exchange.query}`,
            });
          } else {
            used.add(exception);
          }
        }
      }
      if (process.env['REFEREE_DUMP'] !== undefined) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(process.env['REFEREE_DUMP'], JSON.stringify(unexplained, null, 1));
      }
      expect(unexplained).toEqual([]);
      expect(
        SPEC_EXCEPTIONS.filter((exception) => !used.has(exception)).map(
          (exception) => exception.id,
        ),
      ).toEqual([]);
      expect(server.servedRoutes.filter((route) => !exercised.has(route))).toEqual([]);
    },
    120_000,
  );

  it.runIf(!specPresent)('is skipped: ../shared/fixtures/openapi is absent', () => {
    console.warn(
      `OpenAPI referee skipped: ${SPEC} not found (it runs in CI, where the fixtures are present).`,
    );
  });
});

function covers(exception: SpecException, finding: Finding): boolean {
  if (exception.kind !== finding.kind) return false;
  if (exception.statuses !== undefined && !exception.statuses.includes(finding.status))
    return false;
  const [method, path = ''] = exception.operation.split(' ');
  const [findingMethod, findingPath = ''] = finding.operation.split(' ');
  if (method !== '*' && method !== findingMethod) return false;
  return path.endsWith('*')
    ? findingPath.startsWith(path.slice(0, -1))
    : path === findingPath;
}

/** The served route pattern a request hits, for the coverage check. */
function routeOf(routes: readonly string[], method: string, url: URL): string {
  const target = `${method} ${url.origin === API ? '' : url.origin}${url.pathname}`;
  const match = routes.find((route) => {
    const [routeMethod, pattern = ''] = route.split(' ');
    if (routeMethod !== method) return false;
    const expected = pattern.split('/');
    const actual = `${url.origin === API ? '' : url.origin}${url.pathname}`.split('/');
    return (
      expected.length === actual.length &&
      expected.every(
        (segment, index) => segment.startsWith(':') || segment === actual[index],
      )
    );
  });
  return match ?? target;
}

async function readRequestBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/')) {
    // File parts stand as strings, as the spec types them (`format: binary`).
    const form = await request.formData();
    return Object.fromEntries(
      [...form.entries()].map(([name, value]) => [
        name,
        typeof value === 'string' ? value : `<${value.size} bytes>`,
      ]),
    );
  }
  const text = await request.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function artifactBytes(name: string, deviceTypes: string[]): Uint8Array {
  return writeArtifact({
    artifactName: name,
    payloadType: 'zephyr-image',
    deviceTypes,
    files: [{ name: 'zephyr.signed.bin', data: new Uint8Array(700).fill(7) }],
  });
}
