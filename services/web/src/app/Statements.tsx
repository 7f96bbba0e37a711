/** 对账单: periods, revisions, the line diff between revisions; rebuild and publish for finance. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { ScreenProps } from './App.js';
import { afterWrites, client, getPage, noteAppended, problemOf, readAfterPosition } from './api.js';
import { money } from './format.js';
import { codeLabel, fieldLabel, useI18n } from './i18n.js';
import { ListScreen } from './ListScreen.js';
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
      detail={(row) => <StatementDetail partnerId={partnerId} period={row.period} staff={me.role !== 'partner'} />}
    />
  );
}

type Line = { sourceType: string; sourceId: string; amount: string; currency?: string };

function StatementDetail({ partnerId, period, staff }: { partnerId: string; period: string; staff: boolean }) {
  const { lang, t } = useI18n();
  const revisions = useQuery({
    queryKey: ['revisions', partnerId, period, readAfterPosition()],
    queryFn: () =>
      getPage('/v1/partners/{id}/statements/{period}/revisions', { id: partnerId, period }, { limit: 1000 }),
  });
  const [revision, setRevision] = useState<number | undefined>(undefined);
  const shown = useQuery({
    queryKey: ['statement', partnerId, period, revision, readAfterPosition()],
    queryFn: () => statement(partnerId, period, revision),
  });
  const rev = shown.data?.revision;
  const previous = useQuery({
    queryKey: ['statement', partnerId, period, rev ? rev - 1 : 0, readAfterPosition()],
    queryFn: () => statement(partnerId, period, (rev ?? 2) - 1),
    enabled: rev !== undefined && rev > 1,
  });
  const currency = shown.data?.currency;
  const diff = diffLines(previous.data?.lines ?? [], shown.data?.lines ?? []);
  return (
    <div data-detail="statement">
      <h3>
        {period} · {t.revisions}
      </h3>
      {revisions.isError ? (
        <ErrorState error={revisions.error} />
      ) : (
        <ul className="chips">
          {(revisions.data?.items ?? []).map((r) => (
            <li key={r.revision}>
              <button
                type="button"
                className={r.revision === rev ? '' : 'secondary'}
                aria-pressed={r.revision === rev}
                onClick={() => setRevision(r.revision)}
              >
                #{r.revision} {codeLabel(lang, 'status', r.status)} {money(r.total, r.currency, lang)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.isError ? (
        <ErrorState error={shown.error} />
      ) : shown.data ? (
        <>
          <p>
            {fieldLabel(lang, 'total')}:{' '}
            <strong data-figure="statement-total">{money(shown.data.total, currency, lang)}</strong> · {t.rulesVersion}{' '}
            {shown.data.rulesVersion} · {codeLabel(lang, 'status', shown.data.status)} · {t.lines}{' '}
            {shown.data.lines.length}
          </p>
          {rev !== undefined && rev > 1 && (
            <>
              <h4>{t.diff}</h4>
              {diff.length === 0 ? <p className="state">{t.empty}</p> : <DiffTable rows={diff} currency={currency} />}
            </>
          )}
        </>
      ) : (
        <p className="state">{t.loading}</p>
      )}
      {staff && <Rebuild partnerId={partnerId} period={period} currency={currency} />}
    </div>
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

function Rebuild({ partnerId, period, currency }: { partnerId: string; period: string; currency: string | undefined }) {
  const { lang, t } = useI18n();
  const queries = useQueryClient();
  const [rules, setRules] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [published, setPublished] = useState(false);
  const rebuild = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setPublished(false);
    const {
      data,
      error: problem,
      response,
    } = await client.POST('/v1/partners/{id}/statements/{period}/rebuild', {
      params: { path: { id: partnerId, period } },
      body: { rulesVersion: rules },
    });
    if (problem !== undefined || !data) setError(problemOf(response.status, problem));
    else setDraft(data as unknown as Draft);
  };
  const publish = async () => {
    if (!draft) return;
    const {
      data,
      error: problem,
      response,
    } = await client.POST('/v1/partners/{id}/statements/{period}/revisions/{revision}/publish', {
      params: { path: { id: partnerId, period, revision: draft.revision } },
    });
    if (problem !== undefined || !data) return setError(problemOf(response.status, problem));
    const position = (data as { lastPosition?: number }).lastPosition;
    if (typeof position === 'number') noteAppended(position);
    setDraft(null);
    setPublished(true);
    await queries.invalidateQueries();
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
      {published && <p role="status">{t.done}</p>}
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
