import type { SequenceModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { notExtensionMember } from "./catalog.ts";
import { bySchemaAndName } from "./order.ts";
import { sequenceModel } from "../../schema/sequence.ts";
import type { SequenceType } from "../../operations/ops.ts";

interface SequenceRow extends Record<string, unknown> {
  schema: string;
  name: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  /** format_type of the sequence's type: smallint, integer or bigint. */
  type: SequenceType;
}

/**
 * The sequences of the given schemas that no column owns (one query): a serial column's sequence (pg_depend
 * 'a', also OWNED BY) and an identity column's ('i') are part of their column. Sorted by (schema, name);
 * `schema` left out for the default schema. Values are given only where they differ from what CREATE
 * SEQUENCE without options makes (increment 1, min 1 or the type's least, max the type's greatest or -1,
 * start at min or max, no cycle: sequence.ts), so that a createSequence op reads back as written, and a
 * sequence made AS integer by raw SQL is no difference from a declaration without bounds.
 */
export async function readSequences(conn: Connection, schemas: readonly string[], defaultSchema: string | null): Promise<SequenceModel[]> {
  const rows = await conn.query<SequenceRow>(
    `SELECT n.nspname AS schema, c.relname AS name, s.seqstart::text AS start, s.seqincrement::text AS increment,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle,
            format_type(s.seqtypid, NULL) AS type
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN (SELECT json_array_elements_text(CAST(? AS json)))
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
        AND ${notExtensionMember("pg_class", "c.oid")}`,
    [JSON.stringify(schemas)],
  );
  return rows.map((r) => readSequence(r, r.schema === defaultSchema)).sort(bySchemaAndName);
}

function readSequence(r: SequenceRow, inDefault: boolean): SequenceModel {
  const values = { increment: BigInt(r.increment), min: BigInt(r.min), max: BigInt(r.max), start: BigInt(r.start), cycle: r.cycle };
  return sequenceModel(inDefault ? { name: r.name } : { name: r.name, schema: r.schema }, { type: r.type, ...values });
}
