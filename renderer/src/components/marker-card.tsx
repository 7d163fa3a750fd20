/** When the backup was taken: big and unambiguous in UTC, with local time and the marker's raw text on demand. */
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Marker } from '../../../electron/contract';
import { formatLocal, formatUtc } from '../lib/format';
import { Section } from './page';

const useStyles = makeStyles({
  time: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  sub: { color: tokens.colorNeutralForeground2 },
  raw: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-all',
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium, margin: 0,
  },
});

/** The marker card on the Restore set screen. */
export function MarkerCard({ marker }: { marker: Marker | null }) {
  const s = useStyles();
  const [raw, setRaw] = useState(false);
  if (!marker) {
    return (
      <Section title="Backup time">
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>This folder has no backupstarttimestamp marker, so the backup time is unknown.</MessageBarTitle>
            What to do: the dumps can still be replayed. Check the time in the Azure portal (the recovery point you restored) before you tell anyone which point in time this is.
          </MessageBarBody>
        </MessageBar>
      </Section>
    );
  }
  return (
    <Section title="Backup taken at" actions={<Button size="small" onClick={() => setRaw(!raw)} aria-expanded={raw}>{raw ? 'Hide raw marker text' : 'Show raw marker text'}</Button>}>
      {marker.takenAt ? (
        <>
          <Text className={s.time} data-testid="marker-utc">{formatUtc(marker.takenAt)}</Text>
          <Text className={s.sub} data-testid="marker-local">Local time: {formatLocal(marker.takenAt)}</Text>
          <Text size={200} className={s.sub}>Read from {marker.file}{marker.format ? ` as ${marker.format.replace(/-assumed-utc$/, '')}` : ''}.</Text>
          {marker.format?.endsWith('-assumed-utc') && (
            <MessageBar intent="warning"><MessageBarBody>The marker names no time zone: the time above assumes UTC. Compare it with the recovery point in the Azure portal.</MessageBarBody></MessageBar>
          )}
          {marker.format === 'dotnet-us' && (
            <MessageBar intent="info"><MessageBarBody>Read month first (M/d/yyyy), as .NET writes it in US format: check the date against the recovery point if the day is 12 or less.</MessageBarBody></MessageBar>
          )}
        </>
      ) : (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The marker {marker.file} could not be read as a time.</MessageBarTitle>
            What to do: its raw text is below; compare it with the recovery point's time in the Azure portal.
          </MessageBarBody>
        </MessageBar>
      )}
      {(raw || !marker.takenAt) && <pre className={s.raw} aria-label="Raw marker text">{marker.raw || '(empty file)'}</pre>}
    </Section>
  );
}
