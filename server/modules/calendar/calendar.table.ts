export interface CalendarDayTable {
  /** Beijing date, YYYY-MM-DD. */
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  updated_at: string;
}

export interface CalendarTables {
  calendar_day: CalendarDayTable;
  /** One row: a token that changes with every change to calendar_day (by trigger). */
  calendar_revision: { id: number; token: string };
}
