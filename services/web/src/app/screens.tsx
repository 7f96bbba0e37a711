/**
 * The list screens of the partner centre, each mostly a declaration of its query's filters and
 * columns (ListScreen), with the actions its holder may take (POST /v1/events).
 */
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { ScreenProps } from './App.js';
import { type Abilities, abilities } from './abilities.js';
import { ActionForm, ConfirmButton } from './actions.js';
import { getPage, uuid } from './api.js';
import { money, time, zonedLocal, zonedToIso } from './format.js';
import { CODE_FIELDS, codeLabel, fieldLabel, useI18n } from './i18n.js';
import { type Column, ListScreen } from './ListScreen.js';
import { ErrorState } from './states.js';

export default function Screens({ route, me, partnerId, partner }: ScreenProps & { route: string }): ReactNode {
  // The partner's zone, in which every time is shown and every typed time is read.
  const timeZone = partner?.timeZone ?? (me.partnerId === partnerId ? me.timeZone : undefined);
  const can = abilities(me, partnerId, partner?.tier ?? (me.partnerId === partnerId ? me.tier : undefined));
  switch (route) {
    case '/incentives':
      return <Incentives partnerId={partnerId} staff={me.role !== 'partner'} />;
    case '/vouchers':
      return <Vouchers partnerId={partnerId} timeZone={timeZone} can={can} />;
    case '/resellers':
      return <Resellers partnerId={partnerId} can={can} />;
    case '/customers':
      return <Customers partnerId={partnerId} can={can} />;
    case '/subscriptions':
      return <Subscriptions partnerId={partnerId} can={can} />;
    case '/discounts':
      return <Discounts partnerId={partnerId} />;
    case '/on-demand':
      return <OnDemand partnerId={partnerId} />;
    case '/marketplace':
      return <Marketplace partnerId={partnerId} />;
    default:
      return null;
  }
}

const INCENTIVE_COLUMNS: readonly Column[] = [
  { key: 'sourceId' },
  { key: 'sourceType' },
  { key: 'period' },
  { key: 'occurredAt', kind: 'time' },
  { key: 'orderId' },
  { key: 'customerName' },
  { key: 'productType' },
  { key: 'associationType' },
  { key: 'billingMode' },
  { key: 'base', kind: 'money' },
  { key: 'rate' },
  { key: 'amount', kind: 'money' },
  { key: 'status' },
];

function Incentives({ partnerId, staff }: { partnerId: string; staff: boolean }) {
  const { lang, t } = useI18n();
  return (
    <ListScreen
      id="incentives"
      title={t.incentives}
      path="/v1/partners/{id}/incentives"
      pathParams={{ id: partnerId }}
      filters={[
        { name: 'period', kind: 'period' },
        { name: 'year', kind: 'number' },
        { name: 'from', kind: 'date' },
        { name: 'to', kind: 'date-through' },
        { name: 'orderId' },
        { name: 'customerName' },
        { name: 'accountName' },
        { name: 'accountManager' },
        { name: 'productType' },
        { name: 'associationType', kind: 'select', options: ['referral', 'resale'] },
        { name: 'billingMode', kind: 'select', options: ['subscription', 'on_demand'] },
        { name: 'status', kind: 'select', options: ['estimated', 'confirmed'] },
        { name: 'correctsPeriod', kind: 'period' },
      ]}
      columns={INCENTIVE_COLUMNS}
      rowKey={(row) => `${row.sourceType}|${row.sourceId}|${row.period}|${row.correctsPeriod}`}
      detail={(row) => (
        <div data-detail="incentive">
          <dl className="facts">
            {Object.entries(row)
              .filter(([k]) => k !== 'positions')
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{fieldLabel(lang, k)}</dt>
                  <dd>
                    {k === 'amount' || k === 'base'
                      ? money(v as string, row.currency, lang)
                      : k === 'occurredAt'
                        ? time(v as string)
                        : v === null
                          ? '—'
                          : typeof v === 'string' && CODE_FIELDS.has(k)
                            ? codeLabel(lang, k, v)
                            : String(v)}
                  </dd>
                </div>
              ))}
          </dl>
          <h4>{t.eventsBehind}</h4>
          <ol className="positions">
            {row.positions.map((p) => (
              <li key={p}>#{p}</li>
            ))}
          </ol>
          {/* The raw log is finance's and admin's (a partner key may not read streams): the order's events. */}
          {staff && row.orderId && (
            <ListScreen
              id="line-events"
              title={`${t.eventsBehind}: order-${row.orderId}`}
              path="/v1/streams/{streamId}/events"
              pathParams={{ streamId: `order-${row.orderId}` }}
              columns={[
                { key: 'globalPosition' },
                { key: 'type' },
                { key: 'occurredAt', kind: 'time' },
                { key: 'streamPosition' },
                { key: 'data' },
              ]}
              rowKey={(event) => String(event.eventId)}
              pageSize={20}
            />
          )}
        </div>
      )}
    />
  );
}

