import { createPublicKey, verify } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { defaultClientSettings } from '../../machines/clientSettings.ts';
import {
  SeededRandom,
  Trace,
  fromUtf8,
  headerValue,
  type HttpRequest,
} from '../../sim/index.ts';
import { NVS_RECORD } from '../flash/menderStorage.ts';
import { NvsStore } from '../flash/nvs.ts';
import { createNvsIdentity } from './nvsIdentity.ts';

const settings = defaultClientSettings({ deviceType: 'esp32', tenantToken: 'tenant-1' });
const pair = { name: 'mac', value: '02:00:00:00:00:01' };

function freshNvs(): NvsStore {
  return new NvsStore({ trace: new Trace(), now: () => 0, subject: 'esp32-1' });
}

describe('createNvsIdentity', () => {
  it('generates and stores a key once, then loads the same key at every boot', () => {
    const nvs = freshNvs();
    const identity = createNvsIdentity('esp32-1', new SeededRandom(5));
    identity.loadKeys(nvs, false);
    const stored = nvs.read(NVS_RECORD.privateKey)!;
    expect(stored).toHaveLength(121);
    expect(nvs.read(NVS_RECORD.publicKey)).toHaveLength(91);

    identity.loadKeys(nvs, false);
    expect(nvs.read(NVS_RECORD.privateKey)).toEqual(stored);

    // Another device object over the same flash (a power cycle) signs with the stored key.
    const afterReboot = createNvsIdentity('esp32-1', new SeededRandom(999));
    afterReboot.loadKeys(nvs, false);
    const first = identity.createAuthRequest(nvs, settings, pair) as HttpRequest;
    const second = afterReboot.createAuthRequest(nvs, settings, pair) as {
      body: Uint8Array;
    };
    expect(fromUtf8(second.body)).toBe(fromUtf8(first.body));
  });

  it('tells the first boot key before that boot, and the first boot makes exactly that key', () => {
    const asked = createNvsIdentity('esp32-1', new SeededRandom(5));
    const pem = asked.firstPublicKeyPem();
    expect(asked.currentPublicKeyPem()).toBe(pem);
    const nvs = freshNvs();
    asked.loadKeys(nvs, false);
    const body = (request: HttpRequest) =>
      JSON.parse(fromUtf8(request.body)) as { pubkey: string };
    expect(body(asked.createAuthRequest(nvs, settings, pair) as HttpRequest).pubkey).toBe(
      pem,
    );

    // The same as a device never asked, so preauthorizing changes nothing on the device.
    const unasked = createNvsIdentity('esp32-1', new SeededRandom(5));
    const otherNvs = freshNvs();
    unasked.loadKeys(otherNvs, false);
    expect(otherNvs.read(NVS_RECORD.privateKey)).toEqual(nvs.read(NVS_RECORD.privateKey));

    asked.loadKeys(nvs, true);
    expect(
      body(asked.createAuthRequest(nvs, settings, pair) as HttpRequest).pubkey,
    ).not.toBe(pem);
    expect(asked.firstPublicKeyPem()).toBe(pem);
  });

  it('makes a new key on recommissioning', () => {
    const nvs = freshNvs();
    const identity = createNvsIdentity('esp32-1', new SeededRandom(5));
    identity.loadKeys(nvs, false);
    const before = nvs.read(NVS_RECORD.publicKey)!;
    identity.loadKeys(nvs, true);
    expect(nvs.read(NVS_RECORD.publicKey)).not.toEqual(before);
  });

  it('signs the exact body with the key whose PEM the body carries', () => {
    const nvs = freshNvs();
    const identity = createNvsIdentity('esp32-1', new SeededRandom(5));
    identity.loadKeys(nvs, false);
    const request = identity.createAuthRequest(nvs, settings, pair) as HttpRequest;
    const body = JSON.parse(fromUtf8(request.body));
    expect(body.tenant_token).toBe('tenant-1');
    const signature = Buffer.from(
      headerValue(request.headers, 'X-MEN-Signature')!,
      'base64',
    );
    expect(verify('sha256', request.body, createPublicKey(body.pubkey), signature)).toBe(
      true,
    );
  });
});
