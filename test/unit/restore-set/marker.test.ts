import { describe, expect, it } from 'vitest';
import { parseMarker } from '../../../electron/core/restore-set/marker';

// [raw text, takenAt, format]
const GOOD: Array<[string, string, string]> = [
  // ISO-8601 as Azure writes its times (7 fractional digits)
  ['2024-04-10T10:30:46.2303875Z', '2024-04-10T10:30:46.230Z', 'iso-8601'],
  ['2024-04-10T10:30:46Z', '2024-04-10T10:30:46.000Z', 'iso-8601'],
  ['2024-04-10T10:30:46.9999999Z', '2024-04-10T10:30:46.999Z', 'iso-8601'],
  ['2024-04-10T10:30:46.5z', '2024-04-10T10:30:46.500Z', 'iso-8601'],
  ['2024-04-10T12:30:46.2303875+02:00', '2024-04-10T10:30:46.230Z', 'iso-8601'],
  ['2024-04-10T05:00:46-0530', '2024-04-10T10:30:46.000Z', 'iso-8601'],
  ['2024-04-10T12:30:46+02', '2024-04-10T10:30:46.000Z', 'iso-8601'],
  ['2024-04-10T10:30:46 UTC', '2024-04-10T10:30:46.000Z', 'iso-8601'],
  ['2024-04-11T00:30:00+14:00', '2024-04-10T10:30:00.000Z', 'iso-8601'],
  ['2024-04-10T10:30', '2024-04-10T10:30:00.000Z', 'iso-8601-assumed-utc'],
  ['2024-04-10T10:30:46.2303875', '2024-04-10T10:30:46.230Z', 'iso-8601-assumed-utc'],
  // yyyy-MM-dd HH:mm:ss
  ['2024-04-10 10:30:46', '2024-04-10T10:30:46.000Z', 'date-time-assumed-utc'],
  ['2024-04-10 10:30:46.123', '2024-04-10T10:30:46.123Z', 'date-time-assumed-utc'],
  ['2024-04-10 10:30:46,123', '2024-04-10T10:30:46.123Z', 'date-time-assumed-utc'],
  ['2024-04-10 10:30:46+00', '2024-04-10T10:30:46.000Z', 'date-time'],
  // .NET en-US (M/d/yyyy h:mm:ss tt)
  ['4/10/2024 10:30:46 AM', '2024-04-10T10:30:46.000Z', 'dotnet-us'],
  ['4/10/2024 10:30:46 PM', '2024-04-10T22:30:46.000Z', 'dotnet-us'],
  ['4/10/2024 12:05:00 AM', '2024-04-10T00:05:00.000Z', 'dotnet-us'],
  ['4/10/2024 12:05:00 PM', '2024-04-10T12:05:00.000Z', 'dotnet-us'],
  ['04/10/2024 22:30:46', '2024-04-10T22:30:46.000Z', 'dotnet-us'],
  ['4/10/2024 10:30:46 am', '2024-04-10T10:30:46.000Z', 'dotnet-us'],
  ['4/10/2024 10:30:46 AM +02:00', '2024-04-10T08:30:46.000Z', 'dotnet-us'],
  ['12/31/2023 11:59:59 PM', '2023-12-31T23:59:59.000Z', 'dotnet-us'],
  ['2/29/2024 1:02:03 PM', '2024-02-29T13:02:03.000Z', 'dotnet-us'],
  // RFC 1123 (.NET "R")
  ['Wed, 10 Apr 2024 10:30:46 GMT', '2024-04-10T10:30:46.000Z', 'rfc-1123'],
  // Unix
  ['1712745046', '2024-04-10T10:30:46.000Z', 'unix-seconds'],
  ['1712745046.23', '2024-04-10T10:30:46.230Z', 'unix-seconds'],
  ['1712745046230', '2024-04-10T10:30:46.230Z', 'unix-millis'],
  // Wrappers: BOM, whitespace, CRLF, quotes, JSON, key=value
  ['\uFEFF2024-04-10T10:30:46.2303875Z\r\n', '2024-04-10T10:30:46.230Z', 'iso-8601'],
  ['   \r\n  4/10/2024 10:30:46 AM  \r\n\r\n', '2024-04-10T10:30:46.000Z', 'dotnet-us'],
  ['"2024-04-10T10:30:46Z"', '2024-04-10T10:30:46.000Z', 'iso-8601'],
  ['{"backupStartTime":"2024-04-10T10:30:46.2303875Z"}', '2024-04-10T10:30:46.230Z', 'iso-8601'],
  ['{"version":"1.0","data":{"timestamp":1712745046}}', '2024-04-10T10:30:46.000Z', 'unix-seconds'],
  ['{"id": 42, "taken": "4/10/2024 10:30:46 AM"}', '2024-04-10T10:30:46.000Z', 'dotnet-us'],
  ['BackupStartTime=2024-04-10T10:30:46Z', '2024-04-10T10:30:46.000Z', 'iso-8601'],
  ['backup start time (UTC): 4/10/2024 10:30:46 AM', '2024-04-10T10:30:46.000Z', 'dotnet-us'],
  ['Backup start time (UTC):\r\n2024-04-10 10:30:46\r\n', '2024-04-10T10:30:46.000Z', 'date-time-assumed-utc'],
  ["timestamp = '1712745046230';", '2024-04-10T10:30:46.230Z', 'unix-millis'],
];

const BAD: string[] = [
  '',
  '   \r\n',
  '\uFEFF',
  'hello',
  '2024-02-30T10:00:00Z', // no Feb 30
  '2023-02-29 10:00:00', // not a leap year
  '2024-13-01T10:00:00Z',
  '2024-04-10T24:00:00Z',
  '2024-04-10T10:60:00Z',
  '2024-04-10T10:30:61Z',
  '2024-04-10T10:30:46+25:00',
  '0001-01-01T00:00:00Z', // Azure's "no time"
  '1712745', // too few digits for a time
  '99999999999999', // too many
  '4/31/2024 10:00:00 AM',
  '4/10/2024 13:00:00 PM',
  '4/10/2024 0:00:00 AM',
  '{"backupStartTime": null}',
  '{not json',
  'Wed, 10 Foo 2024 10:30:46 GMT',
];

describe('parseMarker', () => {
  it.each(GOOD)('%j → %s (%s)', (raw, takenAt, format) => {
    expect(parseMarker(raw)).toEqual({ takenAt, format });
  });

  it.each(BAD)('%j → nothing', (raw) => {
    expect(parseMarker(raw)).toEqual({ takenAt: null, format: null });
  });

  it('always answers ISO-8601 UTC with milliseconds', () => {
    for (const [raw] of GOOD) {
      expect(parseMarker(raw).takenAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });
});