function Vouchers({ partnerId, timeZone, can }: { partnerId: string; timeZone: string | undefined; can: Abilities }) {
  const { t } = useI18n();
  const quotas = useQuery({
    queryKey: ['quota-ids', partnerId],
    queryFn: () => getPage('/v1/partners/{id}/voucher-quotas', { id: partnerId }, { limit: 1000 }),
  });
  // The form starts with the first quota that has something left.
  const firstQuota = quotas.data?.items.find((q) => Number(q.available) > 0)?.quotaId ?? '';
  // In 30 days, on the partner's clock (the field is read in its zone, not the browser's).
  const inAMonth = timeZone ? zonedLocal(Date.now() + 30 * 86_400_000, timeZone) : '';
  return (
    <>
      <ListScreen
        id="voucher-quotas"
        title={t.vouchers}
        path="/v1/partners/{id}/voucher-quotas"
        pathParams={{ id: partnerId }}
        columns={[
          { key: 'quotaId' },
          { key: 'grantorId' },
          { key: 'granted', kind: 'money' },
          { key: 'issued', kind: 'money' },
          { key: 'reclaimed', kind: 'money' },
          { key: 'returned', kind: 'money' },
          { key: 'available', kind: 'money' },
          { key: 'expiresAt', kind: 'time' },
          { key: 'grantedAt', kind: 'time' },
        ]}
        rowKey={(row) => String(row.quotaId)}
        detail={(row) => (
          <ListScreen
            id="quota-operations"
            title={`${t.operations} · ${row.quotaId}`}
            path="/v1/voucher-quotas/{id}/operations"
            pathParams={{ id: row.quotaId }}
            filters={[
              { name: 'from', kind: 'date' },
              { name: 'to', kind: 'date-through' },
              { name: 'customerName' },
              { name: 'voucherId' },
            ]}
            columns={[
              { key: 'time', kind: 'time' },
              { key: 'kind' },
              { key: 'customerName' },
              { key: 'voucherId' },
              { key: 'amount', kind: 'money' },
              { key: 'quotaLeftAfter', kind: 'money' },
              { key: 'actor', kind: 'actor' },
            ]}
          />
        )}
      />
      {/* Issued by the quota's holder, from a quota it holds: no form without one. */}
      {can.vouchers && quotas.data && quotas.data.items.length > 0 && timeZone && (
        <ActionForm
          key={firstQuota}
          id="issue-voucher"
          title={t.issueVoucher}
          fields={[
            { name: 'quotaId', label: t.quotaId, initial: firstQuota },
            { name: 'customerId', label: t.customerId },
            { name: 'amount', label: t.amount },
            { name: 'expiresAt', label: `${t.expiresAt} (${timeZone})`, type: 'datetime-local', initial: inAMonth },
          ]}
          toEvent={(v) => ({
            type: 'VoucherIssued',
            data: {
              voucherId: `V-${uuid().slice(0, 8)}`,
              quotaId: v.quotaId!,
              customerId: v.customerId!,
              amount: v.amount!,
              expiresAt: zonedToIso(v.expiresAt!, timeZone),
            },
          })}
        />
      )}
      <ListScreen
        id="vouchers"
        title={t.voucherList}
        path="/v1/partners/{id}/vouchers"
        pathParams={{ id: partnerId }}
        filters={[
          { name: 'customerName' },
          { name: 'status', kind: 'select', options: ['active', 'used', 'expired', 'revoked'] },
        ]}
        columns={[
          { key: 'voucherId' },
          { key: 'quotaId' },
          { key: 'customerName' },
          { key: 'amount', kind: 'money' },
          { key: 'used', kind: 'money' },
          { key: 'remaining', kind: 'money' },
          { key: 'expiresAt', kind: 'time' },
          { key: 'status' },
        ]}
        rowKey={(row) => String(row.voucherId)}
        rowActions={
          can.vouchers
            ? (row) =>
                row.status === 'active' ? (
                  <ConfirmButton
                    id="revoke"
                    label={t.revoke}
                    event={() => ({ type: 'VoucherRevoked', data: { voucherId: row.voucherId } })}
                  />
                ) : null
            : undefined
        }
      />
    </>
  );
}

