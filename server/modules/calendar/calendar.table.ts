export interface CalendarDayTable {
  /** Beijing date, YYYY-MM-DD. */
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  updated_at: string;
}

export interface CalendarTables {
  calendar_day: CalendarDayTable;
}
