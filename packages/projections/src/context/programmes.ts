/**
 * The key of the `partner_programs` tables (enrolments of a partner in a programme, numbered by
 * `seq` per programme) that the directory and the incentives keep. A programme name is free text of
 * up to 1,024 characters (SPEC §1 "Bounds"): up to 4,096 bytes in UTF-8, more than PostgreSQL takes
 * in a btree entry (2,704 bytes). So the unique index holds the name's md5, not the name.
 */

import { integer, text, time } from '../model/columns.js';

/** The conflict target of an upsert into a `partner_programs` table. */
export const PROGRAMME_KEY = ['partner_id', 'md5(program)', 'seq'];

/** The columns every `partner_programs` table has: an enrolment of a partner in a programme. */
export const programmeEnrolment = {
  partner_id: text().key(),
  program: text().key(),
  seq: integer().key(),
  enrolled_at: time(),
  withdrawn_at: time().orNull(),
} as const;

/** Replaces the table's primary key (partner_id, program, seq) by the unique index of `PROGRAMME_KEY`. */
export function programmeKeyDdl(table: string): string {
  const name = table.slice(table.indexOf('.') + 1);
  return `ALTER TABLE ${table} DROP CONSTRAINT ${name}_pkey;
    CREATE UNIQUE INDEX ${name}_key ON ${table} (${PROGRAMME_KEY.join(', ')});`;
}
