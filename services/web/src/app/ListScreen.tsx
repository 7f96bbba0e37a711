/**
 * One list of the partner centre: the filters of its query, the API's cursor paging, and the
 * API's own CSV. A screen is mostly a declaration of these (screens.tsx).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { type RowMessage, RowMessageContext } from './actions.js';
import { downloadCsv, getPage, type ItemOf, type ListPath, type QueryOf, readAfterPosition } from './api.js';
import { actorText, money, time } from './format.js';
import { CODE_FIELDS, codeLabel, fieldLabel, useI18n } from './i18n.js';
import { ErrorState, TableWrap } from './states.js';

export type Row = Record<string, unknown>;

export interface Filter<P extends ListPath> {
  name: keyof QueryOf<P> & string;
  /**
   * `date-through`: a date picked as the end of a range, the whole day included. The API's end is
   * exclusive (a bare date is the start of that day in the partner's zone), so the next day is sent.
   */
  kind?: 'text' | 'date' | 'date-through' | 'period' | 'number' | 'select';
  options?: readonly string[];
  initial?: string;
}

export interface Column {
  /** A field of the item, or a dotted path into it ("funds.available"). */
  key: string;
  kind?: 'text' | 'money' | 'time' | 'bool' | 'list' | 'actor';
  /** Where the currency of a money column is (default: the row's `currency`). */
  currencyKey?: string;
}

export interface ListProps<P extends ListPath> {
  /** A stable id: names the CSV file and the test hooks. */
  id: string;
  title: string;
  path: P;
  pathParams: Record<string, string>;
  filters?: readonly Filter<P>[];
  columns: readonly Column[];
  rowActions?: (row: ItemOf<P> & Row) => ReactNode;
  /** Shown under the table for the row the user opened (Enter or click on its first cell). */
  detail?: (row: ItemOf<P> & Row) => ReactNode;
  rowKey?: (row: Row) => string;
  toolbar?: ReactNode;
  pageSize?: number;
}

export function valueAt(row: Row, key: string): unknown {
  let value: unknown = row;
  for (const part of key.split('.')) value = (value as Row | null | undefined)?.[part];
  return value;
}

export function Cell({ row, column }: { row: Row; column: Column }): ReactNode {
  const { lang, t } = useI18n();
  const value = valueAt(row, column.key);
  switch (column.kind) {
    case 'money': {
      const currency = valueAt(row, column.currencyKey ?? 'currency');
      return (
        <span className="num">{money(value as string, typeof currency === 'string' ? currency : undefined, lang)}</span>
      );
    }
    case 'time':
      return <span className="nowrap">{time(value as string)}</span>;
    case 'bool':
      return value === true ? t.yes : value === false ? t.no : '—';
    case 'list':
      // A discount's empty productTypes means every product (SPEC §2).
      if (Array.isArray(value) && value.length === 0 && column.key === 'productTypes') return t.allProducts;
      return Array.isArray(value) && value.length > 0 ? value.join(', ') : '—';
    case 'actor':
      return actorText(value, t);
    default:
      if (value === null || value === undefined || value === '') return '—';
      if (typeof value === 'string' && CODE_FIELDS.has(column.key)) return codeLabel(lang, column.key, value);
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** "2026-12-02" → "2026-12-03": calendar days, no zone (the API reads the date in the partner's). */
export function nextDay(date: string): string {
  const m = date.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return date;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + 1)).toISOString().slice(0, 10);
}

/** The query a list sends for the filters as the user set them. */
function queryOf(filters: readonly { name: string; kind?: string }[], values: Record<string, string>) {
  const through = new Set(filters.filter((f) => f.kind === 'date-through').map((f) => f.name));
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, through.has(name) && value ? nextDay(value) : value]),
  );
}

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, Row>();

