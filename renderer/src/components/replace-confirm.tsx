/** Asks once before databases are dropped and recreated, naming them; a real server also needs the word typed. */
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Text, tokens, makeStyles,
} from '@fluentui/react-components';
import { useState } from 'react';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalS} 0`, paddingLeft: tokens.spacingHorizontalXL },
  name: { fontFamily: tokens.fontFamilyMonospace },
  button: { whiteSpace: 'nowrap' },
});

/** The word typed to confirm a replace on a server that is not the sandbox. */
export const CONFIRM_WORD = 'replace';

/** The dialog; `databases` empty means closed. */
export function ReplaceConfirm({ databases, server, typed, onConfirm, onCancel }: {
  databases: string[];
  /** Where they live, e.g. admin@db.example.com:5432. */
  server: string;
  /** True when the word must be typed (not the sandbox). */
  typed: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const s = useStyles();
  const [word, setWord] = useState('');
  const open = databases.length > 0;
  const ok = !typed || word.trim().toLowerCase() === CONFIRM_WORD;
  const close = (): void => {
    setWord('');
    onCancel();
  };
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => { if (!d.open) close(); }}>
      <DialogSurface aria-label="Confirm replacing databases">
        <DialogBody>
          <DialogTitle>Drop and replace {databases.length === 1 ? 'this database' : `these ${databases.length} databases`}?</DialogTitle>
          <DialogContent>
            <Text>They exist on {server} and will be dropped — with everything in them — and restored from the backup:</Text>
            <ul className={s.list}>{databases.map((d) => <li key={d} className={s.name}>{d}</li>)}</ul>
            {typed && (
              <Field label={`Type “${CONFIRM_WORD}” to confirm`}>
                <Input value={word} onChange={(_, d) => setWord(d.value)} aria-label="Confirmation word" autoFocus spellCheck={false} />
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            <Button className={s.button} onClick={close}>Keep them</Button>
            <Button className={s.button} appearance="primary" disabled={!ok} onClick={() => { setWord(''); onConfirm(); }}>
              Drop and replace {databases.length === 1 ? 'it' : 'them'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
