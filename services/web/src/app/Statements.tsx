/** 对账单: periods, revisions, the line diff between revisions; rebuild and publish for finance. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { ScreenProps } from './App.js';
import { afterWrites, client, getPage, type paths, problemOf, readAfterPosition } from './api.js';
import { money } from './format.js';
import { codeLabel, fieldLabel, useI18n } from './i18n.js';
import { Cell, type Column, ListScreen, type Row } from './ListScreen.js';
import { ErrorState, TableWrap } from './states.js';

async function statement(id: string, period: string, revision?: number) {
  const { data, error, response } = await client.GET('/v1/partners/{id}/statements/{period}', {
    params: {
      path: { id, period },
      query: { tz: 'partner', ...(revision ? { revision } : {}), ...afterWrites() },
    },
  });
  if (error !== undefined || !data) throw problemOf(response.status, error);
  return data;
}

const COLUMNS = [
  { key: 'period' },
  { key: 'revision' },
  { key: 'status' },
  { key: 'rulesVersion' },
  { key: 'total', kind: 'money' },
  { key: 'revisions' },
] as const;

export default function Statements({ me, partnerId }: ScreenProps): ReactNode {
  const { t } = useI18n();
  return (
    <ListScreen
      id="statements"
      title={t.statements}
      path="/v1/partners/{id}/statements"
      pathParams={{ id: partnerId }}
      filters={[{ name: 'year', kind: 'number' }]}
      columns={COLUMNS}
      rowKey={(row) => String(row.period)}
      detail={(row) => (
        <StatementDetail key={row.period} partnerId={partnerId} period={row.period} staff={me.role !== 'partner'} />
      )}
    />
  );
}

type StatementAnswer =
  paths['/v1/partners/{id}/statements/{period}']['get']['responses'][200]['content']['application/json'];
type Line = StatementAnswer['lines'][number];
type Published =
  paths['/v1/partners/{id}/statements/{period}/revisions/{revision}/publish']['post']['responses'][200]['content']['application/json'];

/**
 * Publishes draft `revision`. The answer names the TrueUp it booked but no log position, so the
 * screen reads the revisions again until the projection shows the revision published.
 */
async function publishRevision(partnerId: string, period: string, revision: number): Promise<Published> {
  const { data, error, response } = await client.POST(
    '/v1/partners/{id}/statements/{period}/revisions/{revision}/publish',
    { params: { path: { id: partnerId, period, revision } } },
  );
  if (error !== undefined || !data) throw problemOf(response.status, error);
  return data;
}

/**
 * A statement's lines, as the incentive detail shows them (the API gives them all at once). The order
 * id last: it is often the source id again, and the amounts stay in view at 1280 px.
 */
const LINE_COLUMNS: readonly Column[] = [
  { key: 'sourceType' },
  { key: 'sourceId' },
  { key: 'customerName' },
  { key: 'base', kind: 'money' },
  { key: 'rate' },
  { key: 'amount', kind: 'money' },
  { key: 'status' },
  { key: 'correctsPeriod' },
  { key: 'orderId' },
];
/** How long the screen reads the revisions again after a publish, waiting for the projection. */
const AWAIT_PUBLISHED_MS = 15_000;
/** Lines drawn at a time: a statement has every line of its period in one answer. */
const LINES_PAGE = 100;