export function ListScreen<P extends ListPath>(props: ListProps<P>): ReactNode {
  const { lang, t } = useI18n();
  const formId = useId();
  const initial = useMemo(
    () => Object.fromEntries((props.filters ?? []).map((f) => [f.name, f.initial ?? ''])),
    [props.filters],
  );
  const [draft, setDraft] = useState<Record<string, string>>(initial);
  const [applied, setApplied] = useState<Record<string, string>>(initial);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [limit, setLimit] = useState(props.pageSize ?? 50);
  const [open, setOpen] = useState<string | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);
  const [rowMessage, setRowMessage] = useState<RowMessage | null>(null);
  const cursor = cursors[cursors.length - 1];
  const key = props.rowKey ?? ((row: Row) => JSON.stringify(row));

  const query = useQuery({
    queryKey: [props.path, props.pathParams, applied, cursor, limit, readAfterPosition()],
    queryFn: () =>
      getPage(props.path, props.pathParams, {
        ...queryOf(props.filters ?? [], applied),
        limit,
        ...(cursor ? { cursor } : {}),
      }),
    placeholderData: keepPreviousData,
  });
  const data = (query.data?.items ?? EMPTY) as Row[];
  /**
   * The rows on screen answer an earlier query (a filter, page or page size changed and the new
   * answer is not in yet): shown dimmed under a loading line, with export and paging off, as they
   * are not what the form now asks for. Each query has its own cache entry and only the current
   * one's answer is shown, so a slower answer to an earlier filter never replaces a later one.
   */
  const stale = query.isPlaceholderData;

  const columns = useMemo(
    () =>
      helper.columns([
        ...props.columns.map((column) =>
          helper.display({
            id: column.key,
            header: () => fieldLabel(lang, column.key),
            cell: ({ row }) => <Cell row={row.original} column={column} />,
          }),
        ),
        ...(props.rowActions
          ? [
              helper.display({
                id: '__actions',
                header: () => t.actions,
                cell: ({ row }) => props.rowActions?.(row.original as ItemOf<P> & Row),
              }),
            ]
          : []),
      ]),
    [props.columns, props.rowActions, lang, t],
  );
  const table = useTable({ features, columns, data });
  // Amounts right-aligned (heading too); the actions pinned to the right edge of a wide table.
  const columnClass = useMemo(() => {
    const amounts = new Set(props.columns.filter((c) => c.kind === 'money').map((c) => c.key));
    return (id: string) => (id === '__actions' ? 'col-actions' : amounts.has(id) ? 'num' : undefined);
  }, [props.columns]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
    setCursors([undefined]);
  };
  const reset = () => {
    setDraft(initial);
    setApplied(initial);
    setCursors([undefined]);
  };
  const exportCsv = async () => {
    setExportError(null);
    try {
      await downloadCsv(props.path, props.pathParams, queryOf(props.filters ?? [], applied), `${props.id}.csv`);
    } catch (error) {
      setExportError(error as Error);
    }
  };
  const openRow = open === null ? undefined : data.find((row) => key(row) === open);

  return (
    <RowMessageContext.Provider value={setRowMessage}>
      <section
        className="list"
        data-screen={props.id}
        data-stale={stale ? 'true' : undefined}
        aria-labelledby={`${formId}-title`}
      >
        <h2 id={`${formId}-title`}>{props.title}</h2>
        {props.toolbar}
        <form className="filters" onSubmit={submit} aria-label={`${props.title}: ${t.search}`}>
          {(props.filters ?? []).map((filter) => (
            <div className="field" key={filter.name}>
              <label htmlFor={`${formId}-${filter.name}`}>{fieldLabel(lang, filter.name)}</label>
              {filter.kind === 'select' ? (
                <select
                  id={`${formId}-${filter.name}`}
                  name={filter.name}
                  value={draft[filter.name] ?? ''}
                  onChange={(e) => setDraft({ ...draft, [filter.name]: e.target.value })}
                >
                  <option value="">{t.all}</option>
                  {filter.options?.map((o) => (
                    <option key={o} value={o}>
                      {codeLabel(lang, filter.name, o)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${formId}-${filter.name}`}
                  name={filter.name}
                  type={
                    filter.kind === 'date' || filter.kind === 'date-through'
                      ? 'date'
                      : filter.kind === 'number'
                        ? 'number'
                        : 'text'
                  }
                  placeholder={filter.kind === 'period' ? 'YYYY-MM' : ''}
                  value={draft[filter.name] ?? ''}
                  onChange={(e) => setDraft({ ...draft, [filter.name]: e.target.value })}
                />
              )}
            </div>
          ))}
          <div className="buttons">
            <button type="submit">{t.search}</button>
            <button type="button" className="secondary" onClick={reset}>
              {t.reset}
            </button>
            <button type="button" className="secondary" onClick={exportCsv} data-action="export" disabled={stale}>
              {t.exportCsv}
            </button>
          </div>
        </form>
        {exportError && <ErrorState error={exportError} />}
        {rowMessage && (
          <div className="row-message" data-row-message>
            <ErrorState error={rowMessage.error} label={rowMessage.label} />
            <button type="button" className="small secondary" onClick={() => setRowMessage(null)}>
              {t.close}
            </button>
          </div>
        )}
        {query.isError ? (
          <ErrorState error={query.error} retry={() => query.refetch()} />
        ) : query.isPending || (stale && data.length === 0) ? (
          <p className="state" role="status" data-state="loading">
            {t.loading}
          </p>
        ) : data.length === 0 ? (
          <p className="state" role="status" data-state="empty">
            {t.empty}
          </p>
        ) : (
          <>
            {stale && (
              <p className="state" role="status" data-state="refreshing">
                {t.loading}
              </p>
            )}
            <TableWrap label={props.title}>
              <table aria-busy={query.isFetching} className={stale ? 'stale' : undefined}>
                <thead>
                  {table.getHeaderGroups().map((group) => (
                    <tr key={group.id}>
                      {group.headers.map((header) => (
                        <th key={header.id} scope="col" className={columnClass(header.column.id)}>
                          <table.FlexRender header={header} />
                        </th>
                      ))}
                    </tr>
                  ))}
                </thead>
                <tbody>
                  {table.getRowModel().rows.map((row) => {
                    const k = key(row.original);
                    return (
                      <tr key={k} className={open === k ? 'open' : undefined}>
                        {row.getAllCells().map((cell, index) => (
                          <td key={cell.id} data-col={cell.column.id} className={columnClass(cell.column.id)}>
                            {index === 0 && props.detail ? (
                              <button
                                type="button"
                                className="link"
                                aria-expanded={open === k}
                                onClick={() => setOpen(open === k ? null : k)}
                              >
                                <table.FlexRender cell={cell} />
                              </button>
                            ) : (
                              <table.FlexRender cell={cell} />
                            )}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
        {openRow && props.detail && (
          <section className="detail" aria-label={t.detail}>
            {props.detail(openRow as ItemOf<P> & Row)}
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              {t.close}
            </button>
          </section>
        )}
        <nav className="pager" aria-label={`${props.title}: ${t.next}`}>
          <button
            type="button"
            disabled={stale || cursors.length <= 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            {t.prev}
          </button>
          <span>{cursors.length}</span>
          <button
            type="button"
            disabled={stale || !query.data?.nextCursor}
            onClick={() => query.data?.nextCursor && setCursors([...cursors, query.data.nextCursor])}
          >
            {t.next}
          </button>
          <label>
            <span>{t.pageSize}</span>
            <select
              value={limit}
              onChange={(e) => {
                setLimit(Number(e.target.value));
                setCursors([undefined]);
              }}
            >
              {[20, 50, 100, 500].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </nav>
      </section>
    </RowMessageContext.Provider>
  );
}

const EMPTY: never[] = [];