function Resellers({ partnerId, can }: { partnerId: string; can: Abilities }) {
  const { lang, t } = useI18n();
  const [preset, setPreset] = useState<{ resellerId: string; currency: string } | null>(null);
  // Allocate, reclaim and grant: a distributor for its resellers (not on a reseller's or a solution provider's screen).
  const distributor = can.resellerFunds;
  const money3 = (kind: 'allocate' | 'reclaim' | 'grant') => ({
    id: kind,
    title: kind === 'allocate' ? t.allocate : kind === 'reclaim' ? t.reclaim : t.grantQuota,
    fields: [
      { name: 'resellerId', label: t.resellerId, initial: preset?.resellerId ?? '' },
      { name: 'amount', label: t.amount },
      { name: 'currency', label: fieldLabel(lang, 'currency'), initial: preset?.currency ?? 'CNY' },
    ],
  });
  return (
    <>
      <ListScreen
        id="resellers"
        title={t.resellers}
        path="/v1/partners/{id}/resellers"
        pathParams={{ id: partnerId }}
        columns={[
          { key: 'partnerId' },
          { key: 'name' },
          { key: 'funds.allocated', kind: 'money' },
          { key: 'funds.available', kind: 'money' },
          { key: 'voucherQuota.available', kind: 'money' },
        ]}
        rowKey={(row) => String(row.partnerId)}
        rowActions={
          distributor
            ? (row) => (
                <button
                  type="button"
                  className="small secondary"
                  onClick={() => setPreset({ resellerId: row.partnerId, currency: row.currency })}
                >
                  {t.allocate} / {t.reclaim} / {t.grantQuota}
                </button>
              )
            : undefined
        }
      />
      {distributor && (
        <div className="actions-row" key={preset?.resellerId ?? ''}>
          <ActionForm
            {...money3('allocate')}
            toEvent={(v) => ({
              type: 'FundsAllocated',
              data: {
                allocationId: `A-${uuid()}`,
                distributorId: partnerId,
                resellerId: v.resellerId!,
                amount: v.amount!,
                currency: v.currency!,
              },
            })}
          />
          <ActionForm
            {...money3('reclaim')}
            toEvent={(v) => ({
              type: 'FundsReclaimed',
              data: {
                reclaimId: `R-${uuid()}`,
                distributorId: partnerId,
                resellerId: v.resellerId!,
                amount: v.amount!,
                currency: v.currency!,
              },
            })}
          />
          <ActionForm
            {...money3('grant')}
            toEvent={(v) => ({
              type: 'VoucherQuotaGranted',
              data: {
                quotaId: `Q-${uuid()}`,
                grantorId: partnerId,
                partnerId: v.resellerId!,
                amount: v.amount!,
                currency: v.currency!,
              },
            })}
          />
        </div>
      )}
      <ListScreen
        id="fund-operations"
        title={t.fundLedger}
        path="/v1/partners/{id}/fund-operations"
        pathParams={{ id: partnerId }}
        filters={[
          { name: 'from', kind: 'date' },
          { name: 'to', kind: 'date-through' },
          { name: 'kind', kind: 'select', options: ['allocated', 'reclaimed', 'spent', 'returned'] },
        ]}
        columns={[
          { key: 'time', kind: 'time' },
          { key: 'kind' },
          { key: 'resellerId' },
          { key: 'amount', kind: 'money' },
          { key: 'availableAfter', kind: 'money' },
          { key: 'sourceType' },
          { key: 'sourceId' },
        ]}
      />
    </>
  );
}

