/** An action of the centre: a small form that appends one event and refreshes the screens after it. */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type FormEvent, type ReactNode, useContext, useState } from 'react';
import { appendEvent, type EventInput } from './api.js';
import { useI18n } from './i18n.js';
import { ErrorState } from './states.js';

export interface ActionField {
  name: string;
  label: string;
  initial?: string;
  type?: 'text' | 'datetime-local' | 'select';
  /** The choices of a `select` (value, words), or the suggestions of a text field. */
  options?: readonly { value: string; label: string }[];
}

export function ActionForm(props: {
  id: string;
  title: string;
  fields: readonly ActionField[];
  toEvent: (values: Record<string, string>) => EventInput;
  onDone?: () => void;
}): ReactNode {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(props.fields.map((f) => [f.name, f.initial ?? ''])),
  );
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const position = await appendEvent(props.toEvent(values));
      setDone(position);
      // Every list asks again with minPosition = the answer's lastPosition (api.ts).
      await queries.invalidateQueries();
      props.onDone?.();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="action-box filters" onSubmit={submit} data-action-form={props.id} aria-label={props.title}>
      <strong className="action-title">{props.title}</strong>
      {props.fields.map((field) => (
        <label key={field.name} htmlFor={`${props.id}-${field.name}`}>
          <span>{field.label}</span>
          {field.type === 'select' ? (
            <select
              id={`${props.id}-${field.name}`}
              name={field.name}
              required
              value={values[field.name] ?? ''}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            >
              {field.options?.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <>
              <input
                id={`${props.id}-${field.name}`}
                name={field.name}
                required
                type={field.type ?? 'text'}
                value={values[field.name] ?? ''}
                list={field.options ? `${props.id}-${field.name}-options` : undefined}
                onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
              />
              {field.options && (
                <datalist id={`${props.id}-${field.name}-options`}>
                  {field.options.map((o) => (
                    <option key={o.value} value={o.value} />
                  ))}
                </datalist>
              )}
            </>
          )}
        </label>
      ))}
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t.submit}
        </button>
      </div>
      {done !== null && (
        <p role="status" className="ok">
          {t.done} (#{done})
        </p>
      )}
      {error !== null && <ErrorState error={error} />}
    </form>
  );
}

/**
 * Where a row's refused action says why: the list's message area above its table (ListScreen), not
 * the row's sticky actions cell, which the message would widen over every column.
 */
export const RowMessageContext = createContext<((message: RowMessage | null) => void) | null>(null);
export interface RowMessage {
  label: string;
  error: unknown;
}

/** A one-click action behind a confirmation; a refusal is reported to the list's message area. */
export function ConfirmButton(props: { label: string; event: () => EventInput; id: string }): ReactNode {
  const { t } = useI18n();
  const queries = useQueryClient();
  const report = useContext(RowMessageContext);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    if (!confirm(`${props.label}: ${t.areYouSure}`)) return;
    report?.(null);
    try {
      await appendEvent(props.event());
      await queries.invalidateQueries();
    } catch (problem) {
      if (report) report({ label: props.label, error: problem });
      else setError(problem);
    }
  };
  return (
    <>
      <button type="button" className="small secondary" onClick={run} data-action={props.id}>
        {props.label}
      </button>
      {error !== null && <ErrorState error={error} />}
    </>
  );
}
