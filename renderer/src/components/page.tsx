/** The frame of every screen: a title, a line saying what the step is for, actions on the right. */
import { makeStyles, Subtitle2, Text, Title2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`, maxWidth: '1280px' },
  head: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, flexGrow: 1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  lead: { color: tokens.colorNeutralForeground3 },
});

/** A screen with its heading (an h1 for the step) and content. */
export function Page({ title, lead, actions, children }: { title: string; lead?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const s = useStyles();
  return (
    <section className={s.page} aria-labelledby="page-title">
      <div className={s.head}>
        <div className={s.titles}>
          <Title2 as="h1" id="page-title">{title}</Title2>
          {lead && <Text className={s.lead}>{lead}</Text>}
        </div>
        {actions && <div className={s.actions}>{actions}</div>}
      </div>
      {children}
    </section>
  );
}

const useSectionStyles = makeStyles({
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4, minWidth: 0,
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { flexGrow: 1 },
});

/** A titled card inside a screen (an h2). */
export function Section({ title, actions, children, label }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; label?: string }) {
  const s = useSectionStyles();
  return (
    <section className={s.card} aria-label={label}>
      {(title || actions) && (
        <div className={s.head}>
          {title && <Subtitle2 as="h2" className={s.title}>{title}</Subtitle2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
