import type { ReactNode } from 'react';
import { ApiProblem } from './api.js';
import { useI18n } from './i18n.js';

/** A failed request in words: the problem+json's `detail`. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }): ReactNode {
  const { t } = useI18n();
  const detail = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiProblem ? ` (${error.status})` : '';
  return (
    <div className="state error" role="alert">
      <strong>
        {t.error}
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
