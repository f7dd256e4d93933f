// Kysely over the standard grid tasks a township assigns to a grid or one of its workers.
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { GridTaskKind, GridTaskStatus } from '../../../common/grid-tasks.ts';

type Executor = Db | Trx;

export interface GridTaskRow {
  id: number;
  kind: GridTaskKind;
  title: string;
  note: string | null;
  unitId: number;
  unitPath: string;
  assigneeId: number | null;
  cadreId: number | null;
  dueDate: string;
  status: GridTaskStatus;
  doneAt: string | null;
  doneBy: number | null;
  doneNote: string | null;
  createdBy: number;
  createdAt: string;
}

const columns = [
  'id',
  'kind',
  'title',
  'note',
  'unit_id',
  'unit_path',
  'assignee_id',
  'cadre_id',
  'due_date',
  'status',
  'done_at',
  'done_by',
  'done_note',
  'created_by',
  'created_at',
] as const;

function toTask(r: {
  id: number;
  kind: GridTaskKind;
  title: string;
  note: string | null;
  unit_id: number;
  unit_path: string;
  assignee_id: number | null;
  cadre_id: number | null;
  due_date: string;
  status: GridTaskStatus;
  done_at: string | null;
  done_by: number | null;
  done_note: string | null;
  created_by: number;
  created_at: string;
}): GridTaskRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    note: r.note,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    assigneeId: r.assignee_id,
    cadreId: r.cadre_id,
    dueDate: r.due_date,
    status: r.status,
    doneAt: r.done_at,
    doneBy: r.done_by,
    doneNote: r.done_note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function findGridTask(db: Executor, id: number): Promise<GridTaskRow | undefined> {
  const row = await db.selectFrom('grid_task').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toTask(row) : undefined;
}

export async function insertGridTask(
  trx: Trx,
  values: {
    kind: GridTaskKind;
    title: string;
    note: string | null;
    unitId: number;
    unitPath: string;
    assigneeId: number | null;
    cadreId: number | null;
    dueDate: string;
    createdBy: number;
    at: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('grid_task')
    .values({
      kind: values.kind,
      title: values.title,
      note: values.note,
      unit_id: values.unitId,
      unit_path: values.unitPath,
      assignee_id: values.assigneeId,
      cadre_id: values.cadreId,
      due_date: values.dueDate,
      status: 'open',
      done_at: null,
      done_by: null,
      done_note: null,
      created_by: values.createdBy,
      created_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks an open task done; false when it was done already. */
export async function markTaskDone(
  trx: Trx,
  id: number,
  by: number,
  note: string | null,
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('grid_task')
    .set({ status: 'done', done_at: at, done_by: by, done_note: note })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface GridTaskFilter {
  scopePaths: string[];
  /** A worker's own: assigned to them, or to their grids (scopePaths) with nobody named. */
  mineOf?: number | undefined;
  withinPath?: string | undefined;
  status?: GridTaskStatus | undefined;
  limit: number;
  beforeId?: number | undefined;
}

/** Newest first (the page sorts a day's tasks by due date). */
export async function listGridTasks(db: Executor, filter: GridTaskFilter): Promise<GridTaskRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('grid_task')
    .select(columns)
    .where((eb) =>
      eb.or(
        filter.scopePaths.map((p) =>
          eb.and([eb('grid_task.unit_path', '>=', p), eb('grid_task.unit_path', '<', subtreeUpperBound(p))]),
        ),
      ),
    );
  if (filter.mineOf !== undefined) {
    const me = filter.mineOf;
    query = query.where((eb) => eb.or([eb('assignee_id', '=', me), eb('assignee_id', 'is', null)]));
  }
  if (filter.withinPath !== undefined) {
    query = query
      .where('unit_path', '>=', filter.withinPath)
      .where('unit_path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toTask);
}