function Customers({ partnerId, can }: { partnerId: string; can: Abilities }) {
  const { t } = useI18n();
  return (
    <>
      <ListScreen
        id="customers"
        title={t.customers}
        path="/v1/partners/{id}/customers"
        pathParams={{ id: partnerId }}
        filters={[
          { name: 'associationType', kind: 'select', options: ['referral', 'resale'] },
          { name: 'customerName' },
          { name: 'accountName' },
        ]}
        columns={[
          { key: 'customerId' },
          { key: 'customerName' },
          { key: 'accountName' },
          { key: 'associationType' },
          { key: 'accountManager' },
          { key: 'associatedAt', kind: 'time' },
        ]}
        rowKey={(row) => String(row.customerId)}
        rowActions={
          can.customers
            ? (row) => (
                <>
                  <ConfirmButton
                    id="switch"
                    label={t.switchType}
                    event={() => ({
                      type: 'AssociationTypeSwitched',
                      data: {
                        customerId: row.customerId,
                        partnerId,
                        associationType: row.associationType === 'referral' ? 'resale' : 'referral',
                      },
                    })}
                  />
                  <ConfirmButton
                    id="disassociate"
                    label={t.disassociate}
                    event={() => ({ type: 'CustomerDisassociated', data: { customerId: row.customerId, partnerId } })}
                  />
                </>
              )
            : undefined
        }
      />
      <ListScreen
        id="association-records"
        title={t.associationRecords}
        path="/v1/partners/{id}/association-records"
        pathParams={{ id: partnerId }}
        filters={[{ name: 'from', kind: 'date' }, { name: 'to', kind: 'date-through' }, { name: 'customerName' }]}
        columns={[
          { key: 'time', kind: 'time' },
          { key: 'kind' },
          { key: 'customerId' },
          { key: 'customerName' },
          { key: 'associationType' },
          { key: 'actor', kind: 'actor' },
        ]}
      />
    </>
  );
}

function Subscriptions({ partnerId, can }: { partnerId: string; can: Abilities }) {
  const { t } = useI18n();
  return (
    <ListScreen
      id="subscriptions"
      title={t.subscriptions}
      path="/v1/partners/{id}/subscriptions"
      pathParams={{ id: partnerId }}
      filters={[
        { name: 'expiringAfter', kind: 'date' },
        { name: 'expiringBefore', kind: 'date-through' },
        { name: 'autoRenew', kind: 'select', options: ['true', 'false'] },
        { name: 'status', kind: 'select', options: ['active', 'expired', 'released'] },
        { name: 'productType' },
        { name: 'customerName' },
      ]}
      columns={[
        { key: 'resourceId' },
        { key: 'customerName' },
        { key: 'orderId' },
        { key: 'productType' },
        { key: 'spec' },
        { key: 'termEnd', kind: 'time' },
        { key: 'autoRenew', kind: 'bool' },
        { key: 'status' },
      ]}
      rowKey={(row) => String(row.resourceId)}
      rowActions={
        can.customers
          ? (row) =>
              row.status === 'active' ? (
                <ConfirmButton
                  id="auto-renew"
                  label={row.autoRenew ? t.autoRenewOff : t.autoRenewOn}
                  event={() => ({
                    type: 'AutoRenewSet',
                    data: { orderId: row.orderId, resourceId: row.resourceId, autoRenew: !row.autoRenew },
                  })}
                />
              ) : null
          : undefined
      }
    />
  );
}

