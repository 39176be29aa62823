/**
 * Figures the simulation cannot observe (TLS on the wire, energy), each a
 * parameter with a default and where that default comes from. The product
 * shows them as assumptions, never as measurements.
 */

export interface Assumption {
  readonly label: string;
  readonly unit: string;
  readonly source: string;
}

export interface LabAssumptions {
  /** Bytes of one full TLS 1.2 handshake; the reference client opens a new connection per request. */
  readonly tlsHandshakeBytes: number;
  /** Energy each request costs beyond radio time (TCP/TLS setup on the CPU), millijoules. */
  readonly energyPerRequestMilliJoules: number;
  /** Radio time each new connection adds before the request (TCP + TLS round trips), seconds. */
  readonly connectionSetupRadioSeconds: number;
  /** Power drawn while the radio is on, milliwatts. */
  readonly radioOnMilliWatts: number;
  /** Current drawn between requests, microamperes. */
  readonly sleepMicroAmps: number;
  readonly supplyVolts: number;
  readonly batteryMilliAmpHours: number;
}

export const DEFAULT_ASSUMPTIONS: LabAssumptions = {
  tlsHandshakeBytes: 3_750,
  energyPerRequestMilliJoules: 50,
  connectionSetupRadioSeconds: 0.36,
  radioOnMilliWatts: 330,
  sleepMicroAmps: 240,
  supplyVolts: 3.3,
  batteryMilliAmpHours: 2_000,
};

export const ASSUMPTION_NOTES: Readonly<Record<keyof LabAssumptions, Assumption>> = {
  tlsHandshakeBytes: {
    label: 'TLS handshake per connection',
    unit: 'B',
    source:
      'Reference C5: a full TLS 1.2 handshake is 3–7 KB (the certificate chain dominates) and the MCU client does no session resumption. C5 takes about 5 KB per request for handshake and HTTP together (its per-day table: about 21 MB for the demo build); with the HTTP the model adds (1.25 KB, the middle of C5’s 1–1.5 KB), 3.75 KB of handshake gives that. The measured bytes add this to the HTTP bytes the simulation counts.',
  },
  energyPerRequestMilliJoules: {
    label: 'Energy per request (CPU: TCP and TLS setup)',
    unit: 'mJ',
    source:
      'Assumption: about 0.5 s of CPU at about 30 mA and 3.3 V for an ECDHE handshake in software; measure your board.',
  },
  connectionSetupRadioSeconds: {
    label: 'Radio time to open a connection',
    unit: 's',
    source:
      'Assumption: three round trips (TCP, then two for a full TLS 1.2 handshake) at the fleet’s default 120 ms network latency.',
  },
  radioOnMilliWatts: {
    label: 'Power while the radio is on',
    unit: 'mW',
    source:
      'Assumption: 100 mA at 3.3 V, between the ESP32-S3 datasheet’s Wi-Fi receive (about 90 mA) and transmit (a few hundred mA) currents, since a poll mostly waits for the answer.',
  },
  sleepMicroAmps: {
    label: 'Current between requests',
    unit: 'µA',
    source:
      'ESP32-S3 datasheet light-sleep figure (240 µA); deep sleep is about 7 µA but loses the running client.',
  },
  supplyVolts: {
    label: 'Supply voltage',
    unit: 'V',
    source: 'ESP32-S3 supply; converter losses are ignored.',
  },
  batteryMilliAmpHours: {
    label: 'Battery capacity',
    unit: 'mAh',
    source: 'Assumption: one 2,000 mAh cell; enter your own.',
  },
};