function StatementDetail({ partnerId, period, staff }: { partnerId: string; period: string; staff: boolean }) {
  const { lang, t } = useI18n();
  const queries = useQueryClient();
  const [revision, setRevision] = useState<number | undefined>(undefined);
  /** A revision just published, until the read side shows it published (its answer has no position). */
  const [awaiting, setAwaiting] = useState<{ revision: number; since: number } | null>(null);
  const [outcome, setOutcome] = useState<Published | null>(null);
  const [publishError, setPublishError] = useState<unknown>(null);
  const revisions = useQuery({
    queryKey: ['revisions', partnerId, period, readAfterPosition()],
    queryFn: () =>
      getPage('/v1/partners/{id}/statements/{period}/revisions', { id: partnerId, period }, { limit: 1000 }),
    refetchInterval: (query) =>
      awaiting !== null &&
      !isPublished(query.state.data?.items, awaiting.revision) &&
      Date.now() - awaiting.since < AWAIT_PUBLISHED_MS
        ? 300
        : false,
  });
  const items = revisions.data?.items ?? [];
  useEffect(() => {
    if (awaiting !== null && isPublished(revisions.data?.items, awaiting.revision)) {
      setAwaiting(null);
      void queries.invalidateQueries();
    }
  }, [awaiting, revisions.data, queries]);
  // The current revision (what GET …/statements/{period} answers without ?revision).
  const current = useQuery({
    queryKey: ['statement', partnerId, period, undefined, readAfterPosition()],
    queryFn: () => statement(partnerId, period),
  });
  const currentRevision = current.data?.revision;
  const shown = useQuery({
    queryKey: ['statement', partnerId, period, revision, readAfterPosition()],
    queryFn: () => statement(partnerId, period, revision),
  });
  const rev = shown.data?.revision;
  // The revision it is compared with: the published one before it (for a draft, the current one).
  const base =
    rev === undefined
      ? 0
      : Math.max(0, ...items.filter((r) => r.status !== 'draft' && r.revision < rev).map((r) => r.revision));
  const previous = useQuery({
    queryKey: ['statement', partnerId, period, base, readAfterPosition()],
    queryFn: () => statement(partnerId, period, base),
    enabled: base > 0,
  });
  const currency = shown.data?.currency;
  const diff = diffLines(previous.data?.lines ?? [], shown.data?.lines ?? []);
  const rebuilt = async () => {
    // A rebuild appends nothing: its draft is in the revisions (and the period's count) only if asked again.
    setOutcome(null);
    await queries.invalidateQueries({ queryKey: ['revisions', partnerId, period] });
    await queries.invalidateQueries({ queryKey: ['/v1/partners/{id}/statements'] });
  };
  const published = async (answer: Published) => {
    setOutcome(answer);
    setPublishError(null);
    setRevision(undefined);
    setAwaiting({ revision: answer.revision, since: Date.now() });
    // Only the revisions now: every list is refetched once they have the new one (the effect above).
    await queries.invalidateQueries({ queryKey: ['revisions', partnerId, period] });
  };
  const publishShown = async () => {
    if (rev === undefined) return;
    setPublishError(null);
    try {
      await published(await publishRevision(partnerId, period, rev));
    } catch (error) {
      setPublishError(error);
    }
  };
  return (
    <div data-detail="statement">
      <h3>
        {period} · {t.revisions}
      </h3>
      {revisions.isError ? (
        <ErrorState error={revisions.error} />
      ) : (
        <ul className="chips">
          {items.map((r) => (
            <li key={r.revision}>
              <button
                type="button"
                className={r.revision === rev ? '' : 'secondary'}
                aria-pressed={r.revision === rev}
                data-revision={r.revision}
                data-status={r.status}
                data-current={r.revision === currentRevision ? 'true' : undefined}
                onClick={() => {
                  setRevision(r.revision);
                  setPublishError(null);
                }}
              >
                #{r.revision} {codeLabel(lang, 'status', r.status)} {money(r.total, r.currency, lang)}
                {r.revision === currentRevision && <span className="badge"> · {t.currentRevision}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {outcome && (
        <p role="status" className="ok" data-published={outcome.revision}>
          {t.done}: #{outcome.revision} {t.publish}
          {outcome.trueUp && (
            <>
              {' '}
              · {t.trueUp}{' '}
              <strong data-figure="published-true-up">{money(outcome.trueUp.amount, currency, lang)}</strong> →{' '}
              {outcome.trueUp.period}
            </>
          )}
        </p>
      )}
      {shown.isError ? (
        <ErrorState error={shown.error} />
      ) : shown.data ? (
        <>
          <p>
            #{shown.data.revision}
            {shown.data.revision === currentRevision && ` (${t.currentRevision})`} · {fieldLabel(lang, 'total')}:{' '}
            <strong data-figure="statement-total">{money(shown.data.total, currency, lang)}</strong> · {t.rulesVersion}{' '}
            {shown.data.rulesVersion} · {codeLabel(lang, 'status', shown.data.status)} · {t.lines}{' '}
            {shown.data.lines.length}
          </p>
          {staff && shown.data.status === 'draft' && (
            <div className="confirm" data-publish-draft={shown.data.revision}>
              <h4>{t.confirmPublish}</h4>
              <p>
                #{shown.data.revision} · {t.rulesVersion} {shown.data.rulesVersion} ·{' '}
                {money(current.data?.total, currency, lang)} → {money(shown.data.total, currency, lang)}
              </p>
              {publishError !== null && <ErrorState error={publishError} />}
              <div className="buttons">
                <button type="button" onClick={publishShown} data-action="publish">
                  {t.publish}
                </button>
              </div>
            </div>
          )}
          {base > 0 && (
            <>
              <h4>
                {t.diff} (#{base})
              </h4>
              {previous.isError ? (
                <ErrorState error={previous.error} />
              ) : diff.length === 0 ? (
                <p className="state">{t.empty}</p>
              ) : (
                <DiffTable rows={diff} currency={currency} />
              )}
            </>
          )}
          <h4>{t.lines}</h4>
          <LinesTable key={`${shown.data.revision}`} lines={shown.data.lines} />
        </>
      ) : (
        <p className="state">{t.loading}</p>
      )}
      {staff && (
        <Rebuild
          partnerId={partnerId}
          period={period}
          currency={currency}
          onRebuilt={rebuilt}
          onPublished={published}
        />
      )}
    </div>
  );
}

function isPublished(items: readonly { revision: number; status: string }[] | undefined, revision: number): boolean {
  return (items ?? []).some((r) => r.revision === revision && r.status !== 'draft');
}

/** The lines of the revision shown, a page of them at a time. */
function LinesTable({ lines }: { lines: readonly Line[] }) {
  const { lang, t } = useI18n();
  const [page, setPage] = useState(0);
  if (lines.length === 0) return <p className="state">{t.empty}</p>;
  const pages = Math.ceil(lines.length / LINES_PAGE);
  const from = page * LINES_PAGE;
  const shown = lines.slice(from, from + LINES_PAGE);
  return (
    <>
      <TableWrap label={t.lines}>
        <table data-table="lines" data-lines={lines.length}>
          <thead>
            <tr>
              {LINE_COLUMNS.map((c) => (
                <th key={c.key} scope="col" className={c.kind === 'money' ? 'num' : undefined}>
                  {fieldLabel(lang, c.key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((line) => (
              <tr key={`${line.sourceType}|${line.sourceId}`}>
                {LINE_COLUMNS.map((c) => (
                  <td key={c.key} data-col={c.key} className={c.kind === 'money' ? 'num' : undefined}>
                    <Cell row={line as unknown as Row} column={c} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {pages > 1 && (
        <nav className="pager" aria-label={`${t.lines}: ${t.next}`}>
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t.prev}
          </button>
          <span data-lines-range>
            {from + 1}–{from + shown.length} / {lines.length}
          </span>
          <button type="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            {t.next}
          </button>
        </nav>
      )}
    </>
  );
}

type DiffRow = { sourceType: string; sourceId: string; before: string | null; after: string | null };

function diffLines(before: readonly Line[], after: readonly Line[]): DiffRow[] {
  const key = (l: Line) => `${l.sourceType}|${l.sourceId}`;
  const old = new Map(before.map((l) => [key(l), l.amount]));
  const rows: DiffRow[] = [];
  for (const line of after) {
    const was = old.get(key(line)) ?? null;
    old.delete(key(line));
    if (was !== line.amount)
      rows.push({ sourceType: line.sourceType, sourceId: line.sourceId, before: was, after: line.amount });
  }
  for (const [k, amount] of old) {
    const [sourceType = '', sourceId = ''] = k.split('|');
    rows.push({ sourceType, sourceId, before: amount, after: null });
  }
  return rows;
}

function DiffTable({ rows, currency }: { rows: readonly DiffRow[]; currency: string | undefined }) {
  const { lang, t } = useI18n();
  return (
    <TableWrap label={t.diff}>
      <table data-table="diff">
        <thead>
          <tr>
            <th scope="col">{fieldLabel(lang, 'sourceType')}</th>
            <th scope="col">{fieldLabel(lang, 'sourceId')}</th>
            <th scope="col" className="num">
              {t.before}
            </th>
            <th scope="col" className="num">
              {t.after}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.sourceType}|${r.sourceId}`}>
              <td>{codeLabel(lang, 'sourceType', r.sourceType)}</td>
              <td>{r.sourceId}</td>
              <td className="num">{money(r.before, currency, lang)}</td>
              <td className="num">{money(r.after, currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

type Draft = {
  revision: number;
  status: string;
  rulesVersion: string;
  total: string;
  diff: { totalBefore: string; totalAfter: string; difference: string; lines: DiffRow[] };
};

function Rebuild({
  partnerId,
  period,
  currency,
  onRebuilt,
  onPublished,
}: {
  partnerId: string;
  period: string;
  currency: string | undefined;
  onRebuilt: () => Promise<void>;
  onPublished: (answer: Published) => Promise<void>;
}) {
  const { lang, t } = useI18n();
  const [rules, setRules] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rebuild = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const {
      data,
      error: problem,
      response,
    } = await client.POST('/v1/partners/{id}/statements/{period}/rebuild', {
      params: { path: { id: partnerId, period } },
      body: { rulesVersion: rules },
    });
    if (problem !== undefined || !data) return setError(problemOf(response.status, problem));
    setDraft(data as unknown as Draft);
    await onRebuilt();
  };
  const publish = async () => {
    if (!draft) return;
    try {
      const answer = await publishRevision(partnerId, period, draft.revision);
      setDraft(null);
      await onPublished(answer);
    } catch (problem) {
      setError(problem);
    }
  };
  return (
    <div className="action-box">
      <form className="filters" onSubmit={rebuild}>
        <label>
          <span>{t.rulesVersion}</span>
          <input name="rulesVersion" required value={rules} onChange={(e) => setRules(e.target.value)} />
        </label>
        <div className="buttons">
          <button type="submit">{t.rebuild}</button>
        </div>
      </form>
      {error !== null && <ErrorState error={error} />}
      {draft && (
        <div className="confirm" role="dialog" aria-modal="false" aria-labelledby="publish-title">
          <h4 id="publish-title">{t.confirmPublish}</h4>
          <p>
            #{draft.revision} · {t.rulesVersion} {draft.rulesVersion} · {money(draft.diff.totalBefore, currency, lang)}{' '}
            → {money(draft.diff.totalAfter, currency, lang)} · {t.trueUp}:{' '}
            <strong data-figure="true-up">{money(draft.diff.difference, currency, lang)}</strong>
          </p>
          {draft.diff.lines.length > 0 && <DiffTable rows={draft.diff.lines} currency={currency} />}
          <div className="buttons">
            <button type="button" onClick={publish}>
              {t.publish}
            </button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
