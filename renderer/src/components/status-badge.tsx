/** A database or step outcome as a coloured badge with words (never colour alone). */
import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { DatabaseStatus } from '../../../electron/contract';

const LOOK: Record<DatabaseStatus, { color: BadgeProps['color']; label: string }> = {
  pending: { color: 'subtle', label: 'Waiting' },
  running: { color: 'brand', label: 'Running' },
  restored: { color: 'success', label: 'Restored' },
  partial: { color: 'warning', label: 'Partial' },
  failed: { color: 'danger', label: 'Failed' },
  skipped: { color: 'informative', label: 'Skipped' },
  cancelled: { color: 'severe', label: 'Cancelled' },
};

/** The status's badge. */
export function StatusBadge({ status }: { status: DatabaseStatus }) {
  const look = LOOK[status];
  return <Badge appearance="filled" color={look.color} data-status={status}>{look.label}</Badge>;
}
