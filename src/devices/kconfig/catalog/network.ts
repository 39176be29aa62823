import type { KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, defineOptions } from './define.ts';

const withDefaultNet = [UNDER_CLIENT, 'MENDER_PLATFORM_NET_TYPE_DEFAULT'];
const withDormant = [...withDefaultNet, 'MENDER_SERVER_DORMANT_CERTIFICATES'];
const withRanges = [...withDefaultNet, 'MENDER_ARTIFACT_DOWNLOAD_RANGES'];

export const NETWORK_OPTIONS: KconfigOptionSpec[] = defineOptions('network', {
  MENDER_NET_CA_CERTIFICATE_TAG_PRIMARY: {
    type: 'int',
    summary: 'TLS credential tag of the CA that signs the API server.',
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: 1 }],
  },
  MENDER_NET_CA_CERTIFICATE_TAG_SECONDARY: {
    type: 'int',
    summary: 'TLS credential tag of the CA that signs the artifact storage host.',
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: 2 }],
  },
  MENDER_NET_CA_CERTIFICATE_TAG_DORMANT_A: {
    type: 'int',
    summary: 'Credential tag of the first spare root certificate.',
    scope: 'runtime',
    dependsOn: withDormant,
    defaults: [{ value: 9 }],
  },
  MENDER_NET_CA_CERTIFICATE_TAG_DORMANT_B: {
    type: 'int',
    summary: 'Credential tag of the second spare root certificate.',
    scope: 'runtime',
    dependsOn: withDormant,
    defaults: [{ value: 10 }],
  },
  MENDER_NET_CA_CERTIFICATE_TAG_SECONDARY_ENABLED: {
    type: 'bool',
    summary:
      'Offers the secondary CA on every connection too; forced on by both ' +
      'hosted server choices.',
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: false }],
  },
  MENDER_NET_TLS_PEER_VERIFY: {
    type: 'int',
    summary: 'How strictly TLS checks the server: 2 required, 1 optional, 0 none.',
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: 2 }],
    ranges: [{ min: 0, max: 2 }],
  },
  MENDER_HTTP_REQUEST_TIMEOUT_MS: {
    type: 'int',
    summary:
      'Milliseconds before one HTTP request is abandoned: 1 minute, or 5 ' +
      'minutes with a cellular modem.',
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: 300000, if: 'MODEM_CELLULAR' }, { value: 60000 }],
  },
  MENDER_HTTP_PARSE_DATE_HEADER: {
    type: 'bool',
    summary:
      'Also understands a Retry-After given as an HTTP date, using the ' +
      "response's Date header (Mender sends seconds).",
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: false }],
  },
  MENDER_ARTIFACT_DOWNLOAD_RANGES: {
    type: 'bool',
    summary: 'Downloads the artifact as a series of Range requests instead of one GET.',
    scope: 'runtime',
    dependsOn: withDefaultNet,
    defaults: [{ value: false }],
  },
  MENDER_ARTIFACT_DOWNLOAD_CHUNK_SIZE: {
    type: 'int',
    summary: 'Bytes asked for in each Range request.',
    scope: 'runtime',
    dependsOn: withRanges,
    defaults: [{ value: 2048 }],
    ranges: [{ min: 1, max: 65536 }],
  },
  MENDER_ARTIFACT_DOWNLOAD_CHUNK_MAX_TRIES: {
    type: 'int',
    summary: 'Attempts per chunk before the download fails.',
    scope: 'runtime',
    dependsOn: withRanges,
    defaults: [{ value: 3 }],
    ranges: [{ min: 1, max: 100 }],
  },
  MENDER_ARTIFACT_DOWNLOAD_CHUNK_DELAY_MS: {
    type: 'int',
    summary: 'Milliseconds to wait before trying a failed chunk again.',
    scope: 'runtime',
    dependsOn: withRanges,
    defaults: [{ value: 500 }],
    ranges: [{ min: 0, max: 60000 }],
  },
});
