import { fromCallback, type EventObject } from 'xstate';

import { EMPTY_BODY, type HttpRequest, type TimerHandle } from '../sim/index.ts';
import { describeHttpError } from './apiExchange.ts';
import {
  checkDepends,
  checkDeviceType,
  type ArtifactHeaderSummary,
} from './artifactChecks.ts';
import { openDeviceArtifactStream } from './artifactStream.ts';
import type { DeploymentOffer, DownloadEvent } from './clientContext.ts';
import { MenderResult } from './menderTypes.ts';
import type { ClientPlatform } from './platform.ts';
import { mergeProvides } from './provides.ts';
import { outcomeDuration, outcomeResult, type UpdateModule } from './updateModule.ts';

export interface ArtifactDownloadInput {
  readonly platform: ClientPlatform;
  readonly offer: DeploymentOffer;
}

/** Bytes handed to the parser per receive step (the HTTP client's buffer). */
const RECEIVE_CHUNK_BYTES = 4096;

/** The artifact GET: absolute pre-signed URL, Host and User-Agent, no token (http.c). */
export function artifactRequest(platform: ClientPlatform, uri: string): HttpRequest {
  return {
    method: 'GET',
    url: uri,
    headers: [
      ['Host', new URL(uri).host],
      ['User-Agent', platform.settings.userAgent],
    ],
    body: EMPTY_BODY,
  };
}

/**
 * The DOWNLOAD state's work (artifact-download.c, artifact.c, client.c
 * checks): stream the artifact through the device-mode reader at the link's
 * pace, hand each payload block to the module's DOWNLOAD callback, then check
 * device type, depends and checksums and compute the provides to commit.
 * The module is reported as known only once the HTTP download completed.
 */
export const artifactDownload = fromCallback<
  EventObject,
  ArtifactDownloadInput,
  DownloadEvent
>(({ input, sendBack }) => {
  const { platform, offer } = input;
  let stopped = false;
  let timer: TimerHandle | undefined;
  let module: UpdateModule | undefined;
  let header: ArtifactHeaderSummary | undefined;
  let callbackDelayMs = 0;

  const fail = (reason: string, known: UpdateModule | undefined) => {
    if (stopped) return;
    stopped = true;
    sendBack({
      type: 'download.failed',
      reason,
      module: known,
      payloadType: known === undefined ? undefined : known.artifactType,
    });
  };

  const stream = openDeviceArtifactStream({
    acceptPayloadType: (type) => platform.modules.find(type) !== undefined,
    onHeader: (summary) => {
      const type = summary.payloadTypes[0];
      const found = type === undefined ? undefined : platform.modules.find(type);
      if (found === undefined) {
        throw new Error(`Unable to handle artifact type '${type ?? ''}'`);
      }
      module = found;
      header = summary;
    },
    onPayloadBlock: (block) => {
      const outcome = module!.callbacks.DOWNLOAD!('DOWNLOAD', {
        id: offer.id,
        artifactName: offer.artifactName,
        type: module!.artifactType,
        metaData: header?.metaData ?? null,
        filename: block.fileName,
        size: block.size,
        data: block.data,
        offset: block.offset,
        done: false,
      });
      if (outcomeResult(outcome) !== MenderResult.OK) {
        throw new Error(
          'An error occurred in the DOWNLOAD callback of the update module',
        );
      }
      callbackDelayMs += outcomeDuration(outcome);
    },
  });

  const finish = () => {
    try {
      stream.end();
    } catch (error) {
      // Payload checksums are checked only now, after the whole download.
      fail(errorMessage(error), module);
      return;
    }
    if (module === undefined || header === undefined) {
      fail('Unable to handle artifact: no payload type', undefined);
      return;
    }
    const problem = requirementsProblem(platform, header, offer);
    if (problem !== undefined) {
      fail(problem, module);
      return;
    }
    stopped = true;
    sendBack({
      type: 'download.succeeded',
      module,
      payloadType: module.artifactType,
      artifactName: header.artifactName,
      provides: mergeProvides(
        platform.storage.readProvides() ?? [],
        header.provides,
        header.clearsProvides,
      ),
    });
  };

  const receive = (body: Uint8Array, offset: number) => {
    const end = Math.min(offset + RECEIVE_CHUNK_BYTES, body.length);
    const delay = platform.receiveTimeMs(end - offset) + callbackDelayMs;
    callbackDelayMs = 0;
    timer = platform.clock.setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      try {
        stream.push(body.subarray(offset, end));
      } catch (error) {
        fail(errorMessage(error), undefined);
        return;
      }
      if (end < body.length) receive(body, end);
      else finish();
    }, delay);
  };

  let cancelSend: (() => void) | undefined = platform.send(
    artifactRequest(platform, offer.uri),
    (outcome) => {
      cancelSend = undefined;
      if (stopped) return;
      if (outcome.response === undefined) {
        fail(`Unable to perform HTTP request: ${outcome.failure}`, undefined);
      } else if (outcome.response.status !== 200) {
        fail(describeHttpError(outcome.response), undefined);
      } else {
        receive(outcome.response.body, 0);
      }
    },
  );

  return () => {
    stopped = true;
    cancelSend?.();
    if (timer !== undefined) platform.clock.clearTimeout(timer);
  };
});

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'clientMessage' in error) {
    const clientMessage = (error as { clientMessage?: unknown }).clientMessage;
    if (typeof clientMessage === 'string') return clientMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The full-parse checks after download, or undefined when they pass. */
function requirementsProblem(
  platform: ClientPlatform,
  header: ArtifactHeaderSummary,
  offer: DeploymentOffer,
): string | undefined {
  const { settings, quirks } = platform;
  if (!settings.fullParseArtifact) return undefined;
  const typeProblem = checkDeviceType(
    header,
    offer,
    settings.deviceType,
    quirks.lastDeviceTypeOnly,
  );
  if (typeProblem !== undefined) return typeProblem;
  if (!settings.providesDepends) return undefined;
  return checkDepends(header.depends, platform.storage.readProvides() ?? []);
}