function Discounts({ partnerId }: { partnerId: string }) {
  const { t } = useI18n();
  return (
    <ListScreen
      id="discounts"
      title={t.discounts}
      path="/v1/partners/{id}/discounts"
      pathParams={{ id: partnerId }}
      columns={[
        { key: 'discountId' },
        { key: 'customerName' },
        { key: 'rate' },
        { key: 'productTypes', kind: 'list' },
        { key: 'validFrom', kind: 'time' },
        { key: 'validTo', kind: 'time' },
      ]}
    />
  );
}

function OnDemand({ partnerId }: { partnerId: string }) {
  const { t } = useI18n();
  return (
    <ListScreen
      id="on-demand"
      title={t.onDemand}
      path="/v1/partners/{id}/on-demand"
      pathParams={{ id: partnerId }}
      filters={[
        { name: 'period', kind: 'period' },
        { name: 'productType' },
        { name: 'usageType' },
        { name: 'resourceId' },
      ]}
      columns={[
        { key: 'period' },
        { key: 'resourceId' },
        { key: 'customerId' },
        { key: 'productType' },
        { key: 'usageType' },
        { key: 'quantity' },
        { key: 'unit' },
        { key: 'amount', kind: 'money' },
        { key: 'charges' },
      ]}
    />
  );
}

function Marketplace({ partnerId }: { partnerId: string }) {
  const { lang, t } = useI18n();
  const [period, setPeriod] = useState('');
  const summary = useQuery({
    queryKey: ['marketplace-summary', partnerId, period],
    enabled: /^\d{4}-\d{2}$/.test(period),
    queryFn: async () => {
      const { client, problemOf } = await import('./api.js');
      const { data, error, response } = await client.GET('/v1/partners/{id}/marketplace/summary', {
        params: { path: { id: partnerId }, query: { period, tz: 'partner' } },
      });
      if (error !== undefined || !data) throw problemOf(response.status, error);
      return data;
    },
  });
  const s = summary.data;
  return (
    <>
      <section className="action-box" aria-label={t.summary}>
        <label className="inline">
          <span>
            {t.summary} · {t.period}
          </span>
          <input
            name="summaryPeriod"
            placeholder="YYYY-MM"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
          />
        </label>
        {summary.isError && <ErrorState error={summary.error} />}
        {s && (
          <dl className="cards" data-figure="marketplace-summary">
            {(['amount', 'commission', 'partnerShare', 'billed', 'unbilled', 'supervised'] as const).map((k) => (
              <div className="card" key={k}>
                <dt>{fieldLabel(lang, k)}</dt>
                <dd>{money(s[k], s.currency, lang)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <ListScreen
        id="marketplace"
        title={t.marketplace}
        path="/v1/partners/{id}/marketplace/transactions"
        pathParams={{ id: partnerId }}
        filters={[
          { name: 'period', kind: 'period' },
          { name: 'orderId' },
          { name: 'from', kind: 'date' },
          { name: 'to', kind: 'date-through' },
          { name: 'billingStatus', kind: 'select', options: ['billed', 'unbilled'] },
          { name: 'supervisionStatus', kind: 'select', options: ['none', 'supervised', 'released'] },
        ]}
        columns={[
          { key: 'transactionId' },
          { key: 'occurredAt', kind: 'time' },
          { key: 'orderId' },
          { key: 'productName' },
          { key: 'customerName' },
          { key: 'kind' },
          { key: 'amount', kind: 'money' },
          { key: 'commission', kind: 'money' },
          { key: 'partnerShare', kind: 'money' },
          { key: 'billingStatus' },
          { key: 'supervisionStatus' },
        ]}
      />
    </>
  );
}
