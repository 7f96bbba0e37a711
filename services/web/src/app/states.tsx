import type { ReactNode } from 'react';
import { ApiProblem } from './api.js';
import { useI18n } from './i18n.js';

/** A failed request in words: the problem+json's `detail`. */
export function ErrorState({ error, retry, label }: { error: unknown; retry?: () => void; label?: string }): ReactNode {
  const { t } = useI18n();
  const detail = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiProblem ? ` (${error.status})` : '';
  return (
    <div className="state error" role="alert">
      <strong>
        {label ? `${label}: ` : ''}
        {error instanceof ApiProblem && error.status === 403 ? t.notAllowed : t.error}
        {status}
      </strong>
      : {detail}
      {retry && (
        <button type="button" className="secondary" onClick={retry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

/**
 * A table's horizontal scroller: focusable, so a keyboard can scroll a wide table (axe-core
 * scrollable-region-focusable), and named after its table.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
