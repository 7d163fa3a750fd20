/** Replay errors grouped by category: what each group means, then each error with its object and command. */
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, makeStyles, Text, tokens,
} from '@fluentui/react-components';
import { CATEGORY_LABEL, groupErrors, type SourcedError } from '../lib/group-errors';

const useStyles = makeStyles({
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  explain: { color: tokens.colorNeutralForeground2, marginBottom: tokens.spacingVerticalS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxHeight: '320px', overflow: 'auto' },
  item: { borderLeft: `3px solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalS },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-all', color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SHOWN = 200;

/** The grouped error list; says so when there is none. */
export function ErrorGroups({ errors }: { errors: readonly SourcedError[] }) {
  const s = useStyles();
  if (errors.length === 0) return <Text className={s.muted}>No errors.</Text>;
  const groups = groupErrors(errors);
  return (
    <Accordion multiple collapsible defaultOpenItems={groups.filter((g) => !g.benign).map((g) => g.category)}>
      {groups.map((g) => (
        <AccordionItem key={g.category} value={g.category}>
          <AccordionHeader>
            <span className={s.head}>
              <Text weight="semibold">{CATEGORY_LABEL[g.category]}</Text>
              <Badge appearance="filled" color={g.benign ? 'informative' : 'danger'}>{g.errors.length}</Badge>
              <Text size={200} className={s.muted}>{g.benign ? 'harmless' : 'needs a look'} · {g.sources.join(', ')}</Text>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <Text block className={s.explain}>{g.explanation}</Text>
            <ul className={s.list}>
              {g.errors.slice(0, SHOWN).map((e, i) => (
                <li key={`${e.source}-${e.tocId ?? 'x'}-${i}`} className={s.item}>
                  <Text block><b>{e.source}</b> · {e.item}</Text>
                  <Text block>{e.message}</Text>
                  {e.command && <Text block className={s.mono}>{e.command}</Text>}
                </li>
              ))}
            </ul>
            {g.errors.length > SHOWN && <Text size={200} className={s.muted}>…and {g.errors.length - SHOWN} more (all of them are in the report).</Text>}
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
