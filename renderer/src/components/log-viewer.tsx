/**
 * The replay log: virtualised (only visible rows exist in the DOM), filterable by text and level,
 * following new lines until the user scrolls up. Reads the log ring directly; re-renders once per batch.
 */
import { Field, Input, makeStyles, mergeClasses, Select, Switch, Text, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LogIndex, type LogQuery } from '../lib/log-ring';
import { replayLog, useReplay } from '../stores/replay-store';
import { CopyButton } from './copy-button';

const ROW = 20;

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  filter: { flexGrow: 1, minWidth: '220px' },
  box: {
    height: '360px', overflow: 'auto', position: 'relative', borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3, border: `1px solid ${tokens.colorNeutralStroke2}`,
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  row: {
    position: 'absolute', left: 0, right: 0, height: `${ROW}px`, lineHeight: `${ROW}px`, padding: `0 ${tokens.spacingHorizontalS}`,
    whiteSpace: 'pre', overflow: 'hidden', textOverflow: 'ellipsis',
  },
  seq: { color: tokens.colorNeutralForeground4, display: 'inline-block', minWidth: '7ch', textAlign: 'right', marginRight: '1ch' },
  source: { color: tokens.colorBrandForeground1, marginRight: '1ch' },
  error: { color: tokens.colorPaletteRedForeground1, backgroundColor: tokens.colorPaletteRedBackground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  info: {},
  count: { color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums' },
  empty: { padding: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground3 },
});

/** The log viewer on the Replay screen. */
export function LogViewer() {
  const s = useStyles();
  const version = useReplay((st) => st.logVersion);
  const [text, setText] = useState('');
  const [level, setLevel] = useState<LogQuery['level']>('all');
  const [follow, setFollow] = useState(true);
  const query = useDeferredValue(useMemo<LogQuery>(() => ({ text, level }), [text, level]));
  const index = useRef(new LogIndex());
  const box = useRef<HTMLDivElement>(null);

  // `version` changes when the ring got new lines; the ring itself is not React state.
  const rows = useMemo(() => index.current.rows(replayLog, query), [query, version]);
  const count = rows ? rows.length : replayLog.size;
  const seqAt = (i: number): number => (rows ? rows[i] : replayLog.first + i);

  const virtualizer = useVirtualizer({ count, getScrollElement: () => box.current, estimateSize: () => ROW, overscan: 30 });

  // Following the tail: one scrollTop write per batch (the browser clamps it to the end). The
  // virtualizer's scrollToIndex re-measures the scroll height in a loop, which costs a layout per frame.
  useLayoutEffect(() => {
    if (follow && count > 0 && box.current) box.current.scrollTop = count * ROW;
  }, [follow, count, version]);

  const onScroll = (): void => {
    const el = box.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 1.5;
    if (atBottom !== follow) setFollow(atBottom);
  };

  return (
    <>
      <div className={s.bar}>
        <Field label="Filter log" className={s.filter}>
          <Input value={text} onChange={(_, d) => setText(d.value)} placeholder="Text to find, e.g. orders or TABLE DATA" />
        </Field>
        <Field label="Lines to show">
          <Select value={level} onChange={(_, d) => setLevel(d.value as LogQuery['level'])}>
            <option value="all">All lines</option>
            <option value="problems">Warnings and errors</option>
            <option value="errors">Errors only</option>
          </Select>
        </Field>
        <Switch checked={follow} onChange={(_, d) => setFollow(d.checked)} label="Follow new lines" />
        <Text className={s.count} aria-live="polite">{rows ? `${count.toLocaleString('en-US')} of ${replayLog.size.toLocaleString('en-US')} lines` : `${count.toLocaleString('en-US')} lines`}</Text>
        <CopyButton text={() => replayLog.text(rows ?? undefined)} label="Copy the shown lines" />
      </div>
      <div ref={box} className={s.box} onScroll={onScroll} tabIndex={0} role="log" aria-live="off" aria-label="Replay log">
        {count === 0 ? (
          <div className={s.empty}>{rows ? 'No line matches the filter.' : 'No output yet.'}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = replayLog.at(seqAt(item.index));
              if (!line) return null;
              return (
                <div key={line.seq} className={mergeClasses(s.row, s[line.level])} style={{ transform: `translateY(${item.start}px)` }} title={line.text} data-log-row>
                  <span className={s.seq}>{line.seq + 1}</span>
                  <span className={s.source}>[{line.source}]</span>
                  {line.text}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </>
  );
}
