import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { Har } from './har.ts';
import { exportHar } from './harExport.ts';
import { parseScenario } from './scenarioFile.ts';
import { Simulation } from './simulation.ts';

const HAPPY = 'scenarios/workshop/01-happy-path.json';

function happyPath(historyPerDevice: number): Simulation {
  const scenario = parseScenario(readFileSync(HAPPY, 'utf8'), HAPPY);
  return new Simulation({ ...scenario, run: { ...scenario.run, historyPerDevice } });
}

/**
 * What Chrome DevTools' HAR importer (front_end/models/har/HARFormat.ts)
 * insists on: it throws on a missing object, a date that does not parse, or
 * a number that is NaN, and turns a missing string into "undefined".
 */
function devtoolsProblems(har: Har): string[] {
  const problems: string[] = [];
  const number = (value: unknown, path: string) => {
    if (Number.isNaN(Number(value)) || value === undefined)
      problems.push(`${path} not a number`);
  };
  const string = (value: unknown, path: string) => {
    if (typeof value !== 'string') problems.push(`${path} not a string`);
  };
  string(har.log.version, 'log.version');
  string(har.log.creator.name, 'log.creator.name');
  string(har.log.creator.version, 'log.creator.version');
  if (!Array.isArray(har.log.entries)) problems.push('log.entries not an array');
  har.log.entries.forEach((entry, index) => {
    const at = `entries[${index}]`;
    if (Number.isNaN(new Date(entry.startedDateTime).getTime()))
      problems.push(`${at}.startedDateTime`);
    number(entry.time, `${at}.time`);
    const { request, response, timings } = entry;
    string(request.method, `${at}.request.method`);
    string(request.url, `${at}.request.url`);
    string(request.httpVersion, `${at}.request.httpVersion`);
    number(request.headersSize, `${at}.request.headersSize`);
    number(request.bodySize, `${at}.request.bodySize`);
    if (request.postData !== undefined) {
      string(request.postData.mimeType, `${at}.request.postData.mimeType`);
      string(request.postData.text, `${at}.request.postData.text`);
    }
    number(response.status, `${at}.response.status`);
    string(response.statusText, `${at}.response.statusText`);
    string(response.httpVersion, `${at}.response.httpVersion`);
    string(response.redirectURL, `${at}.response.redirectURL`);
    number(response.headersSize, `${at}.response.headersSize`);
    number(response.bodySize, `${at}.response.bodySize`);
    number(response.content.size, `${at}.response.content.size`);
    string(response.content.mimeType, `${at}.response.content.mimeType`);
    for (const key of ['send', 'wait', 'receive'] as const)
      number(timings[key], `${at}.timings.${key}`);
    for (const header of [...request.headers, ...response.headers]) {
      string(header.name, `${at} header name`);
      string(header.value, `${at} header value`);
    }
  });
  return problems;
}

describe('HAR export', () => {
  it('rebuilds a device’s dropped exchanges by replay: one entry per request', async () => {
    const whole = happyPath(100_000);
    await whole.runToEnd();
    const requests = whole.kernel.trace
      .history('esp32-1')
      .filter((record) => record.kind === 'http');

    const bounded = happyPath(10);
    await bounded.runToEnd();
    expect(bounded.kernel.trace.droppedFor('esp32-1')).toBeGreaterThan(0);
    const exported = await exportHar(bounded, { subject: 'esp32-1' }, 'test');

    expect(exported.rebuilt).toBe(true);
    expect(exported.missing).toBeUndefined();
    expect(exported.har.log.entries).toHaveLength(requests.length);
    expect(exported.har.log.entries.map((entry) => entry.request.url)).toEqual(
      requests.map((record) => record.kind === 'http' && record.request.url),
    );
    expect(new Set(exported.har.log.entries.map((entry) => entry._subject))).toEqual(
      new Set(['esp32-1']),
    );
    expect(devtoolsProblems(exported.har)).toEqual([]);
    // Survives the trip through a file.
    expect(JSON.parse(JSON.stringify(exported.har))).toEqual(exported.har);
  });

  it('holds every exchange of the fleet, in the order they were sent', async () => {
    const simulation = happyPath(100_000);
    await simulation.runToEnd();
    const exported = await exportHar(simulation, 'fleet', 'test');
    expect(exported.rebuilt).toBe(false);
    const entries = exported.har.log.entries;
    expect(entries).toHaveLength(simulation.kernel.trace.aggregates.byKind.http);
    const started = entries.map((entry) => Date.parse(entry.startedDateTime));
    expect(started).toEqual([...started].sort((a, b) => a - b));
    // The first request of the run is at 1 January 2026, virtual time 0.
    expect(entries[0]!.startedDateTime).toBe('2026-01-01T00:00:00.000Z');
    expect(devtoolsProblems(exported.har)).toEqual([]);
  });

  it('says plainly what is missing when the replay cannot rebuild the history', async () => {
    const simulation = happyPath(10);
    simulation.start();
    await simulation.kernel.runUntil(100_000);
    // Applied without being recorded: the inputs no longer describe the run.
    simulation.apply({ action: 'power.off', devices: ['esp32-1'] });
    await simulation.kernel.runUntil(300_000);
    const exported = await exportHar(simulation, { subject: 'esp32-2' }, 'test');
    expect(exported.rebuilt).toBe(false);
    expect(exported.missing).toMatch(
      /^\d+ older trace records of esp32-2 were dropped to bound memory, and replaying the run did not give the same trace/,
    );
    expect(exported.har.log.comment).toBe(exported.missing);
    const kept = simulation.kernel.trace
      .history('esp32-2')
      .filter((record) => record.kind === 'http');
    expect(exported.har.log.entries).toHaveLength(kept.length);
  });
});
