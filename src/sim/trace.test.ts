import { describe, expect, it } from 'vitest';

import { utf8 } from './http.ts';
import { serialiseRecord, Trace } from './trace.ts';
import type { TraceRecord } from './traceRecords.ts';

function httpRecord(time: number, body: string, status = 204): TraceRecord {
  return {
    kind: 'http',
    time,
    subject: 'device-1',
    sentAt: time - 1,
    request: { method: 'POST', url: 'https://x/api', headers: [], body: utf8(body) },
    response: { status, headers: [], body: new Uint8Array() },
  };
}

describe('Trace', () => {
  it('gives equal hashes for equal records and different ones otherwise', () => {
    const a = new Trace();
    const b = new Trace();
    const c = new Trace();
    a.append(httpRecord(5, '{"x":1}'));
    b.append(httpRecord(5, '{"x":1}'));
    c.append(httpRecord(5, '{"x":2}'));
    expect(a.digest()).toBe(b.digest());
    expect(a.digest()).not.toBe(c.digest());
    expect(a.digest()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps hashing and counting after old history is dropped', () => {
    const bounded = new Trace({ historyPerSubject: 10 });
    const unbounded = new Trace({ historyPerSubject: 10_000 });
    for (let index = 0; index < 1000; index++) {
      const record = httpRecord(index, `{"n":${index}}`, index % 2 ? 204 : 401);
      bounded.append(record);
      unbounded.append(record);
    }
    expect(bounded.history('device-1')).toHaveLength(10);
    expect(bounded.history('device-1')[0]?.time).toBe(990);
    expect(bounded.droppedFor('device-1')).toBe(990);
    expect(bounded.digest()).toBe(unbounded.digest());
    expect(bounded.aggregates.records).toBe(1000);
    expect(bounded.aggregates.httpByStatus.get(401)).toBe(500);
  });

  it('writes each record as its JSON with bodies replaced by their sizes', () => {
    // The form the hash has always covered, spelled out with JSON.stringify.
    const reference = (record: TraceRecord) => {
      if (record.kind !== 'http') return JSON.stringify(record);
      const { request, response } = record;
      return JSON.stringify({
        ...record,
        request: { ...request, body: request.body.byteLength },
        ...(response !== undefined
          ? { response: { ...response, body: response.body.byteLength } }
          : {}),
      });
    };
    const shared: [string, string][] = [
      ['User-Agent', 'Mender/1.0.0 MCU Zephyr/4.2.0'],
      ['Authorization', 'Bearer a"b\\c\u0001é'],
    ];
    const request = (body: string) => ({
      method: 'PUT',
      url: 'https://x/api?q="1"',
      headers: shared,
      body: utf8(body),
    });
    const records: TraceRecord[] = [
      httpRecord(1, '{"x":1}'),
      // A key present with the value undefined is left out, as JSON.stringify does.
      {
        ...(httpRecord(2, 'ü') as object),
        response: undefined,
        failure: 'refused',
      } as unknown as TraceRecord,
      {
        kind: 'http',
        time: 3,
        subject: 'd"2',
        sentAt: 2,
        request: request('first'),
        response: { status: 200, headers: [['x-men-requestid', 'r1']], body: utf8('ok') },
      },
      {
        kind: 'http',
        time: 4,
        subject: 'd2',
        sentAt: 3,
        request: request(''),
        failure: 'x',
      },
      { kind: 'state', time: 5, subject: 'd2', machine: 'client', state: 'OPERATIONAL' },
      { kind: 'log', time: 6, subject: 'd2', level: 'info', message: 'a\nb "c"' },
    ];
    for (const record of records) expect(serialiseRecord(record)).toBe(reference(record));
  });

  it('tells subscribers of every record', () => {
    const trace = new Trace();
    const seen: number[] = [];
    const unsubscribe = trace.subscribe((record) => seen.push(record.time));
    trace.append(httpRecord(1, ''));
    unsubscribe();
    trace.append(httpRecord(2, ''));
    expect(seen).toEqual([1]);
  });
});
