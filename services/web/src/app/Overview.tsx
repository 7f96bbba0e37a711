/**
 * 消费概览: consumption of a period with refunds apart, its customers, a 12-month trend, renewals due.
 * Three requests: the period, the trend (one GET …/consumption/monthly for its 12 months) and the renewals.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { ScreenProps } from './App.js';
import { afterWrites, client, getPage, problemOf, readAfterPosition } from './api.js';
import { currentPeriod, money, shiftPeriod, time } from './format.js';
import { fieldLabel, useI18n } from './i18n.js';
import { ErrorState, TableWrap } from './states.js';

async function consumption(partnerId: string, period: string) {
  const { data, error, response } = await client.GET('/v1/partners/{id}/consumption', {
    params: { path: { id: partnerId }, query: { period, tz: 'partner', ...afterWrites() } },
  });
  if (error !== undefined || !data) throw problemOf(response.status, error);
  return data;
}

/** The partner's figures of each period from `from` to `to`, oldest first. */
async function monthly(partnerId: string, from: string, to: string) {
  const { data, error, response } = await client.GET('/v1/partners/{id}/consumption/monthly', {
    params: { path: { id: partnerId }, query: { from, to, tz: 'partner', ...afterWrites() } },
  });
  if (error !== undefined || !data) throw problemOf(response.status, error);
  return data;
}

export default function Overview({ me, partnerId }: ScreenProps): ReactNode {
  const { lang, t } = useI18n();
  const initial = new URLSearchParams(location.search).get('period') ?? currentPeriod(me.timeZone);
  const [draft, setDraft] = useState(initial);
  const [period, setPeriod] = useState(initial);
  const now = useState(() => new Date())[0];
  const current = useQuery({
    queryKey: ['consumption', partnerId, period, readAfterPosition()],
    queryFn: () => consumption(partnerId, period),
  });
  const months = Array.from({ length: 12 }, (_, i) => shiftPeriod(period, i - 11));
  const trend = useQuery({
    queryKey: ['consumption-monthly', partnerId, months[0], period, readAfterPosition()],
    queryFn: () => monthly(partnerId, months[0]!, period),
  });
  const renewals = useQuery({
    queryKey: ['renewals', partnerId, readAfterPosition()],
    queryFn: () =>
      getPage(
        '/v1/partners/{id}/subscriptions',
        { id: partnerId },
        {
          status: 'active',
          expiringAfter: now.toISOString(),
          expiringBefore: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
          limit: 20,
        },
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{4}-\d{2}$/.test(draft)) setPeriod(draft);
  };
  const c = current.data;
  const cur = c?.currency;
  return (
    // Busy until its three answers (period, trend, renewals) are in: what the browser test times.
    <section
      data-screen="overview"
      aria-labelledby="overview-title"
      aria-busy={current.isPending || trend.isPending || renewals.isPending}
    >
      <h2 id="overview-title">{t.overview}</h2>
      <form className="filters" onSubmit={submit}>
        <label>
          <span>{t.period}</span>
          <input name="period" value={draft} placeholder="YYYY-MM" onChange={(e) => setDraft(e.target.value)} />
        </label>
        <div className="buttons">
          <button type="submit">{t.search}</button>
        </div>
      </form>
      {current.isError ? (
        <ErrorState error={current.error} retry={() => current.refetch()} />
      ) : !c ? (
        <p className="state" role="status">
          {t.loading}
        </p>
      ) : (
        <>
          <dl className="cards">
            {(
              [
                ['consumption', c.consumption],
                ['refunds', c.refunds.total],
                ['adjustments', c.adjustments],
                ['vouchersUsed', c.vouchersUsed],
                ['net', c.net],
              ] as const
            ).map(([word, value]) => (
              <div key={word} className="card" data-figure={word}>
                <dt>{t[word]}</dt>
                <dd>{money(value, cur, lang)}</dd>
              </div>
            ))}
          </dl>
          <p className="apart" data-figure="refunds-apart">
            {t.refundOrders}: {money(c.refunds.refundOrders, cur, lang)} · {t.specChangeRebates}:{' '}
            {money(c.refunds.specChangeRebates, cur, lang)}
          </p>
          <Trend
            months={months}
            values={months.map((month) => trend.data?.items.find((item) => item.period === month)?.consumption)}
            currency={cur}
            failed={trend.error}
          />
          <h3>{t.customerList}</h3>
          {c.customers.length === 0 ? (
            <p className="state">{t.empty}</p>
          ) : (
            <TableWrap label={t.customerList}>
              <table data-table="customers">
                <thead>
                  <tr>
                    {['customerId', 'customerName'].map((k) => (
                      <th key={k} scope="col">
                        {fieldLabel(lang, k)}
                      </th>
                    ))}
                    {(['consumption', 'refunds', 'adjustments', 'vouchersUsed', 'net'] as const).map((k) => (
                      <th key={k} scope="col" className="num">
                        {t[k]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {c.customers.map((row) => (
                    <tr key={row.customerId}>
                      <td>{row.customerId}</td>
                      <td>{row.customerName ?? '—'}</td>
                      <td className="num">{money(row.consumption, cur, lang)}</td>
                      <td className="num">{money(row.refunds.total, cur, lang)}</td>
                      <td className="num">{money(row.adjustments, cur, lang)}</td>
                      <td className="num">{money(row.vouchersUsed, cur, lang)}</td>
                      <td className="num">{money(row.net, cur, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
      <h3>{t.renewalsDue}</h3>
      {renewals.isError ? (
        <ErrorState error={renewals.error} />
      ) : !renewals.data ? (
        <p className="state">{t.loading}</p>
      ) : renewals.data.items.length === 0 ? (
        <p className="state">{t.empty}</p>
      ) : (
        <ul className="renewals">
          {renewals.data.items.map((s) => (
            <li key={s.resourceId}>
              {s.resourceId} · {s.customerName ?? s.customerId} · {s.productType} · {time(s.termEnd)} ·{' '}
              {fieldLabel(lang, 'autoRenew')}: {s.autoRenew ? t.yes : t.no}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The 12-month trend as plain SVG bars (no chart library). */
function Trend(props: {
  months: string[];
  values: (string | undefined)[];
  currency: string | undefined;
  failed: unknown;
}): ReactNode {
  const { lang, t } = useI18n();
  if (props.failed) return <ErrorState error={props.failed} />;
  const numbers = props.values.map((v) => (v === undefined ? 0 : Number(v)));
  const max = Math.max(1, ...numbers);
  const width = 600;
  const height = 160;
  const bar = width / props.months.length;
  return (
    <figure className="trend">
      <figcaption>{t.trend}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={t.trend}>
        {props.months.map((month, i) => {
          const h = Math.max(1, (numbers[i]! / max) * height);
          return (
            <g key={month}>
              <rect x={i * bar + 4} y={height - h} width={bar - 8} height={h} className="bar">
                <title>{`${month}: ${money(props.values[i], props.currency, lang)}`}</title>
              </rect>
              <text x={i * bar + bar / 2} y={height + 14} textAnchor="middle" className="axis">
                {month.slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
