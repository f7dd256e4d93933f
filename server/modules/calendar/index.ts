// The calendar module owns the official calendar's exceptions (holidays and swapped working days)
// that working-day deadlines are computed on. The arithmetic itself is in platform/calendar.
export { calendarRoutes } from './calendar.routes.ts';
export { loadWorkCalendar, seedCalendar } from './calendar.repository.ts';
export type { CalendarTables } from './calendar.table.ts';
