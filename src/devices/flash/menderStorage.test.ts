import { describe, expect, it } from 'vitest';

import { Trace } from '../../sim/index.ts';
import type { DeploymentData } from '../../machines/deploymentData.ts';
import { crc32 } from './crc32.ts';
import { DeploymentLogBuffer, ROTATED_MARKER } from './deploymentLogBuffer.ts';
import {
  decodeDeploymentRecord,
  encodeDeploymentRecord,
  MenderStorage,
  NVS_RECORD,
} from './menderStorage.ts';
import { NvsStore } from './nvs.ts';

const data: DeploymentData = {
  id: 'd1b2c3',
  artifactName: 'rel-2',
  payloadTypes: ['zephyr-image'],
  provides: [['firmware.zephyr-image.version', 'rel-2']],
  state: 'VERIFY_REBOOT',
  stateDataStoreCount: 4,
};

function makeNvs() {
  const trace = new Trace();
  return { trace, nvs: new NvsStore({ trace, now: () => 7, subject: 'dev-1' }) };
}

describe('crc32', () => {
  it('gives the IEEE check value for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('deployment data record', () => {
  it('stores the JSON of the reference with its NUL and a little-endian CRC-32', () => {
    const record = encodeDeploymentRecord(data, true);
    const json =
      '{"version":1,"id":"d1b2c3","artifact_name":"rel-2","payload_types":["zephyr-image"],' +
      '"provides":"firmware.zephyr-image.version\\u001frel-2\\u001e","state":3,' +
      '"state_data_store_count":4}';
    const text = new TextDecoder().decode(record.subarray(0, record.length - 5));
    expect(JSON.parse(text)).toEqual(JSON.parse(json));
    expect(text).toBe(JSON.stringify(JSON.parse(json)));
    expect(record[record.length - 5]).toBe(0);
    const crc = new DataView(record.buffer).getUint32(record.length - 4, true);
    expect(crc).toBe(crc32(record.subarray(0, record.length - 4)));
  });

  it('reads back what it wrote', () => {
    expect(decodeDeploymentRecord(encodeDeploymentRecord(data, true), true)).toEqual(
      data,
    );
    expect(decodeDeploymentRecord(encodeDeploymentRecord(data, false), false)).toEqual(
      data,
    );
  });

  it('refuses a record whose CRC does not match', () => {
    const record = encodeDeploymentRecord(data, true);
    record[10] = record[10]! ^ 0x01;
    expect(() => decodeDeploymentRecord(record, true)).toThrow(/CRC mismatch/);
  });
});

describe('MenderStorage', () => {
  it('reports a corrupt record instead of throwing, and keeps the other records', () => {
    const { nvs } = makeNvs();
    const storage = new MenderStorage(nvs, new DeploymentLogBuffer(2), true);
    storage.writeDeploymentData(data);
    const damaged = nvs.read(NVS_RECORD.deploymentData)!.slice();
    damaged[3] = 0x7b;
    nvs.write(NVS_RECORD.deploymentData, damaged);
    expect(storage.readDeploymentData().kind).toBe('corrupt');
  });

  it('stores the artifact name NUL-terminated and provides in the 0x1F/0x1E form', () => {
    const { nvs, trace } = makeNvs();
    const storage = new MenderStorage(nvs, new DeploymentLogBuffer(2), true);
    storage.writeArtifactName('rel-2');
    storage.writeProvides([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect([...nvs.read(NVS_RECORD.artifactName)!]).toEqual([114, 101, 108, 45, 50, 0]);
    expect(new TextDecoder().decode(nvs.read(NVS_RECORD.provides))).toBe(
      'a\u001f1\u001eb\u001f2\u001e',
    );
    expect(
      new MenderStorage(nvs, new DeploymentLogBuffer(2), true).readArtifactName(),
    ).toBe('rel-2');
    expect(trace.history('dev-1').map((record) => record.kind)).toEqual([
      'flash',
      'flash',
    ]);
  });
});

describe('DeploymentLogBuffer', () => {
  it('erases the oldest sector and writes the rotation marker when full', () => {
    const buffer = new DeploymentLogBuffer(2, 64);
    for (let index = 0; index < 8; index++) buffer.append(`line ${index} .........`);
    const lines = buffer.lines();
    expect(lines).toContain(ROTATED_MARKER);
    expect(lines).not.toContain('line 0 .........');
    expect(lines[lines.length - 1]).toBe('line 7 .........');
  });
});
