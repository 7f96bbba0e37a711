/**
 * Statements section of `pnpm bench`, over the generated log of the projections section (its
 * loader and cache: the same database, reused): recomputing every statement from position 0 (a
 * rebuild of the incentives projection alone: source lines, nets, every revision of every
 * statement, checksums at close) and rebuilding one partner × period under another rule set (the
 * draft and its line diff, as POST …/rebuild computes it).
 *
 * Knobs: those of the projections section, and BENCH_STATEMENT_REBUILDS (default 30).
 */
import {
  DRAFTS_SCHEMA,
  INCENTIVES_SCHEMA,
  incentivesProjection,
  migrateDrafts,
  rebuildProjections,
  rebuildStatement,
} from '@reckon/projections';
import { type BenchSection, type Figure, percentile } from './harness.js';
import { BILLING_TZ, EVENTS, withCachedLog } from './projections.js';

const REBUILDS = Number(process.env.BENCH_STATEMENT_REBUILDS ?? 30);

export const statementsBench: BenchSection = {
  name: `statements (generated log of ${EVENTS.toLocaleString('en-GB')} events)`,
  async run({ log }) {
    return await withCachedLog(
      log,
      { store: 4, pool: 8, applicationName: 'reckon-bench-statements' },
      async ({ store, pool }) => {
        log('  recomputing every statement: rebuild of the incentives projection from position 0 …');
        const recompute = await rebuildProjections({
          pool,
          store,
          billingTz: BILLING_TZ,
          projections: [incentivesProjection],
        });
        const counts = await pool.query(
          `SELECT count(*) AS revisions, count(*) FILTER (WHERE current) AS statements,
                  (SELECT count(*) FROM ${INCENTIVES_SCHEMA}.source_lines) AS lines
             FROM ${INCENTIVES_SCHEMA}.statements`,
        );
        const c = counts.rows[0];
        log(
          `  ${recompute.events} events in ${recompute.seconds.toFixed(1)} s: ${c.lines} source lines, ` +
            `${c.statements} statements, ${c.revisions} revisions`,
        );

        // The largest statement, rebuilt under a rule set other than its own (its own if there is one only).
        const target = await pool.query(
          `SELECT s.partner_id, s.period, s.line_count, s.rules_version,
                  coalesce((SELECT r.version FROM ${INCENTIVES_SCHEMA}.rule_sets r
                             WHERE r.version IS DISTINCT FROM s.rules_version ORDER BY r.seq DESC LIMIT 1), s.rules_version) AS other
             FROM ${INCENTIVES_SCHEMA}.statements s WHERE s.current ORDER BY s.line_count DESC, 1, 2 LIMIT 1`,
        );
        const t = target.rows[0];
        if (!t?.other) throw new Error('no statement under a rule set after the recompute');
        await migrateDrafts(pool);
        const times: number[] = [];
        let lines = 0;
        for (let i = 0; i < REBUILDS; i++) {
          const started = performance.now();
          const outcome = await rebuildStatement(pool, t.partner_id, t.period, t.other, { kind: 'bench' });
          times.push(performance.now() - started);
          if (outcome.kind !== 'draft') throw new Error(`rebuild of ${t.partner_id} ${t.period}: ${outcome.kind}`);
          lines = outcome.draft.diff.lines.length;
        }
        await pool.query(`DELETE FROM ${DRAFTS_SCHEMA}.drafts WHERE actor = '{"kind": "bench"}'::jsonb`);
        log(
          `  rebuilt ${t.partner_id} ${t.period} (${t.line_count} lines) under rules ${t.other} (now ${t.rules_version}) ` +
            `${REBUILDS} times: ${lines} lines differ`,
        );
        const figures: Figure[] = [
          {
            key: 'statements_recompute_eps',
            value: Math.round(recompute.events / recompute.seconds),
            unit: 'events/s',
            label: 'recompute every statement from 0',
          },
          {
            key: 'statements_count',
            value: Number(c.statements),
            unit: 'statements',
            label: 'partner × period statements',
          },
          {
            key: 'statement_rebuild_lines',
            value: Number(t.line_count),
            unit: 'lines',
            label: 'lines of the statement rebuilt',
          },
          {
            key: 'statement_rebuild_ms_p50',
            value: Number(percentile(times, 50).toFixed(1)),
            unit: 'ms',
            label: 'one partner-period under another rule set, p50',
          },
        ];
        return figures;
      },
    );
  },
};
